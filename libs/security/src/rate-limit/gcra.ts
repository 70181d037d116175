/**
 * GCRA (the generic cell rate algorithm, a token bucket kept as one number): a policy of `limit`
 * per `window` lets one request through every `window / limit` on average, and up to `limit` at
 * once. Each key stores only its theoretical arrival time (TAT); a request is allowed while
 * TAT - now ≤ window - interval. Shared by the Redis script (as Lua) and the in-memory fallback, so
 * both decide alike.
 */
export interface GcraResult {
  allowed: boolean;
  /** The TAT to store if the request is taken. */
  nextTat: number;
  remaining: number;
  resetMs: number;
  retryAfterMs: number;
}

export function gcra(storedTat: number | undefined, now: number, limit: number, windowMs: number): GcraResult {
  const interval = windowMs / limit;
  const tat = Math.max(storedTat ?? now, now);
  const nextTat = tat + interval;
  const allowAt = nextTat - windowMs;
  if (now < allowAt) {
    return { allowed: false, nextTat: tat, remaining: 0, resetMs: tat - now, retryAfterMs: allowAt - now };
  }
  return { allowed: true, nextTat, remaining: Math.floor((windowMs - (nextTat - now)) / interval), resetMs: nextTat - now, retryAfterMs: 0 };
}

/**
 * The same in Lua, for every policy of a request in one script. KEYS: one counter per policy.
 * ARGV: limit_1, windowMs_1, limit_2, windowMs_2, … Time comes from Redis (`TIME`), so gateways
 * with skewed clocks agree. Nothing is written unless every policy allows the request: a request
 * refused by one limit does not use up the others. Returns, per policy, {allowed (1|0), remaining,
 * resetMs, retryAfterMs}, flattened.
 */
export const GCRA_LUA = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out, writes, allAllowed = {}, {}, true
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  local interval = window / limit
  local tat = math.max(tonumber(redis.call('GET', key) or now), now)
  local nextTat = tat + interval
  local allowAt = nextTat - window
  if now < allowAt then
    allAllowed = false
    table.insert(out, 0) table.insert(out, 0) table.insert(out, math.ceil(tat - now)) table.insert(out, math.ceil(allowAt - now))
  else
    writes[i] = nextTat
    table.insert(out, 1) table.insert(out, math.floor((window - (nextTat - now)) / interval))
    table.insert(out, math.ceil(nextTat - now)) table.insert(out, 0)
  end
end
if allAllowed then
  for i, key in ipairs(KEYS) do
    redis.call('SET', key, string.format('%.3f', writes[i]), 'PX', math.ceil(writes[i] - now))
  end
end
return out`;
