#!/usr/bin/env bash
# Forum crawl benchmark: a gateway (embedded PostgreSQL) crawls a local 200-page forum on
# 127.0.0.1 with the rate limit off. Prints pages/s and parse / network / rest time per page.
# Usage, from the project root: bash bench/forum.sh   (BENCH_PAGES=500 for a longer forum)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out="bench/results/forum-$(date -u +%Y%m%dT%H%M%SZ).txt"
log=$(mktemp)
mvn -B -q test -Dtest=ForumCrawlBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.pages="${BENCH_PAGES:-200}" \
  >"$log" 2>&1 || { tail -50 "$log"; exit 1; }
grep -h -E '^(forum crawl benchmark|run [0-9])' "$log" | tee "$out"
rm -f "$log"
echo "written to $out"
