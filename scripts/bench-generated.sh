#!/usr/bin/env bash
# Build cost of generated models: a clean `cargo build --release` of a crate
# that uses models generated from Graph's v1.0 schema, for
#   - one type (deviceManagementSettings),
#   - the deviceManagement closure (structural properties), and the same
#     through its navigation properties too (all of Intune),
#   - user, group and deviceCompliancePolicy (gen-three: what
#     examples/from-schema generates),
#   - all of v1.0,
# and for the ready-made models of graph-resource-models by area:
#   - device management alone (area-dm),
#   - users, groups and device management (area-three),
#   - every area (area-all),
# beside a crate that makes one call with graph-rs-sdk 3.0.1 (which ships no
# models). Prints CPU seconds (user + system) and peak memory (max RSS of
# any one process, from /usr/bin/time) for each, dependencies included.
#
#   scripts/bench-generated.sh              # all nine
#   scripts/bench-generated.sh area-dm sdk  # some of: one dm nav all gen-three area-dm area-three area-all sdk
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_DIR:-$(mktemp -d)}"
which=("$@")
[ ${#which[@]} -gt 0 ] || which=(one dm nav all gen-three area-dm area-three area-all sdk)
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
cargo build -q --release -p graph-resource-gen --manifest-path "$root/Cargo.toml"
gen="$root/target/release/graph-resource-gen"
xml="$root/tests/corpus/metadata/graph-v1.0.xml"
echo "# crates in $work; rustc $(rustc --version | cut -d' ' -f2); $(nproc) cores"

models_crate() { # name, use line, generator arguments...
  local name=$1 use=$2; shift 2
  local dir="$work/$name"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-generated-$name"
version = "0.1.0"
edition = "2024"
publish = false
[dependencies]
graph-resource = { path = "$root/runtime" }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
  "$gen" "$xml" "$@" --out "$dir/src/graph.rs" 2>/dev/null
  cat > "$dir/src/main.rs" <<RS
#[allow(dead_code, clippy::all)]
mod graph;

#[tokio::main]
async fn main() {
    let client = graph_resource::Client::new(graph_resource::StaticToken::new("token"));
    $use
}
RS
}

area_crate() { # name, features (a TOML list)
  local name=$1 features=$2
  local dir="$work/$name"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-generated-$name"
version = "0.1.0"
edition = "2024"
publish = false
[dependencies]
graph-resource = { path = "$root/runtime" }
graph-resource-models = { path = "$root/models", features = $features }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
  cat > "$dir/src/main.rs" <<'RS'
use graph_resource_models::v1::{DeviceManagement, DeviceManagementPath};

#[tokio::main]
async fn main() {
    let client = graph_resource::Client::new(graph_resource::StaticToken::new("token"));
    let _ = DeviceManagement::get(&client, DeviceManagementPath).await;
}
RS
}

sdk_crate() {
  local dir="$work/sdk"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-generated-sdk"
version = "0.1.0"
edition = "2024"
publish = false
[dependencies]
graph-rs-sdk = "=3.0.1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
[workspace]
TOML
  cat > "$dir/src/main.rs" <<'RS'
#[tokio::main]
async fn main() {
    let client = graph_rs_sdk::GraphClient::new("token");
    let _ = client.users().list_user().send().await;
}
RS
}

measure() { # name -> "cpu_seconds peak_mib"
  local dir="$work/$1" out
  rm -rf "$dir/target"
  out=$(mktemp)
  (cd "$dir" && /usr/bin/time -f "%U %S %M" -o "$out" cargo build -q --release) >&2
  awk '{ printf "%.1f %.0f", $1 + $2, $3 / 1024 }' "$out"
  rm -f "$out"
}

printf '%-6s %10s %10s %s\n' crate cpu-s peak-MiB what
for w in "${which[@]}"; do
  case $w in
    one) models_crate one 'let _ = graph::DeviceManagementSettings::default(); let _ = &client;' --type deviceManagementSettings
         what="one generated type (deviceManagementSettings)";;
    dm)  models_crate dm 'let _ = graph::DeviceManagement::get(&client, graph::DeviceManagementPath).await;' --type deviceManagement
         what="the deviceManagement closure";;
    nav) models_crate nav 'let _ = graph::DeviceManagement::get(&client, graph::DeviceManagementPath).await;' --type deviceManagement --navigation
         what="the deviceManagement closure through its navigation properties (all of Intune)";;
    all) models_crate all 'let _ = graph::DeviceManagement::get(&client, graph::DeviceManagementPath).await;'
         what="all of v1.0";;
    gen-three) models_crate gen-three 'let _ = graph::DeviceCompliancePolicy::list(&client, graph::DeviceCompliancePolicyPath).all().await;' --type user --type group --type deviceCompliancePolicy
         what="generated: user, group, deviceCompliancePolicy (the generator route)";;
    area-dm) area_crate "$w" '["device-management"]'; what="ready models: device-management";;
    area-three) area_crate "$w" '["users", "groups", "device-management"]'; what="ready models: users, groups, device-management";;
    area-all) area_crate "$w" '["all"]'; what="ready models: every area";;
    sdk) sdk_crate; what="graph-rs-sdk 3.0.1, one call";;
    *) echo "unknown crate $w: one, dm, nav, all, gen-three, area-dm, area-three, area-all or sdk" >&2; exit 2;;
  esac
  read -r cpu mem <<< "$(measure "$w")"
  case $w in
    sdk) lines="-";;
    area-*) lines="ready";;
    *) lines=$(wc -l < "$work/$w/src/graph.rs");;
  esac
  printf '%-6s %10s %10s %s (%s generated lines)\n' "$w" "$cpu" "$mem" "$what" "$lines"
done
