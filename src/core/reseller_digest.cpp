#include "core/reseller_digest.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/validation.hpp"

namespace keyward::core {
namespace {

constexpr UnixTime kSecondsPerDay = 86400;

bool by_name(const std::string& a_name, Id a_id, const std::string& b_name, Id b_id) {
  return std::forward_as_tuple(ascii_lower(a_name), a_id) <
         std::forward_as_tuple(ascii_lower(b_name), b_id);
}

void sort_licenses(std::vector<DigestLicense>& licenses) {
  std::sort(licenses.begin(), licenses.end(),
            [](const auto& a, const auto& b) { return by_name(a.name, a.id, b.name, b.id); });
}

}  // namespace

std::int64_t digest_day(UnixTime now) { return now / kSecondsPerDay; }

bool digest_due(UnixTime now, const DigestRules& rules) {
  return now % kSecondsPerDay >= rules.hour * 3600;
}

std::vector<ResellerDigest> assemble_digests(const std::vector<DigestFact>& facts) {
  std::map<Id, std::map<Id, DigestCustomer>> customers_by_reseller;
  for (const DigestFact& fact : facts) {
    DigestCustomer& customer = customers_by_reseller[fact.reseller_id][fact.customer_id];
    customer.id = fact.customer_id;
    customer.name = fact.customer_name;
    switch (fact.kind) {
      case DigestFact::Kind::seat_limit:
        customer.near_seat_limit.push_back(fact.license);
        break;
      case DigestFact::Kind::expiring:
        customer.expiring.push_back(fact.license);
        break;
      case DigestFact::Kind::stale_devices:
        customer.stale_devices += fact.stale_devices;
        break;
    }
  }
  std::vector<ResellerDigest> digests;
  for (auto& [reseller_id, customers] : customers_by_reseller) {
    ResellerDigest digest{.reseller_id = reseller_id};
    for (auto& [id, customer] : customers) {
      sort_licenses(customer.near_seat_limit);
      sort_licenses(customer.expiring);
      digest.customers.push_back(std::move(customer));
    }
    std::sort(digest.customers.begin(), digest.customers.end(),
              [](const auto& a, const auto& b) { return by_name(a.name, a.id, b.name, b.id); });
    digests.push_back(std::move(digest));
  }
  return digests;
}

}  // namespace keyward::core
