import { AdminDeleteUserRequest, AdminUpdateUserRequest, ListUsersRequest, RequestMeta, RoleName } from '@portcullis/contracts';
import { RoleCatalog } from '../roles/role-catalog';
import { FieldError, validationFailed } from '../users/user-input';
import { AdminChanges } from '../users/user.repository';
import { forbidden } from './rank-policy';

/** The gateway's defaults, for bus callers that leave paging out. */
const DEFAULT_PAGE = 1;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const MAX_SEARCH_LENGTH = 100;

export interface ListUsersInput {
  page: number;
  limit: number;
  search?: string;
}

export interface AdminUpdateInput {
  actorId: string;
  id: string;
  changes: AdminChanges;
  meta?: RequestMeta;
}

export interface AdminDeleteInput {
  actorId: string;
  id: string;
  meta?: RequestMeta;
}

/** page ≥ 1 and 1 ≤ limit ≤ 100; search is trimmed, and blank means no filter. */
export function parseListUsers(request: Partial<ListUsersRequest> | undefined): ListUsersInput {
  const page = request?.page ?? DEFAULT_PAGE;
  const limit = request?.limit ?? DEFAULT_LIMIT;
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(page) || page < 1) errors.push({ field: 'page', messages: ['page must be an integer of at least 1'] });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.push({ field: 'limit', messages: [`limit must be an integer from 1 to ${MAX_LIMIT}`] });
  // Far past any real table, but the offset must stay an exact integer for the database.
  if (!errors.length && !Number.isSafeInteger((page - 1) * limit)) errors.push({ field: 'page', messages: ['page is too large'] });
  const search = request?.search == null ? undefined : request.search;
  if (search !== undefined && (typeof search !== 'string' || search.trim().length > MAX_SEARCH_LENGTH)) {
    errors.push({ field: 'search', messages: [`search must be a string of at most ${MAX_SEARCH_LENGTH} characters`] });
  }
  if (errors.length) throw validationFailed(errors);
  const trimmed = search?.trim();
  return { page, limit, ...(trimmed ? { search: trimmed } : {}) };
}

/** roles, when given, must be a non-empty list of known role names; isActive a boolean. */
export function parseAdminUpdate(request: AdminUpdateUserRequest, catalog: RoleCatalog): AdminUpdateInput {
  const { actorId, id, meta } = parseTarget(request);
  const errors: FieldError[] = [];
  const changes: AdminChanges = {};
  if (request.roles !== undefined) {
    const roles: unknown = request.roles;
    if (!Array.isArray(roles) || roles.length === 0) {
      errors.push({ field: 'roles', messages: ['roles must be a non-empty list of role names'] });
    } else {
      const unknown = roles.filter((r) => typeof r !== 'string' || !catalog.isKnown(r));
      if (unknown.length) errors.push({ field: 'roles', messages: [`unknown roles: ${unknown.map((r) => JSON.stringify(r)).join(', ')}`] });
      else changes.roles = catalog.sortByRank(roles as RoleName[]);
    }
  }
  if (request.isActive !== undefined) {
    if (typeof request.isActive !== 'boolean') errors.push({ field: 'isActive', messages: ['isActive must be a boolean'] });
    else changes.isActive = request.isActive;
  }
  if (errors.length) throw validationFailed(errors);
  return { actorId, id, changes, meta };
}

export function parseAdminDelete(request: AdminDeleteUserRequest): AdminDeleteInput {
  return parseTarget(request);
}

/**
 * The actor is whoever the gateway authenticated; a request without one has nobody to authorise,
 * so it is refused rather than treated as malformed. An id that is not a UUID is left for the
 * look-up to answer USER_NOT_FOUND, exactly as for an unknown one.
 */
function parseTarget(request: AdminDeleteUserRequest | undefined): AdminDeleteInput {
  const actorId = request?.actor?.userId;
  if (typeof actorId !== 'string' || !actorId) throw forbidden('no_actor', 'The request does not say who is acting');
  // Lower-cased as PostgreSQL prints UUIDs, so the actor and target compare equal to the rows they lock.
  const id = typeof request?.id === 'string' ? request.id.toLowerCase() : '';
  return { actorId: actorId.toLowerCase(), id, meta: request?.meta };
}
