// Small real image files for tests: flat-colour JPEGs and PNGs of a given size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hitl::test {

// A JPEG of width x height pixels, all one grey level. Throws when libjpeg-turbo fails.
std::string make_jpeg(int width_px, int height_px, std::uint8_t grey = 0x80);

// A JPEG of the given 8-bit RGB pixels (rows top first, no padding), 4:2:0 chroma, like a camera
// writes. Throws when libjpeg-turbo fails.
std::string make_jpeg_rgb(const std::vector<std::uint8_t>& rgb, int width_px, int height_px,
                          int quality = 90);

// An RGBA PNG of width x height pixels, all one colour. Throws when libspng fails.
std::string make_png(int width_px, int height_px, std::uint32_t rgba = 0xffffffffu);

}  // namespace hitl::test
