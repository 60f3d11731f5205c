// The scene: how to show a dataset. Style (colours, opacity, sizes, which layers and answers),
// timing (how fast the mouse turns, how long a card stays) and privacy, read from a versioned
// JSON scene file (docs/scene-file.md) and shared by `still`, `export`, `play` and `kiosk`, so
// what was rehearsed live is what gets exported and shown.
//
// Sizes are in "reference pixels": pixels of a 1920x1080 output. The renderer multiplies them by
// output height / 1080 (or width / 1440 when smaller: see reference_scale in
// render/card_view.hpp), so a scene looks the same at 720p and at 4K.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/diagnostic.hpp"
#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

inline constexpr int scene_format_version = 1;
inline constexpr double reference_height_px = 1080;

// An sRGB colour with straight (not premultiplied) alpha, 0..1 per channel.
struct Rgba {
  float r = 0, g = 0, b = 0, a = 1;
  friend bool operator==(const Rgba&, const Rgba&) = default;

  // From 8-bit channels, as a scene file writes colours ("#rrggbbaa"). The defaults below are
  // built this way so that they survive a trip through a scene file unchanged.
  static constexpr Rgba from_rgba8(int r8, int g8, int b8, int a8 = 255) {
    return {channel_from_8bit(r8), channel_from_8bit(g8), channel_from_8bit(b8),
            channel_from_8bit(a8)};
  }
  static constexpr float channel_from_8bit(int value) { return static_cast<float>(value) / 255.0f; }
  static Rgba from_rgb8(const Rgb8& rgb) { return from_rgba8(rgb.r, rgb.g, rgb.b); }

  // "#rrggbb" when opaque, else "#rrggbbaa"; nullopt when a channel is not exactly an 8-bit
  // value (a colour picked in the panel), which a scene file then writes as numbers.
  std::optional<std::string> hex() const;
  // "#rrggbb" or "#rrggbbaa" (the "#" is optional, either case); nullopt for anything else.
  static std::optional<Rgba> parse_hex(std::string_view text);
};

struct SceneLayers {
  bool frame = true;     // the source photograph
  bool masks = true;     // the workers' part masks
  bool boxes = true;     // the workers' bounding boxes
  bool cards = true;     // the survey cards
  bool hud = true;       // the running totals
  bool rejected = true;  // rejected (unpaid) submissions; when false they are not drawn at all
  friend bool operator==(const SceneLayers&, const SceneLayers&) = default;
};

// One answer shown on a card: the question id in the survey ("Q4") and the short label the card
// prints before the answer ("City").
struct CardAnswer {
  std::string question_id;
  std::string label;
  friend bool operator==(const CardAnswer&, const CardAnswer&) = default;
};

struct SceneStyle {
  Rgba background = Rgba::from_rgba8(15, 15, 18);  // around the letterboxed picture
  // Per class (category id): the mask and box colour. Classes not listed use the dataset's own
  // category colour (for the mouse: the MTurk label colours).
  std::map<int, Rgba> class_colours;
  std::vector<int> hidden_classes;                       // category ids not drawn
  float mask_opacity = 0.45f;                            // of the mask fill, 0..1
  float mask_outline_px = 2;                             // reference px; 0: no outline
  float box_line_px = 3;                                 // reference px
  Rgba rejected_colour = Rgba::from_rgba8(237, 84, 79);  // rejected boxes are dashed in this colour
  float text_size_px = 20;                               // card answers, reference px
  float title_size_px = 24;                              // the worker id line on a card
  float hud_size_px = 18;
  Rgba text_colour = Rgba::from_rgba8(245, 245, 245);
  Rgba label_colour = Rgba::from_rgba8(179, 184, 194);   // the short question labels
  Rgba card_colour = Rgba::from_rgba8(20, 20, 26, 219);  // card panel: readable over any picture
  float card_width_px = 420;        // reference px; cards are at most this wide
  int answer_max_lines = 2;         // longer answers end in an ellipsis
  std::vector<CardAnswer> answers;  // in card order; default: all ten questions
  friend bool operator==(const SceneStyle&, const SceneStyle&) = default;
};

struct SceneTiming {
  // How long each source frame is the current one: the rotation's pace. The picture blends
  // continuously from one frame to the next over this time, so the motion has no steps however
  // slow it is.
  double seconds_per_frame = 4.0;
  // Cards and overlays of one frame cross-fade into the next frame's over this time, centred on
  // the moment the next frame becomes the nearer one. Must be less than seconds_per_frame.
  double transition_s = 0.6;
  // The first and last source frame of the loop (inclusive); 0 means the dataset's first / last.
  int first_frame = 0;
  int last_frame = 0;
  friend bool operator==(const SceneTiming&, const SceneTiming&) = default;
};

struct ScenePrivacy {
  // Replace MTurk worker ids everywhere with stable salted pseudonyms ("W-7F3A91").
  bool pseudonymise = false;
  std::string salt;  // the same salt gives the same pseudonyms
  friend bool operator==(const ScenePrivacy&, const ScenePrivacy&) = default;
};

// A full-screen title or fact card: a segment of the show before, between or after the passes of
// the loop (SceneTextCards). The title and text may hold placeholders filled from the dataset
// shown ("{rejected} of {tasks} tasks were rejected"): see text_card_placeholders().
struct TextCard {
  std::string title;      // large, centred; may be empty
  std::string text;       // below the title, centred lines; "\n" starts a new line
  std::string source;     // small, at the foot: where the facts come from; may be empty
  double duration_s = 8;  // on screen, its fades included
  friend bool operator==(const TextCard&, const TextCard&) = default;
};

// The show, in time: the cards `before`, the loop, the cards `between`, the loop, ... and, when
// the show has an end (an export of N passes), the cards `after` the last pass. A run of cards
// covers the picture: it fades in over the mouse (not at the very start), each card's text fades
// in and out, and the picture comes back as the run ends. Under the cards, the loop waits where
// it will resume. A scene with no cards is the loop alone.
struct SceneTextCards {
  std::vector<TextCard> before;
  std::vector<TextCard> between;
  std::vector<TextCard> after;
  double fade_s = 0.8;        // each fade; a card lasts at least twice this
  float title_size_px = 64;   // reference px
  float text_size_px = 34;    // reference px
  float source_size_px = 22;  // reference px
  friend bool operator==(const SceneTextCards&, const SceneTextCards&) = default;
};

// Which layers a cue turns on or off; a layer it does not name follows the scene's `layers`.
struct CueLayers {
  std::optional<bool> frame, masks, boxes, cards, hud, rejected;
  friend bool operator==(const CueLayers&, const CueLayers&) = default;

  bool empty() const { return *this == CueLayers{}; }
  // `layers` with this cue's choices in place of the scene's.
  SceneLayers applied_to(SceneLayers layers) const;
};

// A source frame range [first, last], both inclusive, as frame numbers.
struct CueFrames {
  int first = 0;
  int last = 0;
  friend bool operator==(const CueFrames&, const CueFrames&) = default;
};

// The speeds a cue may ask for: the live player's range.
inline constexpr double cue_min_speed = 0.125;
inline constexpr double cue_max_speed = 16;

// A named moment of a live presentation, which the presenter's clicker steps through: hold on one
// worker's contributions, or play a range of frames over and over; with these layers, at this
// speed, with a caption on the audience's screen. Only `play` uses cues: an export, a still and
// the kiosk show the scene without them.
struct SceneCue {
  std::string name;
  std::string worker;               // a worker id (or its pseudonym); empty: no worker held
  std::optional<CueFrames> frames;  // the range played in a loop; never with a worker
  CueLayers layers;
  std::optional<double> speed;  // cue_min_speed..cue_max_speed; none: 1x
  std::string caption;          // shown on the audience's screen; empty: none
  friend bool operator==(const SceneCue&, const SceneCue&) = default;
};

struct Scene {
  int version = scene_format_version;
  std::string title;  // the show's name, at the head of the totals line
  SceneLayers layers;
  SceneStyle style;
  SceneTiming timing;
  SceneTextCards text_cards;
  ScenePrivacy privacy;
  std::vector<SceneCue> cues;  // in the order the clicker steps through them
  friend bool operator==(const Scene&, const Scene&) = default;

  // The built-in default (what assets/scene.json holds).
  static Scene defaults();
  // Seconds for which a card is fully opaque at these settings.
  double card_readable_s() const { return timing.seconds_per_frame - timing.transition_s; }
};

// The placeholders a text card may use, each "{name}", with what it stands for; "{{" and "}}"
// are literal braces.
struct TextCardPlaceholder {
  std::string_view name;
  std::string_view meaning;
};
std::span<const TextCardPlaceholder> text_card_placeholders();
// The first "{name}" in `text` that is not a placeholder (or an unmatched brace, as "{" or "}");
// nullopt when there is none.
std::optional<std::string> unknown_placeholder(std::string_view text);
// `text` with each placeholder replaced by value(name) and "{{", "}}" by braces. Call only on text
// that unknown_placeholder() accepts; anything it would refuse is left as it is.
std::string fill_placeholders(std::string_view text,
                              const std::function<std::string(std::string_view)>& value);

// The default answers: Q1..Q10 with short labels ("Age", "Gender", ...).
const std::vector<CardAnswer>& default_card_answers();

// Parses a scene file. Every key is optional (missing keys keep Scene::defaults()); unknown keys
// are warnings; wrong types, out-of-range values and a "version" other than 1 are errors naming the
// JSON path ("style.mask_opacity: expected a number from 0 to 1, got 1.5"). `origin` is the file
// name used in diagnostics.
Result<Scene> parse_scene_json(std::string_view text, const std::string& origin,
                               Warnings* warnings = nullptr);
Result<Scene> load_scene_file(const std::string& path, Warnings* warnings = nullptr);
// An error about a field of the scene that was found without its file (a cue's worker that the
// dataset lacks, a loop outside its frames): placed at the field's line and column in the scene
// file at `path`. Returned as it is when it already names a file, names no field, or the file
// cannot be read.
Diagnostic locate_in_scene_file(Diagnostic error, const std::string& path);
// The scene as a complete scene file (every key written), which parse_scene_json reads back equal
// (for a scene whose values are within the ranges the reader accepts).
std::string scene_to_json(const Scene& scene);

// The colour of a class in this scene (style override, else the category's own colour).
Rgba class_colour(const Scene& scene, const Category& category);
bool class_hidden(const Scene& scene, int category_id);

// The worker id as the scene shows it: itself, or its pseudonym when privacy.pseudonymise is on.
std::string displayed_worker_id(const Scene& scene, std::string_view worker_id);

}  // namespace hitl
