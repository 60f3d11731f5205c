// The survey as Qualtrics exports it: a CSV with three header rows (column names, question
// texts, import ids as JSON) and one row per response. Export with "Use choice text" so that
// answers read as the worker saw them.
//
// The MTurk worker ID travels as an embedded-data column (workerId): it is the join key between
// the survey and the labelling results. Answers are kept exactly as exported, typos and all
// ("More tha 30 minutes"): the overlay shows what workers wrote, not a cleaned-up version.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

struct SurveyExport {
  std::vector<SurveyQuestion> questions;  // every Q<n> column, in export order
  std::vector<SurveyResponse> responses;  // one per worker, in export order
};

// The worker ID column's accepted names, compared ignoring case.
const std::vector<std::string_view>& qualtrics_worker_id_columns();

// Parses an export. Refuses (naming the line): a file without the three header rows, a
// missing worker ID column, a row whose field count differs from the header's. Warns and goes
// on: preview rows and rows without a worker ID are skipped; worker IDs not in MTurk's format
// are kept; a worker who answered twice keeps the later response. `file` names the text in
// messages.
Result<SurveyExport> parse_qualtrics_csv(std::string_view text, const std::string& file,
                                         Warnings& warnings);

// Reads and parses an export file.
Result<SurveyExport> load_qualtrics_csv(const std::string& path, Warnings& warnings);

}  // namespace hitl
