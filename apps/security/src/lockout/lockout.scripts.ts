/**
 * The Lua behind RedisLoginAttemptStore: one script per operation, so each is one round trip and
 * atomic across replicas. Time comes from Redis (`TIME`), not the caller, so replicas with skewed
 * clocks still agree on one sliding window. Failure sets are sorted sets scored by time in ms; an
 * entry is inside the window while its score > now - window.
 */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Sets ipBlockedMs: time until the IP at KEYS[ipKey] is back under ARGV limit/window (0 if it is). */
const IP_BLOCKED = (ipKey: number, hasIp: number, limitArg: number, windowArg: number) => `local ipBlockedMs = 0
if ARGV[${hasIp}] == '1' then
  local limit = tonumber(ARGV[${limitArg}])
  local window = tonumber(ARGV[${windowArg}])
  local since = '(' .. (now - window)
  local count = redis.call('ZCOUNT', KEYS[${ipKey}], since, '+inf')
  if count >= limit then
    -- Under the limit again once the (count - limit)-th oldest failure in the window ages out.
    local entry = redis.call('ZRANGEBYSCORE', KEYS[${ipKey}], since, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    ipBlockedMs = math.max(1, tonumber(entry[2]) + window - now)
  end
end`;

/** Sets lockMs: time left on the lock at KEYS[1]. */
const LOCK_MS = `local lockMs = redis.call('PTTL', KEYS[1])
-- -1 (a lock with no expiry) cannot be written by us; fail closed rather than open.
if lockMs == -1 then lockMs = 1 elseif lockMs < 0 then lockMs = 0 end`;

/**
 * KEYS: lock, ipFailures.  ARGV: hasIp (1|0), ipLimit, ipWindowMs.
 * Returns {accountLockMs, ipBlockedMs}. Reads only.
 */
export const INSPECT_LUA = `${NOW}
${LOCK_MS}
${IP_BLOCKED(2, 1, 2, 3)}
return {lockMs, ipBlockedMs}`;

/**
 * KEYS: lock, ipFailures, failures, inflight.
 * ARGV: hasIp (1|0), ipLimit, ipWindowMs, reservationId, maxFailures, windowMs, reservationTtlMs.
 * Returns {lockMs, ipBlockedMs, reserved (1|0)}.
 * Takes one of the counter's attempts before its password is checked: failures in the window plus
 * checks still in flight never exceed maxFailures, so however many guesses arrive at once, no more
 * than maxFailures are ever compared. A reservation expires by itself (its score is its deadline),
 * so a caller that dies mid-compare gives its slot back.
 */
export const RESERVE_LUA = `${NOW}
${LOCK_MS}
if lockMs > 0 then return {lockMs, 0, 0} end
${IP_BLOCKED(2, 1, 2, 3)}
if ipBlockedMs > 0 then return {0, ipBlockedMs, 0} end
local failures = redis.call('ZCOUNT', KEYS[3], '(' .. (now - tonumber(ARGV[6])), '+inf')
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
local inflight = redis.call('ZCARD', KEYS[4])
if failures + inflight >= tonumber(ARGV[5]) then return {0, 0, 0} end
local ttl = tonumber(ARGV[7])
redis.call('ZADD', KEYS[4], now + ttl, ARGV[4])
redis.call('PEXPIRE', KEYS[4], ttl)
return {0, 0, 1}`;

/**
 * KEYS: inflight, failures.  ARGV: reservationId ('' for none), clearFailures (1|0).
 * Frees a reservation; on a correct password also forgets the counter's failures.
 */
export const RELEASE_LUA = `if ARGV[1] ~= '' then redis.call('ZREM', KEYS[1], ARGV[1]) end
if ARGV[2] == '1' then redis.call('DEL', KEYS[2]) end
return 1`;

/**
 * KEYS: failures, lock, ipFailures, the bus event stream, inflight.
 * ARGV: member, maxFailures, windowMs, lockMs, hasIp (1|0), ipLimit, ipWindowMs, lockEvent (JSON or ''),
 * reservationId ('' for none).
 * Returns {locked (1|0), failures, ipFailures}.
 * The failure that locks also appends lockEvent (its data.failures set to the real count) to the
 * event stream, in the bus's wire format (fields p = type, d = JSON): the lock and its
 * announcement happen together or not at all. The attempt's reservation becomes the failure in the
 * same step, so a slot is never both free and uncounted.
 */
export const RECORD_FAILURE_LUA = `${NOW}
local member = ARGV[1]
if ARGV[9] ~= '' then redis.call('ZREM', KEYS[5], ARGV[9]) end
local ipFailures = 0
if ARGV[5] == '1' then
  local ipLimit = tonumber(ARGV[6])
  local ipWindow = tonumber(ARGV[7])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - ipWindow)
  redis.call('ZADD', KEYS[3], now, member)
  -- Only the newest ipLimit entries decide the throttle and its end, so a flood cannot grow the set.
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(ipLimit + 1))
  ipFailures = redis.call('ZCARD', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ipWindow)
end
local lockedWith = redis.call('GET', KEYS[2])
if lockedWith then
  -- A failure racing the one that locked: not counted, so the lock is neither extended nor re-armed.
  return {0, tonumber(lockedWith), ipFailures}
end
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, member)
local failures = redis.call('ZCARD', KEYS[1])
if failures >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], failures, 'PX', ARGV[4])
  redis.call('DEL', KEYS[1])
  if ARGV[8] ~= '' then
    local event = cjson.decode(ARGV[8])
    event.data.failures = failures
    redis.call('XADD', KEYS[4], '*', 'p', event.type, 'd', cjson.encode(event))
  end
  return {1, failures, ipFailures}
end
redis.call('PEXPIRE', KEYS[1], window)
return {0, failures, ipFailures}`;
