#include "api/client_address.hpp"

#include <algorithm>
#include <vector>

#include "core/ip_address.hpp"

namespace keyward::api {
namespace {

std::vector<std::string> forwarded_addresses(const std::string& header) {
  std::vector<std::string> addresses;
  std::size_t start = 0;
  while (start <= header.size()) {
    const std::size_t comma = std::min(header.find(',', start), header.size());
    std::string item = header.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    addresses.push_back(std::move(item));
    start = comma + 1;
  }
  return addresses;
}

}  // namespace

std::string client_address(const ApiContext& context, const http::Request& request) {
  const auto& trusted = context.config.trusted_proxies;
  const auto is_trusted = [&](const std::string& address) {
    return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
  };
  const std::string peer =
      core::canonical_ip_address(request.remote_address).value_or(request.remote_address);
  const auto header = request.header("x-forwarded-for");
  if (!is_trusted(peer) || !header) return peer;
  const auto forwarded = forwarded_addresses(*header);
  std::string client = peer;
  for (auto it = forwarded.rbegin(); it != forwarded.rend(); ++it) {
    const auto address = core::canonical_ip_address(*it);
    if (!address) break;  // a malformed entry: nothing left of it can be trusted
    client = *address;
    if (!is_trusted(client)) break;
  }
  return client;
}

}  // namespace keyward::api
