#!/usr/bin/env bash
# Build-time cost of graph-resource beside hand-written serde + reqwest code.
#
# Generates two downstream crates with N resources each (N = 1, 50, 200 by
# default): one written with #[graph_resource], one by hand with serde
# derives and reqwest calls that do the same (create, get, delete). Then
# times, for each:
#   - a full clean build (dependencies included), for the largest N;
#   - a clean build of the crate itself, dependencies already built;
#   - an incremental rebuild after a one-line change;
# and prints the ratios, and the lines of expanded code per resource.
#
#   scripts/bench-compile.sh            # N = 1 50 200
#   scripts/bench-compile.sh 10 100     # other sizes
#   WIRE_TYPES=1 scripts/bench-compile.sh
#                                       # each struct also has a date-time,
#                                       # binary content and a duration: the
#                                       # crate's edm types, or by hand time's
#                                       # rfc3339, base64 and an ISO module
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 50 200)
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
echo "# crates in $work; rustc $(rustc --version | cut -d' ' -f2); $(nproc) cores; WIRE_TYPES=${WIRE_TYPES:-0}"

macro_fields="" hand_fields="" hand_deps="" hand_modules=""
if [ "${WIRE_TYPES:-0}" = 1 ]; then
  macro_fields='    /// Created.
    pub created_date_time: Option<graph_resource::edm::DateTimeOffset>,
    /// Content.
    pub content: Option<graph_resource::edm::Binary>,
    /// Interval.
    pub interval: Option<graph_resource::edm::Duration>,'
  hand_fields='    /// Created.
    #[serde(with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none", default)]
    pub created_date_time: Option<time::OffsetDateTime>,
    /// Content.
    #[serde(with = "base64_option", skip_serializing_if = "Option::is_none", default)]
    pub content: Option<Vec<u8>>,
    /// Interval.
    #[serde(with = "iso_hours", skip_serializing_if = "Option::is_none", default)]
    pub interval: Option<std::time::Duration>,'
  hand_deps='base64 = "0.22"
time = { version = "0.3", features = ["serde", "parsing", "formatting"] }'
  hand_modules='mod base64_option {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};
    pub(super) fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v { Some(b) => s.serialize_str(&STANDARD.encode(b)), None => s.serialize_none() }
    }
    pub(super) fn deserialize<'"'"'de, D: Deserializer<'"'"'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let t: Option<&str> = Option::deserialize(d)?;
        t.map(|t| STANDARD.decode(t).map_err(serde::de::Error::custom)).transpose()
    }
}
mod iso_hours {
    use serde::{Deserialize, Deserializer, Serializer};
    pub(super) fn serialize<S: Serializer>(v: &Option<std::time::Duration>, s: S) -> Result<S::Ok, S::Error> {
        match v { Some(d) => s.collect_str(&format_args!("PT{}H", d.as_secs() / 3600)), None => s.serialize_none() }
    }
    pub(super) fn deserialize<'"'"'de, D: Deserializer<'"'"'de>>(d: D) -> Result<Option<std::time::Duration>, D::Error> {
        let t: Option<&str> = Option::deserialize(d)?;
        t.map(|t| t.strip_prefix("PT").and_then(|h| h.strip_suffix('"'"'H'"'"')).and_then(|h| h.parse::<u64>().ok())
            .map(|h| std::time::Duration::from_secs(h * 3600)).ok_or_else(|| serde::de::Error::custom("not PT{n}H")))
            .transpose()
    }
}'
fi

gen_crate() { # kind n dir
  local kind=$1 n=$2 dir=$3
  mkdir -p "$dir/src"
  if [ "$kind" = macro ]; then
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-$kind-$n"
version = "0.1.0"
edition = "2024"
publish = false
[dependencies]
graph-resource = { path = "$root/runtime" }
[workspace]
TOML
    {
      echo 'use graph_resource::{graph_resource, Client, Error, ResourcePath};'
      for i in $(seq 1 "$n"); do
        cat <<RS
/// Resource $i.
#[graph_resource(path = "/groups/{groupId}/things$i")]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thing$i {
    /// Id.
    pub id: Option<String>,
    /// Name.
    pub display_name: Option<String>,
    /// Count.
    pub count: Option<i64>,
    /// Enabled.
    pub enabled: Option<bool>,
    /// Tags.
    pub tags: Option<Vec<String>>,
$macro_fields
}
/// Creates, reads back and deletes one.
pub async fn round_trip_$i(client: &Client, group: &str, t: &Thing$i) -> Result<Thing$i, Error> {
    let path = Thing${i}Path { group_id: group };
    let created = t.create(client, path).await?;
    let id = created.id.clone().unwrap_or_default();
    let read = Thing$i::get(client, path.item(&id)).await?;
    Thing$i::delete(client, path.item(&id)).await?;
    Ok(read)
}
RS
      done
    } > "$dir/src/lib.rs"
  else
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-$kind-$n"
version = "0.1.0"
edition = "2024"
publish = false
[dependencies]
percent-encoding = "2.3"
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "http2"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
uuid = { version = "1", features = ["v4"] }
$hand_deps
[workspace]
TOML
    {
      cat <<'RS'
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// An error: the status and body of a failed call, or the cause.
#[derive(Debug)]
pub enum Error {
    /// Graph answered with an error.
    Api(u16, String),
    /// The request failed.
    Http(reqwest::Error),
    /// The body did not parse.
    Json(serde_json::Error),
}

/// A client: reqwest, a base URL and a token.
pub struct Client {
    /// The HTTP client.
    pub http: reqwest::Client,
    /// The base URL.
    pub base: String,
    /// The token.
    pub token: String,
}

async fn send<T: DeserializeOwned>(c: &Client, method: reqwest::Method, path: String, body: Option<Vec<u8>>) -> Result<Option<T>, Error> {
    let mut r = c
        .http
        .request(method, format!("{}{}", c.base, path))
        .bearer_auth(&c.token)
        .header("accept", "application/json")
        .header("client-request-id", uuid::Uuid::new_v4().to_string());
    if let Some(body) = body {
        r = r.header("content-type", "application/json").body(body);
    }
    let answer = r.send().await.map_err(Error::Http)?;
    let status = answer.status();
    let bytes = answer.bytes().await.map_err(Error::Http)?;
    if !status.is_success() {
        return Err(Error::Api(status.as_u16(), String::from_utf8_lossy(&bytes).into_owned()));
    }
    if bytes.is_empty() {
        return Ok(None);
    }
    serde_json::from_slice(&bytes).map(Some).map_err(Error::Json)
}
RS
      echo "$hand_modules"
      for i in $(seq 1 "$n"); do
        cat <<RS
/// Resource $i.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@odata.type", rename = "#microsoft.graph.thing$i", rename_all = "camelCase")]
pub struct Thing$i {
    /// Id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// Count.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub count: Option<i64>,
    /// Enabled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub enabled: Option<bool>,
    /// Tags.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<Vec<String>>,
$hand_fields
}
/// Creates, reads back and deletes one.
pub async fn round_trip_$i(client: &Client, group: &str, t: &Thing$i) -> Result<Thing$i, Error> {
    let path = format!("/groups/{}/things$i", utf8_percent_encode(group, SEGMENT));
    let body = serde_json::to_vec(t).map_err(Error::Json)?;
    let created: Thing$i = send(client, reqwest::Method::POST, path.clone(), Some(body)).await?.ok_or(Error::Api(201, String::new()))?;
    let item = format!("{path}/{}", utf8_percent_encode(created.id.as_deref().unwrap_or_default(), SEGMENT));
    let read: Thing$i = send(client, reqwest::Method::GET, item.clone(), None).await?.ok_or(Error::Api(200, String::new()))?;
    send::<serde_json::Value>(client, reqwest::Method::DELETE, item, None).await?;
    Ok(read)
}
RS
      done
    } > "$dir/src/lib.rs"
  fi
}

seconds() { # dir target -> seconds of `cargo build`
  local start end
  start=$(date +%s.%N)
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo build -q 2>&1) >&2
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

expanded_lines() { # dir target
  (cd "$1" && CARGO_TARGET_DIR="$2" RUSTC_BOOTSTRAP=1 cargo rustc -q --lib -- -Zunpretty=expanded 2>/dev/null) | grep -c . || true
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

largest=${sizes[-1]}
printf '\n%-6s %-6s %12s %12s %12s\n' N kind full-clean crate-clean incremental
declare -A result
for n in "${sizes[@]}"; do
  for kind in macro hand; do
    dir="$work/$kind-$n"
    target="$work/target-$kind"
    gen_crate "$kind" "$n" "$dir"
    full="-"
    if [ "$n" = "$largest" ]; then
      rm -rf "$work/target-full-$kind"
      full=$(seconds "$dir" "$work/target-full-$kind")
    fi
    seconds "$dir" "$target" > /dev/null # dependencies, once per kind
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean -q -p "bench-$kind-$n")
    crate=$(seconds "$dir" "$target")
    echo "// touched" >> "$dir/src/lib.rs"
    incr=$(seconds "$dir" "$target")
    result[$kind-$n]="$full $crate $incr"
    printf '%-6s %-6s %12s %12.2f %12.2f\n' "$n" "$kind" "$full" "$crate" "$incr"
  done
done

echo
echo "ratios, #[graph_resource] / hand-written (at most 1.3 is the target at N = 200):"
for n in "${sizes[@]}"; do
  read -r mf mc mi <<< "${result[macro-$n]}"
  read -r hf hc hi <<< "${result[hand-$n]}"
  line="N = $n: crate clean build $(ratio "$mc" "$hc"), incremental $(ratio "$mi" "$hi")"
  [ "$mf" != "-" ] && line="$line, full clean build $(ratio "$mf" "$hf")"
  echo "$line"
done

if [ ${#sizes[@]} -ge 2 ]; then
  a=${sizes[0]}; b=${sizes[1]}
  for kind in macro hand; do
    la=$(expanded_lines "$work/$kind-$a" "$work/target-$kind")
    lb=$(expanded_lines "$work/$kind-$b" "$work/target-$kind")
    echo "expanded lines per resource ($kind): $(( (lb - la) / (b - a) ))"
  done
fi
