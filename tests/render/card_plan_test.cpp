// Cards set in real type and placed, over many frames of awkward answers: the layout's promises
// (inside the free area, apart from each other) hold for what the renderer actually draws.
#include <catch2/catch.hpp>

#include <random>

#include "hitl/render/card_view.hpp"
#include "hitl/text/font_set.hpp"
#include "hitl/text/layout_cache.hpp"
#include "support/render_fixture.hpp"

namespace {

// Answers a stranger might type, or leave empty.
const std::vector<std::optional<std::string>> awkward_answers = {
    std::nullopt,
    "",
    "   ",
    "São Paulo",
    "東京都新宿区西新宿二丁目８番１号",
    "Москва",
    "مدينة القاهرة",
    "I spend more than two hours every single day searching for tasks that pay fairly, and most "
    "of them are gone before I can even open them, so I keep refreshing the page all evening",
    "Supercalifragilisticexpialidociousandthensomemorewithoutanyspacesatallanywhereinthisanswer",
    "line one\nline two\nline three\nline four",
    "🙂 emoji 🙂",
    "null",
    std::string(5000, 'x'),
};

hitl::Dataset awkward_dataset(std::mt19937& random, int frames) {
  auto fixture = hitl::test::make_render_fixture({frames, 300, 200, false});
  hitl::DatasetParts parts;
  parts.frames = fixture.dataset.frames();
  parts.categories = fixture.dataset.categories();
  parts.questions = fixture.dataset.questions();
  parts.submissions = fixture.dataset.submissions();
  parts.annotations = fixture.dataset.annotations();
  std::uniform_int_distribution<std::size_t> pick(0, awkward_answers.size() - 1);
  for (const std::string& worker : fixture.dataset.worker_ids()) {
    hitl::SurveyResponse response;
    response.worker_id = worker;
    for (const auto& question : parts.questions) {
      response.answers.emplace_back(question.id, awkward_answers[pick(random)]);
    }
    parts.survey.push_back(std::move(response));
  }
  auto dataset = hitl::Dataset::create(std::move(parts), "awkward");
  REQUIRE(dataset.ok());
  return std::move(*dataset);
}

}  // namespace

TEST_CASE("Cards of awkward answers stay inside the free area and apart, over many frames",
          "[render][card]") {
  auto fonts = hitl::FontSet::load_default();
  REQUIRE(fonts.ok());
  hitl::LayoutCache layouts(*fonts);
  const std::uint32_t seed = 20261123;
  std::mt19937 random(seed);
  const hitl::Dataset dataset = awkward_dataset(random, 24);
  const hitl::Scene scene = hitl::Scene::defaults();
  const std::vector<hitl::PixelSize> sizes = {{320, 180},   {640, 360},   {1280, 720},
                                              {1920, 1080}, {3840, 2160}, {1080, 1920},
                                              {800, 800},   {2560, 1080}};
  int cards_checked = 0;
  for (const hitl::PixelSize size : sizes) {
    const auto transform = hitl::PictureTransform::make(300, 200, size.width_px, size.height_px);
    // The HUD's band at the bottom is not free.
    const hitl::RectPx free_area{0, 0, static_cast<double>(size.width_px), size.height_px * 0.92};
    for (const hitl::Frame& frame : dataset.frames()) {
      hitl::FrameState state;
      state.frame_a = state.frame_b = state.current_frame = frame.number;
      for (const int submission : dataset.submissions_of_frame(frame.number)) {
        state.cards.push_back({submission, 1});
      }
      const hitl::CardPlan plan =
          hitl::plan_cards(dataset, scene, layouts, state, transform, size, free_area);
      CAPTURE(seed, size.width_px, size.height_px, frame.number);
      CHECK(plan.placed.size() + static_cast<std::size_t>(plan.not_placed) == state.cards.size());
      for (std::size_t i = 0; i < plan.placed.size(); ++i) {
        CHECK(free_area.contains(plan.placed[i].rect));
        CHECK(plan.views[i].width_px <= size.width_px * 0.45f + 1);
        for (std::size_t j = i + 1; j < plan.placed.size(); ++j) {
          CHECK_FALSE(plan.placed[i].rect.intersects(plan.placed[j].rect));
        }
        ++cards_checked;
      }
    }
  }
  // Every frame's one or two cards fit at these sizes: none was dropped.
  CHECK(cards_checked == static_cast<int>(sizes.size()) * 36);
}

TEST_CASE("A card grows with its answers and cuts long ones with an ellipsis", "[render][card]") {
  auto fonts = hitl::FontSet::load_default();
  REQUIRE(fonts.ok());
  hitl::LayoutCache layouts(*fonts);
  hitl::Scene scene = hitl::Scene::defaults();
  hitl::CardContent content;
  content.title = "A1B2C3D4E5F6G7";
  content.status = "Approved · paid $0.15";
  content.answers = {{"City", "Lagos", false}};
  const hitl::CardView short_card = hitl::make_card_view(layouts, scene, content, 1, 1000);
  CHECK_FALSE(short_card.truncated);
  content.answers.push_back({"Searching", std::string(2000, 'w') + " end", false});
  const hitl::CardView long_card = hitl::make_card_view(layouts, scene, content, 1, 1000);
  CHECK(long_card.truncated);
  CHECK(long_card.height_px > short_card.height_px);
  CHECK(long_card.width_px == short_card.width_px);
  CHECK(long_card.width_px == scene.style.card_width_px);
  // At 4K everything doubles, to the pixel's rounding.
  const hitl::CardView big = hitl::make_card_view(layouts, scene, content, 2, 2000);
  CHECK(big.width_px == 2 * long_card.width_px);
  CHECK(std::abs(big.height_px - 2 * long_card.height_px) <= 8);
}
