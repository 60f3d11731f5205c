// The sample's simulated crowd and survey, written in the real raw formats: MTurk batch results
// CSVs (a base64 PNG mask per assignment, in the label colours) and a Qualtrics survey export.
// Pure CPU; deterministic for a seed. Worker, HIT and assignment ids have MTurk's formats but are
// made up (never real ones).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

// One part's outline in source pixels (x right, y down), as a worker or the ground truth drew it.
struct PartOutline {
  int category_id = 0;  // mouse_categories() id: 1 Body ... 5 Cable
  std::vector<std::pair<double, double>> points;
};

// The ground truth of one frame: each part's outline, traced from a MouseFrame's part image.
struct FrameTruth {
  int frame_number = 0;
  std::vector<PartOutline> parts;
};

// Traces the outline of every part (1..5) in a part image (see MouseFrame::parts), simplified to
// within about one pixel. A part in several pieces keeps its largest.
FrameTruth trace_parts(int frame_number, const std::vector<std::uint8_t>& parts, int width_px,
                       int height_px);

struct SimulatedAssignment {
  int frame_number = 0;
  int batch = 1;
  std::string worker_id, assignment_id, hit_id;
  bool approved = false;
  std::string reject_reason;  // the requester's words, e.g. "Only 1 out 5 elements segmented"
  double work_time_s = 0;     // under the 10-minute limit
  std::string accept_time, submit_time;  // as MTurk writes them
  std::vector<PartOutline> drawn;         // what the worker drew, with the class they chose
};

struct CrowdOptions {
  std::uint64_t seed = 1;
  int width_px = 2880, height_px = 1920;  // of the frames
};

// Two batches like the thesis's: every frame in the first (about half the workers label only one
// part and are rejected, 154 of 296 in the thesis), the rejected frames re-issued in the second
// (125 of 154 rejected); noisy like people: wobbly outlines, missed parts, wrong classes, some
// boxes far too big.
std::vector<SimulatedAssignment> simulate_crowd(const std::vector<FrameTruth>& frames,
                                                const CrowdOptions& options);

// One batch's results CSV, every column of a real export, masks painted and base64-encoded.
Result<std::string> write_mturk_batch_csv(const std::vector<SimulatedAssignment>& assignments,
                                          const CrowdOptions& options);

// The Qualtrics export (three header rows, a workerId column) answered by these workers: choices
// of the real survey with its typos, free-text cities and costs, some answers left empty.
std::string write_qualtrics_csv(const std::vector<std::string>& worker_ids, std::uint64_t seed);

}  // namespace hitl
