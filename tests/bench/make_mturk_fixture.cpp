// hitl_make_mturk_fixture: writes a generated MTurk batch results CSV the size of the thesis's
// batch (296 assignments of 2880x1920 masks), for the import benchmark. Ids are made up.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hitl/base/text.hpp"
#include "support/mturk_fixture.hpp"
#include "support/raw_exports.hpp"
#include "support/test_images.hpp"

namespace {

constexpr const char* kUsage =
    R"(hitl_make_mturk_fixture - writes a generated MTurk batch results CSV

Usage: hitl_make_mturk_fixture -o FILE.csv [--survey FILE.csv] [--frames DIR [--flat-frames]]
                               [--count N] [--size WxH] [--seed N] [--threads N]

  -o FILE.csv     where to write the batch
  --survey FILE   also write a Qualtrics export answered by every worker of the batch
  --frames DIR    also write frames mouse_0001.jpeg ...: photos of the mouse at each row's
                  angle, the size of the masks
  --flat-frames   make those frames flat grey instead (small and quick, for header-only use)
  --count N       assignments, one per frame 1..N (default 296)
  --size WxH      mask size in pixels (default 2880x1920)
  --seed N        changes the ids, the shapes and which rows label one part (default 1)
  --threads N     threads painting and encoding masks and frames (default: one per core)

About half the rows label one part (mostly the body) and carry the thesis's rejection reason;
the others label all five parts and are marked for approval. The mouse turns once over the batch.
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "hitl_make_mturk_fixture: %s\nRun with --help for usage.\n",
               message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path, survey_path, frames_dir;
  bool flat_frames = false;
  int count = 296, width_px = 2880, height_px = 1920, threads = 0;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--flat-frames") {
      flat_frames = true;
      continue;
    }
    if (i + 1 >= argc) return usage_error("option " + std::string(arg) + " needs a value");
    const std::string_view value = argv[++i];
    if (arg == "-o") {
      out_path = value;
    } else if (arg == "--survey") {
      survey_path = value;
    } else if (arg == "--frames") {
      frames_dir = value;
    } else if (arg == "--count" || arg == "--seed" || arg == "--threads") {
      const auto number = hitl::parse_int(value);
      if (!number || *number < 0 || *number > 1'000'000) {
        return usage_error(std::string(arg) + " wants a number from 0 to 1000000, not " +
                           hitl::quoted(value));
      }
      if (arg == "--count") count = static_cast<int>(*number);
      if (arg == "--seed") seed = static_cast<std::uint64_t>(*number);
      if (arg == "--threads") threads = static_cast<int>(*number);
    } else if (arg == "--size") {
      const auto x = value.find('x');
      const auto w =
          x == std::string_view::npos ? std::nullopt : hitl::parse_int(value.substr(0, x));
      const auto h =
          x == std::string_view::npos ? std::nullopt : hitl::parse_int(value.substr(x + 1));
      if (!w || !h || *w <= 0 || *h <= 0 || *w > 16384 || *h > 16384) {
        return usage_error("--size wants WIDTHxHEIGHT in pixels, e.g. 2880x1920, not " +
                           hitl::quoted(value));
      }
      width_px = static_cast<int>(*w);
      height_px = static_cast<int>(*h);
    } else {
      return usage_error("unknown option " + hitl::quoted(arg));
    }
  }
  if (out_path.empty()) return usage_error("-o FILE.csv is required");
  if (flat_frames && frames_dir.empty()) return usage_error("--flat-frames needs --frames DIR");

  const auto specs = hitl::test::realistic_batch_specs(count, width_px, height_px, seed);
  const unsigned workers = threads > 0 ? static_cast<unsigned>(threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
  // Runs job(i) for i in [0, n) on the worker threads.
  const auto in_parallel = [&](std::size_t n, const auto& job) {
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      for (std::size_t i = next++; i < n; i = next++) job(i);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
  };

  hitl::test::MturkCsv csv;
  csv.columns = hitl::test::mturk_standard_columns();
  csv.rows.resize(specs.size());
  in_parallel(specs.size(),
              [&](std::size_t i) { csv.rows[i] = hitl::test::make_mturk_row(specs[i]); });

  const auto written = hitl::write_file(out_path, csv.text());
  if (!written) {
    std::fprintf(stderr, "hitl_make_mturk_fixture: %s\n", written.error().to_string().c_str());
    return 1;
  }
  if (!survey_path.empty()) {
    std::vector<std::string> worker_ids;
    for (const auto& spec : specs) worker_ids.push_back(hitl::test::make_worker_id(spec.seed));
    const auto survey = hitl::write_file(survey_path, hitl::test::make_survey_csv(worker_ids));
    if (!survey) {
      std::fprintf(stderr, "hitl_make_mturk_fixture: %s\n", survey.error().to_string().c_str());
      return 1;
    }
  }
  if (!frames_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(frames_dir, ec);
    const std::string flat = flat_frames ? hitl::test::make_jpeg(width_px, height_px) : "";
    // Each frame is named by its row's frame number and shows the mouse at that row's angle, so
    // that the masks of row i lie over frame i.
    std::vector<std::string> errors(specs.size());
    in_parallel(specs.size(), [&](std::size_t i) {
      const auto& spec = specs[i];
      char name[32];
      std::snprintf(name, sizeof name, "/mouse_%04d.jpeg", spec.frame_number);
      try {
        const std::string jpeg = flat_frames ? flat
                                             : hitl::test::make_photo_frame_jpeg(
                                                   spec.width_px, spec.height_px, spec.angle_rad);
        if (const auto frame = hitl::write_file(frames_dir + name, jpeg); !frame) {
          errors[i] = frame.error().to_string();
        }
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
    for (const auto& error : errors) {
      if (!error.empty()) {
        std::fprintf(stderr, "hitl_make_mturk_fixture: %s\n", error.c_str());
        return 1;
      }
    }
  }
  std::printf("wrote %s: %d assignments of %dx%d masks\n", out_path.c_str(), count, width_px,
              height_px);
  return 0;
}
