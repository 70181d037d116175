import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ConfigError } from '@portcullis/config';
import { randomBytes } from 'crypto';
import { PasswordHasher } from '../credentials/password-hasher';
import { PasswordRules } from '../credentials/password-rules';
import { emailAddress } from '@portcullis/contracts';
import { UserRepository } from '../users/user.repository';
import { BootstrapPasswordFile } from './bootstrap-password-file';

export interface BootstrapAdminSettings {
  NODE_ENV: 'development' | 'production' | 'test';
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
}
export const BOOTSTRAP_ADMIN_SETTINGS = Symbol('BOOTSTRAP_ADMIN_SETTINGS');

export const DEFAULT_ADMIN_EMAIL = 'admin@portcullis.local';
/** 32 base64url characters carry 192 random bits; longer only if the policy demands it. */
const GENERATED_LENGTH = 32;

export type BootstrapOutcome =
  | { kind: 'exists' }
  | { kind: 'created'; email: string; passwordFile?: string }
  | { kind: 'granted'; email: string; isActive: boolean }
  /** An account someone else may have registered holds ADMIN_EMAIL: nobody was made super_admin. */
  | { kind: 'refused'; email: string };

interface AdminCredentials {
  email: string;
  password: string;
  generated: boolean;
}

/**
 * Makes sure someone holds super_admin (DESIGN §3), so a fresh deployment can be administered at
 * all. Safe for every replica to run at every start: the decision is taken under an advisory lock
 * and re-checked inside it, so of replicas starting together exactly one creates the admin.
 */
@Injectable()
export class EnsureSuperAdminUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly rules: PasswordRules,
    private readonly passwordFile: BootstrapPasswordFile,
    @Inject(BOOTSTRAP_ADMIN_SETTINGS) private readonly settings: BootstrapAdminSettings,
  ) {}

  async execute(): Promise<BootstrapOutcome> {
    // The usual case, every start after the first: one read, no lock, no config demanded.
    if (await this.users.transaction((tx) => tx.anyWithRole('super_admin'))) return { kind: 'exists' };
    const credentials = this.credentials();
    // Hashed before taking the lock, so replicas do not queue behind each other's bcrypt.
    const passwordHash = await this.hasher.hash(credentials.password);
    return this.users.transaction(async (tx): Promise<BootstrapOutcome> => {
      await tx.lockBootstrap();
      if (await tx.anyWithRole('super_admin')) return { kind: 'exists' };
      const { email } = credentials;
      const created = await tx.insert({ email, displayName: null, passwordHash, role: 'super_admin' });
      if (!created) {
        // An ordinary account already has this email. Registering proves nothing about owning an
        // address, so it is promoted only if its password is ADMIN_PASSWORD (the operator's own);
        // otherwise whoever registered the admin's address first would become super_admin.
        const holder = (await tx.findByEmail(email))!;
        if (credentials.generated || !(await this.hasher.verify(credentials.password, holder.passwordHash)))
          return { kind: 'refused', email };
        await tx.grantRole(holder.id, 'super_admin');
        return { kind: 'granted', email, isActive: holder.isActive };
      }
      // Before commit: if the file cannot be written nothing is created, and the next start tries
      // again, rather than leaving an admin whose password nobody knows.
      const passwordFile = credentials.generated
        ? await this.passwordFile.write(email, credentials.password)
        : undefined;
      return { kind: 'created', email, ...(passwordFile ? { passwordFile } : {}) };
    });
  }

  /** Production must be told who the admin is; elsewhere a missing password is generated. */
  private credentials(): AdminCredentials {
    const { NODE_ENV, ADMIN_EMAIL, ADMIN_PASSWORD } = this.settings;
    if (NODE_ENV === 'production') {
      const missing = Object.entries({ ADMIN_EMAIL, ADMIN_PASSWORD }).filter(([, value]) => !value);
      if (missing.length) {
        throw new ConfigError(
          missing.map(
            ([name]) =>
              `${name}: required when NODE_ENV=production while no user holds super_admin (the bootstrap admin)`,
          ),
        );
      }
    }
    const parsed = emailAddress().safeParse(ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL);
    if (!parsed.success) throw new ConfigError(['ADMIN_EMAIL: must be a valid email address']);
    const email = parsed.data;
    if (ADMIN_PASSWORD === undefined) return { email, password: this.generatePassword(email), generated: true };
    const reasons = this.policyReasons(ADMIN_PASSWORD, email);
    if (reasons.length)
      throw new ConfigError([`ADMIN_PASSWORD: does not meet the password policy: ${reasons.join('; ')}`]);
    return { email, password: ADMIN_PASSWORD, generated: false };
  }

  private generatePassword(email: string): string {
    const length = Math.max(GENERATED_LENGTH, this.rules.minLength);
    // Random text fails the policy only by freak chance (say, containing the email's local part).
    for (let attempt = 0; attempt < 5; attempt++) {
      const candidate = randomBytes(length).toString('base64url').slice(0, length);
      if (this.policyReasons(candidate, email).length === 0) return candidate;
    }
    throw new ConfigError(['ADMIN_PASSWORD: could not generate one that meets the password policy; set it explicitly']);
  }

  /** The policy's reasons (never containing the password itself); empty when it passes. */
  private policyReasons(password: string, email: string): string[] {
    try {
      this.rules.assertAcceptable(password, { email, field: 'password' });
      return [];
    } catch (err) {
      const errors = (err as AppError).details?.errors as Array<{ messages: string[] }> | undefined;
      if (!errors) throw err;
      return errors.flatMap((e) => e.messages);
    }
  }
}
