// The sample's simulated crowd and survey, written in the real raw formats: MTurk batch results
// CSVs (a base64 PNG mask per assignment, in the label colours) and a Qualtrics survey export.
// Pure CPU; deterministic for a seed (the random numbers are splitmix64, written out, so the same
// seed gives the same bytes with any standard library). Worker, HIT and assignment ids have
// MTurk's formats but are made up (never real ones).
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
  std::vector<PartOutline> parts;  // in category order; a part absent from the image is left out
};

// Traces the outline of every part (1..5) in a part image (see MouseFrame::parts), simplified to
// within about one pixel. The outline runs along pixel edges (vertices on pixel corners), so a
// pixel is inside it when its centre is. A part in several pieces keeps its largest (pieces
// touching at a corner are one piece); holes are filled.
FrameTruth trace_parts(int frame_number, const std::vector<std::uint8_t>& parts, int width_px,
                       int height_px);

struct SimulatedAssignment {
  int frame_number = 0;
  int batch = 1;
  std::string worker_id, assignment_id, hit_id;
  bool approved = false;
  std::string reject_reason;  // the requester's words, e.g. "Only 1 out 5 elements segmented"
  double work_time_s = 0;     // whole seconds, as MTurk counts them; under the 10-minute limit
  // As MTurk writes them ("Mon Mar 13 10:07:07 PDT 2023"): when the HIT was created and expires,
  // when the worker accepted and submitted, when the work would have been approved automatically,
  // and when the requester approved or rejected it.
  std::string creation_time, expiration_time;
  std::string accept_time, submit_time;
  std::string auto_approval_time, review_time;
  std::vector<PartOutline> drawn;  // what the worker drew, with the class they chose, in order
};

struct CrowdOptions {
  std::uint64_t seed = 1;
  int width_px = 2880, height_px = 1920;  // of the frames
  int threads = 0;  // mask encoding threads for write_mturk_batch_csv; 0 = one per core, at most 8
};

// Two batches like the thesis's: every frame in the first (about half the workers label only one
// part and are rejected, 154 of 296 in the thesis), the rejected frames re-issued to other workers
// in the second (125 of 154 rejected); noisy like people: wobbly outlines, few-vertex polygons,
// missed parts, wrong classes, some shapes far too big. A few workers take several frames.
// Returns batch 1 in frame order, then batch 2 in frame order.
std::vector<SimulatedAssignment> simulate_crowd(const std::vector<FrameTruth>& frames,
                                                const CrowdOptions& options);

// The columns of a batch results file of the segmentation task, in MTurk's export order.
std::vector<std::string> mturk_batch_columns();

// One batch's results CSV (pass the assignments of one batch), every column of a real export,
// quoted and CRLF-terminated as MTurk writes it: masks painted at the frame size in the label
// colours of mouse_categories() (later shapes over earlier ones) on a transparent background, as
// RGBA PNGs, base64-encoded. Reviewed work: AssignmentStatus Approved or Rejected, with an "x" in
// Approve or the reason in Reject (and RequesterFeedback). Fails only if a PNG cannot be encoded.
Result<std::string> write_mturk_batch_csv(const std::vector<SimulatedAssignment>& assignments,
                                          const CrowdOptions& options);

// The Qualtrics export (three header rows, a workerId embedded-data column, a byte order mark,
// CRLF lines) answered by these workers, in this order: choices of the real survey with its
// typos, free-text cities and costs, multi-select health answers joined with commas, some answers
// left empty. Deterministic for the seed and the list.
std::string write_qualtrics_csv(const std::vector<std::string>& worker_ids, std::uint64_t seed);

}  // namespace hitl
