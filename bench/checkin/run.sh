#!/usr/bin/env bash
# Device check-in benchmark (see README.md): nginx answering `return 200` as the reference, then
# keyward on SQLite and on a throwaway PostgreSQL cluster with DEVICES activated devices, each
# loaded by wrk posting check-ins that rotate over the devices' tokens. Only loopback addresses;
# every wait is bounded; everything started here is stopped on exit.
#
# Environment: DEVICES (100000), DURATION (wrk seconds, 20), CONNECTIONS (64), WRK_THREADS (1),
# AGENT_THREADS (4), ENGINES ("sqlite postgres"), BUILD_DIR (build/release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
devices=${DEVICES:-100000}
duration=${DURATION:-20}
connections=${CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-1}
agent_threads=${AGENT_THREADS:-4}
engines=${ENGINES-sqlite postgres}
build_dir=${BUILD_DIR:-$root/build/release}
# A license has at most this many seats; larger fleets get several licenses.
max_seats=100000

source "$root/bench/lib/common.sh"

for value in "$devices" "$duration" "$connections" "$wrk_threads" "$agent_threads"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "DEVICES, DURATION, CONNECTIONS, WRK_THREADS and AGENT_THREADS must be positive whole numbers"
done

install_missing() {
  install_commands wrk:wrk nginx:nginx-light
  # Debian's package may start its own nginx on port 80; this benchmark starts its own.
  if [[ -f /run/nginx.pid ]]; then /usr/sbin/nginx -s stop 2>/dev/null || true; fi
}

# wrk against URL; sets wrk_result to "requests_per_s p50 p99 non_2xx" from its --latency
# report.
run_wrk() {
  local url=$1 out="$work/wrk-$2.txt"
  run_waiting timeout $((duration + 30)) wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" \
    --timeout 5s --latency -s "$here/checkin.lua" "$url" -- "$work/tokens.txt" >"$out"
  cat "$out" >&2
  wrk_result=$(awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$out")
}

start_nginx() {
  local port=$1
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$port;
    location / { return 200; }
  }
}
EOF
  /usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  pids+=($!)
  wait_for_port "$port" || die "nginx did not start: $(cat "$work/nginx/error.log")"
}

# Prepares a customer with licenses for $devices seats, starts keyward, activates the fleet with
# keyward-agent and loads it with wrk. Sets `result` to "activations/s check-ins/s p50 p99
# non-2xx". Runs in the main shell (not in $(...)) so that cleanup knows the server's pid.
bench_keyward() {
  local engine=$1 db=$2 port keys=() remaining=$devices seats key
  local keyward="$build_dir/keyward" agent="$build_dir/keyward-agent"
  "$keyward" company create --db "$db" --name "Bench Reseller" --kind reseller --json >/dev/null
  "$keyward" company create --db "$db" --name "Bench Customer" --kind customer \
    --parent "Bench Reseller" --json >/dev/null
  while ((remaining > 0)); do
    seats=$((remaining < max_seats ? remaining : max_seats))
    key=$("$keyward" license issue --db "$db" --customer "Bench Customer" --seats "$seats" \
      --years 1 --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
    keys+=("$key:$seats")
    remaining=$((remaining - seats))
  done

  port=$(free_port)
  "$keyward" serve --db "$db" --listen "127.0.0.1:$port" --access-log false \
    >"$work/keyward-$engine.log" 2>&1 &
  pids+=($!)
  wait_for_port "$port" || die "keyward did not start: $(cat "$work/keyward-$engine.log")"

  : >"$work/tokens.txt"
  local activated=0 seconds=0 seed=1 entry summary
  for entry in "${keys[@]}"; do
    run_waiting timeout 1800 "$agent" --server "http://127.0.0.1:$port" --license-key "${entry%%:*}" \
      --devices "${entry##*:}" --rounds 0 --threads "$agent_threads" --seed "$seed" \
      --tokens-out "$work/tokens-$seed.txt" --json >"$work/agent-$engine-$seed.json"
    summary=$(cat "$work/agent-$engine-$seed.json")
    log "$engine activation: $summary"
    read -r count secs <<<"$(/usr/bin/python3 -c 'import json, sys
s = json.loads(sys.argv[1])
print(s["activated"] + s["reactivated"], s["activation_seconds"])' "$summary")"
    activated=$((activated + count))
    seconds=$(/usr/bin/python3 -c "print($seconds + $secs)")
    cat "$work/tokens-$seed.txt" >>"$work/tokens.txt"
    seed=$((seed + 1))
  done
  # A few refused activations (the server's answer codes are in the agent's summary above) do
  # not spoil the check-in measurement; an empty fleet does.
  ((activated > 0)) || die "$engine: no device activated"
  ((activated == devices)) || log "$engine: $activated of $devices devices activated"

  run_wrk "http://127.0.0.1:$port/agent/v1/checkin" "$engine"
  result="$(/usr/bin/python3 -c "print(round($activated / $seconds))") $wrk_result"
}

install_missing
build_keyward
log "results in $work until the end of the run"

# nginx gets requests of the same size and shape (tokens file format, report bodies).
nginx_tokens() {
  /usr/bin/python3 -c 'import json, secrets
for i in range(1, 1001):
    report = {"client_version": "3.2.34", "hostname": "DESKTOP-%07X" % i, "ip": "192.168.10.23",
              "domain": "corp.northwind.local",
              "os": {"name": "Windows 11 Pro", "version": "24H2", "build": "26100.2314"},
              "infections": 0, "protection": {"realtime": True, "updates": True},
              "settings_revision": 0, "command_results": []}
    print(i, "kwd_" + secrets.token_urlsafe(32), json.dumps(report, separators=(",", ":")))' \
    >"$work/tokens.txt"
}

# nginx answering `return 200`, measured like keyward; appends "rps p50 p99 non_2xx" to
# nginx_runs.
nginx_runs=()
bench_nginx() {
  local port
  port=$(free_port)
  start_nginx "$port"
  nginx_tokens
  run_wrk "http://127.0.0.1:$port/agent/v1/checkin" "nginx-$1"
  nginx_runs+=("$wrk_result")
  kill "${pids[-1]}"
  wait "${pids[-1]}" 2>/dev/null || true
}

# The reference is measured before and after the engines, since the rate the machine gives
# one program drifts by ±20 % within minutes here; keyward is compared with their mean.
bench_nginx before
rows=()
for engine in $engines; do
  case "$engine" in
    sqlite) db="sqlite:$work/keyward.db" ;;
    postgres) start_postgres ;;
    *) die "unknown engine $engine (sqlite or postgres)" ;;
  esac
  bench_keyward "$engine" "$db"
  rows+=("$engine $result")
  kill "${pids[-1]}"
  wait "${pids[-1]}" 2>/dev/null || true
done
bench_nginx after

read -r before_rps before_p50 before_p99 before_bad <<<"${nginx_runs[0]}"
read -r after_rps after_p50 after_p99 after_bad <<<"${nginx_runs[1]}"
nginx_rps=$(/usr/bin/python3 -c "print(round(($before_rps + $after_rps) / 2))")
date_text=$(date -u +%Y-%m-%d)
echo "## Results $date_text ($(nproc) cores, $devices devices, wrk -t$wrk_threads -c$connections -d${duration}s)"
echo
echo "| target | activations/s | check-ins/s | p50 | p99 | non-2xx | vs nginx |"
echo "|---|---|---|---|---|---|---|"
echo "| nginx return 200, before | – | $before_rps | $before_p50 | $before_p99 | $before_bad | |"
echo "| nginx return 200, after | – | $after_rps | $after_p50 | $after_p99 | $after_bad | |"
echo "| nginx, mean of both | – | $nginx_rps | | | | 100% |"
for row in "${rows[@]}"; do
  read -r engine act rps p50 p99 bad <<<"$row"
  ratio=$(/usr/bin/python3 -c "print(f'{100 * $rps / $nginx_rps:.0f}%')")
  echo "| keyward $engine | $act | $rps | $p50 | $p99 | $bad | $ratio |"
done
