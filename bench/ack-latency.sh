#!/usr/bin/env bash
# Acknowledgement latency: web-form tickets at a paced rate (100/s, then 500/s) into the gateway
# with its embedded PostgreSQL and dev mailbox; p50/p99 of voxgate_ack_latency_seconds (ticket
# commit -> mail accepted by SMTP) taken from /metrics before and after each step.
# Usage: bash bench/ack-latency.sh    (BENCH_SECONDS per step, default 10; BENCH_RATES "100 500")
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${BENCH_SECONDS:-10}
RATES=${BENCH_RATES:-"100 500"}
PORT=${BENCH_PORT:-18191}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }
[ -f target/voxgate.jar ] || mvn -B -q package -DskipTests
DATA=$(mktemp -d)
VOXGATE_DATA_DIR=$DATA VOXGATE_HTTP_PORT=$PORT VOXGATE_CHANNELS_DIR=bench/channels \
  VOXGATE_SMTP__DEV_SMTP_PORT=$((PORT + 1)) VOXGATE_SMTP__DEV_IMAP_PORT=$((PORT + 2)) \
  java -Xmx512m -jar target/voxgate.jar >"$DATA/gateway.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "localhost:$PORT/health/live" && break; sleep 1; done
curl -sf -o /dev/null "localhost:$PORT/health/live" || { cat "$DATA/gateway.log"; exit 1; }

buckets() { curl -s "localhost:$PORT/metrics" | grep '^voxgate_ack_latency_seconds_bucket' \
  | sed -E 's/.*le="([^"]+)".* ([0-9.eE+-]+)$/\1 \2/'; }
pending() { curl -s "localhost:$PORT/health/ready" | grep -o '"pending":[0-9]*' | head -1 | cut -d: -f2; }
# p50/p99 from the difference of two cumulative histograms: the upper bound of the first bucket
# holding the quantile.
quantiles() { join <(sort "$1") <(sort "$2") | awk '{ print $1, $3 - $2 }' | sed 's/^+Inf/1e99/' | sort -g \
  | awk '{ le[NR] = $1; d[NR] = $2 } END { total = d[NR]; p50 = p99 = "";
      for (i = 1; i <= NR; i++) { if (p50 == "" && d[i] >= 0.5 * total) p50 = le[i];
                                  if (p99 == "" && d[i] >= 0.99 * total) p99 = le[i]; }
      printf "acks=%d p50_le_s=%s p99_le_s=%s\n", total, p50, p99 }'; }

step() { # $1 label, $2 rate, $3 seconds
  buckets >"$DATA/before"
  BENCH_ID_PREFIX="ack-$1-$$" BENCH_RATE=$2 BENCH_THREADS=2 BENCH_EMAIL=bench.example \
    wrk -t2 -c32 -d"$3s" --latency --timeout 10s -s bench/intake.lua "http://127.0.0.1:$PORT" >"$DATA/wrk-$1" 2>&1
  for _ in $(seq 1 120); do [ "$(pending)" = "0" ] && break; sleep 0.5; done
  buckets >"$DATA/after"
  echo "rate=$2/s $(grep '^BENCH ' "$DATA/wrk-$1" | sed 's/^BENCH //' | cut -d' ' -f1,3,4,6) $(quantiles "$DATA/before" "$DATA/after")"
}

step warmup 100 5 >/dev/null
for r in $RATES; do step "r$r" "$r" "$SECS"; done
echo "gateway warnings: $(grep -c -E "WARNING|SEVERE|Exception" "$DATA/gateway.log" || true)"; grep -A1 -m3 -E "WARNING|SEVERE" "$DATA/gateway.log" | cut -c1-300 || true
