#include "support/read_table.hpp"

#include <stdexcept>

#include "support/process.hpp"

namespace keyward::test {

std::string read_table_json(const std::filesystem::path& file, const std::string& kind) {
  // Debian's Python: `python3` on PATH may be a pyenv shim without openpyxl.
  const RunResult result = run({.argv = {"/usr/bin/python3",
                                         std::string(KEYWARD_SOURCE_DIR) +
                                             "/tests/support/read_table.py",
                                         file.string(), kind}});
  if (result.exit_code != 0) {
    throw std::runtime_error("read_table.py failed on " + file.string() + ": " + result.err);
  }
  return result.out;
}

}  // namespace keyward::test
