// hitl export end to end: a real encode of a small sample checked with ffprobe, refusals, and
// an interrupted export leaving nothing behind.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hitl/base/text.hpp"
#include "support/run_hitl.hpp"
#include "support/temp_dir.hpp"

using hitl::test::run_hitl;

namespace fs = std::filesystem;

namespace {

// A small built-in-style sample: 4 frames of 288x192.
std::string make_small_sample(const hitl::test::TempDir& dir) {
  const auto made =
      run_hitl({"sample", "-o", dir / "sample", "--frames", "4", "--size", "288x192"});
  INFO(made.output);
  REQUIRE(made.exit_code == 0);
  return dir / "sample";
}

nlohmann::json probe(const std::string& path) {
  const std::string report = path + ".probe.json";
  const std::string command =
      "ffprobe -v error -count_frames -show_streams -show_format -of json '" + path + "' > '" +
      report + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  auto text = hitl::read_file(report);
  REQUIRE(text.ok());
  return nlohmann::json::parse(*text);
}

bool partial_files_in(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().find(".partial") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("hitl export writes H.264 yuv420p with BT.709 tags, one frame per timestep",
          "[cli][export][gl]") {
  hitl::test::TempDir dir;
  const std::string sample = make_small_sample(dir);
  // 4 source frames at 2 a second: a 2 s loop, 20 frames at 10 fps.
  const auto result = run_hitl({"export", sample, "-o", dir / "out.mp4", "--size", "320x180",
                                "--fps", "10", "--loop-fps", "2", "--preset", "ultrafast"});
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("20 frames"));
  const nlohmann::json info = probe(dir / "out.mp4");
  const nlohmann::json& stream = info["streams"][0];
  CHECK(stream["codec_name"] == "h264");
  CHECK(stream["pix_fmt"] == "yuv420p");
  CHECK(stream["width"] == 320);
  CHECK(stream["height"] == 180);
  CHECK(stream["color_space"] == "bt709");
  CHECK(stream["color_transfer"] == "bt709");
  CHECK(stream["color_primaries"] == "bt709");
  CHECK(stream["color_range"] == "tv");
  CHECK(stream["r_frame_rate"] == "10/1");
  CHECK(stream["nb_read_frames"] == "20");
  CHECK_FALSE(partial_files_in(dir.path()));
}

TEST_CASE("hitl export refuses to replace a file without --force", "[cli][export][bad]") {
  hitl::test::TempDir dir;
  dir.write("out.mp4", "precious");
  const auto result = run_hitl({"export", "missing-dataset", "-o", dir / "out.mp4"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("already exists; add --force"));
  CHECK(*hitl::read_file(dir.path() / "out.mp4") == "precious");
}

TEST_CASE("hitl export names bad options and exits 2", "[cli][export][bad]") {
  const auto odd = run_hitl({"export", "-o", "x.mp4", "--size", "321x180"});
  CHECK(odd.exit_code == 2);
  CHECK_THAT(odd.output, Catch::Contains("even numbers"));
  const auto both = run_hitl({"export", "-o", "x.mp4", "--loops", "2", "--duration", "3"});
  CHECK(both.exit_code == 2);
  const auto missing = run_hitl({"export"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("-o OUT.mp4 is required"));
}

TEST_CASE("An interrupted export leaves nothing at the output path", "[cli][export][gl]") {
  hitl::test::TempDir dir;
  const std::string sample = make_small_sample(dir);
  // Ten minutes of video: far more than the 4 seconds it is given before Ctrl-C.
  const std::string command =
      std::string("timeout --preserve-status -s INT 4 '") + HITL_EXECUTABLE + "' export '" +
      sample + "' -o '" + (dir / "out.mp4") +
      "' --size 320x180 --duration 600 --preset ultrafast > '" + (dir / "log.txt") + "' 2>&1";
  const int status = std::system(command.c_str());
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_FALSE(fs::exists(dir.path() / "out.mp4"));
  CHECK_FALSE(partial_files_in(dir.path()));
  const auto log = hitl::read_file(dir.path() / "log.txt");
  REQUIRE(log.ok());
  CHECK_THAT(*log, Catch::Contains("interrupted") && Catch::Contains("nothing was written"));
}
