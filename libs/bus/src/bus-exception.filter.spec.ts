import { ArgumentsHost, Logger } from '@nestjs/common';
import { ErrorCode, RpcErrorPayload } from '@portcullis/contracts';
import { lastValueFrom } from 'rxjs';
import { BusExceptionFilter } from './bus-exception.filter';

const payloadOf = (err: unknown) =>
  lastValueFrom(new BusExceptionFilter().catch(err, {} as ArgumentsHost)).catch((p: RpcErrorPayload) => p);

describe('BusExceptionFilter', () => {
  it('turns PostgreSQL being down into SERVICE_UNAVAILABLE with a retry hint, not INTERNAL_ERROR', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'), {
      code: 'ECONNREFUSED',
    });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let logged: unknown[][];
    const payload = await payloadOf(refused).finally(() => {
      logged = warn.mock.calls;
      warn.mockRestore();
    });
    // Logged with its errorId for whoever investigates, but without the credential it quoted.
    expect(logged![0][0]).toMatch(/ECONNREFUSED 10\.0\.0\.5:5432 password=\[redacted\]/);
    expect(payload).toMatchObject({
      code: ErrorCode.SERVICE_UNAVAILABLE,
      details: { retryAfterSeconds: 2, errorId: expect.any(String) },
    });
    expect(JSON.stringify(payload)).not.toMatch(/hunter2|10\.0\.0\.5/);
  });

  it('treats an admin shutdown under a TypeORM QueryFailedError as unavailable too', async () => {
    const err = Object.assign(new Error('terminating connection due to administrator command'), {
      driverError: { code: '57P01' },
    });
    expect(await payloadOf(err)).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
  });

  it('still hides a genuine bug behind INTERNAL_ERROR', async () => {
    expect(await payloadOf(new TypeError('x is undefined'))).toMatchObject({
      code: ErrorCode.INTERNAL_ERROR,
      details: { errorId: expect.any(String) },
    });
  });
});
