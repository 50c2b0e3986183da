#pragma once
// The built web portal (web/dist): its files at their paths, and index.html for every other
// GET outside the server's own prefixes, so a deep link like /licenses/12 opens the app.

#include <filesystem>
#include <map>
#include <string>

#include "http/message.hpp"

namespace keyward::http {

class StaticFiles {
 public:
  // Reads every file below `root` once: the set of servable paths is fixed at start, so no
  // request path can name a file outside it (no traversal, no symlink surprises).
  // Throws std::runtime_error when `root` has no index.html.
  explicit StaticFiles(const std::filesystem::path& root);

  // The file, index.html for an app route, or 404 JSON for paths that belong to the APIs
  // and for missing hashed assets (a stale chunk must not come back as HTML).
  Response serve(const Request& request) const;

  std::size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    bool immutable;  // a content-hashed name under /assets/
  };
  Response file_response(const File& file) const;

  std::map<std::string, File, std::less<>> files_;  // "/assets/index-3f2a.js" -> file
};

}  // namespace keyward::http
