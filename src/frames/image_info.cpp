// Image headers without decoding: JPEG markers are walked up to the frame header (SOF), and a
// PNG's signature and IHDR chunk are checked, CRC included. Only the bytes needed are read, so a
// folder of 2880x1920 frames is scanned in milliseconds.
#include "hitl/frames/image_info.hpp"

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <system_error>

namespace hitl {

namespace {

// A JPEG's frame header normally follows a few kilobytes of metadata; EXIF thumbnails and ICC
// profiles can push it to a few hundred. Past these limits the file is not a sane frame.
constexpr std::uint64_t kMaxJpegHeaderBytes = std::uint64_t{16} << 20;
constexpr int kMaxJpegSegmentsBeforeFrame = 4096;

constexpr std::array<unsigned char, 8> kPngSignature = {0x89, 'P',  'N',  'G',
                                                        '\r', '\n', 0x1A, '\n'};
constexpr std::size_t kPngHeaderBytes = 8 + 4 + 4 + 13 + 4;  // signature, IHDR length/type/data/CRC

// Random access to the bytes of an image, from memory or from a file. Reads past the end return
// fewer bytes than asked for; a failed read counts as the end.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read_at(std::uint64_t offset, unsigned char* out, std::size_t count) = 0;
  virtual std::uint64_t size() const = 0;
};

class MemoryBytes final : public ByteSource {
 public:
  explicit MemoryBytes(std::string_view bytes) : bytes_(bytes) {}
  std::size_t read_at(std::uint64_t offset, unsigned char* out, std::size_t count) override {
    if (offset >= bytes_.size()) return 0;
    const auto start = static_cast<std::size_t>(offset);
    const std::size_t n = std::min(count, bytes_.size() - start);
    std::memcpy(out, bytes_.data() + start, n);
    return n;
  }
  std::uint64_t size() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

class FileBytes final : public ByteSource {
 public:
  explicit FileBytes(std::ifstream& in) : in_(in) {
    in_.seekg(0, std::ios::end);
    const auto end = in_.tellg();
    size_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
  }
  std::size_t read_at(std::uint64_t offset, unsigned char* out, std::size_t count) override {
    if (offset > static_cast<std::uint64_t>(std::numeric_limits<std::streamoff>::max())) return 0;
    in_.clear();
    if (!in_.seekg(static_cast<std::streamoff>(offset))) return 0;
    in_.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(count));
    return static_cast<std::size_t>(in_.gcount());
  }
  std::uint64_t size() const override { return size_; }

 private:
  std::ifstream& in_;
  std::uint64_t size_ = 0;
};

std::string hex_bytes(const unsigned char* bytes, std::size_t count) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    out += hex[bytes[i] >> 4];
    out += hex[bytes[i] & 15];
  }
  return out;
}

std::string hex_byte(unsigned char byte) {
  return "0x" + hex_bytes(&byte, 1);
}

std::uint32_t big_endian_32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

int big_endian_16(const unsigned char* p) {
  return (p[0] << 8) | p[1];
}

// CRC-32 as PNG defines it (ISO 3309, reflected, polynomial 0xEDB88320). Bitwise: it only ever
// runs over the 17 bytes of an IHDR chunk.
std::uint32_t png_crc32(const unsigned char* bytes, std::size_t count) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < count; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

// Names formats that people mistake for frames, to make the refusal easier to act on.
std::string_view other_format_name(const unsigned char* head, std::size_t count) {
  const auto starts_with = [&](std::string_view magic) {
    return count >= magic.size() && std::memcmp(head, magic.data(), magic.size()) == 0;
  };
  if (starts_with("GIF8")) return "a GIF image";
  if (starts_with("BM")) return "a BMP image";
  if (starts_with(std::string_view("II*\0", 4)) || starts_with(std::string_view("MM\0*", 4))) {
    return "a TIFF image";
  }
  if (count >= 12 && starts_with("RIFF") && std::memcmp(head + 8, "WEBP", 4) == 0) {
    return "a WebP image";
  }
  if (count >= 12 && std::memcmp(head + 4, "ftyp", 4) == 0) return "an ISO media file (HEIC/MP4)";
  return {};
}

class HeaderReader {
 public:
  HeaderReader(ByteSource& source, const std::string& name) : source_(source), name_(name) {}

  Result<ImageInfo> read() {
    std::array<unsigned char, 12> head{};
    const std::size_t got = source_.read_at(0, head.data(), head.size());
    if (got == 0) return fail("is empty; expected a JPEG or PNG image");
    if (head[0] == 0xFF && (got < 2 || head[1] == 0xD8)) {
      if (got < 2) return truncated_jpeg(got);
      return read_jpeg();
    }
    if (head[0] == 0x89) {
      const std::size_t compared = std::min(got, kPngSignature.size());
      if (std::memcmp(head.data(), kPngSignature.data(), compared) == 0) {
        if (got < kPngSignature.size()) return truncated_png(got);
        return read_png();
      }
      if (got >= 4 && std::memcmp(head.data() + 1, "PNG", 3) == 0) {
        return fail("damaged PNG signature (" +
                    hex_bytes(head.data(), std::min<std::size_t>(got, 8)) +
                    "; expected 89 50 4e 47 0d 0a 1a 0a): was it copied as text, converting its "
                    "line ends?");
      }
    }
    std::string message = "not a JPEG or PNG file: it starts with bytes " +
                          hex_bytes(head.data(), std::min<std::size_t>(got, 8));
    if (const auto other = other_format_name(head.data(), got); !other.empty()) {
      message += " (" + std::string(other) + ")";
    }
    message += "; expected ff d8 (JPEG) or 89 50 4e 47 (PNG)";
    return fail(std::move(message));
  }

 private:
  Diagnostic fail(std::string message) const {
    return error_at(name_, 0, 0, "", std::move(message));
  }

  Diagnostic truncated_jpeg(std::uint64_t size) const {
    return fail("truncated JPEG header: the file ends after " + std::to_string(size) +
                " bytes, before the frame header (SOF marker) that gives the image size");
  }

  Diagnostic truncated_png(std::uint64_t size) const {
    return fail("truncated PNG header: the file ends after " + std::to_string(size) +
                " bytes; expected at least " + std::to_string(kPngHeaderBytes) +
                " (signature and IHDR chunk)");
  }

  // Reads exactly `count` bytes at `offset`, or reports the JPEG as truncated.
  bool read_jpeg_bytes(std::uint64_t offset, unsigned char* out, std::size_t count,
                       std::optional<Diagnostic>& error) {
    const std::size_t got = source_.read_at(offset, out, count);
    if (got == count) return true;
    error = truncated_jpeg(source_.size());
    return false;
  }

  Result<ImageInfo> read_jpeg() {
    std::uint64_t offset = 2;  // after SOI
    std::optional<Diagnostic> error;
    for (int segments = 0; segments < kMaxJpegSegmentsBeforeFrame; ++segments) {
      if (offset > kMaxJpegHeaderBytes) break;
      unsigned char marker[2];
      if (!read_jpeg_bytes(offset, marker, 2, error)) return *error;
      if (marker[0] != 0xFF) {
        return fail("damaged JPEG: byte " + std::to_string(offset) + " is " + hex_byte(marker[0]) +
                    "; expected a marker (0xff) before the frame header");
      }
      offset += 1;
      // Any number of 0xff fill bytes may precede a marker code.
      while (marker[1] == 0xFF) {
        offset += 1;
        if (offset > kMaxJpegHeaderBytes) break;
        if (!read_jpeg_bytes(offset, &marker[1], 1, error)) return *error;
      }
      const unsigned char code = marker[1];
      offset += 1;
      if (code == 0x01 || code == 0xD8 || (code >= 0xD0 && code <= 0xD7)) continue;  // no length
      if (code == 0xDA || code == 0xD9) {
        return fail("damaged JPEG: image data (marker " + hex_byte(code) +
                    ") before any frame header; expected a SOF marker giving the image size");
      }
      unsigned char length_bytes[2];
      if (!read_jpeg_bytes(offset, length_bytes, 2, error)) return *error;
      const int length = big_endian_16(length_bytes);
      if (length < 2) {
        return fail("damaged JPEG: segment " + hex_byte(code) + " at byte " +
                    std::to_string(offset - 2) + " has length " + std::to_string(length) +
                    "; expected at least 2");
      }
      const bool is_frame_header =
          code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
      if (is_frame_header) {
        unsigned char frame[6];  // precision, height, width, component count
        if (length < 8) {
          return fail("damaged JPEG: frame header of " + std::to_string(length) +
                      " bytes; expected at least 8");
        }
        if (!read_jpeg_bytes(offset + 2, frame, sizeof frame, error)) return *error;
        const int height = big_endian_16(frame + 1), width = big_endian_16(frame + 3);
        if (width == 0) return fail("JPEG frame header gives width 0; expected at least 1 pixel");
        if (height == 0) {
          return fail(
              "JPEG frame header gives height 0 (height set later by a DNL marker); expected the "
              "height in the frame header");
        }
        return ImageInfo{ImageFormat::jpeg, width, height};
      }
      offset += static_cast<std::uint64_t>(length);
    }
    return fail("no JPEG frame header (SOF marker) within the first " +
                std::to_string(kMaxJpegHeaderBytes >> 20) + " MiB or " +
                std::to_string(kMaxJpegSegmentsBeforeFrame) +
                " segments; expected the image size near the start of the file");
  }

  Result<ImageInfo> read_png() {
    std::array<unsigned char, kPngHeaderBytes> header{};
    const std::size_t got = source_.read_at(0, header.data(), header.size());
    if (got < header.size()) return truncated_png(got);
    const unsigned char* chunk = header.data() + 8;
    const std::uint32_t length = big_endian_32(chunk);
    const std::string_view type(reinterpret_cast<const char*>(chunk + 4), 4);
    if (type != "IHDR") {
      return fail("damaged PNG: the first chunk is " + hex_bytes(chunk + 4, 4) +
                  "; expected IHDR (49 48 44 52)");
    }
    if (length != 13) {
      return fail("damaged PNG: the IHDR chunk is " + std::to_string(length) +
                  " bytes long; expected 13");
    }
    const unsigned char* data = chunk + 8;
    const std::uint32_t stored_crc = big_endian_32(data + 13);
    if (png_crc32(chunk + 4, 4 + 13) != stored_crc) {
      return fail("damaged PNG: the IHDR chunk's checksum does not match its contents");
    }
    const std::uint32_t width = big_endian_32(data), height = big_endian_32(data + 4);
    constexpr auto kMaxSide = static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max());
    if (width == 0 || height == 0 || width > kMaxSide || height > kMaxSide) {
      return fail("PNG size " + std::to_string(width) + "x" + std::to_string(height) +
                  "; expected both sides between 1 and 2^31-1 pixels");
    }
    const int bit_depth = data[8], colour_type = data[9];
    const bool valid_depth = [&] {
      switch (colour_type) {
        case 0:
          return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8 ||
                 bit_depth == 16;
        case 3:
          return bit_depth == 1 || bit_depth == 2 || bit_depth == 4 || bit_depth == 8;
        case 2:
        case 4:
        case 6:
          return bit_depth == 8 || bit_depth == 16;
        default:
          return false;
      }
    }();
    if (!valid_depth) {
      return fail("damaged PNG: colour type " + std::to_string(colour_type) + " with bit depth " +
                  std::to_string(bit_depth) + " is not a combination PNG allows");
    }
    return ImageInfo{ImageFormat::png, static_cast<int>(width), static_cast<int>(height)};
  }

  ByteSource& source_;
  const std::string& name_;
};

}  // namespace

std::string_view to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg:
      return "JPEG";
    case ImageFormat::png:
      return "PNG";
  }
  return "unknown";
}

Result<ImageInfo> read_image_info(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return error_at(path, 0, 0, "", "is a folder; expected a JPEG or PNG image");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return error_at(path, 0, 0, "", std::string("cannot open: ") + std::strerror(errno));
  FileBytes source(in);
  return HeaderReader(source, path).read();
}

Result<ImageInfo> read_image_info_from_bytes(std::string_view bytes,
                                             const std::string& name_for_messages) {
  MemoryBytes source(bytes);
  return HeaderReader(source, name_for_messages).read();
}

}  // namespace hitl
