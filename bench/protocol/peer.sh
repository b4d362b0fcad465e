#!/usr/bin/env bash
# The JS SDK peer of bench/reference/measure.sh, started the same way but waited for until it listens (on a
# loaded machine node needs more than measure.sh's fixed 2 s to load botbuilder, and wrk then finds no server).
set -u
B=${SHARED_BENCH:-$(cd "$(dirname "$0")/../reference" && pwd)}; C=${BENCH_CACHE:-/tmp/helpdeskbot-bench-cache}; D=${DURATION:-10s}
export SERVICE_URL=http://127.0.0.1:18080/
NODE_PATH="$C/peer/node_modules" PORT=3979 node "$B/peer/bot.js" >/tmp/peer-bench.log 2>&1 & P=$!
trap 'kill $P 2>/dev/null' EXIT
for i in $(seq 1 150); do grep -q "peer bot on" /tmp/peer-bench.log && break; sleep 0.2; done
wrk -t2 -c32 -d5s -s "$B/message.lua" http://127.0.0.1:3979/api/messages >/dev/null
wrk -t2 -c32 -d"$D" --latency -s "$B/message.lua" http://127.0.0.1:3979/api/messages >/tmp/peer-bench.txt
printf '%-38s %10s req/s  avg %8s  p99 %8s\n' "peer: Bot Framework JS SDK bot" "$(grep -oP 'Requests/sec:\s+\K[0-9.]+' /tmp/peer-bench.txt)" \
  "$(awk '/Latency/{print $2; exit}' /tmp/peer-bench.txt)" "$(awk '/ 99%/{print $2}' /tmp/peer-bench.txt)"
grep -E 'Non-2xx|Socket errors' /tmp/peer-bench.txt
