import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { dtoAcceptance } from './dto-acceptance';

class VerifyLike {
  @IsString() @Length(1, 20) token!: string;
  @IsString() @Length(1, 10) @Matches(/^[a-z]+:[a-z]+$/) capability!: string;
  @IsOptional() @IsBoolean() consume?: boolean;
}

class Mixed {
  @IsInt() @Min(1) @Max(5) count!: number;
  @IsIn(['a', 'b']) mode!: string;
  @IsOptional() @IsUUID() ref?: string;
  @ValidateIf((o: Mixed) => o.mode === 'b') @IsString() reason?: string;
}

class Inner {
  @IsString() name!: string;
}

class WithNested {
  @ValidateNested() @Type(() => Inner) inner!: Inner;
}

class WithEach {
  @IsString({ each: true }) tags!: string[];
}

class WithTransformType {
  @Type(() => Number) @IsInt() limit!: number;
}

class Nothing {}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function* bodies(seed: number, count: number, fields: Record<string, unknown[]>): Generator<Record<string, unknown>> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const extras: Array<[string, unknown]> = [
    ['extra', 1],
    ['admin', true],
    ['__lookup', 'x'],
  ];
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = {};
    for (const [field, values] of Object.entries(fields)) {
      const pick = next(values.length + 1);
      if (pick < values.length) body[field] = values[pick];
    }
    if (next(6) === 0) body[extras[next(extras.length)][0]] = extras[next(extras.length)][1];
    yield body;
  }
}

const VALUES = {
  token: ['t', 'x'.repeat(20), 'x'.repeat(21), '', 7, null, true, { a: 1 }, ['t'], '😀'.repeat(10), '😀'.repeat(11)],
  capability: [
    'git:commit',
    'a:b',
    'Git:commit',
    'gitcommit',
    'x'.repeat(5) + ':' + 'y'.repeat(5),
    '',
    1,
    null,
    'a:b\n',
  ],
  consume: [true, false, 'true', 1, null, undefined],
  count: [1, 5, 0, 6, 2.5, '3', null, NaN, Infinity],
  mode: ['a', 'b', 'c', '', null, 1],
  ref: ['3b241101-e2bb-4255-8caf-4136c566a962', 'not-a-uuid', '', null, undefined, 5],
  reason: ['because', '', 1, null, undefined],
};

const pick = (...fields: Array<keyof typeof VALUES>) => Object.fromEntries(fields.map((f) => [f, VALUES[f]]));

const classValidatorAccepts = (metatype: new () => object, body: Record<string, unknown>) =>
  validateSync(plainToInstance(metatype, body), { whitelist: true, forbidNonWhitelisted: true }).length === 0;

describe('dtoAcceptance (the accepting half of class-validator for flat DTOs)', () => {
  it.each<[string, new () => object, Record<string, unknown[]>]>([
    [
      'a verify-shaped body (strings, length, pattern, optional boolean)',
      VerifyLike,
      pick('token', 'capability', 'consume'),
    ],
    ['numbers, choices, UUIDs and a conditional rule', Mixed, pick('count', 'mode', 'ref', 'reason')],
  ])('accepts exactly what class-validator accepts, as the same instance: %s', (_label, metatype, fields) => {
    const accept = dtoAcceptance(metatype)!;
    let accepted = 0;
    for (const body of bodies(7, 4000, fields)) {
      const expected = classValidatorAccepts(metatype, body);
      const actual = accept({ ...body });
      // Every refusal is left to class-validator, which words it; an acceptance must be one it would give.
      if (actual) {
        expect({ body, expected }).toEqual({ body, expected: true });
        expect(actual).toBeInstanceOf(metatype);
        expect(actual).toEqual(plainToInstance(metatype, body));
        accepted++;
      } else if (!Object.values(body).some((v) => typeof v === 'object' && v !== null)) {
        // With only primitive values nothing is beyond the check: a refusal is class-validator's too.
        expect({ body, expected }).toEqual({ body, expected: false });
      }
    }
    // The generator must reach both answers, or the comparison proves nothing.
    expect(accepted).toBeGreaterThan(50);
  });

  it.each<[string, new () => object]>([
    ['nested DTOs', WithNested],
    ['rules on each element', WithEach],
    ['class-transformer metadata', WithTransformType],
    ['no rules at all (class-validator refuses it as an unknown value)', Nothing],
  ])('leaves %s to class-validator', (_label, metatype) => {
    expect(dtoAcceptance(metatype)).toBeUndefined();
  });
});
