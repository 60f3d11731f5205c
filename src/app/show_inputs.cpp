#include "app/show_inputs.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "hitl/base/text.hpp"
#include "hitl/data/load.hpp"
#include "hitl/sample/sample.hpp"
#include "hitl/text/assets_dir.hpp"

namespace hitl::app {

namespace fs = std::filesystem;

Result<std::string> dataset_or_sample(const std::optional<std::string>& dataset_path) {
  if (dataset_path) return *dataset_path;
  return ensure_default_sample([](std::string_view line) {
    std::fprintf(stderr, "hitl: %.*s\n", static_cast<int>(line.size()), line.data());
  });
}

// Whether `dataset_path` is inside the built-in sample's cache folder.
bool is_default_sample(const std::string& dataset_path) {
  std::error_code ec;
  const fs::path sample = fs::weakly_canonical(default_sample_dir(), ec);
  const fs::path given = fs::weakly_canonical(dataset_path, ec);
  if (ec) return false;
  const auto [end, unused] =
      std::mismatch(sample.begin(), sample.end(), given.begin(), given.end());
  return end == sample.end();
}

Scene scene_as_shown(const Scene& file_scene, const std::string& dataset_path) {
  Scene scene = file_scene;
  if (!is_default_sample(dataset_path)) return scene;
  // The built-in sample says what it is: on the totals line and on a card before anything else.
  if (scene.title == Scene::defaults().title) {
    scene.title = "hitl's built-in sample: simulated data (a rendered mouse, a made-up crowd)";
  }
  const double fade_s = scene.text_cards.fade_s;
  scene.text_cards.before.insert(
      scene.text_cards.before.begin(),
      TextCard{"Simulated data",
               "This is hitl's built-in sample. The mouse is rendered;\n"
               "the crowd workers, their drawings and their answers are made up.\n"
               "Show real data with 'hitl import'.",
               "", std::max(6.0, 2 * fade_s)});
  return scene;
}

Result<ShowInputs> load_show_inputs(const std::string& dataset_path,
                                    const std::optional<std::string>& scene_path) {
  ShowInputs inputs;
  inputs.dataset_path = dataset_path;
  Warnings warnings;
  auto loaded = load_input(dataset_path, warnings);
  for (const Diagnostic& warning : warnings) {
    std::fprintf(stderr, "%s\n", warning.to_string().c_str());
  }
  if (!loaded) return loaded.error();
  inputs.dataset = std::move(loaded->dataset);
  if (inputs.dataset.frames().empty()) {
    return error_at(dataset_path, 0, 0, "", "the dataset has no frames to show");
  }

  std::optional<std::string> scene_file = scene_path;
  if (!scene_file) {
    if (auto assets = find_assets_dir(); assets && fs::exists(*assets / "scene.json")) {
      scene_file = (*assets / "scene.json").string();
    }
  }
  if (!scene_file) {
    inputs.file_scene = Scene::defaults();
    inputs.scene = scene_as_shown(inputs.file_scene, dataset_path);
    return inputs;
  }
  Warnings scene_warnings;
  auto scene = load_scene_file(*scene_file, &scene_warnings);
  for (const Diagnostic& warning : scene_warnings) {
    std::fprintf(stderr, "%s\n", warning.to_string().c_str());
  }
  if (!scene) return scene.error();
  inputs.file_scene = std::move(*scene);
  inputs.scene = scene_as_shown(inputs.file_scene, dataset_path);
  inputs.scene_path = *scene_file;
  return inputs;
}

FrameSourceOptions show_decoding(const RectPx& picture_px, const SceneTiming& timing) {
  FrameSourceOptions options;
  options.wanted_width_px = static_cast<int>(picture_px.width);
  options.wanted_height_px = static_cast<int>(picture_px.height);
  options.threads = 1;
  options.max_cache_frames = 2;
  options.scales = timing.seconds_per_frame < 0.25 ? JpegScales::fastest : JpegScales::smallest;
  return options;
}

std::optional<PixelSize> parse_output_size(std::string_view text) {
  const std::size_t x = text.find('x');
  if (x == std::string_view::npos) return std::nullopt;
  const auto width = parse_int(text.substr(0, x));
  const auto height = parse_int(text.substr(x + 1));
  if (!width || !height) return std::nullopt;
  if (*width < 16 || *width > 8192 || *height < 16 || *height > 8192) return std::nullopt;
  return PixelSize{static_cast<int>(*width), static_cast<int>(*height)};
}

}  // namespace hitl::app
