import { BcryptPasswordHasher } from '../../src/credentials/bcrypt-password-hasher';
import { PasswordRules } from '../../src/credentials/password-rules';
import { UserViews } from '../../src/users/user-views';
import { InMemoryUserRepository } from './in-memory-user.repository';
import { recordingBus } from './recording-bus';

/** A strong password that passes the policy for any of the test emails. */
export const STRONG_PASSWORD = 'violet anchor meadow tram';

/** Real bcrypt at its lowest cost (fast), in-memory storage with its outbox, and a bus that records broadcasts. */
export function userFixture() {
  const { bus, broadcasts } = recordingBus();
  const users = new InMemoryUserRepository();
  const hasher = new BcryptPasswordHasher(4);
  const verified: Array<string | null> = [];
  const realVerify = hasher.verify.bind(hasher);
  hasher.verify = (password, hash) => {
    verified.push(hash);
    return realVerify(password, hash);
  };
  return {
    users,
    hasher,
    verified,
    rules: new PasswordRules(8),
    views: new UserViews(bus),
    published: users.outbox,
    broadcasts,
  };
}
