#!/usr/bin/env bash
# Run once by the postgis image when its volume is new (docker-entrypoint-initdb.d, after the
# image's own PostGIS script): the two roles of docs/security.md ("Database roles"), the
# database handed to the owner role. POSTGRES_USER stays the superuser; the service never uses it.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" -v owner_pw="${RP_OWNER_PASSWORD:?}" -v app_pw="${RP_APP_PASSWORD:?}" <<'SQL'
CREATE ROLE rp_owner LOGIN PASSWORD :'owner_pw';
CREATE ROLE rp_app LOGIN PASSWORD :'app_pw';
ALTER DATABASE :"db" OWNER TO rp_owner;
CREATE EXTENSION IF NOT EXISTS postgis;
SQL
