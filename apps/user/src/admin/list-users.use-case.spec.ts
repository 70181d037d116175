import { ErrorCode, ListUsersRequest, UserPatterns } from '@portcullis/contracts';
import { viaBus } from '@portcullis/testing';
import { InMemoryUserRepository } from '../../test/fakes/in-memory-user.repository';
import { ListUsersUseCase } from './list-users.use-case';

async function setup() {
  const users = new InMemoryUserRepository();
  const add = (email: string, displayName: string | null = null) =>
    users.insert({ email, displayName, passwordHash: 'h', role: 'user' });
  for (let i = 1; i <= 5; i++) await add(`member${i}@example.com`, `Member ${i}`);
  await add('ada@example.com', 'Ada LOVELACE');
  await add('percent@example.com', '100% sure');
  return {
    users,
    list: (request: Partial<ListUsersRequest>) =>
      viaBus(UserPatterns.list, new ListUsersUseCase(users)).execute(request as ListUsersRequest),
  };
}

describe('ListUsersUseCase', () => {
  it('pages newest first with the total, and pages never overlap', async () => {
    const { list } = await setup();
    const first = await list({ page: 1, limit: 3 });
    const second = await list({ page: 2, limit: 3 });
    const last = await list({ page: 3, limit: 3 });
    expect(first).toMatchObject({ total: 7, page: 1, limit: 3 });
    expect(first.items.map((u) => u.email)).toEqual(['percent@example.com', 'ada@example.com', 'member5@example.com']);
    expect(second.items.map((u) => u.email)).toEqual([
      'member4@example.com',
      'member3@example.com',
      'member2@example.com',
    ]);
    expect(last.items.map((u) => u.email)).toEqual(['member1@example.com']);
    expect(await list({ page: 9, limit: 3 })).toEqual({ items: [], total: 7, page: 9, limit: 3 });
  });

  it('never puts a password hash in a listed user', async () => {
    const { list } = await setup();
    const { items } = await list({ page: 1, limit: 100 });
    expect(Object.keys(items[0]).sort()).toEqual([
      'createdAt',
      'displayName',
      'email',
      'id',
      'isActive',
      'roles',
      'updatedAt',
    ]);
  });

  it('searches email and display name case-insensitively, as a trimmed substring', async () => {
    const { list } = await setup();
    expect((await list({ page: 1, limit: 10, search: '  lovelace ' })).items.map((u) => u.email)).toEqual([
      'ada@example.com',
    ]);
    expect((await list({ page: 1, limit: 10, search: 'MEMBER' })).total).toBe(5);
    expect((await list({ page: 1, limit: 2, search: 'member' })).items).toHaveLength(2);
    expect((await list({ page: 1, limit: 10, search: '100%' })).items.map((u) => u.email)).toEqual([
      'percent@example.com',
    ]);
    expect((await list({ page: 1, limit: 10, search: '   ' })).total).toBe(7);
  });

  it('defaults to page 1 of 20 when the caller leaves paging out', async () => {
    const { list } = await setup();
    expect(await list({})).toMatchObject({ page: 1, limit: 20, total: 7 });
  });

  it.each<[string, Partial<ListUsersRequest>, string]>([
    ['page 0', { page: 0, limit: 10 }, 'page'],
    ['a fractional page', { page: 1.5, limit: 10 }, 'page'],
    ['limit 0', { page: 1, limit: 0 }, 'limit'],
    ['limit 101', { page: 1, limit: 101 }, 'limit'],
    ['a string limit', { page: 1, limit: '10' as never }, 'limit'],
    ['a page whose offset is beyond exact integers', { page: Number.MAX_SAFE_INTEGER, limit: 100 }, 'page'],
    ['an over-long search', { page: 1, limit: 10, search: 'x'.repeat(101) }, 'search'],
    ['a non-string search', { page: 1, limit: 10, search: 42 as never }, 'search'],
  ])('answers VALIDATION_FAILED for %s, naming the field', async (_, request, field) => {
    const { list } = await setup();
    await expect(list(request)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      details: { errors: [expect.objectContaining({ field })] },
    });
  });
});
