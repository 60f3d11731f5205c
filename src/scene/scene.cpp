// The scene file: reading it with errors that name the file, line, column and JSON path, writing
// it back complete, and the small look-ups every view needs (class colours, pseudonyms).
#include "hitl/scene/scene.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <tuple>

#include "hitl/base/json_position.hpp"
#include "hitl/base/text.hpp"

namespace hitl {

namespace {

// Ordered, so that a written scene file keeps the order of the structs (and of docs/scene-file.md).
using Json = nlohmann::ordered_json;

constexpr std::uint64_t max_scene_file_bytes = std::uint64_t{16} << 20;
constexpr char version_key[] = "hitl_scene";

// Sane upper bounds, in reference pixels (1080p) and seconds: a value beyond them is a typo, not
// a style.
constexpr double max_text_size_px = 200;
constexpr double max_line_px = 50;
constexpr double max_card_width_px = 1920;
constexpr double max_seconds_per_frame = 3600;
constexpr double max_fade_s = 60;
constexpr double max_card_duration_s = 3600;
constexpr int max_answer_lines = 10;
constexpr int max_frame_number = 10'000'000;  // as the dataset loaders
constexpr int max_category_id = std::numeric_limits<int>::max();

// ---------------------------------------------------------------------------------------------
// Numbers and colours as text

// The shortest text that reads back as the same double: 4, 0.6, 10000000, 1e+300.
std::string format_number(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// A float as the JSON number a person would write for it (0.45f as 0.45, not 0.449999988),
// chosen so that reading it as a double and narrowing gives the same float back.
double float_as_json_number(float value) {
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  double shortest = 0;
  std::from_chars(buffer, written.ptr, shortest);
  return static_cast<float>(shortest) == value ? shortest : static_cast<double>(value);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What a JSON value is, for "expected ..., got ..." messages.
std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::string:
      return "the text " + hitl::quoted(value.get_ref<const std::string&>());
    case Json::value_t::number_integer:
      return std::to_string(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(value.get<std::uint64_t>());
    case Json::value_t::number_float:
      return format_number(value.get<double>());
    case Json::value_t::object:
      return value.empty() ? "an empty object" : "an object";
    case Json::value_t::array:
      return value.empty() ? "an empty array" : "an array";
    default:
      return "a value of an unexpected kind";
  }
}

// "scroll wheel", "Scroll-Wheel" and "scroll_wheel" all name Scroll_Wheel.
std::string class_name_key(std::string_view name) {
  std::string key = to_lower_ascii(trim(name));
  for (char& c : key) {
    if (c == ' ' || c == '-') c = '_';
  }
  return key;
}

std::string mouse_class_names() {
  std::string names;
  for (const Category& category : mouse_categories()) {
    if (!names.empty()) names += ", ";
    names += category.name;
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// nlohmann says "syntax error while parsing CONTEXT - FOUND[; last read: 'TEXT'][; expected
// EXPECTED]". The quoted TEXT is raw input (newlines included) that the line and column already
// point at, so it is left out to keep the message on one line.
Diagnostic syntax_error(std::string_view text, const std::string& origin,
                        const Json::parse_error& e) {
  const std::size_t offset = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
  const TextPosition at = position_of_offset(text, offset);
  const auto fail = [&](std::string message) {
    return error_at(origin, at.line, at.column, "", std::move(message));
  };

  if (offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    std::size_t before = offset;
    while (before > 0 && is_json_space(text[before - 1])) --before;
    if (before > 0 && text[before - 1] == ',') {
      return fail(std::string("invalid JSON: a comma before '") + text[offset] +
                  "'; JSON allows no comma after the last " +
                  (text[offset] == '}' ? "member of an object" : "element of an array"));
    }
  }
  if (offset >= text.size()) {
    return fail("invalid JSON: the file ends too early (is a closing '}' missing?)");
  }

  // The parts of nlohmann's message; what it found is kept without its "last read" quote.
  const std::string_view what = e.what();
  const std::string_view lead = "syntax error while parsing ";
  std::string_view context, found, expected;
  if (const auto start = what.find(lead); start != std::string_view::npos) {
    std::string_view rest = what.substr(start + lead.size());
    const auto dash = rest.find(" - ");
    context = rest.substr(0, dash);
    if (dash != std::string_view::npos) rest = rest.substr(dash + 3);
    if (const auto e_at = rest.rfind("; expected "); e_at != std::string_view::npos) {
      expected = rest.substr(e_at + std::string_view("; expected ").size());
      rest = rest.substr(0, e_at);
    }
    found = rest.substr(0, rest.find("; last read: "));
  }
  std::string message = "invalid JSON";
  if (!context.empty()) message += " in " + std::string(context);
  if (!found.empty()) message += ": " + std::string(found);
  if (!expected.empty()) message += "; expected " + std::string(expected);
  return fail(std::move(message));
}

// ---------------------------------------------------------------------------------------------
// The reader

// The numbers a field accepts.
struct NumberRange {
  double min = 0;
  double max = 0;
  bool min_exclusive = false;  // "greater than min"
  bool whole = false;          // integers only

  bool contains(double value) const {
    return (min_exclusive ? value > min : value >= min) && value <= max &&
           (!whole || std::floor(value) == value);
  }
  std::string describe() const {
    const std::string kind = whole ? "a whole number" : "a number";
    if (min_exclusive) {
      return kind + " greater than " + format_number(min) + " and at most " + format_number(max);
    }
    return kind + " from " + format_number(min) + " to " + format_number(max);
  }
};

// The six layers by their key in the scene file, for SceneLayers (bool) and CueLayers (optional).
template <typename Layers>
auto layer_fields(Layers& layers) {
  using Field = decltype(&layers.frame);
  return std::array<std::pair<std::string_view, Field>, 6>{{{"frame", &layers.frame},
                                                            {"masks", &layers.masks},
                                                            {"boxes", &layers.boxes},
                                                            {"cards", &layers.cards},
                                                            {"hud", &layers.hud},
                                                            {"rejected", &layers.rejected}}};
}

class SceneReader {
 public:
  SceneReader(std::string_view text, const std::string& origin, Warnings* warnings)
      : text_(text), origin_(origin), warnings_(warnings) {}

  Result<Scene> read(const Json& root) {
    if (!root.is_object()) {
      return fail(JsonPath(),
                  "expected a scene object {\"hitl_scene\": 1, ...}, got " + describe(root));
    }
    Scene scene = Scene::defaults();
    const JsonPath top;
    warn_unknown_keys(
        root, top,
        {version_key, "title", "layers", "style", "timing", "text_cards", "privacy", "cues"});

    if (const Json* version = member(root, version_key)) {
      if (!version->is_number() || version->get<double>() != scene_format_version) {
        return fail(top / version_key,
                    "expected 1 (the scene format version this hitl reads), "
                    "got " +
                        describe(*version));
      }
    }
    if (auto status = read_text(root, top / "title", scene.title); !status) return status.error();
    if (auto status = read_layers(root, top / "layers", scene.layers); !status) {
      return status.error();
    }
    if (auto status = read_style(root, top / "style", scene.style); !status) {
      return status.error();
    }
    if (auto status = read_timing(root, top / "timing", scene.timing); !status) {
      return status.error();
    }
    if (auto status = read_text_cards(root, top / "text_cards", scene.text_cards); !status) {
      return status.error();
    }
    if (auto status = read_privacy(root, top / "privacy", scene.privacy); !status) {
      return status.error();
    }
    if (auto status = read_cues(root, top / "cues", scene.cues); !status) return status.error();
    return scene;
  }

 private:
  // ---- diagnostics

  TextPosition position(const JsonPath& path) const {
    return find_json_value_position(text_, path.parts()).value_or(TextPosition{0, 0});
  }
  Diagnostic fail(const JsonPath& path, std::string message) const {
    const TextPosition at = position(path);
    return error_at(origin_, at.line, at.column, path.text(), std::move(message));
  }
  void warn(const JsonPath& path, std::string message) const {
    if (!warnings_) return;
    const TextPosition at = position(path);
    warnings_->push_back(warning_at(origin_, at.line, at.column, path.text(), std::move(message)));
  }

  void warn_unknown_keys(const Json& object, const JsonPath& path,
                         std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : object.items()) {
      bool is_known = false;
      std::string list;
      for (std::string_view name : known) {
        is_known = is_known || name == key;
        if (!list.empty()) list += ", ";
        list += name;
      }
      if (!is_known) warn(path / key, "unknown key, ignored; expected one of " + list);
    }
  }

  // ---- members

  // The member `path`'s last part names in `parent`; nullptr when absent.
  static const Json* member(const Json& parent, std::string_view key) {
    const auto found = parent.find(key);
    return found == parent.end() ? nullptr : &*found;
  }
  static const Json* member(const Json& parent, const JsonPath& path) {
    return member(parent, path.parts().back());
  }

  // An optional section: nullptr when absent, an error when it is not an object.
  Result<const Json*> section(const Json& parent, const JsonPath& path,
                              std::initializer_list<std::string_view> known) const {
    const Json* value = member(parent, path);
    if (!value) return static_cast<const Json*>(nullptr);
    if (!value->is_object()) {
      return fail(path, "expected an object {...}, got " + describe(*value));
    }
    warn_unknown_keys(*value, path, known);
    return value;
  }

  Status read_bool(const Json& parent, const JsonPath& path, bool& out) const {
    const Json* value = member(parent, path);
    if (!value) return Done{};
    if (!value->is_boolean()) return fail(path, "expected true or false, got " + describe(*value));
    out = value->get<bool>();
    return Done{};
  }

  Status read_text(const Json& parent, const JsonPath& path, std::string& out) const {
    const Json* value = member(parent, path);
    if (!value) return Done{};
    if (!value->is_string()) {
      return fail(path, "expected text in double quotes, got " + describe(*value));
    }
    out = value->get<std::string>();
    return Done{};
  }

  // A required member holding text that is not blank: the error names the member (or, when it is
  // absent, the object) and says what was expected.
  Result<std::string> read_required_text(const Json& item, const JsonPath& item_path,
                                         std::string_view key, const std::string& expected) const {
    const Json* value = member(item, key);
    if (!value || !value->is_string() || trim(value->get<std::string>()).empty()) {
      return fail(value ? item_path / key : item_path,
                  "expected " + expected + ", got " +
                      (value ? describe(*value) : "no \"" + std::string(key) + "\""));
    }
    return value->get<std::string>();
  }

  Result<std::optional<double>> read_number(const Json& parent, const JsonPath& path,
                                            const NumberRange& range) const {
    const Json* value = member(parent, path);
    if (!value) return std::optional<double>();
    if (!value->is_number() || !range.contains(value->get<double>())) {
      return fail(path, "expected " + range.describe() + ", got " + describe(*value));
    }
    return std::optional<double>(value->get<double>());
  }

  Status read_float(const Json& parent, const JsonPath& path, const NumberRange& range,
                    float& out) const {
    auto number = read_number(parent, path, range);
    if (!number) return number.error();
    if (*number) out = static_cast<float>(**number);
    return Done{};
  }

  Status read_double(const Json& parent, const JsonPath& path, const NumberRange& range,
                     double& out) const {
    auto number = read_number(parent, path, range);
    if (!number) return number.error();
    if (*number) out = **number;
    return Done{};
  }

  Status read_int(const Json& parent, const JsonPath& path, NumberRange range, int& out) const {
    range.whole = true;
    auto number = read_number(parent, path, range);
    if (!number) return number.error();
    if (*number) out = static_cast<int>(**number);
    return Done{};
  }

  // "#rrggbb", "#rrggbbaa", or [r, g, b] / [r, g, b, a] with channels from 0 to 1.
  Status read_colour(const Json& parent, const JsonPath& path, Rgba& out) const {
    const Json* value = member(parent, path);
    if (!value) return Done{};
    return parse_colour(*value, path, out);
  }

  Status parse_colour(const Json& value, const JsonPath& path, Rgba& out) const {
    if (value.is_string()) {
      if (const auto colour = Rgba::parse_hex(value.get_ref<const std::string&>())) {
        out = *colour;
        return Done{};
      }
    } else if (value.is_array() && (value.size() == 3 || value.size() == 4)) {
      float channels[4] = {0, 0, 0, 1};
      bool valid = true;
      for (std::size_t i = 0; i < value.size(); ++i) {
        const Json& channel = value[i];
        valid = valid && channel.is_number() && channel.get<double>() >= 0 &&
                channel.get<double>() <= 1;
        if (valid) channels[i] = static_cast<float>(channel.get<double>());
      }
      if (valid) {
        out = {channels[0], channels[1], channels[2], channels[3]};
        return Done{};
      }
    }
    return fail(path,
                "expected a colour \"#rrggbb\" or \"#rrggbbaa\" (or [r, g, b, a] with numbers "
                "from 0 to 1), got " +
                    describe(value));
  }

  // A category: its id ("4" or 4) or the name of one of the mouse's parts ("Scroll_Wheel").
  std::optional<int> category_id(std::string_view key) const {
    if (const auto id = parse_int(key); id && *id >= 0 && *id <= max_category_id) {
      return static_cast<int>(*id);
    }
    for (const Category& category : mouse_categories()) {
      if (class_name_key(category.name) == class_name_key(key)) return category.id;
    }
    return std::nullopt;
  }
  std::string category_expectation() const {
    return "a category id (a whole number from 0) or a class name (" + mouse_class_names() + ")";
  }

  // ---- sections

  Status read_layers(const Json& root, const JsonPath& path, SceneLayers& layers) const {
    auto object = section(root, path, {"frame", "masks", "boxes", "cards", "hud", "rejected"});
    if (!object) return object.error();
    if (!*object) return Done{};
    const Json& json = **object;
    for (const auto& [key, field] : layer_fields(layers)) {
      if (auto status = read_bool(json, path / key, *field); !status) return status;
    }
    return Done{};
  }

  Status read_style(const Json& root, const JsonPath& path, SceneStyle& style) const {
    auto object = section(root, path,
                          {"background", "class_colours", "hidden_classes", "mask_opacity",
                           "mask_outline_px", "box_line_px", "rejected_colour", "text_size_px",
                           "title_size_px", "hud_size_px", "text_colour", "label_colour",
                           "card_colour", "card_width_px", "answer_max_lines", "answers"});
    if (!object) return object.error();
    if (!*object) return Done{};
    const Json& json = **object;

    for (const auto& [key, field] : {std::pair{"background", &style.background},
                                     {"rejected_colour", &style.rejected_colour},
                                     {"text_colour", &style.text_colour},
                                     {"label_colour", &style.label_colour},
                                     {"card_colour", &style.card_colour}}) {
      if (auto status = read_colour(json, path / key, *field); !status) return status;
    }

    const NumberRange opacity{0, 1};
    const NumberRange line_or_none{0, max_line_px};
    const NumberRange line{0, max_line_px, true};
    const NumberRange text_size{0, max_text_size_px, true};
    const NumberRange card_width{0, max_card_width_px, true};
    for (const auto& [key, range, field] :
         {std::tuple{"mask_opacity", opacity, &style.mask_opacity},
          {"mask_outline_px", line_or_none, &style.mask_outline_px},
          {"box_line_px", line, &style.box_line_px},
          {"text_size_px", text_size, &style.text_size_px},
          {"title_size_px", text_size, &style.title_size_px},
          {"hud_size_px", text_size, &style.hud_size_px},
          {"card_width_px", card_width, &style.card_width_px}}) {
      if (auto status = read_float(json, path / key, range, *field); !status) return status;
    }
    if (auto status = read_int(json, path / "answer_max_lines", {1, max_answer_lines},
                               style.answer_max_lines);
        !status) {
      return status;
    }
    if (auto status = read_class_colours(json, path / "class_colours", style); !status) {
      return status;
    }
    if (auto status = read_hidden_classes(json, path / "hidden_classes", style); !status) {
      return status;
    }
    return read_answers(json, path / "answers", style);
  }

  Status read_class_colours(const Json& style_json, const JsonPath& path, SceneStyle& style) const {
    const Json* value = member(style_json, path);
    if (!value) return Done{};
    if (!value->is_object()) {
      return fail(path,
                  "expected an object {\"Body\": \"#1f77b4\", ...} of colours by class, got " +
                      describe(*value));
    }
    style.class_colours.clear();
    std::map<int, std::string> given_as;
    for (const auto& [key, colour_json] : value->items()) {
      const JsonPath colour_path = path / key;
      const auto id = category_id(key);
      if (!id) {
        return fail(colour_path, "the key " + hitl::quoted(key) + " names no class; expected " +
                                     category_expectation());
      }
      Rgba colour;
      if (auto status = parse_colour(colour_json, colour_path, colour); !status) return status;
      if (const auto earlier = given_as.find(*id); earlier != given_as.end()) {
        warn(colour_path, "class " + std::to_string(*id) + " was already given as " +
                              hitl::quoted(earlier->second) + "; this colour replaces it");
      }
      given_as[*id] = key;
      style.class_colours[*id] = colour;
    }
    return Done{};
  }

  Status read_hidden_classes(const Json& style_json, const JsonPath& path,
                             SceneStyle& style) const {
    const Json* value = member(style_json, path);
    if (!value) return Done{};
    if (!value->is_array()) {
      return fail(path,
                  "expected an array of classes [2, \"Cable\", ...], got " + describe(*value));
    }
    style.hidden_classes.clear();
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& item = (*value)[i];
      std::optional<int> id;
      if (item.is_string()) {
        id = category_id(item.get_ref<const std::string&>());
      } else if (item.is_number()) {
        const double number = item.get<double>();
        if (std::floor(number) == number && number >= 0 && number <= max_category_id) {
          id = static_cast<int>(number);
        }
      }
      if (!id)
        return fail((path)[i], "expected " + category_expectation() + ", got " + describe(item));
      style.hidden_classes.push_back(*id);
    }
    return Done{};
  }

  Status read_answers(const Json& style_json, const JsonPath& path, SceneStyle& style) const {
    const Json* value = member(style_json, path);
    if (!value) return Done{};
    if (!value->is_array()) {
      return fail(path, "expected an array of {\"question\": \"Q4\", \"label\": \"City\"}, got " +
                            describe(*value));
    }
    style.answers.clear();
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& item = (*value)[i];
      const JsonPath item_path = path[i];
      if (!item.is_object()) {
        return fail(item_path,
                    "expected an object {\"question\": \"Q4\", \"label\": \"City\"}, "
                    "got " +
                        describe(item));
      }
      warn_unknown_keys(item, item_path, {"question", "label"});
      CardAnswer answer;
      auto question =
          read_required_text(item, item_path, "question", "a survey question id such as \"Q4\"");
      if (!question) return question.error();
      answer.question_id = std::move(*question);
      if (auto status = read_text(item, item_path / "label", answer.label); !status) {
        return status;
      }
      style.answers.push_back(std::move(answer));
    }
    return Done{};
  }

  Status read_timing(const Json& root, const JsonPath& path, SceneTiming& timing) const {
    auto object =
        section(root, path, {"seconds_per_frame", "transition_s", "first_frame", "last_frame"});
    if (!object) return object.error();
    if (!*object) return Done{};
    const Json& json = **object;

    if (auto status = read_double(json, path / "seconds_per_frame",
                                  {0, max_seconds_per_frame, true}, timing.seconds_per_frame);
        !status) {
      return status;
    }
    if (const Json* transition = member(json, "transition_s")) {
      if (!transition->is_number() || transition->get<double>() < 0 ||
          transition->get<double>() >= timing.seconds_per_frame) {
        return fail(path / "transition_s",
                    "expected a number from 0 to less than timing.seconds_per_frame (" +
                        format_number(timing.seconds_per_frame) + "), got " +
                        describe(*transition));
      }
      timing.transition_s = transition->get<double>();
    } else if (timing.transition_s >= timing.seconds_per_frame) {
      return fail(path / "seconds_per_frame",
                  "expected a number greater than timing.transition_s (" +
                      format_number(timing.transition_s) + "), got " +
                      format_number(timing.seconds_per_frame));
    }

    const NumberRange frame{0, max_frame_number};
    if (auto status = read_int(json, path / "first_frame", frame, timing.first_frame); !status) {
      return status;
    }
    if (auto status = read_int(json, path / "last_frame", frame, timing.last_frame); !status) {
      return status;
    }
    if (timing.first_frame > 0 && timing.last_frame > 0 && timing.last_frame < timing.first_frame) {
      return fail(path / "last_frame", "expected 0 or a frame number from timing.first_frame (" +
                                           std::to_string(timing.first_frame) + "), got " +
                                           std::to_string(timing.last_frame));
    }
    return Done{};
  }

  Status read_text_cards(const Json& root, const JsonPath& path, SceneTextCards& cards) const {
    auto object = section(root, path,
                          {"before", "between", "after", "fade_s", "title_size_px", "text_size_px",
                           "source_size_px"});
    if (!object) return object.error();
    if (!*object) return Done{};
    const Json& json = **object;
    if (auto status = read_double(json, path / "fade_s", {0, max_fade_s}, cards.fade_s); !status) {
      return status;
    }
    const NumberRange text_size{0, max_text_size_px, true};
    for (const auto& [key, size] : {std::pair{"title_size_px", &cards.title_size_px},
                                    {"text_size_px", &cards.text_size_px},
                                    {"source_size_px", &cards.source_size_px}}) {
      if (auto status = read_float(json, path / key, text_size, *size); !status) return status;
    }
    for (const auto& [key, list] : {std::pair{"before", &cards.before},
                                    {"between", &cards.between},
                                    {"after", &cards.after}}) {
      if (auto status = read_card_list(json, path / key, cards.fade_s, *list); !status) {
        return status;
      }
    }
    return Done{};
  }

  Status read_card_list(const Json& parent, const JsonPath& path, double fade_s,
                        std::vector<TextCard>& cards) const {
    const Json* value = member(parent, path);
    if (!value) return Done{};
    static constexpr std::string_view expected =
        "expected an array of cards [{\"title\": \"...\", \"text\": \"...\", "
        "\"duration_s\": 8}, ...]";
    if (!value->is_array()) return fail(path, std::string(expected) + ", got " + describe(*value));
    cards.clear();
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& item = (*value)[i];
      const JsonPath item_path = path[i];
      if (!item.is_object()) {
        return fail(item_path,
                    "expected a card {\"title\": \"...\", \"text\": \"...\", "
                    "\"duration_s\": 8}, got " +
                        describe(item));
      }
      warn_unknown_keys(item, item_path, {"title", "text", "source", "duration_s"});
      TextCard card;
      for (const auto& [key, field] :
           {std::pair{"title", &card.title}, {"text", &card.text}, {"source", &card.source}}) {
        if (auto status = read_text(item, item_path / key, *field); !status) return status;
        if (const auto unknown = unknown_placeholder(*field)) {
          std::string names;
          for (const TextCardPlaceholder& placeholder : text_card_placeholders()) {
            names += (names.empty() ? "{" : ", {") + std::string(placeholder.name) + "}";
          }
          return fail(item_path / key, hitl::quoted(*unknown) +
                                           " is not a placeholder; expected one of " + names +
                                           " (write {{ and }} for literal braces)");
        }
      }
      if (auto status = read_double(item, item_path / "duration_s", {0, max_card_duration_s, true},
                                    card.duration_s);
          !status) {
        return status;
      }
      if (card.duration_s < 2 * fade_s) {
        return fail(item_path / "duration_s", "expected at least twice text_cards.fade_s (" +
                                                  format_number(2 * fade_s) + " s), got " +
                                                  format_number(card.duration_s));
      }
      if (card.title.empty() && card.text.empty() && card.source.empty()) {
        warn(item_path, "the card has no title, text or source: an empty screen");
      }
      cards.push_back(std::move(card));
    }
    return Done{};
  }

  Status read_privacy(const Json& root, const JsonPath& path, ScenePrivacy& privacy) const {
    auto object = section(root, path, {"pseudonymise", "salt"});
    if (!object) return object.error();
    if (!*object) return Done{};
    const Json& json = **object;
    if (auto status = read_bool(json, path / "pseudonymise", privacy.pseudonymise); !status) {
      return status;
    }
    if (auto status = read_text(json, path / "salt", privacy.salt); !status) return status;
    if (privacy.pseudonymise && privacy.salt.empty()) {
      warn(path / "salt",
           "the salt is empty: anyone who knows a worker id can compute its pseudonym; set a "
           "secret salt");
    }
    return Done{};
  }

  Status read_cues(const Json& root, const JsonPath& path, std::vector<SceneCue>& cues) const {
    const Json* value = member(root, path);
    if (!value) return Done{};
    if (!value->is_array()) {
      return fail(path, "expected an array of cues [{\"name\": \"...\", ...}, ...], got " +
                            describe(*value));
    }
    cues.clear();
    std::map<std::string, std::size_t> named;
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& item = (*value)[i];
      const JsonPath item_path = path[i];
      if (!item.is_object()) {
        return fail(item_path, "expected a cue {\"name\": \"...\", ...}, got " + describe(item));
      }
      warn_unknown_keys(item, item_path,
                        {"name", "worker", "frames", "layers", "speed", "caption"});
      SceneCue cue;
      auto name =
          read_required_text(item, item_path, "name", "the cue's name, text that is not empty");
      if (!name) return name.error();
      cue.name = std::move(*name);
      if (const auto earlier = named.find(cue.name); earlier != named.end()) {
        warn(item_path / "name", "cues[" + std::to_string(earlier->second) +
                                     "] has the same name; the panel shows both");
      }
      named.emplace(cue.name, i);

      if (const Json* worker = member(item, "worker")) {
        if (!worker->is_string() || trim(worker->get<std::string>()).empty()) {
          return fail(item_path / "worker",
                      "expected a worker id in double quotes (as the panel's search shows it), "
                      "got " +
                          describe(*worker));
        }
        cue.worker = worker->get<std::string>();
      }
      if (const Json* frames = member(item, "frames")) {
        if (auto status = parse_cue_frames(*frames, item_path / "frames", cue); !status) {
          return status;
        }
        if (!cue.worker.empty()) {
          return fail(item_path / "frames",
                      "a cue holds on a worker or plays a range of frames, not both; expected "
                      "\"worker\" or \"frames\"");
        }
      }
      if (auto status = read_cue_layers(item, item_path / "layers", cue.layers); !status) {
        return status;
      }
      auto speed = read_number(item, item_path / "speed", {cue_min_speed, cue_max_speed});
      if (!speed) return speed.error();
      cue.speed = *speed;
      if (auto status = read_text(item, item_path / "caption", cue.caption); !status) {
        return status;
      }
      cues.push_back(std::move(cue));
    }
    return Done{};
  }

  Status parse_cue_frames(const Json& value, const JsonPath& path, SceneCue& cue) const {
    const auto frame_number = [](const Json& number) {
      return number.is_number() && std::floor(number.get<double>()) == number.get<double>() &&
             number.get<double>() >= 0 && number.get<double>() <= max_frame_number;
    };
    if (!value.is_array() || value.size() != 2 || !frame_number(value[0]) ||
        !frame_number(value[1])) {
      // A short array is quoted as written: "an array" would not say which number is wrong.
      const bool short_array = value.is_array() && value.size() <= 4;
      return fail(path, "expected [first, last]: two whole frame numbers from 0 to " +
                            std::to_string(max_frame_number) + ", got " +
                            (short_array ? value.dump() : describe(value)));
    }
    cue.frames = CueFrames{value[0].get<int>(), value[1].get<int>()};
    if (cue.frames->last < cue.frames->first) {
      return fail(path, "the range would end (frame " + std::to_string(cue.frames->last) +
                            ") before it starts (frame " + std::to_string(cue.frames->first) +
                            "); expected [first, last] with last >= first");
    }
    return Done{};
  }

  Status read_cue_layers(const Json& cue_json, const JsonPath& path, CueLayers& layers) const {
    auto object = section(cue_json, path, {"frame", "masks", "boxes", "cards", "hud", "rejected"});
    if (!object) return object.error();
    if (!*object) return Done{};
    for (const auto& [key, field] : layer_fields(layers)) {
      bool on = false;
      if (!member(**object, key)) continue;
      if (auto status = read_bool(**object, path / key, on); !status) return status;
      *field = on;
    }
    return Done{};
  }

  std::string_view text_;
  const std::string& origin_;
  Warnings* warnings_;
};

// ---------------------------------------------------------------------------------------------
// The writer

Json colour_json(const Rgba& colour) {
  if (const auto hex = colour.hex()) return *hex;
  return Json::array({float_as_json_number(colour.r), float_as_json_number(colour.g),
                      float_as_json_number(colour.b), float_as_json_number(colour.a)});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Colours

std::optional<std::string> Rgba::hex() const {
  int channels[4] = {};
  const float values[4] = {r, g, b, a};
  for (int i = 0; i < 4; ++i) {
    const long rounded = std::lround(static_cast<double>(values[i]) * 255.0);
    if (rounded < 0 || rounded > 255 || channel_from_8bit(static_cast<int>(rounded)) != values[i]) {
      return std::nullopt;
    }
    channels[i] = static_cast<int>(rounded);
  }
  char buffer[12];
  if (channels[3] == 255) {
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", channels[0], channels[1], channels[2]);
  } else {
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x%02x", channels[0], channels[1], channels[2],
                  channels[3]);
  }
  return std::string(buffer);
}

std::optional<Rgba> Rgba::parse_hex(std::string_view text) {
  if (!text.empty() && text.front() == '#') text.remove_prefix(1);
  if (text.size() != 6 && text.size() != 8) return std::nullopt;
  int channels[4] = {0, 0, 0, 255};
  for (std::size_t i = 0; i < text.size() / 2; ++i) {
    const int high = hex_digit(text[i * 2]);
    const int low = hex_digit(text[i * 2 + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    channels[i] = high * 16 + low;
  }
  return from_rgba8(channels[0], channels[1], channels[2], channels[3]);
}

// ---------------------------------------------------------------------------------------------
// Defaults

const std::vector<CardAnswer>& default_card_answers() {
  static const std::vector<CardAnswer> answers = {
      {"Q1", "Age"},
      {"Q2", "Gender"},
      {"Q3", "Education"},
      {"Q4", "City"},
      {"Q5", "Searching for tasks"},
      {"Q6", "Unpaid tasks"},
      {"Q7", "Longest task"},
      {"Q8", "Rejected unpaid (last month)"},
      {"Q9", "Health issues"},
      {"Q10", "Cost of work set"},
  };
  return answers;
}

Scene Scene::defaults() {
  Scene scene;
  scene.title = "Humans in the loop";
  scene.style.answers = default_card_answers();
  // The facts: from the thesis behind the piece (Humans in the Loop, 2025) and the sources it
  // draws on; the "after" card counts what the loop just showed.
  SceneTextCards& cards = scene.text_cards;
  cards.before = {
      {"Humans in the loop",
       "A computer mouse turns through {frames} photographs.\n"
       "Crowd workers on Amazon Mechanical Turk drew its parts, one photograph each,\n"
       "for {reward} a task. Beside each worker's drawing: their own answers\n"
       "about their life and their work.",
       "", 8},
  };
  cards.between = {
      {"Most of the work was refused",
       "In the first batch, 154 of 296 tasks were rejected, unpaid.\n"
       "Re-issued, 125 of those 154 were rejected again.\n"
       "169 usable labels were kept.",
       "Humans in the Loop (thesis, 2025)", 8},
  };
  cards.after = {
      {"What this loop showed",
       "{tasks} tasks: {approved} approved, {rejected} rejected.\n"
       "{paid} paid; {withheld} of finished work not paid.",
       "", 8},
      {"The pay",
       "$0.15 a task of about 5 minutes (10 allotted): about \u00a31.80 an hour.\n"
       "Much online data work pays under $2 an hour;\n"
       "in Brazil, micro-workers earn 9 reais (1.73 euros) an hour on average.",
       "Humans in the Loop (thesis, 2025); DiPLab, Brazilian micro-workers report", 8},
  };
  return scene;
}

// ---------------------------------------------------------------------------------------------
// Text card placeholders

std::span<const TextCardPlaceholder> text_card_placeholders() {
  static constexpr TextCardPlaceholder placeholders[] = {
      {"frames", "source frames in the loop"},
      {"tasks", "submissions on those frames"},
      {"approved", "of them approved"},
      {"rejected", "of them rejected"},
      {"rejected_percent", "the share rejected, as \"54%\""},
      {"workers", "distinct workers"},
      {"paid", "the rewards of the approved work, as \"$12.30\""},
      {"withheld", "the rewards of the rejected work: done, not paid"},
      {"reward", "the reward of a task (\"$0.15\"; a range when they differ)"},
      {"work_hours", "the workers' recorded time, in hours (\"12.5\")"},
  };
  return placeholders;
}

namespace {

// Walks `text`, handing each literal run and each "{name}" to the callbacks; returns the first
// thing that is neither (an unknown name, an unmatched brace).
std::optional<std::string> scan_placeholders(
    std::string_view text, const std::function<void(std::string_view)>& literal,
    const std::function<void(std::string_view)>& placeholder) {
  const auto known = [](std::string_view name) {
    for (const TextCardPlaceholder& p : text_card_placeholders()) {
      if (p.name == name) return true;
    }
    return false;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t brace = text.find_first_of("{}", i);
    if (brace == std::string_view::npos) {
      literal(text.substr(i));
      break;
    }
    literal(text.substr(i, brace - i));
    if (brace + 1 < text.size() && text[brace + 1] == text[brace]) {  // "{{" or "}}"
      literal(text.substr(brace, 1));
      i = brace + 2;
      continue;
    }
    if (text[brace] == '}') return std::string("}");
    const std::size_t close = text.find('}', brace);
    if (close == std::string_view::npos) return std::string("{");
    const std::string_view name = text.substr(brace + 1, close - brace - 1);
    if (!known(name)) return "{" + std::string(name) + "}";
    placeholder(name);
    i = close + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> unknown_placeholder(std::string_view text) {
  return scan_placeholders(
      text, [](std::string_view) {}, [](std::string_view) {});
}

std::string fill_placeholders(std::string_view text,
                              const std::function<std::string(std::string_view)>& value) {
  std::string out;
  const auto bad = scan_placeholders(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name) { out += value(name); });
  return bad ? std::string(text) : out;
}

// ---------------------------------------------------------------------------------------------
// Reading and writing

Result<Scene> parse_scene_json(std::string_view text, const std::string& origin,
                               Warnings* warnings) {
  if (trim(text).empty()) {
    return error_at(origin, 1, 1, "",
                    "the file is empty; expected a scene object {\"hitl_scene\": 1, ...}");
  }
  if (auto too_deep = check_json_nesting(text, origin)) return std::move(*too_deep);

  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return syntax_error(text, origin, e);
  } catch (const Json::exception& e) {
    // The only other error parse reports: a number too large for a double (1e400).
    const TextPosition at =
        position_of_offset(text, find_overflowing_json_number(text).value_or(0));
    return error_at(origin, at.line, at.column, "",
                    e.id == 406 ? "a number too large; expected a number of at most about 1.8e308"
                                : std::string("invalid JSON: ") + e.what());
  }
  return SceneReader(text, origin, warnings).read(root);
}

Result<Scene> load_scene_file(const std::string& path, Warnings* warnings) {
  auto text = read_file(path, max_scene_file_bytes);
  if (!text) return text.error();
  return parse_scene_json(*text, path, warnings);
}

Diagnostic locate_in_scene_file(Diagnostic error, const std::string& path) {
  if (!error.file.empty() || error.field.empty() || path.empty()) return error;
  const auto text = read_file(path, max_scene_file_bytes);
  if (!text) return error;
  // "cues[2].frames" as the parts {"cues", "2", "frames"}.
  std::vector<std::string> parts(1);
  for (const char c : error.field) {
    if (c == '.' || c == '[') {
      if (!parts.back().empty()) parts.emplace_back();
    } else if (c != ']') {
      parts.back() += c;
    }
  }
  const auto at = find_json_value_position(*text, parts);
  if (!at) return error;
  error.file = path;
  error.line = at->line;
  error.column = at->column;
  return error;
}

std::string scene_to_json(const Scene& scene) {
  Json doc = Json::object();
  doc[version_key] = scene.version;
  doc["title"] = scene.title;

  Json layers = Json::object();
  for (const auto& [key, field] : layer_fields(scene.layers)) layers[std::string(key)] = *field;
  doc["layers"] = std::move(layers);

  const SceneStyle& style = scene.style;
  Json class_colours = Json::object();
  for (const auto& [id, colour] : style.class_colours) {
    class_colours[std::to_string(id)] = colour_json(colour);
  }
  Json answers = Json::array();
  for (const CardAnswer& answer : style.answers) {
    answers.push_back({{"question", answer.question_id}, {"label", answer.label}});
  }
  Json style_json = Json::object();
  style_json["background"] = colour_json(style.background);
  style_json["class_colours"] = std::move(class_colours);
  style_json["hidden_classes"] = style.hidden_classes;
  style_json["mask_opacity"] = float_as_json_number(style.mask_opacity);
  style_json["mask_outline_px"] = float_as_json_number(style.mask_outline_px);
  style_json["box_line_px"] = float_as_json_number(style.box_line_px);
  style_json["rejected_colour"] = colour_json(style.rejected_colour);
  style_json["text_size_px"] = float_as_json_number(style.text_size_px);
  style_json["title_size_px"] = float_as_json_number(style.title_size_px);
  style_json["hud_size_px"] = float_as_json_number(style.hud_size_px);
  style_json["text_colour"] = colour_json(style.text_colour);
  style_json["label_colour"] = colour_json(style.label_colour);
  style_json["card_colour"] = colour_json(style.card_colour);
  style_json["card_width_px"] = float_as_json_number(style.card_width_px);
  style_json["answer_max_lines"] = style.answer_max_lines;
  style_json["answers"] = std::move(answers);
  doc["style"] = std::move(style_json);

  const SceneTiming& timing = scene.timing;
  Json timing_json = Json::object();
  timing_json["seconds_per_frame"] = timing.seconds_per_frame;
  timing_json["transition_s"] = timing.transition_s;
  timing_json["first_frame"] = timing.first_frame;
  timing_json["last_frame"] = timing.last_frame;
  doc["timing"] = std::move(timing_json);

  const SceneTextCards& cards = scene.text_cards;
  Json cards_json = Json::object();
  for (const auto& [key, list] :
       {std::pair{"before", &cards.before}, {"between", &cards.between}, {"after", &cards.after}}) {
    Json list_json = Json::array();
    for (const TextCard& card : *list) {
      Json card_json = Json::object();
      card_json["title"] = card.title;
      card_json["text"] = card.text;
      card_json["source"] = card.source;
      card_json["duration_s"] = card.duration_s;
      list_json.push_back(std::move(card_json));
    }
    cards_json[key] = std::move(list_json);
  }
  cards_json["fade_s"] = cards.fade_s;
  cards_json["title_size_px"] = float_as_json_number(cards.title_size_px);
  cards_json["text_size_px"] = float_as_json_number(cards.text_size_px);
  cards_json["source_size_px"] = float_as_json_number(cards.source_size_px);
  doc["text_cards"] = std::move(cards_json);

  Json privacy = Json::object();
  privacy["pseudonymise"] = scene.privacy.pseudonymise;
  privacy["salt"] = scene.privacy.salt;
  doc["privacy"] = std::move(privacy);

  // A cue is written with the keys it sets: a key left out means "as the scene says", which an
  // explicit value could not express.
  Json cues = Json::array();
  for (const SceneCue& cue : scene.cues) {
    Json cue_json = Json::object();
    cue_json["name"] = cue.name;
    if (!cue.worker.empty()) cue_json["worker"] = cue.worker;
    if (cue.frames) cue_json["frames"] = {cue.frames->first, cue.frames->last};
    Json cue_layers = Json::object();
    for (const auto& [key, field] : layer_fields(cue.layers)) {
      if (*field) cue_layers[std::string(key)] = **field;
    }
    if (!cue_layers.empty()) cue_json["layers"] = std::move(cue_layers);
    if (cue.speed) cue_json["speed"] = *cue.speed;
    if (!cue.caption.empty()) cue_json["caption"] = cue.caption;
    cues.push_back(std::move(cue_json));
  }
  doc["cues"] = std::move(cues);

  // Text that is not UTF-8 (set in code, never read from a file) is written with U+FFFD rather
  // than refused: saving a scene must not fail over a title.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// ---------------------------------------------------------------------------------------------
// Look-ups

SceneLayers CueLayers::applied_to(SceneLayers layers) const {
  for (const auto& [choice, layer] : {std::pair{&frame, &layers.frame},
                                      {&masks, &layers.masks},
                                      {&boxes, &layers.boxes},
                                      {&cards, &layers.cards},
                                      {&hud, &layers.hud},
                                      {&rejected, &layers.rejected}}) {
    if (*choice) *layer = **choice;
  }
  return layers;
}

Rgba class_colour(const Scene& scene, const Category& category) {
  const auto found = scene.style.class_colours.find(category.id);
  if (found != scene.style.class_colours.end()) return found->second;
  return Rgba::from_rgb8(category.color);
}

bool class_hidden(const Scene& scene, int category_id) {
  const auto& hidden = scene.style.hidden_classes;
  return std::find(hidden.begin(), hidden.end(), category_id) != hidden.end();
}

std::string displayed_worker_id(const Scene& scene, std::string_view worker_id) {
  if (!scene.privacy.pseudonymise || worker_id.empty()) return std::string(worker_id);
  // FNV-1a over the salt, a separator no id contains, and the id; then a 64-bit finaliser
  // (MurmurHash3's) so that ids differing only in their last characters spread over all bits.
  std::uint64_t hash = 0xcbf29ce484222325ull;
  const auto feed = [&hash](std::string_view bytes) {
    for (const char c : bytes) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ull;
    }
  };
  feed(scene.privacy.salt);
  feed(std::string_view("\0", 1));
  feed(worker_id);
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  hash ^= hash >> 33;
  // 32 bits: among a thousand workers, two share a pseudonym with a chance of about 1 in 10000.
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "W-%08llX", static_cast<unsigned long long>(hash >> 32));
  return buffer;
}

}  // namespace hitl
