// A complete set of small raw exports on disk, as a user would have them after a labelling job:
// two MTurk batches (the second re-issuing rejected frames), a Qualtrics survey export and a
// frames folder. Used by the import, load and command tests.
#pragma once

#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace hitl::test {

struct RawExportsOnDisk {
  std::string batch1, batch2, survey, frames;  // paths
  std::vector<std::string> workers;            // the workers of batch 1, then batch 2
};

// Writes into dir: batch1.csv (frames 1-4: frames 1 and 3 approved with five parts, frames 2 and
// 4 rejected with one part), batch2.csv (frames 2 and 4 again: 2 approved, 4 rejected), survey.csv
// (every worker but the last of batch 2, plus one worker who labelled nothing), frames/ with
// frames 1-4 as 288x192 JPEGs.
RawExportsOnDisk write_raw_exports(const TempDir& dir);

// A Qualtrics export (three header rows) with one row per worker, answering Q1..Q10.
std::string make_survey_csv(const std::vector<std::string>& workers);

}  // namespace hitl::test
