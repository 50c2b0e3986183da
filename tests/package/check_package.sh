#!/usr/bin/env bash
# The Debian package that `make package` builds: its control data, its files, and the packaged
# server started from the packaged configuration, publishing the packaged sample MSIs.
# Usage: check_package.sh BUILD_DIR
set -euo pipefail

build_dir=$1
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

(cd "$build_dir" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/keyward_*.deb)

info=$(dpkg-deb --info "$deb")
grep -q '^ Package: keyward$' <<<"$info" || fail "package name: $info"
for dependency in adduser libsqlite3 libpq5 libsodium; do
  grep -q "^ Depends:.*$dependency" <<<"$info" || fail "no dependency on $dependency: $info"
done
grep -q '^ Recommends: postgresql-client' <<<"$info" || fail "pg_dump is not recommended"

contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/keyward ./usr/bin/keyward-agent ./lib/systemd/system/keyward.service \
  ./etc/keyward/keyward.env ./usr/share/keyward/installers/keyward-client-x64.msi \
  ./usr/share/keyward/installers/keyward-client-x86.msi ./usr/share/keyward/os_eol.json \
  ./usr/share/doc/keyward/operations.md ./usr/share/keyward/web/index.html; do
  grep -q " $path\$" <<<"$contents" || fail "$path is not in the package"
done

dpkg-deb --control "$deb" "$work/control"
grep -qx /etc/keyward/keyward.env "$work/control/conffiles" || fail "the configuration is no conffile"
[[ -x "$work/control/postinst" && -x "$work/control/prerm" ]] || fail "maintainer scripts missing"

dpkg-deb -x "$deb" "$work/root"
unit="$work/root/lib/systemd/system/keyward.service"
grep -qx 'ExecStart=/usr/bin/keyward serve' "$unit" || fail "unit does not start the server"
grep -qx 'EnvironmentFile=/etc/keyward/keyward.env' "$unit" || fail "unit ignores the configuration"

# The packaged binary with the packaged configuration; only the paths are moved into $work.
(
  set -a
  # shellcheck source=/dev/null
  . "$work/root/etc/keyward/keyward.env"
  set +a
  mkdir -p "$work/state"
  export KEYWARD_DB="sqlite:$work/state/keyward.db" KEYWARD_DATA_DIR="$work/state" \
    KEYWARD_LISTEN=127.0.0.1:0 KEYWARD_SAMPLE_INSTALLERS="$work/root/usr/share/keyward/installers" \
    KEYWARD_WEB_ROOT="$work/root/usr/share/keyward/web"
  exec "$work/root/usr/bin/keyward" serve
) >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  grep -q 'listening on' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "server exited"; }
  sleep 0.1
done
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/server.log" | grep -o '[0-9]*$') ||
  { cat "$work/server.log" >&2; fail "server did not listen"; }
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || fail "/readyz of the packaged server"
curl -fsS "http://127.0.0.1:$port/licenses" | grep -q '<div id="root">' ||
  fail "the packaged server does not serve the packaged portal"
[[ $(grep -c 'published the sample installer' "$work/server.log") -eq 2 ]] ||
  { cat "$work/server.log" >&2; fail "the packaged sample MSIs were not published"; }
echo "package ok: $(basename "$deb")"
