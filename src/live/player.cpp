// The live player: see player.hpp.
#include "hitl/live/player.hpp"

#include <algorithm>
#include <cmath>

#include "hitl/base/log.hpp"
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

Result<std::unique_ptr<Player>> Player::create(const Dataset& dataset, const Scene& scene,
                                               const PlayerOptions& options) {
  auto timeline = Timeline::create(dataset, scene);
  if (!timeline) return timeline.error();
  auto renderer = Renderer::create(dataset, scene);
  if (!renderer) return renderer.error();
  return std::unique_ptr<Player>(
      new Player(dataset, std::move(*timeline), std::move(*renderer), scene, options));
}

Player::Player(const Dataset& dataset, Timeline timeline, std::unique_ptr<Renderer> renderer,
               const Scene& scene, const PlayerOptions& options)
    : dataset_(&dataset),
      scene_(scene),
      timeline_(std::move(timeline)),
      renderer_(std::move(renderer)),
      options_(options) {
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

Status Player::set_scene(const Scene& scene) {
  auto timeline = Timeline::create(*dataset_, scene);
  if (!timeline) return timeline.error();
  const FrameState before = timeline_.at(time_s_);
  const bool keep_time = same_times(scene_, scene);
  timeline_ = std::move(*timeline);
  scene_ = scene;
  renderer_->set_scene(scene_);
  if (!keep_time) {
    const int positions = static_cast<int>(timeline_.frames().size());
    time_s_ = frame_time_s(before.loop_index, std::min(before.current_position, positions - 1));
  }
  last_prefetch_.clear();
  return Done{};
}

FrameState Player::state() const {
  FrameState state = timeline_.at(time_s_);
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
