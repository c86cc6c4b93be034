#!/usr/bin/env bash
# County officers against the local cluster (loopback only, bounded): tools/cluster's primary and
# hot standby, generated data imported through the API, then rp-load's officers' mix (tiles, OGC
# items, county reports, household pages, a few site writes) for 1 and 2 instances, each without a
# standby (one-host RP_DATABASE_URL) and with one (multi-host: reads that tolerate lag go to the
# standby). Prints throughput, p50/p95/p99, errors, the CPU milliseconds per request of each service
# instance and of each PostgreSQL server (utime+stime from /proc, a postmaster's exited backends
# included), the machine's busy share and load average, and the projection: what one more machine
# adds and how many cores a province and the nation need (arithmetic from the CPU per request).
# Cleans up after itself.
#   tools/bench/cluster/run.sh [DURATION=30] [CONCURRENCY=8] [HOUSEHOLDS=30000] [ROADS=50000] [SITES=2000]
# Projection settings (environment): RP_BENCH_CORES (cores of one real machine, 16),
# RP_BENCH_OFFICERS (officers at work per county at peak, 5), RP_BENCH_RATE (requests/s of one
# active officer, 1).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
DURATION=${1:-30}; CONCURRENCY=${2:-8}; HOUSEHOLDS=${3:-30000}; ROADS=${4:-50000}; SITES=${5:-2000}
CORES=${RP_BENCH_CORES:-16}; OFFICERS=${RP_BENCH_OFFICERS:-5}; RATE=${RP_BENCH_RATE:-1}
# Bounded: a run on a shared machine must end.
if ((DURATION < 5 || DURATION > 600 || CONCURRENCY < 1 || CONCURRENCY > 64 || HOUSEHOLDS > 3000000 || ROADS > 2000000 || SITES > 100000)); then
  echo "run.sh: DURATION 5-600 s, CONCURRENCY 1-64, HOUSEHOLDS <= 3M, ROADS <= 2M, SITES <= 100k" >&2; exit 2
fi
source "$ROOT/tools/bench/service.sh"
tmp=$(mktemp -d /tmp/rp-bench-cluster.XXXXXX); chmod 755 "$tmp"
pids=()
cleanup() {
  local p; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  "$ROOT/tools/cluster" down --dir "$tmp/c" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

say "starting the cluster (primary, hot standby; tools/cluster)..."
RP_LOAD_DEMO=1 "$ROOT/tools/cluster" up --dir "$tmp/c" >/dev/null
# name=value lines; values hold ';' (connection strings), so they are read, not sourced.
while IFS='=' read -r k v; do printf -v "$k" '%s' "$v"; done < "$tmp/c/cluster.env"
# The cluster's own instances and HAProxy make way for the instances measured here (the same build).
kill "$RP_CLUSTER_A_PID" "$RP_CLUSTER_B_PID" "$(cat "$tmp/c/haproxy.pid")"
api_dll=$RP_CLUSTER_BUILD/RelocationPlanner.Api.dll
primary_only="Host=127.0.0.1:$(cat "$RP_CLUSTER_PRIMARY_DIR/rp.port");${RP_CLUSTER_SERVICE_DB#*;}"
dotnet build "$ROOT/tools/bench/load" -c Release -nologo -v q >/dev/null
load=$ROOT/tools/bench/load/bin/Release/net10.0/rp-load.dll
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
sql() { "$PG_BIN/psql" "$1" -v ON_ERROR_STOP=1 -qtAc "$2"; }

say "generating $HOUSEHOLDS households, $SITES sites, $ROADS roads..."
RP_DATABASE_URL=$RP_CLUSTER_OWNER "$ROOT/tools/rp" generate --roads "$ROADS" --sites "$SITES" --households "$HOUSEHOLDS" --seed 3 --output "$tmp/gen" >/dev/null
TOKEN=$(RP_DATABASE_URL=$RP_CLUSTER_OWNER "$ROOT/tools/rp" users add "bench-$$" --role admin | tail -n 1)
start() { bench_start_service "$1" "$tmp/svc.log" RP_IMPORT_DIR="$tmp/spool"; pids+=("$svc_pid"); }

# Imports one file through the API and waits for its background job.
import_file() {
  local path=$1 target=$2 type=$3 headers location status t0=$SECONDS
  headers=$(curl -sS -D - -o "$tmp/import.json" -H "Authorization: Bearer $TOKEN" -H "Content-Type: $type" --data-binary "@$path" "$api$target")
  location=$(awk 'tolower($1)=="location:" {print $2}' <<<"$headers" | tr -d '\r')
  if [[ -n $location ]]; then
    while status=$(curl -sf -H "Authorization: Bearer $TOKEN" "$api$location" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'); do
      [[ $status == succeeded ]] && break
      [[ $status == failed ]] && { echo "import of $path failed:" >&2; curl -s -H "Authorization: Bearer $TOKEN" "$api$location" >&2; exit 1; }
      sleep 1
    done
  elif ! grep -q '^HTTP/[0-9.]* 20[01]' <<<"$headers"; then
    echo "import of $path refused:" >&2; head -c 600 "$tmp/import.json" >&2; echo >&2; exit 1
  fi
  say "  $(basename "$path"): $((SECONDS - t0)) s"
}
say "importing through the API..."
start "$primary_only"
# The origin villages the generated households name ({county}0001 .. {county}0400), as points in
# the demo's counties, so the household import's reference checks find them.
sql "$RP_CLUSTER_OWNER" "SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object('type', 'Feature',
    'geometry', ST_AsGeoJSON(ST_PointOnSurface(u.geom))::json,
    'properties', json_build_object('code', u.code || lpad(n::text, 4, '0'), 'name', '村' || n, 'unit_code', u.code))))
  FROM admin_units u CROSS JOIN generate_series(1, 400) n WHERE u.level = 'county'" > "$tmp/gen/settlements.geojson"
import_file "$tmp/gen/settlements.geojson" /api/settlements/import application/geo+json
import_file "$tmp/gen/sites.geojson" /api/sites/import application/geo+json
import_file "$tmp/gen/roads.geojson" /api/roads/import application/geo+json
import_file "$tmp/gen/households.csv" /api/households/import text/csv
kill "$svc_pid"; wait "$svc_pid" 2>/dev/null || true; pids=()
# Fresh statistics and no autovacuum backlog inside the measurements.
sql "$RP_CLUSTER_PRIMARY_ADMIN" "VACUUM ANALYZE" >/dev/null
data="$(sql "$RP_CLUSTER_OWNER" "SELECT format('%s households, %s sites, %s roads, database %s', (SELECT count(*) FROM households), (SELECT count(*) FROM sites), (SELECT count(*) FROM roads), pg_size_pretty(pg_database_size(current_database())))")"
say "data: $data"
say "load average before the measurements: $(cut -d' ' -f1-3 /proc/loadavg)"

clk=$(getconf CLK_TCK)
# CPU ticks of a process and its children (a postmaster's backends, exited ones included).
tree_ticks() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v r="$1" '$1 == r { s += $14 + $15 + $16 + $17 } $4 == r { s += $14 + $15 } END { print s + 0 }'; }
postmaster() { head -n 1 "$1/postmaster.pid"; }
busy_total() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
# Waits until the standby has replayed everything the primary wrote (each configuration starts level).
caught_up() {
  local lsn; lsn=$(sql "$RP_CLUSTER_PRIMARY_ADMIN" "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 600); do
    [[ $(sql "$RP_CLUSTER_STANDBY_ADMIN" "SELECT pg_last_wal_replay_lsn() >= '$lsn'") == t ]] && return 0
    sleep 0.1
  done
  say "the standby did not catch up in 60 s"; exit 1
}

results=$tmp/results
printf '%-26s %7s %7s %7s %7s %6s %13s %8s %8s %5s %5s\n' configuration "req/s" "p50 ms" "p95 ms" "p99 ms" errors "inst ms/req" "prim ms" "stby ms" busy load
run_config() {
  local name=$1 n=$2 db=$3 urls="" i p
  say "$name: starting $n instance(s), warming up..."
  for ((i = 0; i < n; i++)); do start "$db"; urls="$urls${urls:+,}$api"; done
  caught_up
  dotnet "$load" --url "$urls" --token "$TOKEN" --duration 5 --concurrency "$CONCURRENCY" --mix officers >/dev/null 2>&1 || true
  local svc0=() svc1=()
  for p in "${pids[@]}"; do svc0+=("$(tree_ticks "$p")"); done
  local pr0 sb0 m0; pr0=$(tree_ticks "$(postmaster "$RP_CLUSTER_PRIMARY_DIR")"); sb0=$(tree_ticks "$(postmaster "$RP_CLUSTER_STANDBY_DIR")"); m0=$(busy_total)
  say "$name: measuring for $DURATION s..."
  dotnet "$load" --url "$urls" --token "$TOKEN" --duration "$DURATION" --concurrency "$CONCURRENCY" --mix officers > "$tmp/load.out" 2>"$tmp/load.err" || true
  for p in "${pids[@]}"; do svc1+=("$(tree_ticks "$p")"); done
  local pr1 sb1 m1 load1; pr1=$(tree_ticks "$(postmaster "$RP_CLUSTER_PRIMARY_DIR")"); sb1=$(tree_ticks "$(postmaster "$RP_CLUSTER_STANDBY_DIR")"); m1=$(busy_total)
  load1=$(cut -d' ' -f1 /proc/loadavg)
  local line; line=$(grep '^load-summary:' "$tmp/load.out") || { cat "$tmp/load.out" "$tmp/load.err"; exit 1; }
  grep -q '  .*: [45][0-9][0-9] ' "$tmp/load.err" && { echo "  first errors of $name:" >&2; head -n 3 "$tmp/load.err" >&2; }
  local svc=""; for i in "${!pids[@]}"; do svc="$svc${svc:+ }$((svc1[i] - svc0[i]))"; done
  # shellcheck disable=SC2154 # requests, seconds, p50.. come from the summary line
  eval "$(sed 's/^load-summary: //' <<<"$line")"
  awk -v name="$name" -v req="$requests" -v s="$seconds" -v p50="$p50" -v p95="$p95" -v p99="$p99" -v err="$errors" \
      -v svc="$svc" -v per="$per_url" -v pr=$((pr1 - pr0)) -v sb=$((sb1 - sb0)) -v clk="$clk" -v m0="$m0" -v m1="$m1" \
      -v load1="$load1" -v out="$results" 'BEGIN {
    split(m0, a, " "); split(m1, b, " "); k = split(svc, t, " "); split(per, q, ",");
    each = ""; total = 0;
    for (i = 1; i <= k; i++) { each = each (i > 1 ? "+" : "") (q[i] > 0 ? sprintf("%.2f", 1000 * t[i] / clk / q[i]) : "-"); total += t[i] }
    printf "%-26s %7.1f %7.1f %7.1f %7.1f %6d %13s %8.2f %8.2f %4.0f%% %5.1f\n", name, req / s, p50, p95, p99, err,
      each, 1000 * pr / clk / req, 1000 * sb / clk / req, 100 * (b[1] - a[1]) / (b[2] - a[2]), load1
    # For the projection: service, primary and standby CPU ms per request.
    printf "%s|%f|%f|%f\n", name, 1000 * total / clk / req, 1000 * pr / clk / req, 1000 * sb / clk / req >> out }'
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
run_config "1 instance, primary only" 1 "$primary_only"
run_config "2 instances, primary only" 2 "$primary_only"
run_config "1 instance + standby" 1 "$RP_CLUSTER_SERVICE_DB"
run_config "2 instances + standby" 2 "$RP_CLUSTER_SERVICE_DB"
echo "inst ms/req: CPU ms per request answered by each service instance; prim/stby ms: the primary's and the standby's CPU ms per"
echo "request (primary only: the standby's is WAL replay); busy: the whole machine's CPU use ($(nproc) cores, other work included);"
echo "load: 1-minute load average at the end. Data: $data; officers' mix, $CONCURRENCY workers, $DURATION s per configuration."

# The projection, from the "2 instances + standby" row: s, p, r CPU ms per request of the service,
# the primary and the standby. A machine of CORES cores run at 70 % serves 700*CORES/x requests/s
# in a tier costing x ms per request; demand is counties x officers x requests/s per officer.
awk -F'|' -v cores="$CORES" -v officers="$OFFICERS" -v rate="$RATE" '$1 == "2 instances + standby" {
  s = $2; p = $3; r = $4
  printf "\nprojection (CPU per request of \"2 instances + standby\": service %.2f ms, primary %.2f ms, standby %.2f ms):\n", s, p, r
  printf "  one more %d-core machine at 70 %% adds %.0f req/s as a service instance, %.0f req/s as a standby (reads)\n", cores, 700 * cores / s, 700 * cores / r
  printf "  one primary of %d cores at 70 %% carries %.0f req/s of this mix (its writes, job queue, token checks)\n", cores, 700 * cores / p
  n = split("a county (1)|a province (90 counties)|the nation (1,400 counties)", label, "|"); split("1 90 1400", counties, " ")
  for (i = 1; i <= n; i++) {
    d = counties[i] * officers * rate
    cs = d * s / 700; cp = d * p / 700; cr = d * r / 700
    printf "  %-30s %6.0f req/s: service %5.1f cores (%d machines), primary %4.1f cores, standbys %5.1f cores (%d machines)\n", label[i], d,
      cs, machines(cs), cp, cr, machines(cr)
  }
  printf "  (demand: %d officers per county at %s request/s each at peak; machines of %d cores at 70 %%)\n", officers, rate, cores
}
function machines(c) { return c <= cores ? 1 : (c / cores == int(c / cores) ? c / cores : int(c / cores) + 1) }' "$results"
