// hitl import: raw exports (MTurk batch CSVs, a Qualtrics CSV, a frames folder) joined by
// worker ID into OUTDIR/dataset.json.
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/summary.hpp"
#include "hitl/base/text.hpp"
#include "hitl/data/coco.hpp"
#include "hitl/data/import.hpp"

namespace fs = std::filesystem;

namespace hitl::app {

namespace {

constexpr const char* kHelp =
    R"(Usage: hitl import --mturk FILE [--mturk FILE ...] [--survey FILE] [--frames DIR] -o OUTDIR
                   [--force] [--threads N]

Joins crowd labels and survey answers by MTurk worker ID and writes OUTDIR/dataset.json: COCO
JSON that COCO tools read (one annotation per labelled part, bbox in source pixels, the mask as
RLE segmentation), with each annotation's worker, survey answers and assignment status, and what
COCO lacks (rewards, rejection reasons, question texts, the frames folder) under the key "hitl".

Options:
  --mturk FILE     an MTurk batch results CSV; repeat for later batches (batch 1, 2, ...)
  --survey FILE    the Qualtrics survey export (CSV, three header rows, a workerId column)
  --frames DIR     the folder of source frames (mouse_0001.jpeg, ...)
  -o, --out DIR    where to write dataset.json (created if needed)
  --force, -y      replace an existing OUTDIR/dataset.json
  --threads N      threads decoding masks (default: one per core)
  -h, --help       this help

Rejected work is kept and marked as such. Workers who labelled but did not answer, and workers
who answered but did not label, are reported as warnings.
Exit codes: 0 written, 1 an input was refused or the file could not be written, 2 usage error.
)";

}  // namespace

int run_import(const Args& args) {
  const auto parsed = parse_args("import", args,
                                 {{"--mturk", "", true, true},
                                  {"--survey", "", true, false},
                                  {"--frames", "", true, false},
                                  {"--out", "-o", true, false},
                                  {"--force", "-y", false, false},
                                  {"--threads", "", true, false}},
                                 0);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  RawExports exports;
  exports.mturk_csvs = parsed->all("--mturk");
  exports.survey_csv = parsed->value("--survey").value_or("");
  exports.frames_dir = parsed->value("--frames").value_or("");
  if (exports.mturk_csvs.empty()) return usage_error("import", "--mturk FILE is required");
  const auto out_dir = parsed->value("--out");
  if (!out_dir) return usage_error("import", "-o OUTDIR is required");
  if (const auto threads = parsed->value("--threads")) {
    const auto n = parse_int(*threads);
    if (!n || *n < 1 || *n > 256) {
      return usage_error("import",
                         "--threads must be a whole number from 1 to 256, not '" + *threads + "'");
    }
    exports.threads = static_cast<int>(*n);
  }

  const fs::path out_file = fs::path(*out_dir) / "dataset.json";
  std::error_code ec;
  if (fs::exists(out_file, ec) && !parsed->has("--force")) {
    std::fprintf(stderr, "hitl import: %s already exists; add --force to replace it\n",
                 out_file.string().c_str());
    return 1;
  }

  const auto started = std::chrono::steady_clock::now();
  Warnings warnings;
  auto dataset = import_raw_exports(exports, warnings);
  for (const auto& w : warnings) std::fprintf(stderr, "%s\n", w.to_string().c_str());
  if (!dataset) {
    std::fprintf(stderr, "%s\nhitl import: nothing written\n", dataset.error().to_string().c_str());
    return 1;
  }

  fs::create_directories(*out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "hitl import: cannot create %s: %s\n", out_dir->c_str(),
                 ec.message().c_str());
    return 1;
  }
  // Written beside the target and renamed into place, so that an interrupted import never
  // leaves a truncated dataset.json behind.
  const Dataset relocated =
      dataset->with_frames_dir(frames_dir_relative_to(dataset->frames_dir(), *out_dir));
  const fs::path temp_file =
      fs::path(*out_dir) / (".dataset.json.partial-" + std::to_string(::getpid()));
  if (const auto written = write_file(temp_file, write_dataset_json(relocated)); !written) {
    fs::remove(temp_file, ec);
    std::fprintf(stderr, "hitl import: %s\n", written.error().to_string().c_str());
    return 1;
  }
  fs::rename(temp_file, out_file, ec);
  if (ec) {
    fs::remove(temp_file, ec);
    std::fprintf(stderr, "hitl import: cannot move the result to %s: %s\n",
                 out_file.string().c_str(), ec.message().c_str());
    return 1;
  }

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("hitl import: wrote %s in %.2f s (%zu warning(s))\n%s", out_file.string().c_str(),
              seconds, warnings.size(), describe(count(*dataset)).c_str());
  return 0;
}

}  // namespace hitl::app
