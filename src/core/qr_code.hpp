#pragma once
// QR codes as SVG, for links a phone should open (the TOTP enrolment URI, the read-only
// dashboard link). libqrencode makes the module matrix; the SVG is drawn here so that no
// image library is needed and the markup stays small and predictable.

#include <string>
#include <string_view>
#include <vector>

namespace keyward::core {

// The dark (true) and light modules of the QR code of `text` (error correction level M),
// row by row; a square of side 21 + 4 × (version − 1).
std::vector<std::vector<bool>> qr_modules(std::string_view text);

// A standalone SVG document of `modules` with a quiet zone of four modules, one user unit
// per module, scalable to any size (viewBox), dark modules as a single path.
std::string qr_svg(const std::vector<std::vector<bool>>& modules);

// qr_svg(qr_modules(text)).
std::string qr_code_svg(std::string_view text);

}  // namespace keyward::core
