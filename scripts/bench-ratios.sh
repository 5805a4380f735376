#!/usr/bin/env bash
# Runs the run-time benchmarks and prints, for each comparison, the median
# time of the generated code and of the hand-written baseline, and their
# ratio (generated / baseline). Extra arguments go to criterion, e.g. a
# filter: scripts/bench-ratios.sh deserialize
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p graph-resource-benches -- "$@"
python3 - <<'PY'
import json, pathlib
root = pathlib.Path("target/criterion")
def median(group, name):
    f = root / group / name / "new" / "estimates.json"
    return json.loads(f.read_text())["median"]["point_estimate"] if f.exists() else None
rows = [
    ("serialize", "assignment", "hand-written", 1.05),
    ("serialize", "page-1000", "hand-written", 1.05),
    ("deserialize", "assignment", "hand-written", 1.05),
    ("deserialize", "page-1000", "hand-written", 1.05),
    ("path", "render", "hand-written", 1.0),
    ("create", "round-trip", "raw-reqwest", 1.05),
]
print()
print(f"{'benchmark':<26} {'generated':>12} {'baseline':>12} {'ratio':>7} {'target':>7}")
for group, bench, base, target in rows:
    ours = median(group, f"{bench}_generated")
    theirs = median(group, f"{bench}_{base}")
    if ours is None or theirs is None:
        continue
    unit = lambda ns: f"{ns/1000:.1f} µs" if ns >= 1000 else f"{ns:.0f} ns"
    ratio = ours / theirs
    flag = "ok" if ratio <= target else "MISSED"
    print(f"{group + '/' + bench:<26} {unit(ours):>12} {unit(theirs):>12} {ratio:>7.2f} {'≤' + str(target):>7} {flag}")
PY
