#include "app/export_columns.hpp"

#include <span>

#include "core/error.hpp"
#include "core/status_messages.hpp"

namespace keyward::app {
namespace {

using exports::Cell;
using exports::CellType;
using exports::DateTime;
using License = store::LicenseView;
using Device = DeviceListItem;

Cell text(std::string value) { return Cell(std::move(value)); }
Cell number(std::optional<std::int64_t> value) { return value ? Cell(*value) : Cell(); }
Cell date(core::UnixTime at) { return Cell(DateTime{at}); }

// "Windows 11 Pro 24H2 (26100)"
std::string os_text(const core::Device& device) {
  std::string os = device.os_name;
  if (!device.os_version.empty()) os += " " + device.os_version;
  if (!device.os_build.empty()) os += " (" + device.os_build + ")";
  return os;
}

// The worst status per category, as the list shows them: "Up to date; Settings applied".
std::string status_text(const Device& item, core::Language language) {
  std::string joined;
  for (const auto& status : item.status.worst_per_category) {
    if (!joined.empty()) joined += "; ";
    joined += core::status_text(status, language).message;
  }
  return joined;
}

constexpr LicenseExportColumns::Definition kLicenseColumns[] = {
    {"name", CellType::text, "License", "Lizenz",
     [](const License& l, core::Language) { return text(l.license.name); }},
    {"key", CellType::text, "License key", "Lizenzschlüssel",
     [](const License& l, core::Language) { return text(l.license.key); }},
    {"customer", CellType::text, "Customer", "Kunde",
     [](const License& l, core::Language) { return text(l.customer_name); }},
    {"type", CellType::text, "Type", "Typ",
     [](const License& l, core::Language) { return text(std::string(core::to_string(l.license.type))); }},
    {"activations", CellType::number, "Activations used", "Aktivierungen belegt",
     [](const License& l, core::Language) { return number(l.license.seats_used); }},
    {"activations", CellType::number, "Activations allowed", "Aktivierungen erlaubt",
     [](const License& l, core::Language) { return number(l.license.seats_total); }},
    {"expires_at", CellType::date, "Expires (UTC)", "Ablauf (UTC)",
     [](const License& l, core::Language) { return date(l.license.expires_at); }},
    {"group", CellType::text, "Main group", "Hauptgruppe",
     [](const License& l, core::Language) { return text(l.group_name); }},
    {"notify_at", CellType::number, "Notify at", "Benachrichtigen ab",
     [](const License& l, core::Language) { return number(l.license.notify_at); }},
    {"created_at", CellType::date, "Created (UTC)", "Angelegt (UTC)",
     [](const License& l, core::Language) { return date(l.license.created_at); }},
};

constexpr DeviceExportColumns::Definition kDeviceColumns[] = {
    {"hostname", CellType::text, "Host name", "Hostname",
     [](const Device& d, core::Language) { return text(d.view.device.hostname); }},
    {"description", CellType::text, "Description", "Beschreibung",
     [](const Device& d, core::Language) { return text(d.view.device.description); }},
    {"group", CellType::text, "Group", "Gruppe",
     [](const Device& d, core::Language) { return text(d.view.group_name); }},
    {"license", CellType::text, "License", "Lizenz",
     [](const Device& d, core::Language) { return text(d.view.license_name); }},
    {"customer", CellType::text, "Customer", "Kunde",
     [](const Device& d, core::Language) { return text(d.view.customer_name); }},
    {"ip", CellType::text, "IP address", "IP-Adresse",
     [](const Device& d, core::Language) { return text(d.view.device.ip); }},
    {"domain", CellType::text, "Domain", "Domäne",
     [](const Device& d, core::Language) { return text(d.view.device.domain); }},
    {"os", CellType::text, "Operating system", "Betriebssystem",
     [](const Device& d, core::Language) { return text(os_text(d.view.device)); }},
    {"infections", CellType::number, "Infections", "Infektionen",
     [](const Device& d, core::Language) { return number(d.view.device.infections); }},
    {"status", CellType::text, "Status", "Status",
     [](const Device& d, core::Language language) { return text(status_text(d, language)); }},
    {"client_version", CellType::text, "Client version", "Client-Version",
     [](const Device& d, core::Language) { return text(d.view.device.client_version); }},
    {"last_contact_at", CellType::date, "Last contact (UTC)", "Letzter Kontakt (UTC)",
     [](const Device& d, core::Language) { return date(d.view.device.last_contact_at); }},
};

template <typename Item>
std::span<const typename ExportColumns<Item>::Definition> definitions();
template <>
std::span<const LicenseExportColumns::Definition> definitions<License>() {
  return kLicenseColumns;
}
template <>
std::span<const DeviceExportColumns::Definition> definitions<Device>() {
  return kDeviceColumns;
}

}  // namespace

template <typename Item>
ExportColumns<Item>::ExportColumns(const std::vector<std::string>& keys, core::Language language)
    : language_(language) {
  for (const auto& key : keys) {
    bool known = false;
    for (const auto& definition : definitions<Item>()) {
      if (definition.key != key) continue;
      known = true;
      chosen_.push_back(&definition);
      header_.push_back({std::string(language == core::Language::de ? definition.title_de
                                                                    : definition.title_en),
                         definition.type});
    }
    if (!known) throw core::invalid_request("columns", "unknown column \"" + key + "\"");
  }
}

template <typename Item>
void ExportColumns<Item>::fill(const Item& item, std::vector<exports::Cell>& cells) const {
  cells.resize(chosen_.size());
  for (std::size_t i = 0; i < chosen_.size(); ++i) cells[i] = chosen_[i]->cell(item, language_);
}

template class ExportColumns<License>;
template class ExportColumns<Device>;

}  // namespace keyward::app
