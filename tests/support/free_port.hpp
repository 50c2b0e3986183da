#pragma once
// A loopback TCP port that nothing listens on right now. The port is released before the
// function returns, so another process could take it in between; callers that start a
// server on it should retry with a new port if binding fails.

#include <cstdint>

namespace keyward::test {

// A random port below the kernel's ephemeral range (ip_local_port_range) that 127.0.0.1 can
// be bound to now; throws std::runtime_error when none is found. Below that range, because
// the kernel never hands those ports out by itself: an ephemeral port, once released, may
// be given to any other process's bind(0) or outgoing connection (the test suite runs many
// servers on port 0 and opens thousands of connections) before the caller's server binds
// it, and a helper that merely saw "something listens there" would talk to a stranger.
std::uint16_t free_port();

}  // namespace keyward::test
