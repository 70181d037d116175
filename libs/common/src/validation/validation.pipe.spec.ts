import { IsOptional, IsString } from 'class-validator';
import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from './validation.pipe';

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
