import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const REQUIRED_CAPABILITIES = 'portcullis:requiredCapabilities';
/** Carries the capabilities into the OpenAPI document, as `x-portcullis-permissions` does permissions. */
export const CAPABILITIES_EXTENSION = 'x-portcullis-capabilities';

/**
 * The route is for agents holding every capability named (403 AGENT_CAPABILITY_DENIED otherwise).
 * A user or API-key principal is refused (403) unless the route also declares `@RequirePermissions`,
 * which then applies to them.
 */
export const RequireCapabilities = (...capabilities: string[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_CAPABILITIES, capabilities), ApiExtension(CAPABILITIES_EXTENSION, capabilities));
