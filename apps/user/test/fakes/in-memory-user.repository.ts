import { randomUUID } from 'crypto';
import { NewUser, ProfileChanges, UserRecord, UserRepository } from '../../src/users/user.repository';

/**
 * UserRepository in a Map, with the same contract as the PostgreSQL one: a taken email makes
 * insert resolve null (the check and the write happen in one synchronous step, like the unique
 * index), and the password hash is replaced only while it is still the expected one.
 */
export class InMemoryUserRepository extends UserRepository {
  readonly rows = new Map<string, UserRecord>();

  async insert(user: NewUser): Promise<UserRecord | null> {
    await Promise.resolve();
    if ([...this.rows.values()].some((row) => row.email === user.email)) return null;
    const now = new Date();
    const { role, ...fields } = user;
    const record: UserRecord = { id: randomUUID(), ...fields, isActive: true, roles: [role], createdAt: now, updatedAt: now };
    this.rows.set(record.id, record);
    return copy(record);
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = [...this.rows.values()].find((r) => r.email === email);
    return row ? copy(row) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  async updateProfile(id: string, changes: ProfileChanges): Promise<UserRecord | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    Object.assign(row, changes, { updatedAt: new Date() });
    return copy(row);
  }

  async replacePasswordHash(id: string, expected: string, next: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.passwordHash !== expected) return false;
    row.passwordHash = next;
    return true;
  }
}

function copy(record: UserRecord): UserRecord {
  return { ...record, roles: [...record.roles] };
}
