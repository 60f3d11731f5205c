// The renderer, drawn headless on the machine's GL (llvmpipe here) and read back.
//
// Golden tolerance: llvmpipe renders these images bit for bit the same run after run; the
// tolerance (2 levels per channel, 0.5% of pixels beyond that) leaves room for another GL
// implementation's rounding of anti-aliased edges and of the blend, not for a visible change. Text
// is rasterized by FreeType on the CPU, so it is exact on every driver.
#include <catch2/catch.hpp>

#include <cmath>

#include "hitl/frames/frame_source.hpp"
#include "hitl/gfx/headless_gl_context.hpp"
#include "hitl/gfx/offscreen_target.hpp"
#include "hitl/gfx/readback.hpp"
#include "hitl/render/renderer.hpp"
#include "hitl/scene/geometry.hpp"
#include "support/golden.hpp"
#include "support/render_fixture.hpp"

namespace {

using hitl::FrameState;
using hitl::PixelSize;
using hitl::Scene;

struct Rendered {
  std::vector<std::uint8_t> rgba;
  int width_px = 0, height_px = 0;
  std::vector<hitl::PlacedCard> cards;
  hitl::RectPx picture;

  std::array<int, 3> at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width_px + x) * 4;
    return {rgba[i], rgba[i + 1], rgba[i + 2]};
  }
};

// A frame's own state: the frame alone, its submissions opaque, as `still --frame` shows it.
FrameState state_of_frame(const hitl::Dataset& dataset, int frame_number) {
  FrameState state;
  state.frame_a = state.frame_b = state.current_frame = frame_number;
  for (const int submission : dataset.submissions_of_frame(frame_number)) {
    state.overlays.push_back({submission, 1});
    state.cards.push_back({submission, 1});
  }
  state.totals.frames = frame_number;
  state.totals.tasks = static_cast<int>(state.overlays.size());
  state.totals.paid_usd = 0.15;
  state.totals.withheld_usd = state.overlays.size() > 1 ? 0.15 : 0;
  return state;
}

Scene only_layers(bool frame, bool masks, bool boxes, bool cards, bool hud) {
  Scene scene = Scene::defaults();
  scene.layers.frame = frame;
  scene.layers.masks = masks;
  scene.layers.boxes = boxes;
  scene.layers.cards = cards;
  scene.layers.hud = hud;
  return scene;
}

Rendered render(const hitl::Dataset& dataset, const Scene& scene, const FrameState& state,
                PixelSize size) {
  auto renderer = hitl::Renderer::create(dataset, scene);
  REQUIRE(renderer.ok());
  hitl::FrameSource frames(dataset, {0, 0, 1});
  hitl::FramePictures pictures;
  if (auto a = frames.get(state.frame_a)) pictures.a = *a;
  if (state.blend > 0) {
    if (auto b = frames.get(state.frame_b)) pictures.b = *b;
  }
  auto target = hitl::OffscreenTarget::create(size.width_px, size.height_px);
  REQUIRE(target.ok());
  const hitl::Status drawn =
      (*renderer)->draw(state, pictures, target->drawing_framebuffer(), size);
  INFO((drawn ? std::string() : drawn.error().to_string()));
  REQUIRE(drawn.ok());
  auto rgba = hitl::read_rgba(*target);
  REQUIRE(rgba.ok());
  return {std::move(*rgba), size.width_px, size.height_px, (*renderer)->placed_cards(),
          (*renderer)->picture_rect()};
}

void check_golden(const std::string& name, const Rendered& image) {
  const auto result =
      hitl::test::compare_with_golden(name, image.rgba, image.width_px, image.height_px);
  INFO(result.message);
  CHECK(result.matches);
}

std::unique_ptr<hitl::HeadlessGlContext> make_context() {
  auto context = hitl::HeadlessGlContext::create();
  INFO((context ? std::string() : context.error().to_string()));
  REQUIRE(context.ok());
  return std::move(*context);
}

}  // namespace

TEST_CASE("The picture is drawn whole, centred, with the background around it", "[gl][render]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  Scene scene = only_layers(true, false, false, false, false);
  scene.style.background = {1, 0, 1, 1};
  const Rendered image =
      render(fixture.dataset, scene, state_of_frame(fixture.dataset, 1), {160, 90});
  // 300x200 into 160x90: 135x90, 12 or 13 px of background on each side.
  CHECK(image.picture == hitl::fit_picture(300, 200, 160, 90));
  CHECK(image.picture.width == 135);
  const int left = static_cast<int>(image.picture.x);
  CHECK(image.at(left - 1, 45) == std::array<int, 3>{255, 0, 255});
  CHECK(image.at(left + 135, 45) == std::array<int, 3>{255, 0, 255});
  CHECK(image.at(left, 45) != std::array<int, 3>{255, 0, 255});
  CHECK(image.at(left + 134, 45) != std::array<int, 3>{255, 0, 255});
}

TEST_CASE("Golden: the picture blends two frames halfway", "[gl][render][golden]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  FrameState state = state_of_frame(fixture.dataset, 1);
  state.frame_b = 3;
  state.blend = 0.5f;
  check_golden(
      "picture-blend",
      render(fixture.dataset, only_layers(true, false, false, false, false), state, {192, 128}));
}

TEST_CASE("Golden: masks in their class colours with an outline", "[gl][render][golden]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  check_golden("masks", render(fixture.dataset, only_layers(false, true, false, false, false),
                               state_of_frame(fixture.dataset, 1), {192, 128}));
}

TEST_CASE("Golden: approved boxes are solid, rejected boxes dashed", "[gl][render][golden]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  check_golden("boxes", render(fixture.dataset, only_layers(false, false, true, false, false),
                               state_of_frame(fixture.dataset, 2), {288, 192}));
}

TEST_CASE("Golden: two workers' cards beside their boxes", "[gl][render][golden]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  check_golden("cards", render(fixture.dataset, only_layers(true, false, true, true, false),
                               state_of_frame(fixture.dataset, 2), {640, 360}));
}

TEST_CASE("Golden: the whole composition with the running totals", "[gl][render][golden]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  check_golden("composition", render(fixture.dataset, Scene::defaults(),
                                     state_of_frame(fixture.dataset, 2), {640, 360}));
}

TEST_CASE("Box edges land on their output pixels at every output size", "[gl][render]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  Scene scene = only_layers(false, false, true, false, false);
  scene.style.background = {0, 0, 0, 1};
  scene.style.class_colours[1] = {1, 1, 1, 1};
  scene.style.hidden_classes = {2, 3, 4, 5};
  const PixelSize size =
      GENERATE(PixelSize{160, 90}, PixelSize{320, 320}, PixelSize{640, 480}, PixelSize{1280, 720},
               PixelSize{1000, 1500}, PixelSize{1920, 1080});
  CAPTURE(size.width_px, size.height_px);
  const Rendered image = render(fixture.dataset, scene, state_of_frame(fixture.dataset, 1), size);
  const auto transform = hitl::PictureTransform::make(300, 200, size.width_px, size.height_px);
  const hitl::RectPx box = transform.to_output(hitl::test::fixture_box(1, 1));

  // The stroke's centre of mass across an edge, sampled on a line through the box's middle.
  const auto centre_across = [&](double edge, bool vertical_edge) {
    const int reach = 6;
    const int middle =
        static_cast<int>(vertical_edge ? box.y + box.height / 2 : box.x + box.width / 2);
    double weight = 0, moment = 0;
    for (int i = static_cast<int>(std::floor(edge)) - reach;
         i <= static_cast<int>(std::floor(edge)) + reach; ++i) {
      const int x = vertical_edge ? i : middle;
      const int y = vertical_edge ? middle : i;
      if (x < 0 || y < 0 || x >= size.width_px || y >= size.height_px) continue;
      const double level = image.at(x, y)[0];
      weight += level;
      moment += level * (i + 0.5);
    }
    REQUIRE(weight > 0);
    return moment / weight;
  };
  CHECK(std::abs(centre_across(box.x, true) - box.x) <= 0.5);
  CHECK(std::abs(centre_across(box.right(), true) - box.right()) <= 0.5);
  CHECK(std::abs(centre_across(box.y, false) - box.y) <= 0.5);
  CHECK(std::abs(centre_across(box.bottom(), false) - box.bottom()) <= 0.5);
}

TEST_CASE("A frame whose file is missing is drawn as unavailable, overlays and all",
          "[gl][render]") {
  auto context = make_context();
  hitl::test::RenderFixtureOptions options;
  options.write_frame_files = false;
  const auto fixture = hitl::test::make_render_fixture(options);
  const Rendered image =
      render(fixture.dataset, Scene::defaults(), state_of_frame(fixture.dataset, 2), {320, 180});
  CHECK(image.cards.size() == 2);
  // The picture area is the dark "unavailable" grey where nothing is drawn over it.
  CHECK(image.at(static_cast<int>(image.picture.x) + 2, static_cast<int>(image.picture.y) + 2) ==
        std::array<int, 3>{40, 40, 44});
}

TEST_CASE("Cards stay inside the output and apart at every output size", "[gl][render]") {
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  const PixelSize size = GENERATE(PixelSize{320, 180}, PixelSize{1280, 720}, PixelSize{720, 1280},
                                  PixelSize{3840, 2160});
  CAPTURE(size.width_px, size.height_px);
  const Rendered image =
      render(fixture.dataset, Scene::defaults(), state_of_frame(fixture.dataset, 2), size);
  const hitl::RectPx screen{0, 0, static_cast<double>(size.width_px),
                            static_cast<double>(size.height_px)};
  for (std::size_t i = 0; i < image.cards.size(); ++i) {
    CHECK(screen.contains(image.cards[i].rect));
    for (std::size_t j = i + 1; j < image.cards.size(); ++j) {
      CHECK_FALSE(image.cards[i].rect.intersects(image.cards[j].rect));
    }
  }
}

TEST_CASE("Glyphs first needed on a later frame are drawn as on a first frame", "[gl][render]") {
  // The HUD and the cards draw from one glyph atlas: text that appears only on the second frame
  // (new digits in the totals, another worker's answers) must reach the screen like the first's.
  auto context = make_context();
  const auto fixture = hitl::test::make_render_fixture();
  const Scene scene = Scene::defaults();
  const PixelSize size{480, 270};
  FrameState later = state_of_frame(fixture.dataset, 2);
  later.totals.tasks = 7;
  later.totals.paid_usd = 6.85;
  later.totals.withheld_usd = 9.45;

  auto renderer = hitl::Renderer::create(fixture.dataset, scene);
  REQUIRE(renderer.ok());
  auto target = hitl::OffscreenTarget::create(size.width_px, size.height_px);
  REQUIRE(target.ok());
  REQUIRE((*renderer)
              ->draw(state_of_frame(fixture.dataset, 1), {}, target->drawing_framebuffer(), size)
              .ok());
  REQUIRE((*renderer)->draw(later, {}, target->drawing_framebuffer(), size).ok());
  const auto second = hitl::read_rgba(*target);
  REQUIRE(second.ok());

  // A fresh renderer draws the later state first, with every glyph new to it.
  auto fresh = hitl::Renderer::create(fixture.dataset, scene);
  REQUIRE(fresh.ok());
  REQUIRE((*fresh)->draw(later, {}, target->drawing_framebuffer(), size).ok());
  const auto first = hitl::read_rgba(*target);
  REQUIRE(first.ok());
  CHECK(*second == *first);
}
