#pragma once
// A directory under $TMPDIR (or /tmp) that exists for the lifetime of the object and is
// removed with everything in it on destruction. Tests use one per test so that runs never
// see each other's files.

#include <filesystem>
#include <string>

namespace keyward::test {

class TempDir {
 public:
  // Creates a fresh directory named `<prefix>XXXXXX`; throws std::runtime_error on failure.
  explicit TempDir(const std::string& prefix = "keyward-test-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, for building file names inside the directory.
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace keyward::test
