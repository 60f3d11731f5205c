// hitl kiosk end to end, under a private Xvfb: a minute of the unattended show with a corrupted
// frame in the loop. It must keep playing through the bad frame (logged once, never fatal) and
// its memory must stay flat once the frame cache is warm.
#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "hitl/base/text.hpp"
#include "support/run_hitl.hpp"
#include "support/temp_dir.hpp"
#include "support/xvfb.hpp"

using hitl::test::run_hitl;

namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_sanitizer_build = true;
#else
constexpr bool address_sanitizer_build = false;
#endif

struct Heartbeat {
  int shown = 0;   // frames shown in the interval
  double fps = 0;  // over the interval
  double resident_mib = 0;
};

// The heartbeat lines of a kiosk's log, in order.
std::vector<Heartbeat> heartbeats(const std::string& log) {
  static const std::regex line(
      R"(heartbeat: up [^;]*; last [0-9.]+ s: shown ([0-9]+), fps ([0-9.]+),[^\n]*resident ([0-9.]+) MiB)");
  std::vector<Heartbeat> found;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator();
       ++it) {
    found.push_back({std::stoi((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3])});
  }
  return found;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("hitl kiosk plays a minute through a corrupted frame with flat memory",
          "[cli][kiosk][window]") {
  hitl::test::TempDir dir;
  const std::string sample = dir / "sample";
  const auto made = run_hitl({"sample", "-o", sample, "--frames", "6", "--size", "288x192"});
  REQUIRE(made.exit_code == 0);
  // Frame 3's JPEG is cut short and overwritten: a broken file in the middle of the loop.
  const fs::path bad_frame = fs::path(sample) / "frames" / "mouse_0003.jpeg";
  REQUIRE(fs::exists(bad_frame));
  dir.write("sample/frames/mouse_0003.jpeg", "\xff\xd8\xff\xe0 not a JPEG after all");
  // A 3 s loop (six frames of 0.5 s) without cards: the bad frame comes round twenty times.
  const std::string scene =
      dir.write("scene.json", R"({"hitl_scene": 1, "timing": {"seconds_per_frame": 0.5,)"
                              R"( "transition_s": 0.2}, "text_cards": {"before": [],)"
                              R"( "between": [], "after": []}})")
          .string();

  hitl::test::Xvfb display;
  const auto kiosk = run_hitl(
      {"kiosk", sample, "--scene", scene, "--duration", "62", "--heartbeat", "10", "--fps", "30"});
  INFO(kiosk.output);
  REQUIRE(kiosk.exit_code == 0);

  // The bad frame: reported once, counted once, and the show went on.
  CHECK(occurrences(kiosk.output, "mouse_0003.jpeg") == 1);
  CHECK_THAT(kiosk.output, Catch::Contains("decode failures 1; resident at start"));
  const std::vector<Heartbeat> beats = heartbeats(kiosk.output);
  REQUIRE(beats.size() >= 6);
  for (const Heartbeat& beat : beats) {
    // Playing all along: frames in every 10 s interval. It aims at 30 a second; the bar is one a
    // second, which a hung or stopped show misses and a sanitizer build on a busy machine does
    // not (4 a second was seen there).
    CHECK(beat.shown >= 10);
    CHECK(beat.fps >= 1);
  }
  // Flat memory: from the second heartbeat (the frame cache warm) to the last, within 16 MiB.
  // Under AddressSanitizer freed blocks wait in its quarantine (256 MiB) before reuse, so resident
  // memory climbs for the whole minute (55 MiB was seen) whatever the kiosk does: the normal build
  // holds this check.
  if (!address_sanitizer_build) CHECK(beats.back().resident_mib - beats[1].resident_mib < 16);
}

TEST_CASE("hitl kiosk reloads a changed scene file, keeps the show on a bad one, stops on SIGTERM",
          "[cli][kiosk][window]") {
  hitl::test::TempDir dir;
  const std::string sample = dir / "sample";
  REQUIRE(run_hitl({"sample", "-o", sample, "--frames", "3", "--size", "288x192"}).exit_code == 0);
  const std::string scene_json =
      R"({"hitl_scene": 1, "timing": {"seconds_per_frame": 0.5, "transition_s": 0.2}})";
  const fs::path scene = dir.write("scene.json", scene_json);

  hitl::test::Xvfb display;
  hitl::test::RunningHitl kiosk({"kiosk", sample, "--scene", scene.string(), "--heartbeat", "1"},
                                dir / "kiosk.log");
  REQUIRE(kiosk.wait_for_output("heartbeat", 60));
  // A scene that does not parse: logged, and the show goes on.
  dir.write("scene.json", R"({"hitl_scene": 1, "timing": {"seconds_per_frame": "slow"}})");
  CHECK(kiosk.wait_for_output("the scene file changed but cannot be used", 20));
  // A good one, saved the way editors save (a new file renamed over the old): shown.
  dir.write("scene.json.new", R"({"hitl_scene": 1, "title": "Changed"})");
  fs::rename(dir.path() / "scene.json.new", scene);
  CHECK(kiosk.wait_for_output("scene reloaded from", 20));
  kiosk.signal(SIGTERM);
  CHECK(kiosk.wait() == 0);
  INFO(kiosk.output());
  CHECK_THAT(kiosk.output(), Catch::Contains("kiosk: stopped after"));
  CHECK_THAT(kiosk.output(), Catch::Contains("seconds_per_frame"));  // the bad scene's field
}
