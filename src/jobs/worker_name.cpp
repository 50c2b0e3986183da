#include "jobs/worker_name.hpp"

#include <unistd.h>

#include <array>
#include <random>

namespace keyward::jobs {

std::string worker_name() {
  std::array<char, 256> host{};
  gethostname(host.data(), host.size() - 1);
  std::random_device random;
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + std::to_string(random());
}

}  // namespace keyward::jobs
