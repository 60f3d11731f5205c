// Base64 (RFC 4648, standard alphabet, '=' padding) for the PNG masks that MTurk exports inside
// CSV cells. The decoder is strict about content and lenient about layout: whitespace (line
// wrapping) is skipped and a "data:image/png;base64," prefix is accepted, anything else that is
// not base64 is refused with the byte offset of the first bad character.
#pragma once

#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

// Decodes base64 text. Errors carry no file or line (the caller knows where the text came from);
// their message names the byte offset in `text` and what was expected there.
Result<std::string> decode_base64(std::string_view text);

// Encodes bytes as base64 with '=' padding and no line breaks.
std::string encode_base64(std::string_view bytes);

}  // namespace hitl
