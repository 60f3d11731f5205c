// The simulated crowd and survey: in the thesis's proportions, written in formats hitl's own
// loaders read back whole, and the same bytes for the same seed. Most tests use 288x192 frames
// (a tenth of the original's side) so that the 296 frames of a default run stay fast.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "hitl/data/import.hpp"
#include "hitl/data/mturk.hpp"
#include "hitl/data/qualtrics.hpp"
#include "hitl/sample/crowd.hpp"
#include "sample/synthetic_mouse.hpp"
#include "support/temp_dir.hpp"

using hitl::SimulatedAssignment;

namespace {

constexpr int kSmallWidth = 288, kSmallHeight = 192;

hitl::CrowdOptions small_options(std::uint64_t seed = 1) {
  hitl::CrowdOptions options;
  options.seed = seed;
  options.width_px = kSmallWidth;
  options.height_px = kSmallHeight;
  return options;
}

// The default run over the 296 frames of a turn, simulated once for the tests that read it.
const std::vector<SimulatedAssignment>& default_crowd() {
  static const auto crowd = hitl::simulate_crowd(
      sample_test::synthetic_frames(296, kSmallWidth, kSmallHeight), small_options());
  return crowd;
}

std::vector<SimulatedAssignment> of_batch(const std::vector<SimulatedAssignment>& all, int batch) {
  std::vector<SimulatedAssignment> out;
  for (const auto& a : all) {
    if (a.batch == batch) out.push_back(a);
  }
  return out;
}

int distinct_classes(const SimulatedAssignment& a) {
  std::set<int> ids;
  for (const auto& part : a.drawn) ids.insert(part.category_id);
  return static_cast<int>(ids.size());
}

double rejected_share(const std::vector<SimulatedAssignment>& batch) {
  int rejected = 0;
  for (const auto& a : batch) rejected += a.approved ? 0 : 1;
  return double(rejected) / double(batch.size());
}

// "Mon Mar 13 10:07:07 PDT 2023" as seconds since Mar 1 (the sample lies in March and April).
long long mturk_seconds(const std::string& text) {
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  int day = 0, hour = 0, minute = 0, second = 0, year = 0;
  const int read = std::sscanf(text.c_str(), "%3s %3s %d %d:%d:%d %3s %d", weekday, month, &day,
                               &hour, &minute, &second, zone, &year);
  REQUIRE(read == 8);
  REQUIRE(year == 2023);
  const int month_days = std::strcmp(month, "Apr") == 0 ? 31 : 0;
  return ((month_days + day - 1) * 24LL + hour) * 3600 + minute * 60 + second;
}

bool is_mturk_style_worker_id(const std::string& id) {
  if (id.size() < 13 || id.size() > 14 || id[0] != 'A') return false;
  for (std::size_t i = 1; i < id.size(); ++i) {
    if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9'))) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("The default crowd rejects work in the thesis's proportions", "[sample]") {
  const auto batch1 = of_batch(default_crowd(), 1);
  const auto batch2 = of_batch(default_crowd(), 2);
  REQUIRE(batch1.size() == 296);
  const double rejected1 = rejected_share(batch1);
  CHECK(rejected1 >= 0.45);
  CHECK(rejected1 <= 0.60);
  // Every rejected frame, and only those, is issued again.
  std::set<int> rejected_frames, reissued_frames;
  for (const auto& a : batch1) {
    if (!a.approved) rejected_frames.insert(a.frame_number);
  }
  for (const auto& a : batch2) reissued_frames.insert(a.frame_number);
  CHECK(reissued_frames == rejected_frames);
  CHECK(batch2.size() == rejected_frames.size());
  const double rejected2 = rejected_share(batch2);
  CHECK(rejected2 >= 0.70);
  CHECK(rejected2 <= 0.90);
}

TEST_CASE("About half the first batch labels one part, mostly the body, and is rejected for it",
          "[sample]") {
  const auto batch1 = of_batch(default_crowd(), 1);
  int one_part = 0, body_only = 0;
  for (const auto& a : batch1) {
    if (distinct_classes(a) != 1) continue;
    ++one_part;
    body_only += a.drawn[0].category_id == 1 ? 1 : 0;
    CHECK_FALSE(a.approved);
    CHECK(a.reject_reason == "Only 1 out 5 elements segmented");
  }
  const double share = double(one_part) / double(batch1.size());
  CHECK(share >= 0.35);
  CHECK(share <= 0.55);
  CHECK(double(body_only) / one_part >= 0.7);
}

TEST_CASE("Approved work labels most parts; rejected work always says why", "[sample]") {
  int approved = 0, parts = 0;
  std::set<std::string> reasons;
  for (const auto& a : default_crowd()) {
    if (a.approved) {
      ++approved;
      parts += distinct_classes(a);
      CHECK(a.reject_reason.empty());
    } else {
      CHECK_FALSE(a.reject_reason.empty());
      reasons.insert(a.reject_reason);
    }
  }
  const double mean_parts = double(parts) / approved;
  CHECK(mean_parts >= 4.3);
  CHECK(mean_parts <= 5.0);
  // Besides incomplete work, other faults are given as reasons too.
  CHECK(reasons.size() >= 4);
}

TEST_CASE("Work times stay under the 10-minute limit and match accept and submit times",
          "[sample]") {
  for (const auto& a : default_crowd()) {
    INFO("frame " << a.frame_number << " batch " << a.batch);
    CHECK(a.work_time_s > 0);
    CHECK(a.work_time_s < 600);
    const long long accept_s = mturk_seconds(a.accept_time);
    const long long submit_s = mturk_seconds(a.submit_time);
    CHECK(submit_s - accept_s == static_cast<long long>(a.work_time_s));
    CHECK(accept_s > mturk_seconds(a.creation_time));
    CHECK(mturk_seconds(a.review_time) > submit_s);
    CHECK(mturk_seconds(a.auto_approval_time) - submit_s == 259200);
  }
}

TEST_CASE("Workers have made-up MTurk ids; a few take several frames, none a frame twice",
          "[sample]") {
  std::map<std::string, std::set<int>> frames_of;
  std::map<std::string, std::set<int>> batches_of;
  std::set<std::string> assignment_ids, hit_ids;
  for (const auto& a : default_crowd()) {
    CHECK(is_mturk_style_worker_id(a.worker_id));
    CHECK(hitl::is_mturk_worker_id(a.worker_id));
    CHECK(a.assignment_id.size() == 30);
    CHECK(a.hit_id.size() == 30);
    CHECK(assignment_ids.insert(a.assignment_id).second);
    CHECK(hit_ids.insert(a.hit_id).second);
    CHECK(frames_of[a.worker_id].insert(a.frame_number).second);
    batches_of[a.worker_id].insert(a.batch);
  }
  int several = 0;
  for (const auto& [worker, frames] : frames_of) {
    several += frames.size() > 1 ? 1 : 0;
    CHECK(batches_of[worker].size() == 1);  // the re-issued HITs went to other workers
  }
  CHECK(several >= 5);
  CHECK(frames_of.size() > default_crowd().size() * 3 / 4);
}

TEST_CASE("A batch CSV loads back whole with hitl's MTurk loader", "[sample]") {
  const auto batch1 = of_batch(default_crowd(), 1);
  const auto csv = hitl::write_mturk_batch_csv(batch1, small_options());
  REQUIRE(csv.ok());
  CHECK(csv->starts_with("\"HITId\",\"HITTypeId\","));
  hitl::Warnings warnings;
  hitl::MturkOptions options;
  const auto loaded = hitl::parse_mturk_csv(*csv, "batch1.csv", options, warnings);
  REQUIRE(loaded.ok());
  CHECK(warnings.empty());
  REQUIRE(loaded->submissions.size() == batch1.size());
  REQUIRE(loaded->categories.size() == 5);
  for (std::size_t i = 0; i < batch1.size(); ++i) {
    const auto& a = batch1[i];
    const auto& s = loaded->submissions[i];
    INFO("assignment " << a.assignment_id);
    CHECK(s.assignment_id == a.assignment_id);
    CHECK(s.worker_id == a.worker_id);
    CHECK(s.frame_number == a.frame_number);
    CHECK(s.status ==
          (a.approved ? hitl::AssignmentStatus::approved : hitl::AssignmentStatus::rejected));
    CHECK(s.reject_reason == a.reject_reason);
    CHECK(s.reward_usd == Approx(0.15));
    REQUIRE(s.work_time_s.has_value());
    CHECK(*s.work_time_s == a.work_time_s);
    // Every mask decodes to labels the worker drew; a shape drawn over another may hide it.
    std::set<int> drawn, loaded_ids;
    for (const auto& part : a.drawn) drawn.insert(part.category_id);
    for (const int k : s.annotations) {
      const auto& annotation = loaded->annotations[static_cast<std::size_t>(k)];
      loaded_ids.insert(annotation.category_id);
      CHECK(annotation.mask.has_value());
    }
    CHECK_FALSE(loaded_ids.empty());
    CHECK(std::includes(drawn.begin(), drawn.end(), loaded_ids.begin(), loaded_ids.end()));
  }
}

TEST_CASE("The survey export parses with its three header rows and the real choices", "[sample]") {
  std::vector<std::string> workers;
  for (const auto& a : default_crowd()) workers.push_back(a.worker_id);
  std::sort(workers.begin(), workers.end());
  workers.erase(std::unique(workers.begin(), workers.end()), workers.end());
  const std::string csv = hitl::write_qualtrics_csv(workers, 1);
  hitl::Warnings warnings;
  const auto survey = hitl::parse_qualtrics_csv(csv, "survey.csv", warnings);
  REQUIRE(survey.ok());
  CHECK(warnings.empty());
  REQUIRE(survey->responses.size() == workers.size());
  REQUIRE(survey->questions.size() == 10);
  CHECK(survey->questions[0].text == "What\xE2\x80\x99s your age?");

  std::map<std::string, std::set<std::string>> distinct;
  std::map<std::string, int> empty;
  for (const auto& response : survey->responses) {
    for (const auto& [question, answer] : response.answers) {
      if (answer) {
        distinct[question].insert(*answer);
      } else {
        ++empty[question];
      }
    }
  }
  for (int q = 1; q <= 10; ++q) {
    const std::string id = "Q" + std::to_string(q);
    INFO(id);
    CHECK(distinct[id].size() >= (q == 2 ? 3u : 4u));
    CHECK(empty[id] >= 1);
  }
  const auto has = [&](const std::string& q, const std::string& answer) {
    return distinct[q].count(answer) > 0;
  };
  CHECK(has("Q1", "18- 24"));
  CHECK(has("Q5", "1 -5 min"));
  CHECK(has("Q5", "More tha 30 minutes"));
  CHECK(has("Q4", "S\xC3\xA3o Paulo"));
  CHECK(has("Q10", "NON"));
  bool multi = false;
  for (const auto& answer : distinct["Q9"]) multi |= answer.find(", ") != std::string::npos;
  CHECK(multi);
  CHECK_FALSE(distinct["Q9_9_TEXT"].empty());
}

TEST_CASE("Imported like real exports, the sample joins labels and survey by worker id",
          "[sample]") {
  const auto& crowd = default_crowd();
  hitl::test::TempDir dir;
  hitl::RawExports exports;
  for (int batch = 1; batch <= 2; ++batch) {
    const auto csv = hitl::write_mturk_batch_csv(of_batch(crowd, batch), small_options());
    REQUIRE(csv.ok());
    exports.mturk_csvs.push_back(
        dir.write("batch" + std::to_string(batch) + ".csv", *csv).string());
  }
  // Three workers labelled but never answered the survey.
  std::vector<std::string> workers;
  for (const auto& a : crowd) {
    if (std::find(workers.begin(), workers.end(), a.worker_id) == workers.end()) {
      workers.push_back(a.worker_id);
    }
  }
  const std::vector<std::string> silent = {workers[4], workers[40], workers[200]};
  std::vector<std::string> answered;
  for (const auto& w : workers) {
    if (std::find(silent.begin(), silent.end(), w) == silent.end()) answered.push_back(w);
  }
  exports.survey_csv = dir.write("survey.csv", hitl::write_qualtrics_csv(answered, 1)).string();

  hitl::Warnings warnings;
  const auto dataset = hitl::import_raw_exports(exports, warnings);
  REQUIRE(dataset.ok());
  CHECK(dataset->submissions().size() == crowd.size());
  CHECK(dataset->survey().size() == answered.size());
  const auto report = hitl::join_report(*dataset);
  auto missing = report.workers_without_survey;
  std::sort(missing.begin(), missing.end());
  auto expected = silent;
  std::sort(expected.begin(), expected.end());
  CHECK(missing == expected);
  CHECK(report.survey_without_labels.empty());
  CHECK(dataset->survey_of(answered[0]) != nullptr);
}

TEST_CASE("The same seed gives the same bytes, another seed others, whatever the threads",
          "[sample]") {
  const auto frames = sample_test::synthetic_frames(24, kSmallWidth, kSmallHeight);
  const auto text = [&](std::uint64_t seed, int threads) {
    auto options = small_options(seed);
    options.threads = threads;
    const auto crowd = hitl::simulate_crowd(frames, options);
    std::string all;
    for (int batch = 1; batch <= 2; ++batch) {
      const auto csv = hitl::write_mturk_batch_csv(of_batch(crowd, batch), options);
      REQUIRE(csv.ok());
      all += *csv;
    }
    std::vector<std::string> workers;
    for (const auto& a : crowd) workers.push_back(a.worker_id);
    return all + hitl::write_qualtrics_csv(workers, seed);
  };
  const std::string first = text(7, 1);
  CHECK(text(7, 3) == first);
  CHECK(text(8, 1) != first);
}

TEST_CASE("Full-size masks encode quickly and sit within a few pixels of the truth", "[sample]") {
  constexpr int kWidth = 2880, kHeight = 1920;
  const auto frames = sample_test::synthetic_frames(6, kWidth, kHeight);
  hitl::CrowdOptions options;
  options.seed = 3;
  const auto crowd = hitl::simulate_crowd(frames, options);
  const auto batch1 = of_batch(crowd, 1);
  const auto start = std::chrono::steady_clock::now();
  const auto csv = hitl::write_mturk_batch_csv(batch1, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(csv.ok());
  // 450 masks must take well under a minute on two cores: 0.13 s each, here on one thread's
  // share, with a wide margin for a loaded machine.
  CHECK(seconds / double(batch1.size()) < 0.5);

  hitl::Warnings warnings;
  const auto loaded = hitl::parse_mturk_csv(*csv, "batch1.csv", {}, warnings);
  REQUIRE(loaded.ok());
  REQUIRE(loaded->submissions.size() == batch1.size());
  int checked = 0;
  for (std::size_t i = 0; i < batch1.size(); ++i) {
    const auto& a = batch1[i];
    const auto& truth = frames[static_cast<std::size_t>(a.frame_number - 1)];
    // Bodies traced by hand (not a few polygon clicks, not a shape far too big, not another part
    // given the body's class): their box is the true body's within the wobble of a few pixels.
    const auto bodies =
        std::count_if(a.drawn.begin(), a.drawn.end(),
                      [](const hitl::PartOutline& p) { return p.category_id == 1; });
    const auto body = std::find_if(a.drawn.begin(), a.drawn.end(),
                                   [](const hitl::PartOutline& p) { return p.category_id == 1; });
    if (bodies != 1 || body->points.size() < 100) continue;
    double min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
    for (const auto& [x, y] : truth.parts[0].points) {
      min_x = std::min(min_x, x);
      max_x = std::max(max_x, x);
      min_y = std::min(min_y, y);
      max_y = std::max(max_y, y);
    }
    for (const int k : loaded->submissions[i].annotations) {
      const auto& annotation = loaded->annotations[static_cast<std::size_t>(k)];
      if (annotation.category_id != 1) continue;
      const auto& box = annotation.bbox;
      ++checked;
      CHECK(std::abs(box.x - min_x) <= 10);
      CHECK(std::abs(box.y - min_y) <= 10);
      CHECK(std::abs(box.x + box.width - max_x) <= 10);
      CHECK(std::abs(box.y + box.height - max_y) <= 10);
    }
  }
  CHECK(checked >= 1);
}

// Not run by default: the time to write the masks of a whole default sample at full size.
TEST_CASE("Benchmark: writing both batches of 296 frames at 2880x1920", "[.][sample-bench]") {
  const auto frames = sample_test::synthetic_frames(296, 2880, 1920);
  hitl::CrowdOptions options;
  const auto crowd = hitl::simulate_crowd(frames, options);
  const auto start = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  for (int batch = 1; batch <= 2; ++batch) {
    const auto csv = hitl::write_mturk_batch_csv(of_batch(crowd, batch), options);
    REQUIRE(csv.ok());
    bytes += csv->size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu masks, %.1f s, %.1f MB of CSV\n", crowd.size(), seconds, bytes / 1e6);
}
