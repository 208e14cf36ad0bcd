#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb into a temporary directory, a free
# port on 127.0.0.1, TSUNAGU_TEST_PG set to its URL; the server is stopped and the directory
# removed when the command ends, whatever its outcome.
#   scripts/with-postgres.sh ctest --test-dir build/release
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "with-postgres: PostgreSQL is not installed (run scripts/install-deps.sh)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/tsunagu-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-F -c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null; then
    started=$port
    break
  fi
done
if [ -z "$started" ]; then
  echo "with-postgres: could not start PostgreSQL:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

export TSUNAGU_TEST_PG="postgresql://postgres@127.0.0.1:$started/postgres"
echo "with-postgres: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$started (temporary)"
status=0
"$@" || status=$?
exit $status
