#!/usr/bin/env bash
# `make run`: demo data on the embedded SQLite database (created once, kept between runs),
# then the server in the foreground. Ctrl-C stops it gracefully.
set -euo pipefail
keyward="${BUILD_DIR:-build/release}/keyward"
db="${DB:-sqlite:var/keyward.db}"
listen="${LISTEN:-127.0.0.1:8080}"

mkdir -p var
"$keyward" demo --db "$db"
echo "Keyward: http://${listen}/"
exec "$keyward" serve --db "$db" --listen "$listen"
