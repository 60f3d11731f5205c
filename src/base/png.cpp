// PNG encoding and decoding through libspng, always to and from memory.
#include "hitl/base/png.hpp"

#include <spng.h>
#include <zlib.h>

#include <cstdlib>
#include <memory>

namespace hitl {

namespace {

struct SpngContextDeleter {
  void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using SpngContext = std::unique_ptr<spng_ctx, SpngContextDeleter>;

Diagnostic png_error(std::string message) {
  return error_at("", 0, 0, "", std::move(message));
}

Diagnostic spng_failure(std::string_view doing, int code) {
  return png_error(std::string(doing) + ": " + spng_strerror(code));
}

// What the public encoders share: the pixel layout of the rows they are handed.
struct RowSource {
  const std::uint8_t* pixels = nullptr;
  int width_px = 0;
  int height_px = 0;
  std::size_t stride_bytes = 0;
  int bytes_per_pixel = 0;
  std::uint8_t color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
};

Result<std::string> encode_rows(const RowSource& source, const PngEncodeOptions& options,
                                std::span<const PngPaletteEntry> palette = {}) {
  if (source.pixels == nullptr) return png_error("cannot encode a PNG: no pixels were given");
  if (source.width_px <= 0 || source.height_px <= 0) {
    return png_error("cannot encode a PNG of " + std::to_string(source.width_px) + "x" +
                     std::to_string(source.height_px) + " pixels; expected a positive size");
  }
  const std::size_t row_bytes =
      static_cast<std::size_t>(source.width_px) * static_cast<std::size_t>(source.bytes_per_pixel);
  if (source.stride_bytes < row_bytes) {
    return png_error("cannot encode a PNG with a row stride of " +
                     std::to_string(source.stride_bytes) + " bytes; expected at least " +
                     std::to_string(row_bytes) + " bytes (the width times the pixel size)");
  }

  SpngContext ctx(spng_ctx_new(SPNG_CTX_ENCODER));
  if (!ctx) return png_error("cannot encode a PNG: out of memory");
  int code = spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1);
  if (code == 0 && options.compression_level >= 0) {
    code = spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, options.compression_level);
  }
  if (code == 0 && options.row_filter != PngRowFilter::adaptive) {
    code = spng_set_option(
        ctx.get(), SPNG_FILTER_CHOICE,
        options.row_filter == PngRowFilter::sub ? SPNG_FILTER_CHOICE_SUB : SPNG_DISABLE_FILTERING);
  }
  if (code == 0 && options.run_length_only) {
    code = spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_STRATEGY, Z_RLE);
  }
  if (code != 0) return spng_failure("cannot set up the PNG encoder", code);

  spng_ihdr ihdr{};
  ihdr.width = static_cast<std::uint32_t>(source.width_px);
  ihdr.height = static_cast<std::uint32_t>(source.height_px);
  ihdr.bit_depth = 8;
  ihdr.color_type = source.color_type;
  ihdr.interlace_method = options.interlaced ? SPNG_INTERLACE_ADAM7 : SPNG_INTERLACE_NONE;
  code = spng_set_ihdr(ctx.get(), &ihdr);
  if (code != 0) return spng_failure("cannot set the PNG header", code);

  if (source.color_type == SPNG_COLOR_TYPE_INDEXED) {
    if (palette.empty() || palette.size() > 256) {
      return png_error("cannot encode an indexed PNG with " + std::to_string(palette.size()) +
                       " palette entries; expected 1 to 256");
    }
    spng_plte plte{};
    spng_trns trns{};
    plte.n_entries = static_cast<std::uint32_t>(palette.size());
    for (std::size_t i = 0; i < palette.size(); ++i) {
      plte.entries[i] = {palette[i].r, palette[i].g, palette[i].b, 255};
      trns.type3_alpha[i] = palette[i].a;
      if (palette[i].a != 255) trns.n_type3_entries = static_cast<std::uint32_t>(i + 1);
    }
    code = spng_set_plte(ctx.get(), &plte);
    if (code == 0 && trns.n_type3_entries > 0) code = spng_set_trns(ctx.get(), &trns);
    if (code != 0) return spng_failure("cannot set the PNG palette", code);
  }

  code = spng_encode_image(ctx.get(), nullptr, 0, SPNG_FMT_PNG,
                           SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE);
  if (code != 0) return spng_failure("cannot start encoding the PNG", code);
  do {
    spng_row_info row{};
    code = spng_get_row_info(ctx.get(), &row);
    if (code != 0) break;
    code = spng_encode_row(ctx.get(), source.pixels + row.row_num * source.stride_bytes, row_bytes);
  } while (code == 0);
  if (code != SPNG_EOI) return spng_failure("cannot encode the PNG", code);

  std::size_t size = 0;
  int error = 0;
  std::unique_ptr<void, decltype(&std::free)> buffer(spng_get_png_buffer(ctx.get(), &size, &error),
                                                     &std::free);
  if (!buffer) return spng_failure("cannot finish the PNG", error);
  return std::string(static_cast<const char*>(buffer.get()), size);
}

}  // namespace

Result<std::string> encode_png_rgba(const std::uint8_t* rgba, int width_px, int height_px,
                                    std::size_t stride_bytes, const PngEncodeOptions& options) {
  return encode_rows({rgba, width_px, height_px, stride_bytes, 4, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA},
                     options);
}

Result<std::string> encode_png_rgb(const std::uint8_t* rgb, int width_px, int height_px,
                                   std::size_t stride_bytes, const PngEncodeOptions& options) {
  return encode_rows({rgb, width_px, height_px, stride_bytes, 3, SPNG_COLOR_TYPE_TRUECOLOR},
                     options);
}

Result<std::string> encode_png_gray(const std::uint8_t* gray, int width_px, int height_px,
                                    std::size_t stride_bytes, const PngEncodeOptions& options) {
  return encode_rows({gray, width_px, height_px, stride_bytes, 1, SPNG_COLOR_TYPE_GRAYSCALE},
                     options);
}

Result<std::string> encode_png_indexed(const std::uint8_t* indices, int width_px, int height_px,
                                       std::size_t stride_bytes,
                                       std::span<const PngPaletteEntry> palette,
                                       const PngEncodeOptions& options) {
  return encode_rows({indices, width_px, height_px, stride_bytes, 1, SPNG_COLOR_TYPE_INDEXED},
                     options, palette);
}

Result<PngImage> decode_png_rgba(std::string_view bytes, std::uint64_t max_pixels) {
  SpngContext ctx(spng_ctx_new(0));
  if (!ctx) return png_error("cannot decode the PNG: out of memory");
  int code = spng_set_png_buffer(ctx.get(), bytes.data(), bytes.size());
  if (code != 0) return spng_failure("cannot read the PNG", code);

  spng_ihdr ihdr{};
  code = spng_get_ihdr(ctx.get(), &ihdr);
  if (code != 0) return spng_failure("cannot read the PNG header", code);
  const std::uint64_t pixels = std::uint64_t{ihdr.width} * ihdr.height;
  if (pixels > max_pixels) {
    return png_error("the PNG is " + std::to_string(ihdr.width) + "x" +
                     std::to_string(ihdr.height) + " pixels; the limit is " +
                     std::to_string(max_pixels) + " pixels");
  }

  std::size_t size = 0;
  code = spng_decoded_image_size(ctx.get(), SPNG_FMT_RGBA8, &size);
  if (code != 0) return spng_failure("cannot decode the PNG", code);
  PngImage image;
  image.width_px = static_cast<int>(ihdr.width);
  image.height_px = static_cast<int>(ihdr.height);
  image.rgba.resize(size);
  code = spng_decode_image(ctx.get(), image.rgba.data(), size, SPNG_FMT_RGBA8, SPNG_DECODE_TRNS);
  if (code != 0) return spng_failure("cannot decode the PNG", code);
  return image;
}

}  // namespace hitl
