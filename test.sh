#!/usr/bin/env bash
# Runs every test of HelpdeskBot, doing first all the set-up the tests need on a fresh Debian machine:
#   - Debian packages: chromium (browser tests), postgresql (the PostgreSQL engine's tests), util-linux (unshare for
#     the network-namespace probe tests), nodejs/npm (installs the Playground), python3 (sums the results), fonts
#     (DejaVu, Noto Color Emoji and Noto CJK, so the end-to-end screenshots draw the cards' text, ✅/❌ and Japanese)
#   - npm: Microsoft 365 Agents Playground (the Teams-like client of the end-to-end tests)
#   - a throwaway PostgreSQL cluster on 127.0.0.1, stopped when the run ends
#   - dotnet restore/build/test of HelpdeskBot.sln
# Ends with each skipped test ("SKIPPED name: reason"; a test whose prerequisite is missing, outside CI=true), the line
# "N skipped", and the totals alone on the last line: "N passed, N failed".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Probes]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT"
TOOLS=${HB_TOOLS_DIR:-$ROOT/.tools}
RESULTS=$ROOT/artifacts/test-results
mkdir -p "$TOOLS" "$RESULTS"
rm -f "$RESULTS"/*.trx
log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------------------
need_pkgs=()
command -v chromium >/dev/null || need_pkgs+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
command -v unshare >/dev/null || need_pkgs+=(util-linux)
command -v npm >/dev/null || need_pkgs+=(nodejs npm)
command -v python3 >/dev/null || need_pkgs+=(python3)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_pkgs+=(fonts-dejavu-core)
# The cards' ✅/❌ in the end-to-end screenshots (headless Chromium draws empty boxes without a colour emoji font).
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_pkgs+=(fonts-noto-color-emoji)
# Japanese on the cards of the Japanese end-to-end run (without a CJK font Chromium draws empty boxes); ~56 MB download.
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_pkgs+=(fonts-noto-cjk)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null \
    || { log "apt-get install failed"; exit 1; }
fi

# --- npm: Agents Playground ------------------------------------------------------------------------------
PLAYGROUND_DIR=$TOOLS/playground
if [ ! -x "$PLAYGROUND_DIR/node_modules/.bin/agentsplayground" ]; then
  log "installing @microsoft/m365agentsplayground@0.2.28"
  mkdir -p "$PLAYGROUND_DIR"
  (cd "$PLAYGROUND_DIR" && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd "$PLAYGROUND_DIR" && npm install --no-audit --no-fund --silent @microsoft/m365agentsplayground@0.2.28 >/dev/null) \
    || { log "npm install of the Agents Playground failed"; exit 1; }
fi
export HB_PLAYGROUND_BIN=$PLAYGROUND_DIR/node_modules/.bin/agentsplayground
export HB_CHROMIUM=$(command -v chromium)

# --- PostgreSQL: a throwaway cluster on loopback ---------------------------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/helpdeskbot-pg.XXXXXX)
PGPORT=${HB_PG_PORT:-55432}
while (exec 3<>/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT+1)); done
chown postgres "$PGDIR" 2>/dev/null || true
pg_stop() { [ -n "${PGBIN:-}" ] && su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDIR/data -m fast stop" >/dev/null 2>&1; rm -rf "$PGDIR"; }
trap pg_stop EXIT
# Every role is trusted except hb_entra, whose password (an Entra token in PostgresEntraSignInTests) is really checked.
if su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDIR/data -A trust -U helpdesk" >"$PGDIR/initdb.log" 2>&1 \
   && su postgres -s /bin/sh -c "sed -i '1i host all hb_entra 127.0.0.1/32 scram-sha-256' $PGDIR/data/pg_hba.conf" \
   && su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/pg.log -o \"-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" -w start" >/dev/null 2>&1; then
  export HB_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=helpdesk;Database=postgres"
  log "PostgreSQL on 127.0.0.1:$PGPORT"
else
  log "could not start PostgreSQL (see $PGDIR); its tests will fail under CI=true"
  cat "$PGDIR/initdb.log" >&2 2>/dev/null
fi

# --- build and test --------------------------------------------------------------------------------------
dotnet build HelpdeskBot.sln -c Release -nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test HelpdeskBot.sln -c Release --no-build -nologo -v q \
  --logger "trx" --results-directory "$RESULTS" "$@"
status=$?

# --- totals ----------------------------------------------------------------------------------------------
python3 - "$RESULTS" "$status" <<'PY' || awk 'BEGIN{print "0 passed, 1 failed"}'
import sys, glob, xml.etree.ElementTree as ET
p = f = 0
failures = []
skipped = []
for t in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(t).getroot()
    c = root.find(".//{*}Counters")
    if c is not None:
        p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    for r in root.iterfind(".//{*}UnitTestResult"):
        if r.get("outcome") == "NotExecuted":
            # A dynamic skip (Prerequisite outside CI=true): the reason is the result's message.
            msg = r.find(".//{*}Message")
            skipped.append((r.get("testName"), ((msg.text if msg is not None else "") or "").strip()))
        elif r.get("outcome") != "Passed":
            msg = r.find(".//{*}Message")
            trace = r.find(".//{*}StackTrace")
            failures.append((r.get("testName"), (msg.text if msg is not None else "") or "", (trace.text if trace is not None else "") or ""))
# Why a test failed, where CI's log shows it (dotnet test -v q prints only the name).
for name, msg, trace in failures:
    print(f"FAILED {name}\n  {msg.strip()[:2000]}\n  " + "\n  ".join(trace.strip().splitlines()[:8]), file=sys.stderr)
# Skipped tests did not run: named with their reason, counted apart (neither passed nor failed).
for name, why in skipped:
    print(f"SKIPPED {name}: {why[:500]}")
print(f"{len(skipped)} skipped")
# A test run that aborted (a test host crash) fails the run even when no single test is marked failed.
if int(sys.argv[2]) != 0 and f == 0:
    f = 1
print(f"{p} passed, {f} failed")
PY
exit $status
