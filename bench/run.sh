#!/usr/bin/env bash
# Benchmarks: the importer/store micro-benchmarks, then the load test. The load test measures,
# in the same run and on the same machine, the bare limit (bench_bare_server: the same Beast
# server returning a fixed ~200-byte body) and `tsunagu serve` on a demo database, with
# wrk -t2 -c64 against 127.0.0.1 only, each run bounded to DURATION seconds.
#   bench/run.sh [BUILD_DIR]          (make bench)
# Results: printed, and written to $BUILD_DIR/bench-results.md.
set -euo pipefail
build=${1:-build/release}
duration=${DURATION:-10}
threads=${THREADS:-2}
out="$build/bench-results.md"
source "$(dirname "$0")/lib.sh"
bench_setup bench


echo "== Importer and store (Google Benchmark)"
"$build/bench/bench_plan" --benchmark_min_time=0.5 | tee "$work/micro.txt"
"$build/bench/bench_progress" | tee -a "$work/micro.txt"
"$build/bench/bench_case" | tee -a "$work/micro.txt"


echo "== Load: bare limit (fixed body, $threads threads)"
start_server "$work/bare.log" "$build/bench/bench_bare_server" 0 "$threads"
bare_port=$port
read -r bare_rps bare_p99 _ <<<"$(measure "http://127.0.0.1:$bare_port/")"
echo "bare: $bare_rps req/s, p99 $bare_p99 ms"

echo "== Load: tsunagu serve ($threads threads, SQLite demo database)"
"$build/src/tsunagu" demo --db "$work/demo.db" >/dev/null
start_server "$work/serve.log" "$build/src/tsunagu" serve --db "$work/demo.db" --listen 127.0.0.1:0 --threads "$threads"
app_port=$port

# Log in over a bash socket (no curl needed) and keep the cookie.
exec 3<>"/dev/tcp/127.0.0.1/$app_port"
body='{"username":"partner","password":"demo-partner-pass"}'
printf 'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' "${#body}" "$body" >&3
cookie=$(tr -d '\r' <&3 | awk -F'[ ;]' 'tolower($1) == "set-cookie:" {print $2; exit}')
exec 3<&-
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }

read -r health_rps health_p99 _ <<<"$(measure "http://127.0.0.1:$app_port/healthz")"
echo "healthz: $health_rps req/s, p99 $health_p99 ms"
read -r plans_rps plans_p99 plans_errors <<<"$(measure "http://127.0.0.1:$app_port/api/v1/plans" -H "Cookie: $cookie")"
echo "plans: $plans_rps req/s, p99 $plans_p99 ms, non-2xx: $plans_errors"
plans_bytes=$(wc -c < <("$build/src/tsunagu" plan show --json --db "$work/demo.db"))
# Server-rendered pages (mstch templates), as a partner sees them.
read -r page_rps page_p99 page_errors <<<"$(measure "http://127.0.0.1:$app_port/plan" -H "Cookie: $cookie")"
echo "plan page: $page_rps req/s, p99 $page_p99 ms, non-2xx: $page_errors"
read -r cmp_rps cmp_p99 cmp_errors <<<"$(measure "http://127.0.0.1:$app_port/implementation/compare" -H "Cookie: $cookie")"
echo "compare page: $cmp_rps req/s, p99 $cmp_p99 ms, non-2xx: $cmp_errors"
# The public directory and open data: no login, what residents and portals fetch.
read -r pub_rps pub_p99 pub_errors <<<"$(measure "http://127.0.0.1:$app_port/public/resources?topic=housing")"
echo "public directory: $pub_rps req/s, p99 $pub_p99 ms, non-2xx: $pub_errors"
read -r csv_rps csv_p99 csv_errors <<<"$(measure "http://127.0.0.1:$app_port/opendata/resources.csv")"
echo "open data: $csv_rps req/s, p99 $csv_p99 ms, non-2xx: $csv_errors"

echo "== Load: a person's page (100,000 persons, every read audited with group commit)"
"$build/bench/bench_case" --make-db "$work/cases.db"
start_server "$work/cases.log" "$build/src/tsunagu" serve --db "$work/cases.db" --listen 127.0.0.1:0 --threads "$threads"
case_port=$port
case_cookie=$(bench_login "$case_port")
cat >"$work/person.lua" <<'LUA'
-- a different person on every request
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/persons/" .. math.random(1, 100000))
end
LUA
read -r person_rps person_p99 person_errors <<<"$(measure "http://127.0.0.1:$case_port/" -H "Cookie: $case_cookie" -s "$work/person.lua")"
echo "person page: $person_rps req/s, p99 $person_p99 ms, non-2xx: $person_errors"
audit_rows=$(sqlite3 "$work/cases.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'person.read'" 2>/dev/null || echo "?")
echo "audited reads: $audit_rows"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }

{
  echo "## Load test ($(date -u +%Y-%m-%d), $(nproc) cores, wrk -t2 -c64 -d${duration}s, server threads: $threads)"
  echo
  echo "| endpoint | requests/s | p99 (ms) | vs bare limit |"
  echo "|---|---:|---:|---:|"
  echo "| bare Beast, fixed ~200-byte body (the limit) | $bare_rps | $bare_p99 | 100 % |"
  echo "| GET /healthz | $health_rps | $health_p99 | $(ratio "$health_rps" "$bare_rps") |"
  echo "| GET /api/v1/plans (logged in, ~${plans_bytes} bytes of JSON) | $plans_rps | $plans_p99 | $(ratio "$plans_rps" "$bare_rps") |"
  echo "| GET /plan (HTML policy table, 15 policies) | $page_rps | $page_p99 | $(ratio "$page_rps" "$bare_rps") |"
  echo "| GET /implementation/compare (HTML, two revisions side by side) | $cmp_rps | $cmp_p99 | $(ratio "$cmp_rps" "$bare_rps") |"
  echo "| GET /public/resources?topic=housing (HTML, no login) | $pub_rps | $pub_p99 | $(ratio "$pub_rps" "$bare_rps") |"
  echo "| GET /opendata/resources.csv (no login) | $csv_rps | $csv_p99 | $(ratio "$csv_rps" "$bare_rps") |"
  echo "| GET /api/v1/persons/{random of 100,000} (each read audited, group commit) | $person_rps | $person_p99 | $(ratio "$person_rps" "$bare_rps") |"
  echo
  echo "Audited reads written during the person-page run: $audit_rows (non-2xx: $person_errors)."
  echo
  echo "## Importer and store"
  echo
  echo '```'
  grep -E '^BM_' "$work/micro.txt"
  echo '```'
} | tee "$out"
echo "written to $out"

echo "== Load: the 施策体系 of a 基本計画 of 6 plans × 40 policies"
bash "$(dirname "$0")/plan_system.sh" "$build" | tee -a "$out"
