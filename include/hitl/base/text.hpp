// Small text facilities shared by the loaders: reading whole files, UTF-8 checks, trimming and
// number parsing that never throws.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

// Reads a whole file. Refuses files larger than max_bytes (the message names the size and limit).
Result<std::string> read_file(const std::filesystem::path& path,
                              std::uint64_t max_bytes = std::uint64_t{2} << 30);

// Writes a file in one go; the error names the path and the system's reason.
Status write_file(const std::filesystem::path& path, std::string_view bytes);

// Writes `bytes` under a temporary name beside `path` and renames it into place, so that an
// interrupted write never leaves something at `path` that looks complete.
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// The byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code points
// above U+10FFFF are invalid), or nullopt when the whole text is valid UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// 1-based line and column (in bytes) of a byte offset in a text; "\r\n", "\n" and "\r" end lines.
struct TextPosition {
  int line = 1;
  int column = 1;
};
TextPosition position_of_offset(std::string_view text, std::size_t offset);

std::string_view trim(std::string_view text);  // strips ASCII whitespace at both ends
std::string to_lower_ascii(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);

// Whole-string number parsing: nullopt unless the entire (trimmed) text is one number.
std::optional<long long> parse_int(std::string_view text);
std::optional<double> parse_double(std::string_view text);  // finite values only

// A money amount in US dollars as MTurk and people write it: "0.15", "$0.15", "USD 0.15".
std::optional<double> parse_usd(std::string_view text);

// Quotes a value for an error message, shortened to max_chars with an ellipsis, control
// characters escaped: so a message stays one readable line whatever the input holds.
std::string quoted(std::string_view value, std::size_t max_chars = 60);

}  // namespace hitl
