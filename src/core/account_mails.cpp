#include "core/account_mails.hpp"

#include "core/html.hpp"
#include "core/time_format.hpp"

namespace keyward::core {
namespace {

struct InvitationWords {
  const char* subject;
  const char* greeting;
  const char* invited;  // "<inviter> invited you to the account of <company> ..."
  const char* for_company;
  const char* set_password;
  const char* expires;
  const char* ignore;
};

constexpr InvitationWords kEnglish{
    "Your Keyward account",
    "Hello,",
    " has invited you to Keyward, the license and device portal",
    " of ",
    "Choose your password here to activate your account:",
    "The link works once and expires on ",
    "If you did not expect this invitation, you can ignore this e-mail."};

constexpr InvitationWords kGerman{
    "Ihr Keyward-Zugang",
    "Guten Tag,",
    " hat Sie zu Keyward eingeladen, dem Lizenz- und Geräteportal",
    " von ",
    "Legen Sie hier Ihr Passwort fest, um Ihren Zugang zu aktivieren:",
    "Der Link funktioniert einmal und läuft ab am ",
    "Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren."};

}  // namespace

MailText invitation_mail(Language language, const InvitationFacts& facts) {
  const InvitationWords& w = language == Language::de ? kGerman : kEnglish;
  const std::string expires = format_timestamp(facts.expires_at);
  MailText mail;
  mail.subject = w.subject;
  mail.text = std::string(w.greeting) + "\n\n" + facts.inviter + w.invited + w.for_company +
              facts.company + ".\n\n" + w.set_password + "\n" + facts.link + "\n\n" + w.expires +
              expires + " (UTC).\n\n" + w.ignore + "\n";
  mail.html = "<p>" + html_escape(w.greeting) + "</p><p>" + html_escape(facts.inviter) +
              html_escape(w.invited) + html_escape(w.for_company) + html_escape(facts.company) +
              ".</p><p>" + html_escape(w.set_password) + "<br><a href=\"" +
              html_escape(facts.link) + "\">" + html_escape(facts.link) + "</a></p><p>" +
              html_escape(w.expires) + html_escape(expires) + " (UTC).</p><p>" +
              html_escape(w.ignore) + "</p>";
  return mail;
}

}  // namespace keyward::core
