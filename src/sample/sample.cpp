// Making the sample: the GL thread renders the mouse frame after frame while worker threads encode
// the JPEGs and trace the parts' outlines; then the crowd is simulated, the raw exports written and
// imported the way `hitl import` imports real ones.
#include "hitl/sample/sample.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#include <set>
#include <system_error>
#include <thread>

#include "hitl/base/text.hpp"
#include "hitl/data/coco.hpp"
#include "hitl/data/import.hpp"
#include "hitl/frames/jpeg_encode.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/sample/crowd.hpp"
#include "hitl/sample/mouse_model.hpp"

namespace hitl {

namespace fs = std::filesystem;

namespace {

void tell(const SampleOptions& options, const std::string& line) {
  if (options.progress) options.progress(line);
}

// Most workers answer the survey; about one in twenty-five does not (labels without answers, as
// in real batches). Decided by the worker id alone, so it is the same for every run.
bool answers_survey(const std::string& worker_id) {
  std::uint64_t hash = 1469598103934665603ull;
  for (const char c : worker_id) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash % 25 != 0;
}

}  // namespace

Result<SampleReport> make_sample(const SampleOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.frames < 2 || options.width_px < 16 || options.height_px < 16) {
    return error_at(options.out_dir, 0, 0, "", "a sample needs at least 2 frames of 16x16 px");
  }
  const fs::path out(options.out_dir);
  const fs::path frames_dir = out / "frames";
  const fs::path raw_dir = out / "raw";
  std::error_code ec;
  fs::create_directories(frames_dir, ec);
  if (!ec) fs::create_directories(raw_dir, ec);
  if (ec) return error_at(options.out_dir, 0, 0, "", "cannot create the folder: " + ec.message());

  auto context = HeadlessGlContext::create({.debug_output = false});
  if (!context) return context.error();
  auto mouse = MouseRenderer::create({options.width_px, options.height_px, options.frames});
  if (!mouse) return mouse.error();

  // Render on this thread; encode and trace on others, a few frames behind.
  tell(options, "rendering " + std::to_string(options.frames) + " frames of " +
                    std::to_string(options.width_px) + "x" + std::to_string(options.height_px));
  std::vector<FrameTruth> truths(static_cast<std::size_t>(options.frames));
  const std::size_t in_flight_max = std::max(2u, std::thread::hardware_concurrency());
  std::deque<std::future<Status>> in_flight;
  Status failed = Done{};
  const auto collect_oldest = [&] {
    Status done = in_flight.front().get();
    in_flight.pop_front();
    if (!done && failed) failed = done;
  };
  for (int index = 0; index < options.frames && failed; ++index) {
    auto frame = (*mouse)->render(index);
    if (!frame) return frame.error();
    const int number = index + 1;
    char name[32];
    std::snprintf(name, sizeof name, "mouse_%04d.jpeg", number);
    const fs::path path = frames_dir / name;
    in_flight.push_back(std::async(
        std::launch::async, [&truths, index, number, path, frame = std::move(*frame)]() -> Status {
          auto jpeg = encode_jpeg_rgb(frame.rgb.data(), frame.width_px, frame.height_px, 90);
          if (!jpeg) return error_at(path.string(), 0, 0, "", jpeg.error().message);
          if (Status written = write_file(path, *jpeg); !written) return written;
          truths[static_cast<std::size_t>(index)] =
              trace_parts(number, frame.parts, frame.width_px, frame.height_px);
          return Done{};
        }));
    if (in_flight.size() >= in_flight_max) collect_oldest();
    if ((index + 1) % 37 == 0) {
      tell(options, "  " + std::to_string(index + 1) + " of " + std::to_string(options.frames));
    }
  }
  while (!in_flight.empty()) collect_oldest();
  if (!failed) return failed.error();

  tell(options, "simulating the crowd and the survey");
  const CrowdOptions crowd_options{options.seed, options.width_px, options.height_px};
  const std::vector<SimulatedAssignment> crowd = simulate_crowd(truths, crowd_options);
  SampleReport report;
  report.frames = options.frames;
  std::vector<std::vector<SimulatedAssignment>> batches;
  std::vector<std::string> workers;
  std::set<std::string> seen;
  for (const SimulatedAssignment& assignment : crowd) {
    if (assignment.batch < 1) continue;
    if (batches.size() < static_cast<std::size_t>(assignment.batch)) {
      batches.resize(static_cast<std::size_t>(assignment.batch));
    }
    batches[static_cast<std::size_t>(assignment.batch - 1)].push_back(assignment);
    ++report.assignments;
    report.rejected += assignment.approved ? 0 : 1;
    if (seen.insert(assignment.worker_id).second && answers_survey(assignment.worker_id)) {
      workers.push_back(assignment.worker_id);
    }
  }
  RawExports exports;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    tell(options, "writing batch " + std::to_string(b + 1) + " (" +
                      std::to_string(batches[b].size()) + " assignments, masks as PNG)");
    auto csv = write_mturk_batch_csv(batches[b], crowd_options);
    if (!csv) return csv.error();
    const fs::path path = raw_dir / ("batch" + std::to_string(b + 1) + "_results.csv");
    if (Status written = write_file_atomically(path, *csv); !written) return written.error();
    exports.mturk_csvs.push_back(path.string());
  }
  const fs::path survey = raw_dir / "survey.csv";
  if (Status written = write_file_atomically(survey, write_qualtrics_csv(workers, options.seed));
      !written) {
    return written.error();
  }
  report.survey_responses = static_cast<int>(workers.size());
  exports.survey_csv = survey.string();
  exports.frames_dir = frames_dir.string();

  tell(options, "importing the raw exports");
  Warnings warnings;
  auto dataset = import_raw_exports(exports, warnings);
  if (!dataset) return dataset.error();
  const Dataset relocated =
      dataset->with_frames_dir(frames_dir_relative_to(dataset->frames_dir(), out.string()));
  const fs::path dataset_path = out / "dataset.json";
  if (Status written = write_file_atomically(dataset_path, write_dataset_json(relocated));
      !written) {
    return written.error();
  }
  report.dataset_path = dataset_path.string();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

fs::path default_sample_dir() {
  fs::path cache;
  if (const char* dir = std::getenv("HITL_CACHE_DIR"); dir != nullptr && *dir != '\0') {
    cache = dir;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    cache = fs::path(xdg) / "hitl";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    cache = fs::path(home) / ".cache" / "hitl";
  } else {
    cache = fs::temp_directory_path() / "hitl-cache";
  }
  return cache / ("sample-v" + std::to_string(sample_generator_version) + "-seed1");
}

Result<std::string> ensure_default_sample(const std::function<void(std::string_view)>& progress) {
  const fs::path dir = default_sample_dir();
  const fs::path dataset = dir / "dataset.json";
  std::error_code ec;
  if (fs::exists(dataset, ec)) return dataset.string();

  const fs::path temp =
      dir.parent_path() / (dir.filename().string() + ".partial-" + std::to_string(::getpid()));
  fs::remove_all(temp, ec);
  SampleOptions options;
  options.out_dir = temp.string();
  options.progress = progress;
  if (progress) progress("making the built-in sample in " + dir.string() + " (first use only)");
  auto made = make_sample(options);
  if (!made) {
    fs::remove_all(temp, ec);
    return made.error();
  }
  // Another process may have finished first: then its sample is used and this one dropped.
  fs::rename(temp, dir, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
    if (!fs::exists(dataset, ignored)) {
      return error_at(dir.string(), 0, 0, "", "cannot move the sample into place: " + ec.message());
    }
  }
  return dataset.string();
}

}  // namespace hitl
