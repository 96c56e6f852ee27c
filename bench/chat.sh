#!/usr/bin/env bash
# Chat at load (roadmap week 16): CLIENTS WebSocket clients on one node, ROOM_SIZE to a room, against Cairn's chat
# hub (PostgreSQL, every message numbered and stored before it is broadcast) and, in the same run, against a bare
# SignalR hub that broadcasts the same messages storing nothing (bench/ChatCeiling: the ceiling). The load
# generator (bench/ChatLoad) runs on the same machine. Two phases per hub:
#   saturate  IN_FLIGHT senders per room each send again as soon as they are answered (IN_FLIGHT messages in flight
#             per room): the deliveries per second it sustains;
#   steady    RATE deliveries per second in all (RATE / ROOM_SIZE messages): send-to-receive latency at that load.
# Prints deliveries per second and latency p50/p99 per hub and phase, and Cairn's share of the ceiling.
#   bench/chat.sh     (CLIENTS=1000 ROOM_SIZE=20 RATE=10000 MEASURE_SECONDS=10 WARMUP=10 IN_FLIGHT=4 USERS=20 by default;
#                     the warm-up lets .NET's tiered compiler finish, in the hub and in the load generator)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
source scripts/bench.sh
export CLIENTS=${CLIENTS:-1000} ROOM_SIZE=${ROOM_SIZE:-20} RATE=${RATE:-10000} MEASURE_SECONDS=${MEASURE_SECONDS:-10} WARMUP=${WARMUP:-10} IN_FLIGHT=${IN_FLIGHT:-4}
USERS=${USERS:-20}
ROOMS=$(( (CLIENTS + ROOM_SIZE - 1) / ROOM_SIZE ))
bench_prepare
log "seeding $ROOMS channels with $USERS members each"
dotnet "$APP" chat seed --workspace bench --rooms "$ROOMS" --users "$USERS" --password "$PASSWORD" | tail -1
"${PSQL[@]}" -c "SELECT c.id FROM chat_conversations c JOIN tenancy_tenants t ON t.id = c.tenant_id WHERE t.slug = 'bench' AND c.name LIKE 'room-%' ORDER BY c.id" > "$WORK/rooms"
log "building the load generator and the ceiling (Release)"
dotnet build bench/ChatLoad -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/ChatCeiling -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null

# Limits are not what is measured: the per-member chat budgets and the API's sign-in budget step aside.
Cairn__RateLimits__Enabled=false Cairn__Chat__MessagesPerMinute=10000 Cairn__Chat__ReadsPerMinute=10000 bench_start cairn
CAIRN=$BASE
: > "$WORK/tokens"
for i in $(seq 1 "$USERS"); do
  answer=$(curl -s -H "X-Tenant: bench" -H "Content-Type: application/json" \
    -d "{\"email\":\"seed$i@bench.example.test\",\"password\":\"$PASSWORD\"}" "$CAIRN/api/v1/auth/token")
  token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$answer")
  [ -n "$token" ] || die "could not sign seed$i in: $answer"
  echo "$token" >> "$WORK/tokens"
done

port=$(free_port)
log "starting the ceiling (a bare SignalR hub) at 127.0.0.1:$port"
ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet bench/ChatCeiling/bin/Release/net10.0/ChatCeiling.dll >"$WORK/ceiling.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$port/health/ready" 60
CEILING="http://127.0.0.1:$port"

LOAD=bench/ChatLoad/bin/Release/net10.0/ChatLoad.dll
log "$CLIENTS clients in $ROOMS rooms of $ROOM_SIZE; $WARMUP s warm-up, $MEASURE_SECONDS s measured per phase; saturate with $IN_FLIGHT in flight per room; steady at $RATE deliveries/s"
dotnet "$LOAD" "$CEILING" ceiling > "$WORK/results"
WORKSPACE=bench TOKENS="$WORK/tokens" ROOMS="$WORK/rooms" dotnet "$LOAD" "$CAIRN" cairn >> "$WORK/results"

printf '%-8s %-9s %14s %9s %9s %11s %7s\n' hub phase deliveries/s p50-ms p99-ms deliveries errors
while read -r hub phase rate p50 p99 count errs; do
  printf '%-8s %-9s %14s %9s %9s %11s %7s\n' "$hub" "$phase" "$rate" "$p50" "$p99" "$count" "$errs"
done < "$WORK/results"
awk '$2 == "saturate" { r[$1] = $3 } $1 == "cairn" && $2 == "steady" { p99 = $5; got = $3 }
  END { printf "cairn / ceiling, deliveries per second at saturation: %.2f (target: at least 0.5)\n", r["cairn"] / r["ceiling"];
        printf "cairn at %s deliveries/s: p99 %s ms (target: under 100 ms)\n", got, p99 }' "$WORK/results"
