import { Writable } from 'stream';
import { QueryFailedError } from 'typeorm';
import { runWithRequestContext } from '../context/request-context';
import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, next) => (chunks.push(String(chunk)), next()) });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('logs a failed query with its SQL and code but without the values it was given', () => {
    const out = capture();
    const logger = new PinoNestLogger(createLogger({ service: 'test', level: 'info', format: 'json' }, out.stream));
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: '23505',
      detail: 'Key (email)=(victim@example.test) already exists.',
    });
    const err = new QueryFailedError(
      'INSERT INTO "users"."users"("email") VALUES ($1)',
      ['victim@example.test', 'Victim Name'],
      driverError,
    );

    logger.error(err, 'errorId=e1');

    const line = out.text();
    expect(line).toContain('INSERT INTO');
    expect(line).toContain('23505');
    expect(line).not.toContain('victim@example.test');
    expect(line).not.toContain('Victim Name');
  });

  it('drops the value PostgreSQL quotes in a data exception', () => {
    const out = capture();
    const logger = new PinoNestLogger(createLogger({ service: 'test', level: 'info', format: 'json' }, out.stream));
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "victim@example.test"'), {
      code: '22P02',
    });
    logger.error(new QueryFailedError('SELECT 1 WHERE id = $1', ['victim@example.test'], driverError), 'errorId=e2');
    expect(out.text()).toContain('invalid input syntax for type uuid');
    expect(out.text()).not.toContain('victim@example.test');
  });

  it('still redacts secret fields', () => {
    const out = capture();
    createLogger({ service: 'test', level: 'info', format: 'json' }, out.stream).info(
      { password: 'hunter2-secret' },
      'x',
    );
    expect(out.text()).not.toContain('hunter2-secret');
  });

  it('stamps every line written during a request with its request id and the trace ids it arrived with', () => {
    const out = capture();
    const logger = createLogger({ service: 'test', level: 'info', format: 'json' }, out.stream);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    runWithRequestContext({ requestId: 'req-42', traceparent }, () => logger.info('inside'));
    logger.info('outside');

    const [inside, outside] = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({
      msg: 'inside',
      requestId: 'req-42',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
    expect(outside).not.toHaveProperty('requestId');
    expect(outside).not.toHaveProperty('traceId');
  });
});
