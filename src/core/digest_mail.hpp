#pragma once
// The resellers' daily digest as a mail (plain text and HTML), in English and German.

#include <string>

#include "core/account_mails.hpp"
#include "core/entities.hpp"
#include "core/reseller_digest.hpp"

namespace keyward::core {

struct DigestMailContext {
  std::string reseller_name;
  std::string portal_url;  // where the links point, without a trailing slash
  UnixTime now = 0;
  std::int64_t stale_days = 7;
};

MailText digest_mail(Language language, const ResellerDigest& digest,
                     const DigestMailContext& context);

}  // namespace keyward::core
