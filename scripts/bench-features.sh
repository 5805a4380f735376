#!/usr/bin/env bash
# Build cost of graph-resource's optional features: for each feature set, a
# one-file crate that depends on graph-resource (with that feature) and makes
# one create call is built clean in release, dependencies included; prints
# the CPU seconds (user + system), the wall time, the peak memory and the
# number of crates in its dependency graph.
#
#   scripts/bench-features.sh                      # none, default, blocking, azure-identity
#   scripts/bench-features.sh "" "blocking"        # other sets ("none": the
#                                                  # defaults off, "": the defaults)
#   GRAPH_RESOURCE=/path/to/checkout scripts/bench-features.sh ""
#                                                  # another checkout's default
set -euo pipefail
root="${GRAPH_RESOURCE:-$(cd "$(dirname "$0")/.." && pwd)}"
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=("none" "" "blocking" "azure-identity")
work="${BENCH_DIR:-$(mktemp -d)}"
echo "# graph-resource at $root ($(git -C "$root" rev-parse --short HEAD)); rustc $(rustc --version | cut -d' ' -f2); $(nproc) cores"
printf '%-16s %8s %8s %10s %7s\n' features cpu_s wall_s peak_MiB crates
for features in "${sets[@]}"; do
  name="set-${features:-default}"
  dependency="features = [${features:+\"$features\"}]"
  [ "$features" = none ] && dependency="default-features = false"
  dir="$work/$name"
  rm -rf "$dir"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "feature-cost"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
graph-resource = { path = "$root/runtime", $dependency }
graph-resource-models = { path = "$root/models" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
  cat > "$dir/src/main.rs" <<'RUST'
use graph_resource_models::{EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath};
use graph_resource::{Client, StaticToken};

#[tokio::main]
async fn main() -> Result<(), graph_resource::Error> {
    let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
    let path = EnrollmentConfigurationAssignmentPath { users_id: "u", device_enrollment_configuration_id: "c" };
    let created = EnrollmentConfigurationAssignment::default().create(&client, path).await?;
    println!("{:?}", created.id());
    Ok(())
}
RUST
  cp "$root/Cargo.lock" "$dir/Cargo.lock" 2>/dev/null || true
  (cd "$dir" && cargo fetch -q)
  crates=$(cd "$dir" && cargo tree -e normal,build --prefix none | sed 's/ (\*)//' | sort -u | wc -l)
  if ! (cd "$dir" && /usr/bin/time -o "$dir/time.txt" -f '%U %S %e %M' cargo build -q --release >/dev/null 2>"$dir/build.log"); then
    echo "the build with features '${features}' failed: see $dir/build.log" >&2
    exit 1
  fi
  read -r user sys wall kib <"$dir/time.txt"
  printf '%-16s %8.1f %8.1f %10d %7d\n' "${features:-default}" "$(echo "$user + $sys" | bc)" "$wall" "$((kib / 1024))" "$crates"
done
