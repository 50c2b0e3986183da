#include "core/notification_mails.hpp"

#include <boost/json/value.hpp>

#include "core/html.hpp"
#include "core/time_format.hpp"

namespace keyward::core {
namespace {

const boost::json::value* member(const boost::json::object& object, std::string_view path1,
                                 std::string_view path2 = {}) {
  const auto* value = object.if_contains(path1);
  if (value && !path2.empty()) {
    value = value->is_object() ? value->get_object().if_contains(path2) : nullptr;
  }
  return value;
}

std::string text(const Event& event, std::string_view a, std::string_view b = {}) {
  const auto* value = member(event.data, a, b);
  return value && value->is_string() ? std::string(value->get_string()) : "";
}

std::string number(const Event& event, std::string_view a, std::string_view b = {}) {
  const auto* value = member(event.data, a, b);
  return value && value->is_int64() ? std::to_string(value->get_int64()) : "";
}

std::int64_t integer(const Event& event, std::string_view key) {
  const auto* value = member(event.data, key);
  return value && value->is_int64() ? value->get_int64() : 0;
}

std::string license_name(const Event& event) {
  const std::string name = text(event, "license", "name");
  return name.empty() ? text(event, "license", "key") : name;
}

// One paragraph per entry; the first is the greeting, the link goes last.
struct Mail {
  std::string subject;
  std::vector<std::string> paragraphs;
  std::string link_label;
  std::string link;
};

MailText render(const Mail& mail) {
  MailText out;
  out.subject = mail.subject;
  for (const auto& paragraph : mail.paragraphs) {
    out.text += paragraph + "\n\n";
    out.html += "<p>" + html_escape(paragraph) + "</p>";
  }
  if (!mail.link.empty()) {
    out.text += mail.link_label + "\n" + mail.link + "\n";
    out.html += "<p>" + html_escape(mail.link_label) + "<br><a href=\"" + html_escape(mail.link) +
                "\">" + html_escape(mail.link) + "</a></p>";
  }
  return out;
}

std::string license_link(const Event& event, const std::string& portal_url) {
  return event.license_id ? portal_url + "/licenses/" + std::to_string(*event.license_id) : "";
}

Mail threshold_mail(Language language, const Event& event) {
  const std::string name = license_name(event);
  const std::string customer = text(event, "customer", "name");
  const std::string used = number(event, "activations_used");
  std::string total = number(event, "activations_total");
  if (language == Language::de) {
    if (total.empty()) total = "unbegrenzt";
    return {"Lizenz " + name + ": " + used + " Aktivierungen erreicht",
            {"Guten Tag,",
             "die Lizenz " + name + " von " + customer + " hat " + used + " von " + total +
                 " Aktivierungen in Gebrauch und damit die Benachrichtigungsschwelle von " +
                 number(event, "notify_at") + " erreicht.",
             "Sie erhalten diese Nachricht erst wieder, wenn die Zahl unter die Schwelle fällt "
             "und sie erneut erreicht."},
            "Lizenz im Portal öffnen:"};
  }
  if (total.empty()) total = "unlimited";
  return {"License " + name + ": " + used + " activations reached",
          {"Hello,",
           "the license " + name + " of " + customer + " has " + used + " of " + total +
               " activations in use and so reached its notification threshold of " +
               number(event, "notify_at") + ".",
           "You will not hear about it again until the count falls below the threshold and "
           "reaches it once more."},
          "Open the license in the portal:"};
}

Mail infection_mail(Language language, const Event& event) {
  const std::string name = license_name(event);
  const std::string host = text(event, "device", "hostname");
  const std::string infections = number(event, "infections");
  if (language == Language::de) {
    return {"Bedrohung gefunden auf " + host,
            {"Guten Tag,",
             "das Gerät " + host + " (Lizenz " + name + ", " + text(event, "customer", "name") +
                 ") meldet " + infections + " gefundene Bedrohung(en).",
             "Prüfen Sie das Gerät und lassen Sie einen vollständigen Scan laufen."},
            "Lizenz im Portal öffnen:"};
  }
  return {"Threat found on " + host,
          {"Hello,",
           "the device " + host + " (license " + name + ", " + text(event, "customer", "name") +
               ") reports " + infections + " threat(s) found.",
           "Check the device and run a complete scan."},
          "Open the license in the portal:"};
}

Mail expiring_mail(Language language, const Event& event) {
  const std::string name = license_name(event);
  const std::string days = number(event, "days_left");
  const std::string date = format_date(integer(event, "expires_at"));
  if (language == Language::de) {
    return {"Lizenz " + name + " läuft in " + days + " Tagen ab",
            {"Guten Tag,",
             "die Lizenz " + name + " von " + text(event, "customer", "name") + " läuft am " +
                 date + " ab (in " + days + " Tagen).",
             "Danach sind keine Aktivierungen und Downloads mehr möglich. Verlängern Sie sie "
             "rechtzeitig."},
            "Lizenz im Portal öffnen:"};
  }
  return {"License " + name + " expires in " + days + " days",
          {"Hello,",
           "the license " + name + " of " + text(event, "customer", "name") + " expires on " +
               date + " (in " + days + " days).",
           "After that, no activations or downloads are possible. Renew it in time."},
          "Open the license in the portal:"};
}

Mail export_mail(Language language, const Event& event) {
  const std::string what = text(event, "table") + " (" + text(event, "format") + ")";
  if (language == Language::de) {
    return {"Ihr Export ist fertig",
            {"Guten Tag,", "Ihr Export " + what + " ist fertig. Die Datei steht einen Tag bereit."},
            "Herunterladen:"};
  }
  return {"Your export is ready",
          {"Hello,", "your export " + what + " is ready. The file is kept for one day."},
          "Download:"};
}

}  // namespace

std::optional<MailText> notification_mail(Language language, const Event& event,
                                          const std::string& portal_url) {
  Mail mail;
  switch (event.type) {
    case EventType::threshold_reached:
      mail = threshold_mail(language, event);
      mail.link = license_link(event, portal_url);
      break;
    case EventType::infection:
      mail = infection_mail(language, event);
      mail.link = license_link(event, portal_url);
      break;
    case EventType::license_expiring:
      mail = expiring_mail(language, event);
      mail.link = license_link(event, portal_url);
      break;
    case EventType::export_done:
      mail = export_mail(language, event);
      mail.link = text(event, "download_url");
      break;
    case EventType::activation:
    case EventType::deactivation:
    case EventType::test:
      return std::nullopt;
  }
  return render(mail);
}

MailText recipient_verification_mail(Language language, const VerificationFacts& facts) {
  const std::string expires = format_timestamp(facts.expires_at);
  if (language == Language::de) {
    return render({"Benachrichtigungen für Lizenz " + facts.license + " bestätigen",
                   {"Guten Tag,",
                    "diese Adresse wurde als Empfänger von Benachrichtigungen zur Lizenz " +
                        facts.license + " eingetragen.",
                    "Der Link funktioniert einmal und läuft ab am " + expires +
                        " (UTC). Wenn Sie diese Mail nicht erwartet haben, ignorieren Sie sie: "
                        "Sie erhalten sonst nichts."},
                   "Um die Benachrichtigungen zu erhalten, öffnen Sie diesen Link:",
                   facts.link});
  }
  return render({"Confirm notifications for license " + facts.license,
                 {"Hello,",
                  "this address was added as a recipient of notifications about the license " +
                      facts.license + ".",
                  "The link works once and expires on " + expires +
                      " (UTC). If you did not expect this mail, ignore it: you will get nothing "
                      "else."},
                 "To receive the notifications, open this link:",
                 facts.link});
}

}  // namespace keyward::core
