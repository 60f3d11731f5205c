// Importing raw exports: one or more MTurk batch results CSVs (the labels), a Qualtrics CSV
// (the survey) and the frames folder, joined by worker ID into one Dataset.
#pragma once

#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

struct RawExports {
  std::vector<std::string> mturk_csvs;  // batch 1, batch 2, ... in this order
  std::string survey_csv;               // empty: no survey
  std::string frames_dir;               // empty: frames unknown
  int threads = 0;                      // mask decoding threads; 0 = one per core
};

// Who could not be joined: reported, never fatal.
struct JoinReport {
  std::vector<std::string> workers_without_survey;  // labelled, but no survey response
  std::vector<std::string> survey_without_labels;   // answered the survey, but labelled nothing
};

JoinReport join_report(const Dataset& dataset);

// Reads, checks and joins the exports. Errors name the file, line and column or field. Warnings
// (missing frames, unjoinable workers, odd rows) go to `warnings`.
Result<Dataset> import_raw_exports(const RawExports& exports, Warnings& warnings);

// Dataset::frames_dir for a dataset file written into `out_dir`: the frames folder relative to
// out_dir when it can be, so that the folder pair can be moved together.
std::string frames_dir_relative_to(const std::string& frames_dir, const std::string& out_dir);

}  // namespace hitl
