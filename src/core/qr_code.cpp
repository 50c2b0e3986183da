#include "core/qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace keyward::core {
namespace {

constexpr int kQuietZone = 4;  // modules of white border the QR specification asks for

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::vector<std::vector<bool>> qr_modules(std::string_view text) {
  const std::string data(text);
  // Version 0: the smallest version that holds the text; case-sensitive 8-bit mode.
  std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) throw std::runtime_error("the text is too long for a QR code");
  const auto width = static_cast<std::size_t>(code->width);
  std::vector<std::vector<bool>> modules(width, std::vector<bool>(width, false));
  for (std::size_t y = 0; y < width; ++y) {
    for (std::size_t x = 0; x < width; ++x) {
      // Bit 0 of each byte is the module's colour; the other bits describe its role.
      modules[y][x] = (code->data[y * width + x] & 1) != 0;
    }
  }
  return modules;
}

std::string qr_svg(const std::vector<std::vector<bool>>& modules) {
  const std::size_t size = modules.size() + 2 * kQuietZone;
  const std::string side = std::to_string(size);
  std::string path;
  for (std::size_t y = 0; y < modules.size(); ++y) {
    const auto& row = modules[y];
    for (std::size_t x = 0; x < row.size();) {
      if (!row[x]) {
        ++x;
        continue;
      }
      // One rectangle per horizontal run of dark modules keeps the path short.
      std::size_t run = 1;
      while (x + run < row.size() && row[x + run]) ++run;
      path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + side + "\" height=\"" + side +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

std::string qr_code_svg(std::string_view text) { return qr_svg(qr_modules(text)); }

}  // namespace keyward::core
