// The live player: see player.hpp.
#include "hitl/live/player.hpp"

#include <algorithm>
#include <cmath>

#include "hitl/base/log.hpp"
#include "hitl/base/text.hpp"
#include "hitl/scene/geometry.hpp"

namespace hitl {

namespace {

// Times closer than this are the same moment (a frame's settled time computed two ways).
constexpr double same_moment_s = 1e-6;

// The picture's size in an output of size_px, from the loop's first frame (the frames of one
// dataset share a size; the thesis's 2880x1920 shape when unknown).
PixelSize picture_size(const Dataset& dataset, const Timeline& timeline, PixelSize size_px) {
  const Frame* frame = dataset.frame(timeline.frames().front());
  const bool known = frame != nullptr && frame->width_px > 0 && frame->height_px > 0;
  const RectPx picture = fit_picture(known ? frame->width_px : 3, known ? frame->height_px : 2,
                                     size_px.width_px, size_px.height_px);
  return {static_cast<int>(std::ceil(picture.width)), static_cast<int>(std::ceil(picture.height))};
}

bool same_times(const Scene& a, const Scene& b) {
  return a.timing == b.timing && a.text_cards.before == b.text_cards.before &&
         a.text_cards.between == b.text_cards.between && a.text_cards.fade_s == b.text_cards.fade_s;
}

}  // namespace

Result<std::vector<Player::ResolvedCue>> Player::resolve_cues(const Dataset& dataset,
                                                              const Scene& scene,
                                                              const Timeline& timeline) {
  const auto frames = timeline.frames();
  const std::string loop_frames =
      "frames " + std::to_string(frames.front()) + " to " + std::to_string(frames.back());
  std::vector<ResolvedCue> resolved;
  for (std::size_t i = 0; i < scene.cues.size(); ++i) {
    const SceneCue& cue = scene.cues[i];
    const std::string field = "cues[" + std::to_string(i) + "]";
    ResolvedCue made;
    if (!cue.worker.empty()) {
      // The worker's first contribution in the loop's order, by id or by the pseudonym shown.
      for (std::size_t position = 0; position < frames.size() && !made.submission; ++position) {
        for (const int index : dataset.submissions_of_frame(frames[position])) {
          const std::string& id = dataset.submissions()[static_cast<std::size_t>(index)].worker_id;
          if (id == cue.worker || displayed_worker_id(scene, id) == cue.worker) {
            made.submission = index;
            break;
          }
        }
      }
      if (!made.submission) {
        return error_at("", 0, 0, field + ".worker",
                        "no contribution of worker " + hitl::quoted(cue.worker) + " in the loop (" +
                            loop_frames + "); expected a worker id as the panel's search shows it");
      }
    }
    if (cue.frames) {
      if (cue.frames->first < frames.front() || cue.frames->last > frames.back()) {
        return error_at("", 0, 0, field + ".frames",
                        "frames " + std::to_string(cue.frames->first) + " to " +
                            std::to_string(cue.frames->last) +
                            " are not all in the loop; expected a range within " + loop_frames);
      }
      const auto first = std::lower_bound(frames.begin(), frames.end(), cue.frames->first);
      const auto last = std::upper_bound(frames.begin(), frames.end(), cue.frames->last);
      if (first == last) {
        return error_at("", 0, 0, field + ".frames",
                        "the loop has no frame from " + std::to_string(cue.frames->first) + " to " +
                            std::to_string(cue.frames->last) +
                            "; expected a range holding a frame of the loop");
      }
      made.first_position = static_cast<int>(first - frames.begin());
      made.last_position = static_cast<int>(last - frames.begin()) - 1;
    }
    resolved.push_back(made);
  }
  return resolved;
}

Result<std::unique_ptr<Player>> Player::create(const Dataset& dataset, const Scene& scene,
                                               const PlayerOptions& options) {
  auto timeline = Timeline::create(dataset, scene);
  if (!timeline) return timeline.error();
  auto cues = resolve_cues(dataset, scene, *timeline);
  if (!cues) return cues.error();
  auto renderer = Renderer::create(dataset, scene);
  if (!renderer) return renderer.error();
  return std::unique_ptr<Player>(new Player(dataset, std::move(*timeline), std::move(*renderer),
                                            scene, options, std::move(*cues)));
}

Player::Player(const Dataset& dataset, Timeline timeline, std::unique_ptr<Renderer> renderer,
               const Scene& scene, const PlayerOptions& options, std::vector<ResolvedCue> cues)
    : dataset_(&dataset),
      scene_(scene),
      timeline_(std::move(timeline)),
      renderer_(std::move(renderer)),
      options_(options),
      cues_(std::move(cues)) {
  decode_for(options.initial_size);
}

Player::~Player() = default;

void Player::decode_for(PixelSize size_px) {
  const PixelSize wanted = picture_size(*dataset_, timeline_, size_px);
  // A smaller output keeps the larger decodes (the GPU scales them down); a larger one needs
  // sharper pictures, so the source starts again at the new size.
  if (frames_ && wanted.width_px <= decoded_for_.width_px &&
      wanted.height_px <= decoded_for_.height_px) {
    return;
  }
  frames_ = std::make_unique<FrameSource>(
      *dataset_, FrameSourceOptions{wanted.width_px, wanted.height_px, options_.decode_threads,
                                    options_.max_cache_bytes});
  decoded_for_ = wanted;
  last_prefetch_.clear();
}

void Player::advance(double real_elapsed_s) {
  if (!playing_ || !(real_elapsed_s > 0)) return;
  time_s_ += real_elapsed_s * speed_;
  if (cue_range_s_) {
    const auto [begin_s, end_s] = *cue_range_s_;
    if (time_s_ >= end_s) time_s_ = begin_s + std::fmod(time_s_ - begin_s, end_s - begin_s);
  }
}

void Player::set_speed(double speed) {
  speed_ = std::isfinite(speed) ? std::clamp(speed, min_speed, max_speed) : 1.0;
}

double Player::frame_time_s(int pass, int position) const {
  return timeline_.pass_start_s(pass) + position * scene_.timing.seconds_per_frame;
}

void Player::step(int direction) {
  pause();
  const FrameState now = timeline_.at(time_s_);
  const int positions = static_cast<int>(timeline_.frames().size());
  // Candidates: every frame's settled moment in this pass and the passes around it. The frame
  // already on screen is skipped unless cards hide it (then forward is where the loop resumes).
  std::optional<double> best;
  for (int pass = std::max(0, now.loop_index - 1); pass <= now.loop_index + 1; ++pass) {
    for (int position = 0; position < positions; ++position) {
      if (now.cover == 0 && pass == now.loop_index && position == now.current_position) continue;
      const double t = frame_time_s(pass, position);
      if (direction > 0 && t > time_s_ + same_moment_s && (!best || t < *best)) best = t;
      if (direction < 0 && t < time_s_ - same_moment_s && (!best || t > *best)) best = t;
    }
  }
  if (best) time_s_ = *best;
}

void Player::seek(double show_time_s) {
  time_s_ = std::isfinite(show_time_s) ? std::max(0.0, show_time_s) : 0.0;
}

void Player::seek_frame(int frame_number) {
  const auto frames = timeline_.frames();
  const auto found = std::find(frames.begin(), frames.end(), frame_number);
  if (found == frames.end()) return;
  time_s_ =
      frame_time_s(timeline_.at(time_s_).loop_index, static_cast<int>(found - frames.begin()));
}

void Player::hold(int submission) {
  const auto& submissions = dataset_->submissions();
  if (submission < 0 || submission >= static_cast<int>(submissions.size())) return;
  held_ = submission;
  seek_frame(submissions[static_cast<std::size_t>(submission)].frame_number);
  pause();
}

void Player::release() {
  held_.reset();
}

void Player::apply_cue(int index) {
  if (index < 0 || index >= static_cast<int>(cues_.size())) return;
  const SceneCue& cue = scene_.cues[static_cast<std::size_t>(index)];
  const ResolvedCue& resolved = cues_[static_cast<std::size_t>(index)];
  cue_ = index;
  cue_layers_ = cue.layers;
  cue_range_s_.reset();
  set_speed(cue.speed.value_or(1.0));
  if (resolved.submission) {
    hold(*resolved.submission);  // pauses on the worker's frame
  } else {
    release();
    if (resolved.last_position >= 0) {
      const int pass = timeline_.at(time_s_).loop_index;
      const double half_frame_s = scene_.timing.seconds_per_frame / 2;
      // Each frame of the range is the current one for a whole frame's time, the last included;
      // the loop's first frame from the pass's start (before it, cards may be on screen).
      cue_range_s_ = {std::max(timeline_.pass_start_s(pass),
                               frame_time_s(pass, resolved.first_position) - half_frame_s),
                      frame_time_s(pass, resolved.last_position) + half_frame_s};
      time_s_ = frame_time_s(pass, resolved.first_position);
    }
    play();
  }
  show_layers();
}

void Player::next_cue() {
  const int count = static_cast<int>(cues_.size());
  if (!cue_) {
    apply_cue(0);
  } else if (*cue_ + 1 < count) {
    apply_cue(*cue_ + 1);
  }
}

void Player::previous_cue() {
  if (cue_ && *cue_ > 0) apply_cue(*cue_ - 1);
}

std::optional<int> Player::next_cue_index() const {
  const int next = cue_ ? *cue_ + 1 : 0;
  if (next >= static_cast<int>(cues_.size())) return std::nullopt;
  return next;
}

void Player::clear_cue() {
  cue_.reset();
  cue_range_s_.reset();
  clear_cue_layers();
}

void Player::clear_cue_layers() {
  cue_layers_ = {};
  show_layers();
}

SceneLayers Player::shown_layers() const {
  return cue_layers_.applied_to(scene_.layers);
}

void Player::show_layers() {
  Scene shown = scene_;
  shown.layers = shown_layers();
  renderer_->set_scene(shown);
}

Status Player::set_scene(const Scene& scene) {
  auto timeline = Timeline::create(*dataset_, scene);
  if (!timeline) return timeline.error();
  auto cues = resolve_cues(*dataset_, scene, *timeline);
  if (!cues) return cues.error();
  const FrameState before = timeline_.at(time_s_);
  const bool keep_time = same_times(scene_, scene);
  const bool keep_cue = scene_.cues == scene.cues;
  timeline_ = std::move(*timeline);
  scene_ = scene;
  cues_ = std::move(*cues);
  if (!keep_cue || !keep_time) clear_cue();  // a range in time no longer means the same frames
  show_layers();
  if (!keep_time) {
    const int positions = static_cast<int>(timeline_.frames().size());
    time_s_ = frame_time_s(before.loop_index, std::min(before.current_position, positions - 1));
  }
  last_prefetch_.clear();
  return Done{};
}

FrameState Player::state() const {
  FrameState state = timeline_.at(time_s_);
  if (cue_) state.caption = scene_.cues[static_cast<std::size_t>(*cue_)].caption;
  if (!held_) return state;
  const auto& submissions = dataset_->submissions();
  const std::string& worker = submissions[static_cast<std::size_t>(*held_)].worker_id;
  const auto not_theirs = [&](const VisibleSubmission& visible) {
    return submissions[static_cast<std::size_t>(visible.submission)].worker_id != worker;
  };
  std::erase_if(state.overlays, not_theirs);
  std::erase_if(state.cards, not_theirs);
  return state;
}

void Player::ask_for_pictures_ahead(const FrameState& state) {
  const double ahead_s = options_.decode_ahead_s * (playing_ ? speed_ : 1.0);
  std::vector<int> wanted = timeline_.frames_needed(time_s_, time_s_ + ahead_s);
  // The frame before, last: a step back then shows at once.
  const auto frames = timeline_.frames();
  const int positions = static_cast<int>(frames.size());
  const int previous =
      frames[static_cast<std::size_t>((state.current_position + positions - 1) % positions)];
  if (std::find(wanted.begin(), wanted.end(), previous) == wanted.end()) {
    wanted.push_back(previous);
  }
  if (wanted != last_prefetch_) {
    frames_->prefetch(wanted);
    last_prefetch_ = std::move(wanted);
  }
}

void Player::prime() {
  const FrameState now = state();
  ask_for_pictures_ahead(now);
  for (const int frame : {now.frame_a, now.frame_b}) {
    auto decoded = frames_->get(frame);
    if (!decoded) {
      log_warn("%s", decoded.error().to_string().c_str());
    } else if (frame == now.frame_a) {
      last_picture_ = *decoded;
    }
  }
}

Status Player::render(GLuint framebuffer, PixelSize size_px) {
  decode_for(size_px);
  const FrameState now = state();
  ask_for_pictures_ahead(now);
  FramePictures pictures;
  last_missed_ = false;
  if (now.cover < 1) {  // under a full cover the picture is not drawn
    pictures.a = frames_->try_get(now.frame_a);
    const bool wants_b = now.blend > 0 && now.frame_b != now.frame_a;
    if (wants_b) pictures.b = frames_->try_get(now.frame_b);
    last_missed_ = !pictures.a || (wants_b && !pictures.b);
    if (!pictures.a && !pictures.b) {
      pictures.a = last_picture_;  // the last picture shown stays rather than a blank
    } else {
      // The one that dominates the blend is the one to hold on to.
      const bool b_dominates = pictures.b && (now.blend >= 0.5f || !pictures.a);
      last_picture_ = b_dominates ? pictures.b : pictures.a;
    }
  }
  return renderer_->draw(now, pictures, framebuffer, size_px);
}

}  // namespace hitl
