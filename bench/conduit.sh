#!/usr/bin/env bash
# The RealWorld API benchmark on PostgreSQL. Seeds 20 users, 200 articles with tags, follows, favourites
# and comments through the API, then runs wrk on four endpoints and on a bare Kestrel "ceiling" endpoint
# serving the same JSON as /api/tags, in the same run, and prints req/s, p99 and the fraction of the ceiling.
#   bench/conduit.sh            (DURATION=10s CONNECTIONS=32 THREADS=2 by default)
#   CACHE=off bench/conduit.sh  the same without the API's output cache: every request reaches PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v curl >/dev/null || missing+=(curl)
ensure_packages "${missing[@]}"

log "building (Release)"
dotnet build src/Cairn.Web -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/Ceiling -c Release -nologo -v quiet -clp:ErrorsOnly -o "$WORK/ceiling" >/dev/null

start_postgres
PORT=$(free_port)
log "starting Cairn on PostgreSQL at 127.0.0.1:$PORT"
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
Cairn__DataDirectory="$WORK/data" Cairn__Database__Provider=Postgres ConnectionStrings__Postgres="$POSTGRES;Database=cairn_bench" \
Logging__LogLevel__Default=Warning Cairn__Accounts__PasswordHashIterations=${HASH_ITERATIONS:-210000} \
Cairn__Blog__ApiCacheSeconds=$([ "${CACHE:-on}" = off ] && echo 0 || echo 60) Cairn__RateLimits__Enabled=false \
  dotnet src/Cairn.Web/bin/Release/net10.0/Cairn.Web.dll >"$WORK/cairn.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PORT/health/ready" 120
API="http://127.0.0.1:$PORT/api"

post() { curl -sf -X "$1" "$API$2" -H 'Content-Type: application/json' ${3:+-H "Authorization: Token $3"} ${4:+-d "$4"}; }
token_of() { sed -n 's/.*"token":"\([^"]*\)".*/\1/p'; }
slug_of() { sed -n 's/.*"slug":"\([^"]*\)".*/\1/p'; }

log "seeding 20 users, 200 articles, follows, favourites and comments through the API"
TAGS=(dragons training cooking travel rust dotnet postgres design music garden books science)
declare -a TOKENS SLUGS
run=$RANDOM
for u in $(seq 0 19); do
  TOKENS[u]=$(post POST /users "" "{\"user\":{\"username\":\"bench${run}u$u\",\"email\":\"bench${run}u$u@example.test\",\"password\":\"benchmark passphrase $u\"}}" | token_of)
done
for u in $(seq 0 19); do
  for f in 1 2 3 4 5; do post POST "/profiles/bench${run}u$(( (u + f) % 20 ))/follow" "${TOKENS[u]}" >/dev/null; done
  for a in $(seq 0 9); do
    t1=${TAGS[$(( (u + a) % 12 ))]} t2=${TAGS[$(( (u * 3 + a) % 12 ))]}
    body="{\"article\":{\"title\":\"Article $a by user $u\",\"description\":\"What user $u thinks about $t1\",\"body\":\"Some **Markdown** about $t1 and $t2, written for the benchmark. $(printf 'Lorem ipsum dolor sit amet. %.0s' $(seq 1 20))\",\"tagList\":[\"$t1\",\"$t2\"]}}"
    SLUGS+=("$(post POST /articles "${TOKENS[u]}" "$body" | slug_of)")
  done
done
for i in "${!SLUGS[@]}"; do
  post POST "/articles/${SLUGS[i]}/comments" "${TOKENS[$(( i % 20 ))]}" '{"comment":{"body":"A thoughtful comment."}}' >/dev/null
  post POST "/articles/${SLUGS[i]}/comments" "${TOKENS[$(( (i + 7) % 20 ))]}" '{"comment":{"body":"Another one."}}' >/dev/null
  post POST "/articles/${SLUGS[i]}/favorite" "${TOKENS[$(( (i * 7) % 20 ))]}" >/dev/null
  post POST "/articles/${SLUGS[i]}/favorite" "${TOKENS[$(( (i * 11 + 3) % 20 ))]}" >/dev/null
done
SLUG=${SLUGS[42]}
FEED_TOKEN=${TOKENS[0]}

curl -sf "$API/tags" > "$WORK/tags.json"
CEILING_PORT=$(free_port)
CEILING_BODY="$WORK/tags.json" ASPNETCORE_URLS="http://127.0.0.1:$CEILING_PORT" dotnet "$WORK/ceiling/Ceiling.dll" >/dev/null 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$CEILING_PORT/json"

# measure NAME URL [HEADER]: a warm-up (WARMUP, 5 s: .NET's tiered JIT keeps compiling hot code for the
# first seconds under load), then the measured run; prints one table row.
measure() {
  local name=$1 url=$2 header=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" -d"${WARMUP:-5s}" "$url" >/dev/null
  wrk "${args[@]}" -d"$DURATION" "$url" > "$WORK/$name.wrk"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.wrk")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/$name.wrk")
  echo "$name $rps $p99 $errors"
}

log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on each endpoint (after a ${WARMUP:-5s} warm-up), output cache ${CACHE:-on}"
{
  measure ceiling "http://127.0.0.1:$CEILING_PORT/json"
  measure tags "$API/tags"
  measure article "$API/articles/$SLUG"
  measure list "$API/articles?limit=20"
  measure feed "$API/articles/feed?limit=20" "Authorization: Token $FEED_TOKEN"
} > "$WORK/results.txt"

awk -v targets="tags=0.40 article=0.12 list=0.025 feed=0.025" '
  function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
  BEGIN { n = split(targets, t, " "); for (i = 1; i <= n; i++) { split(t[i], kv, "="); want[kv[1]] = kv[2] } }
  $1 == "ceiling" { ceiling = $2 }
  { rows[++count] = $0 }
  END {
    printf "%-10s %12s %10s %8s %10s %8s  %s\n", "endpoint", "req/s", "p99", "errors", "ceiling", "target", "verdict"
    ok = 1
    for (i = 1; i <= count; i++) {
      split(rows[i], r, " ")
      fraction = r[2] / ceiling
      verdict = "-"
      if (r[1] in want) {
        pass = fraction >= want[r[1]] && ms(r[3]) <= 20 && r[4] == 0
        verdict = pass ? "ok" : "MISSED"
        if (!pass) ok = 0
      }
      printf "%-10s %12.0f %10s %8d %9.1f%% %7s%%  %s\n", r[1], r[2], r[3], r[4], 100 * fraction, (r[1] in want) ? 100 * want[r[1]] : "", verdict
    }
    print ok ? "benchmark: all targets met" : "benchmark: some targets missed"
  }' "$WORK/results.txt"
