import { Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AuthPatterns } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { cookieToken, DASHBOARD_COOKIE, DashboardAccess } from './dashboard-access';
import { loginPage } from './login-page';
import { isCrossSite } from './same-origin';

const logger = new Logger('QueueDashboard');

/**
 * Sign-in and sign-out for the dashboard's browser session. Signing in is an ordinary login (a
 * session with a 7-day refresh family); the cookie holds only its access token. So a refused
 * sign-in (no `queues:read`) and a sign-out both end that session at the token app, rather than
 * only forgetting the cookie and leaving a live session behind. Its routes run inside the gateway's
 * request context (the root hook opens it), so these calls carry the client's origin like any other.
 */
export class DashboardSession {
  constructor(
    private readonly base: string,
    private readonly access: DashboardAccess,
    private readonly bus: BusClient,
  ) {}

  async signIn(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (isCrossSite(req, false)) return reply.status(403).type('text/html').send(loginPage(true));
    const { email, password } = (req.body ?? {}) as { email?: string; password?: string };
    if (typeof email !== 'string' || typeof password !== 'string')
      return reply.status(400).type('text/html').send(loginPage(true));
    let accessToken: string;
    let expiresIn: number;
    try {
      ({ accessToken, expiresIn } = await this.bus.call(AuthPatterns.login, {
        email,
        password,
        deviceName: 'queue dashboard',
      }));
    } catch {
      return reply.status(401).type('text/html').send(loginPage(true));
    }
    if (!(await this.access.allowed(accessToken))) {
      await this.end(accessToken);
      return reply.status(403).type('text/html').send(loginPage(true));
    }
    return reply
      .setCookie(DASHBOARD_COOKIE, accessToken, {
        path: this.base,
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        maxAge: expiresIn,
      })
      .redirect(this.base, 303);
  }

  async signOut(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (isCrossSite(req, true)) return reply.status(403).send();
    const token = cookieToken(req);
    if (token) await this.end(token);
    return reply.clearCookie(DASHBOARD_COOKIE, { path: this.base }).redirect(`${this.base}/login`, 303);
  }

  /** Revokes the token's session (an expired or forged token has none left to end). */
  private async end(token: string): Promise<void> {
    const principal = await this.access.verified(token);
    if (!principal) return;
    await this.bus
      .call(AuthPatterns.logout, { principal })
      .catch((err: Error) =>
        logger.error(`Could not end the dashboard session ${principal.sessionId}: ${err.message}`),
      );
  }
}
