#!/usr/bin/env bash
# Cairn's one test command. Installs what the tests need (as root, from Debian's packages), starts
# PostgreSQL and Redis on loopback on free ports in a temporary folder, runs every test on SQLite and
# again on PostgreSQL, prints per provider how many ran and passed, and ends with one line:
#   tests: N passed, N failed
# It stops what it started, also when a test fails or the run is interrupted. It reads no standard input.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
CONFIGURATION=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '== %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 2; }

# --- what the machine needs ---------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
# CAIRN_CHROMIUM may name another Chromium-based browser (GitHub's runners ship Google Chrome).
[ -x "${CAIRN_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: see https://learn.microsoft.com/dotnet/core/install/linux-debian"
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get could not install: ${missing[*]}"
    # Debian starts the packaged servers; the tests use their own, so stop these to free memory.
    (service postgresql stop; service redis-server stop) >/dev/null 2>&1 || true
  else
    die "missing: ${missing[*]}. Install them, e.g.: sudo apt-get install ${missing[*]}"
  fi
fi
PG_BIN=$(pg_bin)

# newman runs the official RealWorld (Conduit) collection; it lives in tests/.tools (ignored by git).
if [ ! -x tests/.tools/node_modules/.bin/newman ]; then
  log "installing newman 6 into tests/.tools"
  mkdir -p tests/.tools
  (cd tests/.tools && npm install --no-audit --no-fund --silent newman@6 >/dev/null) || die "npm could not install newman"
fi

# --- a temporary folder and the servers, stopped on any exit --------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-test.XXXXXX")
chmod 755 "$WORK"
PG_PID="" REDIS_PID=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  trap - EXIT INT TERM
  if [ -f "$WORK/pg/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "test.sh: interrupted" >&2; exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( (RANDOM % 20000) + 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free port found"
}

PG_PORT=$(free_port)
log "starting PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT"
mkdir -p "$WORK/pg" "$WORK/pgsock"
[ "$(id -u)" -eq 0 ] && chown postgres: "$WORK/pg" "$WORK/pgsock"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log"; die "initdb failed"; }
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pgsock/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pgsock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$WORK/pgsock/postgres.log"; die "PostgreSQL did not start"; }

REDIS_PORT=$(free_port)
log "starting Redis ($(redis-server --version | awk '{print $3}' | cut -d= -f2)) on 127.0.0.1:$REDIS_PORT"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
REDIS_PID=$!

export CAIRN_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true"
export CAIRN_TEST_REDIS="127.0.0.1:$REDIS_PORT"
export CAIRN_CHROMIUM=${CAIRN_CHROMIUM:-/usr/bin/chromium}

# --- build once, test twice -----------------------------------------------------------------
log "building ($CONFIGURATION)"
dotnet build Cairn.slnx -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

total_passed=0 total_failed=0
summary=()
for provider in Sqlite Postgres; do
  log "testing on $provider"
  trx="$WORK/$provider.trx"
  CAIRN_TEST_PROVIDER=$provider dotnet test tests/Cairn.Tests -c "$CONFIGURATION" --no-build -nologo \
    --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" --results-directory "$WORK/results-$provider"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    ran=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    failed=$(( ${ran:-0} - ${passed:-0} ))
    [ "${ran:-0}" -eq 0 ] && failed=1 # a run that executed nothing is a failure, not a pass
  else
    ran=0 passed=0 failed=1
  fi
  summary+=("$provider: ${ran:-0} ran, ${passed:-0} passed, $failed failed")
  total_passed=$(( total_passed + ${passed:-0} ))
  total_failed=$(( total_failed + failed ))
done

for line in "${summary[@]}"; do log "$line"; done
echo "tests: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
