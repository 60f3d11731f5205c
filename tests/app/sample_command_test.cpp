// hitl sample end to end, at a small size: the raw exports it writes, their import, determinism,
// and the built-in sample that commands use when they are given no dataset.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "hitl/base/text.hpp"
#include "hitl/data/load.hpp"
#include "hitl/sample/sample.hpp"
#include "support/run_hitl.hpp"
#include "support/temp_dir.hpp"

using hitl::test::run_hitl;

namespace fs = std::filesystem;

namespace {

std::string contents(const fs::path& path) {
  auto bytes = hitl::read_file(path);
  REQUIRE(bytes.ok());
  return std::move(*bytes);
}

}  // namespace

TEST_CASE("hitl sample writes raw exports, frames and the dataset imported from them",
          "[cli][sample][gl]") {
  hitl::test::TempDir dir;
  const auto result =
      run_hitl({"sample", "-o", dir / "s", "--frames", "6", "--size", "288x192", "--seed", "3"});
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("6 frames"));
  for (const char* file : {"raw/batch1_results.csv", "raw/survey.csv", "frames/mouse_0001.jpeg",
                           "frames/mouse_0006.jpeg", "dataset.json"}) {
    CHECK(fs::exists(dir.path() / "s" / file));
  }
  hitl::Warnings warnings;
  const auto loaded = hitl::load_input(dir / "s", warnings);
  REQUIRE(loaded.ok());
  CHECK(loaded->dataset.frames().size() == 6);
  int first_batch = 0;
  for (const auto& submission : loaded->dataset.submissions()) first_batch += submission.batch == 1;
  CHECK(first_batch == 6);
  CHECK(loaded->dataset.frames().front().width_px == 288);
  CHECK(run_hitl({"validate", dir / "s"}).exit_code == 0);
}

TEST_CASE("The same seed gives the same raw exports, another seed other ones",
          "[cli][sample][gl]") {
  hitl::test::TempDir dir;
  for (const auto& [name, seed] : {std::pair{"a", "5"}, std::pair{"b", "5"}, std::pair{"c", "6"}}) {
    const auto result = run_hitl(
        {"sample", "-o", dir / name, "--frames", "4", "--size", "288x192", "--seed", seed});
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
  }
  const fs::path a = dir.path() / "a", b = dir.path() / "b", c = dir.path() / "c";
  CHECK(contents(a / "raw/batch1_results.csv") == contents(b / "raw/batch1_results.csv"));
  CHECK(contents(a / "raw/survey.csv") == contents(b / "raw/survey.csv"));
  CHECK(contents(a / "frames/mouse_0002.jpeg") == contents(b / "frames/mouse_0002.jpeg"));
  CHECK(contents(a / "raw/batch1_results.csv") != contents(c / "raw/batch1_results.csv"));
}

TEST_CASE("hitl sample refuses to replace a dataset without --force", "[cli][sample][bad]") {
  hitl::test::TempDir dir;
  dir.write("s/dataset.json", "{}");
  const auto result = run_hitl({"sample", "-o", dir / "s", "--frames", "2", "--size", "64x64"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("dataset.json already exists; add --force"));
  CHECK(contents(dir.path() / "s/dataset.json") == "{}");
}

TEST_CASE("Commands given no dataset use the cached built-in sample", "[cli][sample][gl]") {
  hitl::test::TempDir cache;
  REQUIRE(::setenv("HITL_CACHE_DIR", cache.path().c_str(), 1) == 0);
  // A small sample put where the built-in one is cached stands in for it (making the real one
  // takes minutes): the commands must find and use it without making another.
  const fs::path cached = hitl::default_sample_dir();
  REQUIRE(cached.parent_path() == cache.path());
  const auto made = run_hitl(
      {"sample", "-o", cached.string(), "--frames", "3", "--size", "288x192", "--seed", "1"});
  INFO(made.output);
  REQUIRE(made.exit_code == 0);

  const auto where = run_hitl({"sample"});
  CHECK(where.exit_code == 0);
  CHECK_THAT(where.output, Catch::Contains((cached / "dataset.json").string()));
  const auto validated = run_hitl({"validate"});
  CHECK(validated.exit_code == 0);
  CHECK_THAT(validated.output, Catch::Contains("3 (numbered 1-3)"));
  const auto still =
      run_hitl({"still", "--frame", "2", "--size", "320x180", "-o", cache / "s.png"});
  INFO(still.output);
  CHECK(still.exit_code == 0);
  CHECK(fs::exists(cache.path() / "s.png"));

  // The built-in sample opens on a card saying that it is simulated; the same data elsewhere
  // (a copy) opens on the scene's own title card.
  const fs::path copy = cache.path() / "copy";
  fs::copy(cached, copy, fs::copy_options::recursive);
  const auto built_in =
      run_hitl({"still", "--time", "3", "--size", "320x180", "-o", cache / "built-in.png"});
  const auto elsewhere = run_hitl(
      {"still", copy.string(), "--time", "3", "--size", "320x180", "-o", cache / "copy.png"});
  REQUIRE(built_in.exit_code == 0);
  REQUIRE(elsewhere.exit_code == 0);
  CHECK_THAT(built_in.output, Catch::Contains("a title or fact card"));
  CHECK(*hitl::read_file(cache / "built-in.png") != *hitl::read_file(cache / "copy.png"));
  ::unsetenv("HITL_CACHE_DIR");
}

TEST_CASE("hitl sample names a bad option value and exits 2", "[cli][sample][bad]") {
  const auto frames = run_hitl({"sample", "-o", "x", "--frames", "1"});
  CHECK(frames.exit_code == 2);
  CHECK_THAT(frames.output, Catch::Contains("--frames '1': expected 2 to 10000"));
  const auto size = run_hitl({"sample", "-o", "x", "--size", "big"});
  CHECK(size.exit_code == 2);
  CHECK_THAT(size.output, Catch::Contains("--size 'big'"));
  const auto seed = run_hitl({"sample", "--seed", "4"});
  CHECK(seed.exit_code == 2);
}
