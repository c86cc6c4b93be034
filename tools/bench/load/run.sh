#!/usr/bin/env bash
# Load test on loopback: a throwaway database on the local cluster (.data/pg), the service built in
# Release on a free 127.0.0.1 port, an admin token from `tools/rp users add`, then rp-load for
# DURATION seconds (default 60) with CONCURRENCY workers (default 8). Cleans up after itself.
#   tools/bench/load/run.sh [DURATION] [CONCURRENCY]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
DURATION=${1:-60}
CONCURRENCY=${2:-8}
DB=rp_load_$$
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

source "$ROOT/tools/bench/service.sh"

SERVER=$(RP_DB_NAME=$DB "$ROOT/tools/pg" start "$ROOT/.data/pg" | tail -n 1)
export RP_DATABASE_URL=$SERVER

echo "building (Release)..."
bench_build_api 2>/dev/null
dotnet build "$ROOT/tools/bench/load" -c Release -nologo -v q >/dev/null

LOG=$(mktemp)
cleanup() {
  bench_stop_service
  "$PG_BIN/psql" "${SERVER%/*}/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT
bench_start_service "$SERVER" "$LOG"

TOKEN=$("$ROOT/tools/rp" users add "load-$$" --role admin | tail -n 1)
dotnet "$ROOT/tools/bench/load/bin/Release/net10.0/rp-load.dll" --url "$api" --token "$TOKEN" \
  --duration "$DURATION" --concurrency "$CONCURRENCY"
status=$?
if grep -q "Unhandled error" "$LOG"; then echo "service log has unhandled errors:"; grep -A3 "Unhandled error" "$LOG" | head -20; status=1; fi
exit $status
