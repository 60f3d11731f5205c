// The live player: the playback state of a live view (playing or paused, speed, the time in the
// show) and the drawing of it. It is what `hitl play` drives from its panel and keys and what
// `hitl kiosk` runs with no panel at all: it knows nothing of windows, events or ImGui.
//
// The clock decides what is shown: advance(dt) moves the show time by the real time elapsed
// times the speed, so the source frame on screen depends on the clock and never on how many
// frames were drawn (a slow frame is followed by a later picture, not by a slower show).
//
// Pictures come from a FrameSource decoding ahead of the playhead; render() never waits for a
// decode: when a picture is not decoded yet (or its file is bad) the last picture shown stays on
// screen and the miss is counted. prime() waits once, for a clean first frame.
//
// Holding on a worker (hold()): the show jumps to the frame of one of their submissions in the
// current pass and pauses there; while held, only that worker's masks, boxes and card are drawn,
// on every frame, until release(). Play goes on with the hold in place, so stepping or playing
// shows that worker's other contributions (and the bare pictures between them).
//
// Cues (the scene's `cues`, see SceneCue): applying one holds on its worker (as hold() does) or
// plays its range of frames over and over (play moves on to the range's last frame, then back to
// its first), sets its speed (1x when it names none), lays its layers over the scene's and shows
// its caption, until another cue is applied or the cue is cleared. The cues are checked against
// the dataset when the player is made and when the scene changes: a worker with no contribution
// in the loop, or a range outside the loop, is refused naming the cue's field.
//
// Threads: create, use and destroy a Player on one thread, with its GL context current.
#pragma once

#include <epoxy/gl.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/gl_context.hpp"
#include "hitl/render/renderer.hpp"
#include "hitl/scene/scene.hpp"
#include "hitl/scene/timeline.hpp"

namespace hitl {

struct PlayerOptions {
  PixelSize initial_size{1920, 1080};  // what frames are first decoded for; grows with the output
  int decode_threads = 2;
  std::size_t max_cache_bytes = 256u << 20;
  // How far ahead of the playhead frames are decoded, in real seconds at the current speed.
  double decode_ahead_s = 3;
};

inline constexpr double min_speed = 0.125;
inline constexpr double max_speed = 16;

class Player {
 public:
  // Refused when the scene's timeline cannot be made (the error names the field) or the renderer
  // cannot start. `dataset` must outlive the player.
  static Result<std::unique_ptr<Player>> create(const Dataset& dataset, const Scene& scene,
                                                const PlayerOptions& options = {});
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Playback. The show starts playing at time 0.
  void advance(double real_elapsed_s);  // moves the show on when playing
  void play() { playing_ = true; }
  void pause() { playing_ = false; }
  void toggle_playing() { playing_ = !playing_; }
  bool playing() const { return playing_; }
  void set_speed(double speed);  // clamped to min_speed..max_speed
  double speed() const { return speed_; }
  // To the next (+1) or previous (-1) source frame's settled moment (nothing fading), across the
  // loop's seam and the cards between passes; pauses. Under a run of cards, forward goes to where
  // the loop resumes.
  void step(int direction);
  void seek(double show_time_s);  // negative times are taken as 0
  // To source frame `frame_number` in the current pass (the first pass under the opening cards).
  void seek_frame(int frame_number);
  double time_s() const { return time_s_; }

  // Worker focus (see the file comment). `submission` indexes Dataset::submissions().
  void hold(int submission);
  void release();
  std::optional<int> held_submission() const { return held_; }

  // Cues (see the file comment); `index` indexes scene().cues.
  void apply_cue(int index);
  // The next cue (the first when none is current; nothing after the last), the previous one
  // (nothing before the first).
  void next_cue();
  void previous_cue();
  // Back to the scene as it is: no cue's range, layers or caption (a held worker stays held).
  void clear_cue();
  // The layers go back to the scene's while the cue stays current: the presenter took them over.
  void clear_cue_layers();
  std::optional<int> current_cue() const { return cue_; }
  std::optional<int> next_cue_index() const;
  // The layers drawn: the scene's with the current cue's in their place.
  SceneLayers shown_layers() const;

  // Replaces the scene: style and layers at once; when the timing or the text cards change, the
  // show keeps the frame it was on; when they or the cues change, no cue is current. Refused (the
  // scene unchanged) when its timeline or its cues cannot be made; the error names the field.
  Status set_scene(const Scene& scene);
  const Scene& scene() const { return scene_; }
  const Timeline& timeline() const { return timeline_; }
  const Dataset& dataset() const { return *dataset_; }

  // What is shown at the current time (the hold's filter applied, the cue's caption set).
  FrameState state() const;

  // Decodes the pictures the current moment needs, waiting for them: before the first frame.
  void prime();
  // Asks for the pictures ahead, then draws the current moment into `framebuffer` (0: a window's
  // default framebuffer) of size_px. The error names the GL failure.
  Status render(GLuint framebuffer, PixelSize size_px);
  // Whether the last render() drew an older picture than the moment needed (not decoded yet).
  bool last_render_missed_decode() const { return last_missed_; }
  const Renderer& renderer() const { return *renderer_; }
  FrameSourceStats decode_stats() const { return frames_->stats(); }

 private:
  // A cue as the dataset and the loop make it concrete.
  struct ResolvedCue {
    std::optional<int> submission;               // the worker's first contribution in the loop
    int first_position = 0, last_position = -1;  // the range's loop positions; none when last < 0
  };
  static Result<std::vector<ResolvedCue>> resolve_cues(const Dataset& dataset, const Scene& scene,
                                                       const Timeline& timeline);

  Player(const Dataset& dataset, Timeline timeline, std::unique_ptr<Renderer> renderer,
         const Scene& scene, const PlayerOptions& options, std::vector<ResolvedCue> cues);
  double frame_time_s(int pass, int position) const;
  void decode_for(PixelSize size_px);
  void ask_for_pictures_ahead(const FrameState& state);
  void show_layers();  // hands the renderer the scene with the layers shown

  const Dataset* dataset_;
  Scene scene_;
  Timeline timeline_;
  std::unique_ptr<Renderer> renderer_;
  PlayerOptions options_;
  std::unique_ptr<FrameSource> frames_;
  PixelSize decoded_for_{};  // the picture size frames_ decodes for

  bool playing_ = true;
  double speed_ = 1;
  double time_s_ = 0;
  std::optional<int> held_;

  std::vector<ResolvedCue> cues_;  // scene_.cues, resolved
  std::optional<int> cue_;
  CueLayers cue_layers_;  // the current cue's layers, until the presenter takes them over
  // The current cue's range of frames, in show time: play wraps from its end to its beginning.
  std::optional<std::pair<double, double>> cue_range_s_;

  std::shared_ptr<const DecodedFrame> last_picture_;  // shown when a picture is not ready
  std::vector<int> last_prefetch_;
  bool last_missed_ = false;
};

}  // namespace hitl
