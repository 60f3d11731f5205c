// Joining the raw exports: labels (MTurk batches) + survey (Qualtrics) + frames, by worker ID.
#include "hitl/data/import.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "hitl/data/frames_folder.hpp"
#include "hitl/data/mturk.hpp"
#include "hitl/data/qualtrics.hpp"

namespace fs = std::filesystem;

namespace hitl {

JoinReport join_report(const Dataset& dataset) {
  std::set<std::string> labelled;
  for (const auto& s : dataset.submissions()) labelled.insert(s.worker_id);
  std::set<std::string> answered;
  for (const auto& r : dataset.survey()) answered.insert(r.worker_id);

  JoinReport report;
  std::set_difference(labelled.begin(), labelled.end(), answered.begin(), answered.end(),
                      std::back_inserter(report.workers_without_survey));
  std::set_difference(answered.begin(), answered.end(), labelled.begin(), labelled.end(),
                      std::back_inserter(report.survey_without_labels));
  return report;
}

namespace {

// Adds a batch's categories to the dataset's, by name. Returns the batch id -> dataset id map.
// The same name in two batches is one category; the first batch's colour wins.
std::map<int, int> merge_categories(std::vector<Category>& into,
                                    const std::vector<Category>& from) {
  std::map<int, int> ids;
  for (const auto& c : from) {
    const auto same =
        std::find_if(into.begin(), into.end(), [&](const Category& x) { return x.name == c.name; });
    if (same != into.end()) {
      ids[c.id] = same->id;
      continue;
    }
    int id = c.id;
    const auto taken = [&](int candidate) {
      return std::any_of(into.begin(), into.end(),
                         [&](const Category& x) { return x.id == candidate; });
    };
    while (taken(id)) ++id;
    into.push_back(Category{id, c.name, c.color});
    ids[c.id] = id;
  }
  return ids;
}

}  // namespace

Result<Dataset> import_raw_exports(const RawExports& exports, Warnings& warnings) {
  DatasetParts parts;
  if (exports.mturk_csvs.empty()) {
    return error_at("", 0, 0, "", "no MTurk batch results CSV given; expected at least one");
  }

  for (std::size_t b = 0; b < exports.mturk_csvs.size(); ++b) {
    MturkOptions options;
    options.batch = static_cast<int>(b) + 1;
    options.threads = exports.threads;
    auto batch = load_mturk_csv(exports.mturk_csvs[b], options, warnings);
    if (!batch) return batch.error();

    const auto category_ids = merge_categories(parts.categories, batch->categories);
    const int submission_base = static_cast<int>(parts.submissions.size());
    const int annotation_base = static_cast<int>(parts.annotations.size());
    for (auto& s : batch->submissions) {
      for (auto& a : s.annotations) a += annotation_base;
      parts.submissions.push_back(std::move(s));
    }
    for (auto& a : batch->annotations) {
      a.submission += submission_base;
      a.id = static_cast<int>(parts.annotations.size()) + 1;
      a.category_id = category_ids.at(a.category_id);
      parts.annotations.push_back(std::move(a));
    }
  }
  std::sort(parts.categories.begin(), parts.categories.end(),
            [](const Category& a, const Category& b) { return a.id < b.id; });

  // One assignment can only be in one batch file.
  std::map<std::string, const Submission*> by_assignment;
  for (const auto& s : parts.submissions) {
    if (s.assignment_id.empty()) continue;
    const auto [it, inserted] = by_assignment.emplace(s.assignment_id, &s);
    if (!inserted) {
      return error_at(s.source, 0, 0, "AssignmentId",
                      "assignment " + s.assignment_id + " was already read at " +
                          it->second->source + "; expected each assignment once");
    }
  }

  if (!exports.survey_csv.empty()) {
    auto survey = load_qualtrics_csv(exports.survey_csv, warnings);
    if (!survey) return survey.error();
    parts.questions = std::move(survey->questions);
    parts.survey = std::move(survey->responses);
  } else {
    parts.questions = default_survey_questions();
  }

  if (!exports.frames_dir.empty()) {
    auto folder = scan_frames_folder(exports.frames_dir, warnings);
    if (!folder) return folder.error();
    parts.frames_dir = folder->dir;
    parts.frames = std::move(folder->frames);

    std::set<int> known;
    for (const auto& f : parts.frames) known.insert(f.number);
    std::set<int> missing;
    for (const auto& s : parts.submissions) {
      if (!known.count(s.frame_number)) missing.insert(s.frame_number);
    }
    if (!missing.empty()) {
      warnings.push_back(
          warning_at(exports.frames_dir, 0, 0, "",
                     "has no image for " + std::to_string(missing.size()) + " labelled frame(s): " +
                         describe_number_ranges(std::vector<int>(missing.begin(), missing.end()))));
    }
  }

  auto dataset = Dataset::create(std::move(parts), "import");
  if (!dataset) return dataset.error();

  const JoinReport report = join_report(*dataset);
  const auto list = [](const std::vector<std::string>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < 10; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > 10) out += ", and " + std::to_string(ids.size() - 10) + " more";
    return out;
  };
  if (!exports.survey_csv.empty() && !report.workers_without_survey.empty()) {
    warnings.push_back(warning_at(exports.survey_csv, 0, 0, "",
                                  std::to_string(report.workers_without_survey.size()) +
                                      " worker(s) labelled frames but have no survey response: " +
                                      list(report.workers_without_survey)));
  }
  if (!report.survey_without_labels.empty()) {
    warnings.push_back(warning_at(exports.survey_csv, 0, 0, "",
                                  std::to_string(report.survey_without_labels.size()) +
                                      " worker(s) answered the survey but labelled nothing: " +
                                      list(report.survey_without_labels)));
  }
  return dataset;
}

std::string frames_dir_relative_to(const std::string& frames_dir, const std::string& out_dir) {
  if (frames_dir.empty()) return frames_dir;
  std::error_code ec;
  const fs::path frames = fs::weakly_canonical(fs::absolute(frames_dir), ec);
  if (ec) return frames_dir;
  const fs::path out = fs::weakly_canonical(fs::absolute(out_dir), ec);
  if (ec) return frames.string();
  const fs::path relative = frames.lexically_relative(out);
  return relative.empty() ? frames.string() : relative.generic_string();
}

}  // namespace hitl
