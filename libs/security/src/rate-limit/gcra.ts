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
 * checked in one event-loop turn, each decided as if it ran alone, in order. KEYS are the batch's
 * counters, each once however many requests count on it (the global one, a busy client's IP).
 * ARGV[1]: how many entries follow, then limit, windowMs, periodEndMs per entry (0 for a GCRA rate,
 * else the epoch ms a quota's period ends); entry d is KEYS[d]. Then one argument, the requests'
 * layout as numbers joined by commas: the number of requests, and per request how many limits it
 * has followed by their entries' numbers. Time comes from Redis (`TIME`),
 * so gateways with skewed clocks agree. Nothing of a request is counted unless every one of its
 * limits allows it: a request refused by one limit does not use up the others. A later request of
 * the batch sees what the earlier ones counted. Returns, per limit of each request in order,
 * {allowed (1|0), remaining, resetMs, retryAfterMs}, flattened.
 */
export const GCRA_BATCH_LUA = `local tonumber, floor, ceil = tonumber, math.floor, math.ceil
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + floor(tonumber(t[2]) / 1000)
-- One MGET for every counter: each redis.call costs the script about as much as its arithmetic.
-- Counters are parsed once here and kept as numbers until the end (a counter that is not a number,
-- written by hand, counts as absent rather than failing the script, and so every request of the
-- batch); each is formatted and written once, however many requests of the batch counted on it.
-- Entries are keyed by the counter's name: two entries of one counter (its policy changed within
-- the batch) share its state.
local stored = redis.call('MGET', unpack(KEYS))
local value, ttl = {}, {}
for d = 1, #KEYS do
  local key = KEYS[d]
  if value[key] == nil then value[key] = tonumber(stored[d]) or false end
end
local entries = tonumber(ARGV[1])
local limits, windows, ends = {}, {}, {}
for d = 1, entries do
  limits[d] = tonumber(ARGV[3 * d - 1])
  windows[d] = tonumber(ARGV[3 * d])
  ends[d] = tonumber(ARGV[3 * d + 1])
end
-- The layout comes as one argument: a number per argument cost the client (ioredis) about 240 ns
-- each to write, four of them per request at three limits.
local layout, q = {}, 0
for number in string.gmatch(ARGV[3 * entries + 2], '%d+') do
  q = q + 1
  layout[q] = tonumber(number)
end
local requests, p = layout[1], 1
-- own, writes and ttls are reused from request to request: only a request's own slots are read back.
local out, own, writes, ttls, o = {}, {}, {}, {}, 0
for r = 1, requests do
  local n = layout[p + 1]
  local first = p + 2
  p = p + 1 + n
  local allAllowed = true
  for j = 1, n do
    local d = layout[first + j - 1]
    own[j] = d
    local limit, window, periodEnd = limits[d], windows[d], ends[d]
    local current = value[KEYS[d]]
    if periodEnd > 0 then
      local used = current or 0
      local reset = periodEnd - now
      if reset < 0 then reset = 0 end
      if used >= limit then
        allAllowed = false
        out[o + 1], out[o + 2], out[o + 3], out[o + 4] = 0, 0, reset, reset
      else
        writes[j] = used + 1
        ttls[j] = reset > 1 and reset or 1
        out[o + 1], out[o + 2], out[o + 3], out[o + 4] = 1, limit - used - 1, reset, 0
      end
    else
      local interval = window / limit
      local tat = current or now
      if tat < now then tat = now end
      local nextTat = tat + interval
      local allowAt = nextTat - window
      if now < allowAt then
        allAllowed = false
        out[o + 1], out[o + 2], out[o + 3], out[o + 4] = 0, 0, ceil(tat - now), ceil(allowAt - now)
      else
        writes[j] = nextTat
        -- At least 1 ms: with a huge limit the interval is below a double's precision at epoch-ms
        -- scale, nextTat == now, and PX 0 would fail the whole script.
        local left = ceil(nextTat - now)
        ttls[j] = left > 1 and left or 1
        out[o + 1], out[o + 2], out[o + 3], out[o + 4] = 1, floor((window - (nextTat - now)) / interval), left, 0
      end
    end
    o = o + 4
  end
  if allAllowed then
    for j = 1, n do
      local key = KEYS[own[j]]
      value[key] = writes[j]
      ttl[key] = ttls[j]
    end
  end
end
for key, ms in pairs(ttl) do
  local v = value[key]
  -- A quota's count as an integer, a TAT to the microsecond.
  redis.call('SET', key, v == floor(v) and string.format('%d', v) or string.format('%.3f', v), 'PX', ms)
end
return out`;
