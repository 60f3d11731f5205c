// Reading a Qualtrics CSV export: its three header rows are checked, question columns found by
// name (Q1, Q1_7_TEXT, ...), and every response row turned into one worker's answers.
#include "hitl/data/qualtrics.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "hitl/base/text.hpp"
#include "hitl/data/csv.hpp"

namespace hitl {

namespace {

constexpr std::string_view kExpectedLayout =
    "expected a Qualtrics CSV export with three header rows (column names, question texts, "
    "import ids), as Qualtrics writes it with 'Use choice text'";

// Q followed by digits: a question's main column.
bool is_question_column(std::string_view name) {
  if (name.size() < 2 || name.front() != 'Q') return false;
  for (std::size_t i = 1; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
  }
  return true;
}

// Q<digits>_..._TEXT: the free text typed next to a choice ("65 or older: exact age", "Other").
bool is_question_text_column(std::string_view name) {
  constexpr std::string_view kSuffix = "_TEXT";
  const auto underscore = name.find('_');
  if (underscore == std::string_view::npos || !is_question_column(name.substr(0, underscore))) {
    return false;
  }
  return name.size() >= underscore + kSuffix.size() &&
         name.substr(name.size() - kSuffix.size()) == kSuffix;
}

// Row 3 holds one small JSON object per column, e.g. {"ImportId":"QID4"}.
bool looks_like_import_id(std::string_view field) {
  field = trim(field);
  return field.size() >= 2 && field.front() == '{' && field.back() == '}' &&
         field.find("ImportId") != std::string_view::npos;
}

// Choice questions with a text entry option are exported as "<question> - Selected Choice"; the
// question is the part before.
std::string question_text(std::string_view exported) {
  constexpr std::string_view kSuffix = " - Selected Choice";
  if (exported.size() >= kSuffix.size() &&
      exported.substr(exported.size() - kSuffix.size()) == kSuffix) {
    exported.remove_suffix(kSuffix.size());
  }
  return std::string(exported);
}

std::string accepted_worker_columns() {
  const auto& names = qualtrics_worker_id_columns();
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

bool is_preview_status(std::string_view status) {
  status = trim(status);
  return status == "Survey Preview" || status == "1";
}

}  // namespace

const std::vector<std::string_view>& qualtrics_worker_id_columns() {
  static const std::vector<std::string_view> names = {"workerId", "WorkerId", "worker_id",
                                                      "MTurkWorkerID", "mturk_worker_id"};
  return names;
}

Result<SurveyExport> parse_qualtrics_csv(std::string_view text, const std::string& file,
                                         Warnings& warnings) {
  auto table = parse_csv(text, file);
  if (!table) return table.error();
  const auto& records = table->records;

  if (records.empty())
    return error_at(file, 1, 0, "", "the file is empty; " + std::string(kExpectedLayout));
  if (records.size() < 3) {
    return error_at(file, records.back().line, 0, "",
                    "the file ends after " + std::to_string(records.size()) + " row" +
                        (records.size() == 1 ? "" : "s") + "; " + std::string(kExpectedLayout));
  }

  const CsvHeader header(records[0]);
  const auto& names = header.names();
  const auto& texts_row = records[1];
  const auto& import_ids_row = records[2];

  const auto not_import_ids = [&](std::size_t column) {
    const std::string_view found = field_or_empty(import_ids_row, column);
    return error_at(file, import_ids_row.line, 0, column < names.size() ? names[column] : "",
                    "found " + hitl::quoted(found) +
                        " where an import id such as {\"ImportId\":\"QID4\"} was expected; " +
                        std::string(kExpectedLayout) +
                        ". Older exports with two header rows are not supported: export the "
                        "responses again from Qualtrics (Data & Analysis, Export Data, CSV)");
  };
  if (!looks_like_import_id(field_or_empty(import_ids_row, 0))) return not_import_ids(0);
  for (const CsvRecord* row : {&texts_row, &import_ids_row}) {
    if (row->fields.size() != names.size()) {
      return error_at(file, row->line, 0, "",
                      "header row has " + std::to_string(row->fields.size()) +
                          " fields; the column names (line " + std::to_string(records[0].line) +
                          ") have " + std::to_string(names.size()) + "; " +
                          std::string(kExpectedLayout));
    }
  }
  for (std::size_t column = 0; column < names.size(); ++column) {
    if (!looks_like_import_id(import_ids_row.fields[column])) return not_import_ids(column);
  }

  std::optional<std::size_t> worker_column;
  for (std::size_t column = 0; column < names.size() && !worker_column; ++column) {
    for (const auto accepted : qualtrics_worker_id_columns()) {
      if (iequals_ascii(names[column], accepted)) worker_column = column;
    }
  }
  if (!worker_column) {
    return error_at(file, records[0].line, 0, "",
                    "no worker ID column; expected one named " + accepted_worker_columns() +
                        " (the embedded data field of the survey flow that carries the MTurk "
                        "worker ID)");
  }

  SurveyExport survey;
  std::vector<std::size_t> answer_columns;
  std::set<std::string_view> seen_answer_names;
  for (std::size_t column = 0; column < names.size(); ++column) {
    const std::string& name = names[column];
    const bool is_question = is_question_column(name);
    if (!is_question && !is_question_text_column(name)) continue;
    if (!seen_answer_names.insert(name).second) {
      return error_at(file, records[0].line, 0, name,
                      "the column appears twice; expected each question column once");
    }
    answer_columns.push_back(column);
    if (is_question) survey.questions.push_back({name, question_text(texts_row.fields[column])});
  }
  if (survey.questions.empty()) {
    return error_at(file, records[0].line, 0, "",
                    "no question columns; expected columns named Q1, Q2, ... as Qualtrics "
                    "names the survey's questions");
  }

  const auto status_column = header.find("Status");
  const auto response_id_column = header.find("ResponseId");
  const std::string& worker_column_name = names[*worker_column];

  struct Kept {
    SurveyResponse response;
    int line = 0;
    bool superseded = false;
  };
  std::vector<Kept> kept;
  std::map<std::string, std::size_t, std::less<>> kept_by_worker;

  for (std::size_t r = 3; r < records.size(); ++r) {
    const CsvRecord& row = records[r];
    if (row.fields.size() != names.size()) {
      return error_at(file, row.line, 0, "",
                      "the row has " + std::to_string(row.fields.size()) +
                          " fields; the header (line " + std::to_string(records[0].line) +
                          ") has " + std::to_string(names.size()) +
                          "; expected one field per column");
    }
    const std::string_view response_id = field_or_empty(row, response_id_column);
    const std::string response_name =
        response_id.empty() ? "the response" : "response " + std::string(response_id);
    if (status_column && is_preview_status(row.fields[*status_column])) {
      warnings.push_back(warning_at(file, row.line, 0, "Status",
                                    response_name + " is a survey preview (Status " +
                                        hitl::quoted(row.fields[*status_column]) + "); skipped"));
      continue;
    }
    const std::string worker_id(trim(row.fields[*worker_column]));
    if (worker_id.empty()) {
      warnings.push_back(warning_at(file, row.line, 0, worker_column_name,
                                    response_name +
                                        " has no worker ID; skipped, since it cannot be joined "
                                        "to any labels"));
      continue;
    }
    if (!is_mturk_worker_id(worker_id)) {
      warnings.push_back(warning_at(
          file, row.line, 0, worker_column_name,
          hitl::quoted(worker_id) +
              " is not an MTurk worker ID (A followed by 11 to 20 capital letters and digits); "
              "kept as written, but it may match no labels"));
    }

    SurveyResponse response;
    response.worker_id = worker_id;
    response.response_id = std::string(response_id);
    response.answers.reserve(answer_columns.size());
    for (const auto column : answer_columns) {
      const std::string& value = row.fields[column];
      response.answers.emplace_back(
          names[column], value.empty() ? std::nullopt : std::optional<std::string>(value));
    }

    if (const auto earlier = kept_by_worker.find(worker_id); earlier != kept_by_worker.end()) {
      Kept& previous = kept[earlier->second];
      warnings.push_back(warning_at(file, row.line, 0, worker_column_name,
                                    "worker " + worker_id + " answered the survey twice (lines " +
                                        std::to_string(previous.line) + " and " +
                                        std::to_string(row.line) + "); the later response (line " +
                                        std::to_string(row.line) + ") is kept"));
      previous.superseded = true;
      earlier->second = kept.size();
    } else {
      kept_by_worker.emplace(worker_id, kept.size());
    }
    kept.push_back({std::move(response), row.line, false});
  }

  for (auto& k : kept) {
    if (!k.superseded) survey.responses.push_back(std::move(k.response));
  }
  return survey;
}

Result<SurveyExport> load_qualtrics_csv(const std::string& path, Warnings& warnings) {
  auto text = read_file(path, std::uint64_t{1} << 30);
  if (!text) return text.error();
  return parse_qualtrics_csv(*text, path, warnings);
}

}  // namespace hitl
