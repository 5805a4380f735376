#!/usr/bin/env bash
# Build cost of the seed call: a one-file crate that makes the seed create
# (POST an enrollmentConfigurationAssignment, read the 201) with
# graph-resource without its default features (the call needs none of
# them, as the call by hand turns off reqwest's), beside the same call
# written by hand with reqwest (rustls with ring, as graph-resource
# uses), serde derives and serde_json. Each is built clean in release, dependencies included, ROUNDS
# times, alternating so that the machine's drift falls on both; prints the
# CPU seconds (user + system) of each build and the ratio of the medians.
#
#   scripts/bench-seed-build.sh          # 2 rounds
#   ROUNDS=3 scripts/bench-seed-build.sh
#   CARGO_TIMINGS=1 scripts/bench-seed-build.sh
#                                        # also writes cargo's --timings
#                                        # report of graph-resource's build
#   PER_CRATE=1 scripts/bench-seed-build.sh
#                                        # each round times every rustc
#                                        # (scripts/rustc-time) and prints
#                                        # the crates whose CPU differs and
#                                        # the ratio of rustc's CPU alone
#   REACH=1 scripts/bench-seed-build.sh
#                                        # also prints the runtime's machine
#                                        # code by module: how much of it the
#                                        # seed program keeps (the linker
#                                        # drops what no call reaches)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-2}"
work="${BENCH_DIR:-$(mktemp -d)}"
echo "# graph-resource at $root ($(git -C "$root" rev-parse --short HEAD)); rustc $(rustc --version | cut -d' ' -f2); $(nproc) cores; crates in $work"

make_crate() {
  local dir="$1" kind="$2"
  mkdir -p "$dir/src"
  if [ "$kind" = graph-resource ]; then
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "seed-graph-resource"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
graph-resource = { path = "$root/runtime", default-features = false }
graph-resource-models = { path = "$root/models" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
    cat > "$dir/src/main.rs" <<'RUST'
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath, GroupAssignmentTarget,
};
use graph_resource::{Client, StaticToken};

#[tokio::main]
async fn main() -> Result<(), graph_resource::Error> {
    let client = Client::new(StaticToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default()));
    let path = EnrollmentConfigurationAssignmentPath { users_id: "adele@contoso.com", device_enrollment_configuration_id: "c1" };
    let created = EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        target: Some(GroupAssignmentTarget { group_id: Some("g1".into()), ..Default::default() }.into()),
        ..Default::default()
    }
    .create(&client, path)
    .await?;
    println!("{:?}", created.id());
    Ok(())
}
RUST
  else
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "seed-by-hand"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "http2", "json"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
percent-encoding = "2"

[workspace]
TOML
    cat > "$dir/src/main.rs" <<'RUST'
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Assignment {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<Target>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "@odata.type")]
enum Target {
    #[serde(rename = "#microsoft.graph.groupAssignmentTarget", rename_all = "camelCase")]
    Group { group_id: Option<String> },
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let token = std::env::var("GRAPH_TOKEN").unwrap_or_default();
    let url = format!(
        "https://graph.microsoft.com/beta/users/{}/deviceEnrollmentConfigurations/{}/assignments",
        utf8_percent_encode("adele@contoso.com", NON_ALPHANUMERIC),
        utf8_percent_encode("c1", NON_ALPHANUMERIC),
    );
    let body = Assignment {
        source: Some("direct".into()),
        target: Some(Target::Group { group_id: Some("g1".into()) }),
        ..Default::default()
    };
    let response = client.post(url).bearer_auth(token).json(&body).send().await?;
    if response.status() != reqwest::StatusCode::CREATED {
        return Err(format!("Graph answered {}", response.status()).into());
    }
    let created: Assignment = response.json().await?;
    println!("{:?}", created.id);
    Ok(())
}
RUST
  fi
  cp "$root/Cargo.lock" "$dir/Cargo.lock" 2>/dev/null || true
  (cd "$dir" && cargo fetch -q)
}

# CPU seconds of one clean release build of the crate in $1.
build() {
  local dir="$1" timings=""
  rm -rf "$dir/target" "$dir/rustc.log"
  [ "${CARGO_TIMINGS:-0}" = 1 ] && timings="--timings"
  local wrapper=()
  [ "${PER_CRATE:-0}" = 1 ] && wrapper=(env RUSTC_WRAPPER="$root/scripts/rustc-time" RUSTC_TIME_LOG="$dir/rustc.log")
  /usr/bin/time -o "$dir/time.txt" -f '%U %S' "${wrapper[@]}" cargo build -q --release $timings --manifest-path "$dir/Cargo.toml" >/dev/null 2>"$dir/build.log" \
    || { echo "the build in $dir failed: see $dir/build.log" >&2; exit 1; }
  read -r user sys <"$dir/time.txt"
  echo "$user + $sys" | bc
}

make_crate "$work/graph-resource" graph-resource
make_crate "$work/by-hand" by-hand
ours=() theirs=()
for round in $(seq "$rounds"); do
  a=$(build "$work/graph-resource")
  b=$(build "$work/by-hand")
  ours+=("$a") theirs+=("$b")
  printf 'round %d: graph-resource %6.1f CPU s, by hand %6.1f CPU s, ratio %.3f\n' "$round" "$a" "$b" "$(echo "$a / $b" | bc -l)"
  if [ "${PER_CRATE:-0}" = 1 ]; then
    # CPU by crate on each side; the rows that differ by more than 0.15 s.
    for side in graph-resource by-hand; do
      awk '{ cpu[$1] += $2 } END { for (c in cpu) print c, cpu[c] }' "$work/$side/rustc.log" | sort >"$work/$side/crates.txt"
    done
    join -a1 -a2 -e 0 -o 0,1.2,2.2 "$work/graph-resource/crates.txt" "$work/by-hand/crates.txt" |
      awk '{ d = $2 - $3; if (d > 0.15 || d < -0.15) printf "  %-28s %6.2f %6.2f %+6.2f\n", $1, $2, $3, d }' | sort -k4 -g -r
    awk 'FNR == 1 { side++ } { cpu[side] += $2 }
         END { printf "  rustc alone: graph-resource %.1f, by hand %.1f CPU s: %.3fx\n", cpu[1], cpu[2], cpu[1] / cpu[2] }' \
      "$work/graph-resource/rustc.log" "$work/by-hand/rustc.log"
  fi
done
# The runtime's machine code (each function's size in the object files of
# its rlib, by nm) against what the seed's binary keeps of it, by the module
# that defines the function (std's, serde_json's and others' generics
# instantiated by the runtime count under their own crate, drop glue under
# the type it drops).
reach() {
  local release="$work/graph-resource/target/release" objects
  objects="$(mktemp -d)"
  (cd "$objects" && ar x "$(ls -t "$release"/deps/libgraph_resource-*.rlib | head -1)")
  nm --defined-only "$release/seed-graph-resource" | awk '{ print $3 }' | sort -u >"$objects/kept.txt"
  nm -S --radix=d --defined-only "$objects"/*.o | awk 'NF == 4 && $3 ~ /^[tTwW]$/ { print $4, $2 + 0 }' >"$objects/sizes.txt"
  paste -d' ' "$objects/sizes.txt" <(cut -d' ' -f1 "$objects/sizes.txt" | c++filt) |
    awk -v kept="$objects/kept.txt" '
      BEGIN { while ((getline s <kept) > 0) keep[s] = 1 }
      {
        size = $2; name = $3; for (i = 4; i <= NF; i++) name = name " " $i
        # Drop glue counts with the type it drops.
        sub(/^core::ptr::drop_in_place</, "", name); sub(/^(<|&|mut )+/, "", name); split(name, part, "::")
        module = part[1] == "graph_resource" ? part[1] "::" part[2] "::" part[3] : part[1]
        sub(/\[[0-9a-f]+\]$/, "", module)
        all[module] += size; total += size
        if ($1 in keep) { used[module] += size; kept_total += size }
      }
      END {
        printf "  the runtime'"'"'s machine code: %d bytes; the seed keeps %d (%.0f%%)\n", total, kept_total, 100 * kept_total / total
        for (m in all) if (all[m] >= 2000) printf "  %-36s %7d %7d\n", m, all[m], used[m] | "sort -k2,2 -n -r"
      }'
  rm -rf "$objects"
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
m_ours=$(median "${ours[@]}") m_theirs=$(median "${theirs[@]}")
printf 'median: graph-resource %.1f, by hand %.1f CPU s: %.3fx\n' "$m_ours" "$m_theirs" "$(echo "$m_ours / $m_theirs" | bc -l)"
if [ "${REACH:-0}" = 1 ]; then
  echo "machine code by module (bytes in the runtime, bytes the seed keeps):"
  reach
fi
[ "${CARGO_TIMINGS:-0}" = 1 ] && echo "cargo's timings: $work/graph-resource/target/cargo-timings/cargo-timing.html"
