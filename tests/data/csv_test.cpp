// The CSV reader: RFC 4180 edge cases accepted, malformed files refused at the right spot.
#include <catch2/catch.hpp>

#include "hitl/data/csv.hpp"

using hitl::parse_csv;

namespace {
std::vector<std::vector<std::string>> fields_of(const hitl::CsvTable& table) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : table.records) out.push_back(r.fields);
  return out;
}
}  // namespace

TEST_CASE("CSV quoted fields keep commas, doubled quotes and line breaks", "[csv]") {
  const auto table = parse_csv("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n", "t.csv");
  REQUIRE(table.ok());
  CHECK(fields_of(*table) == std::vector<std::vector<std::string>>{
                                 {"a", "b", "c"}, {"x, y", "say \"hi\"", "two\nlines"}});
  CHECK(table->records[1].line == 2);
}

TEST_CASE("CSV records remember the line they start on, after multi-line fields", "[csv]") {
  const auto table = parse_csv("h1,h2\n\"1\n2\n3\",x\nlast,y", "t.csv");
  REQUIRE(table.ok());
  REQUIRE(table->records.size() == 3);
  CHECK(table->records[2].line == 5);
  CHECK(table->records[2].fields == std::vector<std::string>{"last", "y"});
}

TEST_CASE("CSV byte order mark is skipped and empty fields are kept", "[csv]") {
  const auto table = parse_csv("\xEF\xBB\xBFQ1,Q2,Q3\n,,\n", "t.csv");
  REQUIRE(table.ok());
  CHECK(table->records[0].fields[0] == "Q1");
  CHECK(table->records[1].fields == std::vector<std::string>{"", "", ""});
}

TEST_CASE("CSV blank lines and a missing final line end are accepted", "[csv]") {
  const auto table = parse_csv("a\n\n\nb", "t.csv");
  REQUIRE(table.ok());
  CHECK(fields_of(*table) == std::vector<std::vector<std::string>>{{"a"}, {"b"}});
  CHECK(table->records[1].line == 4);
}

TEST_CASE("CSV non-ASCII text passes through unchanged", "[csv]") {
  const auto table = parse_csv("city\nS\xC3\xA3o Paulo\n\xE5\x8C\x97\xE4\xBA\xAC\n", "t.csv");
  REQUIRE(table.ok());
  CHECK(table->records[1].fields[0] == "S\xC3\xA3o Paulo");
  CHECK(table->records[2].fields[0] == "\xE5\x8C\x97\xE4\xBA\xAC");
}

TEST_CASE("CSV unterminated quote is refused at the line where it opened", "[csv][bad]") {
  const auto table = parse_csv("a,b\n1,\"never closed\n2,3\n", "batch.csv");
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().to_string() ==
        "batch.csv:2:3: quoted field is never closed; expected a closing \" before the end of "
        "the file");
}

TEST_CASE("CSV quote inside an unquoted field is refused", "[csv][bad]") {
  const auto table = parse_csv("a,b\n1,ab\"c\n", "batch.csv");
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().line == 2);
  CHECK(table.error().column == 5);
  CHECK_THAT(table.error().message, Catch::Contains("quote inside an unquoted field"));
}

TEST_CASE("CSV text after a closing quote is refused", "[csv][bad]") {
  const auto table = parse_csv("\"ab\"c,d\n", "batch.csv");
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().to_string() ==
        "batch.csv:1:5: unexpected \"c\" after a closing quote; expected a comma or the end of "
        "the line");
}

TEST_CASE("CSV invalid UTF-8 is refused with its position", "[csv][bad]") {
  const auto table = parse_csv("a,b\nok,\xFF\xFE\n", "survey.csv");
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().to_string() ==
        "survey.csv:2:4: invalid UTF-8 byte 0xff; expected a UTF-8 text file (re-export the CSV "
        "as UTF-8)");
}

TEST_CASE("CSV NUL bytes are refused", "[csv][bad]") {
  const auto table = parse_csv(std::string("a,b\nx,y\0z\n", 10), "bin.csv");
  REQUIRE_FALSE(table.ok());
  CHECK(table.error().line == 2);
  CHECK_THAT(table.error().message, Catch::Contains("NUL byte"));
}
