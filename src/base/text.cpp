// Whole-file I/O, UTF-8 validation and lenient-but-exact number parsing for the loaders.
#include "hitl/base/text.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <system_error>

namespace hitl {

Result<std::string> read_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return error_at(path.string(), 0, 0, "", "is a folder; expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return error_at(path.string(), 0, 0, "", std::string("cannot open: ") + std::strerror(errno));
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return error_at(path.string(), 0, 0, "", "cannot read its size: " + ec.message());
  if (size > max_bytes) {
    return error_at(path.string(), 0, 0, "",
                    "is " + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(max_bytes) + " bytes");
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return error_at(path.string(), 0, 0, "", "read failed after opening");
  }
  return bytes;
}

Status write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    return error_at(path.string(), 0, 0, "", std::string("cannot write: ") + std::strerror(errno));
  }
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return error_at(path.string(), 0, 0, "", "write failed (disk full?)");
  return Done{};
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int length = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      cp = c & 0x07;
    } else {
      return i;  // continuation byte out of place, or a byte that never starts UTF-8 (C0, C1, F5+)
    }
    if (i + static_cast<std::size_t>(length) > n) return i;
    for (int k = 1; k < length; ++k) {
      const unsigned char cc = s[i + static_cast<std::size_t>(k)];
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (overlong || surrogate || cp > 0x10FFFF) return i;
    i += static_cast<std::size_t>(length);
  }
  return std::nullopt;
}

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
  TextPosition pos;
  const std::size_t end = std::min(offset, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    const char c = text[i];
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++pos.line;
      pos.column = 1;
    } else if (c != '\r') {
      ++pos.column;
    }
  }
  return pos;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_lower_ascii(a) == to_lower_ascii(b);
}

std::optional<long long> parse_int(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_usd(std::string_view text) {
  text = trim(text);
  if (text.size() >= 3 && iequals_ascii(text.substr(0, 3), "usd")) text = trim(text.substr(3));
  if (!text.empty() && text.front() == '$') text.remove_prefix(1);
  const auto value = parse_double(text);
  if (!value || *value < 0) return std::nullopt;
  return value;
}

std::string quoted(std::string_view value, std::size_t max_chars) {
  std::string out = "\"";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    const bool continuation = (c & 0xC0) == 0x80;
    if (shown >= max_chars && !continuation) {  // never cut a UTF-8 sequence in half
      out += "...";
      break;
    }
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c < 0x20 || c == 0x7F) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
      if (continuation) continue;  // count code points, not bytes
    }
    ++shown;
  }
  out += '"';
  return out;
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const std::filesystem::path& target = path;
  const std::filesystem::path temp =
      target.parent_path() /
      ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()));
  if (Status written = write_file(temp, bytes); !written) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return written;
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return error_at(path.string(), 0, 0, "", "cannot write: " + ec.message());
  }
  return Done{};
}

}  // namespace hitl
