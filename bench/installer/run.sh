#!/usr/bin/env bash
# Installer download benchmark (issue 5, see README.md): a 20 MB original MSI (the sample
# client plus a 20 MB payload file, built with wixl), then
#  1. the preconfigured-MSI download alone: DOWNLOADS sequential requests, p50/p95/max;
#  2. device check-ins with wrk, idle and while CONCURRENT such downloads run in a loop:
#     p99 under download load against p99 idle.
# SQLite, loopback only; everything started here is stopped on exit.
#
# Environment: PAYLOAD_MB (20), DOWNLOADS (40), CONCURRENT (20), DEVICES (2000), DURATION
# (wrk seconds, 15), CONNECTIONS (16), WRK_THREADS (1), ROUNDS (3), TYPE (msi; the download
# type), DOWNLOAD_NICE (empty; e.g. 19 runs the download clients at low priority, as if they
# were other machines), BUILD_DIR (build/release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build/release}
payload_mb=${PAYLOAD_MB:-20}
downloads=${DOWNLOADS:-40}
concurrent=${CONCURRENT:-20}
devices=${DEVICES:-2000}
duration=${DURATION:-15}
connections=${CONNECTIONS:-16}
wrk_threads=${WRK_THREADS:-1}
rounds=${ROUNDS:-3}
source "$root/bench/lib/common.sh"

for value in "$payload_mb" "$downloads" "$concurrent" "$devices" "$duration" "$connections" "$rounds"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "PAYLOAD_MB, DOWNLOADS, CONCURRENT, DEVICES, DURATION, CONNECTIONS and ROUNDS must be positive whole numbers"
done
install_commands wrk:wrk curl:curl wixl:wixl msiinfo:msitools
build_keyward
keyward="$build_dir/keyward"

# The large original: the sample client's WiX source with one more file (random bytes, so
# the cabinet does not shrink it). wixl takes only relative source paths: build in a copy.
mkdir -p "$work/wix"
cp -r "$root/installer/keyward-client.wxs" "$root/installer/client" "$work/wix/"
head -c $((payload_mb * 1024 * 1024)) /dev/urandom >"$work/wix/payload.bin"
(cd "$work/wix" && wixl -a x64 -D Arch=x64 -D KEYWARD_PAYLOAD=payload.bin \
  -o "$work/big-x64.msi" keyward-client.wxs)
log "original MSI: $(stat -c %s "$work/big-x64.msi") bytes"

db="sqlite:$work/keyward.db"
json_field() { /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin)[\"$1\"])"; }
"$keyward" company create --db "$db" --name "Bench Reseller" --kind reseller --json >/dev/null
"$keyward" company create --db "$db" --name "Bench Customer" --kind customer \
  --parent "Bench Reseller" --json >/dev/null
license=$("$keyward" license issue --db "$db" --customer "Bench Customer" --seats "$devices" \
  --years 1 --json)
license_id=$(json_field id <<<"$license")
license_key=$(json_field key <<<"$license")
"$keyward" user create --db "$db" --company "Bench Reseller" --email bench@example.com \
  --role admin --json <<<"bench-password-2026" >/dev/null
token=$("$keyward" token create --db "$db" --email bench@example.com --json | json_field token)
"$keyward" installer publish --db "$db" --data-dir "$work/data" --arch x64 "$work/big-x64.msi" \
  >&2

port=$(free_port)
"$keyward" serve --db "$db" --data-dir "$work/data" --sample-installers "" \
  --listen "127.0.0.1:$port" --access-log false >"$work/keyward.log" 2>&1 &
pids+=($!)
wait_for_port "$port" || die "keyward did not start: $(cat "$work/keyward.log")"
download_url="http://127.0.0.1:$port/api/v1/licenses/$license_id/installer?arch=x64&type=${TYPE:-msi}"

download() {
  ${DOWNLOAD_NICE:+nice -n $DOWNLOAD_NICE} curl -sS -o /dev/null \
    -w '%{http_code} %{time_total} %{size_download}\n' -H "Authorization: Bearer $token" \
    "$download_url"
}

# Percentiles (nearest rank) of the seconds in column 2 of FILE, as milliseconds.
percentiles() {
  sort -k2 -g "$1" | awk '{ t[NR] = $2 * 1000; if ($1 != 200) bad++ }
    END {
      p50 = t[int(NR * 0.50 + 0.999)]; p95 = t[int(NR * 0.95 + 0.999)];
      printf "n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms non-200=%d\n", NR, p50, p95, t[NR], bad
    }'
}

log "1. $downloads sequential preconfigured-MSI downloads"
download >/dev/null  # warm the page cache
: >"$work/sequential.txt"
for ((i = 0; i < downloads; i++)); do download >>"$work/sequential.txt"; done
echo "preconfigured MSI ($(awk 'NR==1 { print $3 }' "$work/sequential.txt") bytes): $(percentiles "$work/sequential.txt")"

log "2. activating $devices devices"
run_waiting timeout 1800 "$build_dir/keyward-agent" --server "http://127.0.0.1:$port" \
  --license-key "$license_key" --devices "$devices" --rounds 0 --threads 4 --seed 1 \
  --tokens-out "$work/tokens.txt" --json >"$work/agent.json"

checkin_p99() {
  local out="$work/wrk-$1.txt"
  run_waiting timeout $((duration + 30)) wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" \
    --timeout 5s --latency -s "$root/bench/checkin/checkin.lua" \
    "http://127.0.0.1:$port/agent/v1/checkin" -- "$work/tokens.txt" >"$out"
  awk '/Requests\/sec:/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    END { printf "check-ins/s=%s p50=%s p99=%s\n", rps, p50, p99 }' "$out"
}

# The machine is shared: idle and loaded alternate, ROUNDS times, so a slow moment of a
# neighbour shows as one odd round rather than as the result.
for ((round = 1; round <= rounds; round++)); do
  echo "round $round check-in idle: $(checkin_p99 "idle-$round")"
  rm -f "$work/stop"
  : >"$work/loaded-$round.txt"
  loop_pids=()
  for ((i = 0; i < concurrent; i++)); do
    (while [[ ! -f "$work/stop" ]]; do download >>"$work/loaded-$round.txt"; done) &
    loop_pids+=($!)
    pids+=($!)
  done
  sleep 2  # let every loop have a download in flight
  echo "round $round check-in with $concurrent downloads running: $(checkin_p99 "loaded-$round")"
  touch "$work/stop"
  for pid in "${loop_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "round $round preconfigured MSI under that load: $(percentiles "$work/loaded-$round.txt")"
done
