// Small real image files for tests: flat-colour JPEGs and PNGs of a given size.
#pragma once

#include <cstdint>
#include <string>

namespace hitl::test {

// A JPEG of width x height pixels, all one grey level. Throws when libjpeg-turbo fails.
std::string make_jpeg(int width_px, int height_px, std::uint8_t grey = 0x80);

// An RGBA PNG of width x height pixels, all one colour. Throws when libspng fails.
std::string make_png(int width_px, int height_px, std::uint32_t rgba = 0xffffffffu);

}  // namespace hitl::test
