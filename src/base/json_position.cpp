// A JSON token scanner that finds positions without building values: nesting depth, where a
// value at a path starts, where overflowing numbers are. Never recursive, never reads past the end.
#include "hitl/base/json_position.hpp"

#include <charconv>
#include <system_error>

namespace hitl {

namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skip_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

// Turns byte offsets that only grow into line and column, with the same rules as
// position_of_offset, in one pass over the text however many offsets are asked for.
class PositionTracker {
 public:
  explicit PositionTracker(std::string_view text) : text_(text) {}

  TextPosition at(std::size_t offset) {
    const std::size_t end = std::min(offset, text_.size());
    for (; next_ < end; ++next_) {
      const char c = text_[next_];
      if (c == '\n' || (c == '\r' && (next_ + 1 >= text_.size() || text_[next_ + 1] != '\n'))) {
        ++position_.line;
        position_.column = 1;
      } else if (c != '\r') {
        ++position_.column;
      }
    }
    return position_;
  }

 private:
  std::string_view text_;
  std::size_t next_ = 0;
  TextPosition position_;
};

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Walks JSON text token by token. Every method leaves pos_ at a sensible place or reports
// failure; none reads beyond the end of the text.
class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text) : text_(text), pos_(skip_bom(text)) {}

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void advance() { ++pos_; }

  void skip_space() {
    while (!at_end() && is_json_space(text_[pos_])) ++pos_;
  }

  // pos_ on the opening quote; afterwards just past the closing quote. The decoded text is
  // appended to `decoded` when it is given (keys are compared decoded: "\u0041" is "A").
  bool skip_string(std::string* decoded = nullptr) {
    if (peek() != '"') return false;
    ++pos_;
    while (!at_end()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        if (decoded) *decoded += c;
        continue;
      }
      if (at_end()) return false;
      const char escaped = text_[pos_++];
      if (escaped != 'u') {
        if (decoded) *decoded += unescape(escaped);
        continue;
      }
      auto unit = read_hex4();
      if (!unit) return false;
      std::uint32_t code_point = *unit;
      if (code_point >= 0xD800 && code_point < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
        pos_ += 2;
        const auto low = read_hex4();
        if (!low) return false;
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
      }
      if (decoded) append_utf8(*decoded, code_point);
    }
    return false;
  }

  // Skips one value of any kind, containers by counting brackets (no recursion).
  bool skip_value() {
    const char c = peek();
    if (c == '"') return skip_string();
    if (c != '{' && c != '[') {
      const std::size_t start = pos_;
      while (!at_end() && !is_json_space(text_[pos_]) && text_[pos_] != ',' && text_[pos_] != ']' &&
             text_[pos_] != '}' && text_[pos_] != ':') {
        ++pos_;
      }
      return pos_ > start;
    }
    std::size_t depth = 0;
    while (!at_end()) {
      const char d = text_[pos_];
      if (d == '"') {
        if (!skip_string()) return false;
        continue;
      }
      ++pos_;
      if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return true;
      }
    }
    return false;
  }

  // pos_ on '{': moves to the start of the value of `key` (the last one, should it repeat).
  bool enter_member(std::string_view key) {
    ++pos_;
    std::optional<std::size_t> found;
    skip_space();
    if (peek() == '}') return false;
    while (!at_end()) {
      skip_space();
      std::string name;
      if (!skip_string(&name)) return false;
      skip_space();
      if (peek() != ':') return false;
      ++pos_;
      skip_space();
      if (name == key) found = pos_;
      if (!skip_value()) return false;
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      break;
    }
    if (!found) return false;
    pos_ = *found;
    return true;
  }

  // pos_ on '[': moves to the start of element `index`.
  bool enter_element(std::size_t index) {
    ++pos_;
    for (std::size_t i = 0;; ++i) {
      skip_space();
      if (at_end() || peek() == ']') return false;
      if (i == index) return true;
      if (!skip_value()) return false;
      skip_space();
      if (peek() != ',') return false;
      ++pos_;
    }
  }

  // Follows a path from the value at pos_.
  bool follow(std::span<const std::string> path) {
    skip_space();
    for (const auto& part : path) {
      if (peek() == '{') {
        if (!enter_member(part)) return false;
      } else if (peek() == '[') {
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size()) return false;
        if (!enter_element(index)) return false;
      } else {
        return false;
      }
    }
    return !at_end();
  }

 private:
  static char unescape(char escaped) {
    switch (escaped) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return escaped;  // '"', '\\' and '/' stand for themselves
    }
  }

  std::optional<std::uint32_t> read_hex4() {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, value, 16);
    if (ec != std::errc() || end != text_.data() + pos_ + 4) return std::nullopt;
    pos_ += 4;
    return value;
  }

  std::string_view text_;
  std::size_t pos_;
};

}  // namespace

std::optional<Diagnostic> check_json_nesting(std::string_view text, const std::string& file,
                                             int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        const TextPosition at = position_of_offset(text, i);
        return error_at(file, at.line, at.column, "",
                        "arrays and objects are nested more than " + std::to_string(max_depth) +
                            " levels deep; expected at most " + std::to_string(max_depth) +
                            " levels (is this the right file?)");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<TextPosition> find_json_value_position(std::string_view text,
                                                     std::span<const std::string> path) {
  JsonScanner scanner(text);
  if (!scanner.follow(path)) return std::nullopt;
  return position_of_offset(text, scanner.pos());
}

std::vector<TextPosition> find_json_element_positions(std::string_view text,
                                                      std::span<const std::string> array_path) {
  std::vector<TextPosition> positions;
  JsonScanner scanner(text);
  if (!scanner.follow(array_path) || scanner.peek() != '[') return positions;
  PositionTracker tracker(text);
  scanner.advance();
  while (true) {
    scanner.skip_space();
    if (scanner.at_end() || scanner.peek() == ']') break;
    positions.push_back(tracker.at(scanner.pos()));
    if (!scanner.skip_value()) break;
    scanner.skip_space();
    if (scanner.peek() != ',') break;
    scanner.advance();
  }
  return positions;
}

std::optional<std::size_t> find_overflowing_json_number(std::string_view text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    std::size_t end = i;
    while (end < text.size() &&
           (text[end] == '-' || text[end] == '+' || text[end] == '.' || text[end] == 'e' ||
            text[end] == 'E' || (text[end] >= '0' && text[end] <= '9'))) {
      ++end;
    }
    const std::string_view token = text.substr(i, end - i);
    double value = 0;
    const char* first = token.data() + (token.front() == '-' ? 1 : 0);
    const auto [stop, ec] = std::from_chars(first, token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range) {
      // from_chars says the same for numbers too small for a double, which nlohmann rounds
      // to zero. Tell the two apart by the decimal exponent of the first significant digit.
      const std::string_view digits(first, static_cast<std::size_t>(stop - first));
      const auto e = digits.find_first_of("eE");
      const std::string_view mantissa = digits.substr(0, e);
      long long exponent = 0;
      if (e != std::string_view::npos) {
        std::string_view exponent_text = digits.substr(e + 1);
        if (!exponent_text.empty() && exponent_text.front() == '+') exponent_text.remove_prefix(1);
        const auto [exponent_end, exponent_ec] = std::from_chars(
            exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
        if (exponent_ec == std::errc::result_out_of_range) {
          exponent = exponent_text.front() == '-' ? -100000 : 100000;
        }
        (void)exponent_end;
      }
      const auto first_significant = mantissa.find_first_of("123456789");
      const auto point = std::min(mantissa.find('.'), mantissa.size());
      if (first_significant != std::string_view::npos) {
        const long long magnitude =
            first_significant < point
                ? static_cast<long long>(point - first_significant) - 1 + exponent
                : -static_cast<long long>(first_significant - point) + exponent;
        if (magnitude > 0) return i;
      }
    }
    i = end - 1;
  }
  return std::nullopt;
}

}  // namespace hitl
