import { z, ZodTypeAny } from 'zod';
import { redisTopologyProblems } from './base-config';

/** Thrown at start when the environment is not valid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against a zod object whose keys are environment variable names and returns the
 * typed result. Fails fast with every bad variable named, never echoing a value (it may be a secret).
 */
export function loadConfig<S extends z.ZodObject<Record<string, ZodTypeAny>>>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const problems = redisTopologyProblems(parsed.data);
  if (problems.length) throw new ConfigError(problems);
  return parsed.data;
}
