import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const REQUIRED_PERMISSIONS = 'portcullis:requiredPermissions';
/** Carries the permissions into the OpenAPI document, where they are listed in the description. */
export const PERMISSIONS_EXTENSION = 'x-portcullis-permissions';

/**
 * Every non-public route declares what it needs; `@RequirePermissions()` with none means "any
 * signed-in user". A route that declares nothing is refused (fail closed), so forgetting is loud.
 */
export const RequirePermissions = (...permissions: string[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSIONS, permissions), ApiExtension(PERMISSIONS_EXTENSION, permissions));
