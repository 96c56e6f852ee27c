# Shared by test.sh and the benchmarks: a temporary folder, free ports, and PostgreSQL/Redis servers on
# loopback, all stopped by cleanup on any exit. Source it; it defines functions and sets WORK.
log() { printf '== %s\n' "$*"; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Installs Debian packages when missing: as root with apt-get, otherwise says what to install.
ensure_packages() {
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
      || die "apt-get could not install: $*"
    # Debian starts the packaged servers; we run our own, so stop these to free memory.
    (service postgresql stop; service redis-server stop) >/dev/null 2>&1 || true
  else
    die "missing: $*. Install them, e.g.: sudo apt-get install $*"
  fi
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn.XXXXXX")
chmod 755 "$WORK"
PIDS=()
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$WORK/pg/postmaster.pid" ]; then as_pg "$(pg_bin)/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# Ports come from below the kernel's ephemeral range (ip_local_port_range, 32768 and up by default): a port there may
# be the local end of an outgoing connection, free to connect to now and yet not free to bind a moment later.
free_port() {
  local port low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 21000 ] || low=32768
  for _ in $(seq 1 200); do
    port=$(( (RANDOM % (low - 20000)) + 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free port found"
}

# Starts PostgreSQL on 127.0.0.1; sets PG_PORT and POSTGRES (an Npgsql connection string without a database).
start_postgres() {
  local bin; bin=$(pg_bin)
  PG_PORT=$(free_port)
  log "starting PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT"
  mkdir -p "$WORK/pg" "$WORK/pgsock"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$WORK/pg" "$WORK/pgsock"
  as_pg "$bin/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log"; die "initdb failed"; }
  as_pg "$bin/pg_ctl" -D "$WORK/pg" -l "$WORK/pgsock/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pgsock ${PG_OPTIONS:-}" start >/dev/null \
    || { cat "$WORK/pgsock/postgres.log"; die "PostgreSQL did not start"; }
  POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
}

# Starts Redis on 127.0.0.1; sets REDIS_PORT.
start_redis() {
  REDIS_PORT=$(free_port)
  log "starting Redis ($(redis-server --version | awk '{print $3}' | cut -d= -f2)) on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK" --logfile "$WORK/redis.log" &
  PIDS+=($!)
}

# Waits until a URL answers 2xx, up to $2 seconds (default 60).
wait_for() {
  for _ in $(seq 1 $(( ${2:-60} * 10 ))); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  die "$1 did not answer"
}
