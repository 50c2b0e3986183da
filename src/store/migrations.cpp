#include "store/migrations.hpp"

#include <chrono>
#include <string_view>

namespace keyward::store {
namespace {

// One migration: SQL shared by both engines plus the engine-specific part (triggers).
// In the shared SQL, {{id}} stands for the engine's auto-generated BIGINT primary key and
// {{now}} for the time the migration runs.
struct Migration {
  std::int64_t version;
  std::string_view name;
  std::string_view common;
  std::string_view sqlite;
  std::string_view postgres;
};

// The default orders of the portal lists within a tenant (licenses by name, devices by host
// name), so that a reseller's first page is read from an index instead of sorting all of its
// licenses or devices.
constexpr std::string_view kListOrderIndexes = R"sql(
CREATE INDEX licenses_reseller_name ON licenses (reseller_id, lower(name));
CREATE INDEX licenses_customer_name ON licenses (customer_id, lower(name));
CREATE INDEX devices_reseller_hostname ON devices (reseller_id, hostname_key);
CREATE INDEX devices_customer_hostname ON devices (customer_id, hostname_key);
)sql";

constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE companies (
  id {{id}},
  parent_id BIGINT REFERENCES companies(id),
  kind TEXT NOT NULL CHECK (kind IN ('operator', 'reseller', 'customer')),
  name TEXT NOT NULL CHECK (name <> ''),
  created_at BIGINT NOT NULL,
  CHECK ((kind = 'operator') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX companies_parent_name ON companies (parent_id, lower(name));
CREATE UNIQUE INDEX companies_one_operator ON companies (kind) WHERE kind = 'operator';
INSERT INTO companies (parent_id, kind, name, created_at) VALUES (NULL, 'operator', 'Operator', {{now}});

CREATE TABLE users (
  id {{id}},
  company_id BIGINT NOT NULL REFERENCES companies(id),
  email TEXT NOT NULL CHECK (email <> ''),
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'technician', 'viewer')),
  language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de')),
  preferences TEXT NOT NULL DEFAULT '{}',
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_login_at BIGINT
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_company ON users (company_id);

CREATE TABLE sessions (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  idle_expires_at BIGINT NOT NULL,
  absolute_expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (absolute_expires_at);

CREATE TABLE api_tokens (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE profiles (
  id {{id}},
  owner_company_id BIGINT NOT NULL REFERENCES companies(id),
  name TEXT NOT NULL CHECK (name <> ''),
  current_revision BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX profiles_owner ON profiles (owner_company_id);

CREATE TABLE profile_revisions (
  id {{id}},
  profile_id BIGINT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  revision BIGINT NOT NULL,
  settings TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (profile_id, revision)
);

-- main_group_id has no foreign key: licenses and device_groups reference each other, and
-- the license is inserted before its main group in the same transaction.
CREATE TABLE licenses (
  id {{id}},
  license_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  customer_id BIGINT NOT NULL REFERENCES companies(id),
  reseller_id BIGINT NOT NULL REFERENCES companies(id),
  type TEXT NOT NULL CHECK (type IN ('purchase', 'msp')),
  seats_total BIGINT CHECK (seats_total IS NULL OR seats_total >= 0),
  seats_used BIGINT NOT NULL DEFAULT 0 CHECK (seats_used >= 0),
  term_years BIGINT,
  expires_at BIGINT NOT NULL,
  notify_at BIGINT,
  main_group_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (seats_total IS NULL OR seats_used <= seats_total),
  CHECK ((type = 'msp') = (seats_total IS NULL))
);
CREATE INDEX licenses_customer ON licenses (customer_id);
CREATE INDEX licenses_reseller ON licenses (reseller_id, expires_at);
CREATE INDEX licenses_expiry ON licenses (expires_at);

CREATE TABLE device_groups (
  id {{id}},
  license_id BIGINT NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES device_groups(id),
  name TEXT NOT NULL CHECK (name <> ''),
  profile_id BIGINT REFERENCES profiles(id),
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX device_groups_one_main ON device_groups (license_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX device_groups_sibling_name ON device_groups (parent_id, lower(name));
CREATE INDEX device_groups_license ON device_groups (license_id);
CREATE INDEX device_groups_profile ON device_groups (profile_id);

-- customer_id and reseller_id are the license's, copied for tenant filters and sharding.
CREATE TABLE devices (
  id {{id}},
  license_id BIGINT NOT NULL REFERENCES licenses(id),
  customer_id BIGINT NOT NULL REFERENCES companies(id),
  reseller_id BIGINT NOT NULL REFERENCES companies(id),
  group_id BIGINT NOT NULL REFERENCES device_groups(id),
  machine_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  hostname TEXT NOT NULL DEFAULT '',
  hostname_key TEXT NOT NULL DEFAULT '',  -- ascii_lower(hostname), for duplicate detection
  description TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  domain TEXT NOT NULL DEFAULT '',
  os_name TEXT NOT NULL DEFAULT '',
  os_version TEXT NOT NULL DEFAULT '',
  os_build TEXT NOT NULL DEFAULT '',
  client_version TEXT NOT NULL DEFAULT '',
  infections BIGINT NOT NULL DEFAULT 0,
  realtime_on INTEGER NOT NULL DEFAULT 1,
  updates_on INTEGER NOT NULL DEFAULT 1,
  settings_revision BIGINT NOT NULL DEFAULT 0,
  settings_applied_at BIGINT,
  muted TEXT NOT NULL DEFAULT 'none' CHECK (muted IN ('none', 'some', 'all')),
  muted_categories TEXT NOT NULL DEFAULT '[]',
  active INTEGER NOT NULL DEFAULT 1,
  deactivated_at BIGINT,
  first_contact_at BIGINT NOT NULL,
  last_contact_at BIGINT NOT NULL,
  -- last_contact_at / 86400: the indexed form, which changes once a day instead of at every
  -- check-in, so check-ins do not rewrite index pages ("no contact for N days" filters).
  last_contact_day BIGINT NOT NULL DEFAULT 0,
  status_flags BIGINT NOT NULL DEFAULT 0,
  UNIQUE (license_id, machine_id)
);
CREATE INDEX devices_license_status ON devices (license_id, status_flags);
CREATE INDEX devices_license_hostname ON devices (license_id, hostname_key);
CREATE INDEX devices_group ON devices (group_id);
CREATE INDEX devices_license_contact ON devices (license_id, last_contact_day);
CREATE INDEX devices_customer_contact ON devices (customer_id, last_contact_day);
CREATE INDEX devices_reseller_contact ON devices (reseller_id, last_contact_day);
CREATE INDEX devices_customer ON devices (customer_id, status_flags);
CREATE INDEX devices_reseller ON devices (reseller_id, status_flags);

-- New activations per license and hour: the activation churn limit sums the last 24 rows
-- instead of counting log entries, so its cost does not grow with the fleet.
CREATE TABLE activation_counts (
  license_id BIGINT NOT NULL REFERENCES licenses(id),
  hour BIGINT NOT NULL,  -- unix seconds / 3600
  activations BIGINT NOT NULL,
  PRIMARY KEY (license_id, hour)
);

-- Tokens of deleted devices, so that a deleted client learns it was deleted (410) instead of
-- being told its token is wrong.
CREATE TABLE deleted_device_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id BIGINT NOT NULL,
  deleted_at BIGINT NOT NULL
);

-- The action log outlives devices and licenses, so its references are plain columns.
CREATE TABLE action_log (
  id {{id}},
  company_id BIGINT NOT NULL,
  reseller_id BIGINT NOT NULL,
  license_id BIGINT,
  device_id BIGINT,
  action TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('created', 'outstanding', 'running', 'waiting', 'completed', 'aborted')),
  client_message TEXT NOT NULL DEFAULT '',
  user_id BIGINT,
  actor TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX action_log_license ON action_log (license_id, started_at);
CREATE INDEX action_log_device ON action_log (device_id, started_at);
CREATE INDEX action_log_company ON action_log (company_id, started_at);
CREATE INDEX action_log_reseller ON action_log (reseller_id, started_at);

CREATE TABLE device_commands (
  id {{id}},
  device_id BIGINT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL CHECK (status IN ('created', 'outstanding', 'running', 'waiting', 'completed', 'aborted')),
  action_id BIGINT REFERENCES action_log(id),
  created_at BIGINT NOT NULL,
  queued_at BIGINT,
  delivered_at BIGINT,
  completed_at BIGINT,
  message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX device_commands_device ON device_commands (device_id, status);

CREATE TABLE recipients (
  id {{id}},
  license_id BIGINT NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
  email TEXT NOT NULL CHECK (email <> ''),
  user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
  verified_at BIGINT,
  verify_token_hash TEXT UNIQUE,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX recipients_license_email ON recipients (license_id, lower(email));

-- Comments are immutable (triggers below); the author is a plain column so that deleting
-- a user never needs to touch them.
CREATE TABLE comments (
  id {{id}},
  license_id BIGINT NOT NULL REFERENCES licenses(id),
  author_user_id BIGINT,
  author_name TEXT NOT NULL,
  body TEXT NOT NULL CHECK (body <> ''),
  created_at BIGINT NOT NULL
);
CREATE INDEX comments_license ON comments (license_id, created_at, id);

CREATE TABLE outbox (
  id {{id}},
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  sent_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE jobs (
  id {{id}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  company_id BIGINT REFERENCES companies(id),
  attempts BIGINT NOT NULL DEFAULT 0,
  run_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_at BIGINT,
  result TEXT,
  error TEXT,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_owner ON jobs (owner_user_id, created_at);

CREATE TABLE app_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

constexpr std::string_view kInitialSqlite = R"sql(
CREATE TRIGGER comments_no_update BEFORE UPDATE ON comments
BEGIN SELECT RAISE(ABORT, 'comments can not be changed'); END;
CREATE TRIGGER comments_no_delete BEFORE DELETE ON comments
BEGIN SELECT RAISE(ABORT, 'comments can not be deleted'); END;
CREATE TRIGGER action_log_no_delete BEFORE DELETE ON action_log
BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
)sql";

constexpr std::string_view kInitialPostgres = R"sql(
CREATE FUNCTION keyward_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: % is not allowed on this table', TG_ARGV[0], TG_OP;
END
$$;
CREATE TRIGGER comments_immutable BEFORE UPDATE OR DELETE ON comments
  FOR EACH ROW EXECUTE FUNCTION keyward_reject_change('comments can not be changed or deleted');
CREATE TRIGGER comments_no_truncate BEFORE TRUNCATE ON comments
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_reject_change('comments can not be deleted');
CREATE TRIGGER action_log_no_delete BEFORE DELETE ON action_log
  FOR EACH ROW EXECUTE FUNCTION keyward_reject_change('the action log is append-only');
CREATE TRIGGER action_log_no_truncate BEFORE TRUNCATE ON action_log
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_reject_change('the action log is append-only');
)sql";

// Sign-in: failed attempts for the login rate limit (kept in the database so that every
// server counts the same attempts), single-use set-password links, TOTP recovery codes, the
// last TOTP step used (a code works once) and read-only dashboard links.
constexpr std::string_view kSignInSchema = R"sql(
CREATE TABLE login_failures (
  id {{id}},
  subject TEXT NOT NULL,  -- 'account:<lower-case e-mail>' or 'address:<client IP>'
  failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, failed_at);
CREATE INDEX login_failures_time ON login_failures (failed_at);

CREATE TABLE password_tokens (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX password_tokens_user ON password_tokens (user_id);

CREATE TABLE recovery_codes (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  UNIQUE (user_id, code_hash)
);

CREATE TABLE dashboard_links (
  id {{id}},
  user_id BIGINT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);

ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
)sql";

// Device search (portal lists: q over hostname, description, IP and domain) as an index
// query instead of a scan of every device of a reseller. `search_key` is derived by the
// database itself, so no writer can forget it: the four fields lower-cased (ASCII only, as
// core::ascii_lower does) and joined by line breaks, which search text can not contain, so
// a match never spans two fields. SQLite indexes it with an FTS5 trigram table kept in step
// by triggers (which fire only when a field really changed, so check-ins that repeat the
// same values cost nothing); PostgreSQL with a pg_trgm GIN index.
constexpr std::string_view kDeviceSearchSqlite = R"sql(
ALTER TABLE devices ADD COLUMN search_key TEXT GENERATED ALWAYS AS (
  lower(hostname) || char(10) || lower(description) || char(10) || lower(ip) || char(10) ||
  lower(domain)) VIRTUAL;
CREATE VIRTUAL TABLE device_search USING fts5(search_key, content='devices',
  content_rowid='id', tokenize='trigram', detail='none');
INSERT INTO device_search(device_search) VALUES ('rebuild');
CREATE TRIGGER device_search_insert AFTER INSERT ON devices BEGIN
  INSERT INTO device_search(rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER device_search_delete AFTER DELETE ON devices BEGIN
  INSERT INTO device_search(device_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER device_search_update AFTER UPDATE OF hostname, description, ip, domain ON devices
WHEN old.search_key IS NOT new.search_key BEGIN
  INSERT INTO device_search(device_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
  INSERT INTO device_search(rowid, search_key) VALUES (new.id, new.search_key);
END;
)sql";

constexpr std::string_view kDeviceSearchPostgres = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE devices ADD COLUMN search_key TEXT GENERATED ALWAYS AS (
  translate(hostname || E'\n' || description || E'\n' || ip || E'\n' || domain,
            'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) STORED;
CREATE INDEX devices_search ON devices USING gin (search_key gin_trgm_ops);
)sql";

// Published installer MSIs (the files live in the data directory; the rows say which version
// is current) and shareable download links, whose token is stored only as a hash.
constexpr std::string_view kInstallers = R"sql(
CREATE TABLE installers (
  id {{id}},
  arch TEXT NOT NULL CHECK (arch IN ('x64', 'x86')),
  version BIGINT NOT NULL CHECK (version > 0),
  stored_path TEXT NOT NULL,
  original_name TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  crc32 BIGINT NOT NULL,
  product_version TEXT NOT NULL,
  package_code TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at BIGINT NOT NULL,
  UNIQUE (arch, version)
);

CREATE TABLE installer_links (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  license_id BIGINT NOT NULL REFERENCES licenses(id) ON DELETE CASCADE,
  customer_id BIGINT NOT NULL REFERENCES companies(id),
  reseller_id BIGINT NOT NULL REFERENCES companies(id),
  group_id BIGINT NOT NULL REFERENCES device_groups(id) ON DELETE CASCADE,
  arch TEXT NOT NULL CHECK (arch IN ('x64', 'x86')),
  type TEXT NOT NULL CHECK (type IN ('zip', 'config', 'msi', 'msi-original')),
  expires_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  downloads BIGINT NOT NULL DEFAULT 0,
  last_download_at BIGINT
);
CREATE INDEX installer_links_license ON installer_links (license_id, created_at);
CREATE INDEX installer_links_group ON installer_links (group_id);
)sql";

// A mail being sent carries a lease: the server that claimed it (claimed_by) owns it until
// claimed_until. Servers on one database skip leased mails, and a crashed server's lease runs
// out so another server retries the mail (at least once; see app/mail_delivery.hpp).
constexpr std::string_view kOutboxLease = R"sql(
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
)sql";

// Notifications and webhooks (issue 6). licenses.notify_reached remembers whether the active
// count stood at or above notify_at when it last changed, so the threshold mail goes out once
// per crossing; expiry_notice_days is the last expiry notice sent (30 or 7 days before),
// cleared when the expiry moves. Webhook deliveries carry the same lease columns as the
// outbox and are claimed by the same statement (store/leased_queue).
constexpr std::string_view kNotifications = R"sql(
ALTER TABLE licenses ADD COLUMN notify_reached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE licenses ADD COLUMN expiry_notice_days BIGINT;
UPDATE licenses SET notify_reached = 1 WHERE notify_at IS NOT NULL AND seats_used >= notify_at;

CREATE TABLE webhooks (
  id {{id}},
  company_id BIGINT NOT NULL REFERENCES companies(id),
  reseller_id BIGINT,  -- the company's reseller (NULL for the operator), for tenant filters
  url TEXT NOT NULL CHECK (url <> ''),
  description TEXT NOT NULL DEFAULT '',
  events TEXT NOT NULL,  -- JSON array of event type names
  secret TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhooks_company ON webhooks (company_id);

CREATE TABLE webhook_deliveries (
  id {{id}},
  webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_type TEXT NOT NULL,
  event_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_until BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);
)sql";

// Search by tenant (portal lists). A reseller's search asked the fleet-wide trigram index, so
// a broad term read the postings of every reseller's devices and fetched each candidate to
// test its reseller: 1.2 s for "standort12" with a million devices. Now the index answers for
// one reseller only.
// SQLite: the FTS5 tables key each device and each group as reseller_id * 2^36 + id, so a
// reseller's entries are one rowid range, which FTS5 reads by seeking its posting lists;
// contentless, because that key is not the row's id (the triggers pass the old text to
// 'delete'). Bounds: ids below 2^36, reseller ids below 2^27 (int64). Group names get a
// table of their own (the group part of the device search scanned every group of the
// reseller). The triggers fire on the fields they index only and only when the text
// really changed, so check-ins, which set ip and domain, cost nothing while they repeat them.
// PostgreSQL: one GIN index over (reseller_id, search_key) (btree_gin), which intersects the
// reseller's posting list with the term's trigrams; a trigram index over group names.
// Both engines: the license search tests the license's name and customer on every license
// of the reseller; with the customer in the name index it reads the index only.
constexpr std::string_view kTenantSearch = R"sql(
DROP INDEX licenses_reseller_name;
CREATE INDEX licenses_reseller_name ON licenses (reseller_id, lower(name), customer_id);
)sql";

constexpr std::string_view kTenantSearchSqlite = R"sql(
DROP TRIGGER device_search_insert;
DROP TRIGGER device_search_delete;
DROP TRIGGER device_search_update;
DROP TABLE device_search;
CREATE VIRTUAL TABLE device_search USING fts5(search_key, content='', tokenize='trigram',
  detail='none');
INSERT INTO device_search(rowid, search_key)
  SELECT reseller_id * 68719476736 + id, search_key FROM devices;
CREATE TRIGGER device_search_insert AFTER INSERT ON devices BEGIN
  INSERT INTO device_search(rowid, search_key)
    VALUES (new.reseller_id * 68719476736 + new.id, new.search_key);
END;
CREATE TRIGGER device_search_delete AFTER DELETE ON devices BEGIN
  INSERT INTO device_search(device_search, rowid, search_key)
    VALUES ('delete', old.reseller_id * 68719476736 + old.id, old.search_key);
END;
CREATE TRIGGER device_search_update AFTER UPDATE OF hostname, description, ip, domain, reseller_id
ON devices WHEN old.search_key IS NOT new.search_key OR old.reseller_id IS NOT new.reseller_id
BEGIN
  INSERT INTO device_search(device_search, rowid, search_key)
    VALUES ('delete', old.reseller_id * 68719476736 + old.id, old.search_key);
  INSERT INTO device_search(rowid, search_key)
    VALUES (new.reseller_id * 68719476736 + new.id, new.search_key);
END;

CREATE VIRTUAL TABLE group_search USING fts5(name, content='', tokenize='trigram',
  detail='none');
INSERT INTO group_search(rowid, name)
  SELECT l.reseller_id * 68719476736 + g.id, g.name FROM device_groups g
  JOIN licenses l ON l.id = g.license_id;
CREATE TRIGGER group_search_insert AFTER INSERT ON device_groups BEGIN
  INSERT INTO group_search(rowid, name)
    SELECT l.reseller_id * 68719476736 + new.id, new.name FROM licenses l
    WHERE l.id = new.license_id;
END;
CREATE TRIGGER group_search_delete AFTER DELETE ON device_groups BEGIN
  INSERT INTO group_search(group_search, rowid, name)
    SELECT 'delete', l.reseller_id * 68719476736 + old.id, old.name FROM licenses l
    WHERE l.id = old.license_id;
END;
CREATE TRIGGER group_search_update AFTER UPDATE OF name ON device_groups
WHEN old.name IS NOT new.name BEGIN
  INSERT INTO group_search(group_search, rowid, name)
    SELECT 'delete', l.reseller_id * 68719476736 + old.id, old.name FROM licenses l
    WHERE l.id = old.license_id;
  INSERT INTO group_search(rowid, name)
    SELECT l.reseller_id * 68719476736 + new.id, new.name FROM licenses l
    WHERE l.id = new.license_id;
END;
)sql";

constexpr std::string_view kTenantSearchPostgres = R"sql(
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX devices_reseller_search ON devices USING gin (reseller_id, search_key gin_trgm_ops);
DROP INDEX devices_search;
CREATE INDEX device_groups_name_search ON device_groups USING gin (lower(name) gin_trgm_ops);
)sql";

// Stale devices and the resellers' daily digest. A company's automatic stale-device rule
// (app/stale_devices); and one row per reseller and UTC day once its digest was decided, written
// in the transaction that queues its mails, so a restart or a second server never sends a
// day's digest twice (app/reseller_digest).
constexpr std::string_view kStaleDevicesAndDigest = R"sql(
CREATE TABLE stale_device_rules (
  company_id BIGINT PRIMARY KEY REFERENCES companies(id),
  enabled INTEGER NOT NULL,
  days BIGINT NOT NULL CHECK (days BETWEEN 1 AND 3650),
  updated_at BIGINT NOT NULL
);
CREATE TABLE reseller_digests (
  reseller_id BIGINT NOT NULL REFERENCES companies(id),
  day BIGINT NOT NULL,
  customers BIGINT NOT NULL,
  mails BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (reseller_id, day)
);
CREATE INDEX reseller_digests_day ON reseller_digests (day);
)sql";

// The device search key on SQLite without a generated column: SQLite (3.40) computes every
// generated column, VIRTUAL ones too, at each UPDATE of the row, whichever columns it sets —
// four lower() calls and three concatenations at every check-in, which cost more than
// rewriting the row itself. The triggers now compute the key from new.* and old.* (the
// contentless index of migration 10 is given the old text to delete), and fire only on an
// UPDATE of an indexed field that really changed: a check-in that repeats its host name,
// IP and domain computes no key at all. PostgreSQL keeps its STORED column (computed once
// per write, as its GIN index needs).
constexpr std::string_view kDeviceSearchKeySqlite = R"sql(
DROP TRIGGER device_search_insert;
DROP TRIGGER device_search_delete;
DROP TRIGGER device_search_update;
ALTER TABLE devices DROP COLUMN search_key;
CREATE TRIGGER device_search_insert AFTER INSERT ON devices BEGIN
  INSERT INTO device_search(rowid, search_key)
    VALUES (new.reseller_id * 68719476736 + new.id,
      lower(new.hostname) || char(10) || lower(new.description) || char(10) ||
      lower(new.ip) || char(10) || lower(new.domain));
END;
CREATE TRIGGER device_search_delete AFTER DELETE ON devices BEGIN
  INSERT INTO device_search(device_search, rowid, search_key)
    VALUES ('delete', old.reseller_id * 68719476736 + old.id,
      lower(old.hostname) || char(10) || lower(old.description) || char(10) ||
      lower(old.ip) || char(10) || lower(old.domain));
END;
CREATE TRIGGER device_search_update AFTER UPDATE OF hostname, description, ip, domain, reseller_id
ON devices WHEN old.hostname IS NOT new.hostname OR old.description IS NOT new.description OR
  old.ip IS NOT new.ip OR old.domain IS NOT new.domain OR old.reseller_id IS NOT new.reseller_id
BEGIN
  INSERT INTO device_search(device_search, rowid, search_key)
    VALUES ('delete', old.reseller_id * 68719476736 + old.id,
      lower(old.hostname) || char(10) || lower(old.description) || char(10) ||
      lower(old.ip) || char(10) || lower(old.domain));
  INSERT INTO device_search(rowid, search_key)
    VALUES (new.reseller_id * 68719476736 + new.id,
      lower(new.hostname) || char(10) || lower(new.description) || char(10) ||
      lower(new.ip) || char(10) || lower(new.domain));
END;
)sql";

// License search on PostgreSQL (portal lists): the list tested the name of each of a
// reseller's licenses (25,000 for the largest in the benchmark), 40 ms at p95. Trigram indexes
// over (reseller, license name) and (reseller, customer name) answer it from the term's
// trigrams within the tenant (btree_gin, migration 10). SQLite keeps reading its
// (reseller_id, lower(name), customer_id) index of migration 10.
constexpr std::string_view kLicenseSearchPostgres = R"sql(
CREATE INDEX licenses_reseller_name_search ON licenses
  USING gin (reseller_id, lower(name) gin_trgm_ops);
CREATE INDEX companies_parent_name_search ON companies
  USING gin (parent_id, lower(name) gin_trgm_ops);
)sql";

// Names in byte order on PostgreSQL, as SQLite's BINARY collation has them. Under a libc
// collation such as C.UTF-8 every comparison of a sort went through strcoll() and lower()
// through wide characters: a license search sorted by name or customer spent two thirds of
// its 25 ms there, a license's 10,000 devices sorted by host name 7.5 of their 19 ms. With
// "C" a comparison is a memcmp and lower() folds ASCII letters only, exactly as SQLite's
// lower() and core::ascii_lower do, so both engines now find and sort the same names the same
// way. The columns: what license and device lists sort and search by (hostname_key is the
// app's ASCII-lowered host name, the devices' default sort). The ALTERs rebuild their indexes.
constexpr std::string_view kNamesInByteOrderPostgres = R"sql(
ALTER TABLE licenses ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE companies ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE devices ALTER COLUMN hostname_key TYPE TEXT COLLATE "C";
ALTER TABLE device_groups ALTER COLUMN name TYPE TEXT COLLATE "C";
)sql";

// The SQLite license search reads the reseller's (reseller_id, lower(name), customer_id)
// index only, until it sorts: a search sorted by expiry or activations then looked up every
// matching license's row (5,000 for "praxis", 13 of its 21 ms). With both keys in the index,
// those sorts read the index alone too. PostgreSQL finds a search's licenses by trigrams
// (migration 13) and keeps the narrower index.
constexpr std::string_view kLicenseSortKeysSqlite = R"sql(
DROP INDEX licenses_reseller_name;
CREATE INDEX licenses_reseller_name
  ON licenses (reseller_id, lower(name), customer_id, expires_at, seats_used);
)sql";

// The status timeline of the action log: one row per status an entry reached, with its time,
// written by ActionLogStore together with the entry's own change. Entries logged before this
// migration get their current status as their only step (the earlier steps were not kept).
// Append-only like the action log itself.
constexpr std::string_view kActionTransitions = R"sql(
CREATE TABLE action_log_transitions (
  id {{id}},
  action_id BIGINT NOT NULL REFERENCES action_log(id),
  status TEXT NOT NULL CHECK (status IN ('created', 'outstanding', 'running', 'waiting', 'completed', 'aborted')),
  reached_at BIGINT NOT NULL
);
CREATE INDEX action_log_transitions_action ON action_log_transitions (action_id, reached_at);
INSERT INTO action_log_transitions (action_id, status, reached_at)
  SELECT id, status, COALESCE(ended_at, started_at) FROM action_log;
)sql";

constexpr std::string_view kActionTransitionsSqlite = R"sql(
CREATE TRIGGER action_log_transitions_no_update BEFORE UPDATE ON action_log_transitions
BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
CREATE TRIGGER action_log_transitions_no_delete BEFORE DELETE ON action_log_transitions
BEGIN SELECT RAISE(ABORT, 'the action log is append-only'); END;
)sql";

constexpr std::string_view kActionTransitionsPostgres = R"sql(
CREATE TRIGGER action_log_transitions_immutable BEFORE UPDATE OR DELETE ON action_log_transitions
  FOR EACH ROW EXECUTE FUNCTION keyward_reject_change('the action log is append-only');
CREATE TRIGGER action_log_transitions_no_truncate BEFORE TRUNCATE ON action_log_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_reject_change('the action log is append-only');
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema", kInitialSchema, kInitialSqlite, kInitialPostgres},
    {2, "sign-in", kSignInSchema, "", ""},
    {3, "portal list order indexes", kListOrderIndexes, "", ""},
    {4, "device search index", "", kDeviceSearchSqlite, kDeviceSearchPostgres},
    {5, "installers and installer links", kInstallers, "", ""},
    {6, "outbox claim lease", kOutboxLease, "", ""},
    {7, "notifications and webhooks", kNotifications, "", ""},
    {9, "stale-device rules and reseller digests", kStaleDevicesAndDigest, "", ""},
    {10, "search by tenant", kTenantSearch, kTenantSearchSqlite, kTenantSearchPostgres},
    {11, "device search key computed by the SQLite triggers", "", kDeviceSearchKeySqlite, ""},
    {12, "action log status timeline", kActionTransitions, kActionTransitionsSqlite,
     kActionTransitionsPostgres},
    {13, "license search by trigrams on PostgreSQL", "", "", kLicenseSearchPostgres},
    {14, "names in byte order on PostgreSQL", "", "", kNamesInByteOrderPostgres},
    {15, "license sort keys in the SQLite search index", "", kLicenseSortKeysSqlite, ""},
};

// Any constant works as long as every keyward server uses the same one.
constexpr std::int64_t kMigrationLockKey = 0x6b6579776172;  // "keywar"

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string render(const Migration& migration, Engine engine, std::int64_t now) {
  std::string sql(migration.common);
  sql += engine == Engine::sqlite ? migration.sqlite : migration.postgres;
  // SQLite's INTEGER PRIMARY KEY is the 64-bit rowid; AUTOINCREMENT keeps it from reusing
  // the id of a deleted row (a deleted device's history must not pass to a new one).
  // PostgreSQL needs an identity column.
  sql =
      replace_all(std::move(sql), "{{id}}",
                  engine == Engine::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                           : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  return replace_all(std::move(sql), "{{now}}", std::to_string(now));
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool has_migrations_table(Connection& connection) {
  const char* sql = connection.engine() == Engine::sqlite
                        ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                          "name = 'schema_migrations'"
                        : "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = "
                          "current_schema() AND tablename = 'schema_migrations'";
  return connection.query_one(sql).has_value();
}

}  // namespace

std::int64_t latest_schema_version() { return std::end(kMigrations)[-1].version; }

std::vector<std::int64_t> schema_versions() {
  std::vector<std::int64_t> versions;
  for (const Migration& migration : kMigrations) versions.push_back(migration.version);
  return versions;
}

std::int64_t schema_version(Connection& connection) {
  if (!has_migrations_table(connection)) return 0;
  const auto row = connection.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? row->int64(0) : 0;
}

std::vector<MigrationInfo> migrate(Database& database) {
  PooledConnection connection = database.acquire();
  std::vector<MigrationInfo> applied;
  for (const Migration& migration : kMigrations) {
    Transaction transaction(*connection);
    if (connection->engine() == Engine::postgres) {
      // Held until commit: a second server waits here and then sees the migration applied.
      connection->query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
    }
    connection->execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    const std::int64_t current = schema_version(*connection);
    if (current > latest_schema_version()) {
      throw core::Error(core::ErrorKind::conflict, "database_too_new",
                        "the database schema is at version " + std::to_string(current) +
                            " but this keyward knows only up to version " +
                            std::to_string(latest_schema_version()) + "; upgrade keyward");
    }
    if (connection->query_one("SELECT 1 FROM schema_migrations WHERE version = $1",
                              {migration.version})) {
      continue;
    }
    const std::int64_t now = unix_now();
    // A migration may leave one engine unchanged (11 on PostgreSQL), and libpq refuses an
    // empty script; its version is still recorded.
    const std::string script = render(migration, connection->engine(), now);
    if (script.find_first_not_of(" \n") != std::string::npos) connection->execute_script(script);
    connection->execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        {migration.version, std::string(migration.name), now});
    transaction.commit();
    applied.push_back({migration.version, std::string(migration.name)});
  }
  return applied;
}

}  // namespace keyward::store
