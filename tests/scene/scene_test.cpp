// The scene file: defaults as shipped, a complete round trip, every refusal naming the file, line,
// column and JSON path with what was expected, unknown keys as warnings; colours, classes and
// pseudonyms.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "hitl/base/text.hpp"
#include "hitl/scene/scene.hpp"

using hitl::parse_scene_json;
using hitl::Rgba;
using hitl::Scene;

namespace {

// The error of parsing `text` as "file:line:column: field: message".
std::string refusal(const std::string& text) {
  const auto scene = parse_scene_json(text, "show.json");
  if (scene.ok()) return "accepted";
  return scene.error().to_string();
}

Scene parse_or_fail(const std::string& text, hitl::Warnings* warnings = nullptr) {
  auto scene = parse_scene_json(text, "show.json", warnings);
  if (!scene.ok()) FAIL(scene.error().to_string());
  return std::move(*scene);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Defaults and round trip

TEST_CASE("The default scene shows all ten survey answers under short labels", "[scene]") {
  const Scene scene = Scene::defaults();
  REQUIRE(scene.style.answers.size() == 10);
  CHECK(scene.style.answers[0] == hitl::CardAnswer{"Q1", "Age"});
  CHECK(scene.style.answers[3] == hitl::CardAnswer{"Q4", "City"});
  CHECK(scene.style.answers[7] == hitl::CardAnswer{"Q8", "Rejected unpaid (last month)"});
  CHECK(scene.style.answers[9] == hitl::CardAnswer{"Q10", "Cost of work set"});
  CHECK(scene.version == 1);
}

TEST_CASE("The default scene keeps each card readable for at least three seconds", "[scene]") {
  CHECK(Scene::defaults().card_readable_s() >= 3.0);
}

TEST_CASE("assets/scene.json holds exactly the built-in defaults", "[scene]") {
  hitl::Warnings warnings;
  const auto scene =
      hitl::load_scene_file(std::string(HITL_ASSETS_SOURCE_DIR) + "/scene.json", &warnings);
  REQUIRE(scene.ok());
  CHECK(warnings.empty());
  CHECK(*scene == Scene::defaults());
}

TEST_CASE("assets/scene.json is written the way hitl writes a scene", "[scene]") {
  const auto text = hitl::read_file(std::string(HITL_ASSETS_SOURCE_DIR) + "/scene.json");
  REQUIRE(text.ok());
  CHECK(*text == hitl::scene_to_json(Scene::defaults()));
}

TEST_CASE("A written scene file reads back equal to the scene", "[scene]") {
  Scene scene = Scene::defaults();
  const auto text = hitl::scene_to_json(scene);
  hitl::Warnings warnings;
  CHECK(parse_or_fail(text, &warnings) == scene);
  CHECK(warnings.empty());
}

TEST_CASE("A scene with every setting changed reads back equal, odd values included", "[scene]") {
  Scene scene = Scene::defaults();
  scene.title = "Humans \"in\" the loop \u2014 S\u00e3o Paulo";
  scene.layers = {false, false, true, false, true, false};
  scene.style.background = Rgba{0.1f, 0.2f, 0.3f, 0.4f};  // not 8-bit: written as numbers
  scene.style.class_colours = {{1, Rgba::from_rgba8(255, 0, 0)}, {5, Rgba{1.0f / 3, 0, 1, 1}}};
  scene.style.hidden_classes = {5, 2};
  scene.style.mask_opacity = 0.1f;
  scene.style.mask_outline_px = 0;
  scene.style.box_line_px = 1.3f;
  scene.style.rejected_colour = Rgba::from_rgba8(1, 2, 3, 4);
  scene.style.text_size_px = 17.7f;
  scene.style.title_size_px = 33;
  scene.style.hud_size_px = 12.25f;
  scene.style.text_colour = Rgba::from_rgba8(0, 0, 0);
  scene.style.label_colour = Rgba::from_rgba8(255, 255, 255, 0);
  scene.style.card_colour = Rgba{0.123456789f, 0.5f, 0.75f, 0.999f};
  scene.style.card_width_px = 333.3f;
  scene.style.answer_max_lines = 10;
  scene.style.answers = {{"Q4", "Where"}, {"Q9", ""}};
  scene.timing = {0.1, 0.07, 3, 250};
  scene.text_cards.before = {{"A \"title\"", "two\nlines {tasks} {{x}}", "src", 2.5}};
  scene.text_cards.between = {};
  scene.text_cards.after = {{"", "", "only a source", 100}, {"t", "", "", 0.25}};
  scene.text_cards.fade_s = 0.125;
  scene.text_cards.title_size_px = 71.5f;
  scene.text_cards.text_size_px = 9;
  scene.text_cards.source_size_px = 120;
  scene.privacy = {true, "salt \u00e9\u00e8 \"x\""};
  hitl::CueLayers cue_layers;
  cue_layers.frame = true;
  cue_layers.masks = false;
  cue_layers.cards = true;
  scene.cues = {{"Opening", "", hitl::CueFrames{1, 40}, {}, 0.5, "Forty of 296"},
                {"A worker \u00e9", "A1B2C3", std::nullopt, cue_layers, {}, ""},
                {"Bare", "", std::nullopt, {}, {}, ""}};
  CHECK(parse_or_fail(hitl::scene_to_json(scene)) == scene);
}

TEST_CASE("A scene file writes 8-bit colours as hex and others as numbers", "[scene]") {
  Scene scene = Scene::defaults();
  scene.style.background = Rgba::from_rgba8(0x1f, 0x77, 0xb4);
  scene.style.card_colour = Rgba::from_rgba8(0x14, 0x14, 0x1a, 0xdb);
  scene.style.text_colour = Rgba{0.5f, 0.25f, 0, 1};
  const auto text = hitl::scene_to_json(scene);
  CHECK_THAT(text, Catch::Contains("\"background\": \"#1f77b4\""));
  CHECK_THAT(text, Catch::Contains("\"card_colour\": \"#14141adb\""));
  CHECK_THAT(text, Catch::Contains("\"text_colour\": [\n      0.5,\n      0.25,\n      0.0,\n"));
}

TEST_CASE("A scene file writes sizes as people write them", "[scene]") {
  const auto text = hitl::scene_to_json(Scene::defaults());
  CHECK_THAT(text, Catch::Contains("\"hitl_scene\": 1,"));
  CHECK_THAT(text, Catch::Contains("\"mask_opacity\": 0.45,"));
  CHECK_THAT(text, Catch::Contains("\"seconds_per_frame\": 4.0,"));
  CHECK_THAT(text, Catch::Contains("\"transition_s\": 0.6,"));
}

TEST_CASE("Missing keys keep the defaults", "[scene]") {
  hitl::Warnings warnings;
  const Scene scene = parse_or_fail("{\"timing\": {\"seconds_per_frame\": 2}}", &warnings);
  Scene expected = Scene::defaults();
  expected.timing.seconds_per_frame = 2;
  CHECK(scene == expected);
  CHECK(warnings.empty());
  CHECK(parse_or_fail("{}") == Scene::defaults());
}

// ---------------------------------------------------------------------------------------------
// Refusals

TEST_CASE("A value of the wrong type is refused at its line and column", "[scene]") {
  CHECK(refusal("{\n  \"layers\": {\"masks\": \"yes\"}\n}") ==
        "show.json:2:23: layers.masks: expected true or false, got the text \"yes\"");
  CHECK(refusal("{\"title\": 3}") ==
        "show.json:1:11: title: expected text in double quotes, got 3");
  CHECK(refusal("{\"style\": []}") ==
        "show.json:1:11: style: expected an object {...}, got an empty array");
  CHECK(refusal("[1]") ==
        "show.json:1:1: expected a scene object {\"hitl_scene\": 1, ...}, got an array");
}

TEST_CASE("An opacity outside 0 to 1 is refused", "[scene]") {
  CHECK(refusal("{\"style\": {\n  \"mask_opacity\": 1.5\n}}") ==
        "show.json:2:19: style.mask_opacity: expected a number from 0 to 1, got 1.5");
  CHECK(refusal("{\"style\": {\"mask_opacity\": -0.1}}") ==
        "show.json:1:28: style.mask_opacity: expected a number from 0 to 1, got -0.1");
}

TEST_CASE("Sizes must be positive and within sane bounds", "[scene]") {
  CHECK(refusal("{\"style\": {\"text_size_px\": 0}}") ==
        "show.json:1:28: style.text_size_px: expected a number greater than 0 and at most 200, "
        "got 0");
  CHECK(refusal("{\"style\": {\"card_width_px\": 5000}}") ==
        "show.json:1:29: style.card_width_px: expected a number greater than 0 and at most 1920, "
        "got 5000");
  CHECK(refusal("{\"style\": {\"box_line_px\": 0}}") ==
        "show.json:1:27: style.box_line_px: expected a number greater than 0 and at most 50, "
        "got 0");
  CHECK(parse_or_fail("{\"style\": {\"mask_outline_px\": 0}}").style.mask_outline_px == 0);
}

TEST_CASE("The number of answer lines is a whole number from 1 to 10", "[scene]") {
  CHECK(refusal("{\"style\": {\"answer_max_lines\": 2.5}}") ==
        "show.json:1:32: style.answer_max_lines: expected a whole number from 1 to 10, got 2.5");
  CHECK(refusal("{\"style\": {\"answer_max_lines\": 0}}") ==
        "show.json:1:32: style.answer_max_lines: expected a whole number from 1 to 10, got 0");
  CHECK(parse_or_fail("{\"style\": {\"answer_max_lines\": 10}}").style.answer_max_lines == 10);
}

TEST_CASE("A colour that is not #rrggbb or #rrggbbaa is refused", "[scene]") {
  CHECK(refusal("{\"style\": {\"background\": \"#12345\"}}") ==
        "show.json:1:26: style.background: expected a colour \"#rrggbb\" or \"#rrggbbaa\" (or "
        "[r, g, b, a] with numbers from 0 to 1), got the text \"#12345\"");
  CHECK(refusal("{\"style\": {\"text_colour\": [1, 2, 3]}}") ==
        "show.json:1:27: style.text_colour: expected a colour \"#rrggbb\" or \"#rrggbbaa\" (or "
        "[r, g, b, a] with numbers from 0 to 1), got an array");
}

TEST_CASE("Colours read as 8-bit sRGB channels with straight alpha", "[scene]") {
  const Scene scene = parse_or_fail(
      "{\"style\": {\"background\": \"#FF8000\", \"card_colour\": \"#00000080\", "
      "\"text_colour\": [0.5, 0.25, 1]}}");
  CHECK(scene.style.background == Rgba{1, 128 / 255.0f, 0, 1});
  CHECK(scene.style.card_colour == Rgba{0, 0, 0, 128 / 255.0f});
  CHECK(scene.style.text_colour == Rgba{0.5f, 0.25f, 1, 1});
}

TEST_CASE("A scene file of another version is refused", "[scene]") {
  CHECK(refusal("{\"hitl_scene\": 2}") ==
        "show.json:1:16: hitl_scene: expected 1 (the scene format version this hitl reads), "
        "got 2");
  CHECK(refusal("{\"hitl_scene\": \"1\"}") ==
        "show.json:1:16: hitl_scene: expected 1 (the scene format version this hitl reads), "
        "got the text \"1\"");
}

TEST_CASE("Invalid JSON is refused at its line and column", "[scene]") {
  CHECK(refusal("{\n  \"title\": \"x\",\n}") ==
        "show.json:3:1: invalid JSON: a comma before '}'; JSON allows no comma after the last "
        "member of an object");
  CHECK(refusal("{\n  \"title\" \"x\"\n}") ==
        "show.json:2:13: invalid JSON in object separator: unexpected string literal; "
        "expected ':'");
  CHECK(refusal("{\"a\": tru}") == "show.json:1:10: invalid JSON in value: invalid literal");
  CHECK(refusal("{\"title\": \"x\"") ==
        "show.json:1:14: invalid JSON: the file ends too early (is a closing '}' missing?)");
  CHECK(refusal("  \n") ==
        "show.json:1:1: the file is empty; expected a scene object {\"hitl_scene\": 1, ...}");
}

TEST_CASE("A transition as long as a frame is refused", "[scene]") {
  CHECK(refusal("{\"timing\": {\"seconds_per_frame\": 2, \"transition_s\": 2}}") ==
        "show.json:1:53: timing.transition_s: expected a number from 0 to less than "
        "timing.seconds_per_frame (2), got 2");
  CHECK(refusal("{\"timing\": {\"seconds_per_frame\": 0.5}}") ==
        "show.json:1:34: timing.seconds_per_frame: expected a number greater than "
        "timing.transition_s (0.6), got 0.5");
  CHECK(refusal("{\"timing\": {\"seconds_per_frame\": 0}}") ==
        "show.json:1:34: timing.seconds_per_frame: expected a number greater than 0 and at most "
        "3600, got 0");
}

TEST_CASE("Text cards are read in order, in their runs", "[scene]") {
  const Scene scene = parse_or_fail(R"({"text_cards": {"fade_s": 1, "before": [
      {"title": "Hello", "text": "{rejected} of {tasks}", "duration_s": 4},
      {"source": "somewhere"}], "after": []}})");
  REQUIRE(scene.text_cards.before.size() == 2);
  CHECK(scene.text_cards.before[0] == hitl::TextCard{"Hello", "{rejected} of {tasks}", "", 4});
  CHECK(scene.text_cards.before[1] == hitl::TextCard{"", "", "somewhere", 8});
  CHECK(scene.text_cards.between == Scene::defaults().text_cards.between);  // not given: kept
  CHECK(scene.text_cards.after.empty());
  CHECK(scene.text_cards.fade_s == 1);
}

TEST_CASE("A text card naming no placeholder, or too short for its fades, is refused", "[scene]") {
  CHECK(refusal(R"({"text_cards": {"before": [{"text": "{task} tasks"}]}})") ==
        "show.json:1:37: text_cards.before[0].text: \"{task}\" is not a placeholder; expected "
        "one of {frames}, {tasks}, {approved}, {rejected}, {rejected_percent}, {workers}, "
        "{paid}, {withheld}, {reward}, {work_hours} (write {{ and }} for literal braces)");
  CHECK_THAT(refusal(R"({"text_cards": {"after": [{}, {"title": "a } b"}]}})"),
             Catch::StartsWith("show.json:1:41: text_cards.after[1].title: \"}\" is not a "
                               "placeholder"));
  CHECK(refusal(R"({"text_cards": {"fade_s": 2, "between": [{"duration_s": 3}]}})") ==
        "show.json:1:57: text_cards.between[0].duration_s: expected at least twice "
        "text_cards.fade_s (4 s), got 3");
  CHECK(refusal(R"({"text_cards": {"before": {"title": "x"}}})") ==
        "show.json:1:27: text_cards.before: expected an array of cards [{\"title\": \"...\", "
        "\"text\": \"...\", \"duration_s\": 8}, ...], got an object");
}

TEST_CASE("Placeholders are filled, literal braces kept, anything else left alone", "[scene]") {
  const auto value = [](std::string_view name) { return "<" + std::string(name) + ">"; };
  CHECK(hitl::fill_placeholders("{tasks} and {{tasks}} and }}", value) ==
        "<tasks> and {tasks} and }");
  CHECK(hitl::fill_placeholders("no braces", value) == "no braces");
  CHECK(hitl::fill_placeholders("{nope}", value) == "{nope}");
  CHECK(hitl::unknown_placeholder("{tasks") == "{");
  CHECK_FALSE(hitl::unknown_placeholder("{paid} {{ }}").has_value());
}

TEST_CASE("A loop that ends before it starts is refused", "[scene]") {
  CHECK(refusal("{\"timing\": {\"first_frame\": 12, \"last_frame\": 5}}") ==
        "show.json:1:46: timing.last_frame: expected 0 or a frame number from "
        "timing.first_frame (12), got 5");
  CHECK(refusal("{\"timing\": {\"first_frame\": -1}}") ==
        "show.json:1:28: timing.first_frame: expected a whole number from 0 to 10000000, got -1");
}

TEST_CASE("Unknown keys are warnings that name the key and the keys expected", "[scene]") {
  hitl::Warnings warnings;
  const Scene scene =
      parse_or_fail("{\n  \"styel\": {},\n  \"layers\": {\"mask\": false}\n}", &warnings);
  CHECK(scene == Scene::defaults());
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].to_string() ==
        "show.json:2:12: warning: styel: unknown key, ignored; expected one of hitl_scene, title, "
        "layers, style, timing, text_cards, privacy, cues");
  CHECK(warnings[1].to_string() ==
        "show.json:3:22: warning: layers.mask: unknown key, ignored; expected one of frame, "
        "masks, boxes, cards, hud, rejected");
}

TEST_CASE("Pseudonyms without a salt are a warning", "[scene]") {
  hitl::Warnings warnings;
  const Scene scene = parse_or_fail("{\"privacy\": {\"pseudonymise\": true}}", &warnings);
  CHECK(scene.privacy.pseudonymise);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].field == "privacy.salt");
}

TEST_CASE("A missing scene file is refused with its path", "[scene]") {
  const auto scene = hitl::load_scene_file("/nonexistent/show.json");
  REQUIRE_FALSE(scene.ok());
  CHECK_THAT(scene.error().to_string(), Catch::Contains("/nonexistent/show.json"));
}

// ---------------------------------------------------------------------------------------------
// Classes

TEST_CASE("Class colours are keyed by category id or by the mouse's part names", "[scene]") {
  const Scene scene = parse_or_fail(
      "{\"style\": {\"class_colours\": {\"Body\": \"#ff0000\", \"scroll wheel\": \"#00ff00\", "
      "\"5\": \"#0000ff80\"}}}");
  const std::map<int, Rgba> expected = {{1, Rgba::from_rgba8(255, 0, 0)},
                                        {4, Rgba::from_rgba8(0, 255, 0)},
                                        {5, Rgba::from_rgba8(0, 0, 255, 128)}};
  CHECK(scene.style.class_colours == expected);
}

TEST_CASE("A class given both by id and by name is a warning, the later colour winning",
          "[scene]") {
  hitl::Warnings warnings;
  const Scene scene = parse_or_fail(
      "{\"style\": {\"class_colours\": {\"1\": \"#ff0000\", \"Body\": \"#00ff00\"}}}", &warnings);
  CHECK(scene.style.class_colours == std::map<int, Rgba>{{1, Rgba::from_rgba8(0, 255, 0)}});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].to_string() ==
        "show.json:1:54: warning: style.class_colours.Body: class 1 was already given as \"1\"; "
        "this colour replaces it");
}

TEST_CASE("A class colour for no known class is refused", "[scene]") {
  CHECK(refusal("{\"style\": {\"class_colours\": {\"Wheel\": \"#ff0000\"}}}") ==
        "show.json:1:39: style.class_colours.Wheel: the key \"Wheel\" names no class; expected a "
        "category id (a whole number from 0) or a class name (Body, Left_Button, Right_Button, "
        "Scroll_Wheel, Cable)");
}

TEST_CASE("Hidden classes are given by id or name", "[scene]") {
  const Scene scene = parse_or_fail("{\"style\": {\"hidden_classes\": [\"Cable\", 2]}}");
  CHECK(scene.style.hidden_classes == std::vector<int>{5, 2});
  CHECK(hitl::class_hidden(scene, 5));
  CHECK(hitl::class_hidden(scene, 2));
  CHECK_FALSE(hitl::class_hidden(scene, 1));
  CHECK(refusal("{\"style\": {\"hidden_classes\": [1.5]}}") ==
        "show.json:1:31: style.hidden_classes[0]: expected a category id (a whole number from 0) "
        "or a class name (Body, Left_Button, Right_Button, Scroll_Wheel, Cable), got 1.5");
}

TEST_CASE("A class's colour is the scene's override, else the category's own", "[scene]") {
  Scene scene = Scene::defaults();
  scene.style.class_colours[2] = Rgba::from_rgba8(1, 2, 3);
  const auto& categories = hitl::mouse_categories();
  CHECK(hitl::class_colour(scene, categories[1]) == Rgba::from_rgba8(1, 2, 3));
  CHECK(hitl::class_colour(scene, categories[0]) == Rgba::from_rgba8(0x1f, 0x77, 0xb4));
}

TEST_CASE("Card answers are read in order with their labels", "[scene]") {
  const Scene scene = parse_or_fail(
      "{\"style\": {\"answers\": [{\"question\": \"Q9\", \"label\": \"Health\"}, "
      "{\"question\": \"Q4\"}]}}");
  CHECK(scene.style.answers == std::vector<hitl::CardAnswer>{{"Q9", "Health"}, {"Q4", ""}});
  CHECK(refusal("{\"style\": {\"answers\": [{\"label\": \"x\"}]}}") ==
        "show.json:1:24: style.answers[0]: expected a survey question id such as \"Q4\", got no "
        "\"question\"");
}

// ---------------------------------------------------------------------------------------------
// Pseudonyms

TEST_CASE("Worker ids show as themselves unless pseudonymised", "[scene]") {
  CHECK(hitl::displayed_worker_id(Scene::defaults(), "A2YFFC90MO0MW8") == "A2YFFC90MO0MW8");
}

TEST_CASE("A pseudonym is W- and eight hex digits, stable for a salt and id", "[scene]") {
  Scene scene = Scene::defaults();
  scene.privacy = {true, "gallery-2024"};
  const std::string pseudonym = hitl::displayed_worker_id(scene, "A2YFFC90MO0MW8");
  CHECK_THAT(pseudonym, Catch::Matches("W-[0-9A-F]{8}"));
  CHECK(hitl::displayed_worker_id(scene, "A2YFFC90MO0MW8") == pseudonym);
  CHECK(hitl::displayed_worker_id(scene, "A2YFFC90MO0MW9") != pseudonym);
  scene.privacy.salt = "gallery-2025";
  CHECK(hitl::displayed_worker_id(scene, "A2YFFC90MO0MW8") != pseudonym);
}

TEST_CASE("Ten thousand worker ids get ten thousand different pseudonyms", "[scene]") {
  Scene scene = Scene::defaults();
  scene.privacy = {true, "salt"};
  std::set<std::string> pseudonyms;
  for (int i = 0; i < 10000; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "A%013d", i * 7919);
    pseudonyms.insert(hitl::displayed_worker_id(scene, id));
  }
  CHECK(pseudonyms.size() == 10000);
}

// ---------------------------------------------------------------------------------------------
// Cues

TEST_CASE("Cues are read in order with what each sets, the rest left to the scene",
          "[scene][cues]") {
  const Scene scene = parse_or_fail(R"({"cues": [
    {"name": "Opening", "frames": [1, 40], "speed": 2, "caption": "Forty frames"},
    {"name": "One worker", "worker": "A3EXAMPLE", "layers": {"masks": false, "hud": true}},
    {"name": "As the scene says"}
  ]})");
  REQUIRE(scene.cues.size() == 3);
  const hitl::SceneCue& opening = scene.cues[0];
  CHECK(opening.name == "Opening");
  CHECK(opening.worker.empty());
  CHECK(opening.frames == hitl::CueFrames{1, 40});
  CHECK(opening.speed == 2.0);
  CHECK(opening.caption == "Forty frames");
  CHECK(opening.layers.empty());
  const hitl::SceneCue& worker = scene.cues[1];
  CHECK(worker.worker == "A3EXAMPLE");
  CHECK_FALSE(worker.frames.has_value());
  CHECK(worker.layers.masks == false);
  CHECK(worker.layers.hud == true);
  CHECK_FALSE(worker.layers.boxes.has_value());
  CHECK_FALSE(worker.speed.has_value());
  CHECK(scene.cues[2] == hitl::SceneCue{"As the scene says", "", std::nullopt, {}, {}, ""});
}

TEST_CASE("A cue's layers replace only the scene's layers they name", "[scene][cues]") {
  hitl::CueLayers cue;
  cue.masks = false;
  cue.rejected = true;
  const hitl::SceneLayers scene{true, true, false, true, false, false};
  CHECK(cue.applied_to(scene) == hitl::SceneLayers{true, false, false, true, false, true});
  CHECK(hitl::CueLayers{}.applied_to(scene) == scene);
}

TEST_CASE("A saved cue keeps only the keys it sets", "[scene][cues]") {
  Scene scene = Scene::defaults();
  scene.cues = {{"Bare", "", std::nullopt, {}, {}, ""}};
  const std::string text = hitl::scene_to_json(scene);
  CHECK_THAT(text, Catch::Contains("\"cues\": [\n    {\n      \"name\": \"Bare\"\n    }\n  ]"));
}

TEST_CASE("Each bad cue field is refused at its line with what was expected", "[scene][cues]") {
  CHECK(refusal(R"({"cues": {"name": "a"}})") ==
        "show.json:1:10: cues: expected an array of cues [{\"name\": \"...\", ...}, ...], got an "
        "object");
  CHECK(
      refusal("{\"cues\": [\n  \"Opening\"\n]}") ==
      "show.json:2:3: cues[0]: expected a cue {\"name\": \"...\", ...}, got the text \"Opening\"");
  CHECK(refusal("{\"cues\": [\n  {\"caption\": \"x\"}\n]}") ==
        "show.json:2:3: cues[0]: expected the cue's name, text that is not empty, got no \"name\"");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \" \"}\n]}") ==
        "show.json:2:12: cues[0].name: expected the cue's name, text that is not empty, got the "
        "text \" \"");
  CHECK(refusal("{\"cues\": [{\"name\": \"a\"},\n  {\"name\": \"b\", \"worker\": 7}\n]}") ==
        "show.json:2:27: cues[1].worker: expected a worker id in double quotes (as the panel's "
        "search shows it), got 7");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"frames\": [40, 1]}\n]}") ==
        "show.json:2:27: cues[0].frames: the range would end (frame 1) before it starts (frame "
        "40); expected [first, last] with last >= first");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"frames\": [1, 2.5]}\n]}") ==
        "show.json:2:27: cues[0].frames: expected [first, last]: two whole frame numbers from 0 to "
        "10000000, got [1,2.5]");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"frames\": 3}\n]}") ==
        "show.json:2:27: cues[0].frames: expected [first, last]: two whole frame numbers from 0 to "
        "10000000, got 3");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"worker\": \"W\", \"frames\": [1, 2]}\n]}") ==
        "show.json:2:42: cues[0].frames: a cue holds on a worker or plays a range of frames, not "
        "both; expected \"worker\" or \"frames\"");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"layers\": {\"masks\": \"off\"}}\n]}") ==
        "show.json:2:37: cues[0].layers.masks: expected true or false, got the text \"off\"");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"layers\": [\"masks\"]}\n]}") ==
        "show.json:2:27: cues[0].layers: expected an object {...}, got an array");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"speed\": 32}\n]}") ==
        "show.json:2:26: cues[0].speed: expected a number from 0.125 to 16, got 32");
  CHECK(refusal("{\"cues\": [\n  {\"name\": \"a\", \"caption\": [\"x\"]}\n]}") ==
        "show.json:2:28: cues[0].caption: expected text in double quotes, got an array");
}

TEST_CASE("Unknown cue keys and cues of the same name are warnings", "[scene][cues]") {
  hitl::Warnings warnings;
  const Scene scene = parse_or_fail(
      "{\"cues\": [{\"name\": \"a\", \"colour\": 1},\n  {\"name\": \"a\", \"layers\": {\"mask\": "
      "true}}]}",
      &warnings);
  CHECK(scene.cues.size() == 2);
  REQUIRE(warnings.size() == 3);
  CHECK_THAT(warnings[0].to_string(),
             Catch::Contains("cues[0].colour: unknown key, ignored; expected one of name, worker, "
                             "frames, layers, speed, caption"));
  CHECK_THAT(warnings[1].to_string(),
             Catch::Contains("show.json:2:12: warning: cues[1].name: cues[0] has the same name"));
  CHECK_THAT(warnings[2].to_string(), Catch::Contains("cues[1].layers.mask: unknown key"));
}

TEST_CASE("The example presentation's cues read without a warning", "[scene][cues]") {
  hitl::Warnings warnings;
  const auto scene = hitl::load_scene_file(
      std::string(HITL_DOCS_SOURCE_DIR) + "/examples/presentation.json", &warnings);
  REQUIRE(scene.ok());
  CHECK(warnings.empty());
  CHECK(scene->cues.size() == 5);
}
