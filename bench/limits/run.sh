#!/usr/bin/env bash
# A normal client's check-in latency with and without each attack of bench/limits/attack.py
# (slow headers, idle sockets beyond the connection limit, oversize headers, oversize bodies,
# deeply nested JSON) against `keyward serve` on SQLite. wrk posts check-ins of DEVICES
# activated devices, each on a new connection, while the attack runs. Only loopback; every
# wait is bounded; everything started here is stopped on exit. Prints a Markdown table.
#
# Environment: DEVICES (200), DURATION (wrk seconds per run, 10), CONNECTIONS (wrk, 8),
# MAX_CONNECTIONS (the server's --max-connections, 1000), REQUEST_TIMEOUT (its
# --request-timeout-s, 10), ATTACKS ("none slowloris idle headers body json"), BUILD_DIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
devices=${DEVICES:-200}
duration=${DURATION:-10}
connections=${CONNECTIONS:-8}
max_connections=${MAX_CONNECTIONS:-1000}
request_timeout=${REQUEST_TIMEOUT:-10}
attacks=${ATTACKS:-none slowloris idle headers body json}
build_dir=${BUILD_DIR:-$root/build/release}

source "$root/bench/lib/common.sh"

for value in "$devices" "$duration" "$connections" "$max_connections" "$request_timeout"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "DEVICES, DURATION, CONNECTIONS, MAX_CONNECTIONS and REQUEST_TIMEOUT must be positive whole numbers"
done

# Attacker connections per attack: twice the connection limit of slow clients, five times of
# idle sockets; a few loops for the request attacks.
attack_width() {
  case "$1" in
    slowloris) echo $((2 * max_connections)) ;;
    idle) echo $((5 * max_connections)) ;;
    headers | body | json) echo 4 ;;
    *) die "unknown attack $1 (slowloris idle headers body json)" ;;
  esac
}

install_commands wrk:wrk
build_keyward
ulimit -n "$(ulimit -Hn)"  # the idle attack holds thousands of sockets
log "results in $work until the end of the run"

db="sqlite:$work/keyward.db"
keyward="$build_dir/keyward"
"$keyward" company create --db "$db" --name "Bench Reseller" --kind reseller --json >/dev/null
"$keyward" company create --db "$db" --name "Bench Customer" --kind customer \
  --parent "Bench Reseller" --json >/dev/null
key=$("$keyward" license issue --db "$db" --customer "Bench Customer" --seats "$devices" \
  --years 1 --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
port=$(free_port)
"$keyward" serve --db "$db" --listen "127.0.0.1:$port" --access-log false \
  --max-connections "$max_connections" --request-timeout-s "$request_timeout" \
  >"$work/keyward.log" 2>&1 &
pids+=($!)
wait_for_port "$port" || die "keyward did not start: $(cat "$work/keyward.log")"
run_waiting timeout 600 "$build_dir/keyward-agent" --server "http://127.0.0.1:$port" \
  --license-key "$key" --devices "$devices" --rounds 0 --threads 4 --seed 1 \
  --tokens-out "$work/tokens.txt" --json >"$work/agent.json"

# One wrk run; prints "rps p50 p90 p99 max non_2xx socket_errors".
measure() {
  local out="$work/wrk-$1.txt"
  KEYWARD_CHECKIN_LUA="$root/bench/checkin/checkin.lua" run_waiting timeout $((duration + 30)) \
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s --latency \
    -s "$here/checkin_close.lua" "http://127.0.0.1:$port/agent/v1/checkin" -- "$work/tokens.txt" >"$out"
  cat "$out" >&2
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /^ +Latency +[0-9]/ { max = $4 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { errors = $4 + $6 + $8 + $10; gsub(",", "", errors) }
    END { printf "%s %s %s %s %s %s %s\n", rps, p50, p90, p99, max, (bad == "" ? 0 : bad), (errors == "" ? 0 : errors) }' "$out"
}

rows=()
for attack in $attacks; do
  attacker_log="$work/attack-$attack.log"
  if [[ "$attack" != none ]]; then
    /usr/bin/python3 "$here/attack.py" "$attack" "$port" "$(attack_width "$attack")" 2>"$attacker_log" &
    pids+=($!)
    sleep 3  # the attack is under way
  fi
  log "measuring with attack: $attack"
  result=$(measure "$attack")
  load=$(cut -d' ' -f1 /proc/loadavg)
  seen="–"
  if [[ "$attack" != none ]]; then
    kill "${pids[-1]}" && wait "${pids[-1]}" 2>/dev/null || true
    unset 'pids[-1]'
    seen=$(tail -1 "$attacker_log" | sed 's/^attack: //; s/|/\//g')
    sleep "$request_timeout"  # the attack's connections are gone before the next run
  fi
  rows+=("$attack|$result|$load|$seen")
done

echo "## Limits under attack $(date -u '+%Y-%m-%d %H:%M') UTC ($(nproc) cores, SQLite, $devices devices, wrk -t1 -c$connections -d${duration}s, a new connection per check-in, --max-connections $max_connections --request-timeout-s $request_timeout)"
echo
echo "| attack | check-ins/s | p50 | p90 | p99 | max | non-2xx | socket errors | load avg | attacker saw |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  IFS='|' read -r attack result load seen <<<"$row"
  read -r rps p50 p90 p99 max bad errors <<<"$result"
  echo "| $attack | $rps | $p50 | $p90 | $p99 | $max | $bad | $errors | $load | $seen |"
done
