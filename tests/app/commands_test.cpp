// The hitl executable as a user meets it: help, exit codes, and the import and validate commands
// end to end on real files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/raw_exports.hpp"
#include "support/run_hitl.hpp"

using hitl::test::run_hitl;

namespace fs = std::filesystem;

TEST_CASE("hitl --help lists the commands and exits 0", "[cli]") {
  const auto result = run_hitl({"--help"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("  import ") && Catch::Contains("  validate "));
}

TEST_CASE("Every command answers --help with its usage and exits 0", "[cli]") {
  for (const std::string command : {"import", "validate", "still", "sample"}) {
    const auto result = run_hitl({command, "--help"});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::StartsWith("Usage: hitl " + command));
  }
}

TEST_CASE("hitl without a command, or with an unknown one, exits 2", "[cli][bad]") {
  CHECK(run_hitl({}).exit_code == 2);
  const auto result = run_hitl({"frobnicate"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("unknown command 'frobnicate'"));
}

TEST_CASE("hitl import names a missing required option and exits 2", "[cli][bad]") {
  const auto result = run_hitl({"import", "--mturk", "x.csv"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::StartsWith("hitl import: -o OUTDIR is required"));
  const auto unknown = run_hitl({"import", "--colour", "red"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::StartsWith("hitl import: unknown option '--colour'"));
}

TEST_CASE("hitl import writes dataset.json that hitl validate finds usable", "[cli][import]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  const std::string out = dir / "dataset";
  const auto imported = run_hitl({"import", "--mturk", disk.batch1, "--mturk", disk.batch2,
                                  "--survey", disk.survey, "--frames", disk.frames, "-o", out});
  INFO(imported.output);
  REQUIRE(imported.exit_code == 0);
  CHECK_THAT(imported.output,
             Catch::Contains("submissions  6 in 2 batch(es): 3 approved, 3 rejected, 0 pending"));
  CHECK_THAT(imported.output, Catch::Contains("pay          $0.45 paid, $0.45 withheld"));
  REQUIRE(fs::exists(fs::path(out) / "dataset.json"));

  const auto validated = run_hitl({"validate", out, "--json"});
  INFO(validated.output);
  REQUIRE(validated.exit_code == 0);
  const auto report = nlohmann::json::parse(validated.output);
  CHECK(report["usable"] == true);
  CHECK(report["kind"] == "dataset");
  CHECK(report["counts"]["frames"] == 4);
  CHECK(report["counts"]["annotations"] == 18);
  CHECK(report["counts"]["workers_with_survey"] == 6);
}

TEST_CASE("hitl import refuses to replace dataset.json without --force", "[cli][import]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  const std::string out = dir / "dataset";
  const std::vector<std::string> args = {"import", "--mturk", disk.batch1, "-o", out};
  REQUIRE(run_hitl(args).exit_code == 0);
  const auto again = run_hitl(args);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.output, Catch::Contains("already exists; add --force to replace it"));
  auto forced = args;
  forced.push_back("--force");
  CHECK(run_hitl(forced).exit_code == 0);
}

TEST_CASE("hitl import of a broken batch writes nothing and exits 1", "[cli][import][bad]") {
  hitl::test::TempDir dir;
  const auto batch = dir.write("broken.csv", "AssignmentId,WorkerId\r\n\"unterminated\r\n");
  const std::string out = dir / "dataset";
  const auto result = run_hitl({"import", "--mturk", batch.string(), "-o", out});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains(batch.string() + ":2:1: quoted field is never closed"));
  CHECK_THAT(result.output, Catch::Contains("nothing written"));
  CHECK_FALSE(fs::exists(fs::path(out) / "dataset.json"));
}

TEST_CASE("hitl validate reads the raw exports folder directly", "[cli][validate]") {
  hitl::test::TempDir dir;
  hitl::test::write_raw_exports(dir);
  const auto result = run_hitl({"validate", dir.path().string()});
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("(raw exports)") &&
                                Catch::Contains("frames       4 (numbered 1-4)") &&
                                Catch::Contains("usable (0 error(s), 2 warning(s))"));
}

TEST_CASE("hitl validate of the thesis's printed COCO extract exits 1 naming the line",
          "[cli][validate][bad]") {
  const std::string path = std::string(HITL_TEST_DATA_DIR) + "/coco/thesis_images_as_printed.json";
  const auto result = run_hitl({"validate", path});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains(path + ":40:1:") && Catch::Contains("NOT usable"));
}

TEST_CASE("hitl validate of a path that does not exist exits 1", "[cli][validate][bad]") {
  const auto result = run_hitl({"validate", "/nonexistent/dataset.json"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("/nonexistent/dataset.json: does not exist"));
}

TEST_CASE("hitl validate of a survey alone is usable and counts its responses", "[cli][validate]") {
  hitl::test::TempDir dir;
  const auto disk = hitl::test::write_raw_exports(dir);
  const auto result = run_hitl({"validate", disk.survey, "--json"});
  INFO(result.output);
  CHECK(result.exit_code == 0);
  const auto report = nlohmann::json::parse(result.output);
  CHECK(report["kind"] == "Qualtrics survey export");
  CHECK(report["counts"]["survey_responses"] == 6);
}
