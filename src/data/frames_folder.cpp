// Scanning a frames folder: which numbered frames exist, their sizes, and what is missing.
#include "hitl/data/frames_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "hitl/base/text.hpp"
#include "hitl/frames/image_info.hpp"

namespace fs = std::filesystem;

namespace hitl {

std::string describe_number_ranges(const std::vector<int>& sorted_numbers) {
  std::string out;
  for (std::size_t i = 0; i < sorted_numbers.size();) {
    std::size_t j = i;
    while (j + 1 < sorted_numbers.size() && sorted_numbers[j + 1] == sorted_numbers[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(sorted_numbers[i]);
    if (j > i) out += "-" + std::to_string(sorted_numbers[j]);
    i = j + 1;
  }
  return out;
}

namespace {

bool has_image_extension(const fs::path& path) {
  const std::string ext = to_lower_ascii(path.extension().string());
  return ext == ".jpeg" || ext == ".jpg" || ext == ".png";
}

}  // namespace

Result<FramesFolder> scan_frames_folder(const std::string& dir, Warnings& warnings) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return error_at(dir, 0, 0, "",
                    fs::exists(dir, ec) ? "is not a folder; expected a folder of frame images"
                                        : "does not exist; expected a folder of frame images");
  }

  std::map<int, std::vector<std::string>> names_by_number;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (!it->is_regular_file(ec) || !has_image_extension(path)) continue;
    const auto number = frame_number_from_name(path.filename().string());
    if (!number) continue;
    names_by_number[*number].push_back(path.filename().string());
  }
  if (ec) return error_at(dir, 0, 0, "", "cannot list the folder: " + ec.message());
  if (names_by_number.empty()) {
    return error_at(dir, 0, 0, "",
                    "holds no numbered frame images; expected files named like mouse_0001.jpeg "
                    "(.jpg and .png also work)");
  }

  FramesFolder folder;
  folder.dir = dir;
  for (auto& [number, names] : names_by_number) {
    std::sort(names.begin(), names.end());
    if (names.size() > 1) {
      warnings.push_back(warning_at((fs::path(dir) / names[1]).string(), 0, 0, "",
                                    "frame " + std::to_string(number) + " also comes from " +
                                        names[0] + "; keeping " + names[0]));
    }
    const auto info = read_image_info((fs::path(dir) / names[0]).string());
    if (!info) {
      Diagnostic skipped = info.error();
      skipped.severity = Severity::warning;
      skipped.message += "; frame " + std::to_string(number) + " skipped";
      warnings.push_back(std::move(skipped));
      continue;
    }
    folder.frames.push_back(Frame{number, names[0], info->width_px, info->height_px});
  }
  if (folder.frames.empty()) {
    return error_at(dir, 0, 0, "", "none of its frame images could be read");
  }

  const Frame& first = folder.frames.front();
  for (const Frame& f : folder.frames) {
    if (f.width_px != first.width_px || f.height_px != first.height_px) {
      warnings.push_back(warning_at(
          (fs::path(dir) / f.file).string(), 0, 0, "",
          "is " + std::to_string(f.width_px) + "x" + std::to_string(f.height_px) + ", but " +
              first.file + " is " + std::to_string(first.width_px) + "x" +
              std::to_string(first.height_px) + "; frames of one loop should share a size"));
    }
  }

  std::vector<int> missing;
  for (std::size_t i = 1; i < folder.frames.size(); ++i) {
    for (int n = folder.frames[i - 1].number + 1; n < folder.frames[i].number; ++n) {
      missing.push_back(n);
    }
  }
  if (!missing.empty()) {
    warnings.push_back(warning_at(dir, 0, 0, "",
                                  std::to_string(missing.size()) + " frame(s) missing from the " +
                                      "numbering: " + describe_number_ranges(missing)));
  }
  return folder;
}

}  // namespace hitl
