#!/usr/bin/env bash
# Voxgate phone benchmark: CALLS calls x 3 generic CTI events (newCall, answer, hangup; signed
# JSON with timestamps; events of one call in flight together and out of order) at CONCURRENCY
# connections against a throw-away PostgreSQL 15. Not part of the tests.
#
#   bash bench/phone.sh                           # 10,000 calls at concurrency 32
#   BENCH_CALLS=2000 BENCH_CONCURRENCY=8 bash bench/phone.sh
#
# Prints and appends to bench/results/phone-<YYYY-MM-DD>.md: throughput, p50/p99, and the checks
# tickets = calls, one call row per call with the right talk time, 3 events stored per call.
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${BENCH_CALLS:-10000}
CONCURRENCY=${BENCH_CONCURRENCY:-32}
PG_PORT=${BENCH_PG_PORT:-55498}
HTTP_PORT=${BENCH_HTTP_PORT:-18182}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
JAR=target/voxgate.jar
SECRET=bench-phone-secret
RUN_ID="p$(date +%s)"
RESULTS="bench/results/phone-$(date +%F).md"
log() { printf '[phone-bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ "$CALLS" =~ ^[1-9][0-9]*$ && "$CONCURRENCY" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CALLS and BENCH_CONCURRENCY must be positive integers"
[[ -x "$PGBIN/initdb" ]] || die "no PostgreSQL server binaries in $PGBIN (apt-get install -y postgresql-15)"
[[ -f "$JAR" ]] || { log "building $JAR"; mvn -B -q package -DskipTests; }

WORK=$(mktemp -d /tmp/voxgate-phone-bench.XXXXXX)
chmod 755 "$WORK"
GW_PID=""
. bench/pg.sh
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$GW_PID" ]] && kill -0 "$GW_PID" 2>/dev/null; then
    kill -TERM "$GW_PID"
    for _ in $(seq 50); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$GW_PID" 2>/dev/null && kill -KILL "$GW_PID"
  fi
  pg_stop
  if [[ $rc -ne 0 ]]; then
    [[ -f "$WORK/gateway.log" ]] && tail -n 40 "$WORK/gateway.log" >&2
    log "FAILED (exit $rc); kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/data"
pg_start "$WORK/pg"

log "starting the gateway on 127.0.0.1:$HTTP_PORT"
VOXGATE_DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres" VOXGATE_HTTP_PORT="$HTTP_PORT" \
  VOXGATE_DATA_DIR="$WORK/data" VOXGATE_ADMIN_TOKEN=bench VOXGATE_CHANNELS_DIR=bench/channels \
  BENCH_PHONE_SECRET="$SECRET" java -Xmx256m -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
for i in $(seq 120); do
  curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null | grep -q 200 && break
  kill -0 "$GW_PID" 2>/dev/null || die "the gateway exited"
  [[ $i -eq 120 ]] && die "the gateway was not ready within 60 s"
  sleep 0.5
done

URL="http://127.0.0.1:$HTTP_PORT/intake/phone/bench-phone"
log "warm-up: 500 calls (not reported)"
java bench/PhoneLoad.java "$URL" 500 "$CONCURRENCY" "warm-$RUN_ID" "$SECRET" >/dev/null
log "measuring: $CALLS calls x 3 events at concurrency $CONCURRENCY"
RESULT=$(java bench/PhoneLoad.java "$URL" "$CALLS" "$CONCURRENCY" "$RUN_ID" "$SECRET")
log "$RESULT"

TICKETS=$(psql_q "SELECT count(*) FROM tickets WHERE source = 'bench-phone' AND external_id LIKE '$RUN_ID-%'")
RIGHT=$(psql_q "SELECT count(*) FROM phone_calls WHERE source = 'bench-phone' AND call_id LIKE '$RUN_ID-%'
  AND talk_seconds = 60 + (split_part(call_id, '-', 2)::int % 60)")
EVENTS=$(psql_q "SELECT count(*) FROM phone_call_events WHERE source = 'bench-phone' AND call_id LIKE '$RUN_ID-%'")
ENDED=$(psql_q "SELECT count(*) FROM timeline tl JOIN tickets t ON t.id = tl.ticket_id
  WHERE t.source = 'bench-phone' AND t.external_id LIKE '$RUN_ID-%' AND tl.type = 'call_ended'")
verdict() { [[ "$1" == "$2" ]] && echo ok || echo "FAILED ($1, expected $2)"; }

mkdir -p bench/results
{
  echo "## $(date -u +'%F %H:%M UTC') — $CALLS calls x 3 events, concurrency $CONCURRENCY"
  echo
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load before $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); PostgreSQL $(psql_q 'SHOW server_version')"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  for kv in $RESULT; do echo "| ${kv%%=*} | ${kv#*=} |"; done
  echo "| tickets = calls | $(verdict "$TICKETS" "$CALLS") |"
  echo "| right talk time | $(verdict "$RIGHT" "$CALLS") |"
  echo "| events stored (3 per call) | $(verdict "$EVENTS" $((CALLS * 3))) |"
  echo "| one call_ended entry per call | $(verdict "$ENDED" "$CALLS") |"
  echo "| gateway log warnings | $(grep -c -E 'WARNING|SEVERE|Exception' "$WORK/gateway.log" || true) |"
  echo
} | tee -a "$RESULTS"
[[ "$TICKETS" == "$CALLS" && "$RIGHT" == "$CALLS" ]] || die "checks failed"
