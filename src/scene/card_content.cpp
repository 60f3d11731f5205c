// A worker's card as text: the displayed id, what happened to the work and its pay, and the
// survey answers chosen by the scene, verbatim, with marks only where an answer is missing.
#include "hitl/scene/card_content.hpp"

#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "hitl/base/text.hpp"

namespace hitl {

namespace {

constexpr char no_answer_mark[] = "no answer";
constexpr char no_survey_mark[] = "no survey";
constexpr char unknown_worker_mark[] = "unknown worker";
constexpr char separator[] = " \u00b7 ";  // the middle dot between the parts of a status line

bool has_words(const std::optional<std::string>& answer) {
  return answer && !trim(*answer).empty();
}

// Qualtrics writes the words typed into an "Other" box as a column of their own: for question
// "Q4" one such as "Q4_7_TEXT" (7: the choice that has the box).
bool is_text_companion(std::string_view key, std::string_view question_id) {
  constexpr std::string_view suffix = "_TEXT";
  return key.size() >= question_id.size() + suffix.size() && key.starts_with(question_id) &&
         key[question_id.size()] == '_' && key.ends_with(suffix);
}

CardLine answer_line(const SurveyResponse* response, const CardAnswer& wanted) {
  CardLine line;
  line.label = wanted.label;
  if (!response) {
    line.text = no_survey_mark;
    line.missing = true;
    return line;
  }
  if (const auto* answer = response->find(wanted.question_id); answer && has_words(*answer)) {
    line.text = **answer;
  }
  bool first_companion = true;
  for (const auto& [key, text] : response->answers) {
    if (!is_text_companion(key, wanted.question_id) || !has_words(text)) continue;
    if (!line.text.empty()) line.text += first_companion ? ": " : "; ";
    line.text += *text;
    first_companion = false;
  }
  if (line.text.empty()) {
    line.text = no_answer_mark;
    line.missing = true;
  }
  return line;
}

}  // namespace

std::string format_usd(double amount_usd) {
  if (!std::isfinite(amount_usd) || std::fabs(amount_usd) >= 1e12) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "$%.2f", amount_usd);
    return buffer;
  }
  const bool negative = amount_usd < 0;
  // In ten-thousandths of a dollar: MTurk pays whole cents, but a total of odd bonuses may not.
  const auto units = static_cast<std::int64_t>(std::llround(std::fabs(amount_usd) * 10'000));
  std::string digits = std::to_string(units / 10'000);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, "%04d", static_cast<int>(units % 10'000));
  std::string decimals = fraction;
  while (decimals.size() > 2 && decimals.back() == '0') decimals.pop_back();
  return (negative && units != 0 ? "-$" : "$") + digits + "." + decimals;
}

CardContent make_card_content(const Dataset& dataset, const Scene& scene, int submission) {
  assert(submission >= 0 && static_cast<std::size_t>(submission) < dataset.submissions().size() &&
         "make_card_content: the submission index is not one of the dataset's");
  const Submission& work = dataset.submissions()[static_cast<std::size_t>(submission)];

  CardContent card;
  card.submission = submission;
  card.title =
      work.worker_id.empty() ? unknown_worker_mark : displayed_worker_id(scene, work.worker_id);
  const std::string reward = format_usd(work.reward_usd);
  switch (work.status) {
    case AssignmentStatus::approved:
      card.status = std::string("Approved") + separator + "paid " + reward;
      break;
    case AssignmentStatus::rejected:
      card.rejected = true;
      card.status = std::string("Rejected") + separator + reward + " withheld";
      card.reason = work.reject_reason;
      break;
    case AssignmentStatus::pending:
      card.status = std::string("Pending") + separator + reward;
      break;
  }

  const SurveyResponse* response =
      work.worker_id.empty() ? nullptr : dataset.survey_of(work.worker_id);
  for (const CardAnswer& wanted : scene.style.answers) {
    card.answers.push_back(answer_line(response, wanted));
  }
  return card;
}

}  // namespace hitl
