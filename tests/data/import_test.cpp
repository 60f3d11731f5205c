// Importing raw exports: batches, survey and frames joined by worker ID.
#include <catch2/catch.hpp>

#include "hitl/data/coco.hpp"
#include "hitl/data/import.hpp"
#include "support/raw_exports.hpp"

using hitl::AssignmentStatus;
using hitl::import_raw_exports;
using hitl::RawExports;

namespace {
RawExports exports_of(const hitl::test::RawExportsOnDisk& disk) {
  RawExports exports;
  exports.mturk_csvs = {disk.batch1, disk.batch2};
  exports.survey_csv = disk.survey;
  exports.frames_dir = disk.frames;
  return exports;
}
}  // namespace

TEST_CASE("Import joins two batches, the survey and the frames by worker ID", "[import]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  hitl::Warnings warnings;
  const auto dataset = import_raw_exports(exports_of(disk), warnings);
  REQUIRE(dataset.ok());

  CHECK(dataset->frames().size() == 4);
  CHECK(dataset->categories().size() == 5);
  REQUIRE(dataset->submissions().size() == 6);
  // 2 approved with five parts, 2 rejected with one part, then the re-issue: 5 and 1 parts.
  CHECK(dataset->annotations().size() == 5 + 1 + 5 + 1 + 5 + 1);

  const auto& reissued = dataset->submissions()[4];
  CHECK(reissued.batch == 2);
  CHECK(reissued.frame_number == 2);
  CHECK(reissued.status == AssignmentStatus::approved);
  const auto& rejected = dataset->submissions()[5];
  CHECK(rejected.status == AssignmentStatus::rejected);
  CHECK(rejected.reject_reason == "Only 1 out 5 elements segmented");
  REQUIRE(rejected.annotations.size() == 1);
  CHECK(
      dataset
          ->category(
              dataset->annotations()[static_cast<std::size_t>(rejected.annotations[0])].category_id)
          ->name == "Cable");

  CHECK(dataset->submissions_of_frame(4).size() == 2);
  const auto* answers = dataset->survey_of(disk.workers[0]);
  REQUIRE(answers != nullptr);
  CHECK(*answers->find("Q4") == std::optional<std::string>("S\xC3\xA3o Paulo"));
  CHECK(*answers->find("Q8") == std::nullopt);
}

TEST_CASE("Import renumbers annotations of later batches so every id is unique", "[import]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  hitl::Warnings warnings;
  const auto dataset = import_raw_exports(exports_of(disk), warnings);
  REQUIRE(dataset.ok());
  for (std::size_t i = 0; i < dataset->annotations().size(); ++i) {
    CHECK(dataset->annotations()[i].id == static_cast<int>(i) + 1);
  }
}

TEST_CASE("Import reports workers who cannot be joined, without failing", "[import]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  hitl::Warnings warnings;
  const auto dataset = import_raw_exports(exports_of(disk), warnings);
  REQUIRE(dataset.ok());
  const auto report = hitl::join_report(*dataset);
  CHECK(report.workers_without_survey == std::vector<std::string>{disk.workers.back()});
  CHECK(report.survey_without_labels == std::vector<std::string>{"A3UNLABELLED0000"});
  std::vector<std::string> texts;
  for (const auto& w : warnings) texts.push_back(w.to_string());
  CHECK_THAT(texts, Catch::VectorContains(disk.survey +
                                          ": warning: 1 worker(s) labelled frames "
                                          "but have no survey response: " +
                                          disk.workers.back()));
  CHECK_THAT(texts,
             Catch::VectorContains(disk.survey + ": warning: 1 worker(s) answered the survey but "
                                                 "labelled nothing: A3UNLABELLED0000"));
}

TEST_CASE("Import warns about labelled frames that have no image", "[import]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  std::filesystem::remove(std::filesystem::path(disk.frames) / "mouse_0003.jpeg");
  hitl::Warnings warnings;
  const auto dataset = import_raw_exports(exports_of(disk), warnings);
  REQUIRE(dataset.ok());
  std::vector<std::string> texts;
  for (const auto& w : warnings) texts.push_back(w.to_string());
  CHECK_THAT(texts, Catch::VectorContains(disk.frames +
                                          ": warning: has no image for 1 labelled frame(s): 3"));
}

TEST_CASE("Import refuses an assignment that appears in two batch files", "[import][bad]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  RawExports exports = exports_of(disk);
  exports.mturk_csvs = {disk.batch1, disk.batch1};
  hitl::Warnings warnings;
  const auto dataset = import_raw_exports(exports, warnings);
  REQUIRE_FALSE(dataset.ok());
  CHECK_THAT(dataset.error().to_string(),
             Catch::StartsWith(disk.batch1 + ":2: AssignmentId: assignment ") &&
                 Catch::EndsWith("was already read at " + disk.batch1 +
                                 ":2; expected each assignment once"));
}

TEST_CASE("Imported dataset written as JSON reads back as the same dataset", "[import][coco]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  hitl::Warnings warnings;
  const auto dataset = import_raw_exports(exports_of(disk), warnings);
  REQUIRE(dataset.ok());
  const std::string json = hitl::write_dataset_json(*dataset);
  hitl::Warnings read_warnings;
  auto parts = hitl::parse_coco_json(json, "dataset.json", read_warnings);
  REQUIRE(parts.ok());
  auto again = hitl::Dataset::create(std::move(*parts), "dataset.json");
  REQUIRE(again.ok());
  CHECK(hitl::write_dataset_json(*again) == json);
  CHECK(again->submissions().size() == dataset->submissions().size());
  CHECK(again->annotations()[3].mask == dataset->annotations()[3].mask);
}
