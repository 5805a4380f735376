-- Books a place for a request (or a $batch of them) in a budget shared by
-- every process: the same GCRA as the in-process Pacer, one bucket for
-- writes and one for all requests, on Redis's clock so that the machines'
-- clocks do not matter. Times are microseconds of Redis's TIME.
--
-- KEYS[1]  the budget's hash
-- ARGV     writes, requests, write interval, write tolerance,
--          request interval, request tolerance, the hash's life in ms
-- Returns  { microseconds to wait, the budget's epoch, its rate factor in
--          millionths, microseconds until the places booked so far by every
--          process are spent }
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local s = redis.call('HMGET', KEYS[1], 'w_tat', 'r_tat', 'paused', 'factor', 'epoch')
local factor = tonumber(s[4]) or 1
local start = math.max(now, tonumber(s[3]) or 0)
local writes, requests = tonumber(ARGV[1]), tonumber(ARGV[2])

-- A batch bigger than the burst goes once the budget is idle, not later:
-- waiting longer would spend its size twice.
local function earliest(tat, n, interval, tolerance)
  if n == 0 then return start end
  local from = math.max(tonumber(tat) or start, start)
  return math.max(start, from + math.min(interval / factor * (n - 1), tolerance) - tolerance)
end

local function book(tat, at, n, interval)
  local from = math.max(tonumber(tat) or at, at)
  if n == 0 then return tonumber(tat) or 0 end
  return from + interval / factor * n
end

local w_interval, r_interval = tonumber(ARGV[3]), tonumber(ARGV[5])
local at = math.max(earliest(s[1], writes, w_interval, tonumber(ARGV[4])),
                    earliest(s[2], requests, r_interval, tonumber(ARGV[6])))
local w_tat = book(s[1], at, writes, w_interval)
local r_tat = book(s[2], at, requests, r_interval)
redis.call('HSET', KEYS[1], 'w_tat', string.format('%.0f', w_tat), 'r_tat', string.format('%.0f', r_tat))
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return { math.floor(at - now), tonumber(s[5]) or 0, math.floor(factor * 1000000),
         math.floor(math.max(w_tat, r_tat) - now) }
