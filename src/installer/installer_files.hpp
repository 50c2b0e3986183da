#pragma once
// The installer files on disk, below the server's data directory:
//   <data-dir>/installers/<arch>/<version>-<sha256 prefix>.msi   published MSIs (never changed)
//   <data-dir>/tmp/                                               uploads being published
// With several servers on one database, the data directory must be shared storage.
// Preconfigured MSIs are built in a work directory that should be a RAM file system
// (default /dev/shm/keyward): they live only while they are sent, and writing 20 MB each
// to a disk would make the database's fsyncs wait behind their write-back.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace keyward::installer {

// A read-only file descriptor. A temporary file can be unlinked while open: its bytes stay
// readable until the last handle closes, so nothing is left behind whatever happens next.
class OpenFile {
 public:
  static std::shared_ptr<const OpenFile> open(const std::filesystem::path& path);
  static std::shared_ptr<const OpenFile> open_and_unlink(const std::filesystem::path& path);
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }

 private:
  OpenFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  std::uint64_t size_;
};

// A work file that is removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct FileDigest {
  std::uint64_t size = 0;
  std::string sha256;  // hex
  std::uint32_t crc32 = 0;
};
FileDigest digest_file(const std::filesystem::path& path);

class InstallerFiles {
 public:
  // `work_dir` empty: <data-dir>/tmp.
  explicit InstallerFiles(std::filesystem::path data_dir, std::filesystem::path work_dir = {});
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // A fresh, not yet existing path below <data-dir>/tmp (on the published files' file
  // system, so that publishing is a rename).
  std::unique_ptr<TempFile> temp_file(std::string_view suffix) const;
  // A fresh, not yet existing path in the work directory, for a file made for one request.
  std::unique_ptr<TempFile> work_file(std::string_view suffix) const;
  std::unique_ptr<TempFile> temp_file_with(std::string_view content, std::string_view suffix) const;
  // Copies `source` into a work file (the published file must not change under us).
  std::unique_ptr<TempFile> temp_copy_of(const std::filesystem::path& source) const;
  // Moves a validated work file to its published place; returns the path relative to the
  // data directory, which the installers table stores.
  std::string publish(const TempFile& file, std::string_view arch, std::int64_t version,
                      const std::string& sha256) const;
  std::filesystem::path path_of(const std::string& stored_path) const {
    return data_dir_ / stored_path;
  }
  // Removes a published file again (its row could not be written).
  void unpublish(const std::string& stored_path) const;

 private:
  std::filesystem::path data_dir_;
  std::filesystem::path work_dir_;
};

// The default data directory: next to a SQLite database file, else ./var.
std::filesystem::path default_data_dir(std::string_view database_url);
// The default work directory: /dev/shm/keyward where /dev/shm exists, else empty.
std::filesystem::path default_work_dir();

}  // namespace keyward::installer
