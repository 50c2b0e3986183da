#pragma once
// A loopback TCP port that nothing listens on right now. The port is released before the
// function returns, so another process could take it in between; callers that start a
// server on it should retry with a new port if binding fails.

#include <cstdint>

namespace keyward::test {

// Asks the kernel for an ephemeral port on 127.0.0.1; throws std::runtime_error on failure.
std::uint16_t free_port();

}  // namespace keyward::test
