import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'portcullis:isPublic';

/** Routes that need no access token (register, login, refresh, probes, JWKS). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
