-- Records item ARGV[1]'s end once: ARGV[2] is `done` or `failed`, ARGV[3]
-- its result or error (JSON); acknowledges stream entry ARGV[4] in group
-- ARGV[5]. KEYS: status hash, results hash, counts hash, items stream.
-- Answers 1 when recorded, 0 when the item had already ended (the entry
-- is acknowledged either way).
local before = redis.call('HGET', KEYS[1], ARGV[1])
if before ~= 'done' and before ~= 'failed' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
  redis.call('XACK', KEYS[4], ARGV[5], ARGV[4])
  return 1
end
redis.call('XACK', KEYS[4], ARGV[5], ARGV[4])
return 0
