#!/usr/bin/env bash
# Installs the Debian 12 packages Tsunagu builds and tests with. Idempotent: packages already
# present are skipped, so a second run costs one dpkg query. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache
  libboost-dev                 # Beast/Asio (header-only parts)
  nlohmann-json3-dev
  libsqlite3-dev sqlite3
  libpq-dev postgresql         # server store and the throwaway test server
  libsodium-dev                # argon2id, tokens, the audit chain's HMAC
  libcrack2-dev cracklib-runtime  # password dictionary check (cracklib)
  libjemalloc-dev              # the server binary's allocator
  libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev
  libicu-dev
  libspdlog-dev libcli11-dev libtomlplusplus-dev
  libmstch-dev                 # HTML templates (mustache)
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev                   # TLS for tsunagu serve --tls-cert
  wrk                          # bench/load.sh
  openssl                      # test certificates for the TLS test
  chromium                     # browser tests (tests/e2e, driven by playwright-core from npm)
  fonts-noto-cjk               # Japanese glyphs in the browser tests' screenshots
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
