import { z } from 'zod';
import { pageLimit, pageNumber } from '../common/common.schemas';
import { objectOf, stringList } from '../common/schema-helpers';
import {
  AdminActor,
  AdminDeleteUserRequest,
  AdminUpdateUserRequest,
  ListUsersRequest,
  RoleView,
} from './dto/admin-user.dto';
import {
  ChangePasswordRequest,
  CreateUserRequest,
  FindUserRequest,
  PermissionsForRolesReply,
  PermissionsForRolesRequest,
  UpdateProfileRequest,
  UserDto,
  VerifyCredentialsRequest,
} from './dto/user.dto';
import { ROLE_NAMES } from './roles';
import { displayName, emailAddress, normalisedEmail } from './user-fields';

export const roleName = () => z.enum(ROLE_NAMES);

/** Passwords are checked by the policy, not here; the bound only keeps bcrypt's input sane. */
const password = () => z.string().max(1024);
/**
 * Ids the user app looks up: a malformed one is simply not found, so any string is let through,
 * lower-cased as PostgreSQL prints UUIDs so that ids compare equal to the rows they name.
 */
const userId = () =>
  z
    .string()
    .max(64)
    .transform((id) => id.toLowerCase());

export const userDtoSchema = objectOf<UserDto>()({
  id: z.string(),
  email: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(roleName()),
  isActive: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const createUserRequestSchema = objectOf<CreateUserRequest>()({
  email: emailAddress(),
  password: password(),
  displayName: displayName().optional(),
});

export const verifyCredentialsRequestSchema = objectOf<VerifyCredentialsRequest>()({
  email: normalisedEmail(),
  password: password(),
});

export const findUserRequestSchema = objectOf<FindUserRequest>()({ id: userId() });

export const updateProfileRequestSchema = objectOf<UpdateProfileRequest>()({
  id: userId(),
  displayName: displayName().optional(),
});

export const changePasswordRequestSchema = objectOf<ChangePasswordRequest>()({
  id: userId(),
  currentPassword: password(),
  newPassword: password(),
  keepSessionId: z.string().optional(),
});

export const permissionsForRolesRequestSchema = objectOf<PermissionsForRolesRequest>()({ roles: z.array(roleName()) });
export const permissionsForRolesReplySchema = objectOf<PermissionsForRolesReply>()({ permissions: stringList() });

export const roleViewSchema = objectOf<RoleView>()({
  name: roleName(),
  rank: z.number().int(),
  description: z.string(),
  permissions: stringList(),
});

/** Paging defaults as the gateway's (page 1, 20 a page) for bus callers that leave it out. */
export const listUsersRequestSchema = objectOf<ListUsersRequest>()({
  page: pageNumber().default(1),
  limit: pageLimit().default(20),
  search: z
    .string()
    .nullish()
    .transform((s) => s?.trim() || undefined)
    .pipe(z.string().max(100).optional()),
})
  .optional()
  .transform((r) => r ?? { page: 1, limit: 20 })
  .refine((r) => Number.isSafeInteger((r.page - 1) * r.limit), { message: 'page is too large', path: ['page'] });

/** Whoever the gateway authenticated: a request without one has nobody to authorise. */
const adminActorSchema = objectOf<AdminActor>()({
  userId: userId().pipe(z.string().min(1)),
  roles: z.array(roleName()),
});

export const adminUpdateUserRequestSchema = objectOf<AdminUpdateUserRequest>()({
  actor: adminActorSchema,
  id: userId(),
  roles: z.array(roleName()).min(1).optional(),
  isActive: z.boolean().optional(),
});

export const adminDeleteUserRequestSchema = objectOf<AdminDeleteUserRequest>()({
  actor: adminActorSchema,
  id: userId(),
});
