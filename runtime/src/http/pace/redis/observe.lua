-- Tells a shared budget what the service answered, on Redis's clock.
--
-- KEYS[1]  the budget's hash
-- ARGV     'served' or 'throttled', Retry-After in microseconds (-1: none),
--          write interval, write tolerance, request tolerance, window,
--          the rate's step back up per request served, the hash's life in ms,
--          the lowest rate factor
-- A throttle pauses every process of the budget until its Retry-After
-- (lengthened by throttles in a row), halves the rate once per throttled
-- moment, voids the places booked meanwhile (a new epoch), and restarts
-- the buckets without a burst. A request served raises the rate a step.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local s = redis.call('HMGET', KEYS[1], 'paused', 'factor', 'streak', 'epoch')
local factor = tonumber(s[2]) or 1
local streak = tonumber(s[3]) or 0
if ARGV[1] == 'served' then
  if factor < 1 or streak > 0 then
    redis.call('HSET', KEYS[1], 'factor', string.format('%.6f', math.min(1, factor + tonumber(ARGV[7]))), 'streak', 0)
  end
else
  local window = tonumber(ARGV[6])
  local retry_after = tonumber(ARGV[2])
  if retry_after < 0 then retry_after = window / 10 end
  local backoff = tonumber(ARGV[3]) * (2 ^ math.min(streak, 16) - 1)
  local pause = math.min(retry_after + backoff, window)
  local paused = tonumber(s[1]) or 0
  if paused <= now then factor = math.max(factor / 2, tonumber(ARGV[9])) end
  local until_ = math.max(paused, now + pause)
  redis.call('HSET', KEYS[1],
    'paused', string.format('%.0f', until_),
    'factor', string.format('%.6f', factor),
    'streak', streak + 1,
    'epoch', (tonumber(s[4]) or 0) + 1,
    'w_tat', string.format('%.0f', until_ + tonumber(ARGV[4])),
    'r_tat', string.format('%.0f', until_ + tonumber(ARGV[5])))
end
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return 1
