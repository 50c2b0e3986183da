#include "json_records.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <thread>

#include "support/read_file.hpp"

namespace keyward::test {

std::vector<boost::json::object> read_json_records(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".json" && !entry.path().filename().string().starts_with(".")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<boost::json::object> result;
  for (const auto& file : files) result.push_back(boost::json::parse(read_file(file)).as_object());
  return result;
}

std::vector<boost::json::object> wait_for_json_records(const std::filesystem::path& directory,
                                                       std::size_t count,
                                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto received = read_json_records(directory);
  while (received.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    received = read_json_records(directory);
  }
  return received;
}

}  // namespace keyward::test
