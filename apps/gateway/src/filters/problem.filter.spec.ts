import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  const logged: unknown[] = [];
  const log = (_id: string, err: unknown) => logged.push(err);

  it('maps a domain code to its status through the contracts table', () => {
    const p = toProblem(new AppError('BUS_TIMEOUT', 'No reply'), 'req-1', log);
    expect(p).toMatchObject({ status: 504, code: 'BUS_TIMEOUT', detail: 'No reply', requestId: 'req-1', title: 'Gateway Timeout' });
    expect(p.type).toContain('bus-timeout');
  });

  it('lifts validation errors into an `errors` list', () => {
    const p = toProblem(new AppError('VALIDATION_FAILED', 'invalid', { errors: [{ field: 'email', messages: ['must be an email'] }] }), 'r', log);
    expect(p).toMatchObject({ status: 400, errors: [{ field: 'email', messages: ['must be an email'] }] });
  });

  it('turns Nest HTTP exceptions into problems with a stable code', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'), 'r', log)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(toProblem(new BadRequestException('nope'), 'r', log)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('never leaks an unknown error: 500 with an errorId, the original only in the log', () => {
    const secret = new Error('password=hunter2 at db.internal');
    const p = toProblem(secret, 'r', log);
    expect(p).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', errorId: expect.any(String) });
    expect(JSON.stringify(p)).not.toContain('hunter2');
    expect(logged).toContain(secret);
  });
});
