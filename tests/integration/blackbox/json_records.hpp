#pragma once
// The test receivers (tests/support/smtp_sink.py, webhook_receiver.py) write each thing they
// receive as one JSON file into a directory, renamed into place when complete.

#include <boost/json/object.hpp>
#include <chrono>
#include <filesystem>
#include <vector>

namespace keyward::test {

// The records in `directory`, in arrival (file name) order.
std::vector<boost::json::object> read_json_records(const std::filesystem::path& directory);
// Waits until at least `count` records arrived; the records then.
std::vector<boost::json::object> wait_for_json_records(const std::filesystem::path& directory,
                                                       std::size_t count,
                                                       std::chrono::milliseconds timeout);

}  // namespace keyward::test
