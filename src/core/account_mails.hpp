#pragma once
// The mails about portal accounts, in English and German.

#include <string>

#include "core/entities.hpp"

namespace keyward::core {

struct MailText {
  std::string subject;
  std::string text;
  std::string html;
};

struct InvitationFacts {
  std::string inviter;      // who invited (display name)
  std::string company;      // the company the account belongs to
  std::string link;         // the set-password link
  UnixTime expires_at = 0;  // when the link stops working
};

MailText invitation_mail(Language language, const InvitationFacts& facts);

}  // namespace keyward::core
