#!/usr/bin/env bash
# Many processes on one tenant, one budget shared through Redis (about 2
# minutes): the assign_fleet example against the limit-enforcing emulator
# (Intune's 100 writes per 20 s, the window run in 1 s), 4 worker processes
# and 2,000 creates,
#   - sharing one Redis,
#   - each pacing alone,
#   - sharing, with Redis killed 5 s into the run;
# each ends with its completion time against the limit-bound optimum and its
# throttled share. Then the limiter's own cost per request, Redis on
# loopback against the in-process pacer.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is needed (apt-get install redis-server)"; exit 1; }
cargo build -q --release --example assign_fleet -p graph-resource-examples
cargo build -q --release -p graph-resource-benches --bin limiter_cost
fleet=target/release/examples/assign_fleet
echo "== 4 processes sharing Redis, 2,000 creates"
$fleet --workers 4 --groups 2000 | tail -1
echo "== 4 processes, each its own budget, 2,000 creates"
$fleet --workers 4 --groups 2000 --no-share | tail -1
echo "== 4 processes sharing Redis, Redis killed after 5 s"
$fleet --workers 4 --groups 2000 --kill-redis-after-ms 5000 | tail -1

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "== the limiter's own cost"
REDIS_URL="redis://127.0.0.1:$port" target/release/limiter_cost
