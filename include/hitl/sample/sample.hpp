// The embedded sample: the procedural mouse rendered frame by frame, a simulated crowd and survey
// written as real raw exports (MTurk batch results CSVs, a Qualtrics CSV), then imported exactly as
// real exports are. What every command shows when it is given no dataset.
//
// Layout of a sample folder:
//   frames/mouse_0001.jpeg ...   the renders, 2880x1920 JPEG
//   raw/batch1_results.csv       the first MTurk batch (every frame)
//   raw/batch2_results.csv       the second (the first batch's rejected frames, re-issued)
//   raw/survey.csv               the Qualtrics export
//   dataset.json                 what `hitl import` makes of the three
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

// Raised whenever the generator's output changes, so that cached samples are made again.
inline constexpr int sample_generator_version = 1;

struct SampleOptions {
  std::string out_dir;
  std::uint64_t seed = 1;
  int frames = 296;
  int width_px = 2880, height_px = 1920;
  // Called with one line about each stage, for a person waiting.
  std::function<void(std::string_view)> progress;
};

struct SampleReport {
  std::string dataset_path;  // out_dir/dataset.json
  int frames = 0;
  int assignments = 0;
  int rejected = 0;
  int survey_responses = 0;
  double seconds = 0;
};

// Makes the sample in options.out_dir (created; files there are replaced). Renders through a
// headless GL context of its own. The error names the step and the file.
Result<SampleReport> make_sample(const SampleOptions& options);

// Where the built-in sample is cached: $HITL_CACHE_DIR, else $XDG_CACHE_HOME/hitl, else
// $HOME/.cache/hitl; then "sample-v<generator version>-seed1".
std::filesystem::path default_sample_dir();

// The built-in sample's dataset.json, made on first use: generated into a temporary folder beside
// the cache folder and renamed into place, so that an interrupted run leaves nothing half made.
Result<std::string> ensure_default_sample(const std::function<void(std::string_view)>& progress);

}  // namespace hitl
