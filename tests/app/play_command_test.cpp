// hitl play as a user meets it: help, usage errors, no display, and a short run under Xvfb that
// logs its frame pacing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "support/run_hitl.hpp"
#include "support/scoped_environment.hpp"
#include "support/temp_dir.hpp"
#include "support/xvfb.hpp"

using hitl::test::run_hitl;

using hitl::test::ScopedEnvironment;

namespace {

const std::string example_exports = std::string(HITL_TEST_DATA_DIR) + "/example";

}  // namespace

TEST_CASE("hitl play --help gives its usage and keys and exits 0", "[play][cli]") {
  const auto result = run_hitl({"play", "--help"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::StartsWith("Usage: hitl play"));
  CHECK_THAT(result.output, Catch::Contains("Page Down") && Catch::Contains("screenshot"));
  CHECK_THAT(run_hitl({"--help"}).output, Catch::Contains("  play "));
}

TEST_CASE("hitl play with a bad size exits 2 naming the option", "[play][cli][bad]") {
  const auto result = run_hitl({"play", example_exports, "--size", "big"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("--size 'big'"));
}

TEST_CASE("hitl play without a display says so and exits 1", "[play][cli][bad]") {
  const ScopedEnvironment no_display("DISPLAY", nullptr);
  const ScopedEnvironment no_wayland("WAYLAND_DISPLAY", nullptr);
  const ScopedEnvironment any_driver("SDL_VIDEODRIVER", nullptr);  // as a user would run it
  const auto result = run_hitl({"play", example_exports});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("hitl play: cannot open a window") &&
                                Catch::Contains("expected a display"));
}

TEST_CASE("hitl kiosk without a display says so and exits 1", "[kiosk][cli][bad]") {
  const ScopedEnvironment no_display("DISPLAY", nullptr);
  const ScopedEnvironment no_wayland("WAYLAND_DISPLAY", nullptr);
  const ScopedEnvironment any_driver("SDL_VIDEODRIVER", nullptr);
  const auto result = run_hitl({"kiosk", example_exports, "--duration", "5"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("hitl kiosk: cannot open a window") &&
                                Catch::Contains("expected a display"));
}

TEST_CASE("hitl play --presenter with one display says it needs two and exits 1",
          "[play][cli][window][bad]") {
  const auto xvfb = hitl::test::start_xvfb();
  const auto result = run_hitl({"play", example_exports, "--presenter", "--duration", "2"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("hitl play: the presenter view needs two displays"));
}

TEST_CASE("hitl play --display without --presenter exits 2", "[play][cli][bad]") {
  const auto result = run_hitl({"play", example_exports, "--display", "1"});
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("--display is for --presenter"));
}

TEST_CASE("hitl play names the scene file's line of a cue the dataset lacks",
          "[play][cli][window][bad]") {
  const auto xvfb = hitl::test::start_xvfb();
  const hitl::test::TempDir dir;
  const std::string scene = dir / "show.json";
  std::ofstream(scene)
      << "{\"cues\": [\n  {\"name\": \"Nobody\",\n   \"worker\": \"A0NOBODY\"}\n]}\n";
  const auto result = run_hitl({"play", example_exports, "--scene", scene, "--duration", "2"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output,
             Catch::Contains("hitl play: " + scene +
                             ":3:14: cues[0].worker: no contribution of worker \"A0NOBODY\""));
}

TEST_CASE("hitl kiosk leaves a scene's cues out, even one the dataset cannot play",
          "[kiosk][cli][window]") {
  const auto xvfb = hitl::test::start_xvfb();
  const hitl::test::TempDir dir;
  const std::string scene = dir / "show.json";
  std::ofstream(scene) << "{\"cues\": [{\"name\": \"Nobody\", \"worker\": \"A0NOBODY\"}]}\n";
  const auto result = run_hitl({"kiosk", example_exports, "--scene", scene, "--duration", "1"});
  INFO(result.output);
  CHECK(result.exit_code == 0);
}

TEST_CASE("hitl play runs for --duration under Xvfb and logs its frame pacing",
          "[play][cli][window]") {
  const auto xvfb = hitl::test::start_xvfb();
  const auto result = run_hitl({"play", example_exports, "--size", "640x360", "--duration", "2"});
  INFO(result.output);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output,
             Catch::Contains("play: pacing: frames ") && Catch::Contains("missed deadlines"));
}
