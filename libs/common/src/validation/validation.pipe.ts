import { ArgumentMetadata, PipeTransform, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ErrorCode } from '@portcullis/contracts';
import { AppError } from '../errors/app-error';
import { DtoAcceptance, dtoAcceptance } from './dto-acceptance';
import { pathOfNulCharacter } from './nul-character';

/**
 * class-validator on every body: unknown fields are rejected (not silently dropped), values are
 * converted to the DTO's types, and failures list each field's problems under a stable code.
 * Before any of that, a NUL character anywhere in a body, query or path parameter is refused.
 */
export function createValidationPipe(): PipeTransform {
  return new NulRefusingValidationPipe(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => invalid(flatten(errors)),
    }),
  );
}

/**
 * A request body checked against its DTO as the pipe above checks it (NUL characters, keys that
 * reach prototypes dropped, the DTO's rules, unknown fields refused, the same errors; a body that is
 * not an object fails as an empty one would), but synchronously: for the routes the gateway runs
 * without Nest's router (its data plane). No DTO here has an asynchronous rule. A body the DTO's
 * accepting check (dto-acceptance.ts) takes skips class-transformer and validateSync; any other
 * goes through both, which word the errors.
 */
export function validatedBody<T extends object>(metatype: Type<T>, value: unknown): T {
  const field = pathOfNulCharacter(value, '');
  if (field !== undefined) throw invalid([{ field, messages: [`${field} must not contain a NUL character`] }]);
  const plain = isPlainRecord(value) ? withoutPrototypeKeys(value) : {};
  const accepted = plain === value ? acceptanceOf(metatype)?.(plain) : undefined;
  if (accepted) return accepted;
  const entity = plainToInstance(metatype, plain);
  const errors = validateSync(entity, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false },
  });
  if (errors.length) throw invalid(flatten(errors));
  if (plain !== value) throw invalid([{ field: 'body', messages: ['the body must be a JSON object'] }]);
  return entity;
}

/** Each DTO's accepting check, worked out on its first body (false: it has none). */
const acceptances = new WeakMap<Type<object>, DtoAcceptance<object> | false>();

function acceptanceOf<T extends object>(metatype: Type<T>): DtoAcceptance<T> | undefined {
  let acceptance = acceptances.get(metatype);
  if (acceptance === undefined) {
    acceptance = dtoAcceptance(metatype) ?? false;
    acceptances.set(metatype, acceptance);
  }
  return (acceptance || undefined) as DtoAcceptance<T> | undefined;
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the pipe deletes before class-transformer sees a value: keys that reach a prototype. */
function withoutPrototypeKeys<V>(value: V): V {
  if (Array.isArray(value)) value.forEach(withoutPrototypeKeys);
  else if (isPlainRecord(value)) {
    for (const key of ['__proto__', 'prototype', 'constructor'])
      if (Object.prototype.hasOwnProperty.call(value, key)) delete value[key];
    for (const key of Object.keys(value)) withoutPrototypeKeys(value[key]);
  }
  return value;
}

const invalid = (errors: Array<{ field: string; messages: string[] }>) =>
  new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', { errors });

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

class NulRefusingValidationPipe implements PipeTransform {
  constructor(private readonly validation: ValidationPipe) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // What ValidationPipe does with a custom decorator's value (the principal, on every authenticated
    // route) without `validateCustomDecorators`: nothing. Answered here without its async step.
    if (metadata.type === 'custom') return value;
    const field = pathOfNulCharacter(value, metadata.data ?? '');
    if (field !== undefined) {
      throw invalid([{ field, messages: [`${field} must not contain a NUL character`] }]);
    }
    return this.validation.transform(value, metadata);
  }
}
