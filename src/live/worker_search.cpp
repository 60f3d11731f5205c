// Worker search for the presenter: see worker_search.hpp.
#include "hitl/live/worker_search.hpp"

#include <algorithm>

#include "hitl/base/text.hpp"
#include "hitl/scene/card_content.hpp"

namespace hitl {

namespace {

bool contains_ignoring_case(std::string_view text, std::string_view lower_query) {
  return to_lower_ascii(text).find(lower_query) != std::string::npos;
}

// The card's answer under `label` ("City"), empty when the card has none or it is missing.
std::string answer_labelled(const CardContent& card, std::string_view label) {
  for (const CardLine& line : card.answers) {
    if (iequals_ascii(line.label, label) && !line.missing) return line.text;
  }
  return {};
}

bool answers_match(const CardContent& card, std::string_view lower_query) {
  return std::any_of(card.answers.begin(), card.answers.end(), [&](const CardLine& line) {
    return !line.missing && contains_ignoring_case(line.text, lower_query);
  });
}

}  // namespace

std::string WorkerMatch::summary() const {
  std::string text = worker + " \xC2\xB7 frame " + std::to_string(frame_number) + " \xC2\xB7 " +
                     std::string(to_string(status));
  if (!city.empty()) text += " \xC2\xB7 " + city;
  return text;
}

std::vector<WorkerMatch> find_workers(const Dataset& dataset, const Scene& scene,
                                      std::span<const int> loop_frames, std::string_view query) {
  const std::string lower_query = to_lower_ascii(trim(query));
  const std::optional<AssignmentStatus> status_query = parse_assignment_status(lower_query);
  std::vector<WorkerMatch> matches;
  for (const int frame_number : loop_frames) {
    for (const int index : dataset.submissions_of_frame(frame_number)) {
      const Submission& submission = dataset.submissions()[static_cast<std::size_t>(index)];
      // What the card shows is what is searched: the shown ID and the answers as printed.
      const CardContent card = make_card_content(dataset, scene, index);
      const bool matched =
          lower_query.empty() || (status_query ? submission.status == *status_query
                                               : contains_ignoring_case(card.title, lower_query) ||
                                                     answers_match(card, lower_query));
      if (!matched) continue;
      matches.push_back(
          {index, frame_number, card.title, submission.status, answer_labelled(card, "City")});
    }
  }
  return matches;
}

}  // namespace hitl
