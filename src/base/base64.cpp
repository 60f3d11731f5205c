// Base64 decoding and encoding, table driven: the masks of one MTurk batch are tens of MB of
// base64, so the common case (four alphabet characters in a row) takes a branch-light path and
// only whitespace, padding and errors go through the careful one.
#include "hitl/base/base64.hpp"

#include <array>
#include <cstdint>

#include "hitl/base/text.hpp"

namespace hitl {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kDataUrlPrefix = "data:image/png;base64,";

// Sextet values 0-63 for the alphabet; the markers below for everything else.
constexpr std::uint8_t kPad = 64;
constexpr std::uint8_t kSpace = 65;
constexpr std::uint8_t kInvalid = 255;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  table['='] = kPad;
  for (const char c : {' ', '\t', '\r', '\n', '\f', '\v'}) {
    table[static_cast<unsigned char>(c)] = kSpace;
  }
  return table;
}

constexpr auto kDecodeTable = make_decode_table();

std::string describe_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return hitl::quoted(std::string_view(&c, 1));
  static const char* hex = "0123456789abcdef";
  return std::string("byte 0x") + hex[byte >> 4] + hex[byte & 15];
}

Diagnostic base64_error(std::string message) {
  return error_at("", 0, 0, "", std::move(message));
}

}  // namespace

Result<std::string> decode_base64(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (text.substr(0, 5) == "data:") {
    if (text.substr(0, kDataUrlPrefix.size()) != kDataUrlPrefix) {
      return base64_error("data URL " + hitl::quoted(text.substr(0, 40)) +
                          " at byte offset 0 is not a base64 PNG; expected the prefix \"" +
                          std::string(kDataUrlPrefix) + "\" or plain base64");
    }
    i = kDataUrlPrefix.size();
  }

  std::string out;
  out.resize((n - i) / 4 * 3 + 3);
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  const auto* src = reinterpret_cast<const unsigned char*>(text.data());

  std::uint32_t group = 0;  // sextets of the group being gathered, oldest in the high bits
  int group_size = 0;       // how many sextets `group` holds (0-3)
  std::size_t group_start = i;
  for (;;) {
    // Fast path: whole groups of four alphabet characters.
    if (group_size == 0) {
      while (i + 4 <= n) {
        const std::uint32_t a = kDecodeTable[src[i]], b = kDecodeTable[src[i + 1]],
                            c = kDecodeTable[src[i + 2]], d = kDecodeTable[src[i + 3]];
        if ((a | b | c | d) >= 64) break;  // whitespace, padding or an error: the careful path
        const std::uint32_t bits = (a << 18) | (b << 12) | (c << 6) | d;
        dst[0] = static_cast<unsigned char>(bits >> 16);
        dst[1] = static_cast<unsigned char>(bits >> 8);
        dst[2] = static_cast<unsigned char>(bits);
        dst += 3;
        i += 4;
      }
    }
    if (i >= n) break;

    const std::uint8_t value = kDecodeTable[src[i]];
    if (value < 64) {
      if (group_size == 0) group_start = i;
      group = (group << 6) | value;
      if (++group_size == 4) {
        dst[0] = static_cast<unsigned char>(group >> 16);
        dst[1] = static_cast<unsigned char>(group >> 8);
        dst[2] = static_cast<unsigned char>(group);
        dst += 3;
        group = 0;
        group_size = 0;
      }
      ++i;
      continue;
    }
    if (value == kSpace) {
      ++i;
      continue;
    }
    if (value == kInvalid) {
      return base64_error("invalid base64 character " + describe_byte(text[i]) +
                          " at byte offset " + std::to_string(i) +
                          "; expected only A-Z, a-z, 0-9, '+', '/', whitespace and '=' padding "
                          "at the end");
    }
    // Padding: it completes a group of two or three characters and nothing but whitespace may
    // follow it.
    if (group_size < 2) {
      return base64_error("unexpected '=' padding at byte offset " + std::to_string(i) +
                          "; expected padding only after the second or third character of a "
                          "group of four");
    }
    const int pads_needed = 4 - group_size;
    int pads_seen = 0;
    std::size_t j = i;
    for (; j < n; ++j) {
      const std::uint8_t v = kDecodeTable[src[j]];
      if (v == kSpace) continue;
      if (v == kPad && pads_seen < pads_needed) {
        ++pads_seen;
        continue;
      }
      return base64_error("unexpected " + describe_byte(text[j]) + " at byte offset " +
                          std::to_string(j) + " after the '=' padding; expected the end of the " +
                          "base64 text");
    }
    if (pads_seen != pads_needed) {
      return base64_error("base64 text ends at byte offset " + std::to_string(n) +
                          " with incomplete padding; expected " + std::to_string(pads_needed) +
                          " '=' characters");
    }
    group <<= 6 * static_cast<std::uint32_t>(pads_needed);
    dst[0] = static_cast<unsigned char>(group >> 16);
    if (group_size == 3) dst[1] = static_cast<unsigned char>(group >> 8);
    dst += group_size - 1;
    group_size = 0;
    break;  // the padding ends the text: the loop above has checked the rest is whitespace
  }
  if (group_size != 0) {
    return base64_error("base64 text ends at byte offset " + std::to_string(n) +
                        " in the middle of the group of four characters that starts at byte "
                        "offset " +
                        std::to_string(group_start) +
                        "; expected the text to be complete, with '=' padding");
  }
  out.resize(static_cast<std::size_t>(dst - reinterpret_cast<unsigned char*>(out.data())));
  return out;
}

std::string encode_base64(std::string_view bytes) {
  std::string out;
  out.resize((bytes.size() + 2) / 3 * 4);
  const auto* src = reinterpret_cast<const unsigned char*>(bytes.data());
  char* dst = out.data();
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t bits =
        (std::uint32_t{src[i]} << 16) | (std::uint32_t{src[i + 1]} << 8) | src[i + 2];
    dst[0] = kAlphabet[bits >> 18];
    dst[1] = kAlphabet[(bits >> 12) & 63];
    dst[2] = kAlphabet[(bits >> 6) & 63];
    dst[3] = kAlphabet[bits & 63];
    dst += 4;
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t bits = std::uint32_t{src[i]} << 16;
    if (rest == 2) bits |= std::uint32_t{src[i + 1]} << 8;
    dst[0] = kAlphabet[bits >> 18];
    dst[1] = kAlphabet[(bits >> 12) & 63];
    dst[2] = rest == 2 ? kAlphabet[(bits >> 6) & 63] : '=';
    dst[3] = '=';
  }
  return out;
}

}  // namespace hitl
