#!/usr/bin/env bash
# Everything at once (issue 8, point 5; see README.md): one `keyward serve` with DEVICES
# simulated devices (keyward-agent) checking in every INTERVAL seconds while USERS portal users
# (portal_users.py) sign in and browse: license list with search, sort and paging, license
# information, device lists filtered by status, device information, XLSX and CSV exports
# started, waited for and downloaded. Prints per-kind latency percentiles, counts and errors,
# and fails (exit 1) on any error or non-2xx answer of either side.
#
# Environment: DEVICES (20000), USERS (20), DURATION (60 s of browsing), INTERVAL (10 s between
# two check-ins of a device), CUSTOMERS (4, one device license each), EXTRA_LICENSES (40,
# without devices, so the license list has pages), THINK_MS (250, a user's pause between two
# pages), AGENT_THREADS (8 per agent, one keep-alive connection each), ENGINE (sqlite or
# postgres), BUILD_DIR (build/release), NO_BUILD (set: use the binaries in BUILD_DIR as they
# are; the ctest sets it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
devices=${DEVICES:-20000}
users=${USERS:-20}
duration=${DURATION:-60}
interval=${INTERVAL:-10}
customers=${CUSTOMERS:-4}
extra_licenses=${EXTRA_LICENSES:-40}
think_ms=${THINK_MS:-250}
agent_threads=${AGENT_THREADS:-8}
engine=${ENGINE:-sqlite}
build_dir=${BUILD_DIR:-$root/build/release}
password="load-bench-password-2026"
source "$root/bench/lib/common.sh"

for value in "$devices" "$users" "$duration" "$interval" "$customers" "$agent_threads"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "DEVICES, USERS, DURATION, INTERVAL, CUSTOMERS and AGENT_THREADS must be positive whole numbers"
done
[[ "$extra_licenses" =~ ^[0-9]+$ && "$think_ms" =~ ^[0-9]+$ ]] || die "EXTRA_LICENSES and THINK_MS must be whole numbers"
((devices >= customers)) || die "DEVICES must be at least CUSTOMERS"
keyward="$build_dir/keyward"
agent="$build_dir/keyward-agent"

json_field() { /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# A reseller, CUSTOMERS customers each with one license for its share of the devices, and
# EXTRA_LICENSES more licenses without devices spread over them (names to search for). Sets
# `fleet` to "key:seats" per device license.
seed() {
  local c i seats key
  fleet=()
  "$keyward" company create --db "$db" --name "Load Reseller" --kind reseller --json >/dev/null
  for ((c = 1; c <= customers; c++)); do
    "$keyward" company create --db "$db" --name "Load Customer $c" --kind customer \
      --parent "Load Reseller" --json >/dev/null
    seats=$((devices / customers + (c == customers ? devices % customers : 0)))
    key=$("$keyward" license issue --db "$db" --customer "Load Customer $c" --seats "$seats" \
      --years 3 --name "Fleet of customer $c" --json | json_field key)
    fleet+=("$key:$seats")
  done
  for ((i = 1; i <= extra_licenses; i++)); do
    "$keyward" license issue --db "$db" --customer "Load Customer $((i % customers + 1))" \
      --seats $((5 + i)) --years $((i % 3 + 1)) --name "Lizenz $i Standort $((i % 7))" \
      --json >/dev/null
  done
}

# USERS users: every third one of the reseller, the others of a customer; roles rotate (a
# viewer may export too). Writes "email password" lines to $work/users.txt.
create_users() {
  local i company roles=(admin technician viewer)
  : >"$work/users.txt"
  for ((i = 0; i < users; i++)); do
    company=$([[ $((i % 3)) -eq 0 ]] && echo "Load Reseller" || echo "Load Customer $((i % customers + 1))")
    echo "$password" | "$keyward" user create --db "$db" --company "$company" \
      --email "user$i@load.example" --role "${roles[i % 3]}" --json >/dev/null
    echo "user$i@load.example $password" >>"$work/users.txt"
  done
}

# Starts one keyward-agent per device license; they activate, write their tokens file and
# then check in until DURATION + 15 s are over (the browsing starts once all are activated).
start_agents() {
  local n=0 entry
  agent_pids=()
  for entry in "${fleet[@]}"; do
    n=$((n + 1))
    "$agent" --server "http://127.0.0.1:$port" --license-key "${entry%%:*}" \
      --devices "${entry##*:}" --interval "$interval" --duration $((duration + 15)) \
      --threads "$agent_threads" --seed "$n" --tokens-out "$work/tokens-$n.txt" --json \
      >"$work/agent-$n.json" 2>"$work/agent-$n.err" &
    pids+=($!)
    agent_pids+=($!)
  done
}

# Waits until every agent has written a token per device (all activated) or one has ended.
wait_for_activations() {
  local n entry expected done_count started=$SECONDS
  while ((SECONDS - started < 1800)); do
    done_count=0
    n=0
    for entry in "${fleet[@]}"; do
      n=$((n + 1))
      expected=${entry##*:}
      [[ -f "$work/tokens-$n.txt" && $(wc -l <"$work/tokens-$n.txt") -eq $expected ]] &&
        done_count=$((done_count + 1))
      kill -0 "${agent_pids[n - 1]}" 2>/dev/null ||
        die "agent $n ended during the activations: $(cat "$work/agent-$n.err" "$work/agent-$n.json")"
    done
    ((done_count == ${#fleet[@]})) && { activation_seconds=$((SECONDS - started)); return 0; }
    sleep 0.5
  done
  die "the devices did not activate within 30 minutes"
}

# Sums the agents' summaries; prints "activated checkins_ok failed errors per_s p50 p95 p99"
# (percentiles: the worst agent's, as the agents' histograms can not be merged here).
agent_totals() {
  /usr/bin/python3 - "$work" "${#fleet[@]}" <<'EOF'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
totals = {"activated": 0, "ok": 0, "failed": 0, "errors": 0, "per_s": 0, "p50": 0, "p95": 0, "p99": 0}
for n in range(1, count + 1):
    with open("%s/agent-%d.json" % (work, n)) as summary_file:
        s = json.load(summary_file)
    totals["activated"] += s["activated"] + s["reactivated"]
    totals["ok"] += s["checkins_ok"]
    totals["failed"] += s["checkins_failed"]
    totals["errors"] += sum(s["activation_errors"].values()) + sum(s["checkin_errors"].values())
    totals["errors"] += s["commands_failed"] + s["devices_stopped"] + (1 if "protocol_error" in s else 0)
    totals["per_s"] += s["checkins_per_s"]
    for p in ("p50", "p95", "p99"):
        totals[p] = max(totals[p], s["latency_ms"][p])
print(" ".join(str(totals[k]) for k in ("activated", "ok", "failed", "errors", "per_s", "p50", "p95", "p99")))
EOF
}

[[ -n "${NO_BUILD:-}" ]] || build_keyward
[[ -x "$keyward" && -x "$agent" ]] || die "no keyward or keyward-agent in $build_dir"
case "$engine" in
  sqlite) db="sqlite:$work/keyward.db" ;;
  postgres) start_postgres ;;
  *) die "unknown ENGINE $engine (sqlite or postgres)" ;;
esac
log "results in $work until the end of the run"
"$keyward" migrate --db "$db" >/dev/null
seed
create_users
port=$(free_port)
"$keyward" serve --db "$db" --listen "127.0.0.1:$port" --access-log false \
  --data-dir "$work/data" >"$work/keyward.log" 2>&1 &
pids+=($!)
wait_for_port "$port" || die "keyward did not start: $(cat "$work/keyward.log")"

start_agents
wait_for_activations
log "$devices devices activated in ${activation_seconds} s; $users users browse for $duration s"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
users_ok=true
run_waiting timeout $((duration + 300)) /usr/bin/python3 "$here/portal_users.py" --port "$port" \
  --users-file "$work/users.txt" --seconds "$duration" --think-ms "$think_ms" \
  >"$work/users.json" || users_ok=false
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
for pid in "${agent_pids[@]}"; do
  wait "$pid" || die "an agent failed: $(cat "$work"/agent-*.err)"
done
[[ -s "$work/users.json" ]] || die "the portal users printed no summary"
read -r activated checkins_ok checkins_failed agent_errors checkins_per_s c50 c95 c99 <<<"$(agent_totals)"

echo "## Everything at once, $(date -u '+%Y-%m-%d %H:%M UTC') ($(nproc) cores, $engine)"
echo
echo "\`DEVICES=$devices USERS=$users DURATION=$duration INTERVAL=$interval THINK_MS=$think_ms ENGINE=$engine bench/load/run.sh\`;"
echo "load average (1/5/15 min) $load_before before the browsing, $load_after after it."
echo
echo "| kind | count | p50 ms | p95 ms | p99 ms | errors |"
echo "|---|---|---|---|---|---|"
echo "| device check-in (worst agent's percentiles) | $checkins_ok | $c50 | $c95 | $c99 | $((checkins_failed + agent_errors)) |"
/usr/bin/python3 - "$work/users.json" <<'EOF'
import json, sys
with open(sys.argv[1]) as summary_file:
    summary = json.load(summary_file)
for kind, k in summary["kinds"].items():
    print("| %s | %d | %s | %s | %s | %d |" % (kind, k["count"], k["p50"], k["p95"], k["p99"], k["errors"]))
for error in summary["first_errors"]:
    print("bench: " + error, file=sys.stderr)
EOF
echo
echo "$activated devices activated in ${activation_seconds} s, then $checkins_per_s check-ins/s ($((devices / interval))/s asked for)."

((activated == devices)) || die "only $activated of $devices devices activated"
((checkins_failed == 0 && agent_errors == 0)) || die "the devices saw $checkins_failed failed check-ins and $agent_errors errors: $(cat "$work"/agent-*.json)"
$users_ok || die "the portal users saw errors (see above)"
log "no errors"
