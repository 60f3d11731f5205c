// The dataset: what happened. Frames of the rotating mouse, the crowd's submissions (one per
// MTurk assignment: who, which frame, approved or rejected and why, paid how much), the
// annotations each submission drew (class, box, mask) and each worker's survey answers.
//
// Loaded once by one of the loaders (MTurk + Qualtrics CSV, COCO JSON, the thesis's M8 folder),
// then immutable: everything downstream (scene, timeline, renderer) only reads it. No GL here.
//
// Coordinates: boxes and masks are in source-image pixels, origin at the top-left corner, x to
// the right, y down, the way COCO and the MTurk mask PNGs have them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

struct Rgb8 {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb8&, const Rgb8&) = default;
  std::string hex() const;                                 // "#1f77b4"
  static std::optional<Rgb8> parse_hex(std::string_view);  // "#1f77b4" or "1F77B4"
};

struct BoxPx {
  double x = 0, y = 0, width = 0, height = 0;  // source pixels, top-left origin
  friend bool operator==(const BoxPx&, const BoxPx&) = default;
};

// A binary mask as COCO's uncompressed run-length encoding: the pixels are taken in
// column-major order (down the first column, then the second, ...) and counts alternate runs of
// 0 and 1, starting with a run of 0 (which may be empty). The counts sum to width * height.
struct MaskRle {
  int width = 0, height = 0;
  std::vector<std::uint32_t> counts;

  std::uint64_t area() const;           // number of set pixels
  std::optional<BoxPx> bounds() const;  // tight box around the set pixels; nullopt when empty
  bool is_consistent() const;           // counts sum to width * height
  friend bool operator==(const MaskRle&, const MaskRle&) = default;
};

enum class AssignmentStatus { approved, rejected, pending };
std::string_view to_string(AssignmentStatus status);  // "approved", "rejected", "pending"
std::optional<AssignmentStatus> parse_assignment_status(std::string_view text);

// A class of part, e.g. {1, "Body", #1f77b4}. Ids are the COCO category ids.
struct Category {
  int id = 0;
  std::string name;
  Rgb8 color;
};

// The five parts the mouse task asked for, in the order hitl uses for class indices (YOLO's
// 0-based class numbers) and with the MTurk label colours from the thesis (figure 28).
const std::vector<Category>& mouse_categories();

// One source frame of the rotation: mouse_0001.jpeg is frame 1.
struct Frame {
  int number = 0;
  std::string file;  // relative to Dataset::frames_dir(); empty when the file was not found
  int width_px = 0, height_px = 0;
};

// One survey question as asked, e.g. {"Q1", "What's your age?"}.
struct SurveyQuestion {
  std::string id;
  std::string text;
};

// The survey's ten questions with their texts (thesis appendix 9.1), used when an input does
// not carry the texts itself (COCO files, the M8 folder).
const std::vector<SurveyQuestion>& default_survey_questions();

// One worker's answers, exactly as exported. Keys keep the export's order ("Q1", "Q1_7_TEXT",
// "Q2", ...); nullopt means not answered (an empty cell, or null in JSON).
struct SurveyResponse {
  std::string worker_id;
  std::string response_id;  // Qualtrics ResponseId when known
  std::vector<std::pair<std::string, std::optional<std::string>>> answers;

  // The answer to a question; nullptr when the question is not in this response at all.
  const std::optional<std::string>* find(std::string_view question_id) const;
};

// One shape one worker drew on one frame: a class, its box and (when known) its mask.
struct Annotation {
  int id = 0;          // unique within the dataset
  int submission = 0;  // index into Dataset::submissions()
  int category_id = 0;
  BoxPx bbox;
  std::optional<MaskRle> mask;
};

// One MTurk assignment: one worker's work on one frame.
struct Submission {
  std::string assignment_id;  // may be empty when the source does not carry it (COCO, M8)
  std::string hit_id;
  std::string worker_id;
  int frame_number = 0;
  AssignmentStatus status = AssignmentStatus::approved;
  std::string reject_reason;  // the requester's words; empty unless rejected
  double reward_usd = 0;      // what the task offered; paid only when approved
  std::optional<double> work_time_s;
  int batch = 1;                 // 1 for the first batch, 2 for the re-issued one, ...
  std::string source;            // where it was read, e.g. "batch1.csv:14"
  std::vector<int> annotations;  // indices into Dataset::annotations()
};

// Everything a loader gathers, before it is checked and frozen into a Dataset.
struct DatasetParts {
  std::string frames_dir;  // folder of the frame images; empty when unknown
  std::vector<Frame> frames;
  std::vector<Category> categories;
  std::vector<SurveyQuestion> questions;
  std::vector<SurveyResponse> survey;
  std::vector<Submission> submissions;
  std::vector<Annotation> annotations;
};

class Dataset {
 public:
  // Checks the cross-references (annotation -> submission and category, unique ids, unique
  // survey worker ids, frames sorted and unique, masks consistent) and builds the look-ups.
  // An inconsistency is a loader's mistake, reported as an error naming `origin`.
  static Result<Dataset> create(DatasetParts parts, std::string origin);

  Dataset() = default;

  // The same dataset with its frames folder named differently (e.g. relative to the folder a
  // dataset file is written to, or resolved against it after reading).
  Dataset with_frames_dir(std::string frames_dir) const;

  const std::string& frames_dir() const { return parts_.frames_dir; }
  const std::vector<Frame>& frames() const { return parts_.frames; }
  const std::vector<Category>& categories() const { return parts_.categories; }
  const std::vector<SurveyQuestion>& questions() const { return parts_.questions; }
  const std::vector<SurveyResponse>& survey() const { return parts_.survey; }
  const std::vector<Submission>& submissions() const { return parts_.submissions; }
  const std::vector<Annotation>& annotations() const { return parts_.annotations; }

  const Category* category(int id) const;
  const Frame* frame(int number) const;
  const SurveyResponse* survey_of(std::string_view worker_id) const;
  std::span<const int> submissions_of_frame(int frame_number) const;  // indices, in load order

  // Every worker id seen, in submissions or in the survey, sorted.
  std::vector<std::string> worker_ids() const;

 private:
  DatasetParts parts_;
  std::map<std::string, int, std::less<>> survey_by_worker_;
  std::map<int, std::vector<int>> submissions_by_frame_;
};

// Worker IDs on MTurk: "A" followed by 11 to 20 upper-case letters and digits.
bool is_mturk_worker_id(std::string_view text);

// The frame number in a file name: "mouse_0001.jpeg", "mouse_0001_out.jpeg" and
// "mouse_0001_A2YFFC90MO0MW8.png" give 1. Looks at the file name only (not the folders) and takes
// the first run of digits that follows "_" or starts the name. nullopt when there is none.
std::optional<int> frame_number_from_name(std::string_view path_or_url);

// The worker id in a per-worker file name ("mouse_0001_A2YFFC90MO0MW8.png"), when there is one.
std::optional<std::string> worker_id_from_name(std::string_view path_or_url);

}  // namespace hitl
