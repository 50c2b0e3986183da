// `keyward-agent`: simulates antivirus clients for demos, black-box tests and load tests. Each
// device activates with the license key, then checks in on its schedule and obeys the
// commands the portal queued for it (SPEC.md §5).

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <csignal>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "core/license_key.hpp"
#include "simulation.hpp"

namespace {

using keyward::agent::AgentOptions;

constexpr std::size_t kMaxDevices = 1000000;
constexpr double kMaxIntervalS = 7 * 24 * 3600;
constexpr double kMaxDurationS = 30 * 24 * 3600;
constexpr std::int64_t kMaxRounds = 1000000;
constexpr unsigned kMaxThreads = 256;

std::atomic<bool> stop_requested = false;
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

// The first Ctrl-C ends the run with a summary; a second one ends the process at once.
extern "C" void request_stop(int signal_number) {
  stop_requested = true;
  std::signal(signal_number, SIG_DFL);
}

struct RawOptions {
  std::string server;
  std::string license_key;
  std::size_t devices = 0;
  std::optional<double> interval_s;
  std::optional<double> duration_s;
  std::optional<std::int64_t> rounds;
  unsigned threads = 4;
  std::uint64_t seed = 1;
  std::string tokens_out;
  double timeout_s = 30;
  bool json = false;
};

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

// CLI11 checks the types; the meaning of the values is checked here, so that every mistake
// gets one line naming the option.
AgentOptions validate(const RawOptions& raw) {
  AgentOptions options;
  options.server = keyward::agent::parse_server_url(raw.server);
  const auto key = keyward::core::normalize_license_key(raw.license_key);
  require(key.has_value(),
          "--license-key: not a license key (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
  options.license_key = *key;
  require(raw.devices >= 1 && raw.devices <= kMaxDevices,
          "--devices: must be 1.." + std::to_string(kMaxDevices));
  options.devices = raw.devices;
  if (raw.interval_s) {
    require(
        std::isfinite(*raw.interval_s) && *raw.interval_s >= 0 && *raw.interval_s <= kMaxIntervalS,
        "--interval: must be 0.." + std::to_string(static_cast<int>(kMaxIntervalS)) + " seconds");
  }
  options.interval_s = raw.interval_s;
  if (raw.duration_s) {
    require(
        std::isfinite(*raw.duration_s) && *raw.duration_s > 0 && *raw.duration_s <= kMaxDurationS,
        "--duration: must be more than 0 and at most " +
            std::to_string(static_cast<int>(kMaxDurationS)) + " seconds");
  }
  options.duration_s = raw.duration_s;
  if (raw.rounds) {
    require(*raw.rounds >= 0 && *raw.rounds <= kMaxRounds,
            "--rounds: must be 0.." + std::to_string(kMaxRounds));
  }
  options.rounds = raw.rounds;
  require(raw.threads >= 1 && raw.threads <= kMaxThreads,
          "--threads: must be 1.." + std::to_string(kMaxThreads));
  options.threads = raw.threads;
  options.seed = raw.seed;
  require(std::isfinite(raw.timeout_s) && raw.timeout_s >= 0.1 && raw.timeout_s <= 600,
          "--timeout: must be 0.1..600 seconds");
  options.timeout = std::chrono::milliseconds(std::llround(raw.timeout_s * 1000));
  return options;
}

int run(const RawOptions& raw) {
  const AgentOptions options = validate(raw);
  std::ofstream tokens_out;
  if (!raw.tokens_out.empty()) {
    // Opened before the run so that a wrong path fails in a second, not after the activations.
    tokens_out.open(raw.tokens_out, std::ios::trunc);
    require(tokens_out.is_open(), "--tokens-out: cannot write " + raw.tokens_out);
  }

  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  const keyward::agent::Summary summary = keyward::agent::run_simulation(
      options, stop_requested, raw.tokens_out.empty() ? nullptr : &tokens_out);
  if (!summary.unreachable.empty()) throw std::runtime_error(summary.unreachable);
  if (raw.json) {
    std::cout << boost::json::serialize(keyward::agent::summary_json(summary)) << '\n';
  } else {
    std::cout << keyward::agent::summary_text(summary) << '\n';
  }
  require(raw.tokens_out.empty() || tokens_out.good(),
          "--tokens-out: writing " + raw.tokens_out + " failed");
  if (summary.activated + summary.reactivated == 0 && !summary.interrupted) {
    std::string reasons;
    for (const auto& [code, count] : summary.activation_errors) {
      reasons += (reasons.empty() ? "" : ", ") + std::to_string(count) + " " + code;
    }
    throw std::runtime_error("no device could activate: " + reasons);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "keyward-agent: simulates antivirus clients that activate with a license key, check in "
      "with a Keyward server and obey its commands"};
  app.failure_message([](const CLI::App*, const CLI::Error& error) {
    return std::string("keyward-agent: ") + error.what() + " (see --help)\n";
  });
  RawOptions raw;
  app.add_option("--server", raw.server, "Server URL, e.g. http://127.0.0.1:8080")->required();
  app.add_option("--license-key", raw.license_key, "License key the devices activate with")
      ->required();
  app.add_option("--devices", raw.devices, "Number of simulated devices (1..1000000)")->required();
  app.add_option("--interval", raw.interval_s,
                 "Seconds between two check-ins of a device, 0: as fast as possible "
                 "(default: the server's checkin_interval_s)");
  auto* duration = app.add_option("--duration", raw.duration_s,
                                  "Seconds of check-ins after the activations, then stop");
  auto* rounds =
      app.add_option("--rounds", raw.rounds, "Check-ins per device, then stop (0: only activate)");
  duration->excludes(rounds);
  app.add_option("--threads", raw.threads,
                 "Threads, each with one keep-alive connection and a slice of the devices")
      ->capture_default_str();
  app.add_option("--seed", raw.seed,
                 "Seed of the fleet: the same seed gives the same machines, so they re-activate")
      ->capture_default_str();
  app.add_option("--tokens-out", raw.tokens_out,
                 "Write 'device_id token report' per activated device to this file (for wrk; report: the "
                 "device's check-in body as JSON)");
  app.add_option("--timeout", raw.timeout_s, "Seconds each network step may take")
      ->capture_default_str();
  app.add_flag("--json", raw.json, "Print the summary as one JSON object");
  app.footer(
      "Without --duration or --rounds the devices check in until Ctrl-C. Exit code 1 when an "
      "argument is wrong, the server cannot be reached or no device could activate.");
  CLI11_PARSE(app, argc, argv);

  try {
    return run(raw);
  } catch (const std::exception& error) {
    std::cerr << "keyward-agent: " << error.what() << '\n';
    return 1;
  }
}
