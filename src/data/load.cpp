// Telling input kinds apart and opening each with its loader.
#include "hitl/data/load.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "hitl/base/text.hpp"
#include "hitl/data/coco.hpp"
#include "hitl/data/frames_folder.hpp"
#include "hitl/data/import.hpp"
#include "hitl/data/m8_folder.hpp"
#include "hitl/data/mturk.hpp"
#include "hitl/data/qualtrics.hpp"

namespace fs = std::filesystem;

namespace hitl {

std::string_view to_string(InputKind kind) {
  switch (kind) {
    case InputKind::dataset_json:
      return "dataset";
    case InputKind::m8_folder:
      return "M8 folder";
    case InputKind::raw_exports:
      return "raw exports";
    case InputKind::mturk_csv:
      return "MTurk batch results";
    case InputKind::survey_csv:
      return "Qualtrics survey export";
    case InputKind::frames_folder:
      return "frames folder";
  }
  return "dataset";
}

namespace {

enum class CsvKind { mturk, survey, other };

// Looks at the header line only: MTurk batch files name AssignmentId and WorkerId, Qualtrics
// exports name ResponseId (and StartDate).
CsvKind sniff_csv(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const std::string first_line = head.substr(0, head.find_first_of("\r\n"));
  const auto has = [&](std::string_view name) {
    return first_line.find(name) != std::string::npos;
  };
  if (has("AssignmentId") && has("WorkerId")) return CsvKind::mturk;
  if (has("ResponseId") || has("StartDate")) return CsvKind::survey;
  return CsvKind::other;
}

Result<Dataset> freeze(DatasetParts parts, const std::string& origin) {
  return Dataset::create(std::move(parts), origin);
}

// Frames a dataset names but which are not on disk: warnings, as the kiosk will skip them.
void check_frame_files(const Dataset& dataset, const std::string& origin, Warnings& warnings) {
  if (dataset.frames_dir().empty()) return;
  std::error_code ec;
  if (!fs::is_directory(dataset.frames_dir(), ec)) {
    warnings.push_back(warning_at(origin, 0, 0, "frames_dir",
                                  "the frames folder " + quoted(dataset.frames_dir(), 200) +
                                      " does not exist; frames will be missing"));
    return;
  }
  std::vector<int> missing;
  for (const auto& f : dataset.frames()) {
    if (f.file.empty() || !fs::exists(fs::path(dataset.frames_dir()) / f.file, ec)) {
      missing.push_back(f.number);
    }
  }
  if (!missing.empty()) {
    warnings.push_back(warning_at(origin, 0, 0, "frames",
                                  std::to_string(missing.size()) + " frame file(s) missing from " +
                                      dataset.frames_dir() + ": frames " +
                                      describe_number_ranges(missing)));
  }
}

Result<LoadedInput> load_dataset_json(const std::string& path, Warnings& warnings) {
  auto parts = load_coco_json(path, warnings);
  if (!parts) return parts.error();
  if (!parts->frames_dir.empty() && fs::path(parts->frames_dir).is_relative()) {
    parts->frames_dir =
        (fs::path(path).parent_path() / parts->frames_dir).lexically_normal().string();
  }
  auto dataset = freeze(std::move(*parts), path);
  if (!dataset) return dataset.error();
  check_frame_files(*dataset, path, warnings);
  return LoadedInput{InputKind::dataset_json, path, std::move(*dataset)};
}

Result<LoadedInput> load_folder(const std::string& path, Warnings& warnings) {
  const fs::path dir(path);
  std::error_code ec;
  if (fs::is_regular_file(dir / "dataset.json", ec)) {
    return load_dataset_json((dir / "dataset.json").string(), warnings);
  }
  if (fs::is_directory(dir / "labels", ec) &&
      (fs::is_directory(dir / "mouse_video_frames", ec) || fs::exists(dir / "metadata.json", ec))) {
    auto parts = load_m8_folder(path, warnings);
    if (!parts) return parts.error();
    auto dataset = freeze(std::move(*parts), path);
    if (!dataset) return dataset.error();
    return LoadedInput{InputKind::m8_folder, path, std::move(*dataset)};
  }

  RawExports exports;
  std::vector<std::string> surveys;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || to_lower_ascii(it->path().extension().string()) != ".csv") {
      continue;
    }
    switch (sniff_csv(it->path())) {
      case CsvKind::mturk:
        exports.mturk_csvs.push_back(it->path().string());
        break;
      case CsvKind::survey:
        surveys.push_back(it->path().string());
        break;
      case CsvKind::other:
        warnings.push_back(warning_at(it->path().string(), 1, 0, "",
                                      "neither an MTurk batch results CSV (AssignmentId, "
                                      "WorkerId columns) nor a Qualtrics export (ResponseId); "
                                      "ignored"));
        break;
    }
  }
  if (ec) return error_at(path, 0, 0, "", "cannot list the folder: " + ec.message());

  if (exports.mturk_csvs.empty()) {
    // No labels: perhaps just a frames folder.
    auto folder = scan_frames_folder(path, warnings);
    if (!folder) {
      return error_at(path, 0, 0, "",
                      "holds no dataset.json, no M8 layout (labels/, mouse_video_frames/), no "
                      "MTurk batch CSV and no numbered frame images; expected one of these");
    }
    DatasetParts parts;
    parts.frames_dir = folder->dir;
    parts.frames = std::move(folder->frames);
    auto dataset = freeze(std::move(parts), path);
    if (!dataset) return dataset.error();
    return LoadedInput{InputKind::frames_folder, path, std::move(*dataset)};
  }

  std::sort(exports.mturk_csvs.begin(), exports.mturk_csvs.end());
  std::sort(surveys.begin(), surveys.end());
  if (surveys.size() > 1) {
    return error_at(path, 0, 0, "",
                    "holds " + std::to_string(surveys.size()) + " Qualtrics exports (" +
                        surveys[0] + ", " + surveys[1] + "); expected one");
  }
  if (!surveys.empty()) exports.survey_csv = surveys.front();
  for (const char* name : {"frames", "mouse_frames", "mouse_video_frames"}) {
    if (fs::is_directory(dir / name, ec)) {
      exports.frames_dir = (dir / name).string();
      break;
    }
  }
  auto dataset = import_raw_exports(exports, warnings);
  if (!dataset) return dataset.error();
  return LoadedInput{InputKind::raw_exports, path, std::move(*dataset)};
}

}  // namespace

Result<LoadedInput> load_input(const std::string& path, Warnings& warnings) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return load_folder(path, warnings);
  if (!fs::exists(path, ec)) {
    return error_at(path, 0, 0, "",
                    "does not exist; expected a dataset (.json or folder), an M8 folder, raw "
                    "exports (.csv) or a frames folder");
  }
  const std::string ext = to_lower_ascii(fs::path(path).extension().string());
  if (ext == ".csv") {
    switch (sniff_csv(path)) {
      case CsvKind::mturk: {
        RawExports exports;
        exports.mturk_csvs.push_back(path);
        auto dataset = import_raw_exports(exports, warnings);
        if (!dataset) return dataset.error();
        return LoadedInput{InputKind::mturk_csv, path, std::move(*dataset)};
      }
      case CsvKind::survey:
      case CsvKind::other: {
        // Anything else is read as a survey: its loader says precisely what does not fit.
        auto survey = load_qualtrics_csv(path, warnings);
        if (!survey) return survey.error();
        DatasetParts parts;
        parts.questions = std::move(survey->questions);
        parts.survey = std::move(survey->responses);
        auto dataset = freeze(std::move(parts), path);
        if (!dataset) return dataset.error();
        return LoadedInput{InputKind::survey_csv, path, std::move(*dataset)};
      }
    }
  }
  return load_dataset_json(path, warnings);
}

}  // namespace hitl
