#!/usr/bin/env bash
# Cairn's one test command. Installs what the tests need (as root, from Debian's packages), starts
# PostgreSQL and Redis on loopback on free ports in a temporary folder, runs every test on SQLite and
# again on PostgreSQL, prints per provider how many ran and passed, and ends with one line:
#   tests: N passed, N failed
# It stops what it started, also when a test fails or the run is interrupted. It reads no standard input.
set -uo pipefail
cd "$(dirname "$0")"
CONFIGURATION=${CONFIGURATION:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
source scripts/servers.sh

# --- what the machine needs ---------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: see https://learn.microsoft.com/dotnet/core/install/linux-debian"
missing=()
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
# CAIRN_CHROMIUM may name another Chromium-based browser (GitHub's runners ship Google Chrome).
[ -x "${CAIRN_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v curl >/dev/null || missing+=(curl)
# The email tests run a real SMTP server: Debian's aiosmtpd, with Debian's Python.
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
ensure_packages "${missing[@]}"

# newman runs the official RealWorld (Conduit) collection; it lives in tests/.tools (ignored by git).
if [ ! -x tests/.tools/node_modules/.bin/newman ]; then
  log "installing newman 6 into tests/.tools"
  mkdir -p tests/.tools
  (cd tests/.tools && npm install --no-audit --no-fund --silent newman@6 >/dev/null) || die "npm could not install newman"
fi
# Redocly's CLI lints the committed OpenAPI documents (docs/api/*.json) in OpenApiDocumentTests.
if [ ! -x tests/.tools/node_modules/.bin/redocly ]; then
  log "installing @redocly/cli 2 into tests/.tools"
  mkdir -p tests/.tools
  (cd tests/.tools && npm install --no-audit --no-fund --silent @redocly/cli@2 >/dev/null) || die "npm could not install @redocly/cli"
fi

# --- servers --------------------------------------------------------------------------------
PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
start_postgres
start_redis
export CAIRN_TEST_POSTGRES="$POSTGRES;Include Error Detail=true"
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
