#pragma once
// Runs the real `keyward` binary: one-shot commands and a server on a free port.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "http/client.hpp"
#include "support/postgres_cluster.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace keyward::test {

// `keyward ARGS...` with `stdin_text`, run to completion.
RunResult run_keyward(const std::vector<std::string>& args, const std::string& stdin_text = "",
                      const std::map<std::string, std::string>& env = {});

// `keyward-agent ARGS...`, run to completion (two minutes at most).
RunResult run_agent(const std::vector<std::string>& args);

// The JSON body of POST /agent/v1/activate for a Windows 11 machine.
std::string activation_request(const std::string& key, const std::string& machine_id,
                               const std::string& hostname);

// Runs a command with --json, expects exit code 0 and returns the parsed object.
boost::json::object run_keyward_json(const std::vector<std::string>& args,
                                     const std::string& stdin_text = "");

// The one PostgreSQL cluster of this test binary, started on first use.
PostgresCluster& shared_postgres();

// A fresh PostgreSQL database URL per call.
std::string fresh_postgres_url();

// A fresh, empty database of one engine ("sqlite": a file in `dir`; "postgres": a new
// database on the shared cluster), with plain SQL for states no command can make.
class TestDatabase {
 public:
  TestDatabase(const std::string& engine, const TempDir& dir);
  const std::string& url() const { return url_; }
  // One SQL statement; its output without the trailing line break.
  std::string sql(const std::string& statement) const;
  std::int64_t sql_int(const std::string& statement) const { return std::stoll(sql(statement)); }
  // Reseller "Northwind IT" with its customer "Praxis Berg".
  void create_reseller_and_customer() const;
  // `keyward license issue` for Praxis Berg; the command's JSON answer.
  boost::json::object issue_license(int seats, const std::string& type = "purchase") const;

 private:
  std::string url_;
  std::string sqlite_path_;  // empty on PostgreSQL
  std::string pg_database_;
};

// A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir` (openssl).
struct TlsFiles {
  std::string cert;
  std::string key;
};
TlsFiles self_signed_certificate(const TempDir& dir);

// A certificate authority made for the test, and a server certificate for 127.0.0.1 (in its
// subjectAltName, where TLS clients check the host) that it signed; PEM files in `dir`.
struct TestCertificateAuthority {
  std::string ca_cert;
  TlsFiles server;
};
TestCertificateAuthority test_certificate_authority(const TempDir& dir);

class KeywardServer {
 public:
  // Starts `keyward serve --db URL --listen 127.0.0.1:0 EXTRA...` and waits until it listens.
  explicit KeywardServer(const std::string& database_url,
                         const std::vector<std::string>& extra_args = {},
                         const std::map<std::string, std::string>& env = {});
  std::uint16_t port() const { return port_; }
  http::Client client(bool tls = false) const { return http::Client("127.0.0.1", port_, tls); }
  Process& process() { return *process_; }
  // SIGTERM, then the exit code (nullopt if it did not stop within the timeout).
  std::optional<int> stop(std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
};

}  // namespace keyward::test
