#!/usr/bin/env bash
# HelpdeskBot's message -> card reply path WITH authentication on, same workload as bench/reference/measure.sh:
# a loopback channel authority (authority.py) serves OpenID metadata + JWKS and a token endpoint; wrk sends the
# Teams message with a pre-minted RS256 channel token (valid 24 h); the bot validates each token (signature,
# issuer, audience, lifetime, serviceurl claim, endorsement) and replies to the nginx fake connector with its own
# (MSAL, cached) token. Usage: HB_DLL=.../HelpdeskBot.dll [DURATION=10s] [SHARED_BENCH=bench/reference] bench/protocol/measure-auth.sh
set -u
HERE=$(cd "$(dirname "$0")" && pwd); B=${SHARED_BENCH:-$HERE/../reference}
T=$(mktemp -d /tmp/bench-auth.XXXXXX); PIDS=(); D=${DURATION:-10s}
trap 'for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null; done; [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")"' EXIT
: "${HB_DLL:?set HB_DLL to the built HelpdeskBot.dll}"
APP_ID=00000000-0000-0000-0000-00000000be4c; export SERVICE_URL=http://127.0.0.1:18080/
sed "s#PREFIX#$T#g" "$B/fake-connector.conf" >"$T/nginx.conf"; nginx -c "$T/nginx.conf" -p "$T"
APP_ID=$APP_ID OUT=$T META_PORT=18091 TOKEN_PORT=18092 python3 "$HERE/authority.py" >"$T/authority.log" 2>&1 & PIDS+=($!)
for i in $(seq 1 50); do [ -f "$T/token" ] && grep -q ready "$T/authority.log" && break; sleep 0.2; done
SSL_CERT_FILE=$T/cert.pem ASPNETCORE_URLS=http://127.0.0.1:3982 ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  MicrosoftAppId=$APP_ID MicrosoftAppType=MultiTenant MicrosoftAppPassword=bench-secret Bot__OpenIdMetadataUrl=http://127.0.0.1:18091/v1/.well-known/openidconfiguration \
  Bot__Connector__AuthorityHost=https://127.0.0.1:18092 dotnet "$HB_DLL" >"$T/hb.log" 2>&1 & PIDS+=($!)
for i in $(seq 1 150); do curl -s -o /dev/null http://127.0.0.1:3982/health/live && break; sleep 0.2; done
export TOKEN_FILE=$T/token MESSAGE_LUA=$B/message.lua
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/token")" -H 'Content-Type: application/json' \
  -d '{"type":"message","id":"x","serviceUrl":"'$SERVICE_URL'","channelId":"msteams","from":{"id":"29:u"},"recipient":{"id":"28:bot"},"conversation":{"id":"a:1"},"text":"hi"}' http://127.0.0.1:3982/api/messages)
echo "# $(date -u +%FT%TZ), $(nproc) cores, wrk -t2 -c32, ${D}; authenticated probe request answered $code"
wrk -t2 -c32 -d5s -s "$HERE/message-auth.lua" http://127.0.0.1:3982/api/messages >/dev/null
wrk -t2 -c32 -d"$D" --latency -s "$HERE/message-auth.lua" http://127.0.0.1:3982/api/messages >"$T/hb-auth.txt"
printf '%-38s %10s req/s  avg %8s  p50 %8s  p99 %8s\n' "HelpdeskBot (auth on)" "$(grep -oP 'Requests/sec:\s+\K[0-9.]+' "$T/hb-auth.txt")" \
  "$(awk '/Latency/{print $2; exit}' "$T/hb-auth.txt")" "$(awk '/ 50%/{print $2}' "$T/hb-auth.txt")" "$(awk '/ 99%/{print $2}' "$T/hb-auth.txt")"
grep -E 'Non-2xx|Socket errors' "$T/hb-auth.txt"
echo "HelpdeskBot (auth on) peak RSS: $(awk '/VmHWM/{printf "%.0f MB", $2/1024}' /proc/${PIDS[-1]}/status)"
grep -iE 'fail|error' "$T/hb.log" | head -5
