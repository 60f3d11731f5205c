#include "support/golden.hpp"

#include <cstdlib>
#include <filesystem>

#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"

namespace hitl::test {

namespace fs = std::filesystem;

GoldenResult compare_with_golden(const std::string& name, const std::vector<std::uint8_t>& rgba,
                                 int width_px, int height_px, const GoldenTolerance& tolerance) {
  const fs::path golden = fs::path(HITL_TEST_GOLDEN_DIR) / (name + ".png");
  const std::size_t stride = static_cast<std::size_t>(width_px) * 4;
  const char* update = std::getenv("HITL_UPDATE_GOLDENS");
  if (update != nullptr && std::string(update) == "1") {
    std::error_code ignored;
    fs::create_directories(golden.parent_path(), ignored);
    auto png = encode_png_rgba(rgba.data(), width_px, height_px, stride);
    if (!png || !write_file(golden, *png)) return {false, "cannot write " + golden.string()};
    return {true, "updated " + golden.string()};
  }
  auto bytes = read_file(golden);
  if (!bytes) {
    return {false, golden.string() +
                       " is missing: render it with HITL_UPDATE_GOLDENS=1, review "
                       "it by eye and commit it"};
  }
  auto expected = decode_png_rgba(*bytes, std::uint64_t{1} << 26);
  if (!expected) return {false, golden.string() + ": " + expected.error().to_string()};
  if (expected->width_px != width_px || expected->height_px != height_px) {
    return {false, golden.string() + " is " + std::to_string(expected->width_px) + "x" +
                       std::to_string(expected->height_px) + ", the rendering " +
                       std::to_string(width_px) + "x" + std::to_string(height_px)};
  }

  std::size_t mismatched = 0;
  int worst = 0;
  std::vector<std::uint8_t> difference(rgba.size(), 255);
  for (std::size_t pixel = 0; pixel < rgba.size() / 4; ++pixel) {
    int largest = 0;
    for (std::size_t channel = 0; channel < 4; ++channel) {
      const int d =
          std::abs(int{rgba[pixel * 4 + channel]} - int{expected->rgba[pixel * 4 + channel]});
      largest = std::max(largest, d);
    }
    worst = std::max(worst, largest);
    const bool bad = largest > tolerance.max_channel_difference;
    mismatched += bad ? 1 : 0;
    // The difference image: black where equal, brighter where further apart, red where failing.
    const auto level = static_cast<std::uint8_t>(std::min(255, largest * 8));
    difference[pixel * 4 + 0] = bad ? 255 : level;
    difference[pixel * 4 + 1] = bad ? 0 : level;
    difference[pixel * 4 + 2] = bad ? 0 : level;
  }
  const double share = static_cast<double>(mismatched) / static_cast<double>(rgba.size() / 4);
  if (share <= tolerance.max_mismatched_share) return {true, ""};

  const fs::path failures = fs::current_path() / "golden-failures";
  std::error_code ignored;
  fs::create_directories(failures, ignored);
  const fs::path actual_path = failures / (name + ".actual.png");
  const fs::path difference_path = failures / (name + ".difference.png");
  if (auto png = encode_png_rgba(rgba.data(), width_px, height_px, stride)) {
    (void)write_file(actual_path, *png);
  }
  if (auto png = encode_png_rgba(difference.data(), width_px, height_px, stride)) {
    (void)write_file(difference_path, *png);
  }
  return {false, name + ": " + std::to_string(mismatched) + " pixels (" +
                     std::to_string(share * 100) + "%) differ by more than " +
                     std::to_string(tolerance.max_channel_difference) + " levels (worst " +
                     std::to_string(worst) + "); see " + actual_path.string() + " and " +
                     difference_path.string()};
}

}  // namespace hitl::test
