import { RateLimitDecision } from '@portcullis/security';
import { FastifyReply } from 'fastify';

/**
 * draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` lists every policy that applied
 * (`"auth-login";q=10;w=60`), `RateLimit` gives the most restrictive one's standing
 * (`"auth-login";r=3;t=42`); the older `RateLimit-Limit/-Remaining/-Reset` say the same for clients
 * that know only those.
 */
export function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  const { binding, states } = decision;
  const name = binding.policy.name;
  void reply
    .header(
      'RateLimit-Policy',
      states.map(({ policy }) => `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`).join(', '),
    )
    .header('RateLimit', `"${name}";r=${binding.remaining};t=${binding.resetSeconds}`)
    .header('RateLimit-Limit', String(binding.policy.limit))
    .header('RateLimit-Remaining', String(binding.remaining))
    .header('RateLimit-Reset', String(binding.resetSeconds));
}
