import { RateLimitDecision, RateLimitPolicy } from '@portcullis/security';
import { FastifyReply } from 'fastify';

/** A policy's entry in `RateLimit-Policy`, worked out once per policy object (tier and route policies live long). */
const policyEntries = new WeakMap<RateLimitPolicy, string>();
function policyEntry(policy: RateLimitPolicy): string {
  let entry = policyEntries.get(policy);
  if (entry === undefined)
    policyEntries.set(policy, (entry = `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`));
  return entry;
}

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
  for (const { policy } of states) policies = policies ? `${policies}, ${policyEntry(policy)}` : policyEntry(policy);
  void reply
    .header('ratelimit-policy', policies)
    .header('ratelimit', `"${binding.policy.name}";r=${binding.remaining};t=${binding.resetSeconds}`)
    .header('ratelimit-limit', String(binding.policy.limit))
    .header('ratelimit-remaining', String(binding.remaining))
    .header('ratelimit-reset', String(binding.resetSeconds));
}
