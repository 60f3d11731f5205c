// What the commands that show a dataset (still, and later export, play, kiosk) share: reading the
// dataset (or the built-in sample) and the scene file, parsing an output size.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/gl_context.hpp"
#include "hitl/scene/geometry.hpp"
#include "hitl/scene/scene.hpp"

namespace hitl::app {

struct ShowInputs {
  std::string dataset_path;
  Dataset dataset;
  Scene scene;       // as shown: file_scene, with the built-in sample's "simulated data" marks
  Scene file_scene;  // as the scene file holds it (what `play` saves back)
  std::string scene_path;  // empty when the built-in default scene is used
};

// The dataset a command was given, or, given none, the built-in sample (made into the cache on
// first use, with progress lines on stderr; see sample/sample.hpp).
Result<std::string> dataset_or_sample(const std::optional<std::string>& dataset_path);

// Loads the dataset at `dataset_path` (any input `hitl validate` accepts) and the scene file (or,
// without one, assets/scene.json, or the built-in default). Warnings are printed to stderr. The
// built-in sample's scene says, in its title, that the data is simulated.
Result<ShowInputs> load_show_inputs(const std::string& dataset_path,
                                    const std::optional<std::string>& scene_path);

// The scene as it is shown for this dataset: the built-in sample says, in the title and on a
// first card, that its data is simulated; any other dataset is shown with the scene unchanged.
Scene scene_as_shown(const Scene& file_scene, const std::string& dataset_path);

// "1920x1080" -> {1920, 1080}; each side 16 to 8192 px. nullopt otherwise.
std::optional<PixelSize> parse_output_size(std::string_view text);

// How `still` and `export` decode frames for a picture of `picture_px`, so that a still shows
// exactly what an export does: one worker (a frame decodes in a fraction of the time it takes to
// render and encode, and each worker holds a frame of its own, 22 MB at 2880x1920), a cache of 2
// frames (the one on screen and the next: an export needs each once and in order), and JPEGs at
// the scales that decode fast when the rotation is fast (under 0.25 s a source frame: a decode
// for every few output frames), else at the smallest, which leave less to upload and sample.
FrameSourceOptions show_decoding(const RectPx& picture_px, const SceneTiming& timing);

}  // namespace hitl::app
