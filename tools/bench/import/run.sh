#!/usr/bin/env bash
# Import benchmark: N generated road segments (GeoJSON) imported through the API vs
# `ogr2ogr -f PostgreSQL` into the same PostGIS, side by side in one run, into a database that
# holds admin units (as every real one does: each road is then clipped into city, county and
# township parts in the import's transaction); and the service's peak memory (VmHWM) during an
# import of a big file. Prints the figures.
#   tools/bench/import/run.sh [--roads 200000] [--big-roads 0] [--units FILE|none]
# --units: the admin units imported first (default: the demo's, data/demo/admin_units.geojson;
# `none` measures the import without units, as this benchmark did before).
# Uses RP_DATABASE_URL's server when set (a fresh database bench_import_<pid> on it), else
# starts a throwaway cluster with tools/pg.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
ROADS=200000; BIG=0; UNITS="$ROOT/data/demo/admin_units.geojson"
while [ $# -gt 0 ]; do
  case "$1" in
    --roads) ROADS="$2"; shift 2;;
    --big-roads) BIG="$2"; shift 2;;
    --units) UNITS="$2"; shift 2;;
    *) echo "usage: $0 [--roads N] [--big-roads N] [--units FILE|none]" >&2; exit 2;;
  esac
done
WORK="$(mktemp -d /tmp/rp-bench-import.XXXXXX)"
CLUSTER=""
source "$ROOT/tools/bench/service.sh"
cleanup() {
  bench_stop_service
  [ -n "$CLUSTER" ] && "$ROOT/tools/pg" stop "$CLUSTER" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building (Release)"
bench_build_api
dotnet build -c Release "$ROOT/src/RelocationPlanner.Cli" -o "$WORK/cli" -v q -nologo >/dev/null

if [ -n "${RP_DATABASE_URL:-}" ]; then SERVER="$RP_DATABASE_URL"; else
  CLUSTER="$WORK/pg"; SERVER="$("$ROOT/tools/pg" start "$CLUSTER" | tail -1)"; fi
BASE="${SERVER%/*}"; DB="bench_import_$$"; URL="$BASE/$DB"
psql -q "$BASE/postgres" -c "CREATE DATABASE $DB" >/dev/null
PGCONN="$(python3 -c "import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(f'host={p.hostname} port={p.port or 5432} dbname={p.path[1:]} user={p.username or \"postgres\"}' + (f' password={p.password}' if p.password else ''))" "$URL")"

start_service() { bench_start_service "$URL" "$WORK/service.log"; API=$api; }
hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$svc_pid/status"; }
now() { date +%s.%N; }

echo "== generating $ROADS road segments"
dotnet "$WORK/cli/rp.dll" generate --roads "$ROADS" --seed 1 -o "$WORK/gen" | sed 's/^/   /'
FILE="$WORK/gen/roads.geojson"

start_service # migrates the fresh database
# Writes need a bearer token: an admin made with rp users add (printed on the last line).
TOKEN=$(RP_DATABASE_URL="$URL" dotnet "$WORK/cli/rp.dll" users add "bench$$" --role admin | tail -1)
AUTH="Authorization: Bearer $TOKEN"
UNIT_COUNT=0
if [ "$UNITS" != none ]; then
  echo "== admin units first: $UNITS"
  curl -sS -X POST -H "$AUTH" -H 'Content-Type: application/geo+json' --data-binary @"$UNITS" "$API/api/admin_units/import?background=false" | cut -c1-200
  echo
  UNIT_COUNT=$(psql -tA "$URL" -c "SELECT count(*) FROM admin_units WHERE level IN ('city', 'county', 'township')")
fi
echo "== ogr2ogr -f PostgreSQL (same file, same server)"
T0=$(now); ogr2ogr -f PostgreSQL PG:"$PGCONN" "$FILE" -nln bench_ogr_roads -overwrite; T1=$(now)
OGR=$(echo "$T1 - $T0" | bc -l)
echo "== POST /api/roads/import (GeoJSON body, streamed, validated, one transaction, history kept)"
T0=$(now)
OUT=$(curl -sS -X POST -H "$AUTH" -H 'Content-Type: application/geo+json' --data-binary @"$FILE" "$API/api/roads/import?background=false")
T1=$(now); API_S=$(echo "$T1 - $T0" | bc -l)
echo "   $OUT"
# A bulk import queues the clipping into unit parts for the service's background refresh: wait for it.
while [ "$(psql -tA "$URL" -c "SELECT count(*) FROM refresh_backlog")" != 0 ]; do sleep 0.2; done
T2=$(now); CLIP_S=$(echo "$T2 - $T1" | bc -l)
ROWS=$(psql -tA "$URL" -c "SELECT count(*) FROM roads")
HIST=$(psql -tA "$URL" -c "SELECT count(*) FROM history WHERE entity = 'roads'")
PARTS=$(psql -tA "$URL" -c "SELECT count(*) FROM infra_unit_parts WHERE entity = 'roads'")
# The clipped km must stay exact: the parts' lengths against PostGIS clipping each road by each
# unit (largest relative difference of the county totals).
EXACT=$(psql -tA "$URL" -c "
  WITH ref AS (SELECT u.code, sum(ST_Length(ST_Intersection(r.geom, u.geom)::geography)) AS m
               FROM admin_units u JOIN roads r ON r.geom && u.geom AND ST_Intersects(r.geom, u.geom) WHERE u.level = 'county' GROUP BY u.code),
       got AS (SELECT unit_code AS code, sum(length_m) AS m FROM infra_unit_parts WHERE entity = 'roads' AND level = 'county' GROUP BY unit_code)
  SELECT coalesce(to_char(max(abs(coalesce(got.m, 0) - ref.m) / nullif(ref.m, 0)) * 100, 'FM0.00000'), 'no units') FROM ref LEFT JOIN got USING (code)")
PEAK=$(hwm)
echo "== the same import with the insert-history trigger disabled (to measure its cost; re-enabled after)"
psql -q "$URL" -c "TRUNCATE roads, infra_unit_parts" -c "ALTER TABLE roads DISABLE TRIGGER history_ins"
T0=$(now)
curl -sS -X POST -H "$AUTH" -H 'Content-Type: application/geo+json' --data-binary @"$FILE" "$API/api/roads/import?background=false" >/dev/null
T1=$(now); NOHIST=$(echo "$T1 - $T0" | bc -l)
psql -q "$URL" -c "ALTER TABLE roads ENABLE TRIGGER history_ins"
bench_stop_service
SIZE=$(du -m "$FILE" | cut -f1)
printf '\nimport of %s road segments (%s MB GeoJSON) into a database with %s city/county/township units\n' "$ROADS" "$SIZE" "$UNIT_COUNT"
printf '  ogr2ogr -f PostgreSQL : %6.1f s\n' "$OGR"
printf '  API import            : %6.1f s  (%s rows stored, %s history rows: a bulk insert is one)\n' "$API_S" "$ROWS" "$HIST"
printf '  ratio API / ogr2ogr   : %6.2f  (target <= 1.5)\n' "$(echo "$API_S / $OGR" | bc -l)"
printf '  + background clipping : %6.1f s  (after the import answered, until the parts were in)\n' "$CLIP_S"
printf '  clipped parts         : %6s  (county km vs ST_Length(ST_Intersection(...)::geography): max diff %s %%)\n' "$PARTS" "$EXACT"
printf '  load average          : %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  API without history   : %6.1f s  (history trigger cost: %.1f s)\n' "$NOHIST" "$(echo "$API_S - $NOHIST" | bc -l)"
printf '  service VmHWM         : %6s MB\n' "$PEAK"

if [ "$BIG" -gt 0 ]; then
  echo "== big import: $BIG road segments"
  dotnet "$WORK/cli/rp.dll" generate --roads "$BIG" --seed 2 -o "$WORK/big" | sed 's/^/   /'
  psql -q "$URL" -c "TRUNCATE roads, infra_unit_parts"
  start_service
  BASE_HWM=$(hwm)
  T0=$(now)
  OUT=$(curl -sS -X POST -H "$AUTH" -H 'Content-Type: application/geo+json' --data-binary @"$WORK/big/roads.geojson" "$API/api/roads/import?background=false")
  T1=$(now)
  echo "   $OUT"
  printf '  big file              : %s MB, %.1f s\n' "$(du -m "$WORK/big/roads.geojson" | cut -f1)" "$(echo "$T1 - $T0" | bc -l)"
  printf '  service VmHWM         : %s MB (after start: %s MB; target < 1024)\n' "$(hwm)" "$BASE_HWM"
  bench_stop_service
fi
psql -q "$BASE/postgres" -c "DROP DATABASE $DB" >/dev/null
