# Sourced by the benchmark scripts (not run): the real service, built in Release, on a free
# loopback port. One copy of the build / start / wait-for-/health plumbing.
#   bench_build_api                        dotnet build the service in Release (quietly, to stderr)
#   bench_start_service DB_URL LOG [VAR=value ...]
#                                          starts it against DB_URL with the extra environment,
#                                          output appended to LOG; sets svc_pid and api (base URL);
#                                          exits with the log when /health does not answer in 60 s
#   bench_stop_service                     stops it (and waits for it)
# The caller's EXIT trap should kill "$svc_pid" when it is set.
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
api_dll=$bench_root/src/RelocationPlanner.Api/bin/Release/net10.0/RelocationPlanner.Api.dll
svc_pid=""
api=""

bench_build_api() {
  dotnet build "$bench_root/src/RelocationPlanner.Api" -c Release -v q -nologo >&2
}

bench_start_service() {
  local db=$1 log=$2; shift 2
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  env RP_DATABASE_URL="$db" Logging__LogLevel__Default=Warning "$@" \
    dotnet "$api_dll" --urls "http://127.0.0.1:$port" >>"$log" 2>&1 &
  svc_pid=$!
  api=http://127.0.0.1:$port
  for _ in $(seq 1 300); do curl -sf "$api/health" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "the service did not start:" >&2; cat "$log" >&2; exit 1
}

bench_stop_service() {
  [[ -n $svc_pid ]] || return 0
  kill "$svc_pid" 2>/dev/null || true
  wait "$svc_pid" 2>/dev/null || true
  svc_pid=""
}
