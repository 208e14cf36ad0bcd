#!/usr/bin/env bash
# Browser tests: a demo database, `tsunagu serve` on a free port of 127.0.0.1, then node's test
# runner drives Debian's chromium through playwright-core (tests/e2e). The server is stopped by
# its PID whatever happens; screenshots land in $BUILD/e2e-screenshots.
#   scripts/e2e.sh build/release
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/tsunagu-e2e.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: /usr/bin/chromium is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing (the machine's Node.js provides it)" >&2; exit 1; }
done
(cd "$root/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

"$build/src/tsunagu" demo --db "$work/demo.db" >/dev/null
"$build/src/tsunagu" serve --db "$work/demo.db" --listen 127.0.0.1:0 --threads 2 >"$work/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$work/serve.log" | grep -oE '[0-9]+/$' | tr -d '/' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "e2e: the server did not start: $(cat "$work/serve.log")" >&2; exit 1; }

export TSUNAGU_URL="http://127.0.0.1:$port"
export TSUNAGU_SCREENSHOTS="$root/$build/e2e-screenshots"
mkdir -p "$TSUNAGU_SCREENSHOTS"
cd "$root/tests/e2e"
node --test --test-reporter=spec
