// The sample mouse's meshes and shadow height map, generated from the analytic shape in
// mouse_geometry.hpp.
#include "sample/mouse_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hitl::mouse_geometry {

namespace {

struct Vec3 {
  double x = 0, y = 0, z = 0;
};
Vec3 operator+(Vec3 a, Vec3 b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
Vec3 operator-(Vec3 a, Vec3 b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
Vec3 operator*(double k, Vec3 a) {
  return {k * a.x, k * a.y, k * a.z};
}
Vec3 cross(Vec3 a, Vec3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double length(Vec3 a) {
  return std::sqrt(a.x * a.x + a.y * a.y + a.z * a.z);
}
Vec3 normalised(Vec3 a) {
  const double l = length(a);
  return l > 0 ? (1.0 / l) * a : Vec3{0, 1, 0};
}

constexpr double kPi = std::numbers::pi;

double smoothstep(double edge0, double edge1, double x) {
  const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

// sign(c) * |c|^e: the superellipse's parametrisation.
double signed_power(double c, double e) {
  return std::copysign(std::pow(std::abs(c), e), c);
}

Mesh::Vertex vertex(Vec3 position, Vec3 normal) {
  return {
      {static_cast<float>(position.x), static_cast<float>(position.y),
       static_cast<float>(position.z)},
      {static_cast<float>(normal.x), static_cast<float>(normal.y), static_cast<float>(normal.z)}};
}

// Two triangles for each cell of a grid of rows x columns vertices laid out row by row; with
// `wrap` the last column joins the first.
void add_grid_indices(Mesh& mesh, std::uint32_t first, int rows, int columns, bool wrap) {
  const int cells_across = wrap ? columns : columns - 1;
  for (int row = 0; row + 1 < rows; ++row) {
    for (int column = 0; column < cells_across; ++column) {
      const int next = (column + 1) % columns;
      const auto at = [&](int r, int c) {
        return first + static_cast<std::uint32_t>(r * columns + c);
      };
      mesh.indices.insert(mesh.indices.end(),
                          {at(row, column), at(row, next), at(row + 1, column), at(row + 1, column),
                           at(row, next), at(row + 1, next)});
    }
  }
}

// Smooth normals: the area-weighted average of the faces around each vertex.
void compute_normals(Mesh& mesh) {
  std::vector<Vec3> sums(mesh.vertices.size());
  const auto position = [&](std::uint32_t i) {
    const float* p = mesh.vertices[i].position;
    return Vec3{p[0], p[1], p[2]};
  };
  for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
    const std::uint32_t a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
    const Vec3 face = cross(position(b) - position(a), position(c) - position(a));
    for (std::uint32_t v : {a, b, c}) sums[v] = sums[v] + face;
  }
  for (std::size_t i = 0; i < sums.size(); ++i) {
    const Vec3 n = normalised(sums[i]);
    mesh.vertices[i].normal[0] = static_cast<float>(n.x);
    mesh.vertices[i].normal[1] = static_cast<float>(n.y);
    mesh.vertices[i].normal[2] = static_cast<float>(n.z);
  }
}

// The shell as an implicit surface g(p) = 0 (negative inside): its gradient is the normal,
// well defined at the top and along the bottom rim, where the height field's is not.
double shell_implicit(Vec3 p) {
  const double v = p.z / kHalfLength_mm;
  const double u = p.x / half_width_mm(p.z);
  const double h = std::max(p.y, 0.0) / top_height_mm(v);
  return std::pow(std::abs(u), kFootprintExponent) + std::pow(std::abs(v), kFootprintExponent) +
         std::pow(h, kSectionExponent) - 1.0;
}

Vec3 shell_normal(Vec3 p) {
  constexpr double kStep_mm = 1e-3;
  const auto d = [&](Vec3 step) { return shell_implicit(p + step) - shell_implicit(p - step); };
  return normalised({d({kStep_mm, 0, 0}), d({0, kStep_mm, 0}), d({0, 0, kStep_mm})});
}

// The cable's centre line at arc parameter s (mm from where it leaves the shell) and its radius.
// It starts inside the front face, drops to the table over the first few centimetres and then
// swings left and right once, as a cable pushed aside on a desk does.
constexpr double kCableExitHeight_mm = 7.5;
constexpr double kCableStartZ_mm = -53.0;
constexpr double kCableSwing_mm = 24.0;
constexpr double kCableWavelength_mm = 380.0;
constexpr double kStrainReliefRadius_mm = 3.3;

double cable_radius_mm(double s_mm) {
  return kStrainReliefRadius_mm +
         (kCableRadius_mm - kStrainReliefRadius_mm) * smoothstep(10.0, 16.0, s_mm);
}

Vec3 cable_centre(double s_mm) {
  const double swing =
      kCableSwing_mm * std::sin(2 * kPi * s_mm / kCableWavelength_mm) * smoothstep(0.0, 70.0, s_mm);
  const double drop = 1.0 - smoothstep(4.0, 40.0, s_mm);
  const double height =
      cable_radius_mm(s_mm) + (kCableExitHeight_mm - kStrainReliefRadius_mm) * drop;
  return {swing, height, kCableStartZ_mm - s_mm};
}

// Separable box blur of a float image, clamped at the edges; three passes approach a Gaussian.
void box_blur(std::vector<float>& image, int size, int radius) {
  if (radius <= 0) return;
  std::vector<float> line(static_cast<std::size_t>(size));
  const auto pass = [&](auto at) {
    for (int line_index = 0; line_index < size; ++line_index) {
      for (int i = 0; i < size; ++i) line[static_cast<std::size_t>(i)] = at(line_index, i);
      double sum = 0;
      for (int i = -radius; i <= radius; ++i) {
        sum += line[static_cast<std::size_t>(std::clamp(i, 0, size - 1))];
      }
      const double scale = 1.0 / (2 * radius + 1);
      for (int i = 0; i < size; ++i) {
        at(line_index, i) = static_cast<float>(sum * scale);
        sum += line[static_cast<std::size_t>(std::min(i + radius + 1, size - 1))] -
               line[static_cast<std::size_t>(std::max(i - radius, 0))];
      }
    }
  };
  for (int repeat = 0; repeat < 3; ++repeat) {
    pass([&](int row, int column) -> float& {
      return image[static_cast<std::size_t>(row) * static_cast<std::size_t>(size) +
                   static_cast<std::size_t>(column)];
    });
    pass([&](int column, int row) -> float& {
      return image[static_cast<std::size_t>(row) * static_cast<std::size_t>(size) +
                   static_cast<std::size_t>(column)];
    });
  }
}

}  // namespace

double top_height_mm(double v) {
  const double d = (v - kPeakV) / (1.0 + kPeakV);
  return kTopHeight_mm * (1.0 - kHeightDip * d * d);
}

double half_width_mm(double z_mm) {
  return kHalfWidth_mm * (1.0 + kWidthTaper * z_mm / kHalfLength_mm);
}

double shell_height_mm(double x_mm, double z_mm) {
  const double v = z_mm / kHalfLength_mm;
  const double u = x_mm / half_width_mm(z_mm);
  const double r_n =
      std::pow(std::abs(u), kFootprintExponent) + std::pow(std::abs(v), kFootprintExponent);
  if (r_n >= 1.0) return -1.0;
  return top_height_mm(v) * std::pow(1.0 - r_n, 1.0 / kSectionExponent);
}

double wheel_axis_height_mm() {
  return shell_height_mm(0.0, kWheelCentreZ_mm) + kWheelProtrusion_mm - kWheelRadius_mm;
}

Mesh make_shell_mesh() {
  // Rings from the bottom rim (r = 1) to the top (r = 0), evenly spaced in the angle whose cosine
  // is r: that spaces them about evenly in height up the steep sides as well as over the top.
  constexpr int kRings = 72;
  constexpr int kSegments = 240;
  Mesh mesh;
  mesh.vertices.reserve(static_cast<std::size_t>((kRings + 1) * kSegments));
  for (int ring = 0; ring <= kRings; ++ring) {
    const double r = std::cos(0.5 * kPi * ring / kRings);
    for (int segment = 0; segment < kSegments; ++segment) {
      const double angle = 2 * kPi * segment / kSegments;
      const double u = r * signed_power(std::cos(angle), 2.0 / kFootprintExponent);
      const double v = r * signed_power(std::sin(angle), 2.0 / kFootprintExponent);
      const double z = v * kHalfLength_mm;
      const double x = u * half_width_mm(z);
      const double r_n = std::min(std::pow(r, kFootprintExponent), 1.0);
      const double y = top_height_mm(v) * std::pow(1.0 - r_n, 1.0 / kSectionExponent);
      const Vec3 position{x, y, z};
      mesh.vertices.push_back(vertex(position, shell_normal(position)));
    }
  }
  add_grid_indices(mesh, 0, kRings + 1, kSegments, true);
  return mesh;
}

Mesh make_wheel_mesh() {
  // A profile in (x, radius) turned about the wheel's axis: a flat side, a rounded edge, the ribbed
  // tread, the other edge and side.
  constexpr double kEdge_mm = 1.2;
  constexpr double kRibDepth_mm = 0.45;
  constexpr int kAround = kWheelRibs * 10;
  struct ProfilePoint {
    double x, radius, tread;  // tread: how much of the rib relief applies here
  };
  std::vector<ProfilePoint> profile;
  const double hw = kWheelHalfWidth_mm, rr = kWheelRadius_mm;
  profile.push_back({-hw, 0.0, 0.0});
  profile.push_back({-hw, rr - kEdge_mm - 1.5, 0.0});
  // Each edge is a quarter circle of radius kEdge_mm from the side (a = 0) to the tread (a = pi/2).
  constexpr int kEdgeSteps = 5;
  const auto edge = [&](double side, int i) {
    const double a = 0.5 * kPi * i / kEdgeSteps;
    profile.push_back({side * (hw - kEdge_mm + kEdge_mm * std::cos(a)),
                       rr - kEdge_mm + kEdge_mm * std::sin(a), std::sin(a)});
  };
  for (int i = 0; i <= kEdgeSteps; ++i) edge(-1.0, i);
  for (int i = 1; i < 4; ++i) {
    profile.push_back({-hw + kEdge_mm + (2 * (hw - kEdge_mm)) * i / 4.0, rr, 1.0});
  }
  for (int i = kEdgeSteps; i >= 0; --i) edge(1.0, i);
  profile.push_back({hw, rr - kEdge_mm - 1.5, 0.0});
  profile.push_back({hw, 0.0, 0.0});

  const Vec3 centre{0.0, wheel_axis_height_mm(), kWheelCentreZ_mm};
  Mesh mesh;
  for (const ProfilePoint& point : profile) {
    for (int step = 0; step < kAround; ++step) {
      const double angle = 2 * kPi * step / kAround;
      // Grooves across the tread: a softened square wave, kRibDepth_mm deep.
      const double rib = 0.5 + 0.5 * std::tanh(3.0 * std::cos(kWheelRibs * angle));
      const double radius = point.radius - point.tread * kRibDepth_mm * (1.0 - rib);
      const Vec3 position =
          centre + Vec3{point.x, radius * std::cos(angle), radius * std::sin(angle)};
      mesh.vertices.push_back(vertex(position, {1, 0, 0}));
    }
  }
  add_grid_indices(mesh, 0, static_cast<int>(profile.size()), kAround, true);
  compute_normals(mesh);
  // The faces' normals follow the winding; turn them outwards if it made them point in.
  const std::size_t on_tread = mesh.vertices.size() / 2;
  const float* n = mesh.vertices[on_tread].normal;
  const float* p = mesh.vertices[on_tread].position;
  const double outwards = n[1] * (p[1] - centre.y) + n[2] * (p[2] - centre.z);
  if (outwards < 0) {
    for (Mesh::Vertex& v : mesh.vertices) {
      for (float& component : v.normal) component = -component;
    }
  }
  return mesh;
}

Mesh make_cable_mesh() {
  constexpr double kStep_mm = 2.0;
  constexpr int kAround = 16;
  const int rings = static_cast<int>(kCableLength_mm / kStep_mm) + 1;
  Mesh mesh;
  mesh.vertices.reserve(static_cast<std::size_t>(rings * kAround));
  for (int ring = 0; ring < rings; ++ring) {
    const double s = ring * kStep_mm;
    const Vec3 centre = cable_centre(s);
    const Vec3 tangent = normalised(cable_centre(s + 0.5) - cable_centre(s - 0.5));
    // The centre line never turns vertical, so "up" gives a steady frame around it.
    const Vec3 side = normalised(cross(tangent, {0, 1, 0}));
    const Vec3 up = cross(side, tangent);
    const double radius = cable_radius_mm(s);
    for (int step = 0; step < kAround; ++step) {
      const double angle = 2 * kPi * step / kAround;
      const Vec3 normal = std::cos(angle) * side + std::sin(angle) * up;
      mesh.vertices.push_back(vertex(centre + radius * normal, normal));
    }
  }
  add_grid_indices(mesh, 0, rings, kAround, true);
  return mesh;
}

std::vector<std::uint8_t> make_shadow_height_map(int texels) {
  const std::size_t count = static_cast<std::size_t>(texels) * static_cast<std::size_t>(texels);
  std::vector<float> height(count, 0.0f);
  const double texel_mm = 2 * kShadowExtent_mm / texels;
  const auto texel_centre_mm = [&](int i) { return -kShadowExtent_mm + (i + 0.5) * texel_mm; };
  const auto at = [&](int row, int column) -> float& {
    return height[static_cast<std::size_t>(row) * static_cast<std::size_t>(texels) +
                  static_cast<std::size_t>(column)];
  };
  const auto texel_of = [&](double mm) {
    return static_cast<int>(std::floor((mm + kShadowExtent_mm) / texel_mm));
  };

  // The shell, and the wheel where it rises above it.
  const double wheel_axis_y = wheel_axis_height_mm();
  for (int row = texel_of(-kHalfLength_mm) - 1; row <= texel_of(kHalfLength_mm) + 1; ++row) {
    for (int column = texel_of(-2 * kHalfWidth_mm); column <= texel_of(2 * kHalfWidth_mm);
         ++column) {
      if (row < 0 || row >= texels || column < 0 || column >= texels) continue;
      const double x = texel_centre_mm(column), z = texel_centre_mm(row);
      double h = shell_height_mm(x, z);
      const double along = z - kWheelCentreZ_mm;
      if (std::abs(x) <= kWheelHalfWidth_mm && std::abs(along) < kWheelRadius_mm) {
        h = std::max(h,
                     wheel_axis_y + std::sqrt(kWheelRadius_mm * kWheelRadius_mm - along * along));
      }
      if (h > 0) at(row, column) = static_cast<float>(h);
    }
  }
  // The cable: the top of the tube over each texel near its centre line.
  for (double s = 0; s <= kCableLength_mm; s += 0.5 * texel_mm) {
    const Vec3 c = cable_centre(s);
    const double radius = cable_radius_mm(s);
    for (int row = texel_of(c.z - radius); row <= texel_of(c.z + radius); ++row) {
      for (int column = texel_of(c.x - radius); column <= texel_of(c.x + radius); ++column) {
        if (row < 0 || row >= texels || column < 0 || column >= texels) continue;
        const double dx = texel_centre_mm(column) - c.x, dz = texel_centre_mm(row) - c.z;
        const double d2 = dx * dx + dz * dz;
        if (d2 >= radius * radius) continue;
        at(row, column) =
            std::max(at(row, column), static_cast<float>(c.y + std::sqrt(radius * radius - d2)));
      }
    }
  }

  std::vector<float> cover(count);
  for (std::size_t i = 0; i < count; ++i) cover[i] = height[i] > 0 ? 1.0f : 0.0f;
  // Three box passes of radius r blur like a Gaussian of standard deviation about r texels.
  const auto radius_texels = [&](double sigma_mm) {
    return std::max(1, static_cast<int>(std::lround(sigma_mm / texel_mm)));
  };
  std::vector<float> near_height = height, far_height = std::move(height);
  std::vector<float> wide_cover = cover, tight_cover = std::move(cover);
  box_blur(near_height, texels, radius_texels(1.5));
  box_blur(far_height, texels, radius_texels(6.0));
  box_blur(wide_cover, texels, radius_texels(10.0));
  box_blur(tight_cover, texels, radius_texels(2.5));

  std::vector<std::uint8_t> rgba(count * 4);
  const auto byte = [](double value) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L));
  };
  for (std::size_t i = 0; i < count; ++i) {
    rgba[i * 4 + 0] = byte(near_height[i] * 4.0);
    rgba[i * 4 + 1] = byte(far_height[i] * 4.0);
    rgba[i * 4 + 2] = byte(wide_cover[i] * 255.0);
    rgba[i * 4 + 3] = byte(tight_cover[i] * 255.0);
  }
  return rgba;
}

}  // namespace hitl::mouse_geometry
