# Shared by the bench/ scripts that time pages over HTTP (source after scripts/servers.sh; needs BASE, PASSWORD,
# WORK, REQUESTS and WARMUP set).

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

# timings JAR WORKSPACE PATH: REQUESTS sequential requests on one connection after WARMUP; prints sorted times in ms.
timings() {
  local jar=$1 ws=$2 url="$BASE$3" i args=()
  for i in $(seq 1 "$WARMUP"); do args+=("$url"); done
  curl -sf -b "$jar" -H "X-Tenant: $ws" "${args[@]}" >/dev/null || die "$3 on $ws failed"
  args=()
  for i in $(seq 1 "$REQUESTS"); do args+=(-o /dev/null "$url"); done
  curl -sf -b "$jar" -H "X-Tenant: $ws" -w '%{http_code} %{time_total}\n' "${args[@]}" \
    | awk '$1 != 200 { bad++ } { printf "%.3f\n", $2 * 1000 } END { if (bad) exit 1 }' | sort -n
}

# stats: the median and p99 of sorted numbers on standard input.
stats() { awk '{ v[NR] = $1 } END { printf "%.1f %.1f\n", v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.999)] }'; }

# bench_prepare: builds Release, starts PostgreSQL (with PG_OPTIONS, if set), sets the app's environment and APP,
# PASSWORD and PSQL, and creates the workspaces 'bench' and 'empty'.
bench_prepare() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v curl >/dev/null || missing+=(curl)
  ensure_packages "${missing[@]}"
  log "building (Release)"
  dotnet build src/Cairn.Web -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
  start_postgres
  export ASPNETCORE_ENVIRONMENT=Production Cairn__DataDirectory="$WORK/data" Cairn__Database__Provider=Postgres \
    ConnectionStrings__Postgres="$POSTGRES;Database=cairn_bench" Logging__LogLevel__Default=Warning Cairn__SeedDemoData=false
  APP=src/Cairn.Web/bin/Release/net10.0/Cairn.Web.dll
  PASSWORD="bench passphrase $RANDOM"
  PSQL=("$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d cairn_bench -qAt)
  dotnet "$APP" workspace create bench --name "Bench" >/dev/null
  dotnet "$APP" workspace create empty --name "Empty" >/dev/null
}

# bench_start [NAME]: starts the app on a free loopback port, waits until it is ready, and sets BASE (its log:
# $WORK/NAME.log, cairn.log by default). Settings for this instance only go before it: FOO=bar bench_start.
bench_start() {
  local port
  port=$(free_port)
  log "starting Cairn${1:+ ($1)} on PostgreSQL at 127.0.0.1:$port"
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$APP" >"$WORK/${1:-cairn}.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$port/health/ready" 120
  BASE="http://127.0.0.1:$port"
}
