#include "support/postgres_cluster.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "support/free_port.hpp"
#include "support/process.hpp"
#include "support/read_file.hpp"

namespace keyward::test {
namespace {

std::filesystem::path find_bin_dir() {
  if (const char* configured = std::getenv("KEYWARD_PG_BINDIR")) return configured;
  std::vector<std::filesystem::path> candidates;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ignored)) {
    if (std::filesystem::exists(entry.path() / "bin" / "initdb")) {
      candidates.push_back(entry.path() / "bin");
    }
  }
  if (candidates.empty()) {
    throw std::runtime_error("PostgresCluster: no /usr/lib/postgresql/*/bin/initdb found");
  }
  // Version directories are plain numbers; the numerically largest is the newest.
  return *std::max_element(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return std::stoi(a.parent_path().filename().string()) <
           std::stoi(b.parent_path().filename().string());
  });
}

bool running_as_root() { return ::geteuid() == 0; }

// Server programs refuse to run as root, so root runs them as `postgres`.
std::vector<std::string> as_server_user(std::vector<std::string> argv) {
  if (!running_as_root()) return argv;
  std::vector<std::string> wrapped = {"runuser", "-u", "postgres", "--"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

void check(const RunResult& result, const std::string& what) {
  if (result.exit_code != 0) {
    throw std::runtime_error("PostgresCluster: " + what + " failed (exit " +
                             std::to_string(result.exit_code) + "): " + result.out + result.err);
  }
}

}  // namespace

PostgresCluster::PostgresCluster() : bin_dir_(find_bin_dir()) {
  dir_ = std::make_unique<TempDir>("keyward-pg-");
  if (running_as_root()) {
    const passwd* user = ::getpwnam("postgres");
    if (user == nullptr) throw std::runtime_error("PostgresCluster: no `postgres` user");
    if (::chown(dir_->path().c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("PostgresCluster: cannot chown " + dir_->path().string());
    }
  }
  const auto data = dir_->path() / "data";
  std::filesystem::create_directories(dir_->path() / "socket");
  if (running_as_root()) {
    const passwd* user = ::getpwnam("postgres");
    if (::chown((dir_->path() / "socket").c_str(), user->pw_uid, user->pw_gid) != 0) {
      throw std::runtime_error("PostgresCluster: cannot chown the socket directory");
    }
  }
  check(run({.argv = as_server_user({(bin_dir_ / "initdb").string(), "-D", data.string(), "-U",
                                     "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
                                     "--no-sync"})},
            std::chrono::seconds(120)),
        "initdb");
  // Another process may grab the port between free_port() and the server binding it.
  for (int attempt = 0; attempt < 3 && !started_; ++attempt) started_ = start();
  if (!started_) {
    throw std::runtime_error("PostgresCluster: the server did not start: " +
                             read_file(dir_->path() / "server.log"));
  }
}

bool PostgresCluster::start() {
  port_ = free_port();
  // Durability is irrelevant for a throwaway cluster; skipping fsync makes tests fast.
  const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                              (dir_->path() / "socket").string() +
                              " -c fsync=off -c synchronous_commit=off"
                              " -c full_page_writes=off -c max_connections=300";
  const RunResult result =
      run({.argv = as_server_user(
               {(bin_dir_ / "pg_ctl").string(), "-D", (dir_->path() / "data").string(), "-l",
                (dir_->path() / "server.log").string(), "-w", "-t", "60", "-o", options, "start"})},
          std::chrono::seconds(90));
  return result.exit_code == 0;
}

PostgresCluster::~PostgresCluster() {
  if (started_) {
    run({.argv =
             as_server_user({(bin_dir_ / "pg_ctl").string(), "-D", (dir_->path() / "data").string(),
                             "-m", "immediate", "-w", "stop"})},
        std::chrono::seconds(30));
  }
}

std::string PostgresCluster::url_for(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresCluster::psql(const std::string& sql, const std::string& database) {
  const RunResult result =
      run({.argv = {(bin_dir_ / "psql").string(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                    "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "postgres", "-d",
                    database, "-c", sql}},
          std::chrono::seconds(60));
  check(result, "psql `" + sql + "`");
  return result.out;
}

std::string PostgresCluster::create_database(const std::string& name) {
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!valid) throw std::runtime_error("PostgresCluster: invalid database name " + name);
  psql("CREATE DATABASE \"" + name + "\"");
  return url_for(name);
}

}  // namespace keyward::test
