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
 * Uses of one tree's budgets, a batch of them in one script (the uses a gateway made in one
 * event-loop turn), each decided in order as if it ran alone. KEYS: each use's budget keys, root
 * first, use after use. ARGV[1]: the number of uses; ARGV[1 + u]: how many keys use u has; then per
 * use its member, then limit and windowMs per key. Returns three numbers per use: {1, remaining, 0}
 * when it was counted against every key, or {0, index (1-based, within the use) of the first key
 * without room, retryAfterMs or -1 for never} when it was counted nowhere.
 */
export const CONSUME_LUA = `${NOW}
local uses = tonumber(ARGV[1])
local a, k, out = uses + 2, 0, {}
for u = 1, uses do
  local n = tonumber(ARGV[1 + u])
  local result, remaining = nil, nil
  for i = 1, n do
    local key = KEYS[k + i]
    local limit = tonumber(ARGV[a + 2 * i - 1])
    local window = tonumber(ARGV[a + 2 * i])
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
    local count = redis.call('ZCARD', key)
    if count >= limit then
      if limit <= 0 then
        result = {0, i, -1}
      else
        -- Room again once the entry at rank count - limit (the oldest, normally) leaves the window.
        local entry = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
        result = {0, i, math.max(1, tonumber(entry[2]) + window - now)}
      end
      break
    end
    local left = limit - count - 1
    if remaining == nil or left < remaining then remaining = left end
  end
  if result == nil then
    for i = 1, n do
      redis.call('ZADD', KEYS[k + i], now, ARGV[a])
      redis.call('PEXPIRE', KEYS[k + i], tonumber(ARGV[a + 2 * i]))
    end
    result = {1, remaining, 0}
  end
  out[3 * u - 2], out[3 * u - 1], out[3 * u] = result[1], result[2], result[3]
  k = k + n
  a = a + 1 + 2 * n
end
return out`;

/** KEYS: one use's budget keys, root first; ARGV: limit and windowMs per key. Returns the fewest uses left; writes nothing. */
export const REMAINING_LUA = `${NOW}
local remaining = nil
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i - 1])
  local count = redis.call('ZCOUNT', KEYS[i], '(' .. (now - tonumber(ARGV[2 * i])), '+inf')
  local left = math.max(0, limit - count)
  if remaining == nil or left < remaining then remaining = left end
end
return remaining`;
