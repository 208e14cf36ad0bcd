#!/usr/bin/env bash
# The 施策体系 page of a 基本計画 (issue 14): the bare limit, then GET /plan/system for a family
# of 6 plans × 40 policies (5 shared goals × 8 policies a plan, one 重点施策 each), in the same
# run; prints both and the ratio (the aim is at least 20 %). Called by bench/run.sh, or alone:
#   bench/plan_system.sh [BUILD_DIR]      (DURATION=10 THREADS=2)
set -euo pipefail
build=${1:-build/release}
duration=${DURATION:-10}
threads=${THREADS:-2}
source "$(dirname "$0")/lib.sh"
bench_setup plan-system

tsunagu="$build/src/tsunagu"
db="$work/family.db"
"$tsunagu" init --db "$db" --code 999001 --name ベンチ市 >/dev/null
goals=()
for g in 1 2 3 4 5; do goals+=(--goal "$g=基本目標${g}の名前（地域で切れ目なく支える）"); done
"$tsunagu" plan family create --db "$db" --name ベンチ基本計画 --period R6-R11 \
  --philosophy "ベンチマーク用の基本理念" "${goals[@]}" >/dev/null
for p in 1 2 3 4 5 6; do
  {
    echo "基本目標,No.,施策,重点施策"
    for g in 1 2 3 4 5; do
      for n in 1 2 3 4 5 6 7 8; do
        mark=""; [ "$n" = 1 ] && mark="重点施策"
        echo "基本目標$g 基本目標${g}の名前（地域で切れ目なく支える）,$n,計画${p}の施策${g}-${n}：関係機関と連携し、相談から支援まで切れ目なくつなぎます。,$mark"
      done
    done
  } >"$work/plan$p.csv"
  "$tsunagu" import policy-table --db "$db" --family ベンチ基本計画 --plan "計画$p" \
    --position "$p" "$work/plan$p.csv" >/dev/null
done
echo 'bench-password-1' | "$tsunagu" user add bench-coordinator --role plan-admin \
  --department 福祉政策課 --password-stdin --no-first-login-change --db "$db" >/dev/null

start_server "$work/bare.log" "$build/bench/bench_bare_server" 0 "$threads"
bare_port=$port
start_server "$work/serve.log" "$tsunagu" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads"
app_port=$port
cookie=$(bench_login "$app_port")
bytes=$(exec 3<>"/dev/tcp/127.0.0.1/$app_port"
  printf 'GET /plan/system HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nConnection: close\r\n\r\n' "$cookie" >&3
  wc -c <&3; exec 3<&-)

read -r bare_rps bare_p99 _ <<<"$(measure "http://127.0.0.1:$bare_port/")"
read -r sys_rps sys_p99 sys_errors <<<"$(measure "http://127.0.0.1:$app_port/plan/system" -H "Cookie: $cookie")"
read -r doc_rps doc_p99 doc_errors <<<"$(measure "http://127.0.0.1:$app_port/plan/document" -H "Cookie: $cookie")"
read -r json_rps json_p99 json_errors <<<"$(measure "http://127.0.0.1:$app_port/api/v1/plans" -H "Cookie: $cookie")"
json_bytes=$(wc -c < <("$tsunagu" plan show --json --db "$db"))
for errors in "$sys_errors" "$doc_errors" "$json_errors"; do
  [ "${errors:-0}" = 0 ] || { echo "non-2xx answers ($errors): the figures would not be of the pages" >&2; exit 1; }
done
echo "bare: $bare_rps req/s, p99 $bare_p99 ms"
echo "plan/document (the 計画書 of the same family): $doc_rps req/s, p99 $doc_p99 ms, non-2xx: $doc_errors"
echo "api/v1/plans (~$json_bytes bytes of JSON): $json_rps req/s, p99 $json_p99 ms, non-2xx: $json_errors"
echo "plan/system (6 plans × 40 policies, ~$bytes bytes): $sys_rps req/s, p99 $sys_p99 ms, non-2xx: $sys_errors"
awk -v a="$sys_rps" -v d="$doc_rps" -v j="$json_rps" -v b="$bare_rps" 'BEGIN {
  printf "ratios to the bare limit: plan/system %.0f %% (aim: >= 20 %%), plan/document %.0f %%, api/v1/plans %.0f %%\n",
    100 * a / b, 100 * d / b, 100 * j / b }'
