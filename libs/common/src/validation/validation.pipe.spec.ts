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
  const pipe = createValidationPipe();
  const viaPipe = (body: unknown): Promise<unknown> =>
    Promise.resolve()
      .then(() => pipe.transform(body, { type: 'body', metatype: LoginBody }))
      .then(
        (dto) => ({ dto }),
        (err: unknown) => ({ refused: err }),
      );
  const viaValidatedBody = (body: unknown): unknown => {
    try {
      return { dto: validatedBody(LoginBody, body) };
    } catch (err) {
      return { refused: err };
    }
  };

  it('returns the DTO of a clean body, at once', () => {
    const dto = validatedBody(LoginBody, { email: 'a@example.test', deviceName: 'phone' });
    expect(dto).toBeInstanceOf(LoginBody);
    expect(dto).toEqual({ email: 'a@example.test', deviceName: 'phone' });
  });

  it.each<[string, () => unknown]>([
    ['a wrong type', () => ({ email: 42 })],
    ['an unknown field', () => ({ email: 'a@example.test', admin: true })],
    ['a NUL character', () => ({ email: 'a\u0000b' })],
    ['a missing field', () => ({})],
    [
      'keys that reach a prototype (dropped, then accepted)',
      () => JSON.parse('{"email":"a@example.test","constructor":{"x":1},"prototype":1}'),
    ],
    ['no body', () => undefined],
    ['null', () => null],
    // The pipe also names each index of an array ("property 0 should not exist"); the fields are the same.
    ['an array', () => [{ email: 'a@example.test' }]],
    ['a string', () => 'a@example.test'],
  ])('accepts and refuses as the pipe does: %s', async (_label, body) => {
    const expected = await viaPipe(body());
    const actual = viaValidatedBody(body());
    if ('dto' in (expected as object)) expect(actual).toEqual(expected);
    else {
      expect(actual).toMatchObject({ refused: { code: 'VALIDATION_FAILED' } });
      type Refused = { refused: { details: { errors: Array<{ field: string }> } } };
      const pipeErrors = (expected as Refused).refused.details.errors;
      expect((actual as Refused).refused.details.errors).toEqual(
        Array.isArray(body()) ? pipeErrors.filter((e) => !/^\d+$/.test(e.field)) : pipeErrors,
      );
    }
  });
});
