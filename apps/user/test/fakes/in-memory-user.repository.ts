import { DomainEvent, RoleName } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import {
  AdminChanges,
  NewUser,
  ProfileChanges,
  UserListQuery,
  UserRecord,
  UserRepository,
  UserTransaction,
} from '../../src/users/user.repository';

/**
 * UserRepository in a Map, with the same contract as the PostgreSQL one: a taken email makes
 * insert resolve null (the check and the write happen in one synchronous step, like the unique
 * index), the password hash is replaced only while it is still the expected one, and
 * transactions run one at a time (as row and advisory locks make them) and roll back on a throw.
 * Announced events reach `outbox` only when their transaction commits, as in the real outbox.
 */
export class InMemoryUserRepository extends UserRepository {
  readonly rows = new Map<string, UserRecord>();
  /** Committed events, as the relay would publish them. */
  readonly outbox: Array<{ type: string; data: DomainEvent }> = [];
  transactions = 0;
  private queue: Promise<unknown> = Promise.resolve();

  async insert(user: NewUser): Promise<UserRecord | null> {
    await Promise.resolve();
    if ([...this.rows.values()].some((row) => row.email === user.email)) return null;
    // Strictly increasing, so "newest first" is well defined even within one millisecond.
    const now = new Date(Math.max(Date.now(), ...[...this.rows.values()].map((r) => r.createdAt.getTime() + 1)));
    const { role, ...fields } = user;
    const record: UserRecord = {
      id: randomUUID(),
      ...fields,
      isActive: true,
      roles: [role],
      createdAt: now,
      updatedAt: now,
    };
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

  async list({ offset, limit, search }: UserListQuery): Promise<{ items: UserRecord[]; total: number }> {
    const needle = search?.toLowerCase();
    const matches = [...this.rows.values()]
      .filter(
        (r) =>
          !needle || r.email.toLowerCase().includes(needle) || (r.displayName ?? '').toLowerCase().includes(needle),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    return { items: matches.slice(offset, offset + limit).map(copy), total: matches.length };
  }

  transaction<T>(work: (tx: UserTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.transactions += 1;
      const snapshot = new Map([...this.rows].map(([id, row]) => [id, copy(row)]));
      const announced: DomainEvent[] = [];
      try {
        const result = await work(this.tx(announced));
        this.outbox.push(...announced.map((event) => ({ type: event.type, data: event })));
        return result;
      } catch (err) {
        this.rows.clear();
        snapshot.forEach((row, id) => this.rows.set(id, row));
        throw err;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private tx(announced: DomainEvent[]): UserTransaction {
    return {
      lockUsers: async (ids) =>
        new Map(ids.filter((id) => this.rows.has(id)).map((id) => [id, copy(this.rows.get(id)!)])),
      applyAdminChanges: async (id, changes: AdminChanges) => {
        const row = this.rows.get(id)!;
        Object.assign(
          row,
          changes.roles ? { roles: [...changes.roles] } : {},
          changes.isActive === undefined ? {} : { isActive: changes.isActive },
        );
        row.updatedAt = new Date();
        return copy(row);
      },
      delete: async (id) => this.rows.delete(id),
      lockBootstrap: async () => undefined,
      anyWithRole: async (role: RoleName) => [...this.rows.values()].some((r) => r.roles.includes(role)),
      findByEmail: (email) => this.findByEmail(email),
      insert: (user) => this.insert(user),
      grantRole: async (id, role) => {
        const row = this.rows.get(id)!;
        if (!row.roles.includes(role)) row.roles.push(role);
      },
      updateProfile: async (id, changes: ProfileChanges) => {
        const row = this.rows.get(id);
        if (!row) return null;
        Object.assign(row, changes, { updatedAt: new Date() });
        return copy(row);
      },
      replacePasswordHash: async (id, expected, next) => {
        const row = this.rows.get(id);
        if (!row || row.passwordHash !== expected) return false;
        row.passwordHash = next;
        return true;
      },
      announce: async (event) => {
        announced.push(event);
      },
    };
  }
}

function copy(record: UserRecord): UserRecord {
  return { ...record, roles: [...record.roles] };
}
