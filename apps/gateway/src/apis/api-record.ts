/** Admins holding it see, manage and call every owner's APIs. */
export const SCOPE_ALL = 'apis:scope-all';

import { AuthType } from './dto/api.dto';

export interface ApiRoute {
  method: string;
  path: string;
  capability?: string;
  permission?: string;
}

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** An upstream API as stored: the secret part of its auth config sealed, the rest in clear. */
export interface ApiRecord {
  id: string;
  ownerId: string;
  name: string;
  baseUrl: string;
  authType: AuthType;
  authConfigSealed: string | null;
  /** The parts of authConfig that are not secret (a header's name, a basic user name). */
  authConfigPublic: Record<string, string> | null;
  timeoutMs: number | null;
  rateLimit: RateLimit | null;
  routes: ApiRoute[];
  createdAt: Date;
  updatedAt: Date;
}

/** What the API answers: never a secret. */
export interface ApiView {
  id: string;
  ownerId: string;
  name: string;
  baseUrl: string;
  authType: AuthType;
  authConfig: Record<string, string> | null;
  timeoutMs: number | null;
  rateLimit: RateLimit | null;
  routes: ApiRoute[];
  createdAt: string;
  updatedAt: string;
}

export function toApiView(api: ApiRecord): ApiView {
  return {
    id: api.id,
    ownerId: api.ownerId,
    name: api.name,
    baseUrl: api.baseUrl,
    authType: api.authType,
    authConfig: api.authConfigPublic,
    timeoutMs: api.timeoutMs,
    rateLimit: api.rateLimit,
    routes: api.routes,
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}
