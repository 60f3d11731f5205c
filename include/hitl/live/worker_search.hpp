// Finding a worker's contributions for the presenter, by what their card shows: (a part of) the
// worker ID as the scene shows it (a pseudonym when privacy.pseudonymise is on: the real ID is
// never matched then), an answer on the card (a city, an age), or a status ("rejected",
// "approved", "pending").
// Pure: no GL, no window.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/data/dataset.hpp"
#include "hitl/scene/scene.hpp"

namespace hitl {

struct WorkerMatch {
  int submission = 0;  // index into Dataset::submissions()
  int frame_number = 0;
  std::string worker;  // as the scene shows it
  AssignmentStatus status = AssignmentStatus::approved;
  std::string city;  // the card's "City" answer ("Other: Lagos"), empty when there is none
  // "W-7F3A91 · frame 121 · rejected · Lagos", for a list.
  std::string summary() const;
};

// The submissions on frames of `loop_frames` that match `query` (case-insensitive; an empty
// query matches every one), in frame order. A query equal to a status name
// matches that status; otherwise it is looked for in the shown worker ID and in the answers the
// scene's cards show.
std::vector<WorkerMatch> find_workers(const Dataset& dataset, const Scene& scene,
                                      std::span<const int> loop_frames, std::string_view query);

}  // namespace hitl
