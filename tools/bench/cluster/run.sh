#!/usr/bin/env bash
# County officers against the local cluster (loopback only, bounded): tools/cluster's primary and
# hot standby, generated data imported through the API, then the officers' mix of rp-load (tiles,
# OGC items, reports, household pages, a few writes) for 1 and 2 instances, each without a standby
# (one-host RP_DATABASE_URL) and with one (multi-host). Prints throughput, p50/p95/p99, errors and
# the CPU seconds per request of the service and of each PostgreSQL server (from /proc), and the
# projection of what one more machine adds. Cleans up after itself.
#   tools/bench/cluster/run.sh [DURATION=30] [CONCURRENCY=8] [HOUSEHOLDS=30000] [ROADS=50000]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
DURATION=${1:-30}; CONCURRENCY=${2:-8}; HOUSEHOLDS=${3:-30000}; ROADS=${4:-50000}
source "$ROOT/tools/bench/service.sh"
tmp=$(mktemp -d /tmp/rp-bench-cluster.XXXXXX); chmod 755 "$tmp"
pids=()
cleanup() {
  local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  "$ROOT/tools/cluster" down --dir "$tmp/c" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

RP_LOAD_DEMO=1 "$ROOT/tools/cluster" up --dir "$tmp/c" >/dev/null
# name=value lines; values hold ';' (connection strings), so they are read, not sourced.
while IFS='=' read -r k v; do printf -v "$k" '%s' "$v"; done < "$tmp/c/cluster.env"
# The cluster's own instances make way for the ones measured here (the same build).
kill "$RP_CLUSTER_A_PID" "$RP_CLUSTER_B_PID"
api_dll=$RP_CLUSTER_BUILD/RelocationPlanner.Api.dll
primary_only="Host=127.0.0.1:$(cat "$RP_CLUSTER_PRIMARY_DIR/rp.port");${RP_CLUSTER_SERVICE_DB#*;}"
dotnet build "$ROOT/tools/bench/load" -c Release -nologo -v q >/dev/null
load=$ROOT/tools/bench/load/bin/Release/net10.0/rp-load.dll

echo "generating $HOUSEHOLDS households, 2,000 sites, $ROADS roads..."
RP_DATABASE_URL=$RP_CLUSTER_OWNER "$ROOT/tools/rp" generate --roads "$ROADS" --sites 2000 --households "$HOUSEHOLDS" --seed 3 --output "$tmp/gen" >/dev/null
TOKEN=$(RP_DATABASE_URL=$RP_CLUSTER_OWNER "$ROOT/tools/rp" users add "bench-$$" --role admin | tail -n 1)
start() { bench_start_service "$1" "$tmp/svc.log"; pids+=("$svc_pid"); }

# Imports one file through the API and waits for its background job.
import_file() {
  local path=$1 target=$2 type=$3 headers location status
  headers=$(curl -sS -D - -o "$tmp/import.json" -H "Authorization: Bearer $TOKEN" -H "Content-Type: $type" --data-binary "@$path" "$api$target")
  location=$(awk 'tolower($1)=="location:" {print $2}' <<<"$headers" | tr -d '\r')
  [[ -n $location ]] || return 0 # answered at once (small file)
  while status=$(curl -sf -H "Authorization: Bearer $TOKEN" "$api$location" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'); do
    [[ $status == succeeded ]] && return 0
    [[ $status == failed ]] && { echo "import of $path failed" >&2; exit 1; }
    sleep 1
  done
}
start "$primary_only"
echo "importing through the API..."
import_file "$tmp/gen/sites.geojson" /api/sites/import application/geo+json
import_file "$tmp/gen/roads.geojson" /api/roads/import application/geo+json
import_file "$tmp/gen/households.csv" /api/households/import text/csv
kill "$svc_pid"; wait "$svc_pid" 2>/dev/null || true

clk=$(getconf CLK_TCK)
# CPU ticks of a process and its children (a postmaster's backends, exited ones included).
tree_ticks() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v r="$1" '$1 == r { s += $14 + $15 + $16 + $17 } $4 == r { s += $14 + $15 } END { print s + 0 }'; }
postmaster() { head -n 1 "$1/postmaster.pid"; }
busy_total() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

printf '%-26s %8s %7s %7s %7s %6s %9s %9s %9s %6s\n' configuration "req/s" "p50 ms" "p95 ms" "p99 ms" errors "svc ms" "prim ms" "stby ms" "busy"
run_config() {
  local name=$1 n=$2 db=$3 urls="" i svc0=0 svc1=0 p
  pids=()
  for ((i = 0; i < n; i++)); do start "$db"; urls="$urls${urls:+,}$api"; done
  dotnet "$load" --url "$urls" --token "$TOKEN" --duration 5 --concurrency "$CONCURRENCY" --mix officers >/dev/null 2>&1 || true # warm-up
  for p in "${pids[@]}"; do svc0=$((svc0 + $(tree_ticks "$p"))); done
  local pr0 sb0 m0; pr0=$(tree_ticks "$(postmaster "$RP_CLUSTER_PRIMARY_DIR")"); sb0=$(tree_ticks "$(postmaster "$RP_CLUSTER_STANDBY_DIR")"); m0=$(busy_total)
  dotnet "$load" --url "$urls" --token "$TOKEN" --duration "$DURATION" --concurrency "$CONCURRENCY" --mix officers > "$tmp/load.out" 2>/dev/null || true
  for p in "${pids[@]}"; do svc1=$((svc1 + $(tree_ticks "$p"))); done
  local pr1 sb1 m1; pr1=$(tree_ticks "$(postmaster "$RP_CLUSTER_PRIMARY_DIR")"); sb1=$(tree_ticks "$(postmaster "$RP_CLUSTER_STANDBY_DIR")"); m1=$(busy_total)
  local line; line=$(grep '^load-summary:' "$tmp/load.out") || { cat "$tmp/load.out"; exit 1; }
  eval "$(sed 's/^load-summary: //' <<<"$line")"
  # shellcheck disable=SC2154 # requests, seconds, p50.. come from the summary line
  awk -v name="$name" -v req="$requests" -v s="$seconds" -v p50="$p50" -v p95="$p95" -v p99="$p99" -v err="$errors" \
      -v svc=$((svc1 - svc0)) -v pr=$((pr1 - pr0)) -v sb=$((sb1 - sb0)) -v clk="$clk" -v m0="$m0" -v m1="$m1" 'BEGIN {
    split(m0, a, " "); split(m1, b, " ");
    printf "%-26s %8.1f %7.1f %7.1f %7.1f %6d %9.2f %9.2f %9.2f %5.0f%%\n", name, req / s, p50, p95, p99, err,
      1000 * svc / clk / req, 1000 * pr / clk / req, 1000 * sb / clk / req, 100 * (b[1] - a[1]) / (b[2] - a[2]) }'
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
run_config "1 instance, primary only" 1 "$primary_only"
run_config "2 instances, primary only" 2 "$primary_only"
run_config "1 instance + standby" 1 "$RP_CLUSTER_SERVICE_DB"
run_config "2 instances + standby" 2 "$RP_CLUSTER_SERVICE_DB"
echo "(svc/prim/stby ms: CPU milliseconds per request of the service processes, the primary and the standby; busy: the machine's CPU use, $(nproc) cores)"
echo "data: demo + $HOUSEHOLDS households, 2,000 sites, $ROADS roads; $CONCURRENCY workers for $DURATION s per configuration"
