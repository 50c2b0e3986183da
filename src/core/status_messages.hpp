#pragma once
// The words of the status table: for every status its message, what it means and what to do,
// in English and German, filled with the status parameters. Dates are UTC days, written the
// way each language writes them (2026-11-02 / 02.11.2026).

#include <chrono>
#include <string>
#include <string_view>

#include "core/device_status.hpp"
#include "core/entities.hpp"

namespace keyward::core {

struct StatusText {
  std::string message;      // "No contact for 9 days"
  std::string explanation;  // why the status applies
  std::string action;       // the recommended action
};

StatusText status_text(const DeviceStatus& status, Language language);

// The name of a filter key in the status filter ("No contact" / "Kein Kontakt").
std::string_view filter_label(FilterKey key, Language language);

// A UTC day as `language` writes it.
std::string format_day(std::chrono::sys_days day, Language language);

}  // namespace keyward::core
