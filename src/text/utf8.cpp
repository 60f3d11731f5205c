// Lossy UTF-8 decoding with U+FFFD substitution of maximal subparts.
#include "hitl/text/utf8.hpp"

#include <cstdint>

namespace hitl {

DecodedText decode_utf8_lossy(std::string_view utf8) {
  DecodedText out;
  out.code_points.reserve(utf8.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      out.code_points.push_back({lead, i});
      ++i;
      continue;
    }
    // The continuation bytes a lead byte allows: the first one's range excludes overlong forms
    // (E0, F0), surrogates (ED) and values above U+10FFFF (F4).
    int continuation_count = 0;
    char32_t code_point = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      continuation_count = 1;
      code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      continuation_count = 2;
      code_point = lead & 0x0Fu;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      continuation_count = 3;
      code_point = lead & 0x07u;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      out.code_points.push_back({replacement_character, i});
      ++out.replaced_sequences;
      ++i;
      continue;
    }
    std::size_t next = i + 1;
    bool complete = true;
    for (int k = 0; k < continuation_count; ++k) {
      if (next >= n || bytes[next] < low || bytes[next] > high) {
        complete = false;
        break;
      }
      code_point = (code_point << 6) | (bytes[next] & 0x3Fu);
      ++next;
      low = 0x80;
      high = 0xBF;
    }
    if (complete) {
      out.code_points.push_back({code_point, i});
    } else {
      out.code_points.push_back({replacement_character, i});
      ++out.replaced_sequences;
    }
    i = next;  // past the lead byte and the continuation bytes that were valid so far
  }
  return out;
}

void append_utf8(std::string& out, char32_t code_point) {
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    code_point = replacement_character;
  }
  const auto byte = [](std::uint32_t value) { return static_cast<char>(value); };
  if (code_point < 0x80) {
    out += byte(code_point);
  } else if (code_point < 0x800) {
    out += byte(0xC0 | (code_point >> 6));
    out += byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += byte(0xE0 | (code_point >> 12));
    out += byte(0x80 | ((code_point >> 6) & 0x3F));
    out += byte(0x80 | (code_point & 0x3F));
  } else {
    out += byte(0xF0 | (code_point >> 18));
    out += byte(0x80 | ((code_point >> 12) & 0x3F));
    out += byte(0x80 | ((code_point >> 6) & 0x3F));
    out += byte(0x80 | (code_point & 0x3F));
  }
}

std::string to_valid_utf8(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (const auto& decoded : decode_utf8_lossy(utf8).code_points) {
    append_utf8(out, decoded.code_point);
  }
  return out;
}

}  // namespace hitl
