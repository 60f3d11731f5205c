// Mask PNG decoding: header checks first, then the rows into a label map that keeps only the
// labelled span of each row, then one column-major sweep over the labelled area that emits the
// COCO run lengths of every label at once.
//
// Two ways to the rows. Masks are long runs of one colour, which zlib inflates a byte at a time
// (50-70 ms for a 2880x1920 mask); libdeflate inflates them with word copies (1-2 ms). So when
// hitl is built with libdeflate, 8-bit RGBA, RGB and palette images that are not interlaced (what
// browsers and MTurk write) are inflated whole and unfiltered here; everything else goes row by
// row through libspng, which checks and converts every PNG flavour.
#include "hitl/data/mask_png.hpp"

#include <spng.h>
#if defined(HITL_HAVE_LIBDEFLATE)
#include <libdeflate.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "hitl/base/text.hpp"

namespace hitl {

namespace {

constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

struct SpngContextDeleter {
  void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using SpngContext = std::unique_ptr<spng_ctx, SpngContextDeleter>;

Diagnostic mask_error(std::string message) {
  return error_at("", 0, 0, "", std::move(message));
}

std::string size_text(std::uint64_t width, std::uint64_t height) {
  return std::to_string(width) + "x" + std::to_string(height);
}

std::string hex_bytes(std::string_view bytes) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (!out.empty()) out += ' ';
    out += hex[byte >> 4];
    out += hex[byte & 15];
  }
  return out;
}

std::uint32_t read_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// The size in the IHDR chunk as written, read without libspng: so that a header libspng refuses
// (a size over the limits) can still be named in the message.
struct RawHeaderSize {
  std::uint32_t width = 0, height = 0;
};
std::optional<RawHeaderSize> raw_header_size(std::string_view png) {
  if (png.size() < 24) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(png.data());
  if (read_be32(p + 8) != 13 || std::memcmp(p + 12, "IHDR", 4) != 0) return std::nullopt;
  return RawHeaderSize{read_be32(p + 16), read_be32(p + 20)};
}

// Maps a pixel to 0 (background) or 1 + the index of its label colour. Masks are long runs of one
// colour, so the last answer is remembered.
class PixelClassifier {
 public:
  explicit PixelClassifier(std::span<const Rgb8> colors) {
    keys_.reserve(colors.size());
    for (const auto& c : colors) keys_.push_back(key_of(c.r, c.g, c.b));
  }

  std::uint8_t classify(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a) {
    if (a == 0) return 0;
    const std::uint32_t key = key_of(r, g, b);
    if (key == last_key_) return last_label_;
    last_key_ = key;
    last_label_ = 0;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (keys_[k] == key) {
        last_label_ = static_cast<std::uint8_t>(k + 1);
        break;
      }
    }
    return last_label_;
  }
  std::uint8_t classify_rgba(const std::uint8_t* p) { return classify(p[0], p[1], p[2], p[3]); }

 private:
  static std::uint32_t key_of(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    return std::uint32_t{r} | (std::uint32_t{g} << 8) | (std::uint32_t{b} << 16);
  }
  std::vector<std::uint32_t> keys_;
  std::uint32_t last_key_ = std::numeric_limits<std::uint32_t>::max();  // never a 24-bit key
  std::uint8_t last_label_ = 0;
};

// True when the four RGBA pixels at p are all fully transparent: the common case, tested eight
// bytes at a time.
bool four_transparent(const std::uint8_t* p) {
  constexpr std::uint64_t alpha_bytes =
      std::endian::native == std::endian::little ? 0xFF000000FF000000ull : 0x000000FF000000FFull;
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, p, 8);
  std::memcpy(&b, p + 8, 8);
  return ((a | b) & alpha_bytes) == 0;
}

// Labels of a row of RGBA pixels; fully transparent stretches are skipped four pixels at a time.
void classify_rgba_row(const std::uint8_t* pixels, int width_px, PixelClassifier& classifier,
                       std::uint8_t* labels) {
  int x = 0;
  while (x < width_px) {
    if (x + 4 <= width_px && four_transparent(pixels + std::size_t(x) * 4)) {
      std::memset(labels + x, 0, 4);
      x += 4;
      continue;
    }
    labels[x] = classifier.classify_rgba(pixels + std::size_t(x) * 4);
    ++x;
  }
}

// The labels of the image, row-major. A row keeps only the span from its first to its last
// labelled pixel, so memory follows the labelled area, not the image. Interlaced images fill rows
// in several passes and use full rows instead.
class LabelMap {
 public:
  LabelMap(int width_px, int height_px, std::size_t label_count)
      : width_px_(width_px), rows_(static_cast<std::size_t>(height_px)), bounds_(label_count + 1) {}

  // Adds row y from a full row of labels (0 = background); rows come in order, once each.
  void add_row(int y, const std::uint8_t* labels) {
    last_row_labels_.clear();
    int first = 0;
    while (first < width_px_ && labels[first] == 0) ++first;
    if (first == width_px_) return;
    int last = width_px_ - 1;
    while (labels[last] == 0) --last;
    for (int x = first; x <= last;) {  // run by run: only run ends can move the bounds
      const std::uint8_t label = labels[x];
      const int run_start = x;
      while (x <= last && labels[x] == label) ++x;
      if (label == 0) continue;
      if (!bounds_[label].row_has_pixels) last_row_labels_.push_back(label);
      bounds_[label].add_x(run_start);
      bounds_[label].add_x(x - 1);
    }
    for (const auto label : last_row_labels_) bounds_[label].close_row(y);
    auto& row = rows_[static_cast<std::size_t>(y)];
    row.offset = storage_.size();
    row.first_x = first;
    row.length = last - first + 1;
    storage_.insert(storage_.end(), labels + first, labels + last + 1);
  }

  // Adds row y with the same labels as row y - 1, the row added last: it shares its storage.
  void repeat_row(int y) {
    rows_[static_cast<std::size_t>(y)] = rows_[static_cast<std::size_t>(y - 1)];
    for (const auto label : last_row_labels_) bounds_[label].y1 = y;
  }

  // Switches to full rows, all background, for images whose rows arrive in several passes.
  void use_full_rows() {
    storage_.assign(rows_.size() * static_cast<std::size_t>(width_px_), 0);
    for (std::size_t y = 0; y < rows_.size(); ++y) {
      rows_[y] = {y * static_cast<std::size_t>(width_px_), 0, width_px_};
    }
  }
  // With full rows: sets one pixel's label (not 0).
  void set(int x, int y, std::uint8_t label) {
    storage_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px_) +
             static_cast<std::size_t>(x)] = label;
    bounds_[label].add_x(x);
    bounds_[label].close_row(y);
  }

  std::uint8_t at(int x, int y) const {
    const auto& row = rows_[static_cast<std::size_t>(y)];
    const auto dx = static_cast<unsigned>(x - row.first_x);
    return dx < static_cast<unsigned>(row.length) ? storage_[row.offset + dx] : 0;
  }

  // Bounds of label k (1-based); empty when the label has no pixel.
  struct Bounds {
    int x0 = std::numeric_limits<int>::max(), x1 = -1;
    int y0 = std::numeric_limits<int>::max(), y1 = -1;
    bool row_has_pixels = false;
    bool empty() const { return x1 < 0; }
    void add_x(int x) {
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      row_has_pixels = true;
    }
    void close_row(int y) {
      if (!row_has_pixels) return;
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
      row_has_pixels = false;
    }
  };
  const std::vector<Bounds>& bounds() const { return bounds_; }

 private:
  struct RowSpan {
    std::size_t offset = 0;
    int first_x = 0;
    int length = 0;  // 0: no labelled pixel in the row
  };
  int width_px_;
  std::vector<RowSpan> rows_;
  std::vector<std::uint8_t> storage_;
  std::vector<Bounds> bounds_;                 // indexed by label code; [0] (background) unused
  std::vector<std::uint8_t> last_row_labels_;  // the labels in the row added last
};

// Builds COCO's uncompressed RLE from the runs of set pixels, in column-major order.
class RleBuilder {
 public:
  // A run of `length` set pixels starting at column-major index `start` (after all earlier runs).
  void add_run(std::uint64_t start, std::uint32_t length) {
    if (!counts_.empty() && start == cursor_) {
      counts_.back() += length;  // continues the last run across a column boundary
    } else {
      counts_.push_back(static_cast<std::uint32_t>(start - cursor_));
      counts_.push_back(length);
    }
    cursor_ = start + length;
  }
  std::vector<std::uint32_t> finish(std::uint64_t pixel_count) {
    if (cursor_ < pixel_count || counts_.empty()) {
      counts_.push_back(static_cast<std::uint32_t>(pixel_count - cursor_));
    }
    return std::move(counts_);
  }

 private:
  std::vector<std::uint32_t> counts_;
  std::uint64_t cursor_ = 0;
};

// Adam7: where each pass's pixels lie in a row.
constexpr int kAdam7FirstX[7] = {0, 4, 0, 2, 0, 1, 0};
constexpr int kAdam7StepX[7] = {8, 8, 4, 4, 2, 2, 1};

// Row by row through libspng: any colour type, bit depth and interlacing, converted to RGBA8.
Status decode_rows_with_spng(spng_ctx* ctx, const spng_ihdr& ihdr, PixelClassifier& classifier,
                             LabelMap& map) {
  int code = spng_decode_image(ctx, nullptr, 0, SPNG_FMT_RGBA8,
                               SPNG_DECODE_TRNS | SPNG_DECODE_PROGRESSIVE);
  if (code != 0) {
    return mask_error(std::string("the mask PNG is damaged or cut short before its first row: ") +
                      spng_strerror(code));
  }
  const int width_px = static_cast<int>(ihdr.width);
  std::vector<std::uint8_t> rgba_row(static_cast<std::size_t>(width_px) * 4);
  std::vector<std::uint8_t> label_row(static_cast<std::size_t>(width_px));
  const bool interlaced = ihdr.interlace_method != SPNG_INTERLACE_NONE;
  if (interlaced) map.use_full_rows();

  int rows_decoded = 0;
  do {
    spng_row_info row{};
    code = spng_get_row_info(ctx, &row);
    if (code != 0) break;
    code = spng_decode_row(ctx, rgba_row.data(), rgba_row.size());
    if (code != 0 && code != SPNG_EOI) break;
    const int y = static_cast<int>(row.row_num);
    if (interlaced) {
      // Only this pass's pixels of the row are new; the others belong to other passes.
      const int pass = std::clamp(static_cast<int>(row.pass), 0, 6);
      for (int x = kAdam7FirstX[pass]; x < width_px; x += kAdam7StepX[pass]) {
        const std::uint8_t label = classifier.classify_rgba(&rgba_row[std::size_t(x) * 4]);
        if (label != 0) map.set(x, y, label);
      }
    } else {
      classify_rgba_row(rgba_row.data(), width_px, classifier, label_row.data());
      map.add_row(y, label_row.data());
    }
    ++rows_decoded;
  } while (code == 0);
  if (code != SPNG_EOI) {
    return mask_error("the mask PNG is damaged or cut short after " + std::to_string(rows_decoded) +
                      " of " + std::to_string(ihdr.height) + " rows: " + spng_strerror(code));
  }
  return Done{};
}

#if defined(HITL_HAVE_LIBDEFLATE)

Diagnostic damaged(std::string detail) {
  return mask_error("the mask PNG is damaged or cut short: " + std::move(detail));
}

// The image data of a PNG: the contents of its IDAT chunks, joined. A view into the PNG when there
// is only one chunk; otherwise the chunks are copied into `joined`.
Result<std::string_view> idat_stream(std::string_view png, std::string& joined) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(png.data());
  std::size_t pos = sizeof kPngSignature;
  std::string_view first;
  int idat_chunks = 0;
  for (;;) {
    if (png.size() - pos < 12) {
      return damaged("its data ends at byte " + std::to_string(png.size()) +
                     " before the end of its image data; expected more chunks up to IEND");
    }
    const std::uint32_t length = read_be32(bytes + pos);
    const std::string_view type = png.substr(pos + 4, 4);
    if (length > png.size() - pos - 12) {
      return damaged("its " + hitl::quoted(type) + " chunk at byte offset " + std::to_string(pos) +
                     " claims " + std::to_string(length) + " bytes, but only " +
                     std::to_string(png.size() - pos - 12) + " follow");
    }
    const std::string_view data = png.substr(pos + 8, length);
    if (type == "IDAT") {
      const std::uint32_t crc = static_cast<std::uint32_t>(
          libdeflate_crc32(libdeflate_crc32(0, type.data(), 4), data.data(), data.size()));
      if (crc != read_be32(bytes + pos + 8 + length)) {
        return damaged("the checksum (CRC) of its IDAT chunk at byte offset " +
                       std::to_string(pos) + " does not match its contents");
      }
      if (idat_chunks == 0) {
        first = data;
      } else {
        if (idat_chunks == 1) joined.assign(first);
        joined.append(data);
      }
      ++idat_chunks;
    } else if (idat_chunks > 0 || type == "IEND") {
      break;  // the image data is over: what follows it does not change the pixels
    }
    pos += 12 + std::size_t{length};
  }
  if (idat_chunks == 0) return damaged("it has no image data (IDAT chunk)");
  return idat_chunks == 1 ? first : std::string_view(joined);
}

bool all_zero(const std::uint8_t* bytes, std::size_t count) {
  std::size_t i = 0;
  for (; i + 32 <= count; i += 32) {  // one branch per 32 bytes: this reads every inflated byte
    std::uint64_t a = 0, b = 0, c = 0, d = 0;
    std::memcpy(&a, bytes + i, 8);
    std::memcpy(&b, bytes + i + 8, 8);
    std::memcpy(&c, bytes + i + 16, 8);
    std::memcpy(&d, bytes + i + 24, 8);
    if ((a | b | c | d) != 0) return false;
  }
  std::uint8_t any = 0;
  for (; i < count; ++i) any |= bytes[i];
  return any == 0;
}

// Adds bytes lane by lane, without carries between lanes.
std::uint32_t add_bytes(std::uint32_t a, std::uint32_t b) {
  return ((a & 0x7F7F7F7Fu) + (b & 0x7F7F7F7Fu)) ^ ((a ^ b) & 0x80808080u);
}
std::uint64_t add_bytes(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, high = 0x8080808080808080ull;
  return ((a & low7) + (b & low7)) ^ ((a ^ b) & high);
}

int paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// Undoes a PNG row filter in place; `prior` is the previous row, unfiltered (zeros for the first).
void unfilter(std::uint8_t* row, const std::uint8_t* prior, std::size_t count, std::size_t bpp,
              int filter) {
  switch (filter) {
    case 1:
      if (bpp == 4) {  // a pixel at a time in a register, not a byte at a time through memory
        std::uint32_t left = 0;
        for (std::size_t i = 0; i + 4 <= count; i += 4) {
          std::uint32_t pixel = 0;
          std::memcpy(&pixel, row + i, 4);
          left = add_bytes(pixel, left);
          std::memcpy(row + i, &left, 4);
        }
      } else {
        for (std::size_t i = bpp; i < count; ++i) row[i] = std::uint8_t(row[i] + row[i - bpp]);
      }
      break;
    case 2: {
      std::size_t i = 0;
      for (; i + 8 <= count; i += 8) {  // eight bytes at a time
        std::uint64_t here = 0, above = 0;
        std::memcpy(&here, row + i, 8);
        std::memcpy(&above, prior + i, 8);
        here = add_bytes(here, above);
        std::memcpy(row + i, &here, 8);
      }
      for (; i < count; ++i) row[i] = std::uint8_t(row[i] + prior[i]);
      break;
    }
    case 3:
      for (std::size_t i = 0; i < bpp; ++i) row[i] = std::uint8_t(row[i] + (prior[i] >> 1));
      for (std::size_t i = bpp; i < count; ++i) {
        row[i] = std::uint8_t(row[i] + ((row[i - bpp] + prior[i]) >> 1));
      }
      break;
    case 4:
      for (std::size_t i = 0; i < bpp; ++i) row[i] = std::uint8_t(row[i] + prior[i]);
      for (std::size_t i = bpp; i < count; ++i) {
        row[i] = std::uint8_t(row[i] + paeth(row[i - bpp], prior[i], prior[i - bpp]));
      }
      break;
    default:
      break;  // 0: none
  }
}

// Where a mask is inflated. Each thread keeps its buffer for the next mask when it is not too big:
// mapping 22 MB afresh for every mask costs as many page faults as unfiltering it takes time.
class InflateBuffer {
 public:
  explicit InflateBuffer(std::size_t size) {
    constexpr std::size_t kKeptBytes = 32u << 20;
    if (size > kKeptBytes) {
      own_ = std::make_unique_for_overwrite<std::uint8_t[]>(size);
      data_ = own_.get();
      return;
    }
    thread_local std::unique_ptr<std::uint8_t[]> kept;
    thread_local std::size_t kept_size = 0;
    if (kept_size < size) {
      kept.reset();
      kept = std::make_unique_for_overwrite<std::uint8_t[]>(size);
      kept_size = size;
    }
    data_ = kept.get();
  }
  std::uint8_t* get() const { return data_; }

 private:
  std::unique_ptr<std::uint8_t[]> own_;
  std::uint8_t* data_ = nullptr;
};

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// The whole image inflated at once by libdeflate, then unfiltered and labelled row by row. For
// 8-bit RGBA, RGB and palette images that are not interlaced.
Status decode_whole_with_libdeflate(std::string_view png, spng_ctx* ctx, const spng_ihdr& ihdr,
                                    PixelClassifier& classifier, LabelMap& map) {
  const int width_px = static_cast<int>(ihdr.width);
  const std::size_t width = ihdr.width, height = ihdr.height;
  const std::size_t bpp = ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA ? 4
                          : ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR     ? 3
                                                                             : 1;
  const std::size_t row_bytes = width * bpp, stride = row_bytes + 1;

  // Palette and transparency come from libspng, which checks the chunks before the image data.
  std::array<std::uint8_t, 256> palette_labels{};
  std::optional<std::array<std::uint8_t, 3>> transparent_rgb;
  spng_trns trns{};
  int code = spng_get_trns(ctx, &trns);
  if (code != 0 && code != SPNG_ECHUNKAVAIL) return damaged(spng_strerror(code));
  const bool has_trns = code == 0;
  if (ihdr.color_type == SPNG_COLOR_TYPE_INDEXED) {
    spng_plte plte{};
    code = spng_get_plte(ctx, &plte);
    if (code != 0) return damaged(std::string("its palette is unreadable: ") + spng_strerror(code));
    // Indices past the palette's end read as opaque black, as libspng has them.
    palette_labels.fill(classifier.classify(0, 0, 0, 255));
    for (std::uint32_t i = 0; i < plte.n_entries && i < 256; ++i) {
      const std::uint8_t alpha = has_trns && i < trns.n_type3_entries ? trns.type3_alpha[i] : 255;
      const auto& e = plte.entries[i];
      palette_labels[i] = classifier.classify(e.red, e.green, e.blue, alpha);
    }
  } else if (ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR && has_trns && trns.red < 256 &&
             trns.green < 256 && trns.blue < 256) {  // out of range: no 8-bit pixel matches
    transparent_rgb = {std::uint8_t(trns.red), std::uint8_t(trns.green), std::uint8_t(trns.blue)};
  }

  std::string joined;
  auto stream = idat_stream(png, joined);
  if (!stream) return stream.error();

  const std::size_t raw_size = stride * height;
  InflateBuffer raw(raw_size);
  std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor(
      libdeflate_alloc_decompressor());
  if (!decompressor) return mask_error("cannot decode the mask PNG: out of memory");
  std::size_t inflated = 0;
  const auto result = libdeflate_zlib_decompress(decompressor.get(), stream->data(), stream->size(),
                                                 raw.get(), raw_size, &inflated);
  if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
    return damaged("it holds more image data than " + size_text(width, height) + " pixels need");
  }
  if (result != LIBDEFLATE_SUCCESS) {
    return damaged("its compressed image data is invalid or incomplete");
  }
  if (inflated < raw_size) {
    return damaged("its image data ends after " + std::to_string(inflated / stride) + " of " +
                   std::to_string(height) + " rows");
  }

  // Rows are unfiltered in place. A row whose filtered bytes are all zero is common (inside and
  // outside the shapes) and needs no work: with filter "up" it repeats the row before, with
  // "none" or "sub" it is all zeros.
  const std::vector<std::uint8_t> zero_row(row_bytes, 0);
  std::vector<std::uint8_t> label_row(width);
  std::uint8_t zero_pixel_label = 0;
  switch (ihdr.color_type) {
    case SPNG_COLOR_TYPE_TRUECOLOR_ALPHA:
      zero_pixel_label = 0;
      break;
    case SPNG_COLOR_TYPE_TRUECOLOR:
      zero_pixel_label = transparent_rgb == std::array<std::uint8_t, 3>{0, 0, 0}
                             ? 0
                             : classifier.classify(0, 0, 0, 255);
      break;
    default:
      zero_pixel_label = palette_labels[0];
      break;
  }
  std::fill(label_row.begin(), label_row.end(), zero_pixel_label);
  bool labels_are_zero_pixels = true;

  const std::uint8_t* prior = zero_row.data();
  for (std::size_t y = 0; y < height; ++y) {
    std::uint8_t* row = raw.get() + y * stride;
    const int filter = row[0];
    std::uint8_t* pixels = row + 1;
    const std::uint8_t* unfiltered = pixels;  // this row's pixels once unfiltered
    if (filter > 4) {
      return damaged("row " + std::to_string(y + 1) + " has filter type " + std::to_string(filter) +
                     "; expected 0 to 4");
    }
    const bool unchanged = all_zero(pixels, row_bytes);
    bool same_labels = false;
    if (unchanged && filter == 2) {
      unfiltered = prior;  // the same pixels, so the same labels
      same_labels = true;
    } else if (unchanged && filter <= 1) {
      same_labels = labels_are_zero_pixels;
      if (!labels_are_zero_pixels) {
        std::fill(label_row.begin(), label_row.end(), zero_pixel_label);
        labels_are_zero_pixels = true;
      }
    } else {
      unfilter(pixels, prior, row_bytes, bpp, filter);
      labels_are_zero_pixels = false;
      if (bpp == 4) {
        classify_rgba_row(pixels, width_px, classifier, label_row.data());
      } else if (bpp == 3) {
        for (std::size_t x = 0; x < width; ++x) {
          const std::uint8_t* p = pixels + x * 3;
          const bool transparent = transparent_rgb && p[0] == (*transparent_rgb)[0] &&
                                   p[1] == (*transparent_rgb)[1] && p[2] == (*transparent_rgb)[2];
          label_row[x] = classifier.classify(p[0], p[1], p[2], transparent ? 0 : 255);
        }
      } else {
        for (std::size_t x = 0; x < width; ++x) label_row[x] = palette_labels[pixels[x]];
      }
    }
    if (same_labels && y > 0) {
      map.repeat_row(static_cast<int>(y));
    } else {
      map.add_row(static_cast<int>(y), label_row.data());
    }
    prior = unfiltered;
  }
  return Done{};
}

#endif  // HITL_HAVE_LIBDEFLATE

// One column-major sweep over the area that holds any label: COCO RLE for every label at once.
std::vector<LabelMask> masks_from(const LabelMap& map, int width_px, int height_px) {
  const auto& bounds = map.bounds();
  int x0 = std::numeric_limits<int>::max(), x1 = -1, y0 = x0, y1 = -1;
  for (std::size_t k = 1; k < bounds.size(); ++k) {
    if (bounds[k].empty()) continue;
    x0 = std::min(x0, bounds[k].x0);
    x1 = std::max(x1, bounds[k].x1);
    y0 = std::min(y0, bounds[k].y0);
    y1 = std::max(y1, bounds[k].y1);
  }
  std::vector<RleBuilder> builders(bounds.size());
  const std::uint64_t height = static_cast<std::uint64_t>(height_px);
  for (int x = x0; x <= x1; ++x) {
    const std::uint64_t column_start = std::uint64_t(x) * height;
    int y = y0;
    while (y <= y1) {
      const std::uint8_t label = map.at(x, y);
      if (label == 0) {
        ++y;
        continue;
      }
      const int run_start = y;
      while (y <= y1 && map.at(x, y) == label) ++y;
      builders[label].add_run(column_start + std::uint64_t(run_start),
                              static_cast<std::uint32_t>(y - run_start));
    }
  }

  const std::uint64_t pixel_count = std::uint64_t(width_px) * height;
  std::vector<LabelMask> masks;
  for (std::size_t k = 1; k < bounds.size(); ++k) {
    if (bounds[k].empty()) continue;
    LabelMask out;
    out.label = static_cast<int>(k - 1);
    out.mask.width = width_px;
    out.mask.height = height_px;
    out.mask.counts = builders[k].finish(pixel_count);
    masks.push_back(std::move(out));
  }
  return masks;
}

}  // namespace

bool mask_png_inflates_whole_images() {
#if defined(HITL_HAVE_LIBDEFLATE)
  return true;
#else
  return false;
#endif
}

Result<std::vector<LabelMask>> decode_mask_png(std::string_view png_bytes, int expected_width_px,
                                               int expected_height_px,
                                               std::span<const Rgb8> label_colors,
                                               const MaskPngLimits& limits) {
  if (label_colors.size() > 255) {
    return mask_error("there are " + std::to_string(label_colors.size()) +
                      " label colours; expected at most 255");
  }
  const std::string expected_size = size_text(static_cast<std::uint64_t>(expected_width_px),
                                              static_cast<std::uint64_t>(expected_height_px));
  if (expected_width_px <= 0 || expected_height_px <= 0) {
    return mask_error("the image size " + std::to_string(expected_width_px) + "x" +
                      std::to_string(expected_height_px) +
                      " is not a valid mask size; expected a positive width and height");
  }
  const std::uint64_t pixel_count =
      std::uint64_t(expected_width_px) * std::uint64_t(expected_height_px);
  if (expected_width_px > limits.max_side_px || expected_height_px > limits.max_side_px ||
      pixel_count > limits.max_pixels || pixel_count > std::numeric_limits<std::uint32_t>::max()) {
    return mask_error("the image size " + expected_size + " is over the mask limits (" +
                      std::to_string(limits.max_side_px) + " pixels a side, " +
                      std::to_string(limits.max_pixels) + " pixels in all)");
  }
  if (png_bytes.size() > limits.max_png_bytes) {
    return mask_error("the mask PNG is " + std::to_string(png_bytes.size()) +
                      " bytes; the limit is " + std::to_string(limits.max_png_bytes) + " bytes");
  }
  if (png_bytes.size() < sizeof kPngSignature ||
      std::memcmp(png_bytes.data(), kPngSignature, sizeof kPngSignature) != 0) {
    return mask_error(
        "the mask is not a PNG: it starts with bytes " +
        (png_bytes.empty() ? std::string("(none)") : hex_bytes(png_bytes.substr(0, 8))) +
        "; expected the PNG signature 89 50 4E 47 0D 0A 1A 0A");
  }
  const auto size_mismatch = [&](std::uint64_t width, std::uint64_t height) {
    return mask_error("the mask PNG is " + size_text(width, height) + " pixels; expected " +
                      expected_size + " pixels, the size of the labelled image");
  };

  SpngContext ctx(spng_ctx_new(0));
  if (!ctx) return mask_error("cannot decode the mask PNG: out of memory");
  spng_set_image_limits(ctx.get(), static_cast<std::uint32_t>(limits.max_side_px),
                        static_cast<std::uint32_t>(limits.max_side_px));
  spng_set_chunk_limits(ctx.get(), limits.max_png_bytes, limits.max_png_bytes);
  int code = spng_set_png_buffer(ctx.get(), png_bytes.data(), png_bytes.size());
  if (code != 0) return mask_error(std::string("cannot read the mask PNG: ") + spng_strerror(code));

  spng_ihdr ihdr{};
  code = spng_get_ihdr(ctx.get(), &ihdr);
  if (code != 0) {
    const auto raw = raw_header_size(png_bytes);
    if (raw && (raw->width != std::uint32_t(expected_width_px) ||
                raw->height != std::uint32_t(expected_height_px))) {
      return size_mismatch(raw->width, raw->height);
    }
    return mask_error(std::string("the mask PNG's header is invalid: ") + spng_strerror(code));
  }
  if (ihdr.width != std::uint32_t(expected_width_px) ||
      ihdr.height != std::uint32_t(expected_height_px)) {
    return size_mismatch(ihdr.width, ihdr.height);
  }

  PixelClassifier classifier(label_colors);
  LabelMap map(expected_width_px, expected_height_px, label_colors.size());
  Status decoded = Done{};
#if defined(HITL_HAVE_LIBDEFLATE)
  const std::size_t bytes_per_pixel = ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA ? 4
                                      : ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR     ? 3
                                                                                         : 1;
  const bool whole_image_format =
      ihdr.bit_depth == 8 && ihdr.interlace_method == SPNG_INTERLACE_NONE &&
      (ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA ||
       ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR || ihdr.color_type == SPNG_COLOR_TYPE_INDEXED);
  const std::uint64_t inflated_bytes =
      (std::uint64_t(ihdr.width) * bytes_per_pixel + 1) * std::uint64_t(ihdr.height);
  if (whole_image_format && inflated_bytes <= limits.max_inflated_bytes) {
    decoded = decode_whole_with_libdeflate(png_bytes, ctx.get(), ihdr, classifier, map);
  } else {
    decoded = decode_rows_with_spng(ctx.get(), ihdr, classifier, map);
  }
#else
  decoded = decode_rows_with_spng(ctx.get(), ihdr, classifier, map);
#endif
  if (!decoded) return decoded.error();
  return masks_from(map, expected_width_px, expected_height_px);
}

}  // namespace hitl
