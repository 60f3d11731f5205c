// UTF-8 decoding that never fails, for text that must be shown whatever bytes it holds (survey
// answers typed by strangers, file names). Invalid bytes become U+FFFD, so broken input is
// visible as broken rather than silently dropped or fatal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hitl {

inline constexpr char32_t replacement_character = U'\uFFFD';

struct DecodedCodePoint {
  char32_t code_point = 0;
  std::size_t byte_offset = 0;  // where its first byte stands in the decoded text
};

struct DecodedText {
  std::vector<DecodedCodePoint> code_points;
  int replaced_sequences = 0;  // invalid sequences read as U+FFFD
};

// Decodes UTF-8, replacing each maximal invalid subpart with one U+FFFD (the Unicode Standard's
// recommended practice, section 3.9): a truncated sequence gives one U+FFFD, a stray continuation
// byte gives one each. Overlong forms, surrogates and values above U+10FFFF are invalid.
DecodedText decode_utf8_lossy(std::string_view utf8);

// The same text as valid UTF-8, invalid sequences replaced as decode_utf8_lossy does.
std::string to_valid_utf8(std::string_view utf8);

// Appends the UTF-8 encoding of a code point; surrogates and values above U+10FFFF are written
// as U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace hitl
