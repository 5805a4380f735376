-- Marks item ARGV[1] as being sent by worker ARGV[2], unless it is done,
-- and counts the attempt. KEYS[1]: the job's status hash; KEYS[2]: its
-- attempts hash. Answers the status it had (false if none) and the
-- attempts so far: `done` or `failed` (nothing changed), or
-- `sending:<worker>` (a worker that sent it, or was about to, and never
-- said how it went).
local before = redis.call('HGET', KEYS[1], ARGV[1])
if before == 'done' or before == 'failed' then
  return {before, 0}
end
redis.call('HSET', KEYS[1], ARGV[1], 'sending:' .. ARGV[2])
local attempts = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
-- (false, not nil: a nil would end the reply there.)
return {before or false, attempts}
