#pragma once
// The columns of the exports: for each column key a user can show in the licenses or devices
// table (core/preferences.hpp), its header in English and German, its cell type and how a
// row fills it. Keys are taken in the user's order; "activations" gives two number columns
// (used and allowed), since "3 / 10" would be text a spreadsheet can not compute with.

#include <string>
#include <vector>

#include "app/device_list.hpp"
#include "core/entities.hpp"
#include "export/table.hpp"
#include "store/license_directory.hpp"

namespace keyward::app {

// The cells of one table row for the chosen column keys.
template <typename Item>
class ExportColumns {
 public:
  struct Definition {
    std::string_view key;  // the column key of the preferences
    exports::CellType type;
    std::string_view title_en;
    std::string_view title_de;
    exports::Cell (*cell)(const Item& item, core::Language language);
  };

  // Throws core::Error invalid_request for a key the table does not have.
  ExportColumns(const std::vector<std::string>& keys, core::Language language);
  const std::vector<exports::Column>& header() const { return header_; }
  // Fills `cells` (reused from row to row) with the row of `item`.
  void fill(const Item& item, std::vector<exports::Cell>& cells) const;

 private:
  std::vector<const Definition*> chosen_;
  std::vector<exports::Column> header_;
  core::Language language_;
};

using LicenseExportColumns = ExportColumns<store::LicenseView>;
using DeviceExportColumns = ExportColumns<DeviceListItem>;

}  // namespace keyward::app
