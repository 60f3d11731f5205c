// Positions in JSON text, found by a scanner that reads tokens but builds no values.
//
// nlohmann::json builds a tree and forgets where each value stood in the text. These functions
// give the positions back, so that a loader can say "dataset.json:412:17: annotations[12].bbox"
// instead of only the JSON path. They also guard the parser: nlohmann recurses when it destroys
// or prints a value, so text nested thousands of levels deep must be refused before it is parsed.
//
// The scanner tolerates malformed text (it never reads past the end and never recurses); on text
// that is not valid JSON its answers are best effort. A UTF-8 byte order mark is skipped, as
// nlohmann does. Duplicate keys resolve to the last one, as nlohmann keeps the last value.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/diagnostic.hpp"
#include "hitl/base/text.hpp"

namespace hitl {

// A path into a JSON document, as text for messages (annotations[3].bbox, style.answers[2].label)
// and as parts for find_json_value_position. Loaders extend it as they descend.
class JsonPath {
 public:
  JsonPath operator/(std::string_view key) const {
    JsonPath child = *this;
    child.parts_.emplace_back(key);
    if (!child.text_.empty()) child.text_ += '.';
    child.text_ += key;
    return child;
  }
  JsonPath operator[](std::size_t index) const {
    JsonPath child = *this;
    child.parts_.push_back(std::to_string(index));
    child.text_ += '[' + std::to_string(index) + ']';
    return child;
  }
  const std::string& text() const { return text_; }
  std::span<const std::string> parts() const { return parts_; }

 private:
  std::vector<std::string> parts_;
  std::string text_;
};

// Deep enough for every JSON file hitl reads (COCO with polygons nests 5 levels), shallow enough
// that no recursive walk over the parsed value can exhaust the stack.
inline constexpr int default_json_depth_limit = 64;

// An error when some array or object in the text is nested deeper than max_depth levels: its
// line and column are those of the first bracket past the limit. Brackets inside strings do not
// count. nullopt when the text stays within the limit. `file` is only used in the message.
std::optional<Diagnostic> check_json_nesting(std::string_view text, const std::string& file,
                                             int max_depth = default_json_depth_limit);

// Where the value at `path` starts: keys of objects, and indices of arrays written as decimal
// strings, e.g. {"annotations", "12", "bbox", "2"}. An empty path names the whole document.
// nullopt when the path does not exist in the text (or the text is too malformed to follow it).
std::optional<TextPosition> find_json_value_position(std::string_view text,
                                                     std::span<const std::string> path);

// Where each element of the array at `array_path` starts, in order, found in a single pass: the
// way to name the line of every image of a large file without scanning the file once per image.
// Empty when the path does not exist or is not an array.
std::vector<TextPosition> find_json_element_positions(std::string_view text,
                                                      std::span<const std::string> array_path);

// The byte offset of the first number in the text too large for a double (nlohmann refuses
// those, without saying where): 1e400, or 400 digits. nullopt when there is none.
std::optional<std::size_t> find_overflowing_json_number(std::string_view text);

}  // namespace hitl
