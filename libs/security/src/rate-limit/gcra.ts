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
  return {
    allowed: true,
    nextTat,
    remaining: Math.floor((windowMs - (nextTat - now)) / interval),
    resetMs: nextTat - now,
    retryAfterMs: 0,
  };
}

/**
 * A quota: at most `limit` per period, counted as one integer per period (the key names the
 * period, so a new day or month starts from zero whatever the TTL does).
 */
export function quotaStep(
  count: number | undefined,
  now: number,
  limit: number,
  periodEndMs: number,
): GcraResult & { nextCount: number } {
  const used = count ?? 0;
  const resetMs = Math.max(0, periodEndMs - now);
  if (used >= limit)
    return { allowed: false, nextTat: 0, nextCount: used, remaining: 0, resetMs, retryAfterMs: resetMs };
  return { allowed: true, nextTat: 0, nextCount: used + 1, remaining: limit - used - 1, resetMs, retryAfterMs: 0 };
}

/**
 * Both in Lua, for every limit of a batch of requests in one script: the requests a gateway
 * checked in one event-loop turn, each decided as if it ran alone, in order. ARGV[1]: the number of
 * requests; ARGV[1 + r]: how many of KEYS (one counter per limit, request after request) request r
 * has; then limit_i, windowMs_i, periodEndMs_i per key (0 for a GCRA rate, else the epoch ms a
 * quota's period ends). Time comes from Redis (`TIME`), so gateways with skewed clocks agree.
 * Nothing of a request is counted unless every one of its limits allows it: a request refused by
 * one limit does not use up the others. A later request of the batch sees what the earlier ones
 * counted (a key two requests share, such as the global one, is read once and written once).
 * Returns, per key, {allowed (1|0), remaining, resetMs, retryAfterMs}, flattened.
 */
export const GCRA_BATCH_LUA = `local tonumber, floor, ceil = tonumber, math.floor, math.ceil
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + floor(tonumber(t[2]) / 1000)
-- One MGET for every counter: each redis.call costs the script about as much as its arithmetic.
-- Counters are parsed once here and kept as numbers until the end (a counter that is not a number,
-- written by hand, counts as absent rather than failing the script, and so every request of the
-- batch); each is formatted and written once, however many requests of the batch counted on it.
local stored = redis.call('MGET', unpack(KEYS))
local value, ttl = {}, {}
for i = 1, #KEYS do
  local key = KEYS[i]
  if value[key] == nil then value[key] = tonumber(stored[i]) or false end
end
local requests = tonumber(ARGV[1])
local base = requests + 1
-- writes and ttls are reused from request to request: only a request's own slots are read back.
local out, writes, ttls, first = {}, {}, {}, 0
for r = 1, requests do
  local n = tonumber(ARGV[1 + r])
  local allAllowed = true
  for i = first + 1, first + n do
    local a = base + 3 * i
    local limit = tonumber(ARGV[a - 2])
    local window = tonumber(ARGV[a - 1])
    local periodEnd = tonumber(ARGV[a])
    local current = value[KEYS[i]]
    local o = 4 * i - 3
    if periodEnd > 0 then
      local used = current or 0
      local reset = periodEnd - now
      if reset < 0 then reset = 0 end
      if used >= limit then
        allAllowed = false
        out[o], out[o + 1], out[o + 2], out[o + 3] = 0, 0, reset, reset
      else
        writes[i] = used + 1
        ttls[i] = reset > 1 and reset or 1
        out[o], out[o + 1], out[o + 2], out[o + 3] = 1, limit - used - 1, reset, 0
      end
    else
      local interval = window / limit
      local tat = current or now
      if tat < now then tat = now end
      local nextTat = tat + interval
      local allowAt = nextTat - window
      if now < allowAt then
        allAllowed = false
        out[o], out[o + 1], out[o + 2], out[o + 3] = 0, 0, ceil(tat - now), ceil(allowAt - now)
      else
        writes[i] = nextTat
        -- At least 1 ms: with a huge limit the interval is below a double's precision at epoch-ms
        -- scale, nextTat == now, and PX 0 would fail the whole script.
        local left = ceil(nextTat - now)
        ttls[i] = left > 1 and left or 1
        out[o], out[o + 1], out[o + 2], out[o + 3] = 1, floor((window - (nextTat - now)) / interval), left, 0
      end
    end
  end
  if allAllowed then
    for i = first + 1, first + n do
      local key = KEYS[i]
      value[key] = writes[i]
      ttl[key] = ttls[i]
    end
  end
  first = first + n
end
for key, ms in pairs(ttl) do
  local v = value[key]
  -- A quota's count as an integer, a TAT to the microsecond.
  redis.call('SET', key, v == floor(v) and string.format('%d', v) or string.format('%.3f', v), 'PX', ms)
end
return out`;
