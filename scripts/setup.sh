#!/usr/bin/env bash
# Installs what the build, the server and the tests need on Debian 12, and nothing when all
# of it is already there (quick and quiet). Runs as root (CI and the dev machines are root);
# otherwise it uses sudo.
set -euo pipefail

packages=(
  g++ make cmake pkg-config git ca-certificates openssl curl python3 python3-yaml
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libssl-dev libqrencode-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev python3-aiosmtpd
  wixl wixl-data msitools libmsi-dev libglib2.0-dev unzip dpkg-dev
  clang libclang-rt-14-dev libxlsxwriter-dev python3-openpyxl
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

# The web portal's toolchain. A newer Node.js from elsewhere (with its own npm) counts too:
# installing Debian's npm beside it would fight over the files.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The browser of the end-to-end tests (playwright-core drives it; it cannot download one).
[[ -x /usr/bin/chromium ]] || missing+=(chromium)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The portal's npm packages, pinned by web/package-lock.json: installed again only when the
# lockfile is newer than the last install (npm ci writes node_modules/.package-lock.json).
web="$(dirname "$0")/../web"
if [[ ! -f "$web/node_modules/.package-lock.json" || "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]]; then
  echo "setup: npm ci in web/"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi
