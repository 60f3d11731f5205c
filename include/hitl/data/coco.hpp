// The traceable dataset as COCO JSON: reading the thesis's files (COCO with worker attributes,
// thesis section 5.7) and any COCO detection/segmentation file, and writing hitl's own
// dataset.json, which is COCO that pycocotools reads plus a top-level "hitl" object holding what
// COCO has no place for (assignment status, rejection reasons, rewards, survey texts, frames).
// docs/dataset-format.md describes the format with an example.
//
// Reading maps each COCO image to one Submission (one worker's work on one frame) and each
// annotation to an Annotation of it. The worker comes from the image's file name
// (mouse_0001_A2YFFC90MO0MW8.png), else from its annotations' attributes.worker_id; the survey
// from the annotations' attributes.form_responses. Submissions are approved unless the file says
// otherwise: a COCO dataset is what its makers kept, and the thesis's dataset holds only the
// accepted labels. Rewards are 0 unless the "hitl" object gives them.
//
// Errors name the file, the line and column and the JSON path (annotations[3].bbox), and say
// what was expected. Syntax errors (the thesis's printed extracts have a trailing comma) are
// reported at the offending character and never guessed around.
#pragma once

#include <string>
#include <string_view>

#include "hitl/base/diagnostic.hpp"
#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

// The version of the "hitl" object this code writes and the newest it reads.
inline constexpr int dataset_format_version = 1;

// Parses COCO JSON text. `file` is only used in messages. Warnings (a worker named differently
// by an image's file name and its annotations, conflicting survey answers, ...) go to `warnings`.
Result<DatasetParts> parse_coco_json(std::string_view text, const std::string& file,
                                     Warnings& warnings);

// Reads and parses a COCO JSON file; refuses files over 1 GiB.
Result<DatasetParts> load_coco_json(const std::string& path, Warnings& warnings);

// hitl's dataset.json for a dataset: deterministic (the same dataset gives the same bytes),
// indented, UTF-8, ending with a line break. parse_coco_json reads it back to equal parts.
std::string write_dataset_json(const Dataset& dataset);

}  // namespace hitl
