// A small dataset to render, made in code: frames of a 300x200 "photograph" (a gradient with a
// dark block that moves from frame to frame, so blends show), and on each frame an approved
// worker who drew all five mouse parts and, on even frames, a rejected worker who drew only the
// body. Survey answers include a long one, a null one, an "other" with its text and non-ASCII.
#pragma once

#include <memory>
#include <string>

#include "hitl/data/dataset.hpp"
#include "support/temp_dir.hpp"

namespace hitl::test {

struct RenderFixtureOptions {
  int frames = 4;
  int width_px = 300, height_px = 200;
  bool write_frame_files = true;  // false: frames are listed but have no files
};

struct RenderFixture {
  std::unique_ptr<TempDir> dir;  // holds the frame files
  Dataset dataset;
};

// Throws std::runtime_error when the dataset cannot be made (a mistake in the fixture).
RenderFixture make_render_fixture(const RenderFixtureOptions& options = {});

// The boxes the approved worker of every frame drew, in source pixels, by category id (1..5).
BoxPx fixture_box(int frame_number, int category_id, int width_px = 300, int height_px = 200);

}  // namespace hitl::test
