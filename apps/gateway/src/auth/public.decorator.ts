import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'portcullis:isPublic';
/** Marks the operation in the OpenAPI document, which then lists no security requirement for it. */
export const PUBLIC_EXTENSION = 'x-portcullis-public';

/** Routes that need no access token (register, login, refresh, probes, JWKS). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
