#!/usr/bin/env bash
# Probes benchmark, all on loopback, in one run:
#   blackbox_exporter (http_2xx, fresh connection per probe) vs HelpdeskBot POST /api/diagnoses (one HTTP attempt)
#   against the same target http://127.0.0.1:18080/bad502 (nginx's own 502, ../shared/bench/fake-connector.conf),
#   both at 16 connections with wrk.
# Usage: [DURATION=15s] [WARMUP=15s] [SHARED=/work/shared] bench/probes/measure.sh   (builds src/HelpdeskBot in Release first)
# Each prober is warmed up first: .NET's tiered JIT (tier 0 -> instrumented -> tier 1) takes ~10 s of load to settle
# on 2 cores (perf: libclrjit was 27% of samples 8 s in, 0.5% after 25 s); blackbox_exporter is compiled ahead of time.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd); SHARED=${SHARED:-$ROOT/../shared}; [ -d "$SHARED/bench" ] || SHARED=/work/shared
B="$SHARED/bench"; T=$(mktemp -d /tmp/probes-bench.XXXXXX); D=${DURATION:-15s}; W=${WARMUP:-15s}; PIDS=()
trap 'for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null; done; [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null' EXIT
for t in nginx wrk prometheus-blackbox-exporter dotnet curl; do command -v "$t" >/dev/null || { echo "missing $t"; exit 2; }; done
dotnet publish "$ROOT/src/HelpdeskBot/HelpdeskBot.csproj" -c Release -o "$T/hb" -nologo -v q >/dev/null || exit 2
if curl -s -o /dev/null http://127.0.0.1:18080/ok; then echo "(using the nginx already on 127.0.0.1:18080)"; else
  sed "s#PREFIX#$T#g" "$B/fake-connector.conf" >"$T/nginx.conf"; nginx -c "$T/nginx.conf" -p "$T"; sleep 0.5; fi
row() { printf '%-44s %10s req/s  avg %8s  p99 %8s\n' "$1" "$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$2")" "$(awk '/Latency/{print $2; exit}' "$2")" "$(awk '/ 99%/{print $2}' "$2")"; }
up() { for i in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1"; return 1; }
echo "# $(date -u +%FT%TZ), load $(cut -d" " -f1-3 /proc/loadavg), $(nproc) cores, wrk -t2 -c16, ${W} warm-up + ${D} each, target http://127.0.0.1:18080/bad502"
prometheus-blackbox-exporter --config.file="$B/blackbox.yml" --web.listen-address=127.0.0.1:9115 >"$T/bbe.log" 2>&1 & PIDS+=($!)
up http://127.0.0.1:9115/metrics
wrk -t2 -c16 -d"$W" 'http://127.0.0.1:9115/probe?module=http_2xx&target=http://127.0.0.1:18080/bad502' >/dev/null
wrk -t2 -c16 -d"$D" --latency 'http://127.0.0.1:9115/probe?module=http_2xx&target=http://127.0.0.1:18080/bad502' >"$T/bbe.txt"
row "prober: blackbox_exporter http (c16)" "$T/bbe.txt"; kill "${PIDS[-1]}"
ASPNETCORE_URLS=http://127.0.0.1:3982 ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  Diagnoses__ApiKeys__0=bench-key Diagnoses__PermitsPerMinute=10000000 \
  Probes__AllowedNetworks__0=127.0.0.0/8 Probes__AllowedPorts__0=18080 Probes__PerUserPerMinute=0 Probes__PerTargetPerMinute=0 \
  Probes__Resolvers__0=127.0.0.1:9 Probes__SystemResolver=127.0.0.1:9 \
  dotnet "$T/hb/HelpdeskBot.dll" >"$T/hb.log" 2>&1 & PIDS+=($!)
up http://127.0.0.1:3982/health/live
wrk -t2 -c16 -d"$W" -s "$ROOT/bench/probes/diagnose.lua" http://127.0.0.1:3982/api/diagnoses >/dev/null
wrk -t2 -c16 -d"$D" --latency -s "$ROOT/bench/probes/diagnose.lua" http://127.0.0.1:3982/api/diagnoses >"$T/hb.txt"
row "HelpdeskBot POST /api/diagnoses (c16)" "$T/hb.txt"; grep -E 'Non-2xx|Socket errors' "$T/hb.txt"
echo "HelpdeskBot peak RSS: $(awk '/VmHWM/{printf "%.0f MB", $2/1024}' /proc/${PIDS[-1]}/status)"
curl -s -X POST -H 'Content-Type: application/json' -H 'X-Api-Key: bench-key' -d '{"target":"http://127.0.0.1:18080/bad502","attempts":1}' http://127.0.0.1:3982/api/diagnoses | grep -o '"summary":"[^"]*"' | head -1
awk -v a="$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$T/hb.txt")" -v b="$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$T/bbe.txt")" 'BEGIN{printf "ratio HelpdeskBot / blackbox_exporter: %.2fx\n", a/b}'
