import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode } from '@portcullis/contracts';
import { AppError } from '../errors/app-error';

/**
 * class-validator on every body: unknown fields are rejected (not silently dropped), values are
 * converted to the DTO's types, and failures list each field's problems under a stable code.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', { errors: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}
