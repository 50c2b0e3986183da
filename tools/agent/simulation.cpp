#include "simulation.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <cmath>
#include <memory>
#include <queue>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "http/client.hpp"
#include "simulated_device.hpp"

namespace keyward::agent {
namespace {

using Clock = std::chrono::steady_clock;

// Until a device has heard the server's checkin_interval_s, it assumes this one.
constexpr double kAssumedIntervalS = 60;
// Sleeping threads wake this often to notice Ctrl-C and the end of the run.
constexpr auto kWakeUp = std::chrono::milliseconds(100);
// This many transport failures in a row before any answer means there is no server.
constexpr int kUnreachableAfter = 3;
constexpr double kBucketGrowth = 1.01;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The `code` of an {"error":{"code","message"}} answer, or http_<status> when the body is not
// one (a proxy's error page, say).
std::string error_code_of(const http::Response& response) {
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(response.body, ec);
  if (!ec && body.is_object()) {
    const boost::json::value* error = body.get_object().if_contains("error");
    if (error != nullptr && error->is_object()) {
      const boost::json::value* code = error->get_object().if_contains("code");
      if (code != nullptr && code->is_string()) {
        const std::string_view text = code->get_string();
        const bool plain =
            !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            });
        if (plain) return std::string(text);
      }
    }
  }
  return "http_" + std::to_string(response.status);
}

boost::json::value parse_answer(const http::Response& response) {
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  if (ec)
    throw ProtocolError("answer with status " + std::to_string(response.status) +
                        " is not JSON: " + ec.message());
  return body;
}

// What one thread counted; merged into the Summary after the threads have joined.
struct ThreadTally {
  std::int64_t activated = 0;
  std::int64_t reactivated = 0;
  std::map<std::string, std::int64_t> activation_errors;
  LatencyHistogram activation_latency;
  std::int64_t checkins_ok = 0;
  std::int64_t checkins_failed = 0;
  std::map<std::string, std::int64_t> checkin_errors;
  LatencyHistogram checkin_latency;
  CommandTally commands;
  std::int64_t devices_stopped = 0;
  std::string first_protocol_error;
};

struct Fleet {
  const AgentOptions& options;
  const std::atomic<bool>& stop;
  std::vector<SimulatedDevice> devices;
  // Set once some request got an answer: from then on transport failures are counted, not
  // taken as a wrong --server.
  std::atomic<bool> server_answered = false;
  std::atomic<bool> abort = false;
  std::string unreachable;  // written by the one thread that sets `abort` first
  std::atomic<bool> unreachable_claimed = false;

  bool stopping() const { return stop.load() || abort.load(); }
  std::string target(const char* path) const { return options.server.base_path + path; }

  void note_transport_failure(int consecutive, const std::string& why) {
    if (consecutive < kUnreachableAfter || server_answered.load()) return;
    if (!unreachable_claimed.exchange(true)) {
      unreachable = "cannot reach " + options.server.url + ": " + why;
      abort = true;
    }
  }
};

struct Slice {
  std::size_t begin = 0;
  std::size_t end = 0;
};

void activate_slice(Fleet& fleet, Slice slice, http::Client& client, ThreadTally& tally) {
  int consecutive_failures = 0;
  for (std::size_t i = slice.begin; i < slice.end && !fleet.stopping(); ++i) {
    SimulatedDevice& device = fleet.devices[i];
    const std::string body =
        boost::json::serialize(device.activation_request(fleet.options.license_key));
    const auto started = Clock::now();
    http::Response response;
    try {
      response = client.post(fleet.target("/agent/v1/activate"), body);
    } catch (const core::Error& error) {
      ++tally.activation_errors["unavailable"];
      fleet.note_transport_failure(++consecutive_failures, error.what());
      continue;
    }
    consecutive_failures = 0;
    fleet.server_answered = true;
    tally.activation_latency.record(Clock::now() - started);
    if (response.status != 200 && response.status != 201) {
      ++tally.activation_errors[error_code_of(response)];
      continue;
    }
    try {
      device.accept_activation(parse_answer(response));
      ++(response.status == 201 ? tally.activated : tally.reactivated);
    } catch (const ProtocolError& error) {
      ++tally.activation_errors["invalid_response"];
      if (tally.first_protocol_error.empty()) tally.first_protocol_error = error.what();
    }
  }
}

// One device's check-in; false when the device must stop (its token is no longer valid).
bool check_in(Fleet& fleet, SimulatedDevice& device, http::Client& client, ThreadTally& tally,
              double& server_interval_s) {
  const std::string body = boost::json::serialize(device.next_checkin_report());
  const auto started = Clock::now();
  http::Response response;
  try {
    response = client.post(fleet.target("/agent/v1/checkin"), body,
                           {{"authorization", "Bearer " + device.token()}});
  } catch (const core::Error&) {
    ++tally.checkins_failed;
    ++tally.checkin_errors["unavailable"];
    return true;
  }
  tally.checkin_latency.record(Clock::now() - started);
  if (response.status != 200) {
    ++tally.checkins_failed;
    ++tally.checkin_errors[error_code_of(response)];
    // 401: the token was replaced (the machine re-activated elsewhere) or revoked; 410: the
    // device was deleted in the portal. A real client would need a new activation.
    const bool stopped = response.status == 401 || response.status == 410;
    if (stopped) ++tally.devices_stopped;
    return !stopped;
  }
  try {
    server_interval_s =
        static_cast<double>(device.accept_checkin(parse_answer(response), tally.commands));
    ++tally.checkins_ok;
  } catch (const ProtocolError& error) {
    ++tally.checkins_failed;
    ++tally.checkin_errors["invalid_response"];
    if (tally.first_protocol_error.empty()) tally.first_protocol_error = error.what();
  }
  return true;
}

// Sleeps until `until`, waking up regularly to notice a stop; false when stopped.
bool sleep_until(const Fleet& fleet, Clock::time_point until) {
  while (Clock::now() < until) {
    if (fleet.stopping()) return false;
    std::this_thread::sleep_until(std::min(until, Clock::now() + kWakeUp));
  }
  return !fleet.stopping();
}

void check_in_slice(Fleet& fleet, Slice slice, http::Client& client, ThreadTally& tally,
                    Clock::time_point start) {
  const AgentOptions& options = fleet.options;
  struct Due {
    Clock::time_point at;
    std::uint64_t sequence;  // keeps devices that are due at once in round-robin order
    std::size_t index;
    bool operator>(const Due& other) const {
      return at != other.at ? at > other.at : sequence > other.sequence;
    }
  };
  std::priority_queue<Due, std::vector<Due>, std::greater<>> queue;
  std::vector<double> server_interval(slice.end - slice.begin, kAssumedIntervalS);
  std::vector<std::int64_t> done(slice.end - slice.begin, 0);
  std::uint64_t sequence = 0;
  Random jitter(options.seed ^ (0x6a6974746572ULL + slice.begin));
  const auto interval_of = [&](std::size_t local) {
    return options.interval_s.value_or(server_interval[local]);
  };
  const auto after = [](Clock::time_point at, double seconds) {
    return at + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  };

  for (std::size_t i = slice.begin; i < slice.end; ++i) {
    if (!fleet.devices[i].activated() || options.rounds == 0) continue;
    // The fleet's first check-ins are spread evenly over one interval, so the load is flat
    // from the start instead of arriving in waves.
    const double offset = interval_of(i - slice.begin) * (static_cast<double>(i) + jitter.unit()) /
                          static_cast<double>(fleet.devices.size());
    queue.push({after(start, offset), sequence++, i});
  }
  const std::optional<Clock::time_point> end =
      options.duration_s ? std::optional(after(start, *options.duration_s)) : std::nullopt;

  while (!queue.empty()) {
    const Due due = queue.top();
    if (end && due.at >= *end) break;
    if (!sleep_until(fleet, due.at)) break;
    queue.pop();
    const std::size_t local = due.index - slice.begin;
    const bool keeps_going =
        check_in(fleet, fleet.devices[due.index], client, tally, server_interval[local]);
    ++done[local];
    if (!keeps_going || (options.rounds && done[local] >= *options.rounds)) continue;
    // ±10 % jitter, as real clients drift; never earlier than now, so a device that fell
    // behind a slow server does not pile up overdue check-ins.
    const double interval = interval_of(local) * (0.9 + 0.2 * jitter.unit());
    queue.push({std::max(after(due.at, interval), Clock::now()), sequence++, due.index});
  }
}

void add_counts(std::map<std::string, std::int64_t>& into,
                const std::map<std::string, std::int64_t>& from) {
  for (const auto& [code, count] : from) into[code] += count;
}

boost::json::object counts_json(const std::map<std::string, std::int64_t>& counts) {
  boost::json::object object;
  for (const auto& [code, count] : counts) object[code] = count;
  return object;
}

boost::json::object percentiles_json(const LatencyHistogram& histogram) {
  const auto round = [](double ms) { return std::round(ms * 1000) / 1000; };
  return {{"p50", round(histogram.percentile_ms(0.50))},
          {"p95", round(histogram.percentile_ms(0.95))},
          {"p99", round(histogram.percentile_ms(0.99))}};
}

std::int64_t per_second(std::int64_t count, double seconds) {
  return seconds > 0 ? std::llround(static_cast<double>(count) / seconds) : 0;
}

std::string counts_text(const std::map<std::string, std::int64_t>& counts) {
  std::string text;
  for (const auto& [code, count] : counts) {
    text += (text.empty() ? " (" : ", ") + code + ": " + std::to_string(count);
  }
  return text.empty() ? text : text + ")";
}

}  // namespace

ServerAddress parse_server_url(const std::string& text) {
  const auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) throw std::invalid_argument("--server: not a URL: " + text);
  const boost::urls::url_view& url = *parsed;
  ServerAddress address;
  address.url = text;
  if (url.scheme() == "https") {
    address.tls = true;
  } else if (url.scheme() != "http") {
    throw std::invalid_argument("--server: the scheme must be http or https: " + text);
  }
  if (url.has_userinfo() || url.has_query() || url.has_fragment()) {
    throw std::invalid_argument("--server: only scheme, host, port and path are allowed: " + text);
  }
  address.host = url.encoded_host_address();
  if (address.host.size() > 2 && address.host.front() == '[') {
    address.host = address.host.substr(1, address.host.size() - 2);
  }
  if (address.host.empty()) throw std::invalid_argument("--server: no host in " + text);
  if (url.has_port()) {
    if (url.port().empty() || url.port_number() == 0) {
      throw std::invalid_argument("--server: the port must be 1..65535: " + text);
    }
    address.port = url.port_number();
  } else {
    address.port = address.tls ? 443 : 80;
  }
  address.base_path = url.encoded_path();
  while (!address.base_path.empty() && address.base_path.back() == '/') {
    address.base_path.pop_back();
  }
  return address;
}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
  const double micros = static_cast<double>(latency.count()) / 1000.0;
  std::size_t bucket = 0;
  if (micros >= 1) {
    bucket = std::min(kBuckets - 1,
                      1 + static_cast<std::size_t>(std::log(micros) / std::log(kBucketGrowth)));
  }
  ++buckets_[bucket];
  ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
}

double LatencyHistogram::percentile_ms(double fraction) const {
  if (count_ == 0) return 0;
  const auto wanted =
      std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(fraction * count_)));
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= wanted) {
      // Bucket i > 0 holds [g^(i-1), g^i) µs; its geometric middle is within 0.5 % of any
      // sample in it.
      return i == 0 ? 0.001 : std::pow(kBucketGrowth, static_cast<double>(i) - 0.5) / 1000.0;
    }
  }
  return 0;
}

Summary run_simulation(const AgentOptions& options, const std::atomic<bool>& stop,
                       std::ostream* tokens_out) {
  Fleet fleet{options, stop, {}};
  fleet.devices.reserve(options.devices);
  for (std::size_t i = 0; i < options.devices; ++i)
    fleet.devices.emplace_back(options.seed, i, options.devices);

  const unsigned threads =
      static_cast<unsigned>(std::min<std::size_t>(options.threads, options.devices));
  std::vector<Slice> slices;
  std::vector<std::unique_ptr<http::Client>> clients;
  for (unsigned t = 0; t < threads; ++t) {
    slices.push_back({options.devices * t / threads, options.devices * (t + 1) / threads});
    clients.push_back(std::make_unique<http::Client>(options.server.host, options.server.port,
                                                     options.server.tls, options.timeout));
  }
  std::vector<ThreadTally> tallies(threads);
  const auto run_phase = [&](auto&& body) {
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] { body(slices[t], *clients[t], tallies[t]); });
    }
    for (std::thread& worker : workers) worker.join();
  };

  Summary summary;
  summary.devices = options.devices;
  summary.threads = threads;
  const auto activation_start = Clock::now();
  run_phase([&](Slice slice, http::Client& client, ThreadTally& tally) {
    activate_slice(fleet, slice, client, tally);
  });
  summary.activation_seconds = seconds_since(activation_start);

  if (tokens_out != nullptr) {
    for (const SimulatedDevice& device : fleet.devices) {
      if (device.activated()) {
        *tokens_out << device.device_id() << ' ' << device.token() << ' '
                    << boost::json::serialize(device.current_report()) << '\n';
      }
    }
    tokens_out->flush();
  }

  if (!fleet.stopping()) {
    const auto checkin_start = Clock::now();
    run_phase([&](Slice slice, http::Client& client, ThreadTally& tally) {
      check_in_slice(fleet, slice, client, tally, checkin_start);
    });
    summary.checkin_seconds = seconds_since(checkin_start);
  }

  for (const ThreadTally& tally : tallies) {
    summary.activated += tally.activated;
    summary.reactivated += tally.reactivated;
    add_counts(summary.activation_errors, tally.activation_errors);
    summary.activation_latency.merge(tally.activation_latency);
    summary.checkins_ok += tally.checkins_ok;
    summary.checkins_failed += tally.checkins_failed;
    add_counts(summary.checkin_errors, tally.checkin_errors);
    summary.checkin_latency.merge(tally.checkin_latency);
    summary.commands_applied += tally.commands.applied;
    summary.commands_failed += tally.commands.failed;
    summary.devices_stopped += tally.devices_stopped;
    if (summary.first_protocol_error.empty()) {
      summary.first_protocol_error = tally.first_protocol_error;
    }
  }
  summary.unreachable = fleet.unreachable;
  summary.interrupted = stop.load();
  return summary;
}

boost::json::object summary_json(const Summary& summary) {
  boost::json::object object{
      {"devices", summary.devices},
      {"threads", summary.threads},
      {"activated", summary.activated},
      {"reactivated", summary.reactivated},
      {"activation_errors", counts_json(summary.activation_errors)},
      {"activation_seconds", std::round(summary.activation_seconds * 1000) / 1000},
      {"activations_per_s",
       per_second(summary.activated + summary.reactivated, summary.activation_seconds)},
      {"activation_latency_ms", percentiles_json(summary.activation_latency)},
      {"checkins_ok", summary.checkins_ok},
      {"checkins_failed", summary.checkins_failed},
      {"checkin_errors", counts_json(summary.checkin_errors)},
      {"checkin_seconds", std::round(summary.checkin_seconds * 1000) / 1000},
      {"checkins_per_s",
       per_second(summary.checkins_ok + summary.checkins_failed, summary.checkin_seconds)},
      {"latency_ms", percentiles_json(summary.checkin_latency)},
      {"commands_applied", summary.commands_applied},
      {"commands_failed", summary.commands_failed},
      {"devices_stopped", summary.devices_stopped},
      {"interrupted", summary.interrupted},
  };
  if (!summary.first_protocol_error.empty()) {
    object["protocol_error"] = summary.first_protocol_error;
  }
  return object;
}

std::string summary_text(const Summary& summary) {
  std::ostringstream text;
  const auto ms = [](const LatencyHistogram& h) {
    std::ostringstream line;
    line.precision(3);
    line << std::fixed << "p50 " << h.percentile_ms(0.5) << " ms, p95 " << h.percentile_ms(0.95)
         << " ms, p99 " << h.percentile_ms(0.99) << " ms";
    return line.str();
  };
  std::int64_t activation_errors = 0;
  for (const auto& [code, count] : summary.activation_errors) activation_errors += count;
  text << "devices: " << summary.devices << " on " << summary.threads << " threads\n"
       << "activations: " << summary.activated << " new, " << summary.reactivated << " again, "
       << activation_errors << " failed" << counts_text(summary.activation_errors) << "; "
       << per_second(summary.activated + summary.reactivated, summary.activation_seconds) << "/s; "
       << ms(summary.activation_latency) << '\n'
       << "check-ins: " << summary.checkins_ok << " ok, " << summary.checkins_failed << " failed"
       << counts_text(summary.checkin_errors) << "; "
       << per_second(summary.checkins_ok + summary.checkins_failed, summary.checkin_seconds)
       << "/s; " << ms(summary.checkin_latency) << '\n'
       << "commands: " << summary.commands_applied << " applied, " << summary.commands_failed
       << " failed; devices stopped: " << summary.devices_stopped;
  if (!summary.first_protocol_error.empty()) {
    text << "\nfirst protocol error: " << summary.first_protocol_error;
  }
  if (summary.interrupted) text << "\ninterrupted";
  return text.str();
}

}  // namespace keyward::agent
