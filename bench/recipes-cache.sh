#!/usr/bin/env bash
# The recipe caches (roadmap week 12) on PostgreSQL and Redis. Seeds one workspace with COUNT recipes, starts two
# instances of Cairn on the same database: one with the recipe caches off, one with them on and Redis configured
# (the production setting: each read checks its tags' versions in Redis). Times, on each, a recipe page and a
# filtered list for a signed-in Member (the data cache) and for a visitor (the output cache), REQUESTS times in a
# row on one keep-alive connection after WARMUP, and prints the medians and p99s side by side with the ratio
# uncached / cached, in the same run.
#   bench/recipes-cache.sh         (COUNT=10000 REQUESTS=300 WARMUP=30 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
source scripts/bench.sh
COUNT=${COUNT:-10000}
REQUESTS=${REQUESTS:-300}
WARMUP=${WARMUP:-30}
command -v redis-server >/dev/null || ensure_packages redis-server
bench_prepare
log "seeding $COUNT recipes into workspace 'bench'"
dotnet "$APP" recipes seed --workspace bench --count "$COUNT" --users 10 --password "$PASSWORD" | tail -1
"${PSQL[@]}" -c "VACUUM ANALYZE"
start_redis

# The first public recipe seeded (seeded recipes have 5 to 12 ingredients and a few steps).
SLUG=$("${PSQL[@]}" -c "SELECT r.slug FROM recipes r JOIN tenancy_tenants t ON t.id = r.tenant_id WHERE t.slug = 'bench' AND r.visibility = 2 ORDER BY r.id LIMIT 1")
[ -n "$SLUG" ] || die "no public recipe was seeded"

Cairn__Recipes__CacheSeconds=0 Cairn__Recipes__AnonymousPageSeconds=0 bench_start uncached
OFF=$BASE
ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" bench_start cached
ON=$BASE

declare -A JAR
BASE=$OFF; JAR[off]=$(sign_in bench seed2@bench.example.test)
BASE=$ON; JAR[on]=$(sign_in bench seed2@bench.example.test)
: > "$WORK/visitor.jar"

ROWS=(
  "member|recipe page|/recipes/$SLUG"
  "member|filtered list|/recipes?include=garlic,onion&exclude=peanut&sort=rating"
  "visitor|recipe page|/recipes/$SLUG"
  "visitor|filtered list|/recipes?diet=vegetarian&time=30"
)

log "$REQUESTS requests per row after $WARMUP warm-up requests, $COUNT recipes; times in ms"
printf '%-8s %-14s %13s %13s %13s %13s %9s\n' "reader" "answer" "uncached-med" "uncached-p99" "cached-med" "cached-p99" "speed-up"
for row in "${ROWS[@]}"; do
  IFS='|' read -r reader what path <<<"$row"
  if [ "$reader" = member ]; then off_jar=${JAR[off]}; on_jar=${JAR[on]}; else off_jar=$WORK/visitor.jar; on_jar=$WORK/visitor.jar; fi
  BASE=$OFF; read -r omed op99 < <(timings "$off_jar" bench "$path" | stats)
  BASE=$ON; read -r cmed cp99 < <(timings "$on_jar" bench "$path" | stats)
  printf '%-8s %-14s %13s %13s %13s %13s %8.1fx\n' "$reader" "$what" "$omed" "$op99" "$cmed" "$cp99" "$(awk -v a="$omed" -v b="$cmed" 'BEGIN { print a / b }')"
done
