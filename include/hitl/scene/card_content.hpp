// What a worker's card says, as text: who (the worker id, or its pseudonym), what happened to the
// work (approved and paid, or rejected with the reason and the pay withheld), and the worker's own
// survey answers under short labels. Pure: the renderer measures and sets this text.
//
// Nothing is made up: every word comes from the dataset, except the fixed labels and the marks
// for what is missing ("no answer" for an empty, blank or null answer, "no survey" when the
// worker has no survey response at all, "unknown worker" as the title when the source named no
// worker).
#pragma once

#include <string>
#include <vector>

#include "hitl/data/dataset.hpp"
#include "hitl/scene/scene.hpp"

namespace hitl {

struct CardLine {
  std::string label;     // "City"
  std::string text;      // the answer as exported, or the missing mark
  bool missing = false;  // text is a mark for a missing answer, not the worker's words
  friend bool operator==(const CardLine&, const CardLine&) = default;
};

struct CardContent {
  int submission = 0;  // index into Dataset::submissions()
  std::string title;   // the displayed worker id
  bool rejected = false;
  // "Approved · paid $0.15" / "Rejected · $0.15 withheld" / "Pending · $0.15"
  std::string status;
  std::string reason;             // the requester's words when rejected; else empty
  std::vector<CardLine> answers;  // one per scene.style.answers entry, in that order
  friend bool operator==(const CardContent&, const CardContent&) = default;
};

// A multi-select or "other" answer keeps the export's text; a question whose "_TEXT" companion
// (e.g. "Q4_7_TEXT") holds words shows them after the choice ("Other: Lagos").
CardContent make_card_content(const Dataset& dataset, const Scene& scene, int submission);

// A dollar amount as cards and the HUD print it: "$0.15", "$44.40", "$1,234.50"; amounts that
// are not whole cents keep their digits ("$0.125").
std::string format_usd(double amount_usd);

}  // namespace hitl
