import { Writable } from 'stream';
import { QueryFailedError } from 'typeorm';
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
    const err = new QueryFailedError('INSERT INTO "users"."users"("email") VALUES ($1)', ['victim@example.test', 'Victim Name'], driverError);

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
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "victim@example.test"'), { code: '22P02' });
    logger.error(new QueryFailedError('SELECT 1 WHERE id = $1', ['victim@example.test'], driverError), 'errorId=e2');
    expect(out.text()).toContain('invalid input syntax for type uuid');
    expect(out.text()).not.toContain('victim@example.test');
  });

  it('still redacts secret fields', () => {
    const out = capture();
    createLogger({ service: 'test', level: 'info', format: 'json' }, out.stream).info({ password: 'hunter2-secret' }, 'x');
    expect(out.text()).not.toContain('hunter2-secret');
  });
});
