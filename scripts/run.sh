#!/usr/bin/env bash
# `make run`: demo data on the embedded SQLite database (created once, kept between runs),
# the server, and — the first time — simulated devices that activate and check in, so every
# screen has something to show. Ctrl-C stops the server gracefully.
set -euo pipefail
build="${BUILD_DIR:-build/release}"
db="${DB:-sqlite:var/keyward.db}"
listen="${LISTEN:-127.0.0.1:8080}"
url="http://${listen}"

mkdir -p var
"$build/keyward" demo --db "$db" --json > var/demo.json

"$build/keyward" serve --db "$db" --listen "$listen" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
for _ in $(seq 1 100); do
  curl -fsS "$url/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { wait "$server"; exit 1; }
  sleep 0.1
done

# Devices only for freshly created demo data: the fleet is deterministic, so later runs
# would only re-activate the same machines.
/usr/bin/python3 - "$build/keyward-agent" "$url" var/demo.json <<'PY'
import json, subprocess, sys
agent, url, summary_file = sys.argv[1:4]
summary = json.load(open(summary_file))
for seed, license in enumerate(summary["licenses"], start=1):
    subprocess.run([agent, "--server", url, "--license-key", license["key"],
                    "--devices", str(license["devices"]), "--rounds", "2", "--interval", "0",
                    "--threads", "2", "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)
print(f"Keyward: {url}/  (sign in as {summary['email']} / {summary['password']})")
PY
wait "$server"
