// hitl sample: makes the built-in sample (a rendered mouse, a simulated crowd and survey in the
// real raw formats, imported) into a folder, or says where the cached one is.
#include <cstdio>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "hitl/base/text.hpp"
#include "hitl/sample/sample.hpp"

namespace hitl::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: hitl sample [-o DIR] [--seed N] [--frames N] [--size WxH] [--force]

Makes hitl's own sample: a computer mouse modelled and rendered by hitl, turning once over the
frames (2880x1920 JPEG), a simulated crowd that labels them the way people do (two MTurk batches,
about half rejected, as in the thesis) and a simulated survey, written as real raw exports (MTurk
batch results CSVs with base64 PNG masks, a Qualtrics CSV) and imported like real data. Every
worker ID is made up. Without -o, makes (or finds) the cached sample that commands use when they
are given no dataset, and prints its path.

  -o, --out DIR   where to write it: DIR/frames, DIR/raw, DIR/dataset.json
  --seed N        a different crowd and survey (default 1)
  --frames N      frames of the turn (default 296)
  --size WxH      frame size (default 2880x1920)
  --force         replace DIR/dataset.json if it is there
  -h, --help      this help

Exit codes: 0 made, 1 it could not be made, 2 usage error.
)";

void print_progress(std::string_view line) {
  std::fprintf(stderr, "hitl sample: %.*s\n", static_cast<int>(line.size()), line.data());
}

}  // namespace

int run_sample(const Args& args) {
  const auto parsed = parse_args("sample", args,
                                 {{"--out", "-o", true, false},
                                  {"--seed", "", true, false},
                                  {"--frames", "", true, false},
                                  {"--size", "", true, false},
                                  {"--force", "", false, false}},
                                 0);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  const auto out = parsed->value("--out");
  if (!out) {
    if (parsed->has("--seed") || parsed->has("--frames") || parsed->has("--size")) {
      return usage_error("sample", "--seed, --frames and --size need -o DIR");
    }
    auto dataset = ensure_default_sample(print_progress);
    if (!dataset) {
      std::fprintf(stderr, "hitl sample: %s\n", dataset.error().to_string().c_str());
      return 1;
    }
    std::printf("%s\n", dataset->c_str());
    return 0;
  }

  SampleOptions options;
  options.out_dir = *out;
  options.progress = print_progress;
  if (const auto text = parsed->value("--seed")) {
    const auto seed = parse_int(*text);
    if (!seed || *seed < 0)
      return usage_error("sample", "--seed '" + *text + "': expected 0 or more");
    options.seed = static_cast<std::uint64_t>(*seed);
  }
  if (const auto text = parsed->value("--frames")) {
    const auto frames = parse_int(*text);
    if (!frames || *frames < 2 || *frames > 10000) {
      return usage_error("sample", "--frames '" + *text + "': expected 2 to 10000");
    }
    options.frames = static_cast<int>(*frames);
  }
  if (const auto text = parsed->value("--size")) {
    const auto x = text->find('x');
    const auto width = x == std::string::npos ? std::nullopt : parse_int(text->substr(0, x));
    const auto height = x == std::string::npos ? std::nullopt : parse_int(text->substr(x + 1));
    if (!width || !height || *width < 16 || *height < 16 || *width > 8192 || *height > 8192) {
      return usage_error("sample", "--size '" + *text + "': expected WIDTHxHEIGHT, 16 to 8192");
    }
    options.width_px = static_cast<int>(*width);
    options.height_px = static_cast<int>(*height);
  }
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(*out) / "dataset.json", ec) &&
      !parsed->has("--force")) {
    std::fprintf(stderr, "hitl sample: %s/dataset.json already exists; add --force to replace it\n",
                 out->c_str());
    return 1;
  }
  auto report = make_sample(options);
  if (!report) {
    std::fprintf(stderr, "hitl sample: %s\n", report.error().to_string().c_str());
    return 1;
  }
  std::printf(
      "hitl sample: wrote %s in %.1f s: %d frames, %d assignments (%d rejected), %d survey "
      "responses\n",
      report->dataset_path.c_str(), report->seconds, report->frames, report->assignments,
      report->rejected, report->survey_responses);
  return 0;
}

}  // namespace hitl::app
