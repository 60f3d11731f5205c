// hitl validate: reports whether a dataset or raw export is usable, and what is wrong with it.
#include <cstdio>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/show_inputs.hpp"
#include "app/summary.hpp"
#include "hitl/data/load.hpp"

namespace hitl::app {

namespace {

constexpr const char* kHelp = R"(Usage: hitl validate [PATH] [--json]

Checks PATH and reports what it holds and what is wrong with it, by file and line. PATH may be:
  - a dataset: hitl's dataset.json (or the folder holding it), or a COCO JSON with worker attributes
  - the thesis's M8 folder: mouse_video_frames/, labels/ (YOLO), metadata.json
  - a folder of raw exports: MTurk batch CSV(s), a Qualtrics CSV, frames/ (optional)
  - a single MTurk batch results CSV or Qualtrics survey CSV
  - a folder of numbered frame images
Without PATH, the built-in sample (see 'hitl sample'; made on first use, then cached).

Options:
  --json      print the report as JSON (counts, problems with file, line, column, field)
  -h, --help  this help

Missing frame files and unjoinable workers are warnings. Exit codes: 0 usable, 1 not usable
(an error, or no labelled frames), 2 usage error.
)";

}  // namespace

int run_validate(const Args& args) {
  const auto parsed = parse_args("validate", args, {{"--json", "", false, false}}, 1);
  if (!parsed) return 2;
  if (parsed->help) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  const auto resolved = dataset_or_sample(
      parsed->positionals.empty() ? std::nullopt : std::optional(parsed->positionals.front()));
  if (!resolved) {
    std::fprintf(stderr, "hitl validate: %s\n", resolved.error().to_string().c_str());
    return 1;
  }
  const std::string path = *resolved;

  Warnings warnings;
  auto loaded = load_input(path, warnings);

  bool usable = loaded.ok();
  std::string verdict;
  DatasetCounts counts;
  if (loaded) {
    counts = count(loaded->dataset);
    const bool labels_expected =
        loaded->kind == InputKind::dataset_json || loaded->kind == InputKind::m8_folder ||
        loaded->kind == InputKind::raw_exports || loaded->kind == InputKind::mturk_csv;
    if (labels_expected && counts.submissions == 0) {
      usable = false;
      verdict = "no labelled frames";
    }
  } else {
    verdict = "refused";
  }

  if (parsed->has("--json")) {
    nlohmann::json report = {{"path", path}, {"usable", usable}};
    report["kind"] = loaded ? std::string(to_string(loaded->kind)) : "";
    if (loaded) report["counts"] = to_json(counts);
    auto problems = nlohmann::json::array();
    if (!loaded) problems.push_back(to_json(loaded.error()));
    for (const auto& w : warnings) problems.push_back(to_json(w));
    report["problems"] = std::move(problems);
    std::printf("%s\n",
                report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return usable ? 0 : 1;
  }

  std::printf("%s", path.c_str());
  if (loaded) std::printf(" (%s)", std::string(to_string(loaded->kind)).c_str());
  std::printf("\n");
  if (loaded) std::printf("%s", describe(counts).c_str());
  const std::size_t errors = loaded ? 0 : 1;
  if (errors + warnings.size() > 0) {
    std::printf("problems:\n");
    if (!loaded) std::printf("  %s\n", loaded.error().to_string().c_str());
    for (const auto& w : warnings) std::printf("  %s\n", w.to_string().c_str());
  }
  std::printf("%s (%zu error(s), %zu warning(s))%s%s\n", usable ? "usable" : "NOT usable", errors,
              warnings.size(), verdict.empty() ? "" : ": ", verdict.c_str());
  return usable ? 0 : 1;
}

}  // namespace hitl::app
