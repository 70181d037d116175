import { Type } from '@nestjs/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { TransformationType } from 'class-transformer';
import {
  getMetadataStorage,
  ValidationArguments,
  ValidationTypes,
  ValidatorConstraintInterface,
} from 'class-validator';

/** Says whether a plain body passes its DTO; undefined when the DTO is beyond this check. */
export type DtoAcceptance<T> = (plain: Record<string, unknown>) => T | undefined;

/**
 * The accepting half of class-validator for one flat DTO, worked out once: the same constraint
 * instances, called with the same arguments, in the same order (conditions first, as `@IsOptional`
 * is one). What validateSync spends on each call instead (it filters the whole metadata storage,
 * inheritance included, and builds an error object per property whether or not it fails) was a
 * sixth of a verify request's CPU. It only ever accepts: a body it does not accept goes to
 * class-validator itself, which words the errors. A DTO with anything it does not know (nested or
 * promised values, `each`, async rules, class-transformer metadata) gets no check (undefined) and
 * stays on class-validator alone.
 */
export function dtoAcceptance<T extends object>(metatype: Type<T>): DtoAcceptance<T> | undefined {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(metatype, '', false, false, undefined);
  if (!metadatas.length) return undefined;
  const properties = new Map<string, PropertyRule>();
  for (const metadata of metadatas) {
    const rule = properties.get(metadata.propertyName) ?? { conditions: [], checks: [] };
    properties.set(metadata.propertyName, rule);
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION)
      rule.conditions.push(metadata.constraints[0] as PropertyRule['conditions'][number]);
    else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && !metadata.each) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return undefined;
        rule.checks.push({ constraints: metadata.constraints, validator: constraint.instance });
      }
    } else return undefined;
    if (transformsProperty(metatype, metadata.propertyName)) return undefined;
  }
  if (transformsClass(metatype)) return undefined;
  const rules = [...properties];

  return (plain) => {
    // As class-transformer builds it for a DTO without its metadata: the instance, each value as is.
    const instance = new metatype() as Record<string, unknown>;
    for (const key of Object.keys(plain)) {
      const value = plain[key];
      if (typeof value === 'object' && value !== null) return undefined;
      if (!properties.has(key)) return undefined;
      instance[key] = value;
    }
    for (const key of Object.keys(instance)) if (!properties.has(key)) return undefined;
    for (const [property, rule] of rules) {
      const value = instance[property];
      if (!rule.conditions.every((condition) => condition(instance, value))) continue;
      for (const { constraints, validator } of rule.checks) {
        const args: ValidationArguments = { targetName: metatype.name, property, object: instance, value, constraints };
        if (validator.validate(value, args) !== true) return undefined;
      }
    }
    return instance as T;
  };
}

interface PropertyRule {
  conditions: Array<(object: object, value: unknown) => boolean>;
  /** Each rule's arguments (a length's bounds, a pattern) and the constraint that checks them. */
  checks: Array<{ constraints: unknown[]; validator: ValidatorConstraintInterface }>;
}

function transformsProperty(metatype: Type<unknown>, property: string): boolean {
  return (
    defaultMetadataStorage.findTypeMetadata(metatype, property) !== undefined ||
    defaultMetadataStorage.findTransformMetadatas(metatype, property, TransformationType.PLAIN_TO_CLASS).length > 0
  );
}

const transformsClass = (metatype: Type<unknown>): boolean =>
  defaultMetadataStorage.getExposedMetadatas(metatype).length > 0 ||
  defaultMetadataStorage.getExcludedMetadatas(metatype).length > 0;
