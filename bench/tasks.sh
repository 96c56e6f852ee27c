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
source scripts/bench.sh
COUNT=${COUNT:-100000}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-30}
TARGET_MS=${TARGET_MS:-50}
# auto_explain is loaded into every session but logs nothing until the EXPLAIN pass turns it on (its
# log_min_duration defaults to -1; it is not set here, as the command line would outrank ALTER SYSTEM).
PG_OPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on -c auto_explain.log_format=text"
bench_prepare
log "seeding $COUNT tasks into workspace 'bench' (and none into 'empty')"
dotnet "$APP" tasks seed --workspace bench --count "$COUNT" --users 20 --password "$PASSWORD" | tail -1
dotnet "$APP" tasks seed --workspace empty --count 0 --users 20 --password "$PASSWORD" >/dev/null
"${PSQL[@]}" -c "VACUUM ANALYZE"

bench_start

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
