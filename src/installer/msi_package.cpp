#include "installer/msi_package.hpp"

#include <libmsi.h>

#include <array>
#include <fstream>
#include <memory>
#include <optional>

#include "core/error.hpp"

namespace keyward::installer {
namespace {

// Every OLE compound file (and so every MSI) starts with these bytes. libmsi answers a file
// without them with NULL and an empty GError, so the check comes first.
constexpr std::array<unsigned char, 8> kCompoundFileMagic{0xD0, 0xCF, 0x11, 0xE0,
                                                          0xA1, 0xB1, 0x1A, 0xE1};

struct GObjectDeleter {
  void operator()(void* object) const {
    if (object) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectDeleter>;

// One libmsi call's error. libmsi fails silently when handed an error that is already set,
// so each call gets a fresh one.
class MsiError {
 public:
  MsiError() = default;
  ~MsiError() { g_clear_error(&error_); }
  MsiError(const MsiError&) = delete;
  MsiError& operator=(const MsiError&) = delete;
  GError** out() {
    g_clear_error(&error_);
    return &error_;
  }
  std::string message() const { return error_ ? error_->message : "unknown libmsi error"; }

 private:
  GError* error_ = nullptr;
};

[[noreturn]] void fail(const std::string& what, const MsiError& error) {
  throw core::Error(core::ErrorKind::internal, "msi_failed", what + ": " + error.message());
}

bool has_compound_file_magic(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<char, kCompoundFileMagic.size()> head{};
  if (!in.read(head.data(), head.size())) return false;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (static_cast<unsigned char>(head[i]) != kCompoundFileMagic[i]) return false;
  }
  return true;
}

GObjectPtr<LibmsiDatabase> open_database(const std::filesystem::path& file, guint flags,
                                         const char* persist) {
  MsiError error;
  GObjectPtr<LibmsiDatabase> database(
      libmsi_database_new(file.c_str(), flags, persist, error.out()));
  if (!database) fail("can not open " + file.filename().string(), error);
  return database;
}

GObjectPtr<LibmsiQuery> run_query(LibmsiDatabase* database, const char* sql,
                                  const std::vector<std::string>& arguments) {
  MsiError error;
  GObjectPtr<LibmsiQuery> query(libmsi_query_new(database, sql, error.out()));
  if (!query) fail(std::string("can not prepare ") + sql, error);
  GObjectPtr<LibmsiRecord> record(libmsi_record_new(static_cast<guint>(arguments.size())));
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    libmsi_record_set_string(record.get(), static_cast<guint>(i + 1), arguments[i].c_str());
  }
  if (!libmsi_query_execute(query.get(), record.get(), error.out())) {
    fail(std::string("can not run ") + sql, error);
  }
  return query;
}

std::optional<std::string> property_value(LibmsiDatabase* database, const std::string& name) {
  const auto query =
      run_query(database, "SELECT `Value` FROM `Property` WHERE `Property` = ?", {name});
  MsiError error;
  GObjectPtr<LibmsiRecord> row(libmsi_query_fetch(query.get(), error.out()));
  if (!row) return std::nullopt;
  gchar* value = libmsi_record_get_string(row.get(), 1);
  std::string text = value ? value : "";
  g_free(value);
  return text;
}

void upsert_property(LibmsiDatabase* database, const std::string& name, const std::string& value) {
  if (property_value(database, name)) {
    run_query(database, "UPDATE `Property` SET `Value` = ? WHERE `Property` = ?", {value, name});
  } else {
    run_query(database, "INSERT INTO `Property` (`Property`, `Value`) VALUES (?, ?)",
              {name, value});
  }
}

std::string summary_string(LibmsiSummaryInfo* summary, LibmsiProperty property) {
  MsiError error;
  const gchar* value = libmsi_summary_info_get_string(summary, property, error.out());
  return value ? value : "";
}

GObjectPtr<LibmsiSummaryInfo> summary_of(LibmsiDatabase* database, guint update_count) {
  MsiError error;
  GObjectPtr<LibmsiSummaryInfo> summary(
      libmsi_summary_info_new(database, update_count, error.out()));
  if (!summary) fail("can not read the summary information", error);
  return summary;
}

}  // namespace

MsiFacts read_msi_facts(const std::filesystem::path& file, const std::string& field) {
  if (!has_compound_file_magic(file)) {
    throw core::invalid_request(field, "is not a Windows Installer package (MSI)");
  }
  MsiError error;
  GObjectPtr<LibmsiDatabase> database(
      libmsi_database_new(file.c_str(), LIBMSI_DB_FLAGS_READONLY, nullptr, error.out()));
  if (!database) throw core::invalid_request(field, "is not a readable Windows Installer package");
  // A compound file that is no MSI (a .doc, say) lacks the summary or the Property table.
  try {
    const auto summary = summary_of(database.get(), 0);
    const std::string template_text = summary_string(summary.get(), LIBMSI_PROPERTY_TEMPLATE);
    MsiFacts facts;
    facts.platform = template_text.substr(0, template_text.find(';'));
    facts.package_code = summary_string(summary.get(), LIBMSI_PROPERTY_UUID);
    facts.product_name = property_value(database.get(), "ProductName").value_or("");
    facts.product_version = property_value(database.get(), "ProductVersion").value_or("");
    return facts;
  } catch (const core::Error&) {
    throw core::invalid_request(
        field, "is not a Windows Installer package (no summary or Property table)");
  }
}

void write_preconfigured_msi(const std::filesystem::path& original,
                             const std::filesystem::path& output,
                             const std::vector<std::pair<std::string, std::string>>& properties,
                             const std::string& package_code) {
  // TRANSACT with a persist path: libmsi reads `original` and writes everything to `output`
  // at commit, leaving the original untouched.
  const std::string persist = output.string();
  const auto database = open_database(original, LIBMSI_DB_FLAGS_TRANSACT, persist.c_str());
  for (const auto& [name, value] : properties) upsert_property(database.get(), name, value);
  {
    const auto summary = summary_of(database.get(), 1);
    MsiError error;
    if (!libmsi_summary_info_set_string(summary.get(), LIBMSI_PROPERTY_UUID, package_code.c_str(),
                                        error.out())) {
      fail("can not set the package code", error);
    }
    if (!libmsi_summary_info_persist(summary.get(), error.out())) {
      fail("can not write the summary information", error);
    }
  }
  MsiError error;
  if (!libmsi_database_commit(database.get(), error.out())) fail("can not write the MSI", error);
}

}  // namespace keyward::installer
