#include "installer/installer_files.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"
#include "installer/stored_zip.hpp"

namespace keyward::installer {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what) {
  throw core::Error(core::ErrorKind::internal, "file_error", what + ": " + std::strerror(errno));
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < size; ++i) {
    text += kDigits[bytes[i] >> 4];
    text += kDigits[bytes[i] & 0xf];
  }
  return text;
}

fs::path ensure_directory(const fs::path& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    throw core::Error(core::ErrorKind::internal, "file_error",
                      "can not create " + directory.string() + ": " + error.message());
  }
  return directory;
}

std::unique_ptr<TempFile> fresh_file(const fs::path& where, std::string_view suffix) {
  const fs::path directory = ensure_directory(where);
  // The random name keeps concurrent requests (and servers sharing the directory) apart.
  std::array<unsigned char, 16> random{};
  randombytes_buf(random.data(), random.size());
  return std::make_unique<TempFile>(
      directory / ("work-" + hex(random.data(), random.size()) + std::string(suffix)));
}

}  // namespace

std::shared_ptr<const OpenFile> OpenFile::open(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("can not open " + path.string());
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    fail("can not stat " + path.string());
  }
  return std::shared_ptr<const OpenFile>(
      new OpenFile(fd, static_cast<std::uint64_t>(info.st_size)));
}

std::shared_ptr<const OpenFile> OpenFile::open_and_unlink(const fs::path& path) {
  auto file = open(path);
  ::unlink(path.c_str());
  return file;
}

OpenFile::~OpenFile() { ::close(fd_); }

TempFile::~TempFile() {
  std::error_code ignored;
  fs::remove(path_, ignored);
}

FileDigest digest_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("can not read " + path.string());
  crypto_hash_sha256_state sha;
  crypto_hash_sha256_init(&sha);
  FileDigest digest;
  std::array<char, 256 * 1024> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    const auto count = static_cast<std::size_t>(in.gcount());
    if (count == 0) break;
    crypto_hash_sha256_update(&sha, reinterpret_cast<const unsigned char*>(buffer.data()), count);
    digest.crc32 = crc32({buffer.data(), count}, digest.crc32);
    digest.size += count;
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
  crypto_hash_sha256_final(&sha, hash.data());
  digest.sha256 = hex(hash.data(), hash.size());
  return digest;
}

InstallerFiles::InstallerFiles(fs::path data_dir, fs::path work_dir)
    : data_dir_(std::move(data_dir)),
      work_dir_(work_dir.empty() ? data_dir_ / "tmp" : std::move(work_dir)) {}

std::unique_ptr<TempFile> InstallerFiles::temp_file(std::string_view suffix) const {
  return fresh_file(data_dir_ / "tmp", suffix);
}

std::unique_ptr<TempFile> InstallerFiles::work_file(std::string_view suffix) const {
  return fresh_file(work_dir_, suffix);
}

std::unique_ptr<TempFile> InstallerFiles::temp_file_with(std::string_view content,
                                                         std::string_view suffix) const {
  auto file = temp_file(suffix);
  std::ofstream out(file->path(), std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) fail("can not write " + file->path().string());
  return file;
}

std::unique_ptr<TempFile> InstallerFiles::temp_copy_of(const fs::path& source) const {
  auto file = temp_file(source.extension().string());
  std::error_code error;
  fs::copy_file(source, file->path(), error);
  if (error) {
    throw core::Error(core::ErrorKind::internal, "file_error",
                      "can not copy " + source.string() + ": " + error.message());
  }
  return file;
}

std::string InstallerFiles::publish(const TempFile& file, std::string_view arch,
                                    std::int64_t version, const std::string& sha256) const {
  const fs::path relative = fs::path("installers") / std::string(arch) /
                            (std::to_string(version) + "-" + sha256.substr(0, 16) + ".msi");
  ensure_directory((data_dir_ / relative).parent_path());
  std::error_code error;
  fs::rename(file.path(), data_dir_ / relative, error);
  if (error) {
    throw core::Error(core::ErrorKind::internal, "file_error",
                      "can not store " + relative.string() + ": " + error.message());
  }
  return relative.string();
}

void InstallerFiles::unpublish(const std::string& stored_path) const {
  std::error_code ignored;
  fs::remove(path_of(stored_path), ignored);
}

fs::path default_work_dir() {
  std::error_code ignored;
  return fs::is_directory("/dev/shm", ignored) ? fs::path("/dev/shm/keyward") : fs::path();
}

fs::path default_data_dir(std::string_view database_url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (database_url.starts_with(kSqlite)) {
    const fs::path file(database_url.substr(kSqlite.size()));
    return file.has_parent_path() ? file.parent_path() : fs::path(".");
  }
  return "var";
}

}  // namespace keyward::installer
