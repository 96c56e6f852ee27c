#!/usr/bin/env bash
# The admin site's task change list (/admin/tasks/task/) over 100,000 tasks on PostgreSQL, in one run:
#  - builds Cairn (Release), starts PostgreSQL on 127.0.0.1, seeds one workspace with COUNT tasks (tasks seed: 20
#    members, seed1 an Admin of the workspace), VACUUM ANALYZE, and starts one Cairn on 127.0.0.1;
#  - signs seed1 (an Admin) in through the login form, and checks that every measured address answers 200 with rows;
#  - asks each shape below WARMUP times, then ROUNDS rounds in which every shape in turn is asked REQUESTS/ROUNDS
#    (target and baselines) or CONTEXT_REQUESTS/ROUNDS (the others) times in a row over one keep-alive connection
#    (curl, sequential); the times of a shape are pooled over its rounds for the median and p99;
#  - the shapes: the target (a search and two filters), the same one five pages deep, the unfiltered first page,
#    a deep keyset page (DEEP times the page's own "Next page" link), a sorted page (o=-5, due date descending) and
#    that one ten pages deep, the search alone, the list filter, a due-date filter and the year drill-down;
#  - the baseline, in the same run on the same data and user: the Tasks module's own list (/tasks) with the same
#    search and two filters; each shape's median is printed as a ratio to the baseline's median. The signed-in home
#    page is printed too, as the floor of a page with the layout;
#  - with THROUGHPUT=1 (the default), wrk -t2 -c8 for DURATION on the target and on the baseline: req/s and p99;
#  - the SQL of the target and of three slow shapes (SQL_SHAPES): one request's statements each
#    (log_min_duration_statement=0, then off again), with their server time (parse + bind + execute), slowest first;
#    EXPLAIN=FILE also writes the EXPLAIN ANALYZE of their statements on tasks_items there;
#  - prints a table, the verdict line, and exits 1 when the target is missed (NO_TARGETS=1: report only).
# Target (issue 13): the change list with a search and two filters, median under TARGET_MS (100) ms.
#   bench/admin.sh      COUNT=100000 REQUESTS=200 CONTEXT_REQUESTS=100 ROUNDS=2 WARMUP=40 DEEP=20 DURATION=10s SEARCH=report
#   COUNT=10000 REQUESTS=40 CONTEXT_REQUESTS=20 WARMUP=5 THROUGHPUT=0 NO_TARGETS=1 bench/admin.sh    a quick check of the mechanics
#   EXPLAIN=/tmp/admin-plans.txt bench/admin.sh     also writes the plans of the SQL_SHAPES requests there
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
# On a failure (not a missed target, which exits 1), show the end of the server logs before cleanup removes $WORK.
trap 'status=$?; if [ $status -ne 0 ] && [ $status -ne 1 ]; then for f in "$WORK"/*.log "$WORK"/pgsock/postgres.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 40 "$f" >&2; }; done; fi; cleanup; exit $status' EXIT
COUNT=${COUNT:-100000}
REQUESTS=${REQUESTS:-200}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-40}
DEEP=${DEEP:-20}
DURATION=${DURATION:-10s}
THROUGHPUT=${THROUGHPUT:-1}
SEARCH=${SEARCH:-report}
TARGET_MS=${TARGET_MS:-100}
NO_TARGETS=${NO_TARGETS:-0}
CONTEXT_REQUESTS=${CONTEXT_REQUESTS:-100}
SQL_SHAPES=${SQL_SHAPES:-0 2 4 9}
SQL_TOP=${SQL_TOP:-8}
SQL_WIDTH=${SQL_WIDTH:-160}
missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v curl >/dev/null || missing+=(curl)
[ "$THROUGHPUT" = 1 ] && ! command -v wrk >/dev/null && missing+=(wrk)
ensure_packages "${missing[@]}"

log "building (Release)"
dotnet build src/Cairn.Web -c Release -nologo -v quiet -clp:ErrorsOnly >"$WORK/build.log" || { cat "$WORK/build.log"; die "the build failed"; }

# auto_explain is loaded into every session but logs nothing until the EXPLAIN pass turns it on (as in bench/tasks.sh).
PG_OPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_format=text"
start_postgres
PG_LOG="$WORK/pgsock/postgres.log"
# task-reminders (a per-minute Tasks job) is off: it is not the list's work and would land in the statement log.
export ASPNETCORE_ENVIRONMENT=Production Cairn__DataDirectory="$WORK/data" Cairn__Database__Provider=Postgres \
  ConnectionStrings__Postgres="$POSTGRES;Database=cairn_bench" Logging__LogLevel__Default=Warning Cairn__SeedDemoData=false \
  Cairn__RateLimits__Enabled=false
APP=src/Cairn.Web/bin/Release/net10.0/Cairn.Web.dll
PASSWORD="bench passphrase $RANDOM"
dotnet "$APP" workspace create bench --name "Bench" >/dev/null
log "seeding $COUNT tasks into workspace 'bench'"
seed_start=$SECONDS
dotnet "$APP" tasks seed --workspace bench --count "$COUNT" --users 20 --password "$PASSWORD" | tail -1 | sed 's/ with password .*//'
SEED_SECONDS=$((SECONDS - seed_start))
PSQL=("$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d cairn_bench -qAt)
"${PSQL[@]}" -c "VACUUM ANALYZE"

PORT=$(free_port)
log "starting Cairn on PostgreSQL at 127.0.0.1:$PORT"
# (env: a name with a dash cannot be exported by bash)
env ASPNETCORE_URLS="http://127.0.0.1:$PORT" Cairn__Jobs__Recurring__task-reminders=off dotnet "$APP" >"$WORK/cairn.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PORT/health/ready" 120
BASE="http://127.0.0.1:$PORT"
TENANT="X-Tenant: bench"

# seed1 is the workspace's Admin (tasks seed makes it so); the admin site is for Owners and Admins.
EMAIL="seed1@bench.example.test"
ROLE=$("${PSQL[@]}" -c "SELECT m.role FROM tenancy_memberships m JOIN tenancy_tenants t ON t.id = m.tenant_id JOIN accounts_users u ON u.id = m.user_id WHERE t.slug = 'bench' AND u.email = '$EMAIL'")
log "signing in as $EMAIL (role $ROLE)"
JAR="$WORK/admin.jar"
token=$(curl -sf -c "$JAR" -H "$TENANT" "$BASE/account/login" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)
[ -n "$token" ] || die "no antiforgery token on the login page"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" -H "$TENANT" "$BASE/account/login" \
  --data-urlencode "Input.Email=$EMAIL" --data-urlencode "Input.Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token")
[ "$status" = 302 ] || die "signing in as $EMAIL answered $status"

# page PATH: the page's HTML (fails on anything but 200).
page() { curl -sf -b "$JAR" -H "$TENANT" "$BASE$1" || die "GET $1 answered an error (see the log below)"; }
# next_of PATH N: "PAGE ADDRESS", the page reached by following the page's "Next page" link up to N times (fewer
# when the list ends first; PAGE is its number).
next_of() {
  local path=$1 n next
  for n in $(seq 1 "$2"); do
    next=$(page "$path" | sed -n 's/.*href="\([^"]*\)" data-testid="admin-next".*/\1/p' | head -1 | sed 's/&amp;/\&/g')
    [ -n "$next" ] || { echo "$n $path"; return 0; }
    path=$next
  done
  echo "$(($2 + 1)) $path"
}
# matching PATH: what the change list says it matches ("612 tasks matching …", "About 100,000 tasks …").
matching() { page "$1" | sed -n 's/.*data-testid="admin-matching"[^>]*>\([^<]*\)<.*/\1/p' | head -1 | sed 's/ matching.*//; s/ (estimated.*//; s/&#x201C;.*//'; }

LIST=$("${PSQL[@]}" -c "SELECT l.id FROM tasks_lists l JOIN tenancy_tenants t ON t.id = l.tenant_id WHERE t.slug = 'bench' AND l.name = 'Team backlog'")
[ -n "$LIST" ] || die "no 'Team backlog' list in the seeded workspace"
YEAR=$(date -u +%Y)
A=/admin/tasks/task/
TARGET="$A?q=$SEARCH&status=open&priority=high"
BASELINE="/tasks?q=$SEARCH&status=open&priority=high"
log "following Next page links for the deep pages"
read -r TARGET_PAGE TARGET_DEEP < <(next_of "$TARGET" 5)
read -r A_PAGE A_DEEP < <(next_of "$A" "$DEEP")
read -r SORTED_PAGE SORTED_DEEP < <(next_of "$A?o=-5" 10)
[ -n "$SORTED_DEEP" ] || die "could not follow the Next page links"
# name|path: the target first, the baseline last but one, the floor last.
SHAPES=(
  "target: search + status + priority|$TARGET"
  "target, page $TARGET_PAGE (keyset)|$TARGET_DEEP"
  "unfiltered, first page|$A"
  "unfiltered, page $A_PAGE (keyset)|$A_DEEP"
  "sorted by due desc (o=-5)|$A?o=-5"
  "sorted by due desc, page $SORTED_PAGE (keyset)|$SORTED_DEEP"
  "search only|$A?q=$SEARCH"
  "list filter (Team backlog)|$A?list=$LIST"
  "due filter (past 7 days)|$A?dueat=past-7-days"
  "year drill-down ($YEAR)|$A?createdat=$YEAR"
  "BASELINE: /tasks, same search + filters|$BASELINE"
  "home page (signed in)|/"
)
for shape in "${SHAPES[@]}"; do
  body=$(page "${shape#*|}")
  case ${shape#*|} in
    /admin/*) grep -q 'data-testid="admin-rows"' <<<"$body" || die "${shape#*|} shows no rows" ;;
  esac
  grep -q 'Log out' <<<"$body" || die "${shape#*|} does not look signed in"
done

# timings PATH N: N sequential requests on one connection; the times in ms, one a line (fails on anything but 200).
timings() {
  local url="$BASE$1" i args=()
  for i in $(seq 1 "$2"); do args+=(-o /dev/null "$url"); done
  curl -s -b "$JAR" -H "$TENANT" -w '%{http_code} %{time_total}\n' "${args[@]}" \
    | awk '$1 != 200 { bad++ } { printf "%.3f\n", $2 * 1000 } END { if (bad) exit 1 }' || die "$1 answered an error"
}
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)] }'; }

log "warming up: $WARMUP requests per shape"
for shape in "${SHAPES[@]}"; do timings "${shape#*|}" "$WARMUP" >/dev/null; done
BASE_I=$(( ${#SHAPES[@]} - 2 ))
# requests_of I: how many requests shape I gets in a round (REQUESTS for the target, the baseline and the floor).
requests_of() { case $1 in 0|"$BASE_I"|$((BASE_I + 1))) echo $(( (REQUESTS + ROUNDS - 1) / ROUNDS )) ;; *) echo $(( (CONTEXT_REQUESTS + ROUNDS - 1) / ROUNDS )) ;; esac; }
log "$ROUNDS rounds of sequential requests per shape, one keep-alive connection (curl): $REQUESTS for the target and the baselines, $CONTEXT_REQUESTS for the others"
mkdir -p "$WORK/times"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!SHAPES[@]}"; do timings "${SHAPES[i]#*|}" "$(requests_of "$i")" >> "$WORK/times/$i"; done
done

declare -A MED P99 N
for i in "${!SHAPES[@]}"; do read -r "MED[$i]" "P99[$i]" < <(stats < "$WORK/times/$i"); N[$i]=$(wc -l < "$WORK/times/$i"); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

if [ "$THROUGHPUT" = 1 ]; then
  COOKIE="Cookie: $(awk -F'\t' '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$JAR")"
  # rps PATH: wrk -t2 -c8 for DURATION; prints "req/s p99_ms non2xx".
  rps() {
    wrk -t2 -c8 -d"$DURATION" --latency -H "$COOKIE" -H "$TENANT" "$BASE$1" > "$WORK/wrk.out" 2>&1 || die "wrk failed on $1"
    awk '/Requests\/sec:/ { rps = $2 }
         /^ +99%/ { v = $2; if (v ~ /us$/) p = v / 1000; else if (v ~ /ms$/) p = v + 0; else p = v * 1000 }
         /Non-2xx or 3xx responses:/ { bad = $NF }
         END { printf "%.0f %.1f %d\n", rps, p, bad }' "$WORK/wrk.out"
  }
  log "throughput: wrk -t2 -c8 -d$DURATION on the target and on the baseline"
  read -r T_RPS T_P99 T_BAD < <(rps "$TARGET")
  read -r B_RPS B_P99 B_BAD < <(rps "$BASELINE")
  [ "$T_BAD" = 0 ] && [ "$B_BAD" = 0 ] || die "non-2xx answers under load: target $T_BAD, baseline $B_BAD"
fi

# SQL_SHAPES (indices into SHAPES): one request each with every statement logged (log_min_duration_statement=0;
# parse, bind and execute each logged with its duration), then logging off again. Not under the timing loops.
# log_pass SUFFIX SETTING: one request per SQL shape with SETTING = 0 (ALTER SYSTEM, reloaded), the log lines of each
# into $WORK/sql-I.SUFFIX, then SETTING reset.
log_pass() {
  local i mark
  "${PSQL[@]}" -c "ALTER SYSTEM SET $2 = 0" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 1
  for i in $SQL_SHAPES; do
    mark=$(wc -l < "$PG_LOG")
    curl -sf -o /dev/null -b "$JAR" -H "$TENANT" "$BASE${SHAPES[i]#*|}" || die "${SHAPES[i]#*|} failed while logging its SQL"
    sleep 0.5
    tail -n +"$((mark + 1))" "$PG_LOG" > "$WORK/sql-$i.$1"
  done
  "${PSQL[@]}" -c "ALTER SYSTEM RESET $2" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 1
}
log "logging the SQL of one request per shape in: $SQL_SHAPES"
log_pass log log_min_duration_statement
# The plans in a pass of their own: EXPLAIN ANALYZE's instrumentation would inflate the statement times above.
[ -n "${EXPLAIN:-}" ] && log_pass plans auto_explain.log_min_duration
# statements FILE: per statement text (whitespace folded), the sum of its phases' durations and its executions,
# slowest first, then "TOTAL ms". Hangfire's polling and this script's psql are left out.
statements() {
  awk '
    function flush() { if (text != "" && text !~ /hangfire|pg_reload_conf|ALTER SYSTEM/) { gsub(/[ \t]+/, " ", text); ms[text] += dur; if (phase == "execute") n[text]++ } text = "" }
    /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {
      flush()
      if (match($0, /LOG:  duration: [0-9.]+ ms  (parse|bind|execute) [^:]*: /)) {
        head = substr($0, RSTART, RLENGTH); split(head, f, " "); dur = f[3]; phase = f[5]
        text = substr($0, RSTART + RLENGTH)
      }
      next
    }
    text != "" { text = text " " $0 }
    END { flush(); for (t in ms) { total += ms[t]; printf "%8.2f ms %2dx  %s\n", ms[t], n[t], substr(t, 1, SQL_WIDTH) } printf "TOTAL %.2f\n", total }
  ' SQL_WIDTH="$SQL_WIDTH" "$1" | sort -rn
}
if [ -n "${EXPLAIN:-}" ]; then
  for i in $SQL_SHAPES; do
    echo "=== ${SHAPES[i]%%|*}: ${SHAPES[i]#*|}"
    awk 'function flush() { if (buf ~ /tasks_items/) printf "%s\n", buf; buf = "" }
         /LOG:  duration: .* plan:/ { flush(); keep = 1; sub(/^.*LOG:  /, ""); buf = $0 "\n"; next }
         /^[0-9][0-9][0-9][0-9]-/ { flush(); keep = 0; next }
         keep { buf = buf $0 "\n" }
         END { flush() }' "$WORK/sql-$i.plans"
  done > "$EXPLAIN"
fi

echo
echo "admin change list over $COUNT tasks on PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}'), signed in as a workspace $ROLE; seeding took ${SEED_SECONDS} s"
echo "sequential requests on one connection in $ROUNDS rounds (n per shape) after $WARMUP warm-up requests; times in ms (curl time_total);"
echo "ratio = the shape's median / the baseline's median (the Tasks module's own list with the same search and filters)"
printf '%-40s %-22s %5s %9s %9s %8s\n' "shape" "shows" "n" "median" "p99" "ratio"
for i in "${!SHAPES[@]}"; do
  path=${SHAPES[i]#*|}
  case $path in /admin/*) shows=$(matching "$path") ;; *) shows="" ;; esac
  printf '%-40s %-22s %5s %9s %9s %8s\n' "${SHAPES[i]%%|*}" "$shows" "${N[$i]}" "${MED[$i]}" "${P99[$i]}" "$(ratio "${MED[$i]}" "${MED[$BASE_I]}")"
done
echo
echo "addresses:"
for i in "${!SHAPES[@]}"; do printf '  %-40s %s\n' "${SHAPES[i]%%|*}" "${SHAPES[i]#*|}"; done
if [ "$THROUGHPUT" = 1 ]; then
  echo
  echo "throughput, wrk -t2 -c8 -d$DURATION:"
  printf '  %-40s %7s req/s  p99 %7s ms\n' "target" "$T_RPS" "$T_P99" "baseline (/tasks, same query)" "$B_RPS" "$B_P99"
  echo "  target/baseline req/s: $(awk -v a="$T_RPS" -v b="$B_RPS" 'BEGIN { printf "%.2f", a / b }')"
fi
echo
echo "SQL per request, one request each with every statement logged (server time per statement: parse + bind + execute;"
echo "executions; the statement's first $SQL_WIDTH characters), slowest first:"
for i in $SQL_SHAPES; do
  sql=$(statements "$WORK/sql-$i.log")
  echo "  ${SHAPES[i]%%|*} (${SHAPES[i]#*|}): $(sed -n 's/^TOTAL //p' <<<"$sql") ms on the server in $(grep -vc '^TOTAL' <<<"$sql" || true) statements"
  grep -v '^TOTAL' <<<"$sql" | head -n "$SQL_TOP" | sed 's/^/    /' || true
done
[ -n "${EXPLAIN:-}" ] && echo "  their plans (EXPLAIN ANALYZE of the statements on tasks_items, auto_explain): $EXPLAIN"
echo
met=$(awk -v m="${MED[0]}" -v t="$TARGET_MS" 'BEGIN { print (m < t) ? "met" : "missed" }')
echo "target: admin change list (search + 2 filters) median < $TARGET_MS ms on PostgreSQL: $met (${MED[0]} ms)"
if [ "$met" = missed ] && [ "$NO_TARGETS" != 1 ]; then exit 1; fi
[ "$NO_TARGETS" = 1 ] && echo "(NO_TARGETS=1: reporting only)"
exit 0
