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

SERVER=$(RP_DB_NAME=$DB "$ROOT/tools/pg" start "$ROOT/.data/pg" | tail -n 1)
export RP_DATABASE_URL=$SERVER
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "building (Release)..."
dotnet build "$ROOT/src/RelocationPlanner.Api" -c Release -nologo -v q >/dev/null
dotnet build "$ROOT/tools/bench/load" -c Release -nologo -v q >/dev/null

LOG=$(mktemp)
Logging__LogLevel__Default=Warning dotnet "$ROOT/src/RelocationPlanner.Api/bin/Release/net10.0/RelocationPlanner.Api.dll" \
  --urls "http://127.0.0.1:$PORT" >"$LOG" 2>&1 &
SVC=$!
cleanup() {
  kill "$SVC" 2>/dev/null || true
  wait "$SVC" 2>/dev/null || true
  "$PG_BIN/psql" "${SERVER%/*}/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT
for _ in $(seq 150); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { cat "$LOG"; exit 1; }

TOKEN=$("$ROOT/tools/rp" users add "load-$$" --role admin | tail -n 1)
dotnet "$ROOT/tools/bench/load/bin/Release/net10.0/rp-load.dll" --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --duration "$DURATION" --concurrency "$CONCURRENCY"
status=$?
if grep -q "Unhandled error" "$LOG"; then echo "service log has unhandled errors:"; grep -A3 "Unhandled error" "$LOG" | head -20; status=1; fi
exit $status
