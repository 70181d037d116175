/**
 * The Lua behind RedisBudgetStore. A sliding-window log: each budget is a sorted set of its uses'
 * times, and a use is allowed while fewer than `limit` lie within the last `window` ms. Exact (no
 * burst of twice the limit across a fixed window's edge), and the set never holds more than
 * `limit` entries, because a use is only added when there is room. Time is Redis's (`TIME`), so
 * replicas with skewed clocks agree on one window.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: one budget key per agent, root first.  ARGV: member, then limit and windowMs per key.
 * Returns {1, remaining} when the use was counted against every key, or {0, index (1-based) of
 * the first key without room, retryAfterMs or -1 for never} when it was counted nowhere.
 */
export const CONSUME_LUA = `${NOW}
local remaining = nil
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    if limit <= 0 then return {0, i, -1} end
    -- Room again once the entry at rank count - limit (the oldest, normally) leaves the window.
    local entry = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    return {0, i, math.max(1, tonumber(entry[2]) + window - now)}
  end
  local left = limit - count - 1
  if remaining == nil or left < remaining then remaining = left end
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i + 1]))
end
return {1, remaining}`;

/** KEYS and ARGV as CONSUME_LUA (the member unused). Returns the fewest uses left; writes nothing. */
export const REMAINING_LUA = `${NOW}
local remaining = nil
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local count = redis.call('ZCOUNT', KEYS[i], '(' .. (now - tonumber(ARGV[2 * i + 1])), '+inf')
  local left = math.max(0, limit - count)
  if remaining == nil or left < remaining then remaining = left end
end
return remaining`;
