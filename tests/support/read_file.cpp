#include "support/read_file.hpp"

#include <fstream>
#include <sstream>

namespace keyward::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace keyward::test
