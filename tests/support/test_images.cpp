// Small real image files for tests, encoded with the same libraries hitl decodes with.
#include "support/test_images.hpp"

#include <spng.h>
#include <turbojpeg.h>

#include <stdexcept>
#include <vector>

namespace hitl::test {

std::string make_jpeg(int width_px, int height_px, std::uint8_t grey) {
  return make_jpeg_rgb(std::vector<std::uint8_t>(std::size_t(width_px) * height_px * 3, grey),
                       width_px, height_px);
}

std::string make_jpeg_rgb(const std::vector<std::uint8_t>& rgb, int width_px, int height_px,
                          int quality) {
  if (rgb.size() != std::size_t(width_px) * height_px * 3) {
    throw std::invalid_argument("make_jpeg_rgb: pixel count does not match the size");
  }
  tjhandle compressor = tjInitCompress();
  if (!compressor) throw std::runtime_error("tjInitCompress failed");
  unsigned char* jpeg = nullptr;
  unsigned long jpeg_size = 0;
  const int status = tjCompress2(compressor, rgb.data(), width_px, 0, height_px, TJPF_RGB, &jpeg,
                                 &jpeg_size, TJSAMP_420, quality, 0);
  std::string bytes;
  if (status == 0) bytes.assign(reinterpret_cast<const char*>(jpeg), jpeg_size);
  tjFree(jpeg);
  tjDestroy(compressor);
  if (status != 0) throw std::runtime_error("tjCompress2 failed");
  return bytes;
}

std::string make_png(int width_px, int height_px, std::uint32_t rgba) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width_px) * height_px * 4);
  for (std::size_t i = 0; i < pixels.size(); i += 4) {
    pixels[i] = static_cast<unsigned char>(rgba >> 24);
    pixels[i + 1] = static_cast<unsigned char>(rgba >> 16);
    pixels[i + 2] = static_cast<unsigned char>(rgba >> 8);
    pixels[i + 3] = static_cast<unsigned char>(rgba);
  }
  spng_ctx* encoder = spng_ctx_new(SPNG_CTX_ENCODER);
  spng_set_option(encoder, SPNG_ENCODE_TO_BUFFER, 1);
  spng_ihdr ihdr = {};
  ihdr.width = static_cast<std::uint32_t>(width_px);
  ihdr.height = static_cast<std::uint32_t>(height_px);
  ihdr.bit_depth = 8;
  ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
  spng_set_ihdr(encoder, &ihdr);
  int status =
      spng_encode_image(encoder, pixels.data(), pixels.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
  std::string bytes;
  if (status == 0) {
    std::size_t size = 0;
    void* png = spng_get_png_buffer(encoder, &size, &status);
    if (png) bytes.assign(static_cast<const char*>(png), size);
    std::free(png);
  }
  spng_ctx_free(encoder);
  if (status != 0 || bytes.empty()) throw std::runtime_error("spng_encode_image failed");
  return bytes;
}

}  // namespace hitl::test
