// Opening whatever the user points hitl at: a dataset file or folder (hitl's dataset.json or any
// COCO file with worker attributes), the thesis's M8 folder, a folder of raw exports, one raw
// export (MTurk batch CSV or Qualtrics CSV), or a frames folder. The kind is told from the
// content, not from the name alone.
#pragma once

#include <string>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

enum class InputKind {
  dataset_json,   // COCO JSON (hitl's own dataset.json or the thesis's traceable dataset)
  m8_folder,      // mouse_video_frames/ + labels/ (YOLO) + metadata.json
  raw_exports,    // a folder holding MTurk batch CSV(s), a Qualtrics CSV and frames
  mturk_csv,      // one MTurk batch results CSV
  survey_csv,     // one Qualtrics survey export
  frames_folder,  // numbered frame images only
};
std::string_view to_string(InputKind kind);

struct LoadedInput {
  InputKind kind = InputKind::dataset_json;
  std::string path;
  Dataset dataset;  // what could be read; for a lone survey CSV, only the survey
};

// Opens `path` as whichever kind it is. Relative frames folders in a dataset file are resolved
// against the file's folder; frames named in a dataset but missing on disk are warnings.
Result<LoadedInput> load_input(const std::string& path, Warnings& warnings);

}  // namespace hitl
