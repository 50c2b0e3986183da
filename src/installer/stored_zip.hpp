#pragma once
// A ZIP archive whose entries are stored, not compressed (SPEC.md §4: the MSI keeps its
// signature intact, and deflate would save ~1% of an MSI at ten times the cost). The
// archive is produced as the bytes around each entry's data, so an entry's data can be
// streamed straight from its file: local header, data, local header, data, …, central
// directory. Entries and the archive stay below 4 GiB (no ZIP64).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keyward::installer {

// CRC-32 (ISO-HDLC, as ZIP uses it), continued from `crc` over `data`.
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0);

struct ZipEntry {
  std::string name;  // ASCII path inside the archive
  std::uint64_t size = 0;
  std::uint32_t crc32 = 0;
};

class StoredZip {
 public:
  // `modified`: unix seconds, shown as the entries' date (DOS time, UTC).
  explicit StoredZip(std::int64_t modified);
  // The local header that must precede the entry's data. Throws core::Error too_large past
  // the 4 GiB the format allows without ZIP64.
  std::string local_header(const ZipEntry& entry);
  // The central directory and its end record, after the last entry's data.
  std::string finish() const;
  // Bytes written so far (headers and data of every entry added).
  std::uint64_t size() const { return offset_; }

 private:
  struct Placed {
    ZipEntry entry;
    std::uint64_t offset = 0;
  };
  std::uint16_t dos_time_ = 0;
  std::uint16_t dos_date_ = 0;
  std::vector<Placed> entries_;
  std::uint64_t offset_ = 0;
};

}  // namespace keyward::installer
