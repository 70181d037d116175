import fastifyCookie from '@fastify/cookie';
import { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The device token (OWASP device cookies, see the security app's device-token.ts) travels as a
 * cookie: DESIGN fixes the login body's fields, and an HttpOnly cookie scoped to the auth routes is
 * out of reach of page scripts and sent nowhere else. The gateway neither reads nor checks it.
 */
export const DEVICE_COOKIE = 'pc_device';
const PATH = '/api/v1/auth';
/** Longer than any token we issue; anything bigger is not ours and is ignored. */
const MAX_LENGTH = 256;

export function deviceTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string' || !header.includes(DEVICE_COOKIE)) return undefined;
  const token = fastifyCookie.parse(header)[DEVICE_COOKIE];
  return token && token.length <= MAX_LENGTH ? token : undefined;
}

export function setDeviceCookie(reply: FastifyReply, token: string, ttlSeconds: number): void {
  const cookie = fastifyCookie.serialize(DEVICE_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: PATH,
    maxAge: ttlSeconds,
  });
  void reply.header('Set-Cookie', cookie);
}
