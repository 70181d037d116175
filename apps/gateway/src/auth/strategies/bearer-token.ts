import { ExtractJwt } from 'passport-jwt';

/** passport-jwt's own extractor: `Authorization: Bearer <token>` (scheme case-insensitive), else null. */
export const bearerToken: (request: unknown) => string | null = ExtractJwt.fromAuthHeaderAsBearerToken() as (
  request: unknown,
) => string | null;
