#!/usr/bin/env bash
# Export benchmark (issue "Exports": 100,000 rows in ≤ 3 s with ≤ 64 MB extra memory). Seeds
# a database with the portal benchmark's data (bench/portal/seed.sql.in) so that license 1
# has ROWS devices, then, as an admin of its reseller showing all twelve device columns,
# exports license 1's devices as XLSX and as CSV through the API and measures:
#   - seconds from POST /api/v1/exports until GET /api/v1/exports/{id} says done (polled
#     every 20 ms), the writing time the server logs, and the CPU seconds the server used
#     meanwhile (user + system from /proc/<pid>/stat), which other load on the machine does
#     not inflate;
#   - the server's extra memory: its peak RSS (VmHWM) after the export minus its RSS before
#     (after start-up and one warm-up export of a few rows);
#   - the rows in the downloaded file (CSV: lines minus the header).
#
# Environment: ROWS (100000), ENGINES ("sqlite postgres"), BUILD_DIR (build/release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build/release}
rows=${ROWS:-100000}
engines=${ENGINES-sqlite postgres}
source "$root/bench/lib/common.sh"

[[ "$rows" =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive whole number"

# Two resellers, 20 customers, 100 licenses; license 1 (reseller 1) gets ROWS devices and
# one more device lives elsewhere.
seed_sql() {
  sed -e "s/@RESELLERS@/2/g; s/@CUSTOMERS@/20/g; s/@LICENSES@/100/g" \
    -e "s/@DEVICES@/$((rows + 1))/g; s/@BIG@/$rows/g; s/@NOW@/$(date +%s)/g" \
    "$root/bench/portal/seed.sql.in"
}

seed() {
  local engine=$1
  "$build_dir/keyward" migrate --db "$db" >/dev/null
  if [[ "$engine" == sqlite ]]; then
    { echo "PRAGMA synchronous = OFF;"; seed_sql; echo "ANALYZE;"; } | sqlite3 "${db#sqlite:}"
  else
    { echo "SET synchronous_commit = off;"; seed_sql; echo "VACUUM ANALYZE;"; } | psql_run >/dev/null
  fi
}

# An admin of reseller 1 (company 1001) with an API token; prints the token.
api_token() {
  echo "bench-password-2026" | "$build_dir/keyward" user create --db "$db" --company 1001 \
    --email admin@reseller1.example --role admin --json >/dev/null
  "$build_dir/keyward" token create --db "$db" --email admin@reseller1.example --name bench \
    --json | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

api() {  # METHOD PATH [BODY]
  curl -sf -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "http://127.0.0.1:$port$2"
}

json_field() { /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin).get('$1', ''))"; }

status_kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB$/\1/p" "/proc/$server_pid/status"; }

# CPU time of the server so far, in clock ticks (user + system).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# Exports license 1's devices (or, with a q, a few of them); sets `seconds` and `id`.
run_export() {
  local format=$1 q=${2:-} started
  started=$(date +%s.%N)
  id=$(api POST /api/v1/exports "{\"table\":\"devices\",\"format\":\"$format\",\"license_id\":1,\"q\":\"$q\"}" | json_field id)
  local state=""
  while [[ "$state" != done ]]; do
    state=$(api GET "/api/v1/exports/$id" | json_field status)
    [[ "$state" != failed ]] || die "export $id failed: $(api GET "/api/v1/exports/$id")"
    sleep 0.02
  done
  seconds=$(echo "$(date +%s.%N) - $started" | bc)
}

install_commands sqlite3:sqlite3 curl:curl bc:bc
build_keyward
log "results in $work until the end of the run"

echo "## Results $(date -u +%Y-%m-%d) ($(nproc) cores, $rows rows × 12 columns, license 1's devices)"
echo
echo "| engine | format | seconds (API) | writing ms (server log) | server CPU s | extra memory MB | file MB | rows | goal |"
echo "|---|---|---|---|---|---|---|---|---|"
for engine in $engines; do
  case "$engine" in
    sqlite) db="sqlite:$work/keyward.db" ;;
    postgres) start_postgres ;;
    *) die "unknown engine $engine (sqlite or postgres)" ;;
  esac
  seed "$engine"
  token=$(api_token)
  for format in xlsx csv; do
    # A fresh server per format, so each peak is its own.
    port=$(free_port)
    "$build_dir/keyward" serve --db "$db" --listen "127.0.0.1:$port" --access-log false \
      --data-dir "$work/data-$engine" >"$work/keyward-$engine-$format.log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    wait_for_port "$port" || die "keyward did not start: $(cat "$work/keyward-$engine-$format.log")"
    wait_for_startup_refresh "$work/keyward-$engine-$format.log"
    api PUT /api/v1/me/preferences '{"devices":{"columns":["hostname","description","group","license","customer","ip","domain","os","infections","status","client_version","last_contact_at"]}}' >/dev/null
    run_export "$format" "pc-12345"  # warm-up: a few rows, so start-up costs are not counted
    sleep 1
    before_kb=$(status_kb VmRSS)
    before_ticks=$(cpu_ticks)
    run_export "$format"
    cpu_s=$(echo "scale=2; ($(cpu_ticks) - $before_ticks) / $(getconf CLK_TCK)" | bc)
    peak_kb=$(status_kb VmHWM)
    api GET "/api/v1/exports/$id/file" >"$work/export.$format"
    written=$(api GET "/api/v1/exports/$id" | json_field rows)
    writing_ms=$(sed -n "s/.*export $id: .* in \([0-9]*\) ms.*/\1/p" "$work/keyward-$engine-$format.log")
    file_mb=$(echo "scale=1; $(stat -c %s "$work/export.$format") / 1048576" | bc)
    extra_mb=$(echo "scale=1; ($peak_kb - $before_kb) / 1024" | bc)
    if [[ $format == csv ]]; then
      lines=$(($(wc -l <"$work/export.csv") - 1))
      ((lines >= rows)) || die "the CSV has $lines lines for $rows rows"
    fi
    printf '| %s | %s | %.2f | %s | %.2f | %.1f | %s | %s | ≤ 3 s, ≤ 64 MB |\n' "$engine" \
      "$format" "$seconds" "$writing_ms" "$cpu_s" "$extra_mb" "$file_mb" "$written"
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  done
done
