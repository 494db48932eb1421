#!/usr/bin/env bash
# Voxgate intake benchmark: per channel (web form JSON, phone events, raw MIME mail, text-layer PDF
# letter) the gateway (HTTP -> PostgreSQL) against a pgbench baseline running that channel's own
# statements, on the same throw-away PostgreSQL 15 server. Not part of the tests.
#
#   bash bench/run.sh                      # from the project root
#   BENCH_SECONDS=30 bash bench/run.sh     # longer runs per concurrency
#
# Environment (all optional):
#   BENCH_CHANNELS        channels to measure, in this order (default "webform phone email letter")
#   BENCH_SECONDS         seconds per measured run (default 10)
#   BENCH_WARMUP_SECONDS  unreported warm-up per channel so the JIT has compiled its path (default 10)
#   BENCH_LETTER_DRAIN_SECONDS  how long to wait for the uploaded letters to be read (default 120)
#   BENCH_CONCURRENCY     connections / pgbench clients to measure (default "1 8 32 64")
#   BENCH_PG_PORT         PostgreSQL port on 127.0.0.1 (default 55499)
#   BENCH_HTTP_PORT       gateway port (default 18181)
#   BENCH_PGBENCH_NOTIFY  1: the web form's pgbench script also sends the gateway's NOTIFY
#                         voxgate_outbox in every transaction (the gateway sends one per batch); default 0
#   BENCH_KEEP            1: keep the temp folder (logs, data) instead of deleting it; it is
#                         kept after a failure too unless BENCH_KEEP=0
#   BENCH_RESULTS         report file (default bench/results/<YYYY-MM-DD>.md)
#   PGBIN                 PostgreSQL server binaries (default /usr/lib/postgresql/15/bin)
#
# Writes bench/results/<YYYY-MM-DD>.md and prints it. See bench/README.md for the targets.
set -euo pipefail

cd "$(dirname "$0")/.."            # the project root: the jar and conf/ are found from here
BENCH_SECONDS=${BENCH_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
CHANNELS=${BENCH_CHANNELS:-"webform phone email letter"}
LETTER_DRAIN_SECONDS=${BENCH_LETTER_DRAIN_SECONDS:-120}
CONCURRENCY=${BENCH_CONCURRENCY:-"1 8 32 64"}
PG_PORT=${BENCH_PG_PORT:-55499}
HTTP_PORT=${BENCH_HTTP_PORT:-18181}
PGBENCH_NOTIFY=${BENCH_PGBENCH_NOTIFY:-0}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
JAR=target/voxgate.jar
HEAP_MAX_MB=256
BASE_URL="http://127.0.0.1:$HTTP_PORT"
RUN_ID="b$(date +%s)"
RESULTS=${BENCH_RESULTS:-"bench/results/$(date +%F).md"}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)   # other work on the machine skews results: recorded

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------- preconditions
[[ "$BENCH_SECONDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer"
[[ "$WARMUP_SECONDS" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SECONDS must be an integer"
for c in $CONCURRENCY; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONCURRENCY: '$c' is not a positive integer"; done
for ch in $CHANNELS; do [[ "$ch" =~ ^(webform|phone|email|letter)$ ]] || die "BENCH_CHANNELS: '$ch' is not one of webform phone email letter"; done
[[ "$LETTER_DRAIN_SECONDS" =~ ^[0-9]+$ ]] || die "BENCH_LETTER_DRAIN_SECONDS must be an integer"
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
. bench/pg.sh

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
  pg_stop
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
# Checkpoints and autovacuum runs are logged (not changed) so latency spikes can be explained.
pg_start "$PGDATA_DIR" -c log_checkpoints=on -c log_autovacuum_min_duration=0
DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
PG_VERSION=$(psql_q "SHOW server_version")

# ---------------------------------------------------------------------------- gateway
log "starting the gateway on $BASE_URL"
mkdir -p "$WORK/data"
# bench/channels lifts the public form's per-IP rate limit (all load comes from 127.0.0.1).
VOXGATE_DB_URL="$DB_URL" VOXGATE_HTTP_PORT="$HTTP_PORT" VOXGATE_DATA_DIR="$WORK/data" \
  VOXGATE_ADMIN_TOKEN=bench VOXGATE_CHANNELS_DIR=bench/channels \
  BENCH_PHONE_SECRET=bench-phone-secret BENCH_EMAIL_SECRET=bench-email-secret BENCH_LETTER_SECRET=bench-letter-secret \
  java -Xmx${HEAP_MAX_MB}m -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
GW_STARTED=$(date +%s.%N)          # jstat -t counts seconds from about here

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


# Memory: RSS from ps every second; heap occupancy from jstat -t (reads the JVM's perf counters,
# no attach, negligible cost). Each sample has a time, so peaks are reported per channel. Both
# loops end when the gateway does, and are bounded anyway.
n_levels=$(wc -w <<<"$CONCURRENCY")
n_channels=$(wc -w <<<"$CHANNELS")
max_samples=$(( n_channels * (WARMUP_SECONDS + n_levels * (BENCH_SECONDS * 2 + 5)) + BENCH_SECONDS + LETTER_DRAIN_SECONDS + 600 ))
(
  for _ in $(seq "$max_samples"); do
    rss=$(ps -o rss= -p "$GW_PID" 2>/dev/null) || break
    echo "$(date +%s) $rss"
    sleep 1
  done
) >"$WORK/rss.log" &
SAMPLER_PID=$!
if command -v jstat >/dev/null; then
  jstat -gc -t "$GW_PID" 1000 "$max_samples" >"$WORK/jstat.log" 2>&1 &
  JSTAT_PID=$!
fi

gateway_alive() { kill -0 "$GW_PID" 2>/dev/null || die "the gateway died during the run"; }
# value of key=... in a BENCH line
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# Per channel: the intake URL, the signing secret of its bench source, the pgbench script, how
# many gateway requests one pgbench transaction script stands for, and the ticket source.
declare -A URL SECRET PGSCRIPT PER_SCRIPT SOURCE
URL[webform]="$BASE_URL/intake/webform";                 SECRET[webform]="";                    PER_SCRIPT[webform]=1; SOURCE[webform]=webform
URL[phone]="$BASE_URL/intake/phone/bench-phone";         SECRET[phone]=bench-phone-secret;      PER_SCRIPT[phone]=3;   SOURCE[phone]=bench-phone
URL[email]="$BASE_URL/intake/email/bench-email";         SECRET[email]=bench-email-secret;      PER_SCRIPT[email]=1;   SOURCE[email]=bench-email
URL[letter]="$BASE_URL/intake/letter/bench-letter";      SECRET[letter]=bench-letter-secret;    PER_SCRIPT[letter]=1;  SOURCE[letter]=bench-letter
for ch in webform phone email letter; do PGSCRIPT[$ch]=bench/pgbench-$ch.sql; done
if [[ "$PGBENCH_NOTIFY" == 1 ]]; then
  PGSCRIPT[webform]="$WORK/pgbench-webform-notify.sql"
  sed 's/^COMMIT;$/NOTIFY voxgate_outbox;\nCOMMIT;/' bench/pgbench-webform.sql >"${PGSCRIPT[webform]}"
fi

# The load generator, compiled once (JDK only) rather than as a source file per run.
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" bench/IntakeLoad.java || die "bench/IntakeLoad.java does not compile"

# One load run: $1 channel, $2 label (unique per run: part of every id), $3 connections, $4 seconds.
# Prints IntakeLoad's "BENCH ..." line. Every request is awaited, so 'created' is exact.
run_load() {
  local ch=$1 label=$2 conns=$3 secs=$4 out="$WORK/load-$1-$2.txt"
  timeout $((secs + 180)) java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$WORK/classes" IntakeLoad "$ch" "${URL[$ch]}" "$conns" "$secs" "$RUN_ID-$label" "${SECRET[$ch]}" \
    >"$out" 2>"$out.err" || { cat "$out" "$out.err" >&2; die "load generator failed ($ch $label)"; }
  grep '^BENCH ' "$out" || { cat "$out" "$out.err" >&2; die "load generator printed no summary ($ch $label)"; }
}

# One wrk run for the web form's paced half-peak line: $1 label, $2 connections, $3 seconds, $4 rate.
run_wrk() {
  local label=$1 conns=$2 secs=$3 rate=${4:-} threads=2 out="$WORK/wrk-$1.txt"
  (( conns < threads )) && threads=$conns
  if [[ -n "$rate" ]] && command -v wrk2 >/dev/null; then
    BENCH_ID_PREFIX="$RUN_ID-$label" timeout $((secs + 60)) wrk2 -t"$threads" -c"$conns" -d"${secs}s" \
      -R"$rate" --latency --timeout 10s -s bench/intake.lua "${URL[webform]}" >"$out" 2>&1
  else
    BENCH_ID_PREFIX="$RUN_ID-$label" BENCH_RATE="$rate" BENCH_THREADS="$threads" \
      timeout $((secs + 60)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency --timeout 10s \
      -s bench/intake.lua "${URL[webform]}" >"$out" 2>&1
  fi || { cat "$out" >&2; die "wrk failed ($label)"; }
  grep '^BENCH ' "$out" || { cat "$out" >&2; die "wrk printed no summary ($label)"; }
}

run_pgbench() {   # $1 channel, $2 clients: prints "tps avg_latency_ms failed"
  local ch=$1 c=$2 jobs=2 out="$WORK/pgbench-$1-c$2.txt"
  (( c < jobs )) && jobs=$c
  timeout $((BENCH_SECONDS + 60)) pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared \
    -f "${PGSCRIPT[$ch]}" -c "$c" -j "$jobs" -T "$BENCH_SECONDS" postgres >"$out" 2>&1 \
    || { cat "$out" >&2; die "pgbench failed ($ch, c=$c)"; }
  local tps lat failed
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | awk '{ printf "%.1f", $1 }')
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
  [[ -n "$tps" ]] || { cat "$out" >&2; die "no tps in pgbench output ($ch, c=$c)"; }
  echo "$tps ${lat:-?} ${failed:-0}"
}

cpu_snapshot() { head -n 1 /proc/stat; }
# CPU busy and steal % between two /proc/stat cpu lines (user nice system idle iowait irq softirq steal)
cpu_busy() { awk -v a="$1" -v b="$2" 'BEGIN {
  split(a, x); split(b, y); for (i = 2; i <= 9; i++) { d[i] = y[i] - x[i]; t += d[i] }
  if (t <= 0) { print "? ?"; exit }
  printf "%.0f %.1f\n", 100 * (t - d[5] - d[6]) / t, 100 * d[9] / t }'; }

# p99 at half peak (web form): wrk paced to half the best web form rate, right after the web form's
# runs (before other channels, e.g. letters still being read, load the gateway).
HALF_CONNS=64
max_uncounted=0
half_peak() {
  gateway_alive
  half_rate=$(awk -v p="$peak_rps_webform" 'BEGIN { printf "%d", p / 2 }')
  if command -v wrk2 >/dev/null; then
    half_tool="wrk2 -R $half_rate (constant throughput, coordinated-omission corrected)"
  else
    half_tool="wrk with Lua pacing (bench/intake.lua, BENCH_RATE=$half_rate): wrk2 is not packaged in Debian. Latency is measured from the actual send, without wrk2's coordinated-omission correction, so stalls are under-reported"
  fi
  log "webform half peak: $half_rate req/s over $HALF_CONNS connections, ${BENCH_SECONDS}s (wrk)"
  line=$(run_wrk half "$HALF_CONNS" "$BENCH_SECONDS" "$half_rate")
  # wrk stops counting with requests in flight: stored, but not counted (at most one per connection)
  CREATED[webform]=$(( CREATED[webform] + $(field "$line" created) )); max_uncounted=$HALF_CONNS
  HALF_RPS=$(field "$line" rps); HALF_P50=$(field "$line" p50_ms); HALF_P99=$(field "$line" p99_ms)
  HALF_NON2XX=$(field "$line" non2xx); HALF_CODES=$(field "$line" codes)
  log "  achieved $HALF_RPS req/s, p50 $HALF_P50 ms, p99 $HALF_P99 ms, codes $HALF_CODES"
}

# ---------------------------------------------------------------------------- per channel
# Per channel: warm-up, then per concurrency the gateway and then pgbench, so both meet tables of
# about the same size.
declare -A GW_RPS GW_P50 GW_P99 GW_NON2XX GW_CODES GW_OK PG_TPS PG_REQ PG_LAT PG_FAILED
declare -A CREATED CH_T0 CH_T1 CH_CPU CH_STEAL
peak_rps_webform=0
cpu_before=$(cpu_snapshot)
for ch in $CHANNELS; do
  gateway_alive
  CH_T0[$ch]=$(date +%s); ch_cpu0=$(cpu_snapshot)
  CREATED[$ch]=0; GW_OK[$ch]=0
  if (( WARMUP_SECONDS > 0 )); then
    log "$ch warm-up: ${WARMUP_SECONDS}s at 32 connections (not reported)"
    line=$(run_load "$ch" "$ch-warmup" 32 "$WARMUP_SECONDS")
    CREATED[$ch]=$(( CREATED[$ch] + $(field "$line" created) ))
    GW_OK[$ch]=$(( GW_OK[$ch] + $(field "$line" ok) ))
    log "  warm-up: $(field "$line" rps) req/s, codes $(field "$line" codes)"
  fi
  for c in $CONCURRENCY; do
    gateway_alive
    k="$ch:$c"
    log "$ch gateway: $c connections, ${BENCH_SECONDS}s"
    line=$(run_load "$ch" "$ch-c$c" "$c" "$BENCH_SECONDS")
    GW_RPS[$k]=$(field "$line" rps); GW_P50[$k]=$(field "$line" p50_ms); GW_P99[$k]=$(field "$line" p99_ms)
    GW_NON2XX[$k]=$(field "$line" non2xx); GW_CODES[$k]=$(field "$line" codes)
    CREATED[$ch]=$(( CREATED[$ch] + $(field "$line" created) ))
    GW_OK[$ch]=$(( GW_OK[$ch] + $(field "$line" ok) ))
    [[ $ch == webform ]] && peak_rps_webform=$(awk -v a="$peak_rps_webform" -v b="${GW_RPS[$k]}" 'BEGIN { print (b > a ? b : a) }')
    log "  ${GW_RPS[$k]} req/s, p50 ${GW_P50[$k]} ms, p99 ${GW_P99[$k]} ms, codes ${GW_CODES[$k]}"

    log "$ch pgbench ($(basename "${PGSCRIPT[$ch]}")): $c clients, ${BENCH_SECONDS}s"
    pg_line=$(run_pgbench "$ch" "$c") || die "pgbench failed ($ch, c=$c)"
    read -r PG_TPS[$k] PG_LAT[$k] PG_FAILED[$k] <<<"$pg_line"
    PG_REQ[$k]=$(awk -v t="${PG_TPS[$k]}" -v n="${PER_SCRIPT[$ch]}" 'BEGIN { printf "%.1f", t * n }')
    log "  ${PG_TPS[$k]} tps (${PG_REQ[$k]} request equivalents/s), latency avg ${PG_LAT[$k]} ms, failed ${PG_FAILED[$k]}"
  done
  [[ $ch == webform ]] && half_peak
  CH_T1[$ch]=$(date +%s)
  read -r CH_CPU[$ch] CH_STEAL[$ch] < <(cpu_busy "$ch_cpu0" "$(cpu_snapshot)")
done

cpu_after=$(cpu_snapshot)

# ---------------------------------------------------------------------------- letters read
# A letter is answered 202 at upload and read afterwards (letter.workers at a time): wait, bounded,
# until none is left 'processing', and report how fast they were read.
LETTER_NOTE=""
if [[ " $CHANNELS " == *" letter "* ]]; then
  t0=$(date +%s); left=-1
  for _ in $(seq $(( LETTER_DRAIN_SECONDS * 2 + 1 ))); do
    left=$(psql_q "SELECT count(*) FROM tickets WHERE source = 'bench-letter' AND 'processing' = ANY (flags)")
    [[ "$left" == 0 ]] && break
    sleep 0.5
  done
  read_span=$(psql_q "SELECT coalesce(round(extract(epoch FROM max(at) - min(at))::numeric, 1), 0) || ' ' || count(*)
    FROM timeline tl JOIN tickets t ON t.id = tl.ticket_id WHERE t.source = 'bench-letter' AND tl.type = 'text_extracted'")
  read -r span nread <<<"$read_span"
  LETTER_NOTE="letters read (text_extracted): $nread in ${span} s from the first to the last ($(awk -v n="$nread" -v s="$span" 'BEGIN { if (s > 0) printf "%.1f", n / s; else print "n/a" }')/s, letter.workers as configured); still processing $(( $(date +%s) - t0 )) s after the load: $left"
  log "  $LETTER_NOTE"
fi

# ---------------------------------------------------------------------------- after the load
gateway_alive
HEAP_INFO=$( (command -v jcmd >/dev/null && timeout 30 jcmd "$GW_PID" GC.heap_info 2>&1) || echo "jcmd not available")
kill "$SAMPLER_PID" "$JSTAT_PID" 2>/dev/null || true
wait "$SAMPLER_PID" "$JSTAT_PID" 2>/dev/null || true
SAMPLER_PID=""; JSTAT_PID=""
# jstat -gc -t columns by name: used = survivors + eden + old; committed = their capacities.
# $1/$2: epoch range (empty = whole run). Prints "used_mb committed_mb gc_seconds young full".
heap_peak() {
  awk -v from="${1:-0}" -v to="${2:-9999999999}" -v t0="$GW_STARTED" '
    $1 == "Timestamp" { for (i = 1; i <= NF; i++) col[$i] = i; next }
    ("S0U" in col) && $1 ~ /^[0-9.]+$/ {
      at = t0 + $1; if (at < from || at > to + 1) next
      used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
      cap = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
      if (used > mu) mu = used; if (cap > mc) mc = cap
      gct = $col["GCT"]; ygc = $col["YGC"]; fgc = $col["FGC"]
    }
    END {
      if (mu == 0) { print "? ? ? ? ?"; exit }
      printf "%.0f %.0f %s %s %s\n", mu / 1024, mc / 1024, gct, ygc, fgc
    }' "$WORK/jstat.log" 2>/dev/null || echo "? ? ? ? ?"
}
rss_peak() { awk -v from="${1:-0}" -v to="${2:-9999999999}" '$1 >= from && $1 <= to + 1 && $2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$WORK/rss.log"; }
peak_rss_mb=$(rss_peak)
read -r peak_heap_used_mb peak_heap_committed_mb gc_seconds young_gcs full_gcs < <(heap_peak)
declare -A CH_HEAP CH_RSS
for ch in $CHANNELS; do
  CH_HEAP[$ch]=$(heap_peak "${CH_T0[$ch]}" "${CH_T1[$ch]}" | cut -d' ' -f1)
  CH_RSS[$ch]=$(rss_peak "${CH_T0[$ch]}" "${CH_T1[$ch]}")
done

# ---------------------------------------------------------------------------- checks in the database
# Every new-ticket answer (201, 202 for a letter) must be exactly one ticket of the channel's bench
# source, with what that channel stores for it.
declare -A CHECK
all_ok=1
for ch in $CHANNELS; do
  src=${SOURCE[$ch]}
  tickets=$(psql_q "SELECT count(*) FROM tickets WHERE source = '$src'")
  extra=""
  case $ch in
    webform)
      read -r raw tl ob <<<"$(psql_q "SELECT (SELECT count(DISTINCT r.ticket_id) FROM raw_inputs r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = '$src') || ' ' ||
        (SELECT count(*) FROM timeline r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = '$src' AND r.type = 'received') || ' ' ||
        (SELECT count(*) FROM outbox r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = '$src' AND r.purpose = 'ack')")"
      ok=$(( tickets >= CREATED[$ch] && tickets <= CREATED[$ch] + max_uncounted && raw == tickets && tl == tickets && ob == tickets ))
      extra="raw inputs $raw, received entries $tl, ack outbox rows $ob; up to $max_uncounted answered after wrk stopped counting" ;;
    phone)
      read -r ev ended <<<"$(psql_q "SELECT (SELECT count(*) FROM phone_call_events WHERE source = '$src') || ' ' ||
        (SELECT count(*) FROM timeline r JOIN tickets t ON t.id = r.ticket_id WHERE t.source = '$src' AND r.type = 'call_ended')")"
      ok=$(( tickets == CREATED[$ch] && ev == GW_OK[$ch] && ended == tickets ))
      extra="events stored $ev = 2xx answers ${GW_OK[$ch]}; call_ended entries $ended" ;;
    email)
      msgs=$(psql_q "SELECT count(*) FROM email_messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.source = '$src' AND m.disposition = 'ticket'")
      ok=$(( tickets == CREATED[$ch] && msgs == tickets ))
      extra="email_messages rows $msgs" ;;
    letter)
      read -r att readn <<<"$(psql_q "SELECT (SELECT count(*) FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.source = '$src') || ' ' ||
        (SELECT count(*) FROM tickets WHERE source = '$src' AND NOT ('processing' = ANY (flags)) AND kind <> 'report')")"
      # a letter still unread after the wait is not lost (it stays 'processing' and is read later):
      # reported, but only a missing or doubled ticket fails the check
      ok=$(( tickets == CREATED[$ch] && att == tickets ))
      extra="attachment rows $att; read and no longer a report: $readn of $tickets within the wait" ;;
  esac
  (( ok )) || all_ok=0
  CHECK[$ch]="$( (( ok )) && echo OK || echo MISMATCH ): $tickets tickets, ${CREATED[$ch]} new-ticket answers; $extra"
  log "check $ch: ${CHECK[$ch]}"
done
pg_tickets=$(psql_q "SELECT count(*) FROM tickets WHERE source = 'pgbench'")
read -r cpu_busy_all cpu_steal_all < <(cpu_busy "$cpu_before" "$cpu_after")

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
t3=$(awk -v h="$peak_heap_used_mb" -v m="$HEAP_MAX_MB" 'BEGIN { print (h ~ /^[0-9]+$/ && h + 0 <= m) }')
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
if [[ "$PGBENCH_NOTIFY" == 1 ]]; then notify_note="; the web form's script with a NOTIFY per transaction"; else notify_note=""; fi
mkdir -p bench/results
{
  echo "# Voxgate intake benchmark — $(date '+%F %T %Z')"
  echo
  echo "Per channel, the gateway's intake (bench/IntakeLoad.java: closed loop, one request after another per"
  echo "connection, every id unique so every request is new) against pgbench running that channel's statements"
  echo "(bench/pgbench-<channel>.sql, one ticket per transaction script$notify_note) on the same PostgreSQL $PG_VERSION."
  echo "${BENCH_SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up per channel; gateway \`-Xmx${HEAP_MAX_MB}m\`, conf/voxgate.yaml as"
  echo "checked in, bench/channels. Load generator, gateway and database share the machine."
  echo "pgbench req/s = tps x requests one script stands for (phone: one call = 3 events = 3 requests; others 1)."
  echo
  echo "| channel | concurrency | gateway req/s | p50 ms | p99 ms | non-2xx | pgbench tps | pgbench req/s | ratio gateway/pgbench |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for ch in $CHANNELS; do
    for c in $CONCURRENCY; do
      k="$ch:$c"
      echo "| $ch | $c | ${GW_RPS[$k]} | ${GW_P50[$k]} | ${GW_P99[$k]} | ${GW_NON2XX[$k]} | ${PG_TPS[$k]} | ${PG_REQ[$k]} | $(ratio "${GW_RPS[$k]}" "${PG_REQ[$k]}") |"
    done
  done
  echo
  echo "| channel | CPU busy % (steal %) | gateway peak heap used MB | gateway peak RSS MB |"
  echo "|---|---:|---:|---:|"
  for ch in $CHANNELS; do echo "| $ch | ${CH_CPU[$ch]} (${CH_STEAL[$ch]}) | ${CH_HEAP[$ch]} | ${CH_RSS[$ch]} |"; done
  echo
  echo "CPU, heap and RSS per channel cover its warm-up, gateway runs and pgbench runs (1 s samples: ps, jstat -gc)."
  echo "pgbench commits every ticket separately (its counter upsert waits on the one counter row of the day);"
  echo "the gateway groups concurrent intakes into one reservation and commit (intake.batch_max)."
  if [[ " $CHANNELS " == *" webform "* ]]; then
    echo
    echo "**Web form p99 at half peak:** target $half_rate req/s (peak ${peak_rps_webform} / 2) over $HALF_CONNS connections: achieved"
    echo "$HALF_RPS req/s, p50 $HALF_P50 ms, **p99 $HALF_P99 ms**, non-2xx $HALF_NON2XX. Measured with $half_tool."
  fi
  [[ -n "$LETTER_NOTE" ]] && { echo; echo "**Letters:** $LETTER_NOTE."; }
  echo
  echo "**Gateway memory over the whole run:** peak RSS ${peak_rss_mb} MB; peak heap used ${peak_heap_used_mb} MB of"
  echo "${peak_heap_committed_mb} MB committed (-Xmx${HEAP_MAX_MB}m); GC: ${young_gcs} young, ${full_gcs} full, ${gc_seconds} s total."
  echo
  echo "| target | result | |"
  echo "|---|---|---|"
  if [[ " $CHANNELS " == *" webform "* ]]; then
    r=$(ratio "${GW_RPS[webform:$last_c]}" "${PG_REQ[webform:$last_c]}")
    echo "| web form ratio gateway/pgbench >= 1.0 at concurrency $last_c | $r | $(verdict "$(awk -v r="$r" 'BEGIN { print (r + 0 >= 1.0) }')") |"
    echo "| web form p99 <= 50 ms at half peak | $HALF_P99 ms | $(verdict "$(awk -v p="$HALF_P99" 'BEGIN { print (p + 0 <= 50) }')") |"
  fi
  echo "| heap <= ${HEAP_MAX_MB} MB | ${peak_heap_used_mb} MB peak used | $(verdict "$t3") |"
  echo "| tickets = new-ticket answers, per channel | $( (( all_ok )) && echo "all channels" || echo "see checks") | $(verdict "$all_ok") |"
  echo
  echo "**Checks in the database:**"
  echo
  for ch in $CHANNELS; do echo "- $ch: ${CHECK[$ch]}"; done
  echo "- pgbench tickets: $pg_tickets. Gateway log lines with SEVERE/WARNING/Exception/Error (known Micrometer gauge warning excluded): $gw_problems."
  echo "- PostgreSQL log ERROR/FATAL lines: $pg_errors; autovacuums of the bench tables: $pg_autovacuum; checkpoints: $pg_checkpoints."
  echo "- CPU over all measured runs: ${cpu_busy_all}% busy, ${cpu_steal_all}% steal. Gateway shutdown: $shutdown_note."
  echo
  echo "Status codes per run: $(for ch in $CHANNELS; do for c in $CONCURRENCY; do printf '%s c%s %s; ' "$ch" "$c" "${GW_CODES[$ch:$c]}"; done; done)${HALF_CODES:+web form half-peak $HALF_CODES.}"
  echo
  echo "Two gateways on one database against one: \`bash bench/two-gateways.sh\` (results in bench/results/two-gateways-<date>.md)."
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
(( all_ok )) || die "database checks failed (see above)"
