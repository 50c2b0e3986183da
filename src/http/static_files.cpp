#include "http/static_files.hpp"

#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace keyward::http {

namespace {

// Vite writes content-hashed file names below assets/: they never change, so browsers may
// keep them for a year. Everything else (index.html above all) is revalidated.
constexpr std::string_view kAssetPrefix = "/assets/";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// The app needs scripts, styles, fetch and images (inline SVG QR codes, data: icons) from its
// own origin only; nothing inline runs.
constexpr std::string_view kAppPolicy =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'";

// Paths the SPA never claims: an unknown API route stays a JSON 404.
constexpr std::array<std::string_view, 5> kServerPrefixes = {"/api", "/agent", "/healthz",
                                                              "/readyz", "/metrics"};

struct ContentType {
  std::string_view extension;
  std::string_view type;
};
constexpr std::array<ContentType, 14> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
}};

std::string_view content_type_of(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  for (const auto& [known, type] : kContentTypes) {
    if (extension == known) return type;
  }
  return "application/octet-stream";
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool under_prefix(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

bool is_server_path(std::string_view path) {
  for (std::string_view prefix : kServerPrefixes) {
    if (under_prefix(path, prefix)) return true;
  }
  return false;
}

// A ".." segment (decoded) or a backslash: never a path of the app, only an attempt to leave
// the web root. Refused outright rather than answered with index.html.
bool is_traversal(std::string_view path) {
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return true;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string_view segment =
        path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

Response not_found() { return error_response(404, "not_found", "no such resource"); }

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  if (!std::filesystem::is_regular_file(root / "index.html")) {
    throw std::runtime_error("no index.html in " + root.string());
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = "/" + entry.path().lexically_relative(root).generic_string();
    files_.emplace(path, File{read_all(entry.path()), std::string(content_type_of(entry.path())),
                              path.starts_with(kAssetPrefix)});
  }
}

Response StaticFiles::file_response(const File& file) const {
  Response response;
  response.body = file.body;
  response.set_header("content-type", file.content_type);
  response.set_header("cache-control", std::string(file.immutable ? kImmutable : kRevalidate));
  response.set_header("content-security-policy", std::string(kAppPolicy));
  return response;
}

Response StaticFiles::serve(const Request& request) const {
  const std::string_view path = request.path;
  if (is_server_path(path) || is_traversal(path)) return not_found();
  if (const auto file = files_.find(path); file != files_.end()) return file_response(file->second);
  if (path.starts_with(kAssetPrefix)) return not_found();
  return file_response(files_.at("/index.html"));
}

}  // namespace keyward::http
