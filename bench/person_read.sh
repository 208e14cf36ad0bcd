#!/usr/bin/env bash
# The audited read alone (issue 11): the bare limit, then GET /api/v1/persons/{random of
# 100,000} at 64 connections against `tsunagu serve`, in the same run; prints the ratio, the p99
# and whether every answered read left its audit row. A quicker loop than bench/run.sh.
#   bench/person_read.sh [BUILD_DIR]      (DURATION=10 THREADS=2 HANDLERS=default RUNS=2)
set -euo pipefail
build=${1:-build/release}
duration=${DURATION:-10}
threads=${THREADS:-2}
handlers=${HANDLERS:-}  # empty: the server's default (two per core, at least 4)
runs=${RUNS:-2}
source "$(dirname "$0")/lib.sh"
bench_setup person

"$build/bench/bench_case" --make-db "$work/cases.db" >/dev/null
start_server "$work/bare.log" "$build/bench/bench_bare_server" 0 "$threads"
bare_port=$port
start_server "$work/cases.log" "$build/src/tsunagu" serve --db "$work/cases.db" \
  --listen 127.0.0.1:0 --threads "$threads" ${handlers:+--handler-threads "$handlers"}
case_port=$port
cookie=$(bench_login "$case_port")
cat >"$work/person.lua" <<'LUA'
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/persons/" .. math.random(1, 100000))
end
done = function(summary, latency, requests)
  io.stderr:write(string.format("answered %d\n", summary.requests))
end
LUA
rows() { sqlite3 "$work/cases.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'person.read'"; }
for run in $(seq 1 "$runs"); do
  read -r bare_rps bare_p99 _ <<<"$(measure "http://127.0.0.1:$bare_port/")"
  before=$(rows)
  read -r rps p99 errors <<<"$(measure "http://127.0.0.1:$case_port/" -H "Cookie: $cookie" -s "$work/person.lua" 2>"$work/answered")"
  answered=$(awk '/answered/ {print $2}' "$work/answered")
  written=$(( $(rows) - before ))
  awk -v r="$run" -v a="$rps" -v b="$bare_rps" -v p="$p99" -v e="$errors" -v n="$answered" -v w="$written" \
    'BEGIN { printf "run %s: persons %s req/s, p99 %s ms, %.0f %% of the bare limit (%s req/s); non-2xx %s; answered %s, audit rows %s\n", r, a, p, 100 * a / b, b, e, n, w }'
done
