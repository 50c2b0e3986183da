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
  wixl wixl-data msitools libmsi-dev libglib2.0-dev unzip
  libxlsxwriter-dev python3-openpyxl
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
