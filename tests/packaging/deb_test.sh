#!/usr/bin/env bash
# The Debian package as `make deb` builds it, checked without installing it on this machine:
#  - CPack packs the program already built in BUILD_DIR into a temporary directory;
#  - the control data: the conffile, the maintainer scripts, dependencies from the libraries;
#  - the maintainer scripts run against stubs of the commands they call (nothing is changed);
#  - dpkg -x unpacks it into a temporary root: the unit's user, command and hardening, and the
#    unpacked program serving with the packaged configuration (only the database path and the
#    port rewritten, as /var/lib is not the test's) on a fresh database until a page answers.
#   tests/packaging/deb_test.sh BUILD_DIR
set -euo pipefail

build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/tsunagu-deb.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "deb_test: $*" >&2
  exit 1
}
step() { echo "deb_test: $*"; }

step "cpack"
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
debs=("$work"/out/tsunagu_*.deb)
[ -f "${debs[0]}" ] || fail "no tsunagu_*.deb in $work/out"
deb=${debs[0]}

step "control data of $(basename "$deb")"
[ "$(dpkg-deb -f "$deb" Package)" = tsunagu ] || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in adduser libc6 libsqlite3-0 libpq5 libssl3 libsodium23 libtomlplusplus3; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
mkdir "$work/control"
dpkg-deb --ctrl-tarfile "$deb" | tar -x -C "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/tsunagu/tsunagu.toml ] ||
  fail "conffiles: $(cat "$work/control/conffiles")"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script is not executable"
  sh -n "$work/control/$script" || fail "$script: syntax"
done

step "contents"
dpkg-deb -c "$deb" >"$work/contents"
for path in ./usr/bin/tsunagu ./lib/systemd/system/tsunagu.service ./etc/tsunagu/tsunagu.toml \
  ./usr/share/doc/tsunagu/README.md ./usr/share/doc/tsunagu/OPERATIONS.md; do
  grep -q " $path\$" "$work/contents" || fail "the package lacks $path"
done
grep -q '^-rw-r----- root/root .* ./etc/tsunagu/tsunagu.toml$' "$work/contents" ||
  fail "tsunagu.toml is not 0640 root:root: $(grep tsunagu.toml "$work/contents")"

step "maintainer scripts against stubs"
# Only the stubs are on PATH: a command the scripts call without a stub fails the test instead
# of changing this machine.
mkdir "$work/stubs"
for command in getent addgroup adduser dpkg-statoverride install chown chmod systemctl; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\n[ %s != getent ] && [ %s != dpkg-statoverride ]\n' \
    "$command" "$work/calls" "$command" "$command" >"$work/stubs/$command"
  chmod +x "$work/stubs/$command"
done
PATH="$work/stubs" /bin/sh "$work/control/postinst" configure >"$work/postinst.out"
for call in "addgroup --system --quiet tsunagu" \
  "adduser --system --quiet --ingroup tsunagu --home /var/lib/tsunagu --no-create-home --gecos Tsunagu server tsunagu" \
  "install -d -o tsunagu -g tsunagu -m 0750 /var/lib/tsunagu" \
  "chown root:tsunagu /etc/tsunagu/tsunagu.toml" "chmod 0640 /etc/tsunagu/tsunagu.toml"; do
  grep -qxF "$call" "$work/calls" || fail "postinst did not call: $call"$'\n'"$(cat "$work/calls")"
done
grep -q "tsunagu init" "$work/postinst.out" || fail "postinst does not say how to create the database"
if grep -Eq "systemctl .*(start|enable)" "$work/calls"; then fail "postinst starts the service"; fi
PATH="$work/stubs" /bin/sh "$work/control/prerm" upgrade
PATH="$work/stubs" /bin/sh "$work/control/postrm" purge

step "unpacked unit and configuration"
root="$work/root"
dpkg -x "$deb" "$root"
unit="$root/lib/systemd/system/tsunagu.service"
for line in "User=tsunagu" "Group=tsunagu" \
  "ExecStart=/usr/bin/tsunagu serve --config /etc/tsunagu/tsunagu.toml" \
  "StateDirectory=tsunagu" "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" \
  "PrivateTmp=yes" "PrivateDevices=yes" "CapabilityBoundingSet=" "WantedBy=multi-user.target"; do
  grep -qxF "$line" "$unit" || fail "the unit lacks: $line"
done
config="$work/tsunagu.toml"
mkdir "$work/state"
sed -e "s|^db = .*|db = \"$work/state/tsunagu.db\"|" -e 's|^listen = .*|listen = "127.0.0.1:0"|' \
  "$root/etc/tsunagu/tsunagu.toml" >"$config"
grep -qxF "db = \"$work/state/tsunagu.db\"" "$config" || fail "the packaged file has no db line"
grep -qxF 'listen = "127.0.0.1:0"' "$config" || fail "the packaged file has no listen line"

step "the unpacked program on a fresh database"
tsunagu="$root/usr/bin/tsunagu"
"$tsunagu" init --db "$work/state/tsunagu.db" --code 132195 --name 狛江市 >/dev/null
echo 'package-test-password' |
  "$tsunagu" user add admin --role admin --password-stdin --db "$work/state/tsunagu.db" >/dev/null
"$tsunagu" serve --config "$config" >"$work/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$work/serve.log" | grep -oE '[0-9]+/$' | tr -d /) || true
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || fail "serve exited: $(cat "$work/serve.log")"
  sleep 0.1
done
[ -n "$port" ] || fail "serve printed no address: $(cat "$work/serve.log")"
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || fail "GET /healthz"
page=$(curl -fsS "http://127.0.0.1:$port/login") || fail "GET /login"
[[ "$page" == *"ログイン"* ]] || fail "GET /login: not the login page"
login=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"package-test-password"}' "http://127.0.0.1:$port/api/v1/login")
[ "$login" = 200 ] || fail "POST /api/v1/login: $login"
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" = 0 ] || fail "serve exited with $status: $(cat "$work/serve.log")"
grep -q "停止しました" "$work/serve.log" || fail "no graceful stop: $(cat "$work/serve.log")"
step "ok"
