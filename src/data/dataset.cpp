// The dataset model: checks that freeze loaded parts into an immutable Dataset, and the small
// facts about the mouse task (its classes and colours, its survey) that several loaders share.
#include "hitl/data/dataset.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>

#include "hitl/base/text.hpp"

namespace hitl {

std::string Rgb8::hex() const {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", r, g, b);
  return buffer;
}

std::optional<Rgb8> Rgb8::parse_hex(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '#') text.remove_prefix(1);
  if (text.size() != 6) return std::nullopt;
  std::uint8_t channels[3] = {};
  for (int i = 0; i < 3; ++i) {
    int value = 0;
    for (int k = 0; k < 2; ++k) {
      const char c = text[static_cast<std::size_t>(i * 2 + k)];
      int digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return std::nullopt;
      }
      value = value * 16 + digit;
    }
    channels[i] = static_cast<std::uint8_t>(value);
  }
  return Rgb8{channels[0], channels[1], channels[2]};
}

std::uint64_t MaskRle::area() const {
  std::uint64_t set = 0;
  for (std::size_t i = 1; i < counts.size(); i += 2) set += counts[i];
  return set;
}

bool MaskRle::is_consistent() const {
  if (width < 0 || height < 0) return false;
  std::uint64_t total = 0;
  for (const auto c : counts) total += c;
  return total == static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
}

std::optional<BoxPx> MaskRle::bounds() const {
  if (height <= 0 || width <= 0) return std::nullopt;
  const std::uint64_t h = static_cast<std::uint64_t>(height);
  std::uint64_t x0 = std::numeric_limits<std::uint64_t>::max(), y0 = x0, x1 = 0, y1 = 0;
  bool any = false;
  std::uint64_t position = 0;  // column-major pixel index
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const std::uint64_t run = counts[i];
    if (i % 2 == 1 && run > 0) {
      any = true;
      const std::uint64_t first = position, last = position + run - 1;
      const std::uint64_t first_x = first / h, last_x = last / h;
      x0 = std::min(x0, first_x);
      x1 = std::max(x1, last_x);
      if (first_x == last_x) {
        y0 = std::min(y0, first % h);
        y1 = std::max(y1, last % h);
      } else {  // the run crosses a column boundary, so it reaches both the bottom and the top
        y0 = 0;
        y1 = h - 1;
      }
    }
    position += run;
  }
  if (!any) return std::nullopt;
  return BoxPx{static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(x1 - x0 + 1),
               static_cast<double>(y1 - y0 + 1)};
}

std::string_view to_string(AssignmentStatus status) {
  switch (status) {
    case AssignmentStatus::approved:
      return "approved";
    case AssignmentStatus::rejected:
      return "rejected";
    case AssignmentStatus::pending:
      return "pending";
  }
  return "pending";
}

std::optional<AssignmentStatus> parse_assignment_status(std::string_view text) {
  const std::string lower = to_lower_ascii(trim(text));
  if (lower == "approved") return AssignmentStatus::approved;
  if (lower == "rejected") return AssignmentStatus::rejected;
  if (lower == "pending" || lower == "submitted") return AssignmentStatus::pending;
  return std::nullopt;
}

const std::vector<Category>& mouse_categories() {
  static const std::vector<Category> categories = {
      {1, "Body", {0x1f, 0x77, 0xb4}},         {2, "Left_Button", {0xd6, 0x27, 0x28}},
      {3, "Right_Button", {0x94, 0x67, 0xbd}}, {4, "Scroll_Wheel", {0xff, 0x7f, 0x0e}},
      {5, "Cable", {0x2c, 0xa0, 0x2c}},
  };
  return categories;
}

const std::vector<SurveyQuestion>& default_survey_questions() {
  static const std::vector<SurveyQuestion> questions = {
      {"Q1", "What's your age?"},
      {"Q2", "What is your gender?"},
      {"Q3", "What is your educational level?"},
      {"Q4", "From which city are you performing this task?"},
      {"Q5", "How much time in average do you spend searching for quality tasks?"},
      {"Q6", "Approximately how many tasks have you completed that weren't paid by the requester?"},
      {"Q7", "How long did the longest image labeling task you worked on take?"},
      {"Q8", "How many times has your work been rejected without compensation in the last month?"},
      {"Q9", "Do you suffer from any work-related health issues?"},
      {"Q10",
       "How much did your workset cost? (Include any tools or devices you use to perform data "
       "labeling)"},
  };
  return questions;
}

const std::optional<std::string>* SurveyResponse::find(std::string_view question_id) const {
  for (const auto& [id, answer] : answers) {
    if (id == question_id) return &answer;
  }
  return nullptr;
}

Result<Dataset> Dataset::create(DatasetParts parts, std::string origin) {
  const auto fail = [&](std::string field, std::string message) {
    return error_at(origin, 0, 0, std::move(field), std::move(message));
  };

  std::set<int> category_ids;
  for (const auto& c : parts.categories) {
    if (!category_ids.insert(c.id).second) {
      return fail("categories", "category id " + std::to_string(c.id) + " appears twice");
    }
  }
  for (std::size_t i = 1; i < parts.frames.size(); ++i) {
    if (parts.frames[i - 1].number >= parts.frames[i].number) {
      return fail("frames", "frames must be sorted by number without repeats; frame " +
                                std::to_string(parts.frames[i].number) + " is out of place");
    }
  }

  Dataset dataset;
  for (std::size_t i = 0; i < parts.survey.size(); ++i) {
    const auto& worker = parts.survey[i].worker_id;
    if (!dataset.survey_by_worker_.emplace(worker, static_cast<int>(i)).second) {
      return fail("survey", "worker " + worker + " has two survey responses");
    }
  }

  std::set<int> annotation_ids;
  for (std::size_t i = 0; i < parts.annotations.size(); ++i) {
    const auto& a = parts.annotations[i];
    const std::string where = "annotations[" + std::to_string(i) + "]";
    if (!annotation_ids.insert(a.id).second) {
      return fail(where, "annotation id " + std::to_string(a.id) + " appears twice");
    }
    if (a.submission < 0 || static_cast<std::size_t>(a.submission) >= parts.submissions.size()) {
      return fail(
          where, "refers to submission " + std::to_string(a.submission) + ", which does not exist");
    }
    if (!category_ids.count(a.category_id)) {
      return fail(where,
                  "refers to category " + std::to_string(a.category_id) + ", which does not exist");
    }
    if (a.mask && !a.mask->is_consistent()) {
      return fail(where, "its mask's run lengths do not add up to its width x height");
    }
    const auto& owner = parts.submissions[static_cast<std::size_t>(a.submission)].annotations;
    if (std::find(owner.begin(), owner.end(), static_cast<int>(i)) == owner.end()) {
      return fail(where, "is not listed by the submission it belongs to");
    }
  }
  for (std::size_t i = 0; i < parts.submissions.size(); ++i) {
    const auto& s = parts.submissions[i];
    for (const int a : s.annotations) {
      if (a < 0 || static_cast<std::size_t>(a) >= parts.annotations.size() ||
          parts.annotations[static_cast<std::size_t>(a)].submission != static_cast<int>(i)) {
        return fail("submissions[" + std::to_string(i) + "]",
                    "lists annotation " + std::to_string(a) + ", which is not its own");
      }
    }
    dataset.submissions_by_frame_[s.frame_number].push_back(static_cast<int>(i));
  }
  dataset.parts_ = std::move(parts);
  return dataset;
}

Dataset Dataset::with_frames_dir(std::string frames_dir) const {
  Dataset copy = *this;
  copy.parts_.frames_dir = std::move(frames_dir);
  return copy;
}

const Category* Dataset::category(int id) const {
  for (const auto& c : parts_.categories) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Frame* Dataset::frame(int number) const {
  const auto it = std::lower_bound(parts_.frames.begin(), parts_.frames.end(), number,
                                   [](const Frame& f, int n) { return f.number < n; });
  return it != parts_.frames.end() && it->number == number ? &*it : nullptr;
}

const SurveyResponse* Dataset::survey_of(std::string_view worker_id) const {
  const auto it = survey_by_worker_.find(worker_id);
  return it == survey_by_worker_.end() ? nullptr
                                       : &parts_.survey[static_cast<std::size_t>(it->second)];
}

std::span<const int> Dataset::submissions_of_frame(int frame_number) const {
  const auto it = submissions_by_frame_.find(frame_number);
  if (it == submissions_by_frame_.end()) return {};
  return it->second;
}

std::vector<std::string> Dataset::worker_ids() const {
  std::set<std::string> ids;
  for (const auto& s : parts_.submissions) ids.insert(s.worker_id);
  for (const auto& r : parts_.survey) ids.insert(r.worker_id);
  return {ids.begin(), ids.end()};
}

bool is_mturk_worker_id(std::string_view text) {
  if (text.size() < 12 || text.size() > 21 || text.front() != 'A') return false;
  return std::all_of(text.begin() + 1, text.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

namespace {

std::string_view file_name_of(std::string_view path_or_url) {
  const auto query = path_or_url.find_first_of("?#");
  if (query != std::string_view::npos) path_or_url = path_or_url.substr(0, query);
  const auto slash = path_or_url.find_last_of("/\\");
  return slash == std::string_view::npos ? path_or_url : path_or_url.substr(slash + 1);
}

std::string_view stem_of(std::string_view name) {
  const auto dot = name.find_last_of('.');
  return dot == std::string_view::npos ? name : name.substr(0, dot);
}

}  // namespace

std::optional<int> frame_number_from_name(std::string_view path_or_url) {
  const std::string_view name = stem_of(file_name_of(path_or_url));
  for (std::size_t i = 0; i < name.size(); ++i) {
    const bool digit = name[i] >= '0' && name[i] <= '9';
    if (!digit || (i > 0 && name[i - 1] != '_')) continue;
    std::size_t end = i;
    while (end < name.size() && name[end] >= '0' && name[end] <= '9') ++end;
    if (end < name.size() && name[end] != '_' && name[end] != '.' && name[end] != '-') continue;
    const auto value = parse_int(name.substr(i, end - i));
    if (!value || *value > 10'000'000) return std::nullopt;
    return static_cast<int>(*value);
  }
  return std::nullopt;
}

std::optional<std::string> worker_id_from_name(std::string_view path_or_url) {
  std::string_view name = stem_of(file_name_of(path_or_url));
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto end = std::min(name.find('_', start), name.size());
    const auto part = name.substr(start, end - start);
    if (is_mturk_worker_id(part)) return std::string(part);
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace hitl
