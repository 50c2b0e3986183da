// QR codes as SVG: the matrix comes from libqrencode; the SVG must draw exactly its dark
// modules, with the quiet zone, so that phones can scan it.

#include "core/qr_code.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace keyward::core {
namespace {

// Paints the rectangles of the SVG path ("Mx yhNv1h-Nz") back into a matrix.
std::vector<std::vector<bool>> painted(const std::string& svg, std::size_t modules) {
  std::vector<std::vector<bool>> matrix(modules, std::vector<bool>(modules, false));
  static const std::regex kRun(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kRun); it != std::sregex_iterator();
       ++it) {
    const std::size_t x = std::stoul((*it)[1]) - 4;
    const std::size_t y = std::stoul((*it)[2]) - 4;
    const std::size_t run = std::stoul((*it)[3]);
    EXPECT_EQ(run, std::stoul((*it)[4]));
    for (std::size_t i = 0; i < run; ++i) matrix.at(y).at(x + i) = true;
  }
  return matrix;
}

TEST(QrCode, TheSvgDrawsExactlyTheDarkModulesInsideAQuietZone) {
  const std::string text = "otpauth://totp/Keyward:anna%40northwind.example?secret=GEZDGNBV";
  const auto modules = qr_modules(text);
  ASSERT_GE(modules.size(), 21u);
  EXPECT_EQ((modules.size() - 21) % 4, 0u) << "QR sides are 21 + 4 × (version − 1)";
  const std::string svg = qr_svg(modules);
  const std::string side = std::to_string(modules.size() + 8);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side +
                              " " + side + "\""))
      << svg.substr(0, 120);
  EXPECT_EQ(painted(svg, modules.size()), modules);
  EXPECT_EQ(qr_code_svg(text), svg);
}

TEST(QrCode, FinderPatternsSitInThreeCorners) {
  const auto modules = qr_modules("https://keyward.example/shared-dashboard/kwv_x");
  const std::size_t last = modules.size() - 1;
  for (const auto& [x, y] :
       {std::pair<std::size_t, std::size_t>{0, 0}, {last - 6, 0}, {0, last - 6}}) {
    EXPECT_TRUE(modules[y][x]);           // outer ring
    EXPECT_FALSE(modules[y + 1][x + 1]);  // white ring
    EXPECT_TRUE(modules[y + 3][x + 3]);   // centre
  }
}

TEST(QrCode, LongerTextsNeedLargerCodes) {
  EXPECT_LT(qr_modules("short").size(), qr_modules(std::string(300, 'x')).size());
}

}  // namespace
}  // namespace keyward::core
