#include "keyward_binary.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <regex>
#include <stdexcept>

namespace keyward::test {

RunResult run_keyward(const std::vector<std::string>& args, const std::string& stdin_text,
                      const std::map<std::string, std::string>& env) {
  ProcessOptions options;
  options.argv = {KEYWARD_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.stdin_text = stdin_text;
  options.env = env;
  return run(std::move(options), std::chrono::seconds(60));
}

std::string activation_request(const std::string& key, const std::string& machine_id,
                               const std::string& hostname) {
  return boost::json::serialize(boost::json::object{
      {"license_key", key},
      {"machine_id", machine_id},
      {"hostname", hostname},
      {"os", {{"name", "Windows 11 Pro"}, {"version", "24H2"}, {"build", "26100.2314"}}},
      {"client_version", "3.2.34"}});
}

RunResult run_agent(const std::vector<std::string>& args) {
  ProcessOptions options;
  options.argv = {KEYWARD_AGENT_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  return run(std::move(options), std::chrono::seconds(120));
}

boost::json::object run_keyward_json(const std::vector<std::string>& args,
                                     const std::string& stdin_text) {
  std::vector<std::string> with_json = args;
  with_json.push_back("--json");
  const RunResult result = run_keyward(with_json, stdin_text);
  if (result.exit_code != 0) {
    throw std::runtime_error("keyward exited with " + std::to_string(result.exit_code) + ": " +
                             result.err);
  }
  return boost::json::parse(result.out).as_object();
}

TlsFiles self_signed_certificate(const TempDir& dir) {
  TlsFiles files{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  const RunResult made =
      run({{"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", files.key,
            "-out", files.cert, "-days", "1", "-subj", "/CN=127.0.0.1"}});
  if (made.exit_code != 0) throw std::runtime_error("openssl req failed: " + made.err);
  return files;
}

TestCertificateAuthority test_certificate_authority(const TempDir& dir) {
  const std::string ca_key = (dir / "ca-key.pem").string();
  const std::string request = (dir / "server.csr").string();
  TestCertificateAuthority authority{
      (dir / "ca.pem").string(),
      {(dir / "server.pem").string(), (dir / "server-key.pem").string()}};
  const std::vector<std::vector<std::string>> steps{
      {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out",
       authority.ca_cert, "-days", "1", "-subj", "/CN=Keyward Test CA", "-addext",
       "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"},
      {"openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", authority.server.key, "-out",
       request, "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
      {"openssl", "x509", "-req", "-in", request, "-CA", authority.ca_cert, "-CAkey", ca_key,
       "-CAcreateserial", "-out", authority.server.cert, "-days", "1", "-copy_extensions", "copy"}};
  for (const auto& step : steps) {
    const RunResult made = run({step});
    if (made.exit_code != 0) throw std::runtime_error("openssl failed: " + made.err);
  }
  return authority;
}

PostgresCluster& shared_postgres() {
  static PostgresCluster cluster;
  return cluster;
}

std::string fresh_postgres_url() {
  static std::atomic<int> counter = 0;
  return shared_postgres().create_database("blackbox_" + std::to_string(++counter));
}

namespace {

std::string without_trailing_break(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

TestDatabase::TestDatabase(const std::string& engine, const TempDir& dir) {
  if (engine == "sqlite") {
    sqlite_path_ = (dir / "keyward.db").string();
    url_ = "sqlite:" + sqlite_path_;
  } else {
    url_ = fresh_postgres_url();
    pg_database_ = url_.substr(url_.rfind('/') + 1);
  }
}

std::string TestDatabase::sql(const std::string& statement) const {
  if (sqlite_path_.empty()) {
    return without_trailing_break(shared_postgres().psql(statement, pg_database_));
  }
  const RunResult result =
      run({.argv = {"sqlite3", "-cmd", ".timeout 10000", sqlite_path_, statement}});
  EXPECT_EQ(result.exit_code, 0) << statement << ": " << result.err;
  return without_trailing_break(result.out);
}

void TestDatabase::create_reseller_and_customer() const {
  run_keyward_json(
      {"company", "create", "--db", url_, "--name", "Northwind IT", "--kind", "reseller"});
  run_keyward_json({"company", "create", "--db", url_, "--name", "Praxis Berg", "--kind",
                    "customer", "--parent", "Northwind IT"});
}

boost::json::object TestDatabase::issue_license(int seats, const std::string& type) const {
  return run_keyward_json({"license", "issue", "--db", url_, "--customer", "Praxis Berg",
                           "--seats", std::to_string(seats), "--years", "1", "--type", type});
}

KeywardServer::KeywardServer(const std::string& database_url,
                             const std::vector<std::string>& extra_args,
                             const std::map<std::string, std::string>& env) {
  ProcessOptions options;
  options.argv = {KEYWARD_BINARY, "serve", "--db", database_url, "--listen", "127.0.0.1:0"};
  options.argv.insert(options.argv.end(), extra_args.begin(), extra_args.end());
  options.env = env;
  process_ = std::make_unique<Process>(std::move(options));
  if (!process_->wait_for_output("listening on", std::chrono::seconds(30))) {
    throw std::runtime_error("keyward serve did not start: " + process_->stderr_text() +
                             process_->stdout_text());
  }
  static const std::regex kListening(R"(listening on https?://[^ ]+:(\d+))");
  std::smatch match;
  const std::string output = process_->stdout_text() + process_->stderr_text();
  if (!std::regex_search(output, match, kListening)) {
    throw std::runtime_error("no port in the server's output: " + output);
  }
  port_ = static_cast<std::uint16_t>(std::stoi(match[1].str()));
}

std::optional<int> KeywardServer::stop(std::chrono::milliseconds timeout) {
  process_->terminate();
  return process_->wait(timeout);
}

}  // namespace keyward::test
