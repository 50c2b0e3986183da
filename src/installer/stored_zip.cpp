#include "installer/stored_zip.hpp"

#include <array>
#include <ctime>
#include <limits>

#include "core/error.hpp"

namespace keyward::installer {
namespace {

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint16_t kVersion = 20;  // 2.0: what stored entries need
constexpr std::uint16_t kUtf8NameFlag = 0x0800;
constexpr std::uint16_t kStored = 0;
constexpr std::uint64_t kLimit = std::numeric_limits<std::uint32_t>::max();

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr auto kCrcTable = make_crc_table();

void put16(std::string& out, std::uint64_t value) {
  out += static_cast<char>(value & 0xff);
  out += static_cast<char>((value >> 8) & 0xff);
}

void put32(std::string& out, std::uint64_t value) {
  put16(out, value & 0xffff);
  put16(out, (value >> 16) & 0xffff);
}

// Version needed, flags, method, time, date, CRC and sizes: the part both headers share.
void put_common(std::string& out, const ZipEntry& entry, std::uint16_t time, std::uint16_t date) {
  put16(out, kVersion);
  put16(out, kUtf8NameFlag);
  put16(out, kStored);
  put16(out, time);
  put16(out, date);
  put32(out, entry.crc32);
  put32(out, entry.size);  // compressed size: stored
  put32(out, entry.size);
  put16(out, entry.name.size());
}

}  // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t crc) {
  crc = ~crc;
  for (const char c : data)
    crc = kCrcTable[(crc ^ static_cast<unsigned char>(c)) & 0xff] ^ (crc >> 8);
  return ~crc;
}

StoredZip::StoredZip(std::int64_t modified) {
  const std::time_t time = static_cast<std::time_t>(modified);
  std::tm utc{};
  gmtime_r(&time, &utc);
  // DOS dates start in 1980; seconds are stored halved.
  const int year = utc.tm_year + 1900 < 1980 ? 0 : utc.tm_year + 1900 - 1980;
  dos_time_ =
      static_cast<std::uint16_t>((utc.tm_hour << 11) | (utc.tm_min << 5) | (utc.tm_sec / 2));
  dos_date_ = static_cast<std::uint16_t>((year << 9) | ((utc.tm_mon + 1) << 5) | utc.tm_mday);
}

std::string StoredZip::local_header(const ZipEntry& entry) {
  if (entry.size >= kLimit || offset_ >= kLimit) {
    throw core::Error(core::ErrorKind::too_large, "file_too_large",
                      "a ZIP archive without ZIP64 holds at most 4 GiB");
  }
  std::string header;
  put32(header, kLocalHeaderSignature);
  put_common(header, entry, dos_time_, dos_date_);
  put16(header, 0);  // no extra field
  header += entry.name;
  entries_.push_back({entry, offset_});
  offset_ += header.size() + entry.size;
  return header;
}

std::string StoredZip::finish() const {
  std::string directory;
  for (const auto& [entry, offset] : entries_) {
    put32(directory, kCentralHeaderSignature);
    put16(directory, kVersion);  // made by: MS-DOS, 2.0
    put_common(directory, entry, dos_time_, dos_date_);
    put16(directory, 0);  // extra field
    put16(directory, 0);  // comment
    put16(directory, 0);  // disk number
    put16(directory, 0);  // internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, offset);
    directory += entry.name;
  }
  std::string end;
  put32(end, kEndSignature);
  put16(end, 0);  // this disk
  put16(end, 0);  // disk of the central directory
  put16(end, entries_.size());
  put16(end, entries_.size());
  put32(end, directory.size());
  put32(end, offset_);
  put16(end, 0);  // comment length
  return directory + end;
}

}  // namespace keyward::installer
