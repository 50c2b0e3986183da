#include "core/status_messages.hpp"

#include <cstdio>

namespace keyward::core {

namespace {

struct Texts {
  std::string_view en;
  std::string_view de;
};

std::string pick(Language language, const Texts& texts) {
  return std::string(language == Language::de ? texts.de : texts.en);
}

std::string number(std::int64_t value) { return std::to_string(value); }

StatusText device_ok(Language l) {
  return {pick(l, {"The device is up to date", "Das Gerät ist auf dem aktuellen Stand"}),
          pick(l, {"The device is in contact, protected and runs the current client.",
                   "Das Gerät meldet sich, ist geschützt und nutzt den aktuellen Client."}),
          pick(l, {"No action needed.", "Keine Aktion erforderlich."})};
}

StatusText settings_ok(const StatusParameters& p, Language l) {
  std::string message;
  if (p.date) {
    message = (l == Language::de ? "Einstellungen übernommen am " : "Settings applied on ") +
              format_day(*p.date, l);
  } else {
    message = pick(l, {"Settings applied", "Einstellungen übernommen"});
  }
  return {std::move(message),
          pick(l, {"The device uses the current settings of its configuration profile.",
                   "Das Gerät nutzt die aktuellen Einstellungen seines Konfigurationsprofils."}),
          pick(l, {"No action needed.", "Keine Aktion erforderlich."})};
}

StatusText unknown(const StatusParameters& p, Language l) {
  const std::int64_t days = p.days_without_contact.value_or(0);
  std::string message;
  if (l == Language::de) {
    message = "Seit " + number(days) + (days == 1 ? " Tag" : " Tagen") + " kein Kontakt";
  } else {
    message = "No contact for " + number(days) + (days == 1 ? " day" : " days");
  }
  return {std::move(message),
          pick(l, {"The device is switched off, no longer exists, or cannot reach the server.",
                   "Das Gerät ist ausgeschaltet, existiert nicht mehr oder erreicht den Server "
                   "nicht."}),
          pick(l, {"Check the device and its network connection.",
                   "Prüfen Sie das Gerät und seine Netzwerkverbindung."})};
}

StatusText threatened(const StatusParameters& p, Language l) {
  const std::int64_t count = p.threat_count.value_or(0);
  std::string message;
  if (l == Language::de) {
    message = number(count) + (count == 1 ? " Bedrohung gefunden" : " Bedrohungen gefunden");
  } else {
    message = number(count) + (count == 1 ? " threat found" : " threats found");
  }
  return {std::move(message),
          pick(l, {"Threats were found on the device and are not yet removed.",
                   "Auf dem Gerät wurden Bedrohungen gefunden, die noch nicht entfernt sind."}),
          pick(l, {"Check the device and the threats found.",
                   "Prüfen Sie das Gerät und die gefundenen Bedrohungen."})};
}

StatusText obsolete(const StatusParameters& p, Language l) {
  const std::string version = p.version.value_or("");
  const std::string current = p.required_version.value_or("");
  if (l == Language::de) {
    return {"Version " + version + " ist nicht aktuell",
            "Das Gerät ist mit dem Server verbunden, nutzt aber nicht die aktuelle Clientversion.",
            "Aktualisieren Sie den Client auf Version " + current + "."};
  }
  return {"Version " + version + " is not current",
          "The device is connected to the server but does not run the current client version.",
          "Update the client to version " + current + "."};
}

StatusText insecure(Language l) {
  return {pick(l, {"Protection is incomplete", "Der Schutz ist unvollständig"}),
          pick(l, {"Real-time protection or updates are disabled on the device.",
                   "Echtzeitschutz oder Updates sind auf dem Gerät deaktiviert."}),
          pick(l, {"Check the device and the client settings.",
                   "Prüfen Sie das Gerät und die Einstellungen des Clients."})};
}

StatusText deactivated(const StatusParameters& p, Language l) {
  std::string message;
  if (p.date) {
    message = (l == Language::de ? "Deaktiviert am " : "Deactivated on ") + format_day(*p.date, l);
  } else {
    message = pick(l, {"Deactivated", "Deaktiviert"});
  }
  return {std::move(message),
          pick(l, {"The device was deactivated in the portal and no longer uses an activation "
                   "of the license.",
                   "Das Gerät wurde im Portal deaktiviert und belegt keine Aktivierung der "
                   "Lizenz mehr."}),
          pick(l, {"Activate the device again if it needs protection, or delete it.",
                   "Aktivieren Sie das Gerät wieder, wenn es geschützt werden soll, oder "
                   "löschen Sie es."})};
}

StatusText eol(const StatusParameters& p, Language l) {
  const std::string day = p.date ? format_day(*p.date, l) : std::string();
  if (l == Language::de) {
    const std::string os = p.os_name ? *p.os_name : "das Betriebssystem";
    return {"Microsoft hat den Support für " + os + " am " + day + " beendet",
            "Für das Betriebssystem gibt es möglicherweise keine Sicherheitsupdates mehr.",
            "Aktualisieren oder wechseln Sie das Betriebssystem."};
  }
  const std::string os = p.os_name ? *p.os_name : "the operating system";
  return {"Microsoft ended support for " + os + " on " + day,
          "The operating system may no longer receive security updates.",
          "Upgrade or replace the operating system."};
}

StatusText settings_incomplete(Language l) {
  return {pick(l, {"The settings do not match the configuration profile",
                   "Die Einstellungen entsprechen nicht dem Konfigurationsprofil"}),
          pick(l, {"The device has not applied the current settings of its configuration "
                   "profile.",
                   "Das Gerät hat die aktuellen Einstellungen seines Konfigurationsprofils nicht "
                   "übernommen."}),
          pick(l, {"Check the device and transmit the configuration again.",
                   "Prüfen Sie das Gerät und übertragen Sie die Konfiguration erneut."})};
}

StatusText profile_missing(Language l) {
  return {pick(l, {"The device's group has no configuration profile",
                   "Die Gruppe des Geräts hat kein Konfigurationsprofil"}),
          pick(l, {"Without a profile the device keeps the settings it was installed with.",
                   "Ohne Profil behält das Gerät die Einstellungen seiner Installation."}),
          pick(l, {"Assign a configuration profile to the group.",
                   "Weisen Sie der Gruppe ein Konfigurationsprofil zu."})};
}

StatusText no_remote_settings(const StatusParameters& p, Language l) {
  const std::string version = p.version.value_or("");
  const std::string minimum = p.required_version.value_or("");
  if (l == Language::de) {
    return {
        "Version " + version + " unterstützt keine Einstellungen aus dem Portal",
        "Clients vor Version " + minimum + " können keine Einstellungen aus dem Portal empfangen.",
        "Aktualisieren Sie den Client auf Version " + minimum + " oder neuer."};
  }
  return {"Version " + version + " does not support settings from the portal",
          "Clients older than version " + minimum + " cannot receive settings from the portal.",
          "Update the client to version " + minimum + " or later."};
}

StatusText review(Language l) {
  return {pick(l, {"The host name is used by several devices of this license",
                   "Der Hostname wird von mehreren Geräten dieser Lizenz verwendet"}),
          pick(l, {"Several devices of the license report the same host name; one of them may "
                   "be a reinstalled or cloned machine.",
                   "Mehrere Geräte der Lizenz melden denselben Hostnamen; eines davon ist "
                   "vielleicht neu installiert oder geklont."}),
          pick(l, {"Check the devices and their host names, and delete the ones no longer in "
                   "use.",
                   "Prüfen Sie die Geräte und ihre Hostnamen und löschen Sie nicht mehr "
                   "genutzte Geräte."})};
}

StatusText muted(Language l) {
  return {pick(l, {"All notifications are muted", "Alle Benachrichtigungen sind stummgeschaltet"}),
          pick(l, {"No notifications are sent for this device.",
                   "Für dieses Gerät werden keine Benachrichtigungen versendet."}),
          pick(l, {"Unmute the notifications to be informed about this device again.",
                   "Heben Sie die Stummschaltung auf, um wieder über dieses Gerät informiert "
                   "zu werden."})};
}

StatusText partly_muted(Language l) {
  return {
      pick(l, {"Some notifications are muted", "Einige Benachrichtigungen sind stummgeschaltet"}),
      pick(l, {"Some notifications for this device are not sent.",
               "Einige Benachrichtigungen für dieses Gerät werden nicht versendet."}),
      pick(l, {"Check which notifications are muted and unmute the ones you need.",
               "Prüfen Sie, welche Benachrichtigungen stummgeschaltet sind, und aktivieren "
               "Sie die benötigten wieder."})};
}

}  // namespace

std::string format_day(std::chrono::sys_days day, Language language) {
  const std::chrono::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day_of_month = static_cast<unsigned>(ymd.day());
  char text[16];
  if (language == Language::de) {
    std::snprintf(text, sizeof text, "%02u.%02u.%04d", day_of_month, month, year);
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, day_of_month);
  }
  return text;
}

StatusText status_text(const DeviceStatus& status, Language language) {
  const StatusParameters& p = status.parameters;
  if (!status.key) {
    return status.category == StatusCategory::settings ? settings_ok(p, language)
                                                       : device_ok(language);
  }
  switch (*status.key) {
    case FilterKey::unknown:
      return unknown(p, language);
    case FilterKey::threatened:
      return threatened(p, language);
    case FilterKey::obsolete:
      return obsolete(p, language);
    case FilterKey::insecure:
      return insecure(language);
    case FilterKey::deactivated:
      return deactivated(p, language);
    case FilterKey::eol:
      return eol(p, language);
    case FilterKey::settings_incomplete:
      return settings_incomplete(language);
    case FilterKey::profile_missing:
      return profile_missing(language);
    case FilterKey::no_remote_settings:
      return no_remote_settings(p, language);
    case FilterKey::review:
      return review(language);
    case FilterKey::muted:
      return muted(language);
    case FilterKey::partly_muted:
      return partly_muted(language);
  }
  return device_ok(language);
}

std::string_view filter_label(FilterKey key, Language language) {
  static constexpr std::array<Texts, kAllFilterKeys.size()> kLabels = {{
      {"No contact", "Kein Kontakt"},
      {"Threats found", "Bedrohungen gefunden"},
      {"Client outdated", "Client veraltet"},
      {"Protection disabled", "Schutz deaktiviert"},
      {"Deactivated", "Deaktiviert"},
      {"Operating system end of life", "Betriebssystem ohne Support"},
      {"Settings incomplete", "Einstellungen unvollständig"},
      {"Configuration profile missing", "Konfigurationsprofil fehlt"},
      {"No remote settings", "Keine Einstellungen aus dem Portal"},
      {"Review", "Überprüfen"},
      {"Muted", "Stummgeschaltet"},
      {"Partly muted", "Teilweise stummgeschaltet"},
  }};
  const Texts& label = kLabels[static_cast<std::size_t>(bit_of(key))];
  return language == Language::de ? label.de : label.en;
}

}  // namespace keyward::core
