#!/usr/bin/env bash
# Interleaved comparison on a shared, noisy machine: per round, back to back, the bare Kestrel ceiling, the JS SDK
# peer and HelpdeskBot (auth off) on the workload of bench/reference/measure.sh (message.lua -> nginx fake
# connector), so each round's ratios come from the same few seconds. Prints ratios per round.
# Usage: HB_DLL=.../HelpdeskBot.dll [ROUNDS=3] [DURATION=6s] bench/protocol/compare.sh
set -u
B=${SHARED_BENCH:-$(cd "$(dirname "$0")/../reference" && pwd)}; C=${BENCH_CACHE:-/tmp/helpdeskbot-bench-cache}; D=${DURATION:-6s}; R=${ROUNDS:-3}
: "${HB_DLL:?set HB_DLL}"; T=$(mktemp -d /tmp/bench-cmp.XXXXXX); PIDS=()
trap 'for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null; done; [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")"' EXIT
export SERVICE_URL=http://127.0.0.1:18080/
[ -f "$C/ceiling/out/Ceil.dll" ] && [ -d "$C/peer/node_modules/botbuilder" ] || { echo "run bench/reference/measure.sh once first (it builds the cache)"; exit 2; }
(exec 3<>/dev/tcp/127.0.0.1/18080) 2>/dev/null || { sed "s#PREFIX#$T#g" "$B/fake-connector.conf" >"$T/nginx.conf"; nginx -c "$T/nginx.conf" -p "$T"; }
wait_up() { for i in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; return 1; }
ASPNETCORE_URLS=http://127.0.0.1:3981 dotnet "$C/ceiling/out/Ceil.dll" >/dev/null 2>&1 & PIDS+=($!)
NODE_PATH="$C/peer/node_modules" PORT=3979 node "$B/peer/bot.js" >"$T/peer.log" 2>&1 & PIDS+=($!)
ASPNETCORE_URLS=http://127.0.0.1:3980 ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning dotnet "$HB_DLL" >/dev/null 2>&1 & PIDS+=($!); HB=$!
wait_up http://127.0.0.1:3981/health/live; wait_up http://127.0.0.1:3980/health/live
for i in $(seq 1 100); do grep -q "peer bot on" "$T/peer.log" && break; sleep 0.2; done
rps() { wrk -t2 -c32 -d"$D" --latency -s "$B/message.lua" "http://127.0.0.1:$1/api/messages" >"$T/w.txt"; grep -oP 'Requests/sec:\s+\K[0-9.]+' "$T/w.txt"; }
for p in 3981 3979 3980; do wrk -t2 -c32 -d3s -s "$B/message.lua" "http://127.0.0.1:$p/api/messages" >/dev/null; done
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c32, ${D} per run"
for r in $(seq 1 "$R"); do
  c=$(rps 3981); p=$(rps 3979); h=$(rps 3980); hp50=$(awk '/ 50%/{print $2}' "$T/w.txt"); hp99=$(awk '/ 99%/{print $2}' "$T/w.txt")
  awk -v r="$r" -v c="$c" -v p="$p" -v h="$h" -v a="$hp50" -v b="$hp99" 'BEGIN{printf "round %d: ceiling %.0f/s, JS peer %.0f/s, HelpdeskBot %.0f/s (p50 %s, p99 %s) = %.1fx peer, %.0f%% of ceiling\n", r, c, p, h, a, b, h/p, 100*h/c}'
done
echo "HelpdeskBot peak RSS: $(awk '/VmHWM/{printf "%.0f MB", $2/1024}' /proc/$HB/status)"
