# Shared by the benchmark scripts (source it): logging, installing wrk, building keyward,
# cleanup of everything started, free ports, and a throwaway PostgreSQL cluster.
# The sourcing script sets `root` and `build_dir` first.

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

# Installs Debian packages named as "command:package" pairs when the command is missing.
install_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || [[ -x "/usr/sbin/${pair%%:*}" ]] || missing+=("${pair##*:}")
  done
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

build_keyward() {
  if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    (cd "$root" && cmake --preset release >/dev/null)
  fi
  cmake --build "$build_dir" --target keyward keyward-agent -j2 -- --no-print-directory >/dev/null
}

work=$(mktemp -d /tmp/keyward-bench-XXXXXX)
pids=()
waiting_pid=""
pg_data=""
pg_bin=""
pg_stop_mode=immediate
cleanup() {
  local pid
  [[ -z "$waiting_pid" ]] || kill "$waiting_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$pg_data" ]]; then
    # A kept cluster shuts down cleanly; a throwaway one needs no checkpoint.
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m "$pg_stop_mode" -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command in the background and waits for it: bash runs the INT/TERM trap only between
# foreground commands, but at once during `wait`, so Ctrl-C stops a long step without delay.
# Returns the command's exit code (also where `set -e` is off, as in `run_waiting … || …`).
run_waiting() {
  "$@" &
  waiting_pid=$!
  local status=0
  wait "$waiting_pid" || status=$?
  waiting_pid=""
  return "$status"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 30 s until something accepts connections on 127.0.0.1:$1.
wait_for_port() {
  local i
  for ((i = 0; i < 300; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# A throwaway cluster with durable settings on a free port; sets `db` (URL of database
# keyward) and `pg_port`. `cleanup` stops it.
# With an argument, the cluster lives in that folder and is reused when it exists there.
start_postgres() {
  local base=${1:-$work/pg}
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [[ -x "$pg_bin/initdb" ]] || die "no PostgreSQL server binaries (apt-get install postgresql)"
  pg_port=$(free_port)
  mkdir -p "$base/socket"
  chown -R postgres:postgres "$base"
  chmod 755 "$work" "$(dirname "$base")"
  local fresh=false
  [[ -z "${1:-}" ]] || pg_stop_mode=fast
  if [[ ! -f "$base/data/PG_VERSION" ]]; then
    runuser -u postgres -- "$pg_bin/initdb" -D "$base/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 >/dev/null
    fresh=true
  fi
  pg_data="$base/data"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $base/socket -c max_connections=200 ${PG_OPTIONS:-}" \
    start >/dev/null
  if $fresh; then
    "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE keyward" >/dev/null
  fi
  db="postgresql://postgres@127.0.0.1:$pg_port/keyward"
}

psql_run() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d keyward "$@"; }

# A starting server re-evaluates every device's status once (jobs/maintenance.hpp), in write
# transactions for up to a minute on a million devices; a daily task, not the steady state the
# lists and exports are measured in, so measuring starts after it.
wait_for_startup_refresh() {
  local log_file=$1 i
  for ((i = 0; i < 3600; i++)); do
    grep -q "maintenance: re-evaluated the status" "$log_file" && return 0
    sleep 0.5
  done
  die "the start-up status refresh did not end within 30 minutes: $(tail -3 "$log_file")"
}
