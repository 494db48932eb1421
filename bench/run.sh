#!/usr/bin/env bash
# Voxgate intake benchmark: gateway (HTTP -> PostgreSQL) against a pgbench baseline doing the
# same writes per ticket, on the same throw-away PostgreSQL 15 server. Not part of the tests.
#
#   bash bench/run.sh                      # from the project root
#   BENCH_SECONDS=30 bash bench/run.sh     # longer runs per concurrency
#
# Environment (all optional):
#   BENCH_SECONDS         seconds per measured run (default 10)
#   BENCH_WARMUP_SECONDS  unreported gateway warm-up so the JIT has compiled the hot path (default 15)
#   BENCH_CONCURRENCY     connections / pgbench clients to measure (default "1 8 32 64")
#   BENCH_PG_PORT         PostgreSQL port on 127.0.0.1 (default 55499)
#   BENCH_HTTP_PORT       gateway port (default 18181)
#   BENCH_PGBENCH_NOTIFY  1: pgbench also sends the gateway's NOTIFY voxgate_outbox in every
#                         transaction (the gateway sends one per batch); default 0
#   BENCH_KEEP            1: keep the temp folder (logs, data) instead of deleting it; it is
#                         kept after a failure too unless BENCH_KEEP=0
#   PGBIN                 PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#
# Writes bench/results/<YYYY-MM-DD>.md and prints it. See bench/README.md for the targets.
set -euo pipefail

cd "$(dirname "$0")/.."            # the project root: the jar and conf/ are found from here
BENCH_SECONDS=${BENCH_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-15}
CONCURRENCY=${BENCH_CONCURRENCY:-"1 8 32 64"}
PG_PORT=${BENCH_PG_PORT:-55499}
HTTP_PORT=${BENCH_HTTP_PORT:-18181}
PGBENCH_NOTIFY=${BENCH_PGBENCH_NOTIFY:-0}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
JAR=target/voxgate.jar
HEAP_MAX_MB=256
BASE_URL="http://127.0.0.1:$HTTP_PORT"
RUN_ID="b$(date +%s)"
RESULTS="bench/results/$(date +%F).md"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)   # other work on the machine skews results: recorded

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------- preconditions
[[ "$BENCH_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer"
[[ "$WARMUP_SECONDS" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SECONDS must be an integer"
for c in $CONCURRENCY; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONCURRENCY: '$c' is not a positive integer"; done
[[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" ]] || die "no PostgreSQL server binaries in $PGBIN (apt-get install -y postgresql-15)"
for tool in pgbench psql curl java; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
if ! command -v wrk >/dev/null; then
  # wrk is a Debian package; install it only when we may (root), else say what is missing.
  [[ $EUID -eq 0 ]] || die "'wrk' is not installed (apt-get install -y wrk)"
  log "installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } \
    || die "could not install wrk"
fi
if [[ ! -f "$JAR" ]]; then
  log "$JAR is missing: building it (mvn -B -q package -DskipTests)"
  mvn -B -q package -DskipTests
fi
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_busy "$PG_PORT" && die "port $PG_PORT is in use (set BENCH_PG_PORT)"
port_busy "$HTTP_PORT" && die "port $HTTP_PORT is in use (set BENCH_HTTP_PORT)"

# Everything the run creates lives here; removed at the end unless BENCH_KEEP=1.
WORK=$(mktemp -d /tmp/voxgate-bench.XXXXXX)
chmod 755 "$WORK"                   # the postgres user must reach its data folder inside
PGDATA_DIR="$WORK/pg"
GW_PID=""
SAMPLER_PID=""
JSTAT_PID=""
PG_STARTED=0

# initdb/pg_ctl refuse to run as root: as root, run them as the 'postgres' system user.
as_pg() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local rc=$?
  set +e
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  [[ -n "$JSTAT_PID" ]] && kill "$JSTAT_PID" 2>/dev/null
  if [[ -n "$GW_PID" ]] && kill -0 "$GW_PID" 2>/dev/null; then
    kill -TERM "$GW_PID"
    # the gateway's shutdown hook closes the HTTP server and pool; give it 25 s at most
    local waited=0
    while kill -0 "$GW_PID" 2>/dev/null && (( waited < 50 )); do sleep 0.5; waited=$((waited + 1)); done
    if kill -0 "$GW_PID" 2>/dev/null; then
      log "the gateway did not stop within 25 s of SIGTERM: killed"
      kill -KILL "$GW_PID"
    else
      log "gateway stopped $(awk -v w="$waited" 'BEGIN { print w / 2 }') s after SIGTERM"
    fi
  fi
  if [[ $PG_STARTED -eq 1 ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -t 30 stop >/dev/null 2>&1
  fi
  if [[ $rc -ne 0 ]]; then
    log "FAILED (exit $rc). Last lines of the logs:"
    [[ -f "$WORK/gateway.log" ]] && { echo "--- gateway.log"; tail -n 40 "$WORK/gateway.log"; } >&2
    [[ -f "$PGDATA_DIR/server.log" ]] && { echo "--- postgresql server.log"; tail -n 20 "$PGDATA_DIR/server.log"; } >&2
  fi
  if [[ "${BENCH_KEEP:-0}" == 1 || $rc -ne 0 && "${BENCH_KEEP:-}" != 0 ]]; then
    log "kept $WORK (logs, data)"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM           # turn signals into a normal exit so the EXIT trap cleans up

# ---------------------------------------------------------------------------- PostgreSQL 15
log "starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $PGDATA_DIR)"
mkdir -p "$PGDATA_DIR"
[[ $EUID -eq 0 ]] && chown postgres: "$PGDATA_DIR"
as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
# Server defaults otherwise (fsync and synchronous_commit on): the same durability the
# gateway promises ("201 only after commit"). Socket in the data folder, TCP on loopback only.
# Checkpoints and autovacuum runs are logged (not changed) so latency spikes can be explained.
as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" \
  -o "-p $PG_PORT -h 127.0.0.1 -k $PGDATA_DIR -c log_checkpoints=on -c log_autovacuum_min_duration=0" \
  -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null
PG_STARTED=1
DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
psql_q() { psql -X -q -A -t -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1"; }
PG_VERSION=$(psql_q "SHOW server_version")

# ---------------------------------------------------------------------------- gateway
log "starting the gateway on $BASE_URL"
mkdir -p "$WORK/data"
# bench/channels lifts the public form's per-IP rate limit (all load comes from 127.0.0.1).
VOXGATE_DB_URL="$DB_URL" VOXGATE_HTTP_PORT="$HTTP_PORT" VOXGATE_DATA_DIR="$WORK/data" \
  VOXGATE_ADMIN_TOKEN=bench VOXGATE_CHANNELS_DIR=bench/channels \
  java -Xmx${HEAP_MAX_MB}m -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!

# Ready = /health/ready answers 200 (database reachable, migrations applied). Bounded: 60 s.
ready=0
for _ in $(seq 120); do
  kill -0 "$GW_PID" 2>/dev/null || die "the gateway exited during start"
  if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/health/ready" || true) == 200 ]]; then
    ready=1; break
  fi
  sleep 0.5
done
[[ $ready -eq 1 ]] || die "the gateway did not become ready within 60 s"
log "gateway ready (pid $GW_PID)"

# Memory: RSS from ps every second; heap occupancy from jstat (reads the JVM's perf counters,
# no attach, negligible cost). Both loops end when the gateway does, and are bounded anyway.
n_levels=$(wc -w <<<"$CONCURRENCY")
max_samples=$(( WARMUP_SECONDS + n_levels * BENCH_SECONDS * 2 + BENCH_SECONDS + 600 ))
(
  for _ in $(seq "$max_samples"); do
    ps -o rss= -p "$GW_PID" 2>/dev/null || break
    sleep 1
  done
) >"$WORK/rss.log" &
SAMPLER_PID=$!
if command -v jstat >/dev/null; then
  jstat -gc "$GW_PID" 1000 "$max_samples" >"$WORK/jstat.log" 2>&1 &
  JSTAT_PID=$!
fi

gateway_alive() { kill -0 "$GW_PID" 2>/dev/null || die "the gateway died during the run"; }

# One wrk run: $1 label (unique per run: part of every submission_id), $2 connections,
# $3 seconds, optional $4 paced total rate. Prints the script's "BENCH ..." summary line.
run_wrk() {
  local label=$1 conns=$2 secs=$3 rate=${4:-} threads=2 out="$WORK/wrk-$1.txt"
  (( conns < threads )) && threads=$conns
  if [[ -n "$rate" ]] && command -v wrk2 >/dev/null; then
    # the real thing, if someone installed it: constant-throughput with latency correction
    BENCH_ID_PREFIX="$RUN_ID-$label" timeout $((secs + 60)) wrk2 -t"$threads" -c"$conns" -d"${secs}s" \
      -R"$rate" --latency --timeout 10s -s bench/intake.lua "$BASE_URL/intake/webform" >"$out" 2>&1
  else
    BENCH_ID_PREFIX="$RUN_ID-$label" BENCH_RATE="$rate" BENCH_THREADS="$threads" \
      timeout $((secs + 60)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency --timeout 10s \
      -s bench/intake.lua "$BASE_URL/intake/webform" >"$out" 2>&1
  fi || { cat "$out" >&2; die "wrk failed ($label)"; }
  grep '^BENCH ' "$out" || { cat "$out" >&2; die "wrk printed no summary ($label)"; }
}
# value of key=... in a BENCH line
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# pgbench script: the checked-in one, or a copy that also sends the NOTIFY (see header).
PGBENCH_SCRIPT=bench/pgbench-intake.sql
if [[ "$PGBENCH_NOTIFY" == 1 ]]; then
  PGBENCH_SCRIPT="$WORK/pgbench-intake-notify.sql"
  sed 's/^COMMIT;$/NOTIFY voxgate_outbox;\nCOMMIT;/' bench/pgbench-intake.sql >"$PGBENCH_SCRIPT"
fi

# ---------------------------------------------------------------------------- warm-up
# Tickets must equal 201 responses, except requests still in flight when wrk stops: they are
# stored but their answers are not counted. At most one per connection per wrk run.
total_created=0
max_uncounted=0
if (( WARMUP_SECONDS > 0 )); then
  log "warm-up: ${WARMUP_SECONDS}s at 32 connections (not reported; lets the JIT compile the intake path)"
  line=$(run_wrk warmup 32 "$WARMUP_SECONDS")
  total_created=$(( total_created + $(field "$line" created) )); max_uncounted=$(( max_uncounted + 32 ))
  log "  warm-up: $(field "$line" rps) req/s, non-2xx $(field "$line" non2xx)"
fi

# ---------------------------------------------------------------------------- measured runs
# Per concurrency: the gateway, then pgbench, so both meet tables of about the same size.
declare -A GW_RPS GW_P50 GW_P99 GW_NON2XX GW_SOCK GW_CODES PG_TPS PG_LAT PG_FAILED
peak_rps=0
cpu_before=$(head -n 1 /proc/stat)   # CPU busy/steal over the measured part (a VM may be shared)
for c in $CONCURRENCY; do
  gateway_alive
  log "gateway: $c connections, ${BENCH_SECONDS}s"
  line=$(run_wrk "c$c" "$c" "$BENCH_SECONDS")
  GW_RPS[$c]=$(field "$line" rps); GW_P50[$c]=$(field "$line" p50_ms); GW_P99[$c]=$(field "$line" p99_ms)
  GW_NON2XX[$c]=$(field "$line" non2xx); GW_SOCK[$c]=$(field "$line" socket_errors); GW_CODES[$c]=$(field "$line" codes)
  total_created=$(( total_created + $(field "$line" created) )); max_uncounted=$(( max_uncounted + c ))
  peak_rps=$(awk -v a="$peak_rps" -v b="${GW_RPS[$c]}" 'BEGIN { print (b > a ? b : a) }')
  log "  ${GW_RPS[$c]} req/s, p50 ${GW_P50[$c]} ms, p99 ${GW_P99[$c]} ms, codes ${GW_CODES[$c]}, socket errors ${GW_SOCK[$c]}"

  log "pgbench: $c clients, ${BENCH_SECONDS}s"
  pg_jobs=2; (( c < pg_jobs )) && pg_jobs=$c
  out="$WORK/pgbench-c$c.txt"
  timeout $((BENCH_SECONDS + 60)) pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared \
    -f "$PGBENCH_SCRIPT" -c "$c" -j "$pg_jobs" -T "$BENCH_SECONDS" postgres >"$out" 2>&1 \
    || { cat "$out" >&2; die "pgbench failed (c=$c)"; }
  PG_TPS[$c]=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | awk '{ printf "%.1f", $1 }')
  PG_LAT[$c]=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out")
  PG_FAILED[$c]=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  [[ -n "${PG_TPS[$c]}" ]] || { cat "$out" >&2; die "no tps in pgbench output (c=$c)"; }
  log "  ${PG_TPS[$c]} tps, latency avg ${PG_LAT[$c]} ms, failed ${PG_FAILED[$c]:-?}"
done

# ---------------------------------------------------------------------------- p99 at half peak
gateway_alive
half_rate=$(awk -v p="$peak_rps" 'BEGIN { printf "%d", p / 2 }')
HALF_CONNS=64
if command -v wrk2 >/dev/null; then
  half_tool="wrk2 -R $half_rate (constant throughput, coordinated-omission corrected)"
else
  half_tool="wrk with Lua pacing (bench/intake.lua, BENCH_RATE=$half_rate): wrk2 is not packaged in Debian. Latency is measured from the actual send, without wrk2's coordinated-omission correction, so stalls are under-reported"
fi
log "half peak: $half_rate req/s over $HALF_CONNS connections, ${BENCH_SECONDS}s"
line=$(run_wrk half "$HALF_CONNS" "$BENCH_SECONDS" "$half_rate")
total_created=$(( total_created + $(field "$line" created) )); max_uncounted=$(( max_uncounted + HALF_CONNS ))
cpu_after=$(head -n 1 /proc/stat)
HALF_RPS=$(field "$line" rps); HALF_P50=$(field "$line" p50_ms); HALF_P99=$(field "$line" p99_ms)
HALF_NON2XX=$(field "$line" non2xx); HALF_CODES=$(field "$line" codes)
log "  achieved $HALF_RPS req/s, p50 $HALF_P50 ms, p99 $HALF_P99 ms, codes $HALF_CODES"

# ---------------------------------------------------------------------------- after the load
gateway_alive
HEAP_INFO=$( (command -v jcmd >/dev/null && timeout 30 jcmd "$GW_PID" GC.heap_info 2>&1) || echo "jcmd not available")
kill "$SAMPLER_PID" "$JSTAT_PID" 2>/dev/null || true
wait "$SAMPLER_PID" "$JSTAT_PID" 2>/dev/null || true
SAMPLER_PID=""; JSTAT_PID=""
peak_rss_mb=$(awk '$1 ~ /^[0-9]+$/ && $1 > m { m = $1 } END { printf "%.0f", m / 1024 }' "$WORK/rss.log")
# jstat -gc columns by name: used = survivors + eden + old; committed = their capacities
read -r peak_heap_used_mb peak_heap_committed_mb gc_seconds young_gcs full_gcs < <(awk '
  $1 == "S0C" { for (i = 1; i <= NF; i++) col[$i] = i; next }
  ("S0U" in col) && $1 ~ /^[0-9.]+$/ {
    used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
    cap = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
    if (used > mu) mu = used; if (cap > mc) mc = cap
    gct = $col["GCT"]; ygc = $col["YGC"]; fgc = $col["FGC"]
  }
  END {
    if (mu == 0) { print "? ? ? ? ?"; exit }
    printf "%.0f %.0f %s %s %s\n", mu / 1024, mc / 1024, gct, ygc, fgc
  }
' "$WORK/jstat.log" 2>/dev/null || echo "? ? ? ? ?")

# Every 201 must be exactly one ticket with its raw input, timeline entry and outbox row.
db_tickets=$(psql_q "SELECT count(*) FROM tickets WHERE source = 'webform'")
db_rows=$(psql_q "SELECT (SELECT count(*) FROM raw_inputs r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = 'webform') || ' ' ||
                          (SELECT count(*) FROM timeline r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = 'webform') || ' ' ||
                          (SELECT count(*) FROM outbox r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = 'webform')")
read -r db_raw db_timeline db_outbox <<<"$db_rows"
pg_tickets=$(psql_q "SELECT count(*) FROM tickets WHERE source = 'pgbench'")
uncounted=$(( db_tickets - total_created ))
if (( uncounted >= 0 && uncounted <= max_uncounted )) && [[ "$db_raw" == "$db_tickets" && "$db_timeline" == "$db_tickets" && "$db_outbox" == "$db_tickets" ]]; then
  integrity="OK: $db_tickets gateway tickets, each with its raw input, timeline entry and outbox row; $total_created counted 201 responses + $uncounted answered after wrk stopped counting (at most $max_uncounted possible)"
else
  integrity="MISMATCH: $total_created responses 201 (up to $max_uncounted more uncounted), tickets $db_tickets, raw inputs $db_raw, timeline $db_timeline, outbox $db_outbox"
fi
# /proc/stat cpu line: user nice system idle iowait irq softirq steal ...
read -r cpu_busy cpu_steal < <(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN {
  split(a, x); split(b, y); for (i = 2; i <= 9; i++) { d[i] = y[i] - x[i]; t += d[i] }
  if (t <= 0) { print "? ?"; exit }
  printf "%.0f %.1f\n", 100 * (t - d[5] - d[6]) / t, 100 * d[9] / t }')

# Stop the gateway now (not in the cleanup) to report how it shuts down after load.
log "stopping the gateway (SIGTERM)"
kill -TERM "$GW_PID"
waited=0
while kill -0 "$GW_PID" 2>/dev/null && (( waited < 50 )); do sleep 0.5; waited=$((waited + 1)); done
if kill -0 "$GW_PID" 2>/dev/null; then
  shutdown_note="still running 25 s after SIGTERM: killed"
  kill -KILL "$GW_PID" 2>/dev/null || true
else
  shutdown_note="exited $(awk -v w="$waited" 'BEGIN { print w / 2 }') s after SIGTERM"
fi
GW_PID=""
log "  gateway $shutdown_note"

# The Micrometer "Gauge has been already registered" warning at start is known and harmless
# (STACK.md); anything else is reported.
gw_problem_lines=$(grep -E 'SEVERE|WARNING|Exception|Error' "$WORK/gateway.log" | grep -v 'Gauge has been already registered' || true)
gw_problems=$(grep -c . <<<"$gw_problem_lines" || true)
pg_errors=$(grep -cE 'ERROR|FATAL|PANIC' "$PGDATA_DIR/server.log" || true)
pg_autovacuum=$(grep -c 'automatic vacuum of table "postgres.public' "$PGDATA_DIR/server.log" || true)
pg_checkpoints=$(grep -c 'checkpoint starting: [^s]' "$PGDATA_DIR/server.log" || true)

# ---------------------------------------------------------------------------- report
last_c=$(awk '{ print $NF }' <<<"$CONCURRENCY")
ratio() { awk -v g="$1" -v p="$2" 'BEGIN { if (p > 0) printf "%.2f", g / p; else print "n/a" }'; }
verdict() { if [[ "$1" == 1 ]]; then echo "PASS"; else echo "FAIL"; fi; }
ratio_last=$(ratio "${GW_RPS[$last_c]}" "${PG_TPS[$last_c]}")
t1=$(awk -v r="$ratio_last" 'BEGIN { print (r + 0 >= 1.0) }')
t2=$(awk -v p="$HALF_P99" 'BEGIN { print (p + 0 <= 50) }')
t3=$(awk -v h="$peak_heap_used_mb" -v m="$HEAP_MAX_MB" 'BEGIN { print (h ~ /^[0-9]+$/ && h + 0 <= m) }')
non2xx_total=$HALF_NON2XX
for c in $CONCURRENCY; do non2xx_total=$(( non2xx_total + GW_NON2XX[$c] )); done

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mkdir -p bench/results
{
  echo "# Voxgate intake benchmark — $(date '+%F %T %Z')"
  echo
  echo "Web-form JSON intake \`POST /intake/webform\` (unique submission_id per request, wrk) against"
  echo "pgbench running the same per-ticket writes (\`bench/pgbench-intake.sql\`, one ticket per"
  if [[ "$PGBENCH_NOTIFY" == 1 ]]; then notify_note=", plus NOTIFY per transaction"; else notify_note=", no NOTIFY"; fi
  echo "transaction$notify_note) on the same PostgreSQL $PG_VERSION."
  echo "${BENCH_SECONDS} s per run after a ${WARMUP_SECONDS} s gateway warm-up; gateway \`-Xmx${HEAP_MAX_MB}m\`, conf/voxgate.yaml as checked in,"
  echo "bench/channels (rate limit lifted). Load generator, gateway and database share the machine."
  echo
  echo "| concurrency | gateway req/s | p50 ms | p99 ms | non-2xx | pgbench tps | pgbench avg latency ms | ratio gateway/pgbench |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in $CONCURRENCY; do
    nx=${GW_NON2XX[$c]}; (( GW_SOCK[$c] > 0 )) && nx="$nx (+${GW_SOCK[$c]} socket errors)"
    echo "| $c | ${GW_RPS[$c]} | ${GW_P50[$c]} | ${GW_P99[$c]} | $nx | ${PG_TPS[$c]} | ${PG_LAT[$c]} | $(ratio "${GW_RPS[$c]}" "${PG_TPS[$c]}") |"
  done
  echo
  echo "pgbench commits every ticket on its own (counter upsert + intake transaction, 2 fsyncs, all clients"
  echo "queueing on the one counter row); the gateway groups concurrent intakes into one commit"
  echo "(conf intake.batch_max). The ratio therefore mostly measures that grouping."
  echo
  echo "**p99 at half peak:** target $half_rate req/s (peak ${peak_rps} / 2) over $HALF_CONNS connections: achieved"
  echo "$HALF_RPS req/s, p50 $HALF_P50 ms, **p99 $HALF_P99 ms**, non-2xx $HALF_NON2XX."
  echo "Measured with $half_tool."
  echo
  echo "**Gateway memory:** peak RSS ${peak_rss_mb} MB (ps, 1 s samples); peak heap used ${peak_heap_used_mb} MB of"
  echo "${peak_heap_committed_mb} MB committed (jstat -gc, 1 s samples; -Xmx${HEAP_MAX_MB}m); GC: ${young_gcs} young, ${full_gcs} full, ${gc_seconds} s total."
  echo
  echo "| target | result | |"
  echo "|---|---|---|"
  echo "| ratio gateway/pgbench >= 1.0 at concurrency $last_c | $ratio_last | $(verdict "$t1") |"
  echo "| p99 <= 50 ms at half peak | $HALF_P99 ms | $(verdict "$t2") |"
  echo "| heap <= ${HEAP_MAX_MB} MB | ${peak_heap_used_mb} MB peak used | $(verdict "$t3") |"
  echo
  echo "**Checks:** $integrity. pgbench tickets: $pg_tickets. Non-2xx responses in total: $non2xx_total."
  echo "Gateway log lines with SEVERE/WARNING/Exception/Error (known Micrometer gauge warning excluded): $gw_problems."
  echo "PostgreSQL log ERROR/FATAL lines: $pg_errors; autovacuums of the bench tables: $pg_autovacuum; checkpoints: $pg_checkpoints."
  echo "CPU over the measured runs: ${cpu_busy}% busy, ${cpu_steal}% steal. Gateway shutdown: $shutdown_note."
  echo
  echo "Status codes per run: $(for c in $CONCURRENCY; do printf 'c%s %s; ' "$c" "${GW_CODES[$c]}"; done)half-peak $HALF_CODES."
  echo
  echo "## Machine"
  echo
  echo "- nproc: $(nproc); CPU: ${cpu_model:-unknown}; memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "- kernel: $(uname -sr); load average before the run: $LOAD_BEFORE"
  echo "- java: $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  echo "- PostgreSQL $PG_VERSION ($PGBIN), $(pgbench --version), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  echo
  echo "## Gateway heap at the end (jcmd GC.heap_info)"
  echo
  echo '```'
  echo "$HEAP_INFO"
  echo '```'
  if [[ "$gw_problems" != 0 ]]; then
    echo
    echo "## Gateway log excerpts (first 20 problem lines)"
    echo
    echo '```'
    head -n 20 <<<"$gw_problem_lines"
    echo '```'
  fi
} >"$RESULTS"
cat "$RESULTS"
log "results written to $RESULTS"
