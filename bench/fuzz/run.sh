#!/usr/bin/env bash
# Longer fuzzing runs than `make test` does (20 s per target there). Every target runs for
# DURATION seconds over its seeds (fuzz/corpus/<target>) and a working corpus kept between runs
# in var/fuzz/<target>; a crash leaves its input in var/fuzz/ and fails the run.
#   DURATION=600 bench/fuzz/run.sh [TARGET...]     (targets: see fuzz/CMakeLists.txt)
# To keep what a run found as seeds: <target>_fuzzer -merge=1 fuzz/corpus/<target> var/fuzz/<target>
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build_dir="$root/build/fuzz"
duration=${DURATION:-300}
targets=("$@")
((${#targets[@]})) || targets=(device_report request_json list_query installer_inputs)

(cd "$root" && { [[ -f "$build_dir/CMakeCache.txt" ]] || cmake --preset fuzz >/dev/null; } &&
  cmake --build --preset fuzz -- --no-print-directory >/dev/null)

status=0
for target in "${targets[@]}"; do
  corpus="$root/var/fuzz/$target"
  mkdir -p "$corpus"
  echo "fuzz: $target for ${duration}s" >&2
  if ! (cd "$root/var/fuzz" && "$build_dir/fuzz/${target}_fuzzer" -max_total_time="$duration" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" "$root/fuzz/corpus/$target" \
    2>"$root/var/fuzz/$target.log"); then
    echo "fuzz: $target FAILED, see var/fuzz/$target.log and the crash-* file in var/fuzz" >&2
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
    "$root/var/fuzz/$target.log" | sed "s/^/$target /"
done
exit $status
