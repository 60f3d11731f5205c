// Loading the thesis's M8 project folder: frame images for their sizes, YOLO label files for the
// boxes, metadata.json for the survey answers, joined by the worker ID in the file names.
#include "hitl/data/m8_folder.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <vector>

#include "hitl/base/json_position.hpp"
#include "hitl/base/text.hpp"
#include "hitl/frames/image_info.hpp"

namespace hitl {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;  // keeps the file's key order: Q1, Q2, ..., Q10

constexpr std::string_view kFramesFolder = "mouse_video_frames";
constexpr std::string_view kLabelsFolder = "labels";
constexpr std::string_view kMetadataFile = "metadata.json";
constexpr std::string_view kLabelNamesFile = "classes.txt";

// Limits on files from strangers: far above what the thesis's folder holds (a label file is a
// few hundred bytes, metadata.json a few hundred kilobytes).
constexpr std::uint64_t kMaxLabelFileBytes = std::uint64_t{16} << 20;
constexpr std::uint64_t kMaxClassNamesBytes = std::uint64_t{1} << 20;
constexpr std::uint64_t kMaxMetadataBytes = std::uint64_t{256} << 20;
constexpr int kMaxJsonDepth = 64;  // nlohmann's destructor recurses once per level

// Boxes touching the image border are often written as 1.0000001 by float rounding.
constexpr double kNormalisedSlack = 1e-6;

// Colours for classes that are not the mouse task's: matplotlib's tab10, the palette the MTurk
// label colours come from.
constexpr std::array<Rgb8, 10> kFallbackPalette = {{{0x1f, 0x77, 0xb4},
                                                    {0xff, 0x7f, 0x0e},
                                                    {0x2c, 0xa0, 0x2c},
                                                    {0xd6, 0x27, 0x28},
                                                    {0x94, 0x67, 0xbd},
                                                    {0x8c, 0x56, 0x4b},
                                                    {0xe3, 0x77, 0xc2},
                                                    {0x7f, 0x7f, 0x7f},
                                                    {0xbc, 0xbd, 0x22},
                                                    {0x17, 0xbe, 0xcf}}};

bool has_extension(const std::string& name, std::initializer_list<std::string_view> extensions) {
  const std::string extension = to_lower_ascii(fs::path(name).extension().string());
  return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
}

std::string stem_of(const std::string& name) {
  return fs::path(name).stem().string();
}

// The names of the regular files in a folder, sorted.
Result<std::vector<std::string>> sorted_file_names(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  const fs::directory_iterator end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) names.push_back(it->path().filename().string());
  }
  if (ec) return error_at(folder.string(), 0, 0, "", "cannot list the folder: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

Status check_utf8(std::string_view text, const std::string& file) {
  if (const auto bad = find_invalid_utf8(text)) {
    const auto pos = position_of_offset(text, *bad);
    return error_at(file, pos.line, pos.column, "", "invalid UTF-8; expected a UTF-8 text file");
  }
  return Done{};
}

// Calls visit(line_number, line) for every line; "\r\n", "\n" and "\r" end lines.
template <class Visit>
Status for_each_line(std::string_view text, Visit visit) {
  int line_number = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find_first_of("\r\n", start), text.size());
    if (auto status = visit(line_number, text.substr(start, end - start)); !status) return status;
    if (end == text.size()) break;
    const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
    start = end + (crlf ? 2 : 1);
    ++line_number;
  }
  return Done{};
}

// ---- class names ----------------------------------------------------------------------------

Result<std::vector<Category>> load_categories(const fs::path& root) {
  const std::array<fs::path, 3> candidates = {
      root / kLabelNamesFile, root / kLabelsFolder / kLabelNamesFile, root / "obj.names"};
  std::optional<fs::path> names_file;
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) {
      names_file = candidate;
      break;
    }
  }
  if (!names_file) return mouse_categories();

  const std::string file = names_file->string();
  auto text = read_file(*names_file, kMaxClassNamesBytes);
  if (!text) return text.error();
  if (auto utf8 = check_utf8(*text, file); !utf8) return utf8.error();

  std::vector<std::pair<int, std::string>> names;  // line, name
  auto lines = for_each_line(*text, [&](int line, std::string_view content) -> Status {
    names.emplace_back(line, std::string(trim(content)));
    return Done{};
  });
  if (!lines) return lines.error();
  while (!names.empty() && names.back().second.empty()) names.pop_back();
  if (names.empty()) {
    return error_at(file, 1, 0, "",
                    "no class names; expected one class name per line, class 0 first");
  }

  std::vector<Category> categories;
  std::map<std::string, int, std::less<>> line_of_name;
  for (std::size_t index = 0; index < names.size(); ++index) {
    const auto& [line, name] = names[index];
    if (name.empty()) {
      return error_at(file, line, 0, "",
                      "blank class name; expected one class name per line, class 0 first, with "
                      "no gaps (line N names class N-1)");
    }
    if (const auto [it, inserted] = line_of_name.emplace(name, line); !inserted) {
      return error_at(file, line, 0, "",
                      "class name " + hitl::quoted(name) + " repeats line " +
                          std::to_string(it->second) + "; expected each class once");
    }
    Category category{static_cast<int>(index) + 1, name,
                      kFallbackPalette[index % kFallbackPalette.size()]};
    for (const auto& known : mouse_categories()) {
      if (iequals_ascii(known.name, name)) category.color = known.color;
    }
    categories.push_back(std::move(category));
  }
  return categories;
}

// ---- YOLO label files -------------------------------------------------------------------------

struct SizePx {
  int width = 0, height = 0;
};

struct Token {
  std::string_view text;
  int column = 0;  // 1-based byte column in its line
};

std::vector<Token> split_whitespace(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) tokens.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return tokens;
}

// Appends one annotation per line of a label file to `annotations` and their indices to
// `submission.annotations`.
Status parse_label_file(std::string_view text, const std::string& file,
                        const std::vector<Category>& categories, SizePx image, int submission_index,
                        Submission& submission, std::vector<Annotation>& annotations) {
  if (auto utf8 = check_utf8(text, file); !utf8) return utf8;
  const int class_count = static_cast<int>(categories.size());
  const std::string class_range = "from 0 to " + std::to_string(class_count - 1);
  return for_each_line(text, [&](int line, std::string_view content) -> Status {
    const auto tokens = split_whitespace(content);
    if (tokens.empty()) return Done{};  // blank lines are allowed
    if (tokens.size() != 5) {
      std::string message = "found " + std::to_string(tokens.size()) + " value" +
                            (tokens.size() == 1 ? "" : "s") +
                            "; expected 5: class x_center y_center width height (YOLO boxes, "
                            "normalised to 0-1)";
      if (tokens.size() > 5) message += "; polygons and confidences are not read";
      return error_at(file, line, 0, "", std::move(message));
    }

    const auto class_index = parse_int(tokens[0].text);
    if (!class_index) {
      return error_at(file, line, tokens[0].column, "class",
                      hitl::quoted(tokens[0].text) + " is not a whole number; expected a class " +
                          "index " + class_range);
    }
    if (*class_index < 0 || *class_index >= class_count) {
      return error_at(file, line, tokens[0].column, "class",
                      std::to_string(*class_index) + " is out of range; expected a class index " +
                          class_range + " (" + std::to_string(class_count) + " classes)");
    }

    static constexpr std::array<std::string_view, 4> kFieldNames = {"x_center", "y_center", "width",
                                                                    "height"};
    std::array<double, 4> values{};
    for (std::size_t k = 0; k < 4; ++k) {
      const Token& token = tokens[k + 1];
      const auto value = parse_double(token.text);
      const std::string field(kFieldNames[k]);
      if (!value) {
        return error_at(file, line, token.column, field,
                        hitl::quoted(token.text) +
                            " is not a number; expected a value normalised to the image size, "
                            "from 0 to 1");
      }
      if (*value < -kNormalisedSlack || *value > 1 + kNormalisedSlack) {
        return error_at(file, line, token.column, field,
                        std::string(token.text) +
                            " is outside 0..1; expected a value normalised to the image size "
                            "(pixel coordinates are not YOLO's)");
      }
      if (k >= 2 && *value <= 0) {
        return error_at(file, line, token.column, field,
                        std::string(token.text) + " is not positive; expected the box's " + field +
                            " as a fraction of the image's");
      }
      values[k] = *value;
    }

    const auto [cx, cy, w, h] = values;
    Annotation annotation;
    annotation.id = static_cast<int>(annotations.size()) + 1;
    annotation.submission = submission_index;
    annotation.category_id = categories[static_cast<std::size_t>(*class_index)].id;
    annotation.bbox = BoxPx{(cx - w / 2) * image.width, (cy - h / 2) * image.height,
                            w * image.width, h * image.height};
    submission.annotations.push_back(static_cast<int>(annotations.size()));
    annotations.push_back(std::move(annotation));
    return Done{};
  });
}

// ---- metadata.json ----------------------------------------------------------------------------

Result<Json> parse_json(std::string_view text, const std::string& file) {
  // Deep nesting is refused before nlohmann builds (and later recursively destroys) the tree.
  if (auto too_deep = check_json_nesting(text, file, kMaxJsonDepth)) return *too_deep;
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts the characters read, the offending one included.
    const auto pos = position_of_offset(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string reason = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 5: ".
    if (const auto at = reason.find("parse error"); at != std::string::npos) {
      if (const auto colon = reason.find(": ", at); colon != std::string::npos) {
        reason = reason.substr(colon + 2);
      }
    }
    return error_at(file, pos.line, pos.column, "", "invalid JSON: " + reason);
  } catch (const nlohmann::json::exception& e) {
    return error_at(file, 0, 0, "", std::string("invalid JSON: ") + e.what());
  }
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "a list";
    case Json::value_t::string:
      return "text " + hitl::quoted(value.get_ref<const std::string&>());
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::null:
      return "null";
    case Json::value_t::binary:
    case Json::value_t::discarded:
      return "a value";
    default:
      return "the number " + value.dump();
  }
}

bool is_question_key(std::string_view key) {
  if (key.size() < 2 || key.front() != 'Q' || key[1] < '0' || key[1] > '9') return false;
  std::size_t i = 1;
  while (i < key.size() && key[i] >= '0' && key[i] <= '9') ++i;
  if (i == key.size()) return true;                  // Q7
  constexpr std::string_view kTextSuffix = "_TEXT";  // Q1_7_TEXT: text typed beside a choice
  return key[i] == '_' && key.size() >= i + kTextSuffix.size() &&
         key.substr(key.size() - kTextSuffix.size()) == kTextSuffix;
}

Result<std::optional<std::string>> answer_text(const Json& value, const std::string& file,
                                               const std::string& path) {
  if (value.is_null()) return std::optional<std::string>();
  if (value.is_string()) return std::optional<std::string>(value.get<std::string>());
  if (value.is_number()) return std::optional<std::string>(value.dump());  // "500", not 500
  return error_at(file, 0, 0, path,
                  describe(value) +
                      " where an answer was expected; expected text, a number or "
                      "null");
}

// One worker's answers from the object that holds them: Q keys directly, or inside
// "form_responses" (the shape of the COCO attributes, figure 29).
Result<SurveyResponse> response_of(std::string worker_id, const Json& entry,
                                   const std::string& file, const std::string& path,
                                   Warnings& warnings) {
  if (!entry.is_object()) {
    return error_at(file, 0, 0, path,
                    describe(entry) +
                        " where a worker's answers were expected; expected an "
                        "object holding Q1..Q10, directly or in \"form_responses\"");
  }
  SurveyResponse response;
  response.worker_id = std::move(worker_id);
  const Json* answers = &entry;
  std::string answers_path = path;
  const bool nested = entry.contains("form_responses");
  if (nested) {
    answers = &*entry.find("form_responses");
    answers_path += ".form_responses";
    if (!answers->is_object()) {
      return error_at(file, 0, 0, answers_path,
                      describe(*answers) + "; expected an object of answers keyed Q1..Q10");
    }
  }
  for (const auto& [key, value] : answers->items()) {
    if (!nested && !is_question_key(key)) continue;  // worker_id and other notes beside the answers
    auto text = answer_text(value, file, answers_path + "." + key);
    if (!text) return text.error();
    response.answers.emplace_back(key, std::move(*text));
  }
  if (response.answers.empty()) {
    warnings.push_back(warning_at(file, 0, 0, path,
                                  "worker " + response.worker_id +
                                      " has no answers (no Q1..Q10 keys, directly or in "
                                      "\"form_responses\")"));
  }
  return response;
}

Result<std::vector<SurveyResponse>> parse_metadata(std::string_view text, const std::string& file,
                                                   Warnings& warnings) {
  auto json = parse_json(text, file);
  if (!json) return json.error();

  // A worker listed twice keeps the later answers: the earlier slot is emptied, then compacted.
  std::vector<std::optional<SurveyResponse>> responses;
  std::map<std::string, std::size_t, std::less<>> index_of_worker;
  const auto add = [&](std::string_view raw_id, const Json& entry,
                       const std::string& path) -> Status {
    const std::string worker_id(trim(raw_id));
    if (worker_id.empty()) {
      return error_at(file, 0, 0, path, "empty worker ID; expected the worker's MTurk ID");
    }
    if (!is_mturk_worker_id(worker_id)) {
      warnings.push_back(warning_at(
          file, 0, 0, path,
          hitl::quoted(worker_id) +
              " is not an MTurk worker ID (A followed by 11 to 20 capital letters and digits); "
              "kept as written, but it may match no labels"));
    }
    auto response = response_of(worker_id, entry, file, path, warnings);
    if (!response) return response.error();
    const auto [it, first_time] = index_of_worker.emplace(worker_id, responses.size());
    if (!first_time) {
      warnings.push_back(warning_at(
          file, 0, 0, path, "worker " + worker_id + " appears twice; the later answers are kept"));
      responses[it->second].reset();
      it->second = responses.size();
    }
    responses.emplace_back(std::move(*response));
    return Done{};
  };

  if (json->is_object()) {
    for (const auto& [key, entry] : json->items()) {
      if (auto status = add(key, entry, key); !status) return status.error();
    }
  } else if (json->is_array()) {
    for (std::size_t i = 0; i < json->size(); ++i) {
      const Json& entry = (*json)[i];
      const std::string path = "[" + std::to_string(i) + "]";
      if (!entry.is_object()) {
        return error_at(file, 0, 0, path,
                        describe(entry) +
                            " where a worker was expected; expected an object "
                            "with \"worker_id\" and the answers Q1..Q10");
      }
      const auto id = entry.find("worker_id");
      if (id == entry.end()) {
        return error_at(file, 0, 0, path,
                        "no \"worker_id\"; expected each entry to name the worker who answered");
      }
      if (!id->is_string()) {
        return error_at(file, 0, 0, path + ".worker_id",
                        describe(*id) + "; expected the worker's MTurk ID as text");
      }
      if (auto status = add(id->get_ref<const std::string&>(), entry, path); !status) {
        return status.error();
      }
    }
  } else {
    return error_at(file, 0, 0, "",
                    "the top level is " + describe(*json) +
                        "; expected an object keyed by worker ID, or a list of objects with a "
                        "\"worker_id\" field");
  }
  std::vector<SurveyResponse> kept;
  for (auto& response : responses) {
    if (response) kept.push_back(std::move(*response));
  }
  return kept;
}

// ---- the folder -------------------------------------------------------------------------------

struct Image {
  std::string name;  // file name in the frames folder
  ImageInfo info;
};

}  // namespace

Result<DatasetParts> load_m8_folder(const std::string& dir, Warnings& warnings) {
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return error_at(dir, 0, 0, "",
                    "is not a folder; expected an M8 project folder holding mouse_video_frames/, "
                    "labels/ and metadata.json");
  }
  const fs::path frames_path = root / kFramesFolder;
  const fs::path labels_path = root / kLabelsFolder;
  if (!fs::is_directory(frames_path, ec)) {
    return error_at(frames_path.string(), 0, 0, "",
                    "no such folder; expected the labelled frames "
                    "(mouse_0001_A2YFFC90MO0MW8.jpeg, ...) there");
  }
  if (!fs::is_directory(labels_path, ec)) {
    return error_at(labels_path.string(), 0, 0, "",
                    "no such folder; expected the YOLO label files "
                    "(mouse_0001_A2YFFC90MO0MW8.txt, ...) there");
  }

  DatasetParts parts;
  parts.frames_dir = frames_path.string();
  parts.questions = default_survey_questions();
  auto categories = load_categories(root);
  if (!categories) return categories.error();
  parts.categories = std::move(*categories);

  // Images, by file name stem (the label file's name without ".txt").
  auto image_names = sorted_file_names(frames_path);
  if (!image_names) return image_names.error();
  std::map<std::string, Image, std::less<>> image_by_stem;
  std::map<int, Frame> frame_by_number;
  for (const auto& name : *image_names) {
    if (!has_extension(name, {".jpeg", ".jpg", ".png"})) continue;
    const std::string path = (frames_path / name).string();
    const auto number = frame_number_from_name(name);
    if (!number) {
      warnings.push_back(warning_at(path, 0, 0, "",
                                    "no frame number in the file name; expected names like "
                                    "mouse_0001_A2YFFC90MO0MW8.jpeg; the image is ignored"));
      continue;
    }
    auto info = read_image_info(path);
    if (!info) return info.error();
    const std::string stem = stem_of(name);
    if (const auto it = image_by_stem.find(stem); it != image_by_stem.end()) {
      warnings.push_back(warning_at(
          path, 0, 0, "",
          "a second image for labels/" + stem + ".txt; " + it->second.name + " is used"));
      continue;
    }
    image_by_stem.emplace(stem, Image{name, *info});
    frame_by_number.emplace(*number, Frame{*number, name, info->width_px, info->height_px});
  }
  // The size every image has, if they agree: what a label file without its image is scaled to.
  SizePx shared_size;
  bool have_shared_size = !image_by_stem.empty();
  for (const auto& [stem, image] : image_by_stem) {
    if (shared_size.width == 0) shared_size = {image.info.width_px, image.info.height_px};
    have_shared_size = have_shared_size && shared_size.width == image.info.width_px &&
                       shared_size.height == image.info.height_px;
  }

  // Label files, in name order: one submission each.
  auto label_names = sorted_file_names(labels_path);
  if (!label_names) return label_names.error();
  std::set<std::string, std::less<>> labelled_stems;
  std::vector<std::string> labelling_workers;  // in order of first label file
  for (const auto& name : *label_names) {
    if (!has_extension(name, {".txt"}) || name == kLabelNamesFile) continue;
    const std::string path = (labels_path / name).string();
    const auto frame_number = frame_number_from_name(name);
    const auto worker_id = worker_id_from_name(name);
    if (!frame_number || !worker_id) {
      return error_at(path, 0, 0, "",
                      std::string("the file name carries no ") +
                          (!frame_number ? "frame number" : "worker ID") +
                          "; expected names like mouse_0001_A2YFFC90MO0MW8.txt (frame 1, worker "
                          "A2YFFC90MO0MW8), the name of the image it labels");
    }
    const std::string stem = stem_of(name);
    labelled_stems.insert(stem);

    SizePx size;
    if (const auto image = image_by_stem.find(stem); image != image_by_stem.end()) {
      size = {image->second.info.width_px, image->second.info.height_px};
    } else if (have_shared_size) {
      size = shared_size;
      warnings.push_back(warning_at(
          path, 0, 0, "",
          "no image " + std::string(kFramesFolder) + "/" + stem +
              ".jpeg (.jpg, .png); its boxes are scaled to " + std::to_string(size.width) + "x" +
              std::to_string(size.height) + ", the size every frame in the folder has"));
      frame_by_number.emplace(*frame_number, Frame{*frame_number, "", size.width, size.height});
    } else {
      return error_at(path, 0, 0, "",
                      "no image " + std::string(kFramesFolder) + "/" + stem +
                          ".jpeg (.jpg, .png) to give the size of the frame, and the other "
                          "frames do not share one size; expected the labelled image beside its "
                          "label file, to convert the normalised boxes to pixels");
    }

    auto text = read_file(path, kMaxLabelFileBytes);
    if (!text) return text.error();
    Submission submission;
    submission.worker_id = *worker_id;
    submission.frame_number = *frame_number;
    submission.status = AssignmentStatus::approved;
    submission.reward_usd = 0;  // the folder does not say what the task paid
    submission.source = std::string(kLabelsFolder) + "/" + name;
    const int submission_index = static_cast<int>(parts.submissions.size());
    if (auto status = parse_label_file(*text, path, parts.categories, size, submission_index,
                                       submission, parts.annotations);
        !status) {
      return status.error();
    }
    parts.submissions.push_back(std::move(submission));
    if (std::find(labelling_workers.begin(), labelling_workers.end(), *worker_id) ==
        labelling_workers.end()) {
      labelling_workers.push_back(*worker_id);
    }
  }

  for (const auto& [stem, image] : image_by_stem) {
    // Plain frames (mouse_0001.jpeg) need no labels; a worker's copy of a frame does.
    if (labelled_stems.contains(stem) || !worker_id_from_name(image.name)) continue;
    warnings.push_back(warning_at((frames_path / image.name).string(), 0, 0, "",
                                  "no label file " + std::string(kLabelsFolder) + "/" + stem +
                                      ".txt; the frame is shown without this worker's boxes"));
  }

  for (auto& [number, frame] : frame_by_number) parts.frames.push_back(std::move(frame));

  const fs::path metadata_path = root / kMetadataFile;
  const std::string metadata_file = metadata_path.string();
  if (!fs::is_regular_file(metadata_path, ec)) {
    warnings.push_back(warning_at(metadata_file, 0, 0, "",
                                  "no such file; the workers' survey answers will not be shown"));
    return parts;
  }
  auto metadata_text = read_file(metadata_path, kMaxMetadataBytes);
  if (!metadata_text) return metadata_text.error();
  auto survey = parse_metadata(*metadata_text, metadata_file, warnings);
  if (!survey) return survey.error();
  parts.survey = std::move(*survey);

  std::set<std::string, std::less<>> surveyed;
  for (const auto& response : parts.survey) surveyed.insert(response.worker_id);
  for (const auto& worker : labelling_workers) {
    if (surveyed.contains(worker)) continue;
    warnings.push_back(warning_at(metadata_file, 0, 0, "",
                                  "worker " + worker + " labelled frames but has no answers here"));
  }
  const std::set<std::string, std::less<>> labelled(labelling_workers.begin(),
                                                    labelling_workers.end());
  for (const auto& response : parts.survey) {
    if (labelled.contains(response.worker_id)) continue;
    warnings.push_back(warning_at(
        metadata_file, 0, 0, response.worker_id,
        "worker " + response.worker_id + " answered the survey but has no label file in labels/"));
  }
  return parts;
}

}  // namespace hitl
