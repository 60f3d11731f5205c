// What a dataset holds, counted: shared by the import and validate reports.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "hitl/data/dataset.hpp"

namespace hitl::app {

struct DatasetCounts {
  int frames = 0, first_frame = 0, last_frame = 0;
  int submissions = 0, approved = 0, rejected = 0, pending = 0, batches = 0;
  int workers = 0, workers_with_survey = 0;
  int annotations = 0, masks = 0;
  std::map<std::string, int> annotations_by_class;  // by category name
  int survey_responses = 0, questions = 0;
  double paid_usd = 0, withheld_usd = 0;  // rewards of approved / rejected work
};

DatasetCounts count(const Dataset& dataset);
std::string describe(const DatasetCounts& counts);  // a few indented lines, for people
nlohmann::json to_json(const DatasetCounts& counts);
nlohmann::json to_json(const Diagnostic& diagnostic);

}  // namespace hitl::app
