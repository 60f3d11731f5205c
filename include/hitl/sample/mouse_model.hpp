// The sample's computer mouse: modelled procedurally (body, left and right buttons, scroll wheel,
// cable) and rendered by hitl's own GL code like a product photograph (a plain backdrop, soft
// light, a shadow), turning once on itself over the frames. Each render also gives the ground
// truth: which part every pixel shows.
//
// The camera is fixed, looking down at the table steeply from the front; at frame 0 the mouse's
// front points away from it (up in the picture) and the cable runs out of the top edge. The mouse
// (cable apart) stays inside the frame at every angle. Shapes and studio: src/sample/.
//
// Threads: create, use and destroy a MouseRenderer on one thread, with a GL context current.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

struct MouseFrame {
  int width_px = 0, height_px = 0;
  std::vector<std::uint8_t> rgb;  // 8-bit sRGB, rows top first, no padding
  // Per pixel, rows top first: 0 the backdrop, else the part's place in mouse_categories() + 1
  // (1 Body, 2 Left_Button, 3 Right_Button, 4 Scroll_Wheel, 5 Cable). A pixel belongs to the
  // nearest part that covers its centre (drawn without anti-aliasing): what the camera sees. The
  // slot around the wheel is Body.
  std::vector<std::uint8_t> parts;
};

struct MouseRenderOptions {
  int width_px = 2880, height_px = 1920;
  int frame_count = 296;  // frames of one full turn
};

class MouseRenderer {
 public:
  // Builds the meshes and compiles the shaders. Needs a current OpenGL 3.3 core context.
  static Result<std::unique_ptr<MouseRenderer>> create(const MouseRenderOptions& options);
  virtual ~MouseRenderer() = default;
  // Frame `index` (0-based) of the turn: the mouse turned by 360 degrees * index / frame_count.
  // Deterministic: the same index gives the same pixels on the same driver.
  virtual Result<MouseFrame> render(int index) = 0;
};

}  // namespace hitl
