// The scene file watch: real files changed the ways editors and people change them, polled at
// made-up instants so that no test waits for the settle time to pass.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "hitl/ops/file_watch.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using hitl::FileEvent;
using hitl::FileWatch;
namespace fs = std::filesystem;

namespace {

// The defaults, spelled out so that the instants below read against them.
constexpr FileWatch::Timing timing{.poll_interval = 250ms, .settle_time = 500ms};

const FileWatch::Clock::time_point start = FileWatch::Clock::now();

FileWatch::Clock::time_point at(FileWatch::Clock::duration since_start) {
  return start + since_start;
}

void append(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
}

}  // namespace

TEST_CASE("An unchanged file is never reported", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", "{}");
  FileWatch watch(scene, at(0s), timing);
  CHECK(watch.poll(at(300ms)) == FileEvent::none);
  CHECK(watch.poll(at(1s)) == FileEvent::none);
  CHECK(watch.poll(at(10min)) == FileEvent::none);
}

TEST_CASE("A change is reported once, after its status stayed the same for the settle time",
          "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", "{}");
  FileWatch watch(scene, at(0s), timing);
  dir.write("scene.json", R"({"seconds_per_frame": 3})");
  CHECK(watch.poll(at(300ms)) == FileEvent::none);  // first seen now
  CHECK(watch.poll(at(550ms)) == FileEvent::none);  // stable for 250 ms only
  CHECK(watch.poll(at(800ms)) == FileEvent::changed);
  CHECK(watch.poll(at(1100ms)) == FileEvent::none);
  CHECK(watch.poll(at(5s)) == FileEvent::none);
}

TEST_CASE("A file written in place in pieces is reported once, after the last piece", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", "{}");
  FileWatch watch(scene, at(0s), timing);
  dir.write("scene.json", R"({"layers": )");  // an editor truncated it and wrote a first piece
  CHECK(watch.poll(at(300ms)) == FileEvent::none);
  append(scene, R"({"masks": true)");
  CHECK(watch.poll(at(600ms)) == FileEvent::none);
  append(scene, "}}");
  CHECK(watch.poll(at(900ms)) == FileEvent::none);
  CHECK(watch.poll(at(1150ms)) == FileEvent::none);  // the last piece was seen 250 ms ago
  CHECK(watch.poll(at(1400ms)) == FileEvent::changed);
  CHECK(watch.poll(at(2s)) == FileEvent::none);
}

TEST_CASE("A rewrite in place of the same size is reported by its modification time", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", R"({"opacity": 0.5})");
  const fs::file_time_type written = fs::last_write_time(scene);
  FileWatch watch(scene, at(0s), timing);
  dir.write("scene.json", R"({"opacity": 0.8})");
  fs::last_write_time(scene, written + 1s);  // whatever the filesystem's timestamp resolution
  CHECK(watch.poll(at(300ms)) == FileEvent::none);
  CHECK(watch.poll(at(800ms)) == FileEvent::changed);
}

TEST_CASE("An atomic save (a new file renamed over the old) is reported by its inode", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", R"({"opacity": 0.5})");
  const fs::file_time_type written = fs::last_write_time(scene);
  FileWatch watch(scene, at(0s), timing);
  // Same size and same modification time: only the inode tells the files apart.
  const fs::path saved = dir.write(".scene.json.swp", R"({"opacity": 0.8})");
  fs::last_write_time(saved, written);
  fs::rename(saved, scene);
  CHECK(watch.poll(at(300ms)) == FileEvent::none);
  CHECK(watch.poll(at(800ms)) == FileEvent::changed);
}

TEST_CASE("A file that disappears is reported missing once, and changed when it is back", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", "{}");
  FileWatch watch(scene, at(0s), timing);
  fs::remove(scene);
  CHECK(watch.poll(at(300ms)) == FileEvent::none);
  CHECK(watch.poll(at(800ms)) == FileEvent::missing);
  CHECK(watch.poll(at(2s)) == FileEvent::none);
  CHECK(watch.poll(at(1min)) == FileEvent::none);
  dir.write("scene.json", "{}");
  CHECK(watch.poll(at(1min + 300ms)) == FileEvent::none);
  CHECK(watch.poll(at(1min + 800ms)) == FileEvent::changed);
}

TEST_CASE("A file that is away for less than the settle time is reported only as changed",
          "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", "{}");
  FileWatch watch(scene, at(0s), timing);
  fs::remove(scene);
  CHECK(watch.poll(at(300ms)) == FileEvent::none);
  dir.write("scene.json", R"({"masks": false})");
  CHECK(watch.poll(at(600ms)) == FileEvent::none);
  CHECK(watch.poll(at(1100ms)) == FileEvent::changed);
}

TEST_CASE("A file missing when the watch starts is reported when it appears", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.path() / "scene.json";
  FileWatch watch(scene, at(0s), timing);
  CHECK(watch.poll(at(1s)) == FileEvent::none);
  dir.write("scene.json", "{}");
  CHECK(watch.poll(at(1300ms)) == FileEvent::none);
  CHECK(watch.poll(at(1800ms)) == FileEvent::changed);
}

TEST_CASE("Polls closer together than the poll interval do not look at the file", "[ops]") {
  hitl::test::TempDir dir;
  const fs::path scene = dir.write("scene.json", "{}");
  FileWatch watch(scene, at(0s), timing);
  dir.write("scene.json", "{ }");
  CHECK(watch.poll(at(100ms)) == FileEvent::none);  // skipped: the change is not seen yet
  CHECK(watch.poll(at(300ms)) == FileEvent::none);  // seen now
  CHECK(watch.poll(at(400ms)) == FileEvent::none);  // skipped
  CHECK(watch.poll(at(600ms)) == FileEvent::none);  // settled 500 ms after 300 ms, not after 100
  CHECK(watch.poll(at(850ms)) == FileEvent::changed);
}
