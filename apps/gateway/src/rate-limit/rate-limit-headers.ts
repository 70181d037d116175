import { OncePer } from '@portcullis/common';
import { RateLimitDecision, RateLimitPolicy } from '@portcullis/security';
import { FastifyReply } from 'fastify';

/** A policy's entry in `RateLimit-Policy`, made once per policy object (tier and route policies live long). */
const policyEntries = new OncePer<RateLimitPolicy, string>(
  (policy) => `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`,
);

/**
 * draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` lists every policy that applied
 * (`"auth-login";q=10;w=60`), `RateLimit` gives the most restrictive one's standing
 * (`"auth-login";r=3;t=42`); the older `RateLimit-Limit/-Remaining/-Reset` say the same for clients
 * that know only those. Names in lower case, as Fastify stores them anyway: a name already in lower
 * case is used as it is, where one in mixed case costs every request a new string to look up.
 */
export function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  const { binding, states } = decision;
  let policies = '';
  for (const { policy } of states)
    policies = policies ? `${policies}, ${policyEntries.of(policy)}` : policyEntries.of(policy);
  void reply
    .header('ratelimit-policy', policies)
    .header('ratelimit', `"${binding.policy.name}";r=${binding.remaining};t=${binding.resetSeconds}`)
    .header('ratelimit-limit', String(binding.policy.limit))
    .header('ratelimit-remaining', String(binding.remaining))
    .header('ratelimit-reset', String(binding.resetSeconds));
}
