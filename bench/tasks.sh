#!/usr/bin/env bash
# The task list benchmark on PostgreSQL. Seeds one workspace with 100,000 realistic tasks (tasks seed) and
# another with the same members and lists but no tasks, signs in as a Member (and an Admin) on both, and
# asks each filtered view REQUESTS times in a row over one keep-alive connection, after WARMUP requests.
# Prints the median and p99 per view next to the same view on the empty workspace, in the same run.
#   bench/tasks.sh                 (COUNT=100000 REQUESTS=200 WARMUP=30 by default)
#   EXPLAIN=docs/out.txt bench/tasks.sh   also writes EXPLAIN ANALYZE of every task query to that file
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
COUNT=${COUNT:-100000}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-30}
TARGET_MS=${TARGET_MS:-50}
missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v curl >/dev/null || missing+=(curl)
ensure_packages "${missing[@]}"

log "building (Release)"
dotnet build src/Cairn.Web -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null

# auto_explain is loaded into every session but logs nothing until the EXPLAIN pass turns it on (its
# log_min_duration defaults to -1; it is not set here, as the command line would outrank ALTER SYSTEM).
PG_OPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_format=text"
start_postgres
export ASPNETCORE_ENVIRONMENT=Production Cairn__DataDirectory="$WORK/data" Cairn__Database__Provider=Postgres \
  ConnectionStrings__Postgres="$POSTGRES;Database=cairn_bench" Logging__LogLevel__Default=Warning Cairn__SeedDemoData=false
APP=src/Cairn.Web/bin/Release/net10.0/Cairn.Web.dll
PASSWORD="bench passphrase $RANDOM"
dotnet "$APP" workspace create bench --name "Bench" >/dev/null
dotnet "$APP" workspace create empty --name "Empty" >/dev/null
log "seeding $COUNT tasks into workspace 'bench' (and none into 'empty')"
dotnet "$APP" tasks seed --workspace bench --count "$COUNT" --users 20 --password "$PASSWORD" | tail -1
dotnet "$APP" tasks seed --workspace empty --count 0 --users 20 --password "$PASSWORD" >/dev/null
PSQL=("$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d cairn_bench -qAt)
"${PSQL[@]}" -c "VACUUM ANALYZE"

PORT=$(free_port)
log "starting Cairn on PostgreSQL at 127.0.0.1:$PORT"
ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$APP" >"$WORK/cairn.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PORT/health/ready" 120
BASE="http://127.0.0.1:$PORT"

# sign_in WORKSPACE EMAIL: a cookie jar signed in through the login form (antiforgery token included).
sign_in() {
  local jar="$WORK/$1-$2.jar" token
  token=$(curl -sf -c "$jar" -H "X-Tenant: $1" "$BASE/account/login" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
  [ -n "$token" ] || die "no antiforgery token on the login page"
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" -H "X-Tenant: $1" "$BASE/account/login" \
    --data-urlencode "Input.Email=$2" --data-urlencode "Input.Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token")
  [ "$status" = 302 ] || die "signing in as $2 on $1 answered $status"
  echo "$jar"
}

SHARED_LIST=$("${PSQL[@]}" -c "SELECT l.id FROM tasks_lists l JOIN tenancy_tenants t ON t.id = l.tenant_id WHERE t.slug = 'bench' AND l.name = 'Team backlog'")
EMPTY_SHARED_LIST=$("${PSQL[@]}" -c "SELECT l.id FROM tasks_lists l JOIN tenancy_tenants t ON t.id = l.tenant_id WHERE t.slug = 'empty' AND l.name = 'Team backlog'")
VIEWS=(
  "member|/tasks"
  "member|/tasks?status=open"
  "member|/tasks?status=open&priority=high"
  "member|/tasks?due=overdue"
  "member|/tasks?due=week&assignee=me"
  "member|/tasks?tag=work&status=open"
  "member|/tasks?q=report"
  "member|/tasks?list=LIST&sort=title"
  "member|/tasks?status=done&sort=created&page=20"
  "admin|/tasks?status=open"
  "admin|/tasks?priority=urgent&due=today&sort=priority"
)

# timings JAR WORKSPACE PATH: REQUESTS sequential requests on one connection; prints sorted times in ms.
timings() {
  local jar=$1 ws=$2 url="$BASE$3" i args=()
  for i in $(seq 1 "$WARMUP"); do args+=("$url"); done
  curl -sf -b "$jar" -H "X-Tenant: $ws" "${args[@]}" >/dev/null || die "$3 on $ws failed"
  args=()
  for i in $(seq 1 "$REQUESTS"); do args+=(-o /dev/null "$url"); done
  curl -sf -b "$jar" -H "X-Tenant: $ws" -w '%{http_code} %{time_total}\n' "${args[@]}" \
    | awk '$1 != 200 { bad++ } { printf "%.3f\n", $2 * 1000 } END { if (bad) exit 1 }' | sort -n
}

stats() { awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)] }'; }

declare -A JAR
for ws in bench empty; do
  JAR[$ws-member]=$(sign_in "$ws" "seed2@$ws.example.test")
  JAR[$ws-admin]=$(sign_in "$ws" "seed1@$ws.example.test")
done

log "$REQUESTS requests per view after $WARMUP warm-up requests; times in ms"
printf '%-58s %9s %9s %9s %9s %7s  %s\n' "view (as)" "median" "p99" "empty-med" "empty-p99" "ratio" "verdict"
ok=1
for view in "${VIEWS[@]}"; do
  who=${view%%|*} path=${view#*|}
  # The empty workspace has one page, so its comparison asks for the first.
  full=${path/LIST/$SHARED_LIST} empty_path=${path/LIST/$EMPTY_SHARED_LIST}
  empty_path=${empty_path/&page=[0-9]*/}
  read -r med p99 < <(timings "${JAR[bench-$who]}" bench "$full" | stats)
  read -r emed ep99 < <(timings "${JAR[empty-$who]}" empty "$empty_path" | stats)
  verdict=$(awk -v m="$med" -v t="$TARGET_MS" 'BEGIN { print (m < t) ? "ok" : "MISSED" }')
  [ "$verdict" = ok ] || ok=0
  printf '%-58s %9s %9s %9s %9s %6.1fx  %s\n' "${path/LIST/<shared list>} ($who)" "$med" "$p99" "$emed" "$ep99" "$(awk -v a="$med" -v b="$emed" 'BEGIN { print a / b }')" "$verdict"
done
[ $ok = 1 ] && echo "benchmark: every view's median under ${TARGET_MS} ms with $COUNT tasks" || echo "benchmark: some views missed ${TARGET_MS} ms"

if [ -n "${EXPLAIN:-}" ]; then
  log "EXPLAIN ANALYZE of each view's task queries (auto_explain) into $EXPLAIN"
  "${PSQL[@]}" -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 1
  : > "$WORK/pgsock/postgres.log"
  for view in "${VIEWS[@]}"; do
    who=${view%%|*} path=${view#*|}
    echo "=== ${path/LIST/<shared list>} ($who)" >> "$WORK/pgsock/postgres.log"
    curl -s -o /dev/null -b "${JAR[bench-$who]}" -H "X-Tenant: bench" "$BASE${path/LIST/$SHARED_LIST}" || true
    sleep 0.3
  done
  "${PSQL[@]}" -c "ALTER SYSTEM RESET auto_explain.log_min_duration" -c "SELECT pg_reload_conf()" >/dev/null
  # Keep the plans of statements on tasks_items, under the view they belong to.
  awk 'function flush() { if (buf ~ /tasks_items/) printf "%s", buf; buf = "" }
       /^=== / { flush(); keep = 0; print ""; print; next }
       /LOG:  duration: .* plan:/ { flush(); keep = 1; sub(/^.*LOG:  /, ""); buf = $0 "\n"; next }
       /^[0-9]{4}-/ { flush(); keep = 0; next }
       keep { buf = buf $0 "\n" }
       END { flush() }' "$WORK/pgsock/postgres.log" > "$EXPLAIN"
fi
