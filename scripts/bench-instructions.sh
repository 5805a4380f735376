#!/usr/bin/env bash
# Counts the instructions each serialization and path operation takes,
# generated code beside the hand-written baseline, under callgrind: the
# same count on every run, whatever else the machine is doing. Prints
# instructions per operation and the ratio (generated / hand-written).
#
#   scripts/bench-instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }
cargo build -q --release -p graph-resource-benches --bin instructions
bin=target/release/instructions
count() { # operation n -> instructions of the whole run
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$1" "$2" >/dev/null 2>&1
  grep -m1 '^summary:' "$out" | awk '{print $2}'
  rm -f "$out"
}
per_op() { # operation n -> instructions per operation, setup subtracted
  local base full
  base=$(count "$1" 0)
  full=$(count "$1" "$2")
  echo $(( (full - base) / $2 ))
}
printf '%-24s %14s %14s %7s\n' operation generated hand-written ratio
for op in serialize-assignment:2000 serialize-page:10 deserialize-assignment:2000 deserialize-page:10 path:5000 serialize-wire-types:2000 deserialize-wire-types:2000 deserialize-mixed-page:5 deserialize-known-page:5; do
  name=${op%%:*}; n=${op#*:}
  ours=$(per_op "$name-generated" "$n")
  hand=$(per_op "$name-hand-written" "$n")
  printf '%-24s %14s %14s %7s\n' "$name" "$ours" "$hand" "$(awk -v a="$ours" -v b="$hand" 'BEGIN { printf "%.2f", a / b }')"
done
# A round trip on one thread, client and minimal server together.
ours=$(per_op create-generated 200)
hand=$(per_op create-raw 200)
printf '%-24s %14s %14s %7s\n' "create round trip" "$ours" "$hand" "$(awk -v a="$ours" -v b="$hand" 'BEGIN { printf "%.2f", a / b }')"
# An action (`assign`) against the same call written with reqwest.
ours_action=$(per_op action-generated 200)
hand_action=$(per_op action-raw 200)
printf '%-24s %14s %14s %7s\n' "action round trip" "$ours_action" "$hand_action" "$(awk -v a="$ours_action" -v b="$hand_action" 'BEGIN { printf "%.2f", a / b }')"
# The same round trip through the in-process pacer, with a budget it never reaches.
paced=$(per_op create-paced 200)
printf '%-24s %14s %14s %7s\n' "create, paced" "$paced" "$ours" "$(awk -v a="$paced" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')"
