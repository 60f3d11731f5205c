// The Qualtrics survey export: a real-shaped file (BOM, CRLF, curly quotes, typos, multi-select
// answers, a preview row, a worker who answered twice) read exactly; malformed exports refused
// at the right line.
#include "hitl/data/qualtrics.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

using hitl::parse_qualtrics_csv;
using hitl::SurveyExport;
using hitl::SurveyResponse;
using hitl::Warnings;

namespace {

const std::string kFixture = std::string(HITL_TEST_DATA_DIR) + "/qualtrics/survey_export.csv";

struct LoadedFixture {
  Warnings warnings;
  SurveyExport survey;
};

LoadedFixture load_fixture() {
  LoadedFixture loaded;
  auto survey = hitl::load_qualtrics_csv(kFixture, loaded.warnings);
  if (!survey.ok()) FAIL(survey.error().to_string());
  loaded.survey = std::move(*survey);
  return loaded;
}

const SurveyResponse& response_of(const SurveyExport& survey, const std::string& worker_id) {
  for (const auto& r : survey.responses) {
    if (r.worker_id == worker_id) return r;
  }
  FAIL("no response from " + worker_id);
  throw;  // unreachable: FAIL ends the test case
}

std::optional<std::string> answer(const SurveyResponse& response, const std::string& question) {
  const auto* found = response.find(question);
  if (found == nullptr) FAIL("no column " + question + " in the response");
  return *found;
}

// A small export with the three header rows; `rows` follow them, one per line.
std::string small_export(const std::vector<std::string>& rows) {
  std::string text =
      "ResponseId,Status,Q1,Q2,workerId\r\n"
      "Response ID,Response Type,What's your age? - Selected Choice,What is your gender?,"
      "workerId\r\n"
      "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\","
      "\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2\"\"}\","
      "\"{\"\"ImportId\"\":\"\"workerId\"\"}\"\r\n";
  for (const auto& row : rows) text += row + "\r\n";
  return text;
}

}  // namespace

TEST_CASE("Qualtrics questions are the Q columns, with texts from the second header row",
          "[qualtrics]") {
  const auto loaded = load_fixture();
  const auto& questions = loaded.survey.questions;
  REQUIRE(questions.size() == 10);
  std::vector<std::string> ids;
  for (const auto& q : questions) ids.push_back(q.id);
  CHECK(ids ==
        std::vector<std::string>{"Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10"});
  CHECK(questions[0].text == "What\u2019s your age?");  // " - Selected Choice" removed
  CHECK(questions[5].text ==
        "Approximately how many tasks have you completed that weren\u2019t paid by the "
        "requester?");
  CHECK(questions[8].text == "Do you suffer from any work-related health issues?");
  CHECK(questions[9].text ==
        "How much did your workset cost? (Include any tools or devices you use to perform data "
        "labeling)");
}

TEST_CASE("Qualtrics answers keep the export's typos, curly quotes, non-ASCII and commas",
          "[qualtrics]") {
  const auto loaded = load_fixture();
  const auto& a = response_of(loaded.survey, "A2YFFC90MO0MW8");
  CHECK(answer(a, "Q3") == "Bachelor\u2019s degree (completed)");
  CHECK(answer(a, "Q4") == "S\u00e3o Paulo");
  CHECK(answer(a, "Q5") == "More tha 30 minutes");
  CHECK(answer(a, "Q9") == "Lower back pain, Eye strain");
  CHECK(answer(a, "Q10") == "$1,200 laptop");

  const auto& b = response_of(loaded.survey, "ADQMQ2WYLFJB2");
  CHECK(answer(b, "Q1") == "18- 24");
  CHECK(answer(b, "Q4") == "illions");
  CHECK(answer(b, "Q5") == "1 -5 min");
}

TEST_CASE("Qualtrics empty cells are unanswered questions", "[qualtrics]") {
  const auto loaded = load_fixture();
  const auto& b = response_of(loaded.survey, "ADQMQ2WYLFJB2");
  CHECK(answer(b, "Q8") == std::nullopt);
  CHECK(answer(b, "Q1_7_TEXT") == std::nullopt);
  CHECK(b.find("Q11") == nullptr);  // not a question of this survey at all
}

TEST_CASE("Qualtrics answers follow the export's column order, text entries included",
          "[qualtrics]") {
  const auto loaded = load_fixture();
  std::vector<std::string> keys;
  for (const auto& [id, value] : loaded.survey.responses.at(0).answers) keys.push_back(id);
  CHECK(keys == std::vector<std::string>{"Q1", "Q1_7_TEXT", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7",
                                         "Q8", "Q9", "Q9_9_TEXT", "Q10"});
}

TEST_CASE("Qualtrics text typed next to a choice is kept in its _TEXT column", "[qualtrics]") {
  const auto loaded = load_fixture();
  const auto& older = response_of(loaded.survey, "A35096GSACJWJM");
  CHECK(answer(older, "Q1") == "65 or older");
  CHECK(answer(older, "Q1_7_TEXT") == "67");
  const auto& other = response_of(loaded.survey, "ADQMQ2WYLFJB2");
  CHECK(answer(other, "Q9") == "Other");
  CHECK(answer(other, "Q9_9_TEXT") == "Carpal tunnel");
}

TEST_CASE("Qualtrics multi-line answers keep their line break", "[qualtrics]") {
  const auto loaded = load_fixture();
  CHECK(answer(response_of(loaded.survey, "A35096GSACJWJM"), "Q10") == "Laptop\r\nand a mouse");
}

TEST_CASE("Qualtrics worker IDs pasted with spaces around them are trimmed", "[qualtrics]") {
  const auto loaded = load_fixture();
  CHECK(response_of(loaded.survey, "A35096GSACJWJM").response_id == "R_748KfEYJFFJP79X");
}

TEST_CASE(
    "Qualtrics responses: previews and rows without a worker are skipped, odd IDs kept, "
    "a repeated worker keeps the later answers",
    "[qualtrics]") {
  const auto loaded = load_fixture();
  std::vector<std::string> workers, response_ids;
  for (const auto& r : loaded.survey.responses) {
    workers.push_back(r.worker_id);
    response_ids.push_back(r.response_id);
  }
  CHECK(workers ==
        std::vector<std::string>{"ADQMQ2WYLFJB2", "A35096GSACJWJM", "END2025", "A2YFFC90MO0MW8"});
  CHECK(response_ids == std::vector<std::string>{"R_1UET64jlyssN7jz", "R_748KfEYJFFJP79X",
                                                 "R_5EmYYBYoJmN7Uej", "R_61QoosLHcf8tEUd"});

  std::vector<std::string> messages;
  for (const auto& w : loaded.warnings) messages.push_back(w.to_string());
  const std::string& f = kFixture;
  CHECK(messages ==
        std::vector<std::string>{
            f + ":4: warning: Status: response R_0PreviewXyZ12ab is a survey preview (Status "
                "\"Survey Preview\"); skipped",
            // Line 9, not 8: the answer on line 7 spans two lines.
            f + ":9: warning: workerId: \"END2025\" is not an MTurk worker ID (A followed by 11 "
                "to 20 capital letters and digits); kept as written, but it may match no labels",
            f + ":10: warning: workerId: response R_3rSafTwUo9aida1 has no worker ID; skipped, "
                "since it cannot be joined to any labels",
            f + ":11: warning: workerId: worker A2YFFC90MO0MW8 answered the survey twice (lines 5 "
                "and 11); the later response (line 11) is kept",
        });
}

TEST_CASE("Qualtrics numeric exports mark previews with Status 1", "[qualtrics]") {
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(
      small_export({"R_a,1,25 - 34,Male,A2YFFC90MO0MW8", "R_b,0,35 - 44,Female,ADQMQ2WYLFJB2"}),
      "numeric.csv", warnings);
  REQUIRE(survey.ok());
  REQUIRE(survey->responses.size() == 1);
  CHECK(survey->responses[0].worker_id == "ADQMQ2WYLFJB2");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].line == 4);
}

TEST_CASE("Qualtrics worker ID columns are found under their usual names, ignoring case",
          "[qualtrics]") {
  std::string text = small_export({"R_a,IP Address,25 - 34,Male,A2YFFC90MO0MW8"});
  text.replace(text.find("workerId"), 8, "MTURKWORKERID");
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(text, "renamed.csv", warnings);
  REQUIRE(survey.ok());
  REQUIRE(survey->responses.size() == 1);
  CHECK(survey->responses[0].worker_id == "A2YFFC90MO0MW8");
  CHECK(warnings.empty());
}

TEST_CASE("Qualtrics empty file is refused", "[qualtrics][bad]") {
  Warnings warnings;
  const auto survey = parse_qualtrics_csv("", "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().to_string() ==
        "survey.csv:1: the file is empty; expected a Qualtrics CSV export with three header rows "
        "(column names, question texts, import ids), as Qualtrics writes it with 'Use choice "
        "text'");
}

TEST_CASE("Qualtrics export with only its column names is refused", "[qualtrics][bad]") {
  Warnings warnings;
  const auto survey = parse_qualtrics_csv("ResponseId,Q1,workerId\r\n", "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK_THAT(survey.error().to_string(),
             Catch::StartsWith("survey.csv:1: the file ends after 1 row; expected a Qualtrics "
                               "CSV export with three header rows"));
}

TEST_CASE("Qualtrics legacy export with two header rows is refused with advice",
          "[qualtrics][bad]") {
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(
      "ResponseId,Q1,workerId\n"
      "Response ID,What's your age?,workerId\n"
      "R_1UET64jlyssN7jz,18- 24,ADQMQ2WYLFJB2\n",
      "old.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().line == 3);
  CHECK(survey.error().field == "ResponseId");
  CHECK_THAT(survey.error().message,
             Catch::StartsWith("found \"R_1UET64jlyssN7jz\" where an import id such as "
                               "{\"ImportId\":\"QID4\"} was expected; expected a Qualtrics CSV "
                               "export with three header rows"));
  CHECK_THAT(survey.error().message,
             Catch::Contains("Older exports with two header rows are not supported"));
}

TEST_CASE("Qualtrics export without a worker ID column is refused", "[qualtrics][bad]") {
  std::string text = small_export({"R_a,IP Address,25 - 34,Male,A2YFFC90MO0MW8"});
  text.replace(text.find("workerId"), 8, "participant");
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(text, "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().to_string() ==
        "survey.csv:1: no worker ID column; expected one named workerId, WorkerId, worker_id, "
        "MTurkWorkerID or mturk_worker_id (the embedded data field of the survey flow that "
        "carries the MTurk worker ID)");
}

TEST_CASE("Qualtrics row with more fields than the header is refused", "[qualtrics][bad]") {
  Warnings warnings;
  const auto survey =
      parse_qualtrics_csv(small_export({"R_a,IP Address,25 - 34,Male,A2YFFC90MO0MW8",
                                        "R_b,IP Address,25 - 34,Male,ADQMQ2WYLFJB2,extra"}),
                          "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().to_string() ==
        "survey.csv:5: the row has 6 fields; the header (line 1) has 5; expected one field per "
        "column");
}

TEST_CASE("Qualtrics header rows must have as many fields as the column names",
          "[qualtrics][bad]") {
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(
      "ResponseId,Q1,workerId\n"
      "Response ID,What's your age?\n"
      "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",x,y\n",
      "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().line == 2);
  CHECK_THAT(survey.error().message,
             Catch::StartsWith("header row has 2 fields; the column names (line 1) have 3"));
}

TEST_CASE("Qualtrics export without question columns is refused", "[qualtrics][bad]") {
  std::string text = small_export({"R_a,IP Address,25 - 34,Male,A2YFFC90MO0MW8"});
  text.replace(text.find("Q1,Q2"), 5, "Age,Sex");
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(text, "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK_THAT(survey.error().to_string(),
             Catch::StartsWith("survey.csv:1: no question columns; expected columns named Q1"));
}

TEST_CASE("Qualtrics binary garbage is refused as not UTF-8 text", "[qualtrics][bad]") {
  Warnings warnings;
  const auto survey = parse_qualtrics_csv(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", 16),
                                          "survey.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().to_string() ==
        "survey.csv:1:1: invalid UTF-8 byte 0x89; expected a UTF-8 text file (re-export the CSV "
        "as UTF-8)");
}

TEST_CASE("Qualtrics file that does not exist is refused with its path", "[qualtrics][bad]") {
  hitl::test::TempDir dir;
  Warnings warnings;
  const auto survey = hitl::load_qualtrics_csv(dir / "missing.csv", warnings);
  REQUIRE_FALSE(survey.ok());
  CHECK(survey.error().file == dir / "missing.csv");
  CHECK_THAT(survey.error().message, Catch::Contains("cannot open"));
}
