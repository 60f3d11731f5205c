// The JSON position scanner: where a value at a path starts, how deep text nests, where an
// overflowing number is; all without building values.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "hitl/base/json_position.hpp"

using hitl::find_json_value_position;
using Path = std::vector<std::string>;

namespace {
// line:column, or "none", so that a failed check prints something readable.
std::string where(std::string_view text, const Path& path) {
  const auto at = find_json_value_position(text, path);
  return at ? std::to_string(at->line) + ":" + std::to_string(at->column) : "none";
}
}  // namespace

TEST_CASE("JSON position of a value is found through objects and arrays", "[json]") {
  const std::string text =
      "{\n"
      "  \"images\": [{\"id\": 1}],\n"
      "  \"annotations\": [\n"
      "    {\"id\": 1, \"bbox\": [1, 2, 3, 4]},\n"
      "    {\"id\": 2, \"bbox\": [5, \"six\", 7, 8]}\n"
      "  ]\n"
      "}\n";
  CHECK(where(text, {}) == "1:1");
  CHECK(where(text, {"images"}) == "2:13");
  CHECK(where(text, {"annotations", "1"}) == "5:5");
  CHECK(where(text, {"annotations", "1", "bbox"}) == "5:23");
  CHECK(where(text, {"annotations", "1", "bbox", "1"}) == "5:27");
  CHECK(where(text, {"annotations", "0", "bbox", "3"}) == "4:33");
}

TEST_CASE("JSON position is nullopt for a path that is not there", "[json]") {
  const std::string text = R"({"a": [1, 2], "b": {"c": null}})";
  CHECK(where(text, {"x"}) == "none");
  CHECK(where(text, {"a", "2"}) == "none");
  CHECK(where(text, {"a", "one"}) == "none");
  CHECK(where(text, {"b", "c", "d"}) == "none");
  CHECK(where(text, {"b", "c"}) == "1:26");
}

TEST_CASE("JSON position ignores brackets, quotes and keys inside strings", "[json]") {
  const std::string text = R"({"note": "a [tricky] \"b\": {", "b": 7})";
  CHECK(where(text, {"b"}) == "1:38");
}

TEST_CASE("JSON position matches escaped keys by their decoded text", "[json]") {
  // "\u0041" is "A"; "\u00e9" is the two UTF-8 bytes of e-acute; a surrogate pair is one emoji.
  const std::string text = R"({"\u0041": 1, "caf\u00e9": 2, "\ud83d\ude00": 3})";
  CHECK(where(text, {"A"}) == "1:12");
  CHECK(where(text, {"caf\xC3\xA9"}) == "1:28");
  CHECK(where(text, {"\xF0\x9F\x98\x80"}) == "1:47");
}

TEST_CASE("JSON position takes the last of repeated keys, as the parser does", "[json]") {
  CHECK(where(R"({"a": 1, "a": 2})", {"a"}) == "1:15");
}

TEST_CASE("JSON position skips a byte order mark and counts CRLF as one line end", "[json]") {
  const std::string text = "\xEF\xBB\xBF{\r\n  \"a\":\r\n    [true]\r\n}";
  CHECK(where(text, {"a", "0"}) == "3:6");
}

TEST_CASE("JSON element positions list where each element of an array starts", "[json]") {
  const std::string text = "{\"images\": [\n  {\"id\": 1},\n  {\"id\": [2]},\n  3\n]}";
  const auto positions = hitl::find_json_element_positions(text, Path{"images"});
  REQUIRE(positions.size() == 3);
  CHECK(positions[0].line == 2);
  CHECK(positions[0].column == 3);
  CHECK(positions[1].line == 3);
  CHECK(positions[2].line == 4);
  CHECK(hitl::find_json_element_positions(text, Path{"nothing"}).empty());
}

TEST_CASE("JSON position survives malformed text without reading past its end", "[json]") {
  for (const std::string text :
       {"", "{", "{\"a\"", "{\"a\": [1, ", "[\"\\", "{\"a\": \"\\u12", "]]]"}) {
    CHECK(where(text, {"a", "0"}) == "none");
  }
}

TEST_CASE("JSON nesting within the limit is accepted", "[json]") {
  const std::string text = std::string(64, '[') + std::string(64, ']');
  CHECK_FALSE(hitl::check_json_nesting(text, "deep.json").has_value());
}

TEST_CASE("JSON nesting past the limit is refused at the first bracket too deep", "[json]") {
  const std::string text = "{\"a\":\n" + std::string(70, '[');
  const auto refused = hitl::check_json_nesting(text, "deep.json");
  REQUIRE(refused.has_value());
  CHECK(refused->to_string() ==
        "deep.json:2:64: arrays and objects are nested more than 64 levels deep; expected at most "
        "64 levels (is this the right file?)");
}

TEST_CASE("JSON nesting does not count brackets inside strings", "[json]") {
  const std::string text = "[\"" + std::string(100, '[') + "\\\"\"]";
  CHECK_FALSE(hitl::check_json_nesting(text, "s.json").has_value());
}

TEST_CASE("JSON nesting of 100000 levels is refused quickly", "[json]") {
  const std::string text(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  const auto refused = hitl::check_json_nesting(text, "deep.json");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(refused.has_value());
  CHECK(refused->column == 65);
  CHECK(elapsed < std::chrono::milliseconds(100));
}

TEST_CASE("JSON overflowing numbers are found, tiny ones are not", "[json]") {
  CHECK(hitl::find_overflowing_json_number("[1, 2.5e10, -1e400]") == std::size_t{12});
  CHECK(hitl::find_overflowing_json_number("[\"1e400\", 1e-400, 0.000001e-320]") == std::nullopt);
  CHECK(hitl::find_overflowing_json_number("[" + std::string(400, '9') + "]") == std::size_t{1});
  CHECK(hitl::find_overflowing_json_number("[1.5, 1e308]") == std::nullopt);
}
