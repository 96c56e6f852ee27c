#!/usr/bin/env bash
# Start-up time of a published Release build (dotnet publish src/Cairn.Web -c Release) on the embedded SQLite
# default, in Production: the time from just before exec of `dotnet Cairn.Web.dll` to /health/ready answering 200
# (polled with curl every 10 ms), median of STARTS starts each,
#   (a) on an existing data folder (migrated and seeded by one first start that is not counted), and
#   (b) on an empty data folder each time (migrations and the demo seed included),
# with the resident memory (VmRSS) right after each start. Each instance is stopped (SIGTERM, wait) before the next.
# Targets: median (a) < 1 s, (b) < 3 s; exits 1 when one is missed (NO_TARGETS=1: report only).
#   bench/startup.sh              STARTS=10 by default
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/servers.sh
STARTS=${STARTS:-10}
command -v curl >/dev/null || ensure_packages curl

log "publishing (Release) to $WORK/publish"
dotnet publish src/Cairn.Web -c Release -o "$WORK/publish" ${PUBLISH_OPTIONS:--r linux-x64 --self-contained false -p:PublishReadyToRun=true} -nologo -v quiet -clp:ErrorsOnly >/dev/null

# start_once DATA_FOLDER: prints "MILLISECONDS RSS_MB" for one start, then stops the instance.
start_once() {
  local data=$1 port t0 t1 pid status
  port=$(free_port)
  (
    export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
      Cairn__DataDirectory="$data" Logging__LogLevel__Default=Warning
    date +%s%N > "$WORK/t0"
    exec dotnet "$WORK/publish/Cairn.Web.dll"
  ) >>"$WORK/cairn.log" 2>&1 &
  pid=$!
  PIDS+=($pid)
  while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/ready" || true)
    [ "$status" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/cairn.log" >&2; die "Cairn exited during start-up"; }
    [ $(( ($(date +%s%N) - $(cat "$WORK/t0" 2>/dev/null || date +%s%N)) / 1000000000 )) -lt 120 ] || die "not ready after 120 s"
    sleep 0.01
  done
  t1=$(date +%s%N)
  local rss; rss=$(awk '$1 == "VmRSS:" { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  t0=$(cat "$WORK/t0")
  echo "$(( (t1 - t0) / 1000000 )) $rss"
}

log "first start on $WORK/data-existing (migrates and seeds; not counted)"
echo "   $(start_once "$WORK/data-existing" | awk '{ print $1 " ms, " $2 " MB" }')"

: > "$WORK/results.txt"
log "$STARTS starts on the existing data folder (a)"
for i in $(seq 1 "$STARTS"); do
  r=$(start_once "$WORK/data-existing")
  echo "existing $r" >> "$WORK/results.txt"
  echo "   $i: ${r% *} ms, ${r#* } MB"
done
log "$STARTS starts on an empty data folder each (b)"
for i in $(seq 1 "$STARTS"); do
  r=$(start_once "$WORK/data-empty-$i")
  rm -rf "$WORK/data-empty-$i"
  echo "empty $r" >> "$WORK/results.txt"
  echo "   $i: ${r% *} ms, ${r#* } MB"
done

awk -v report_only="${NO_TARGETS:-0}" '
  function median(list, n,   i, j, t, a) {
    for (i = 1; i <= n; i++) a[i] = list[i]
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { n[$1]++; ms[$1, n[$1]] = $2; rss[$1, n[$1]] = $3 }
  END {
    want["existing"] = 1000; want["empty"] = 3000
    label["existing"] = "(a) existing data folder"; label["empty"] = "(b) empty data folder"
    printf "\n%-26s %7s %8s %8s %8s %9s  %s\n", "start-up to /health/ready", "starts", "median", "min", "max", "RSS (MB)", "target"
    ok = 1
    split("existing empty", kinds, " ")
    for (k = 1; k <= 2; k++) {
      kind = kinds[k]; min = 1e18; max = 0
      for (i = 1; i <= n[kind]; i++) {
        a[i] = ms[kind, i]; b[i] = rss[kind, i]
        if (a[i] < min) min = a[i]; if (a[i] > max) max = a[i]
      }
      m = median(a, n[kind]); pass = n[kind] > 0 && m < want[kind]; if (!pass) ok = 0
      printf "%-26s %7d %6.0fms %6.0fms %6.0fms %9.0f  < %d ms %s\n", label[kind], n[kind], m, min, max, median(b, n[kind]), want[kind], pass ? "ok" : "MISSED"
    }
    print ok ? "startup: all targets met" : "startup: some targets missed" (report_only == "1" ? " (NO_TARGETS=1: reporting only)" : "")
    exit (ok || report_only == "1") ? 0 : 1
  }' "$WORK/results.txt"
