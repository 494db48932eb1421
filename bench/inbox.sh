#!/usr/bin/env bash
# Inbox query benchmark: list and text-search (`q`, Chinese) p99 at 100,000 and 1,000,000 generated
# tickets, with the query plans. Starts the jar with its embedded PostgreSQL in a temp folder.
#
#   bash bench/inbox.sh                      # 100000 and 1000000 tickets, 15 s per query
#   BENCH_SIZES="100000" BENCH_SECONDS=5 bash bench/inbox.sh
#
# Writes bench/results/inbox-<YYYY-MM-DD>.md and prints it. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${BENCH_SIZES:-"100000 1000000"}
SECONDS_PER_QUERY=${BENCH_SECONDS:-15}
HTTP_PORT=${BENCH_HTTP_PORT:-18282}
PG_PORT=${BENCH_PG_PORT:-55433}
TOKEN=bench-admin-token-0123456789
RESULTS="bench/results/inbox-$(date +%F).md"
log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

for tool in java psql wrk curl; do command -v "$tool" >/dev/null || { log "'$tool' is not installed"; exit 1; }; done
[[ -f target/voxgate.jar ]] || mvn -B -q package -DskipTests
WORK=$(mktemp -d /tmp/voxgate-inbox-bench.XXXXXX)
GW_PID=""
cleanup() {
  if [[ -n "$GW_PID" ]]; then kill "$GW_PID" 2>/dev/null || true; wait "$GW_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

VOXGATE_DATA_DIR="$WORK/data" VOXGATE_HTTP_PORT=$HTTP_PORT VOXGATE_DATABASE__EMBEDDED_PORT=$PG_PORT \
  VOXGATE_ADMIN_TOKEN=$TOKEN VOXGATE_SMTP_URL=smtp://127.0.0.1:9 VOXGATE_CHANNELS_DIR=bench/channels \
  java -Xmx256m -jar target/voxgate.jar >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$HTTP_PORT/health/live" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$HTTP_PORT/health/live" >/dev/null || { tail -20 "$WORK/gateway.log"; exit 1; }
psql_q() { psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1"; }

# Generated tickets: one in 1,000 asks for a refund (退款); the rest vary over 97 subjects.
generate() { # $1 first, $2 last
  # dispatched_at set: these are past tickets the dispatcher took on long ago (else its background
  # take-over of the generated rows would run during the measurement)
  psql_q "INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at, subject, body, category,
                               severity, ack_state, status, search_grams, dispatched_at)
          SELECT gen_random_uuid(), 'TS-20260101-' || lpad(i::text, 7, '0'), 'complaint', 'webform', 'bench', 'gen-' || i,
                 now() - (i || ' seconds')::interval,
                 CASE WHEN i % 1000 = 0 THEN '申请退款' ELSE '服务态度 ' || (i % 97) END, '正文 ' || i,
                 'other', 'general', 'pending', CASE WHEN i % 3 = 0 THEN 'in_progress' ELSE 'new' END,
                 CASE WHEN i % 1000 = 0 THEN ARRAY['申','请','申请','退','款','请退','退款']
                      ELSE ARRAY['服','务','服务','态','度','务态','态度', 'x' || (i % 5000)] END,
                 now()
          FROM generate_series($1, $2) AS i"
  # As autovacuum would have by the time a table holds this many tickets: hint bits and the visibility
  # map set, the GIN index's pending list merged (a fresh bulk insert leaves it long: every text search
  # would scan it), statistics current.
  psql_q "VACUUM ANALYZE tickets"
}

QUERIES=("newest%20page:/api/v1/tickets?limit=50"
         "status%20filter:/api/v1/tickets?status=in_progress&limit=50"
         "q%3D%E9%80%80%E6%AC%BE%20(rare):/api/v1/tickets?q=%E9%80%80%E6%AC%BE&limit=50"
         "q%3D%E6%9C%8D%E5%8A%A1%E6%80%81%E5%BA%A6%20(common):/api/v1/tickets?q=%E6%9C%8D%E5%8A%A1%E6%80%81%E5%BA%A6&limit=50")
{
  echo "# Inbox query benchmark — $(date '+%F %T %Z')"
  echo
  echo "\`bash bench/inbox.sh\`: the jar with its embedded PostgreSQL, generated tickets, \`wrk -t2 -c16 -d${SECONDS_PER_QUERY}s\`"
  echo "with an admin token per query; $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| tickets | query | req/s | p50 ms | p99 ms |"
  echo "|---:|---|---:|---:|---:|"
} >"$WORK/report.md"
done_rows=0
for n in $SIZES; do
  log "generating tickets $((done_rows + 1))..$n"
  generate $((done_rows + 1)) "$n"
  done_rows=$n
  # unreported warm-up, so that the JIT has compiled the list path before the first figure
  for entry in "${QUERIES[@]}"; do
    wrk -t2 -c16 -d"${WARMUP_SECONDS:-5}s" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT${entry#*:}" >/dev/null
  done
  for entry in "${QUERIES[@]}"; do
    path=${entry#*:}
    label=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.unquote(sys.argv[1]))' "${entry%%:*}")
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT$path")
    [[ "$code" == 200 ]] || { log "$path answered $code"; exit 1; }
    out=$(wrk -t2 -c16 -d"${SECONDS_PER_QUERY}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT$path")
    rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out"); p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    log "  $n tickets, $label: $rps req/s, p50 $p50, p99 $p99"
    echo "| $n | $label | $rps | $p50 | $p99 |" >>"$WORK/report.md"
  done
  {
    echo
    echo "Plan of the rare text search at $n tickets (\`EXPLAIN ANALYZE\`, the statement the inbox runs):"
    echo
    echo '```'
    psql_q "EXPLAIN ANALYZE SELECT id FROM tickets WHERE true AND search_grams @> ARRAY['退款']
            AND strpos(lower(subject || ' ' || body), '退款') > 0 AND kind <> 'report' ORDER BY id DESC LIMIT 51"
    echo '```'
  } >>"$WORK/report.md"
done
mkdir -p bench/results
cp "$WORK/report.md" "$RESULTS"
cat "$RESULTS"
