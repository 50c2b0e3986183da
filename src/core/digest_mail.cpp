#include "core/digest_mail.hpp"

#include "core/html.hpp"
#include "core/time_format.hpp"

namespace keyward::core {
namespace {

struct DigestWords {
  const char* subject_one;   // "1 customer needs attention"
  const char* subject_many;  // "N customers need attention", N in front
  const char* subject_prefix;
  const char* greeting;
  const char* intro;  // "These customers of <reseller> need attention today (<date>):"
  const char* intro_of;
  const char* seats;     // "Activations nearly used up: <license> <used>/<total> (<p> %)"
  const char* expiring;  // "Expires soon: <license> on <date>"
  const char* expiring_on;
  const char* stale_one;   // "1 active device not seen for more than N days"
  const char* stale_many;  // "M active devices not seen for more than N days"
  const char* stale_days;
  const char* open;
  const char* why;  // "You receive this digest as an administrator of <reseller>."
};

constexpr DigestWords kEnglish{" customer needs attention",
                               " customers need attention",
                               "Keyward daily digest: ",
                               "Hello,",
                               "These customers of ",
                               " need attention today",
                               "Activations nearly used up: ",
                               "Expires soon: ",
                               " on ",
                               " active device not seen for more than ",
                               " active devices not seen for more than ",
                               " days",
                               "Open Keyward:",
                               "You receive this digest once a day as an administrator of "};

constexpr DigestWords kGerman{" Kunde braucht Aufmerksamkeit",
                              " Kunden brauchen Aufmerksamkeit",
                              "Keyward-Tagesübersicht: ",
                              "Guten Tag,",
                              "Diese Kunden von ",
                              " brauchen heute Aufmerksamkeit",
                              "Aktivierungen fast aufgebraucht: ",
                              "Läuft bald ab: ",
                              " am ",
                              " aktives Gerät seit mehr als ",
                              " aktive Geräte seit mehr als ",
                              " Tagen ohne Kontakt",
                              "Keyward öffnen:",
                              "Sie erhalten diese Übersicht einmal täglich als Administrator von "};

std::string seats_line(const DigestWords& w, const DigestLicense& license) {
  const std::int64_t total = license.seats_total.value_or(0);
  const std::int64_t percent = total > 0 ? license.seats_used * 100 / total : 0;
  return w.seats + license.name + " " + std::to_string(license.seats_used) + "/" +
         std::to_string(total) + " (" + std::to_string(percent) + " %)";
}

std::string expiring_line(const DigestWords& w, const DigestLicense& license) {
  return w.expiring + license.name + w.expiring_on + format_date(license.expires_at);
}

std::string stale_line(const DigestWords& w, std::int64_t devices, std::int64_t days) {
  return std::to_string(devices) + (devices == 1 ? w.stale_one : w.stale_many) +
         std::to_string(days) + w.stale_days;
}

// The findings about one customer, one line each.
std::vector<std::string> findings(const DigestWords& w, const DigestCustomer& customer,
                                  std::int64_t stale_days) {
  std::vector<std::string> lines;
  for (const auto& license : customer.near_seat_limit) lines.push_back(seats_line(w, license));
  for (const auto& license : customer.expiring) lines.push_back(expiring_line(w, license));
  if (customer.stale_devices > 0) {
    lines.push_back(stale_line(w, customer.stale_devices, stale_days));
  }
  return lines;
}

}  // namespace

MailText digest_mail(Language language, const ResellerDigest& digest,
                     const DigestMailContext& context) {
  const DigestWords& w = language == Language::de ? kGerman : kEnglish;
  const std::size_t count = digest.customers.size();
  const std::string link = context.portal_url + "/licenses";
  const std::string intro = std::string(w.intro) + context.reseller_name + w.intro_of + " (" +
                            format_date(context.now) + "):";
  MailText mail;
  mail.subject = std::string(w.subject_prefix) + std::to_string(count) +
                 (count == 1 ? w.subject_one : w.subject_many);
  mail.text = std::string(w.greeting) + "\n\n" + intro + "\n";
  mail.html = "<p>" + html_escape(w.greeting) + "</p><p>" + html_escape(intro) + "</p>";
  for (const DigestCustomer& customer : digest.customers) {
    mail.text += "\n" + customer.name + "\n";
    mail.html += "<h3>" + html_escape(customer.name) + "</h3><ul>";
    for (const std::string& line : findings(w, customer, context.stale_days)) {
      mail.text += "  - " + line + "\n";
      mail.html += "<li>" + html_escape(line) + "</li>";
    }
    mail.html += "</ul>";
  }
  const std::string why = std::string(w.why) + context.reseller_name + ".";
  mail.text += "\n" + std::string(w.open) + " " + link + "\n\n" + why + "\n";
  mail.html += "<p>" + html_escape(w.open) + " <a href=\"" + html_escape(link) + "\">" +
               html_escape(link) + "</a></p><p>" + html_escape(why) + "</p>";
  return mail;
}

}  // namespace keyward::core
