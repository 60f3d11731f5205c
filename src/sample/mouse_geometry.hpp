// The sample mouse's shape, in plain C++ with no GL: its dimensions, the triangle meshes of its
// shell, scroll wheel and cable, and the height map of the whole mouse seen from above that the
// table's soft shadow is made from. Internal to the sample renderer (src/sample/mouse_model.cpp).
//
// Coordinates: mouse-local millimetres, y up from the table (y = 0), the mouse's front towards -z,
// its left (the user's, hand on the mouse) towards -x. The mouse turns about the y axis.
#pragma once

#include <cstdint>
#include <vector>

namespace hitl::mouse_geometry {

// The shell is one smooth surface over a superelliptic footprint: a point (x, z) of the footprint
// with u = x / half_width(z), v = z / kHalfLength and r^n = |u|^n + |v|^n (r <= 1) has the height
// top_height(v) * (1 - r^n)^(1/m). The bottom is flat (r = 1 meets the table at a vertical
// tangent), the back is wider and the front lower: an egg seen from above, a wedge from the side.
inline constexpr double kHalfLength_mm = 59.0;
inline constexpr double kHalfWidth_mm = 30.5;  // at z = 0
inline constexpr double kWidthTaper = 0.10;    // the half width grows by this fraction at the back
inline constexpr double kTopHeight_mm = 37.0;  // the highest point, towards the back
inline constexpr double kFootprintExponent = 2.4;  // n: above 2, a slightly squared outline
inline constexpr double kSectionExponent = 2.2;    // m: above 2, a fuller top and steeper sides
inline constexpr double kHeightDip = 0.34;         // the front is lower by this fraction
inline constexpr double kPeakV = 0.25;             // where the top is highest, in v

// The buttons are the shell's front-top, split at x = 0. Their back seam runs across the top at
// z = kButtonSeamZ_mm - kButtonSeamCurve_per_mm * x^2; their side seams at a fixed fraction of
// the local top height.
inline constexpr double kButtonSeamZ_mm = 9.0;
inline constexpr double kButtonSeamCurve_per_mm = 0.006;
inline constexpr double kSideSeamHeightFraction = 0.58;
inline constexpr double kGrooveWidth_mm = 0.8;

// The scroll wheel: a ribbed disc turning about an axis along x, in a slot between the buttons.
inline constexpr double kWheelCentreZ_mm = -25.0;
inline constexpr double kWheelRadius_mm = 9.5;
inline constexpr double kWheelHalfWidth_mm = 3.4;
inline constexpr double kWheelProtrusion_mm = 3.6;  // above the shell's surface
inline constexpr int kWheelRibs = 26;
inline constexpr double kSlotHalfLength_mm = 12.5;
inline constexpr double kSlotHalfWidth_mm = 5.0;
inline constexpr double kSlotCornerRadius_mm = 3.0;

// The cable: a tube leaving the front centre, lying on the table in a gentle S.
inline constexpr double kCableRadius_mm = 2.1;
inline constexpr double kCableLength_mm = 420.0;  // well past the frame's edge at every angle

// The shadow height map covers the square |x|, |z| <= kShadowExtent_mm.
inline constexpr double kShadowExtent_mm = 440.0;

// The local top height at v = z / kHalfLength_mm.
double top_height_mm(double v);
// The half width of the footprint at z.
double half_width_mm(double z_mm);
// The shell's height above (x, z), or a negative number outside its footprint.
double shell_height_mm(double x_mm, double z_mm);
// The height of the scroll wheel's axis.
double wheel_axis_height_mm();

// An indexed triangle mesh: per vertex a position and a unit normal (mouse-local, mm).
struct Mesh {
  struct Vertex {
    float position[3];
    float normal[3];
  };
  std::vector<Vertex> vertices;
  std::vector<std::uint32_t> indices;
};

Mesh make_shell_mesh();
Mesh make_wheel_mesh();
Mesh make_cable_mesh();

// The mouse seen from straight above, as an RGBA8 image of texels x texels over the square
// |x|, |z| <= kShadowExtent_mm (row 0 at z = -extent, column 0 at x = -extent). Channels, each
// blurred to a different softness: R and G the height in quarter millimetres (blurred over about
// 1.5 mm and 6 mm: the key light's shadow near and far from the occluder), B and A how much of
// the neighbourhood the mouse covers (over about 10 mm and 2.5 mm: ambient occlusion and contact).
std::vector<std::uint8_t> make_shadow_height_map(int texels);

}  // namespace hitl::mouse_geometry
