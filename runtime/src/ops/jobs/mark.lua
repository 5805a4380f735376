-- Marks item ARGV[1] as being sent by worker ARGV[2], unless it is done.
-- KEYS[1]: the job's status hash. Answers the status it had (nil if none):
-- `done` or `failed` (nothing changed), or `sending:<worker>` (a worker
-- that sent it, or was about to, and never said how it went).
local before = redis.call('HGET', KEYS[1], ARGV[1])
if before == 'done' or before == 'failed' then
  return before
end
redis.call('HSET', KEYS[1], ARGV[1], 'sending:' .. ARGV[2])
return before
