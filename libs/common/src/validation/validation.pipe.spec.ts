import { IsOptional, IsString } from 'class-validator';
import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe, validatedBody } from './validation.pipe';

class LoginBody {
  @IsString() email!: string;
  @IsOptional() @IsString() deviceName?: string;
}

describe('the validation pipe', () => {
  const created = createValidationPipe();
  /** As Nest's pipes consumer takes it: a value, a promise or a throw, all as a promise. */
  const pipe = {
    transform: (value: unknown, metadata: ArgumentMetadata) =>
      Promise.resolve().then(() => created.transform(value, metadata)),
  };
  const body = { type: 'body' as const, metatype: LoginBody };

  it('passes a clean body through as the DTO', async () => {
    await expect(pipe.transform({ email: 'a@example.test', deviceName: 'phone' }, body)).resolves.toBeInstanceOf(
      LoginBody,
    );
  });

  it.each([
    ['a body field', { email: 'admin@example.test\u0000', deviceName: 'x' }, body, 'email'],
    ['another body field', { email: 'a@example.test', deviceName: 'ph\u0000one' }, body, 'deviceName'],
    ['a named query parameter', 'ad\u0000min', { type: 'query' as const, data: 'search', metatype: String }, 'search'],
    [
      'a nested value',
      { outer: { list: ['ok', 'b\u0000d'] } },
      { type: 'body' as const, metatype: Object },
      'outer.list.1',
    ],
  ])(
    'refuses a NUL character in %s with VALIDATION_FAILED naming the field',
    async (_label, value, metadata, field) => {
      await expect(pipe.transform(value, metadata)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { errors: [{ field }] },
      });
    },
  );

  it('leaves values from custom decorators (the principal) alone, at once', () => {
    const principal = { displayName: 'x\u0000' };
    // The same object, synchronously: no promise on every authenticated request's path.
    expect(created.transform(principal, { type: 'custom' })).toBe(principal);
  });
});

describe('validatedBody (the synchronous check of routes run without Nest)', () => {
  it('returns the DTO of a clean body, at once', () => {
    const dto = validatedBody(LoginBody, { email: 'a@example.test', deviceName: 'phone' });
    expect(dto).toBeInstanceOf(LoginBody);
    expect(dto).toEqual({ email: 'a@example.test', deviceName: 'phone' });
  });

  it('refuses what the pipe refuses, with the same errors', async () => {
    const pipe = createValidationPipe();
    for (const bad of [{ email: 42 }, { email: 'a@example.test', admin: true }, { email: 'a\u0000b' }, {}]) {
      let sync: unknown;
      try {
        validatedBody(LoginBody, bad);
      } catch (err) {
        sync = err;
      }
      const viaPipe: unknown = await Promise.resolve()
        .then(() => pipe.transform(bad, { type: 'body', metatype: LoginBody }))
        .catch((err: unknown) => err);
      expect(sync).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((sync as { details: unknown }).details).toEqual((viaPipe as { details: unknown }).details);
    }
  });

  it.each([null, [], 'text', 7, undefined])('refuses a body that is not a JSON object (%p)', (body) => {
    expect(() => validatedBody(LoginBody, body)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ field: 'body' })] },
      }),
    );
  });
});
