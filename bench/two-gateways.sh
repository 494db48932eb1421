#!/usr/bin/env bash
# Voxgate: two gateway instances on one database against one. Not part of the tests.
#
#   bash bench/two-gateways.sh                     # 20 s per phase at 32 connections
#   BENCH_SECONDS=60 BENCH_CONCURRENCY=64 bash bench/two-gateways.sh
#
# One throw-away PostgreSQL 15, one SMTP sink (bench/SmtpSink.java: records every mail it accepts),
# gateway A alone, then A and B (two processes, own ports and data folders, same database, both with
# their dispatcher sending acknowledgements to the sink). Web-form JSON whose customer gives a unique
# mail address, so every ticket is acknowledged by mail. Phases: A warm-up; "one" = all connections
# to A; B warm-up; "two" = the same total connections split over A and B. Then, once the outbox is
# drained: acknowledgement mails received per ticket (zero duplicates, zero missing) and CPU per
# process, so the report can say whether the database or the CPU was the limit.
#
# Environment (all optional): BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (10), BENCH_CONCURRENCY (32),
# BENCH_PG_PORT (55497), BENCH_HTTP_PORT (18183; B uses +1), BENCH_SMTP_PORT (18125),
# BENCH_ACK_WAIT_SECONDS (180), BENCH_KEEP, BENCH_RESULTS (bench/results/two-gateways-<date>.md), PGBIN,
# BENCH_GATEWAY_CPU: CPU quota per gateway in cores (e.g. 0.4; root and a cgroup cpu controller needed), so
# that each gateway, not the database or the shared cores, is the limit: then the ratio shows whether
# a second instance adds capacity.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_SECONDS=${BENCH_SECONDS:-20}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
CONC=${BENCH_CONCURRENCY:-32}
PG_PORT=${BENCH_PG_PORT:-55497}
PORT_A=${BENCH_HTTP_PORT:-18183}
PORT_B=$((PORT_A + 1))
SMTP_PORT=${BENCH_SMTP_PORT:-18125}
ACK_WAIT=${BENCH_ACK_WAIT_SECONDS:-180}
GATEWAY_CPU=${BENCH_GATEWAY_CPU:-}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
JAR=target/voxgate.jar
RUN_ID="g$(date +%s)"
RESULTS=${BENCH_RESULTS:-"bench/results/two-gateways-$(date +%F).md"}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
HZ=$(getconf CLK_TCK)
log() { printf '[two-gateways %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in BENCH_SECONDS WARMUP_SECONDS CONC ACK_WAIT; do [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be an integer"; done
(( CONC >= 2 && BENCH_SECONDS >= 1 )) || die "BENCH_CONCURRENCY must be at least 2 and BENCH_SECONDS at least 1"
[[ -x "$PGBIN/initdb" ]] || die "no PostgreSQL server binaries in $PGBIN (apt-get install -y postgresql-15)"
for tool in psql curl java javac; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
[[ -f "$JAR" ]] || { log "building $JAR"; mvn -B -q package -DskipTests; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PG_PORT" "$PORT_A" "$PORT_B" "$SMTP_PORT"; do port_busy "$p" && die "port $p is in use"; done
CGROUP_ROOT=""
if [[ -n "$GATEWAY_CPU" ]]; then
  [[ "$GATEWAY_CPU" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_GATEWAY_CPU must be a number of cores, e.g. 0.4"
  [[ $EUID -eq 0 ]] || die "BENCH_GATEWAY_CPU needs root (cgroup cpu quota)"
  if [[ -w /sys/fs/cgroup/cpu ]]; then CGROUP_ROOT=/sys/fs/cgroup/cpu
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then CGROUP_ROOT=/sys/fs/cgroup
  else die "no writable cgroup cpu controller for BENCH_GATEWAY_CPU"; fi
fi
# cap_cpu NAME PID: the process (all its threads) under a quota of GATEWAY_CPU cores
cap_cpu() {
  [[ -n "$CGROUP_ROOT" ]] || return 0
  local g="$CGROUP_ROOT/voxgate-bench-$1" quota
  quota=$(awk -v c="$GATEWAY_CPU" 'BEGIN { printf "%d", c * 100000 }')
  mkdir -p "$g"
  if [[ -f "$g/cpu.cfs_quota_us" ]]; then echo 100000 >"$g/cpu.cfs_period_us"; echo "$quota" >"$g/cpu.cfs_quota_us"
  else echo "$quota 100000" >"$g/cpu.max"; fi
  echo "$2" >"$g/cgroup.procs"
}

WORK=$(mktemp -d /tmp/voxgate-two-gateways.XXXXXX)
chmod 755 "$WORK"
PIDS=()
. bench/pg.sh
cleanup() {
  local rc=$?
  set +e
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$p" 2>/dev/null
  done
  pg_stop
  [[ -n "$CGROUP_ROOT" ]] && rmdir "$CGROUP_ROOT"/voxgate-bench-* 2>/dev/null
  if [[ $rc -ne 0 ]]; then
    for f in "$WORK"/gateway-*.log; do [[ -f "$f" ]] && { echo "--- $f"; tail -n 30 "$f"; } >&2; done
  fi
  if [[ "${BENCH_KEEP:-0}" == 1 || $rc -ne 0 && "${BENCH_KEEP:-}" != 0 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------- database, sink, tools
mkdir -p "$WORK/classes"
pg_start "$WORK/pg"
PG_PID=$(head -n 1 "$WORK/pg/postmaster.pid")
javac -d "$WORK/classes" bench/IntakeLoad.java bench/SmtpSink.java || die "the bench tools do not compile"
java -Xmx64m -cp "$WORK/classes" SmtpSink "$SMTP_PORT" "$WORK/mails.tsv" >"$WORK/sink.log" 2>&1 &
PIDS+=($!)
for i in $(seq 40); do port_busy "$SMTP_PORT" && break; [[ $i -eq 40 ]] && die "the SMTP sink did not start"; sleep 0.25; done

start_gateway() {   # $1 name, $2 port: prints the pid
  mkdir -p "$WORK/data-$1"
  VOXGATE_DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres" VOXGATE_HTTP_PORT="$2" \
    VOXGATE_DATA_DIR="$WORK/data-$1" VOXGATE_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" VOXGATE_ADMIN_TOKEN=bench \
    VOXGATE_CHANNELS_DIR=bench/channels java -Xmx256m -jar "$JAR" >"$WORK/gateway-$1.log" 2>&1 &
  local pid=$!
  for i in $(seq 120); do
    kill -0 "$pid" 2>/dev/null || die "gateway $1 exited during start"
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$2/health/ready" || true) == 200 ]] && break
    [[ $i -eq 120 ]] && die "gateway $1 was not ready within 60 s"
    sleep 0.5
  done
  echo "$pid"
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
load() {   # $1 label, $2 URLs (comma-separated), $3 seconds
  local out="$WORK/load-$1.txt"
  timeout $(( $3 + 180 )) java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$WORK/classes" IntakeLoad webform-mail "$2" "$CONC" "$3" "$RUN_ID-$1" >"$out" 2>"$out.err" \
    || { cat "$out" "$out.err" >&2; die "load generator failed ($1)"; }
  grep '^BENCH ' "$out" || { cat "$out.err" >&2; die "no summary ($1)"; }
}
# CPU ticks: a process (utime + stime), PostgreSQL (postmaster with its exited children + live backends), the machine
ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local t; t=$(ticks "$PG_PID")
  for c in $(ps -o pid= --ppid "$PG_PID"); do t=$(( t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0) )); done
  echo "$t"
}
machine() { head -n 1 /proc/stat; }
# one measured phase: $1 label, $2 URLs; sets RPS P50 P99 NON2XX CREATED and CPU_* (percent of one core)
phase() {
  local m0 a0 b0 p0 t0 m1 line secs
  m0=$(machine); a0=$(ticks "$GW_A"); b0=$( [[ -n "${GW_B:-}" ]] && ticks "$GW_B" || echo 0 ); p0=$(pg_ticks); t0=$(date +%s.%N)
  line=$(load "$1" "$2" "$BENCH_SECONDS")
  m1=$(machine); secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  RPS=$(field "$line" rps); P50=$(field "$line" p50_ms); P99=$(field "$line" p99_ms)
  NON2XX=$(field "$line" non2xx); CREATED=$(( CREATED_TOTAL + $(field "$line" created) )); CREATED_TOTAL=$CREATED
  CPU_A=$(awk -v d="$(( $(ticks "$GW_A") - a0 ))" -v s="$secs" -v hz="$HZ" 'BEGIN { printf "%.0f", 100 * d / hz / s }')
  CPU_B=$( [[ -n "${GW_B:-}" ]] && awk -v d="$(( $(ticks "$GW_B") - b0 ))" -v s="$secs" -v hz="$HZ" 'BEGIN { printf "%.0f", 100 * d / hz / s }' || echo "–")
  CPU_PG=$(awk -v d="$(( $(pg_ticks) - p0 ))" -v s="$secs" -v hz="$HZ" 'BEGIN { printf "%.0f", 100 * d / hz / s }')
  read -r CPU_BUSY CPU_STEAL < <(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x); split(b, y)
    for (i = 2; i <= 9; i++) { d[i] = y[i] - x[i]; t += d[i] }; printf "%.0f %.1f\n", 100 * (t - d[5] - d[6]) / t, 100 * d[9] / t }')
  CPU_REST=$(awk -v busy="$CPU_BUSY" -v n="$(nproc)" -v a="$CPU_A" -v b="$CPU_B" -v p="$CPU_PG" \
    'BEGIN { r = busy * n - a - (b == "–" ? 0 : b) - p; printf "%.0f", r < 0 ? 0 : r }')
  log "  $1: $RPS req/s, p50 $P50 ms, p99 $P99 ms, non-2xx $NON2XX; CPU % of one core: A $CPU_A, B $CPU_B, PostgreSQL $CPU_PG, rest $CPU_REST; machine ${CPU_BUSY}% busy"
}

# waits (at most ACK_WAIT s) until no acknowledgement is pending; sets pending to what is left
drain_acks() {
  pending=-1
  for _ in $(seq $(( ACK_WAIT * 2 + 1 ))); do
    pending=$(psql_q "SELECT count(*) FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.source = 'webform' AND o.purpose = 'ack' AND o.state = 'pending'")
    [[ "$pending" == 0 ]] && break
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------- phases
CREATED_TOTAL=0
URL_A="http://127.0.0.1:$PORT_A/intake/webform"
URL_B="http://127.0.0.1:$PORT_B/intake/webform"
# starts gateway $1 (a|b) on port $2 under the CPU cap, its pid in GW_A or GW_B, warms it up on $3, and
# leaves no acknowledgement backlog: the next phase measures intake and the sending of its own acks
bring_up() {
  local name=${1^^} pid
  log "starting gateway $name on port $2"
  pid=$(start_gateway "$1" "$2"); PIDS+=("$pid"); cap_cpu "$1" "$pid"
  printf -v "GW_$name" '%s' "$pid"
  if (( WARMUP_SECONDS > 0 )); then
    log "warm-up $name: ${WARMUP_SECONDS}s"
    CREATED_TOTAL=$(( CREATED_TOTAL + $(field "$(load "warm-$1" "$3" "$WARMUP_SECONDS")" created) ))
  fi
  drain_acks
}
GW_B=""
bring_up a "$PORT_A" "$URL_A"
log "phase one: gateway A alone, $CONC connections, ${BENCH_SECONDS}s"
phase one "$URL_A"
ONE=("$RPS" "$P50" "$P99" "$NON2XX" "$CPU_A" "$CPU_B" "$CPU_PG" "$CPU_BUSY" "$CPU_STEAL" "$CPU_REST")
bring_up b "$PORT_B" "$URL_B"
log "phase two: gateways A and B, $CONC connections split over both, ${BENCH_SECONDS}s"
phase two "$URL_A,$URL_B"
TWO=("$RPS" "$P50" "$P99" "$NON2XX" "$CPU_A" "$CPU_B" "$CPU_PG" "$CPU_BUSY" "$CPU_STEAL" "$CPU_REST")
RATIO=$(awk -v a="${ONE[0]}" -v b="${TWO[0]}" 'BEGIN { printf "%.2f", b / a }')

# ---------------------------------------------------------------------------- acknowledgements
log "waiting (at most ${ACK_WAIT}s) until no acknowledgement is left pending"
drain_acks
sleep 1   # the last mails accepted by the sink are flushed per mail; one more second for any in flight
psql_q "SELECT lower(customer_email) FROM tickets WHERE source = 'webform'" | sort >"$WORK/tickets.txt"
cut -f1 "$WORK/mails.tsv" | sort | uniq -c | awk '{ print $2, $1 }' >"$WORK/received.txt"
TICKETS=$(wc -l <"$WORK/tickets.txt")
MAILS=$(wc -l <"$WORK/mails.tsv")
ACKED=$(join "$WORK/tickets.txt" "$WORK/received.txt" | wc -l)
DUPLICATES=$(awk '$2 > 1 { d += $2 - 1 } END { print d + 0 }' "$WORK/received.txt")
MISSING=$(( TICKETS - ACKED ))
STRANGERS=$(join -v 2 "$WORK/tickets.txt" "$WORK/received.txt" | wc -l)
SENT_BY=$(psql_q "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) AS n FROM outbox o JOIN tickets t ON t.id = o.ticket_id
  WHERE t.source = 'webform' AND o.purpose = 'ack' GROUP BY state ORDER BY state) s")
ok=$(( TICKETS == CREATED_TOTAL && DUPLICATES == 0 && MISSING == 0 && STRANGERS == 0 ))
log "tickets $TICKETS (new-ticket answers $CREATED_TOTAL), mails $MAILS, duplicates $DUPLICATES, missing $MISSING"

# ---------------------------------------------------------------------------- report
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Voxgate: two gateways on one database — $(date '+%F %T %Z')"
  echo
  echo "Web-form JSON (bench/IntakeLoad.java webform-mail: unique submission_id and customer address) at $CONC"
  echo "connections in total, ${BENCH_SECONDS} s per phase after a ${WARMUP_SECONDS} s warm-up of each gateway; one PostgreSQL"
  echo "$(psql_q 'SHOW server_version'); both gateways \`-Xmx256m\`, dispatcher on, acknowledgements by mail to bench/SmtpSink.java."
  echo "CPU is in % of one core (this machine has $(nproc), so $(( $(nproc) * 100 )) % is all of it); PostgreSQL = postmaster and its"
  echo "backends; rest = the load generator, the SMTP sink and anything else running on the machine."
  [[ -n "$GATEWAY_CPU" ]] && echo "Each gateway capped at $GATEWAY_CPU cores (cgroup cpu quota, BENCH_GATEWAY_CPU), so that the gateway is the limit."
  echo
  echo "| phase | req/s | p50 ms | p99 ms | non-2xx | CPU gateway A | CPU gateway B | CPU PostgreSQL | CPU rest | machine busy % (steal) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "| one gateway | ${ONE[0]} | ${ONE[1]} | ${ONE[2]} | ${ONE[3]} | ${ONE[4]} | ${ONE[5]} | ${ONE[6]} | ${ONE[9]} | ${ONE[7]} (${ONE[8]}) |"
  echo "| two gateways | ${TWO[0]} | ${TWO[1]} | ${TWO[2]} | ${TWO[3]} | ${TWO[4]} | ${TWO[5]} | ${TWO[6]} | ${TWO[9]} | ${TWO[7]} (${TWO[8]}) |"
  echo
  echo "**Throughput ratio two / one: $RATIO** (target >= 1.6 where the database is not the limit)."
  echo
  if [[ -n "$GATEWAY_CPU" ]]; then
    echo "Each gateway had at most $GATEWAY_CPU cores (phase one: A used ${ONE[4]} % of a core; phase two: A ${TWO[4]} %, B ${TWO[5]} %),"
    echo "and PostgreSQL had the rest of the machine: the gateway was the limit, so the ratio is what a second"
    echo "instance adds where the database is not the limit (the machine was ${TWO[7]} % busy in phase two)."
  elif awk -v b="${TWO[7]}" 'BEGIN { exit !(b >= 90) }'; then
    echo "The machine was CPU-bound in the two-gateway phase (${TWO[7]}% busy over $(nproc) cores): gateways, PostgreSQL and the"
    echo "load generator shared the same cores, so a second gateway could only take CPU from the first and from"
    echo "PostgreSQL. The ratio measures this machine's cores, not the gateway's scaling; run the gateways, the"
    echo "database and the load on separate machines to measure that. A large \"rest\" means other work on the"
    echo "machine (or the load generator) took the CPU: then the figures say little about the gateway at all."
  else
    echo "The machine had CPU left in the two-gateway phase (${TWO[7]}% busy): if the ratio is low, the limit is"
    echo "elsewhere (the database's commits, or the load generator's connections)."
  fi
  echo
  echo "**Acknowledgements:** $TICKETS tickets ($CREATED_TOTAL new-ticket answers), $MAILS mails received by the sink;"
  echo "duplicates: **$DUPLICATES**, missing: **$MISSING**, mails to addresses of no ticket: $STRANGERS. Outbox ack rows: $SENT_BY;"
  echo "pending after the wait: $pending. Result: $( (( ok )) && echo PASS || echo FAIL )."
  echo
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load average before $LOAD_BEFORE; $(java -version 2>&1 | head -n 1)."
  for g in a b; do
    n=$(grep -E 'SEVERE|WARNING|Exception' "$WORK/gateway-$g.log" | grep -vc 'Gauge has been already registered' || true)
    echo "Gateway ${g^^} log lines with SEVERE/WARNING/Exception (known Micrometer gauge warning excluded): $n."
  done
} >"$RESULTS"
cat "$RESULTS"
log "results written to $RESULTS"
(( ok )) || die "acknowledgement check failed"
