# Shared by bench/run.sh and bench/person_read.sh: a work directory cleaned up on exit, starting
# a server and measuring with wrk. Expects $duration from the caller.

# Makes $work (a temporary directory, named after $1) and stops every server in $pids on exit.
bench_setup() {
  work=$(mktemp -d "/tmp/tsunagu-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
  command -v wrk >/dev/null || { echo "wrk is missing: run scripts/install-deps.sh" >&2; exit 1; }
}

bench_cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# Starts a server that prints its port on the first line of stdout; sets $port.
start_server() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    port=$(grep -oE '[0-9]{2,5}' "$log" | head -n 1 || true)
    # tsunagu serve prints a URL; bench_bare_server prints the bare port.
    if grep -q "http://" "$log" 2>/dev/null; then port=$(grep -oE ':[0-9]+/' "$log" | head -n 1 | tr -d ':/'); fi
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$log")" >&2
  exit 1
}

# Logs in as the benchmark's coordinator on 127.0.0.1:$1; prints the session cookie
# ("name=value"), or fails.
bench_login() {
  local body='{"username":"bench-coordinator","password":"bench-password-1"}' cookie
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' "${#body}" "$body" >&3
  cookie=$(tr -d '\r' <&3 | awk -F'[ ;]' 'tolower($1) == "set-cookie:" {print $2; exit}')
  exec 3<&-
  [ -n "$cookie" ] || { echo "login as bench-coordinator failed" >&2; return 1; }
  echo "$cookie"
}

# wrk, then "requests/s p99_ms".
measure() {
  local url=$1; shift
  local result
  result=$(wrk -t2 -c64 -d"${duration}s" --latency "$@" "$url")
  local rps p99
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v=v*1000}; print v}')
  local errors
  errors=$(echo "$result" | awk '/Non-2xx/ {print $5}')
  echo "$rps ${p99:-?} ${errors:-0}"
}

