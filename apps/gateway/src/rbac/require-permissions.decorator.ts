import { SetMetadata } from '@nestjs/common';

export const REQUIRED_PERMISSIONS = 'portcullis:requiredPermissions';

/**
 * Every non-public route declares what it needs; `@RequirePermissions()` with none means "any
 * signed-in user". A route that declares nothing is refused (fail closed), so forgetting is loud.
 */
export const RequirePermissions = (...permissions: string[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSIONS, permissions);
