import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ArgumentsHost } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ProblemFilter, toProblem } from './problem.filter';

/** Runs the filter against a fake Fastify reply and returns what it set. */
function respond(exception: unknown) {
  const headers: Record<string, string> = {};
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    header: (name: string, value: string) => ((headers[name] = value), reply),
    status: (code: number) => ((sent.status = code), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ id: 'req-9' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return { ...sent, headers };
}

describe('toProblem', () => {
  const logged: unknown[] = [];
  const log = (_id: string, err: unknown) => logged.push(err);

  it('maps a domain code to its status through the contracts table', () => {
    const p = toProblem(new AppError('BUS_TIMEOUT', 'No reply'), 'req-1', log);
    expect(p).toMatchObject({
      status: 504,
      code: 'BUS_TIMEOUT',
      detail: 'No reply',
      requestId: 'req-1',
      title: 'Gateway Timeout',
    });
    expect(p.type).toContain('bus-timeout');
  });

  it('lifts validation errors into an `errors` list', () => {
    const p = toProblem(
      new AppError('VALIDATION_FAILED', 'invalid', { errors: [{ field: 'email', messages: ['must be an email'] }] }),
      'r',
      log,
    );
    expect(p).toMatchObject({ status: 400, errors: [{ field: 'email', messages: ['must be an email'] }] });
  });

  it('says why each capability was refused, and which permissions were missing, but keeps other details in', () => {
    const denied = [{ capability: 'git:push', reason: 'not_in_parent' }];
    expect(
      toProblem(new AppError('AGENT_CAPABILITY_DENIED', 'none granted', { denied, maxDepth: 3 }), 'r', log),
    ).toMatchObject({ status: 403, denied, maxDepth: 3 });
    expect(toProblem(new AppError('AUTH_FORBIDDEN', 'no', { missing: ['users:write'] }), 'r', log)).toMatchObject({
      missing: ['users:write'],
    });
    const upstream = toProblem(new AppError('UPSTREAM_TIMEOUT', 'slow', { timeoutMs: 5000, request: 'x' }), 'r', log);
    expect(upstream).not.toHaveProperty('timeoutMs');
    expect(upstream).not.toHaveProperty('request');
  });

  it('turns Nest HTTP exceptions into problems with a stable code', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), 'r', log)).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(toProblem(new BadRequestException('nope'), 'r', log)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('never leaks an unknown error: 500 with an errorId, the original only in the log', () => {
    const secret = new Error('password=hunter2 at db.internal');
    const p = toProblem(secret, 'r', log);
    expect(p).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', errorId: expect.any(String) });
    expect(JSON.stringify(p)).not.toContain('hunter2');
    expect(logged).toContain(secret);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After when an app reports its database down', () => {
    const res = respond(
      new AppError('SERVICE_UNAVAILABLE', 'A store this service needs is unavailable; retry shortly', {
        retryAfterSeconds: 2,
      }),
    );
    expect(res).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' }, headers: { 'Retry-After': '2' } });
  });

  it("answers 503 with Retry-After, not 500, when the gateway's own PostgreSQL refuses connections", () => {
    const res = respond(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(res).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' }, headers: { 'Retry-After': '2' } });
    expect(JSON.stringify(res.body)).not.toContain('5432');
  });

  it('tells a client when to come back on every 503, such as the bus being unreachable', () => {
    expect(respond(new AppError('BUS_UNAVAILABLE', 'Could not send auth.login'))).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '2' },
    });
  });
});
