#!/usr/bin/env bash
# Daily digest benchmark (issue 6 point 4): how long one digest pass takes over a large
# fleet, from the maintenance log line "queued N daily digest mails in T ms". RESELLERS
# resellers with CUSTOMERS customers each, one 10-seat license per customer (every 4th at
# 9/10 seats, every 7th expiring in 10 days) and DEVICES devices per license (every 10th
# silent for 30 days), on SQLite. Everything started here is stopped on exit.
#
# Environment: RESELLERS (200), CUSTOMERS (50), DEVICES (20), BUILD_DIR (build/release).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build_dir=${BUILD_DIR:-$root/build/release}
resellers=${RESELLERS:-200}
customers=${CUSTOMERS:-50}
devices=${DEVICES:-20}
source "$root/bench/lib/common.sh"

for value in "$resellers" "$customers" "$devices"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || die "RESELLERS, CUSTOMERS and DEVICES must be positive whole numbers"
done
install_commands sqlite3:sqlite3
build_keyward
keyward="$build_dir/keyward"
db="$work/bench.db"
now=$(date +%s)

"$keyward" migrate --db "sqlite:$db" >/dev/null
sqlite3 "$db" <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < $resellers)
INSERT INTO companies (parent_id, kind, name, created_at)
  SELECT 1, 'reseller', 'Reseller ' || i, 1 FROM r;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $resellers * $customers - 1)
INSERT INTO companies (parent_id, kind, name, created_at)
  SELECT (SELECT id FROM companies WHERE name = 'Reseller ' || (c.i / $customers + 1)),
         'customer', 'Customer ' || i, 1 FROM c;
INSERT INTO users (company_id, email, password_hash, role, language, created_at)
  SELECT id, 'admin' || id || '@example.com', 'x', 'admin',
         CASE WHEN id % 2 = 0 THEN 'de' ELSE 'en' END, 1
  FROM companies WHERE kind = 'reseller';
INSERT INTO licenses (license_key, name, customer_id, reseller_id, type, seats_total, seats_used,
                      term_years, expires_at, created_at, updated_at)
  SELECT 'key-' || id, 'License ' || id, id, parent_id, 'purchase', 10,
         CASE WHEN id % 4 = 0 THEN 9 ELSE 5 END, 1,
         CASE WHEN id % 7 = 0 THEN $now + 10 * 86400 ELSE $now + 300 * 86400 END, 1, 1
  FROM companies WHERE kind = 'customer';
INSERT INTO device_groups (license_id, name, created_at) SELECT id, 'Main', 1 FROM licenses;
UPDATE licenses SET main_group_id = (SELECT id FROM device_groups g WHERE g.license_id = licenses.id);
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < $devices - 1)
INSERT INTO devices (license_id, customer_id, reseller_id, group_id, machine_id, token_hash,
                     first_contact_at, last_contact_at, last_contact_day)
  SELECT l.id, l.customer_id, l.reseller_id, l.main_group_id, 'm' || d.n, 'h' || l.id || '-' || d.n, 1,
         CASE WHEN d.n % 10 = 0 THEN $now - 30 * 86400 ELSE $now - 3600 END,
         (CASE WHEN d.n % 10 = 0 THEN $now - 30 * 86400 ELSE $now - 3600 END) / 86400
  FROM licenses l, d;
COMMIT;
ANALYZE;
SQL
log "$(sqlite3 "$db" 'SELECT COUNT(*) FROM devices') devices of $((resellers * customers)) customers of $resellers resellers"

"$keyward" serve --db "sqlite:$db" --listen 127.0.0.1:0 --digest-hour 0 --access-log false \
  --sample-installers '' >"$work/log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "daily digest" "$work/log" && break; sleep 1; done
grep "daily digest" "$work/log" || die "no digest pass within 300 s: $(cat "$work/log")"
log "outbox: $(sqlite3 "$db" 'SELECT COUNT(*) FROM outbox') mails, $(sqlite3 "$db" 'SELECT COUNT(*) FROM reseller_digests') resellers recorded"
