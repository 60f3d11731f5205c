// COCO JSON in and out: the thesis's traceable dataset (COCO with worker attributes), plain COCO
// files, and hitl's own dataset.json (COCO plus a "hitl" object), read back losslessly.
#include "hitl/data/coco.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "hitl/base/json_position.hpp"
#include "hitl/base/text.hpp"
#include "hitl/data/coco_rle.hpp"

namespace hitl {

namespace {

// Ordered, so that survey answers keep the order of the file, and output is deterministic.
using Json = nlohmann::ordered_json;

constexpr std::uint64_t max_coco_file_bytes = std::uint64_t{1} << 30;
constexpr int max_image_side_px = 65535;
constexpr int max_frame_number = 10'000'000;  // as frame_number_from_name
constexpr double box_tolerance_px = 1;        // annotation tools round outward; more is a wrong box
constexpr std::size_t max_warnings = 50;      // per file: more would bury the first ones

// ---------------------------------------------------------------------------------------------
// Small text helpers

// The shortest text that reads back as the same double: 1250, 0.5, 1e+300.
std::string format_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// What a value is, for "found ...; expected ..." messages.
std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::string:
      return "the text " + hitl::quoted(value.get_ref<const std::string&>());
    case Json::value_t::number_integer:
      return "the number " + std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return "the number " + std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float:
      return "the number " + format_number(value.get<double>());
    case Json::value_t::object:
      return value.empty() ? "an empty object" : "an object";
    case Json::value_t::array:
      return value.empty() ? "an empty array"
                           : "an array of " + std::to_string(value.size()) +
                                 (value.size() == 1 ? " value" : " values");
    default:
      return "a value of an unexpected kind";
  }
}

// Keeps the same spelling variants apart from what they name: "Scroll Wheel", "scroll_wheel".
std::string category_key(std::string_view name) {
  std::string key = to_lower_ascii(trim(name));
  std::replace(key.begin(), key.end(), ' ', '_');
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

// Colours for categories that are not parts of the mouse: matplotlib's tab10, which the MTurk
// label colours of the thesis also come from.
Rgb8 palette_color(std::size_t index) {
  static const Rgb8 palette[] = {
      {0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c}, {0xd6, 0x27, 0x28},
      {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b}, {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f},
      {0xbc, 0xbd, 0x22}, {0x17, 0xbe, 0xcf},
  };
  return palette[index % std::size(palette)];
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// "an array", "a value": nlohmann names what it was reading with a bare noun.
std::string with_article(std::string_view noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

// The parts of nlohmann's "syntax error while parsing CONTEXT - FOUND; expected EXPECTED".
struct SyntaxErrorParts {
  std::string context, found, expected;
};

SyntaxErrorParts split_syntax_error(std::string_view what) {
  SyntaxErrorParts parts;
  const std::string_view lead = "syntax error while parsing ";
  const auto start = what.find(lead);
  if (start == std::string_view::npos) {
    const auto colon = what.rfind(": ");
    parts.found = std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
    return parts;
  }
  std::string_view rest = what.substr(start + lead.size());
  const auto dash = rest.find(" - ");
  parts.context = std::string(rest.substr(0, dash));
  if (dash != std::string_view::npos) rest = rest.substr(dash + 3);
  const auto expected = rest.find("; expected ");
  parts.found = std::string(rest.substr(0, expected));
  if (expected != std::string_view::npos) {
    parts.expected = std::string(rest.substr(expected + std::string_view("; expected ").size()));
  }
  return parts;
}

Diagnostic syntax_error(std::string_view text, const std::string& file,
                        const Json::parse_error& e) {
  // nlohmann counts bytes from 1 and points at the character it could not take.
  const std::size_t offset = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
  const TextPosition at = position_of_offset(text, offset);
  const SyntaxErrorParts parts = split_syntax_error(e.what());
  const auto fail = [&](std::string message) {
    return error_at(file, at.line, at.column, "", std::move(message));
  };

  if (offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    std::size_t before = offset;
    while (before > 0 && is_json_space(text[before - 1])) --before;
    if (before > 0 && text[before - 1] == ',') {
      const TextPosition comma = position_of_offset(text, before - 1);
      const bool object = text[offset] == '}';
      return fail(std::string("unexpected '") + text[offset] +
                  "' after a trailing comma (the comma at line " + std::to_string(comma.line) +
                  ", column " + std::to_string(comma.column) +
                  "); JSON allows no comma after the last " + (object ? "member" : "element") +
                  ": expected another " + (object ? "\"key\": value" : "value") +
                  " after the comma, or no comma before '" + text[offset] + "'");
    }
  }
  const std::string expected =
      parts.expected.empty()
          ? "a JSON value (an object, an array, text in double quotes, a number, true, false or "
            "null)"
          : parts.expected;
  if (offset >= text.size() || parts.found.find("end of input") != std::string::npos) {
    return fail("the file ends in the middle of " +
                (parts.context.empty() ? std::string("the JSON") : with_article(parts.context)) +
                " (is it truncated?); expected " + expected);
  }
  return fail("invalid JSON" + (parts.context.empty() ? "" : " in " + with_article(parts.context)) +
              ": " + parts.found + "; expected " + expected);
}

// ---------------------------------------------------------------------------------------------
// The reader

// One "images" entry, with where its submission's facts came from (for warnings).
struct ImageEntry {
  std::int64_t id = 0;
  std::string file_name;
  int width_px = 0, height_px = 0;
  std::optional<int> frame_number;  // from "frame_number", else from the file name
  JsonPath path;
  TextPosition position;
  // Which annotation gave each submission attribute first; nullopt: the image's file name.
  std::map<std::string, std::optional<int>, std::less<>> attribute_origin;
  bool has_hitl_entry = false;
};

// form_responses met in an annotation, to become a survey response once workers are known.
struct PendingResponse {
  std::string worker_id;  // attributes.worker_id; empty: the image's worker
  std::size_t image = 0;
  int annotation_id = 0;
  JsonPath path;
  std::vector<std::pair<std::string, std::optional<std::string>>> answers;
};

class CocoReader {
 public:
  CocoReader(std::string_view text, const std::string& file, Warnings& warnings)
      : text_(text), file_(file), warnings_(warnings) {}

  Result<DatasetParts> read(const Json& root) {
    if (!root.is_object()) {
      return error(JsonPath(), "the top level is " + describe(root) +
                                   "; expected a COCO object {\"images\": [...], "
                                   "\"annotations\": [...], \"categories\": [...]}");
    }
    const Json* images = member(root, "images");
    const Json* annotations = member(root, "annotations");
    const Json* categories = member(root, "categories");
    if (!images) {
      return error(JsonPath(),
                   "\"images\" is missing; expected a COCO object with an "
                   "\"images\" array (one entry per labelled image)");
    }
    for (const auto& [name, value] :
         {std::pair{"images", images}, {"annotations", annotations}, {"categories", categories}}) {
      if (value && !value->is_array()) {
        return error(JsonPath() / name,
                     "found " + describe(*value) + "; expected an array of objects");
      }
    }
    if (!annotations) {
      warn(JsonPath(), "there is no \"annotations\" array; reading the images without labels");
    }
    if (!categories && annotations && !annotations->empty()) {
      return error(JsonPath(),
                   "\"categories\" is missing; expected a \"categories\" array "
                   "naming the category_id of every annotation");
    }

    if (categories) {
      if (auto status = read_categories(*categories); !status) return status.error();
    } else {
      warn(JsonPath(), "there is no \"categories\" array; using the mouse task's five parts");
      parts_.categories = mouse_categories();
    }
    if (auto status = read_images(*images); !status) return status.error();
    if (annotations) {
      if (auto status = read_annotations(*annotations); !status) return status.error();
    }
    if (const Json* hitl = member(root, "hitl")) {
      if (auto status = read_hitl(*hitl); !status) return status.error();
    }
    if (auto status = finish(); !status) return status.error();
    if (suppressed_warnings_ > 0) {
      warnings_.push_back(warning_at(file_, 0, 0, "",
                                     std::to_string(suppressed_warnings_) +
                                         " more warnings like the ones above were left out"));
    }
    return std::move(parts_);
  }

 private:
  // ----- diagnostics

  // The position of the value at `path`, or of the nearest enclosing value that exists (for a
  // missing key, the object that lacks it).
  TextPosition position_of(const JsonPath& path) const {
    auto parts = path.parts();
    while (true) {
      if (const auto at = find_json_value_position(text_, parts)) return *at;
      if (parts.empty()) return TextPosition{0, 0};
      parts = parts.first(parts.size() - 1);
    }
  }

  Diagnostic error(const JsonPath& path, std::string message) const {
    const TextPosition at = position_of(path);
    return error_at(file_, at.line, at.column, path.text(), std::move(message));
  }

  void warn(const JsonPath& path, std::string message) {
    if (warnings_added_ >= max_warnings) {
      ++suppressed_warnings_;
      return;
    }
    ++warnings_added_;
    const TextPosition at = position_of(path);
    warnings_.push_back(warning_at(file_, at.line, at.column, path.text(), std::move(message)));
  }

  // ----- typed access: each refuses a value of the wrong kind, saying what was expected

  Result<std::int64_t> integer(const Json& value, const JsonPath& path, std::int64_t min,
                               std::int64_t max, const std::string& expected) const {
    std::optional<std::int64_t> whole;
    if (value.is_number_integer() && !value.is_number_unsigned()) {
      whole = value.get<std::int64_t>();
    } else if (value.is_number_unsigned()) {
      const auto u = value.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        whole = static_cast<std::int64_t>(u);
      }
    } else if (value.is_number_float()) {
      const double d = value.get<double>();
      if (std::floor(d) == d && std::abs(d) < 9.0e15) whole = static_cast<std::int64_t>(d);
    }
    if (!whole || *whole < min || *whole > max) {
      return error(path, "found " + describe(value) + "; expected " + expected);
    }
    return *whole;
  }

  Result<int> small_integer(const Json& value, const JsonPath& path, int min, int max,
                            const std::string& expected) const {
    auto whole = integer(value, path, min, max, expected);
    if (!whole) return whole.error();
    return static_cast<int>(*whole);
  }

  Result<double> number(const Json& value, const JsonPath& path,
                        const std::string& expected) const {
    if (!value.is_number())
      return error(path, "found " + describe(value) + "; expected " + expected);
    return value.get<double>();  // nlohmann refuses numbers too large for a double
  }

  Result<std::string> text(const Json& value, const JsonPath& path,
                           const std::string& expected) const {
    if (!value.is_string())
      return error(path, "found " + describe(value) + "; expected " + expected);
    return value.get<std::string>();
  }

  // An optional member of an object: nullptr when absent.
  static const Json* member(const Json& object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  Result<const Json*> required(const Json& object, const JsonPath& path, std::string_view key,
                               const std::string& expected) const {
    const Json* value = member(object, key);
    if (!value) return error(path / key, "is missing; expected " + expected);
    return value;
  }

  Result<const Json*> object_at(const Json& value, const JsonPath& path,
                                const std::string& expected) const {
    if (!value.is_object())
      return error(path, "found " + describe(value) + "; expected " + expected);
    return &value;
  }

  // Survey answers as exported: text, numbers (kept as the text they stand for) or null.
  Result<std::vector<std::pair<std::string, std::optional<std::string>>>> answers(
      const Json& value, const JsonPath& path) const {
    if (!value.is_object()) {
      return error(path, "found " + describe(value) +
                             "; expected an object of answers {\"Q1\": \"25 - 34\", ...}");
    }
    std::vector<std::pair<std::string, std::optional<std::string>>> out;
    for (const auto& [question, answer] : value.items()) {
      if (answer.is_null()) {
        out.emplace_back(question, std::nullopt);
      } else if (answer.is_string()) {
        out.emplace_back(question, answer.get<std::string>());
      } else if (answer.is_number_float()) {
        out.emplace_back(question, format_number(answer.get<double>()));
      } else if (answer.is_number()) {
        out.emplace_back(question, answer.dump());
      } else {
        return error(path / question, "found " + describe(answer) +
                                          "; expected the answer as text, a number or null");
      }
    }
    return out;
  }

  // ----- categories

  Status read_categories(const Json& categories) {
    const JsonPath list = JsonPath() / "categories";
    std::map<int, std::size_t> seen;
    for (std::size_t i = 0; i < categories.size(); ++i) {
      const JsonPath path = list[i];
      const std::string expected_entry = "a category {\"id\": 1, \"name\": \"Body\"}";
      if (auto o = object_at(categories[i], path, "an object, " + expected_entry); !o) {
        return o.error();
      }
      const Json& entry = categories[i];
      auto id_value = required(entry, path, "id", "the category's id, a whole number");
      if (!id_value) return id_value.error();
      auto id = small_integer(**id_value, path / "id", 0, std::numeric_limits<int>::max(),
                              "the category's id, a whole number from 0 to 2147483647");
      if (!id) return id.error();
      if (const auto [it, fresh] = seen.emplace(*id, i); !fresh) {
        return error(path / "id", "category id " + std::to_string(*id) +
                                      " is used twice (also by categories[" +
                                      std::to_string(it->second) + "]); expected unique ids");
      }
      auto name_value = required(entry, path, "name", "the category's name as text");
      if (!name_value) return name_value.error();
      auto name = text(**name_value, path / "name", "the category's name as text");
      if (!name) return name.error();
      if (trim(*name).empty()) {
        return error(path / "name", "is empty; expected the category's name, e.g. \"Body\"");
      }
      if (const Json* super = member(entry, "supercategory"); super && !super->is_null()) {
        if (auto s = text(*super, path / "supercategory", "text"); !s) return s.error();
      }
      Category category{*id, *name, palette_color(i)};
      const Json* color = member(entry, "color");
      if (color && !color->is_null()) {
        auto hex = text(*color, path / "color", "a colour as text, e.g. \"#1f77b4\"");
        if (!hex) return hex.error();
        const auto rgb = Rgb8::parse_hex(*hex);
        if (!rgb) {
          return error(path / "color", "found " + describe(*color) +
                                           "; expected a colour as six hex digits, e.g. "
                                           "\"#1f77b4\"");
        }
        category.color = *rgb;
      } else {
        for (const auto& part : mouse_categories()) {
          if (category_key(part.name) == category_key(*name)) category.color = part.color;
        }
      }
      parts_.categories.push_back(std::move(category));
    }
    return Done{};
  }

  // ----- images

  Status read_images(const Json& images) {
    const JsonPath list = JsonPath() / "images";
    const std::vector<std::string> images_path = {"images"};
    const auto positions = find_json_element_positions(text_, images_path);
    for (std::size_t i = 0; i < images.size(); ++i) {
      const JsonPath path = list[i];
      const std::string expected_entry =
          "an image {\"id\": 1, \"file_name\": \"mouse_0001_A2YFFC90MO0MW8.png\", \"width\": "
          "2880, \"height\": 1920}";
      if (auto o = object_at(images[i], path, expected_entry); !o) return o.error();
      const Json& entry = images[i];
      ImageEntry image;
      image.path = path;
      image.position = i < positions.size() ? positions[i] : TextPosition{0, 0};

      auto id_value = required(entry, path, "id", "the image's id, a whole number");
      if (!id_value) return id_value.error();
      auto id = integer(**id_value, path / "id", 0, std::numeric_limits<std::int64_t>::max(),
                        "the image's id, a whole number of at least 0");
      if (!id) return id.error();
      image.id = *id;
      if (const auto [it, fresh] = image_index_.emplace(*id, i); !fresh) {
        return error(path / "id", "image id " + std::to_string(*id) +
                                      " is used twice (also by images[" +
                                      std::to_string(it->second) + "]); expected unique ids");
      }

      auto name_value = required(entry, path, "file_name", "the image's file name as text");
      if (!name_value) return name_value.error();
      auto name = text(**name_value, path / "file_name", "the image's file name as text");
      if (!name) return name.error();
      image.file_name = *name;

      for (const char* side : {"width", "height"}) {
        const std::string expected = std::string("the image's ") + side +
                                     " in pixels, a whole number from 1 to " +
                                     std::to_string(max_image_side_px);
        auto value = required(entry, path, side, expected);
        if (!value) return value.error();
        auto px = small_integer(**value, path / side, 1, max_image_side_px, expected);
        if (!px) return px.error();
        (std::string_view(side) == "width" ? image.width_px : image.height_px) = *px;
      }

      if (const Json* frame = member(entry, "frame_number"); frame && !frame->is_null()) {
        auto number = small_integer(*frame, path / "frame_number", 0, max_frame_number,
                                    "the frame's number, a whole number of at least 0");
        if (!number) return number.error();
        image.frame_number = *number;
      } else {
        image.frame_number = frame_number_from_name(image.file_name);
      }

      Submission submission;
      if (auto worker = worker_id_from_name(image.file_name)) {
        submission.worker_id = *worker;
        image.attribute_origin["worker_id"] = std::nullopt;
      }
      submission.frame_number = image.frame_number.value_or(0);
      submission.source = file_ + ":" + std::to_string(image.position.line);
      parts_.submissions.push_back(std::move(submission));
      images_.push_back(std::move(image));
    }
    return Done{};
  }

  // ----- annotations

  Status read_annotations(const Json& annotations) {
    const JsonPath list = JsonPath() / "annotations";
    std::map<int, std::size_t> seen;
    for (std::size_t i = 0; i < annotations.size(); ++i) {
      const JsonPath path = list[i];
      if (auto o = object_at(annotations[i], path,
                             "an annotation {\"id\": 565, \"image_id\": 155, \"category_id\": 4, "
                             "\"bbox\": [x, y, width, height], ...}");
          !o) {
        return o.error();
      }
      const Json& entry = annotations[i];
      Annotation annotation;

      auto id_value = required(entry, path, "id", "the annotation's id, a whole number");
      if (!id_value) return id_value.error();
      auto id = small_integer(**id_value, path / "id", 0, std::numeric_limits<int>::max(),
                              "the annotation's id, a whole number from 0 to 2147483647");
      if (!id) return id.error();
      if (const auto [it, fresh] = seen.emplace(*id, i); !fresh) {
        return error(path / "id", "annotation id " + std::to_string(*id) +
                                      " is used twice (also by annotations[" +
                                      std::to_string(it->second) + "]); expected unique ids");
      }
      annotation.id = *id;

      auto image_value = required(entry, path, "image_id", "the id of the annotated image");
      if (!image_value) return image_value.error();
      auto image_id =
          integer(**image_value, path / "image_id", 0, std::numeric_limits<std::int64_t>::max(),
                  "the id of an entry of \"images\"");
      if (!image_id) return image_id.error();
      const auto image_it = image_index_.find(*image_id);
      if (image_it == image_index_.end()) {
        return error(path / "image_id", "image " + std::to_string(*image_id) +
                                            " does not exist; expected the id of an entry of "
                                            "\"images\"");
      }
      const std::size_t image_index = image_it->second;
      const ImageEntry& image = images_[image_index];
      annotation.submission = static_cast<int>(image_index);

      auto category_value = required(entry, path, "category_id", "the id of a category");
      if (!category_value) return category_value.error();
      auto category_id =
          small_integer(**category_value, path / "category_id", 0, std::numeric_limits<int>::max(),
                        "the id of an entry of \"categories\"");
      if (!category_id) return category_id.error();
      const bool known_category =
          std::any_of(parts_.categories.begin(), parts_.categories.end(),
                      [&](const Category& c) { return c.id == *category_id; });
      if (!known_category) {
        return error(path / "category_id", "category " + std::to_string(*category_id) +
                                               " does not exist; expected the id of an entry "
                                               "of \"categories\"");
      }
      annotation.category_id = *category_id;

      if (const Json* segmentation = member(entry, "segmentation")) {
        auto mask = read_segmentation(*segmentation, path / "segmentation", image);
        if (!mask) return mask.error();
        annotation.mask = std::move(*mask);
      }

      if (const Json* bbox = member(entry, "bbox"); bbox && !bbox->is_null()) {
        auto box = read_box(*bbox, path / "bbox", image);
        if (!box) return box.error();
        annotation.bbox = *box;
      } else if (annotation.mask && annotation.mask->bounds()) {
        annotation.bbox = *annotation.mask->bounds();
      } else {
        return error(path / "bbox",
                     "is missing; expected the box [x, y, width, height] in "
                     "pixels (or a segmentation that is not empty)");
      }

      if (const Json* area = member(entry, "area"); area && !area->is_null()) {
        auto value = number(*area, path / "area", "the area in pixels, a number");
        if (!value) return value.error();
        if (*value < 0) {
          return error(path / "area",
                       "found " + describe(*area) + "; expected the area in pixels, at least 0");
        }
      }
      if (const Json* crowd = member(entry, "iscrowd"); crowd && !crowd->is_null()) {
        if (auto flag = integer(*crowd, path / "iscrowd", 0, 1, "0 or 1"); !flag) {
          return flag.error();
        }
      }
      if (const Json* attributes = member(entry, "attributes");
          attributes && !attributes->is_null()) {
        if (auto status =
                read_attributes(*attributes, path / "attributes", annotation.id, image_index);
            !status) {
          return status.error();
        }
      }

      parts_.submissions[image_index].annotations.push_back(
          static_cast<int>(parts_.annotations.size()));
      parts_.annotations.push_back(std::move(annotation));
    }
    return Done{};
  }

  Result<BoxPx> read_box(const Json& bbox, const JsonPath& path, const ImageEntry& image) const {
    const std::string expected = "4 numbers [x, y, width, height] in pixels";
    if (!bbox.is_array() || bbox.size() != 4) {
      return error(path, "found " + describe(bbox) + "; expected " + expected);
    }
    double v[4];
    static const char* const names[] = {"x", "y", "width", "height"};
    for (std::size_t k = 0; k < 4; ++k) {
      auto value =
          number(bbox[k], path[k], std::string("the box's ") + names[k] + " in pixels, a number");
      if (!value) return value.error();
      v[k] = *value;
    }
    for (std::size_t k = 2; k < 4; ++k) {
      if (!(v[k] > 0)) {
        return error(path[k], "the box's " + std::string(names[k]) + " is " + format_number(v[k]) +
                                  "; expected a " + names[k] + " above 0 pixels");
      }
    }
    const double tolerance = box_tolerance_px;
    if (v[0] < -tolerance || v[1] < -tolerance || v[0] + v[2] > image.width_px + tolerance ||
        v[1] + v[3] > image.height_px + tolerance) {
      return error(path, "the box [" + format_number(v[0]) + ", " + format_number(v[1]) + ", " +
                             format_number(v[2]) + ", " + format_number(v[3]) +
                             "] reaches outside its " + std::to_string(image.width_px) + "x" +
                             std::to_string(image.height_px) + " image (" + image.path.text() +
                             ", " + hitl::quoted(image.file_name) +
                             "); expected a box within the image (1 pixel of slack)");
    }
    return BoxPx{v[0], v[1], v[2], v[3]};
  }

  Result<std::optional<MaskRle>> read_segmentation(const Json& segmentation, const JsonPath& path,
                                                   const ImageEntry& image) const {
    const std::string expected =
        "polygons [[x1, y1, x2, y2, ...], ...] or RLE {\"size\": [height, width], \"counts\": "
        "...}";
    if (segmentation.is_null() || (segmentation.is_array() && segmentation.empty())) {
      return std::optional<MaskRle>();
    }
    if (segmentation.is_array()) return read_polygons(segmentation, path, image);
    if (!segmentation.is_object()) {
      return error(path, "found " + describe(segmentation) + "; expected " + expected);
    }

    auto size_value = required(segmentation, path, "size", "[height, width] of the mask");
    if (!size_value) return size_value.error();
    const Json& size = **size_value;
    const std::string expected_size = "[" + std::to_string(image.height_px) + ", " +
                                      std::to_string(image.width_px) +
                                      "], the [height, width] of its image";
    if (!size.is_array() || size.size() != 2) {
      return error(path / "size", "found " + describe(size) + "; expected " + expected_size);
    }
    auto mask_height = integer(size[0], (path / "size")[0], 0, max_image_side_px, expected_size);
    if (!mask_height) return mask_height.error();
    auto mask_width = integer(size[1], (path / "size")[1], 0, max_image_side_px, expected_size);
    if (!mask_width) return mask_width.error();
    if (*mask_height != image.height_px || *mask_width != image.width_px) {
      return error(path / "size",
                   "the mask is [" + std::to_string(*mask_height) + ", " +
                       std::to_string(*mask_width) + "] (height, width) but its image " +
                       image.path.text() + " is " + std::to_string(image.width_px) + "x" +
                       std::to_string(image.height_px) + "; expected " + expected_size);
    }

    auto counts_value = required(segmentation, path, "counts", "the run lengths");
    if (!counts_value) return counts_value.error();
    const Json& counts = **counts_value;
    const JsonPath counts_path = path / "counts";
    MaskRle mask{image.width_px, image.height_px, {}};
    if (counts.is_string()) {
      auto decoded = decode_rle_counts(counts.get_ref<const std::string&>());
      if (!decoded) {
        return error(counts_path, "malformed compressed RLE: " + decoded.error().message);
      }
      mask.counts = std::move(*decoded);
    } else if (counts.is_array()) {
      mask.counts.reserve(counts.size());
      for (std::size_t k = 0; k < counts.size(); ++k) {
        auto run = integer(counts[k], counts_path[k], 0, std::numeric_limits<std::uint32_t>::max(),
                           "a run length, a whole number of at least 0");
        if (!run) return run.error();
        mask.counts.push_back(static_cast<std::uint32_t>(*run));
      }
    } else {
      return error(counts_path, "found " + describe(counts) +
                                    "; expected the run lengths as a pycocotools string or an "
                                    "array of whole numbers");
    }
    if (!mask.is_consistent()) {
      std::uint64_t total = 0;
      for (const auto c : mask.counts) total += c;
      return error(counts_path,
                   "the run lengths add up to " + std::to_string(total) +
                       " pixels; expected height x width = " + std::to_string(image.height_px) +
                       " x " + std::to_string(image.width_px) + " = " +
                       std::to_string(static_cast<std::uint64_t>(image.width_px) *
                                      static_cast<std::uint64_t>(image.height_px)));
    }
    return std::optional<MaskRle>(std::move(mask));
  }

  Result<std::optional<MaskRle>> read_polygons(const Json& segmentation, const JsonPath& path,
                                               const ImageEntry& image) const {
    std::vector<std::vector<double>> polygons;
    for (std::size_t p = 0; p < segmentation.size(); ++p) {
      const Json& polygon = segmentation[p];
      const JsonPath polygon_path = path[p];
      if (!polygon.is_array()) {
        return error(polygon_path, "found " + describe(polygon) +
                                       "; expected a polygon [x1, y1, x2, y2, ...] in pixels");
      }
      if (polygon.size() % 2 != 0) {
        return error(polygon_path, "the polygon has " + std::to_string(polygon.size()) +
                                       " coordinates, an odd number; expected x, y pairs");
      }
      if (polygon.size() < 6) {
        return error(polygon_path, "the polygon has " + std::to_string(polygon.size() / 2) +
                                       (polygon.size() == 2 ? " point" : " points") +
                                       "; expected at least 3 points (6 numbers)");
      }
      std::vector<double> xy;
      xy.reserve(polygon.size());
      for (std::size_t k = 0; k < polygon.size(); ++k) {
        const bool is_x = k % 2 == 0;
        auto value = number(polygon[k], polygon_path[k],
                            std::string(is_x ? "an x" : "a y") + " coordinate in pixels");
        if (!value) return value.error();
        const double limit = is_x ? image.width_px : image.height_px;
        if (*value < -box_tolerance_px || *value > limit + box_tolerance_px) {
          return error(polygon_path[k], std::string(is_x ? "x" : "y") + " = " +
                                            format_number(*value) + " lies outside its " +
                                            std::to_string(image.width_px) + "x" +
                                            std::to_string(image.height_px) +
                                            " image; expected a point within the image (1 "
                                            "pixel of slack)");
        }
        xy.push_back(*value);
      }
      polygons.push_back(std::move(xy));
    }
    auto mask = rasterize_polygons(polygons, image.width_px, image.height_px);
    if (!mask) return error(path, mask.error().message);
    return std::optional<MaskRle>(std::move(*mask));
  }

  // attributes: {worker_id, form_responses, status, reject_reason, assignment_id}. The first
  // annotation of an image to give one of these sets it for the image's submission.
  Status read_attributes(const Json& attributes, const JsonPath& path, int annotation_id,
                         std::size_t image_index) {
    if (!attributes.is_object()) {
      return error(path, "found " + describe(attributes) +
                             "; expected an object {\"worker_id\": ..., \"form_responses\": "
                             "{...}}");
    }
    std::string worker_id;
    for (const char* name : {"worker_id", "status", "reject_reason", "assignment_id"}) {
      const Json* value = member(attributes, name);
      if (!value || value->is_null()) continue;
      auto given = text(*value, path / name, "text");
      if (!given) return given.error();
      if (std::string_view(name) == "status" && !parse_assignment_status(*given)) {
        return error(path / name, "found " + describe(*value) +
                                      "; expected \"approved\", \"rejected\" or \"pending\"");
      }
      if (std::string_view(name) == "worker_id") worker_id = *given;
      merge_attribute(image_index, name, *given, annotation_id, path / name);
    }
    if (const Json* responses = member(attributes, "form_responses");
        responses && !responses->is_null()) {
      auto read = answers(*responses, path / "form_responses");
      if (!read) return read.error();
      pending_responses_.push_back(PendingResponse{std::move(worker_id), image_index, annotation_id,
                                                   path / "form_responses", std::move(*read)});
    }
    return Done{};
  }

  void merge_attribute(std::size_t image_index, const std::string& name, const std::string& value,
                       int annotation_id, const JsonPath& path) {
    if (value.empty()) return;
    ImageEntry& image = images_[image_index];
    Submission& submission = parts_.submissions[image_index];
    const bool is_status = name == "status";
    std::string& target = name == "worker_id"       ? submission.worker_id
                          : name == "reject_reason" ? submission.reject_reason
                                                    : submission.assignment_id;
    const auto origin = image.attribute_origin.find(name);
    if (origin == image.attribute_origin.end()) {
      image.attribute_origin.emplace(name, annotation_id);
      if (is_status) {
        submission.status = parse_assignment_status(value).value_or(submission.status);
      } else {
        target = value;
      }
      return;
    }
    const std::string kept = is_status ? std::string(to_string(submission.status)) : target;
    const bool same =
        is_status ? parse_assignment_status(value) == submission.status : value == kept;
    if (same) return;
    const std::string given_by =
        origin->second ? "annotation " + std::to_string(*origin->second) + " of the same image"
                       : "the image's file name " + hitl::quoted(image.file_name);
    warn(path, hitl::quoted(value) + " differs from " + hitl::quoted(kept) + ", given by " +
                   given_by + "; keeping " + hitl::quoted(kept));
  }

  // ----- the hitl object

  Status read_hitl(const Json& hitl) {
    const JsonPath path = JsonPath() / "hitl";
    if (!hitl.is_object()) {
      return error(path, "found " + describe(hitl) +
                             "; expected hitl's object {\"format_version\": " +
                             std::to_string(dataset_format_version) + ", ...}");
    }
    const std::string expected_version =
        "a format_version from 1 to " + std::to_string(dataset_format_version);
    auto version_value = required(hitl, path, "format_version", expected_version);
    if (!version_value) return version_value.error();
    auto version = small_integer(**version_value, path / "format_version", 1,
                                 std::numeric_limits<int>::max(), expected_version);
    if (!version) return version.error();
    if (*version > dataset_format_version) {
      return error(path / "format_version", "format " + std::to_string(*version) +
                                                " was written by a newer hitl; expected " +
                                                expected_version +
                                                " (update hitl to read this file)");
    }
    if (const Json* dir = member(hitl, "frames_dir"); dir && !dir->is_null()) {
      auto value = text(*dir, path / "frames_dir", "the frames folder as text");
      if (!value) return value.error();
      parts_.frames_dir = *value;
    }
    if (const Json* questions = member(hitl, "questions")) {
      if (auto status = read_hitl_questions(*questions, path / "questions"); !status) return status;
    }
    if (const Json* submissions = member(hitl, "submissions")) {
      if (auto status = read_hitl_submissions(*submissions, path / "submissions"); !status) {
        return status;
      }
    }
    if (const Json* survey = member(hitl, "survey")) {
      if (auto status = read_hitl_survey(*survey, path / "survey"); !status) return status;
    }
    if (const Json* frames = member(hitl, "frames")) {
      if (auto status = read_hitl_frames(*frames, path / "frames"); !status) return status;
    }
    return Done{};
  }

  Status array_at(const Json& value, const JsonPath& path, const std::string& expected) const {
    if (!value.is_array())
      return error(path, "found " + describe(value) + "; expected " + expected);
    return Done{};
  }

  Result<std::string> optional_text(const Json& object, const JsonPath& path,
                                    std::string_view key) const {
    const Json* value = member(object, key);
    if (!value || value->is_null()) return std::string();
    return text(*value, path / key, "text");
  }

  Status read_hitl_questions(const Json& questions, const JsonPath& path) {
    const std::string expected = "an array of questions [{\"id\": \"Q1\", \"text\": \"...\"}]";
    if (auto status = array_at(questions, path, expected); !status) return status;
    questions_read_ = true;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      if (auto o = object_at(questions[i], path[i], "a question {\"id\": \"Q1\", \"text\": ...}");
          !o) {
        return o.error();
      }
      auto id_value = required(questions[i], path[i], "id", "the question's id as text");
      if (!id_value) return id_value.error();
      auto id = text(**id_value, path[i] / "id", "the question's id as text, e.g. \"Q1\"");
      if (!id) return id.error();
      auto question_text = optional_text(questions[i], path[i], "text");
      if (!question_text) return question_text.error();
      parts_.questions.push_back(SurveyQuestion{*id, *question_text});
    }
    return Done{};
  }

  Status read_hitl_submissions(const Json& submissions, const JsonPath& path) {
    if (auto status =
            array_at(submissions, path, "an array of submissions [{\"image_id\": 1, ...}]");
        !status) {
      return status;
    }
    for (std::size_t i = 0; i < submissions.size(); ++i) {
      const JsonPath at = path[i];
      if (auto o = object_at(submissions[i], at, "a submission {\"image_id\": 1, ...}"); !o) {
        return o.error();
      }
      const Json& entry = submissions[i];
      auto image_value = required(entry, at, "image_id", "the id of an entry of \"images\"");
      if (!image_value) return image_value.error();
      auto image_id =
          integer(**image_value, at / "image_id", 0, std::numeric_limits<std::int64_t>::max(),
                  "the id of an entry of \"images\"");
      if (!image_id) return image_id.error();
      const auto it = image_index_.find(*image_id);
      if (it == image_index_.end()) {
        return error(at / "image_id", "image " + std::to_string(*image_id) +
                                          " does not exist; expected the id of an entry of "
                                          "\"images\"");
      }
      ImageEntry& image = images_[it->second];
      if (image.has_hitl_entry) {
        return error(at / "image_id", "image " + std::to_string(*image_id) +
                                          " has a second submission; expected one per image");
      }
      image.has_hitl_entry = true;
      Submission& submission = parts_.submissions[it->second];

      for (const auto& [key, target] :
           {std::pair<const char*, std::string*>{"assignment_id", &submission.assignment_id},
            {"hit_id", &submission.hit_id},
            {"worker_id", &submission.worker_id},
            {"reject_reason", &submission.reject_reason},
            {"source", &submission.source}}) {
        if (const Json* value = member(entry, key); value && !value->is_null()) {
          auto given = text(*value, at / key, "text");
          if (!given) return given.error();
          *target = *given;
        }
      }
      if (const Json* value = member(entry, "frame_number"); value && !value->is_null()) {
        auto number = small_integer(*value, at / "frame_number", 0, max_frame_number,
                                    "the frame's number, a whole number of at least 0");
        if (!number) return number.error();
        submission.frame_number = *number;
        image.frame_number = *number;
      }
      if (const Json* value = member(entry, "status"); value && !value->is_null()) {
        const std::string expected = "\"approved\", \"rejected\" or \"pending\"";
        auto given = text(*value, at / "status", expected);
        if (!given) return given.error();
        const auto status = parse_assignment_status(*given);
        if (!status)
          return error(at / "status", "found " + describe(*value) + "; expected " + expected);
        submission.status = *status;
      }
      if (const Json* value = member(entry, "reward_usd"); value && !value->is_null()) {
        auto reward = number(*value, at / "reward_usd", "the reward in US dollars, a number");
        if (!reward) return reward.error();
        if (*reward < 0 || *reward > 1e6) {
          return error(at / "reward_usd", "found " + describe(*value) +
                                              "; expected the reward in US dollars, from 0 to "
                                              "1000000");
        }
        submission.reward_usd = *reward;
      }
      if (const Json* value = member(entry, "work_time_s"); value && !value->is_null()) {
        auto seconds = number(*value, at / "work_time_s", "the work time in seconds, or null");
        if (!seconds) return seconds.error();
        if (*seconds < 0 || *seconds > 1e9) {
          return error(at / "work_time_s", "found " + describe(*value) +
                                               "; expected the work time in seconds, at least 0");
        }
        submission.work_time_s = *seconds;
      }
      if (const Json* value = member(entry, "batch"); value && !value->is_null()) {
        auto batch = small_integer(*value, at / "batch", 0, std::numeric_limits<int>::max(),
                                   "the batch number, a whole number (1 for the first batch)");
        if (!batch) return batch.error();
        submission.batch = *batch;
      }
    }
    return Done{};
  }

  Status read_hitl_survey(const Json& survey, const JsonPath& path) {
    if (auto status = array_at(survey, path,
                               "an array of responses [{\"worker_id\": ..., "
                               "\"answers\": {...}}]");
        !status) {
      return status;
    }
    survey_read_ = true;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < survey.size(); ++i) {
      const JsonPath at = path[i];
      if (auto o = object_at(survey[i], at, "a response {\"worker_id\": ..., \"answers\": {...}}");
          !o) {
        return o.error();
      }
      const Json& entry = survey[i];
      auto worker_value = required(entry, at, "worker_id", "the worker's id as text");
      if (!worker_value) return worker_value.error();
      auto worker = text(**worker_value, at / "worker_id", "the worker's id as text");
      if (!worker) return worker.error();
      if (worker->empty()) return error(at / "worker_id", "is empty; expected the worker's id");
      if (const auto [it, fresh] = seen.emplace(*worker, i); !fresh) {
        return error(at / "worker_id",
                     "worker " + *worker + " has a second response (the first is " + path.text() +
                         "[" + std::to_string(it->second) + "]); expected one response per worker");
      }
      SurveyResponse response;
      response.worker_id = *worker;
      auto response_id = optional_text(entry, at, "response_id");
      if (!response_id) return response_id.error();
      response.response_id = *response_id;
      if (const Json* value = member(entry, "answers"); value && !value->is_null()) {
        auto read = answers(*value, at / "answers");
        if (!read) return read.error();
        response.answers = std::move(*read);
      }
      parts_.survey.push_back(std::move(response));
    }
    return Done{};
  }

  Status read_hitl_frames(const Json& frames, const JsonPath& path) {
    if (auto status = array_at(frames, path, "an array of frames [{\"number\": 1, \"file\": ...}]");
        !status) {
      return status;
    }
    frames_read_ = true;
    std::map<int, std::size_t> seen;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const JsonPath at = path[i];
      if (auto o = object_at(frames[i], at, "a frame {\"number\": 1, \"file\": ...}"); !o) {
        return o.error();
      }
      const Json& entry = frames[i];
      Frame frame;
      auto number_value = required(entry, at, "number", "the frame's number");
      if (!number_value) return number_value.error();
      auto number = small_integer(**number_value, at / "number", 0, max_frame_number,
                                  "the frame's number, a whole number of at least 0");
      if (!number) return number.error();
      if (const auto [it, fresh] = seen.emplace(*number, i); !fresh) {
        return error(at / "number", "frame " + std::to_string(*number) + " appears twice (also " +
                                        path.text() + "[" + std::to_string(it->second) +
                                        "]); expected each frame once");
      }
      frame.number = *number;
      auto file = optional_text(entry, at, "file");
      if (!file) return file.error();
      frame.file = *file;
      for (const char* side : {"width", "height"}) {
        const Json* value = member(entry, side);
        if (!value || value->is_null()) continue;
        auto px = small_integer(*value, at / side, 0, max_image_side_px,
                                std::string("the frame's ") + side +
                                    " in pixels, a whole number from 0 (unknown) to " +
                                    std::to_string(max_image_side_px));
        if (!px) return px.error();
        (std::string_view(side) == "width" ? frame.width_px : frame.height_px) = *px;
      }
      parts_.frames.push_back(std::move(frame));
    }
    std::sort(parts_.frames.begin(), parts_.frames.end(),
              [](const Frame& a, const Frame& b) { return a.number < b.number; });
    return Done{};
  }

  // ----- what is left once everything is read

  Status finish() {
    for (std::size_t i = 0; i < images_.size(); ++i) {
      const ImageEntry& image = images_[i];
      if (!image.frame_number) {
        return error(image.path / "file_name",
                     "cannot tell the frame of " + hitl::quoted(image.file_name) +
                         "; expected a file name with the frame number, like "
                         "\"mouse_0001_A2YFFC90MO0MW8.png\", or a \"frame_number\"");
      }
    }

    if (!frames_read_) {
      std::map<int, std::size_t> first_image_of_frame;
      for (std::size_t i = 0; i < images_.size(); ++i) {
        const ImageEntry& image = images_[i];
        const auto [it, fresh] = first_image_of_frame.emplace(*image.frame_number, i);
        const ImageEntry& first = images_[it->second];
        if (!fresh && (first.width_px != image.width_px || first.height_px != image.height_px)) {
          warn(image.path, "frame " + std::to_string(*image.frame_number) + " is " +
                               std::to_string(image.width_px) + "x" +
                               std::to_string(image.height_px) + " here but " +
                               std::to_string(first.width_px) + "x" +
                               std::to_string(first.height_px) + " in " + first.path.text() +
                               "; keeping the first size");
        }
      }
      for (const auto& [number, index] : first_image_of_frame) {
        parts_.frames.push_back(
            Frame{number, "", images_[index].width_px, images_[index].height_px});
      }
    }

    if (!survey_read_) build_survey();
    if (!questions_read_) parts_.questions = default_survey_questions();

    std::size_t without_worker = 0;
    for (const auto& submission : parts_.submissions) {
      if (submission.worker_id.empty()) ++without_worker;
    }
    if (without_worker > 0) {
      warn(JsonPath() / "images",
           std::to_string(without_worker) + " of " + std::to_string(images_.size()) +
               " images name no worker, neither in the file name nor in an annotation's "
               "attributes.worker_id");
    }
    return Done{};
  }

  // Survey responses from the annotations' form_responses, one per worker, in the order the
  // workers first appear; a worker whose annotations disagree keeps the first answers.
  void build_survey() {
    std::map<std::string, std::pair<std::size_t, int>> seen;  // worker -> response, annotation
    for (auto& pending : pending_responses_) {
      const std::string worker = pending.worker_id.empty()
                                     ? parts_.submissions[pending.image].worker_id
                                     : pending.worker_id;
      if (worker.empty()) {
        warn(pending.path,
             "these answers name no worker (no attributes.worker_id, and none in "
             "the image); ignoring them");
        continue;
      }
      const auto it = seen.find(worker);
      if (it == seen.end()) {
        seen.emplace(worker, std::pair{parts_.survey.size(), pending.annotation_id});
        parts_.survey.push_back(SurveyResponse{worker, "", std::move(pending.answers)});
        continue;
      }
      const SurveyResponse& kept = parts_.survey[it->second.first];
      if (kept.answers != pending.answers) {
        warn(pending.path, "worker " + worker + " answers differently in annotation " +
                               std::to_string(pending.annotation_id) + " than in annotation " +
                               std::to_string(it->second.second) +
                               "; keeping the answers of "
                               "annotation " +
                               std::to_string(it->second.second));
      }
    }
  }

  std::string_view text_;
  const std::string& file_;
  Warnings& warnings_;
  std::size_t warnings_added_ = 0, suppressed_warnings_ = 0;

  DatasetParts parts_;
  std::vector<ImageEntry> images_;                   // parallel to parts_.submissions
  std::map<std::int64_t, std::size_t> image_index_;  // COCO image id -> index
  std::vector<PendingResponse> pending_responses_;
  bool frames_read_ = false, survey_read_ = false, questions_read_ = false;
};

// ---------------------------------------------------------------------------------------------
// The writer

// Whole numbers as JSON integers (1250, not 1250.0), other values as the shortest double that
// reads back the same.
Json json_number(double value) {
  if (std::floor(value) == value && std::abs(value) < 9.0e15) {
    return Json(static_cast<std::int64_t>(value));
  }
  return Json(value);
}

Json answers_json(const SurveyResponse& response) {
  Json answers = Json::object();
  for (const auto& [question, answer] : response.answers) {
    answers[question] = answer ? Json(*answer) : Json(nullptr);
  }
  return answers;
}

// The size of the image a submission's labels were drawn on: its masks' size, else its
// frame's, else just large enough for its boxes (COCO needs one; hitl.frames keeps the truth).
std::pair<int, int> image_size_of(const Dataset& dataset, const Submission& submission) {
  for (const int a : submission.annotations) {
    const auto& mask = dataset.annotations()[static_cast<std::size_t>(a)].mask;
    if (mask && mask->width > 0 && mask->height > 0) return {mask->width, mask->height};
  }
  if (const Frame* frame = dataset.frame(submission.frame_number);
      frame && frame->width_px > 0 && frame->height_px > 0) {
    return {frame->width_px, frame->height_px};
  }
  double right = 1, bottom = 1;
  for (const int a : submission.annotations) {
    const BoxPx& box = dataset.annotations()[static_cast<std::size_t>(a)].bbox;
    right = std::max(right, std::ceil(box.x + box.width));
    bottom = std::max(bottom, std::ceil(box.y + box.height));
  }
  return {static_cast<int>(std::min<double>(right, max_image_side_px)),
          static_cast<int>(std::min<double>(bottom, max_image_side_px))};
}

std::string image_file_name(const Dataset& dataset, const Submission& submission) {
  if (const Frame* frame = dataset.frame(submission.frame_number); frame && !frame->file.empty()) {
    return frame->file;
  }
  char number[16];
  std::snprintf(number, sizeof number, "%04d", submission.frame_number);
  return "mouse_" + std::string(number) +
         (submission.worker_id.empty() ? "" : "_" + submission.worker_id) + ".png";
}

}  // namespace

Result<DatasetParts> parse_coco_json(std::string_view text, const std::string& file,
                                     Warnings& warnings) {
  if (trim(text).empty()) {
    return error_at(file, 1, 1, "",
                    "the file is empty; expected a COCO JSON object {\"images\": [...], "
                    "\"annotations\": [...], \"categories\": [...]}");
  }
  if (const auto bad = find_invalid_utf8(text)) {
    const TextPosition at = position_of_offset(text, *bad);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(text[*bad]));
    return error_at(file, at.line, at.column, "",
                    std::string("invalid UTF-8 byte ") + byte +
                        "; expected a UTF-8 text file (JSON is always UTF-8)");
  }
  if (auto too_deep = check_json_nesting(text, file)) return std::move(*too_deep);

  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return syntax_error(text, file, e);
  } catch (const Json::exception& e) {
    // The only other error parse reports: a number too large for a double (1e400).
    const std::size_t offset = find_overflowing_json_number(text).value_or(0);
    const TextPosition at = position_of_offset(text, offset);
    std::size_t end = offset;
    while (end < text.size() && !is_json_space(text[end]) && text[end] != ',' && text[end] != ']' &&
           text[end] != '}') {
      ++end;
    }
    return error_at(file, at.line, at.column, "",
                    e.id == 406 ? "the number " + hitl::quoted(text.substr(offset, end - offset)) +
                                      " is too large; expected a number of at most about 1.8e308"
                                : std::string("invalid JSON: ") + e.what());
  }
  CocoReader reader(text, file, warnings);
  return reader.read(root);
}

Result<DatasetParts> load_coco_json(const std::string& path, Warnings& warnings) {
  auto text = read_file(path, max_coco_file_bytes);
  if (!text) return text.error();
  return parse_coco_json(*text, path, warnings);
}

std::string write_dataset_json(const Dataset& dataset) {
  Json doc = Json::object();

  Json info = Json::object();
  info["description"] =
      "hitl dataset: crowd workers' labels of the frames, with their survey answers";
  info["version"] = std::to_string(dataset_format_version);
  info["contributor"] = "";
  info["url"] = "";
  doc["info"] = std::move(info);
  doc["licenses"] = Json::array();

  Json categories = Json::array();
  for (const auto& category : dataset.categories()) {
    Json entry = Json::object();
    entry["id"] = category.id;
    entry["name"] = category.name;
    entry["supercategory"] = category.name;
    entry["color"] = category.color.hex();
    categories.push_back(std::move(entry));
  }
  doc["categories"] = std::move(categories);

  // Image ids are submission indices + 1, so that ids start at 1 as in COCO.
  Json images = Json::array();
  for (std::size_t i = 0; i < dataset.submissions().size(); ++i) {
    const Submission& submission = dataset.submissions()[i];
    const auto [width, height] = image_size_of(dataset, submission);
    Json entry = Json::object();
    entry["id"] = i + 1;
    entry["file_name"] = image_file_name(dataset, submission);
    entry["width"] = width;
    entry["height"] = height;
    entry["frame_number"] = submission.frame_number;
    images.push_back(std::move(entry));
  }
  doc["images"] = std::move(images);

  Json annotations = Json::array();
  for (const auto& annotation : dataset.annotations()) {
    const Submission& submission =
        dataset.submissions()[static_cast<std::size_t>(annotation.submission)];
    const BoxPx& box = annotation.bbox;
    Json entry = Json::object();
    entry["id"] = annotation.id;
    entry["image_id"] = annotation.submission + 1;
    entry["category_id"] = annotation.category_id;
    entry["bbox"] = Json::array(
        {json_number(box.x), json_number(box.y), json_number(box.width), json_number(box.height)});
    entry["area"] =
        annotation.mask ? Json(annotation.mask->area()) : json_number(box.width * box.height);
    entry["iscrowd"] = 0;
    if (annotation.mask) {
      Json segmentation = Json::object();
      segmentation["size"] = Json::array({annotation.mask->height, annotation.mask->width});
      segmentation["counts"] = encode_rle_counts(annotation.mask->counts);
      entry["segmentation"] = std::move(segmentation);
    }
    Json attributes = Json::object();
    attributes["worker_id"] = submission.worker_id;
    if (const SurveyResponse* response = dataset.survey_of(submission.worker_id)) {
      attributes["form_responses"] = answers_json(*response);
    }
    attributes["status"] = std::string(to_string(submission.status));
    attributes["reject_reason"] = submission.reject_reason;
    attributes["assignment_id"] = submission.assignment_id;
    entry["attributes"] = std::move(attributes);
    annotations.push_back(std::move(entry));
  }
  doc["annotations"] = std::move(annotations);

  Json hitl = Json::object();
  hitl["format_version"] = dataset_format_version;
  hitl["frames_dir"] = dataset.frames_dir();
  Json questions = Json::array();
  for (const auto& question : dataset.questions()) {
    Json entry = Json::object();
    entry["id"] = question.id;
    entry["text"] = question.text;
    questions.push_back(std::move(entry));
  }
  hitl["questions"] = std::move(questions);
  Json submissions = Json::array();
  for (std::size_t i = 0; i < dataset.submissions().size(); ++i) {
    const Submission& submission = dataset.submissions()[i];
    Json entry = Json::object();
    entry["image_id"] = i + 1;
    entry["assignment_id"] = submission.assignment_id;
    entry["hit_id"] = submission.hit_id;
    entry["worker_id"] = submission.worker_id;
    entry["frame_number"] = submission.frame_number;
    entry["status"] = std::string(to_string(submission.status));
    entry["reject_reason"] = submission.reject_reason;
    entry["reward_usd"] = json_number(submission.reward_usd);
    entry["work_time_s"] =
        submission.work_time_s ? json_number(*submission.work_time_s) : Json(nullptr);
    entry["batch"] = submission.batch;
    entry["source"] = submission.source;
    submissions.push_back(std::move(entry));
  }
  hitl["submissions"] = std::move(submissions);
  Json survey = Json::array();
  for (const auto& response : dataset.survey()) {
    Json entry = Json::object();
    entry["worker_id"] = response.worker_id;
    entry["response_id"] = response.response_id;
    entry["answers"] = answers_json(response);
    survey.push_back(std::move(entry));
  }
  hitl["survey"] = std::move(survey);
  Json frames = Json::array();
  for (const auto& frame : dataset.frames()) {
    Json entry = Json::object();
    entry["number"] = frame.number;
    entry["file"] = frame.file;
    entry["width"] = frame.width_px;
    entry["height"] = frame.height_px;
    frames.push_back(std::move(entry));
  }
  hitl["frames"] = std::move(frames);
  doc["hitl"] = std::move(hitl);

  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace hitl
