// hitl's entry point: picks the command and hands it the rest of the command line.
#include <malloc.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "app/commands.hpp"

namespace {

constexpr const char* kUsage =
    R"(hitl - shows who labelled each frame of a dataset, beside their own words

Usage: hitl COMMAND [OPTIONS]

Commands:
  import     join an MTurk batch results CSV and a Qualtrics survey CSV into a dataset
  validate   check a dataset or raw exports and report what is usable and what is wrong
  still      render one moment (a frame, or a time of the show) to a PNG, headless
  export     render the show (title and fact cards, the loop) headless into an MP4 (H.264, BT.709)
  play       play the show live in a window, with the presenter's control panel
  kiosk      play the show fullscreen for a gallery, unattended, forever
  sample     make the built-in sample: a rendered mouse, a simulated crowd and survey
  version    print the version

Run 'hitl COMMAND --help' for a command's options.
Exit codes: 0 success, 1 the input or the work failed, 2 the command line was wrong.
)";

}  // namespace

int main(int argc, char** argv) {
  // Decoded frames (megabytes each, made on decoder threads, freed on the render thread) always
  // come straight from the kernel and go straight back. glibc's default raises its mmap threshold
  // after the first such free, after which these buffers come from per-thread heaps that keep
  // what they once held: a live view's memory then creeps up for a whole loop.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string_view command = argv[1];
  const hitl::app::Args args(argv + 2, argv + argc);
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::printf("hitl %s\n", HITL_VERSION);
    return 0;
  }
  if (command == "import") return hitl::app::run_import(args);
  if (command == "validate") return hitl::app::run_validate(args);
  if (command == "still") return hitl::app::run_still(args);
  if (command == "sample") return hitl::app::run_sample(args);
  if (command == "export") return hitl::app::run_export(args);
  if (command == "kiosk") return hitl::app::run_kiosk(args);
  if (command == "play") return hitl::app::run_play(args);
  std::fprintf(stderr,
               "hitl: unknown command '%s'; expected one of: import, validate, still, export, "
               "play, sample, version\n",
               std::string(command).c_str());
  std::fputs("Run 'hitl --help' for usage.\n", stderr);
  return 2;
}
