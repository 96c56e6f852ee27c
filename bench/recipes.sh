#!/usr/bin/env bash
# The recipe list benchmark on PostgreSQL. Seeds one workspace with 10,000 recipes (recipes seed) and another with
# the same members but no recipes, starts Cairn with its recipe caches off, signs in as a Member on both, and asks each filtered list REQUESTS times in a row
# over one keep-alive connection, after WARMUP requests. Prints the median and p99 per list next to the same list on
# the empty workspace, in the same run, and whether each median is under TARGET_MS.
#   bench/recipes.sh               (COUNT=10000 REQUESTS=200 WARMUP=30 TARGET_MS=50 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
source scripts/bench.sh
COUNT=${COUNT:-10000}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-30}
TARGET_MS=${TARGET_MS:-50}
bench_prepare
log "seeding $COUNT recipes into workspace 'bench' (and none into 'empty')"
dotnet "$APP" recipes seed --workspace bench --count "$COUNT" --users 10 --password "$PASSWORD" | tail -1
dotnet "$APP" recipes seed --workspace empty --count 0 --users 10 --password "$PASSWORD" >/dev/null
"${PSQL[@]}" -c "VACUUM ANALYZE"

# The database's work is what is measured here: the data cache is off (bench/recipes-cache.sh measures it).
Cairn__Recipes__CacheSeconds=0 Cairn__Recipes__AnonymousPageSeconds=0 bench_start

LISTS=(
  "/recipes"
  "/recipes?include=chicken"
  "/recipes?include=garlic,onion&exclude=peanut"
  "/recipes?cuisine=thai"
  "/recipes?diet=vegetarian"
  "/recipes?time=30&sort=time"
  "/recipes?rating=4&sort=rating"
  "/recipes?author=me"
  "/recipes?q=curry"
  "/recipes?sort=rating&page=10"
  "/recipes?q=soup&include=tomato&diet=vegan&time=60&sort=rating"
)

declare -A JAR
for ws in bench empty; do JAR[$ws]=$(sign_in "$ws" "seed2@$ws.example.test"); done

log "$REQUESTS requests per list after $WARMUP warm-up requests; times in ms"
printf '%-64s %9s %9s %9s %9s %7s  %s\n' "list" "median" "p99" "empty-med" "empty-p99" "ratio" "verdict"
ok=1
for path in "${LISTS[@]}"; do
  read -r med p99 < <(timings "${JAR[bench]}" bench "$path" | stats)
  read -r emed ep99 < <(timings "${JAR[empty]}" empty "${path/&page=[0-9]*/}" | stats)
  verdict=$(awk -v m="$med" -v t="$TARGET_MS" 'BEGIN { print (m < t) ? "ok" : "MISSED" }')
  [ "$verdict" = ok ] || ok=0
  printf '%-64s %9s %9s %9s %9s %6.1fx  %s\n' "$path" "$med" "$p99" "$emed" "$ep99" "$(awk -v a="$med" -v b="$emed" 'BEGIN { print a / b }')" "$verdict"
done
[ $ok = 1 ] && echo "benchmark: every list's median under ${TARGET_MS} ms with $COUNT recipes" || echo "benchmark: some lists missed ${TARGET_MS} ms"
