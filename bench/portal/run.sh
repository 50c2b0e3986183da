#!/usr/bin/env bash
# Portal list benchmark (see README.md): a database with LICENSES licenses and DEVICES devices
# (one license with BIG devices), then the three lists the issue names, each loaded by one
# wrk connection for DURATION seconds, rotating over realistic searches, filters and sorts:
#   licenses   GET /api/v1/licenses?q=…&sort=…            (search + sort)
#   big        GET /api/v1/licenses/1/devices?status=…&q=… (status filter + search)
#   devices    GET /api/v1/devices?q=…                     (reseller-wide device search)
# as an admin of the largest reseller (a quarter of all customers, licenses and devices).
#
# Environment: LICENSES (100000), DEVICES (1000000), BIG (10000), RESELLERS (20),
# CUSTOMERS (5000), DURATION (10), ENGINES ("sqlite postgres"), BUILD_DIR (build/release),
# KEEP_DIR (unset: throwaway databases; set: the databases live there and are seeded only once
# per set of counts, then only migrated, so a change can be measured again within minutes).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build/release}
licenses=${LICENSES:-100000}
devices=${DEVICES:-1000000}
big=${BIG:-10000}
resellers=${RESELLERS:-20}
customers=${CUSTOMERS:-5000}
duration=${DURATION:-10}
engines=${ENGINES-sqlite postgres}
source "$root/bench/lib/common.sh"

for value in "$licenses" "$devices" "$big" "$resellers" "$customers" "$duration"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "counts and DURATION must be positive whole numbers"
done
((resellers >= 2 && licenses >= 2 && big < devices)) || die "need 2+ resellers, 2+ licenses, BIG < DEVICES"

seed_sql() {
  sed -e "s/@RESELLERS@/$resellers/g; s/@CUSTOMERS@/$customers/g; s/@LICENSES@/$licenses/g" \
    -e "s/@DEVICES@/$devices/g; s/@BIG@/$big/g; s/@NOW@/$(date +%s)/g" "$here/seed.sql.in"
}

# Fills the database; the bulk load runs without fsync (it is set-up, not what is measured).
# A kept database that was seeded with the same counts is only migrated (new indexes).
seed() {
  local engine=$1 started=$SECONDS
  local marker="${KEEP_DIR:-$work}/$engine-seeded"
  local counts="$resellers $customers $licenses $devices $big"
  "$build_dir/keyward" migrate --db "$db" >/dev/null
  if [[ -f "$marker" && "$(cat "$marker")" == "$counts" ]]; then
    log "$engine: kept database of $counts migrated in $((SECONDS - started)) s"
    return 0
  fi
  [[ ! -f "$marker" ]] || die "$KEEP_DIR holds a database seeded with other counts; remove it"
  if [[ "$engine" == sqlite ]]; then
    { echo "PRAGMA synchronous = OFF;"; seed_sql; echo "ANALYZE;"; } | sqlite3 "${db#sqlite:}"
  else
    { echo "SET synchronous_commit = off;"; seed_sql
      echo "SELECT setval(pg_get_serial_sequence('companies', 'id'), (SELECT max(id) FROM companies));"
      echo "SELECT setval(pg_get_serial_sequence('licenses', 'id'), (SELECT max(id) FROM licenses));"
      echo "SELECT setval(pg_get_serial_sequence('device_groups', 'id'), (SELECT max(id) FROM device_groups));"
      echo "VACUUM ANALYZE;"; } | psql_run >/dev/null
  fi
  echo "$counts" >"$marker"
  log "$engine: seeded $licenses licenses and $devices devices in $((SECONDS - started)) s"
}

# An admin of reseller 1 (company 1001; a kept database has it already) with a new API token;
# prints the token.
api_token() {
  echo "bench-password-2026" | "$build_dir/keyward" user create --db "$db" --company 1001 \
    --email admin@reseller1.example --role admin --json >/dev/null 2>&1 || true
  "$build_dir/keyward" token create --db "$db" --email admin@reseller1.example --name bench \
    --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

write_paths() {
  local terms=("b%C3%BCro%2012" "server" "praxis" "nummer%20777" "filiale%203")
  local sorts=("name" "-expires_at" "customer")
  local i
  for ((i = 0; i < 15; i++)); do
    echo "/api/v1/licenses?q=${terms[i % 5]}&sort=${sorts[i % 3]}&per_page=25"
  done >"$work/licenses.txt"
  local statuses=("obsolete" "threatened" "eol" "insecure")
  local device_terms=("pc-1" "10.0.3" "empfang" "standort")
  for ((i = 0; i < 16; i++)); do
    echo "/api/v1/licenses/1/devices?status=${statuses[i % 4]}&q=${device_terms[(i / 4) % 4]}&per_page=25"
  done >"$work/big.txt"
  local fleet_terms=("pc-12345" "10.2.1" "empfang%204" "standort12" "pc-77" "10.1.200.7")
  for ((i = 0; i < 6; i++)); do
    echo "/api/v1/devices?q=${fleet_terms[i]}&per_page=25"
  done >"$work/devices.txt"
}

# One wrk connection on the list; sets `latency` to "requests p50 p95 p99 errors".
measure() {
  local port=$1 list=$2 token=$3 out="$work/wrk-$2.txt"
  run_waiting timeout $((duration + 60)) wrk -t1 -c1 -d"${duration}s" --timeout 10s \
    -s "$here/latency.lua" "http://127.0.0.1:$port" -- "$work/$list.txt" "$token" >"$out"
  grep -q '^RESULT' "$out" || die "wrk failed: $(cat "$out")"
  latency=$(sed -n 's/^RESULT requests=\([0-9]*\) p50_ms=\([0-9.]*\) p95_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) errors=\([0-9]*\)$/\1 \2 \3 \4 \5/p' "$out")
}

install_commands wrk:wrk sqlite3:sqlite3
[[ -z "${KEEP_DIR:-}" ]] || mkdir -p "$KEEP_DIR"
build_keyward
write_paths
log "results in $work until the end of the run"

echo "## Results $(date -u +%Y-%m-%d) ($(nproc) cores, $licenses licenses, $devices devices, license 1 with $big devices, wrk -t1 -c1 -d${duration}s)"
echo
echo "| engine | list | requests | p50 ms | p95 ms | p99 ms | non-200 | goal |"
echo "|---|---|---|---|---|---|---|---|"
for engine in $engines; do
  case "$engine" in
    sqlite) db="sqlite:${KEEP_DIR:-$work}/keyward.db" ;;
    postgres) start_postgres "${KEEP_DIR:+$KEEP_DIR/pg}" ;;
    *) die "unknown engine $engine (sqlite or postgres)" ;;
  esac
  seed "$engine"
  token=$(api_token)
  port=$(free_port)
  "$build_dir/keyward" serve --db "$db" --listen "127.0.0.1:$port" --access-log false \
    >"$work/keyward-$engine.log" 2>&1 &
  pids+=($!)
  wait_for_port "$port" || die "keyward did not start: $(cat "$work/keyward-$engine.log")"
  wait_for_startup_refresh "$work/keyward-$engine.log"
  for list in licenses big devices; do
    measure "$port" "$list" "$token"
    read -r requests p50 p95 p99 errors <<<"$latency"
    goal=$([[ $list == devices ]] && echo "p95 ≤ 100 ms" || echo "p95 ≤ 20 ms")
    echo "| $engine | $list | $requests | $p50 | $p95 | $p99 | $errors | $goal |"
  done
  kill "${pids[-1]}"
  wait "${pids[-1]}" 2>/dev/null || true
done
