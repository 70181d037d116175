import { isDependencyUnavailable } from './dependency-unavailable';

/** Shaped like TypeORM's QueryFailedError: the pg error under `driverError`, its fields copied up. */
const queryFailed = (driverError: object) => Object.assign(new Error('QueryFailedError'), { driverError });

describe('isDependencyUnavailable', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'admin shutdown (57P01), wrapped by TypeORM',
      queryFailed({ code: '57P01', message: 'terminating connection due to administrator command' }),
    ],
    ['the server starting up (57P03)', { code: '57P03', message: 'the database system is starting up' }],
    ['a connection exception (08006)', { code: '08006', message: 'connection failure' }],
    ['too many connections (53300)', { code: '53300', message: 'sorry, too many clients already' }],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a cause chain', new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) })],
  ])('recognises %s', (_what, err) => {
    expect(isDependencyUnavailable(err)).toBe(true);
  });

  it.each([
    [
      'a unique violation (23505)',
      queryFailed({ code: '23505', message: 'duplicate key value violates unique constraint' }),
    ],
    ['a syntax error (42601)', { code: '42601', message: 'syntax error at or near' }],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('does not mistake %s for an outage', (_what, err) => {
    expect(isDependencyUnavailable(err)).toBe(false);
  });
});
