#pragma once
// The whole content of a file a test or its child process wrote (logs, received mails).

#include <filesystem>
#include <string>

namespace keyward::test {

// Empty when the file cannot be read.
std::string read_file(const std::filesystem::path& path);

}  // namespace keyward::test
