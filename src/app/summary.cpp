// Counting a dataset for the reports.
#include "app/summary.hpp"

#include <cstdio>
#include <set>

namespace hitl::app {

DatasetCounts count(const Dataset& dataset) {
  DatasetCounts c;
  c.frames = static_cast<int>(dataset.frames().size());
  if (!dataset.frames().empty()) {
    c.first_frame = dataset.frames().front().number;
    c.last_frame = dataset.frames().back().number;
  }
  std::set<int> batches;
  for (const auto& s : dataset.submissions()) {
    ++c.submissions;
    batches.insert(s.batch);
    switch (s.status) {
      case AssignmentStatus::approved:
        ++c.approved;
        c.paid_usd += s.reward_usd;
        break;
      case AssignmentStatus::rejected:
        ++c.rejected;
        c.withheld_usd += s.reward_usd;
        break;
      case AssignmentStatus::pending:
        ++c.pending;
        break;
    }
  }
  c.batches = static_cast<int>(batches.size());
  const auto workers = dataset.worker_ids();
  c.workers = static_cast<int>(workers.size());
  for (const auto& w : workers) c.workers_with_survey += dataset.survey_of(w) != nullptr;
  for (const auto& a : dataset.annotations()) {
    ++c.annotations;
    c.masks += a.mask.has_value();
    const Category* category = dataset.category(a.category_id);
    ++c.annotations_by_class[category ? category->name : std::to_string(a.category_id)];
  }
  c.survey_responses = static_cast<int>(dataset.survey().size());
  c.questions = static_cast<int>(dataset.questions().size());
  return c;
}

std::string describe(const DatasetCounts& c) {
  char line[256];
  std::string out;
  if (c.frames > 0) {
    std::snprintf(line, sizeof line, "  frames       %d (numbered %d-%d)\n", c.frames,
                  c.first_frame, c.last_frame);
  } else {
    std::snprintf(line, sizeof line, "  frames       none known\n");
  }
  out += line;
  std::snprintf(line, sizeof line,
                "  submissions  %d in %d batch(es): %d approved, %d rejected, %d pending\n",
                c.submissions, c.batches, c.approved, c.rejected, c.pending);
  out += line;
  std::snprintf(line, sizeof line, "  pay          $%.2f paid, $%.2f withheld from rejected work\n",
                c.paid_usd, c.withheld_usd);
  out += line;
  std::snprintf(line, sizeof line, "  workers      %d, %d of them with survey answers\n", c.workers,
                c.workers_with_survey);
  out += line;
  std::snprintf(line, sizeof line, "  annotations  %d, %d with masks", c.annotations, c.masks);
  out += line;
  if (!c.annotations_by_class.empty()) {
    out += ":";
    bool first = true;
    for (const auto& [name, n] : c.annotations_by_class) {
      out += (first ? " " : ", ") + name + " " + std::to_string(n);
      first = false;
    }
  }
  out += "\n";
  std::snprintf(line, sizeof line, "  survey       %d response(s) to %d question(s)\n",
                c.survey_responses, c.questions);
  out += line;
  return out;
}

nlohmann::json to_json(const DatasetCounts& c) {
  return {{"frames", c.frames},
          {"first_frame", c.first_frame},
          {"last_frame", c.last_frame},
          {"submissions", c.submissions},
          {"approved", c.approved},
          {"rejected", c.rejected},
          {"pending", c.pending},
          {"batches", c.batches},
          {"paid_usd", c.paid_usd},
          {"withheld_usd", c.withheld_usd},
          {"workers", c.workers},
          {"workers_with_survey", c.workers_with_survey},
          {"annotations", c.annotations},
          {"masks", c.masks},
          {"annotations_by_class", c.annotations_by_class},
          {"survey_responses", c.survey_responses},
          {"questions", c.questions}};
}

nlohmann::json to_json(const Diagnostic& d) {
  return {{"severity", d.severity == Severity::error ? "error" : "warning"},
          {"file", d.file},
          {"line", d.line},
          {"column", d.column},
          {"field", d.field},
          {"message", d.message},
          {"text", d.to_string()}};
}

}  // namespace hitl::app
