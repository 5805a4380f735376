#!/usr/bin/env bash
# Bulk work against the limit-enforcing emulator: completion time against the
# limit-bound optimum and the share of throttled writes, paced and unpaced,
# ten tenants in one process, and four processes on one tenant (about 3 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -q -p graph-resource-benches --bin pacing
