#include "support/render_fixture.hpp"

#include <cmath>
#include <stdexcept>

#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"
#include "hitl/data/coco_rle.hpp"
#include "support/mturk_fixture.hpp"

namespace hitl::test {

namespace {

// The parts as rectangles in fractions of the frame, shifted right by 2% per frame.
struct PartShape {
  int category_id;
  double x, y, width, height;
};
constexpr PartShape part_shapes[] = {
    {1, 0.30, 0.25, 0.40, 0.55},   // Body
    {2, 0.32, 0.27, 0.16, 0.18},   // Left_Button
    {3, 0.52, 0.27, 0.16, 0.18},   // Right_Button
    {4, 0.485, 0.30, 0.03, 0.10},  // Scroll_Wheel
    {5, 0.47, 0.05, 0.06, 0.20},   // Cable
};

BoxPx part_box(int frame_number, const PartShape& part, int width, int height) {
  const double shift = 0.02 * (frame_number - 1);
  return {std::round((part.x + shift) * width), std::round(part.y * height),
          std::round(part.width * width), std::round(part.height * height)};
}

MaskRle box_mask(const BoxPx& box, int width, int height) {
  auto mask = rasterize_polygons({{box.x, box.y, box.x + box.width, box.y, box.x + box.width,
                                   box.y + box.height, box.x, box.y + box.height}},
                                 width, height);
  if (!mask) throw std::runtime_error(mask.error().to_string());
  return *mask;
}

std::string frame_png(int frame_number, int width, int height) {
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4);
  const int block_x = static_cast<int>(width * (0.1 + 0.05 * (frame_number - 1)));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
      const bool block =
          x >= block_x && x < block_x + width / 8 && y > height / 3 && y < height * 2 / 3;
      p[0] = block ? 30 : static_cast<std::uint8_t>(120 + 100 * x / width);
      p[1] = block ? 30 : static_cast<std::uint8_t>(130 + 80 * y / height);
      p[2] = block ? 40 : 170;
      p[3] = 255;
    }
  }
  auto png = encode_png_rgba(rgba.data(), width, height, static_cast<std::size_t>(width) * 4);
  if (!png) throw std::runtime_error(png.error().to_string());
  return *png;
}

}  // namespace

BoxPx fixture_box(int frame_number, int category_id, int width_px, int height_px) {
  for (const PartShape& part : part_shapes) {
    if (part.category_id == category_id) return part_box(frame_number, part, width_px, height_px);
  }
  throw std::runtime_error("no such part");
}

RenderFixture make_render_fixture(const RenderFixtureOptions& options) {
  RenderFixture fixture;
  fixture.dir = std::make_unique<TempDir>();
  DatasetParts parts;
  parts.frames_dir = (fixture.dir->path() / "frames").string();
  parts.categories = mouse_categories();
  parts.questions = default_survey_questions();
  const int w = options.width_px, h = options.height_px;

  const auto add_submission = [&](int frame, std::string worker, AssignmentStatus status,
                                  std::string reason, std::vector<int> categories) {
    Submission submission;
    submission.assignment_id = make_mturk_id(parts.submissions.size() + 1);
    submission.worker_id = std::move(worker);
    submission.frame_number = frame;
    submission.status = status;
    submission.reject_reason = std::move(reason);
    submission.reward_usd = 0.15;
    submission.work_time_s = 300 + 60 * frame;
    const int index = static_cast<int>(parts.submissions.size());
    for (const int category : categories) {
      Annotation annotation;
      annotation.id = static_cast<int>(parts.annotations.size()) + 1;
      annotation.submission = index;
      annotation.category_id = category;
      annotation.bbox = fixture_box(frame, category, w, h);
      if (status == AssignmentStatus::rejected) {  // drawn a little off, as rejected work often is
        annotation.bbox = {annotation.bbox.x + std::round(0.03 * w),
                           annotation.bbox.y + std::round(0.04 * h), annotation.bbox.width,
                           annotation.bbox.height - std::round(0.08 * h)};
      }
      annotation.mask = box_mask(annotation.bbox, w, h);
      submission.annotations.push_back(static_cast<int>(parts.annotations.size()));
      parts.annotations.push_back(std::move(annotation));
    }
    parts.submissions.push_back(std::move(submission));
  };

  for (int frame = 1; frame <= options.frames; ++frame) {
    char name[32];
    std::snprintf(name, sizeof name, "mouse_%04d.png", frame);
    parts.frames.push_back({frame, name, w, h});
    if (options.write_frame_files) {
      fixture.dir->write(std::string("frames/") + name, frame_png(frame, w, h));
    }
    const std::string approved = make_worker_id(100 + frame);
    add_submission(frame, approved, AssignmentStatus::approved, "", {1, 2, 3, 4, 5});
    SurveyResponse response;
    response.worker_id = approved;
    response.answers = {{"Q1", "25-34"},
                        {"Q2", "Female"},
                        {"Q3", "Bachelor's degree"},
                        {"Q4", frame % 2 == 0 ? "São Paulo" : "東京"},
                        {"Q5",
                         "More than 2 hours every day, and on weekends most of the "
                         "afternoon as well, because good tasks go fast"},
                        {"Q6", std::nullopt},
                        {"Q7", "About 3 hours"},
                        {"Q8", "4"},
                        {"Q9", "Back pain, eye strain"},
                        {"Q10", "$800"}};
    parts.survey.push_back(std::move(response));
    if (frame % 2 == 0) {
      const std::string rejected = make_worker_id(200 + frame);
      add_submission(frame, rejected, AssignmentStatus::rejected, "Not all parts were labelled",
                     {1});
      SurveyResponse other;
      other.worker_id = rejected;
      other.answers = {{"Q1", "18-24"},        {"Q2", ""},  {"Q3", "High school"}, {"Q4", "Other"},
                       {"Q4_7_TEXT", "Lagos"}, {"Q8", "12"}};
      parts.survey.push_back(std::move(other));
    }
  }
  auto dataset = Dataset::create(std::move(parts), "render fixture");
  if (!dataset) throw std::runtime_error(dataset.error().to_string());
  fixture.dataset = std::move(*dataset);
  return fixture;
}

}  // namespace hitl::test
