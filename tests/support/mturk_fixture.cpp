// Generated MTurk batch results: painted masks, made-up ids, the columns of a real export.
#include "support/mturk_fixture.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <stdexcept>

#include "hitl/base/base64.hpp"
#include "hitl/base/png.hpp"
#include "hitl/sample/crowd.hpp"

namespace hitl::test {

namespace {

// splitmix64: small, fast and the same everywhere, so fixtures never change between machines.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return mix(state_++); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }

 private:
  std::uint64_t state_;
};

std::string id_from(std::uint64_t seed, std::size_t length) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  Random random(seed);
  std::string id;
  for (std::size_t i = 0; i < length; ++i) id += alphabet[random.next() % alphabet.size()];
  return id;
}

std::uint32_t crc32(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (const char ch : bytes) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string be32(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

std::string csv_field(const std::string& value, bool quote_all) {
  const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote_all && !needs_quotes) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string timestamp(const char* day, int hour, int minute, int second) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s Mar %d %02d:%02d:%02d PDT 2023", day, 13, hour, minute,
                second);
  return buffer;
}

// Where the mouse sits on a canvas: its own frame has u to its right and v towards its back, in
// units of `size` (the canvas's shorter side), rotated by the angle about the canvas centre.
struct MouseFrame {
  double cx, cy, size, c, s;

  MouseFrame(int width_px, int height_px, double angle_rad)
      : cx(width_px / 2.0),
        cy(height_px / 2.0),
        size(std::min(width_px, height_px)),
        c(std::cos(angle_rad)),
        s(std::sin(angle_rad)) {}

  std::pair<double, double> place(double u, double v) const {
    return {cx + size * (u * c - v * s), cy + size * (u * s + v * c)};
  }
  std::pair<double, double> local(double x, double y) const {
    const double dx = x - cx, dy = y - cy;
    return {(dx * c + dy * s) / size, (dy * c - dx * s) / size};
  }
  // A direction in the mouse's frame, turned into the canvas's.
  std::pair<double, double> turn(double du, double dv) const {
    return {du * c - dv * s, du * s + dv * c};
  }
};

// The cable: a thin wavy strip that leaves the front of the body, painted in kSteps steps; steps
// past kSteps carry it on along the same curve.
struct CableShape {
  static constexpr int kSteps = 40;
  static constexpr double kHalfWidth = 0.008;
  double phase;

  explicit CableShape(std::uint64_t seed) {
    Random random(mix(seed + 99));
    phase = random.between(0, 6.3);
  }
  static double v_at(int step) { return -0.245 - 0.23 * step / kSteps; }
  double u_at(int step) const { return 0.03 * std::sin(phase + 9.0 * step / kSteps); }
  // The centre line at any v, and its slope du/dv there.
  double centre_u(double v) const { return 0.03 * std::sin(phase + 9.0 * (-0.245 - v) / 0.23); }
  double slope(double v) const {
    return -0.03 * 9.0 / 0.23 * std::cos(phase + 9.0 * (-0.245 - v) / 0.23);
  }

  // The outline of steps first..last on a canvas.
  std::vector<std::pair<double, double>> outline(const MouseFrame& frame, int first,
                                                 int last) const {
    std::vector<std::pair<double, double>> left, right;
    for (int i = first; i <= last; ++i) {
      const double v = v_at(i), u = u_at(i);
      left.push_back(frame.place(u - kHalfWidth, v));
      right.push_back(frame.place(u + kHalfWidth, v));
    }
    left.insert(left.end(), right.rbegin(), right.rend());
    return left;
  }
};

}  // namespace

MaskCanvas::MaskCanvas(int width_px, int height_px)
    : width_px_(width_px),
      height_px_(height_px),
      rgba_(static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) * 4, 0) {}

void MaskCanvas::set(int x, int y, Rgb8 color, std::uint8_t alpha) {
  if (x < 0 || y < 0 || x >= width_px_ || y >= height_px_) return;
  auto* p = &rgba_[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width_px_) +
                    static_cast<std::size_t>(x)) *
                   4];
  p[0] = color.r;
  p[1] = color.g;
  p[2] = color.b;
  p[3] = alpha;
}

void MaskCanvas::fill_rect(int x, int y, int width, int height, Rgb8 color, std::uint8_t alpha) {
  for (int yy = std::max(0, y); yy < std::min(height_px_, y + height); ++yy) {
    for (int xx = std::max(0, x); xx < std::min(width_px_, x + width); ++xx) {
      set(xx, yy, color, alpha);
    }
  }
}

void MaskCanvas::fill_polygon(std::span<const std::pair<double, double>> points, Rgb8 color) {
  if (points.size() < 3) return;
  double min_y = points[0].second, max_y = points[0].second;
  for (const auto& p : points) {
    min_y = std::min(min_y, p.second);
    max_y = std::max(max_y, p.second);
  }
  const int y0 = std::max(0, static_cast<int>(std::floor(min_y)));
  const int y1 = std::min(height_px_ - 1, static_cast<int>(std::ceil(max_y)));
  std::vector<double> crossings;
  for (int y = y0; y <= y1; ++y) {
    const double yc = y + 0.5;
    crossings.clear();
    for (std::size_t i = 0; i < points.size(); ++i) {
      const auto& a = points[i];
      const auto& b = points[(i + 1) % points.size()];
      if ((a.second <= yc) == (b.second <= yc)) continue;
      crossings.push_back(a.first + (yc - a.second) / (b.second - a.second) * (b.first - a.first));
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
      const int x_first = std::max(0, static_cast<int>(std::ceil(crossings[i] - 0.5)));
      const int x_last =
          std::min(width_px_ - 1, static_cast<int>(std::ceil(crossings[i + 1] - 0.5)) - 1);
      for (int x = x_first; x <= x_last; ++x) set(x, y, color);
    }
  }
}

void MaskCanvas::fill_blob(double cx, double cy, double rx, double ry, double angle_rad,
                           double wobble, std::uint64_t seed, Rgb8 color) {
  Random random(seed);
  const double phase[3] = {random.between(0, 6.3), random.between(0, 6.3), random.between(0, 6.3)};
  constexpr int kVertices = 96;
  std::vector<std::pair<double, double>> points;
  points.reserve(kVertices);
  const double c = std::cos(angle_rad), s = std::sin(angle_rad);
  for (int i = 0; i < kVertices; ++i) {
    const double t = 2 * std::numbers::pi * i / kVertices;
    const double r =
        1 + wobble * (0.5 * std::sin(3 * t + phase[0]) + 0.3 * std::sin(5 * t + phase[1]) +
                      0.2 * std::sin(7 * t + phase[2]));
    const double u = rx * r * std::cos(t), v = ry * r * std::sin(t);
    points.emplace_back(cx + u * c - v * s, cy + u * s + v * c);
  }
  fill_polygon(points, color);
}

std::string MaskCanvas::png_rgba() const {
  auto png =
      encode_png_rgba(rgba_.data(), width_px_, height_px_, static_cast<std::size_t>(width_px_) * 4);
  if (!png) throw std::runtime_error("encoding a test mask failed: " + png.error().message);
  return std::move(*png);
}

std::string MaskCanvas::png_rgb() const {
  std::vector<std::uint8_t> rgb;
  rgb.reserve(rgba_.size() / 4 * 3);
  for (std::size_t i = 0; i < rgba_.size(); i += 4) {
    const bool visible = rgba_[i + 3] != 0;
    for (int k = 0; k < 3; ++k) rgb.push_back(visible ? rgba_[i + std::size_t(k)] : 0);
  }
  auto png =
      encode_png_rgb(rgb.data(), width_px_, height_px_, static_cast<std::size_t>(width_px_) * 3);
  if (!png) throw std::runtime_error("encoding a test mask failed: " + png.error().message);
  return std::move(*png);
}

void paint_mouse(MaskCanvas& canvas, std::span<const int> parts, double angle_rad,
                 std::uint64_t seed, bool soft_edges) {
  const auto& categories = mouse_categories();
  const auto wanted = [&](int part) {
    return std::find(parts.begin(), parts.end(), part) != parts.end();
  };
  // The cable leaves at the front of the mouse (negative v).
  const MouseFrame frame(canvas.width_px(), canvas.height_px(), angle_rad);
  const double size = frame.size;
  const auto blob = [&](int part, double u, double v, double ru, double rv, double wobble) {
    const auto [x, y] = frame.place(u, v);
    canvas.fill_blob(x, y, size * ru, size * rv, angle_rad, wobble,
                     mix(seed + 17u * unsigned(part)),
                     categories[static_cast<std::size_t>(part)].color);
  };

  if (wanted(0)) {
    blob(0, 0, 0.05, 0.19, 0.30, 0.03);
    if (soft_edges) {
      // A ring of blended pixels just inside the body's outline, as anti-aliasing leaves.
      const Rgb8 body = categories[0].color;
      const Rgb8 blend{static_cast<std::uint8_t>((body.r + 255) / 2),
                       static_cast<std::uint8_t>((body.g + 255) / 2),
                       static_cast<std::uint8_t>((body.b + 255) / 2)};
      const auto& px = canvas.rgba();
      const auto is_body = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= canvas.width_px() || y >= canvas.height_px()) return false;
        const auto* p =
            &px[(static_cast<std::size_t>(y) * std::size_t(canvas.width_px()) + std::size_t(x)) *
                4];
        return p[3] != 0 && Rgb8{p[0], p[1], p[2]} == body;
      };
      std::vector<std::pair<int, int>> edge;
      for (int y = 0; y < canvas.height_px(); ++y) {
        for (int x = 0; x < canvas.width_px(); ++x) {
          if (is_body(x, y) && (!is_body(x - 1, y) || !is_body(x + 1, y) || !is_body(x, y - 1) ||
                                !is_body(x, y + 1))) {
            edge.emplace_back(x, y);
          }
        }
      }
      for (const auto& [x, y] : edge) canvas.set(x, y, blend, 160);
    }
  }
  if (wanted(1)) blob(1, -0.085, -0.16, 0.065, 0.075, 0.05);
  if (wanted(2)) blob(2, 0.085, -0.16, 0.065, 0.075, 0.05);
  if (wanted(3)) blob(3, 0, -0.165, 0.014, 0.04, 0.04);
  if (wanted(4)) {
    // A thin wavy strip from the front of the body towards the edge of the picture.
    canvas.fill_polygon(CableShape(seed).outline(frame, 0, CableShape::kSteps),
                        categories[4].color);
  }
}

namespace {

struct Vec3 {
  double x = 0, y = 0, z = 0;
};

Vec3 normalized(Vec3 v) {
  const double length = std::sqrt(v.x * v.x + v.y * v.y + v.z * v.z);
  return {v.x / length, v.y / length, v.z / length};
}

double dot(Vec3 a, Vec3 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

// x to a whole power by squaring: std::pow for each pixel of a highlight costs more than the
// rest of its shading.
double power(double x, int n) {
  double result = 1;
  for (; n > 0; n >>= 1, x *= x) {
    if (n & 1) result *= x;
  }
  return result;
}

// One pass of a box blur of a grid, rows then columns, with zeros outside the grid.
void box_blur(std::vector<float>& grid, int width, int height, int radius) {
  std::vector<float> line(static_cast<std::size_t>(std::max(width, height)));
  const float scale = 1.0f / static_cast<float>(2 * radius + 1);
  const auto blur_line = [&](int length, auto&& at) {
    float sum = 0;
    for (int i = 0; i < std::min(radius, length); ++i) sum += at(i);
    for (int i = 0; i < length; ++i) {
      if (i + radius < length) sum += at(i + radius);
      line[std::size_t(i)] = sum * scale;
      if (i - radius >= 0) sum -= at(i - radius);
    }
    for (int i = 0; i < length; ++i) at(i) = line[std::size_t(i)];
  };
  for (int y = 0; y < height; ++y) {
    blur_line(width, [&](int x) -> float& { return grid[std::size_t(y * width + x)]; });
  }
  for (int x = 0; x < width; ++x) {
    blur_line(height, [&](int y) -> float& { return grid[std::size_t(y * width + x)]; });
  }
}

// `grid` moved by (dx, dy) cells, zeros where nothing moved in.
std::vector<float> shifted(const std::vector<float>& grid, int width, int height, int dx, int dy) {
  std::vector<float> out(grid.size(), 0.0f);
  for (int y = std::max(0, dy); y < std::min(height, height + dy); ++y) {
    for (int x = std::max(0, dx); x < std::min(width, width + dx); ++x) {
      out[std::size_t(y * width + x)] = grid[std::size_t((y - dy) * width + (x - dx))];
    }
  }
  return out;
}

std::string encode_jpeg_rgb(const std::uint8_t* rgb, int width_px, int height_px, int quality) {
  tjhandle compressor = tjInitCompress();
  if (!compressor) throw std::runtime_error("tjInitCompress failed");
  unsigned char* jpeg = nullptr;
  unsigned long jpeg_size = 0;
  const int status = tjCompress2(compressor, rgb, width_px, 0, height_px, TJPF_RGB, &jpeg,
                                 &jpeg_size, TJSAMP_420, quality, 0);
  std::string bytes;
  if (status == 0) bytes.assign(reinterpret_cast<const char*>(jpeg), jpeg_size);
  const std::string error = status == 0 ? "" : tjGetErrorStr2(compressor);
  tjFree(jpeg);
  tjDestroy(compressor);
  if (status != 0) throw std::runtime_error("tjCompress2 failed: " + error);
  return bytes;
}

}  // namespace

std::string make_photo_frame_jpeg(int width_px, int height_px, double angle_rad, int quality) {
  if (width_px <= 0 || height_px <= 0) {
    throw std::runtime_error("a photo frame needs a positive size");
  }
  const std::size_t w = std::size_t(width_px), h = std::size_t(height_px);
  const MouseFrame frame(width_px, height_px, angle_rad);

  // The mouse where the masks put it. Seed 0 stands for the real edge: each worker's seed wobbles
  // the outlines a little differently, as hand-drawn outlines miss the real edge.
  constexpr std::uint64_t kMouseSeed = 0;
  MaskCanvas canvas(width_px, height_px);
  static constexpr int kAllParts[] = {0, 1, 2, 3, 4};
  paint_mouse(canvas, kAllParts, angle_rad, kMouseSeed);
  const CableShape cable(kMouseSeed);
  const auto& categories = mouse_categories();
  {
    // The cable goes on out of the picture; starting a step early leaves no gap at the joint.
    const double reach = std::hypot(width_px, height_px) / 2 / frame.size + 0.05;
    const int last_step = static_cast<int>(std::ceil((reach - 0.245) / 0.23 * CableShape::kSteps));
    canvas.fill_polygon(cable.outline(frame, CableShape::kSteps - 1, last_step),
                        categories[4].color);
  }

  // Per-pixel part (0 backdrop, 1 + the part's index) and the silhouette's coverage of square
  // cells, from which the shadow is blurred: blurring the full-size silhouette would cost more
  // than everything else together. Cells are 8 pixels in a full-size frame; small frames get
  // smaller ones, or the tightest shadow would spread as far as the wide one.
  enum : std::uint8_t { kBackdrop, kBody, kLeftButton, kRightButton, kWheel, kCable };
  const int cell_px = std::clamp(static_cast<int>(frame.size) / 240, 2, 8);
  const int grid_w = (width_px + cell_px - 1) / cell_px,
            grid_h = (height_px + cell_px - 1) / cell_px;
  // Every pixel of `labels` and `rgb` is written before it is read, so neither is zeroed first.
  const auto labels = std::make_unique_for_overwrite<std::uint8_t[]>(w * h);
  std::vector<float> coverage(std::size_t(grid_w) * std::size_t(grid_h), 0.0f);
  const auto& rgba = canvas.rgba();
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      const std::size_t i = y * w + x;
      labels[i] = kBackdrop;
      if (rgba[i * 4 + 3] == 0) continue;
      const Rgb8 color{rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]};
      std::uint8_t label = kBody;
      for (std::size_t k = 0; k < categories.size(); ++k) {
        if (categories[k].color == color) label = static_cast<std::uint8_t>(k + 1);
      }
      labels[i] = label;
      coverage[(y / cell_px) * std::size_t(grid_w) + x / cell_px] +=
          1.0f / static_cast<float>(cell_px * cell_px);
    }
  }

  // The light is a soft box above and to the top left, so the shadow falls below and to the
  // right: a wide soft one, and a tight dark one where the mouse meets the table.
  const auto cells = [&](double fraction_of_size) {
    return static_cast<int>(std::lround(fraction_of_size * frame.size / cell_px));
  };
  std::vector<float> wide = shifted(coverage, grid_w, grid_h, cells(0.016), cells(0.024));
  for (int pass = 0; pass < 3; ++pass) box_blur(wide, grid_w, grid_h, std::max(1, cells(0.02)));
  std::vector<float> contact = shifted(coverage, grid_w, grid_h, cells(0.003), cells(0.004));
  for (int pass = 0; pass < 2; ++pass) box_blur(contact, grid_w, grid_h, 1);
  std::vector<float> shadow(wide.size());
  for (std::size_t i = 0; i < shadow.size(); ++i) {
    shadow[i] = std::min(0.85f, 0.5f * wide[i] + 0.5f * contact[i]);
  }
  // Bilinear sampling positions of each column in the grid, worked out once.
  std::vector<int> cell_x(w);
  std::vector<float> cell_fx(w);
  for (std::size_t x = 0; x < w; ++x) {
    const double g = std::clamp((double(x) + 0.5) / cell_px - 0.5, 0.0, double(grid_w - 1));
    cell_x[x] = std::min(static_cast<int>(g), std::max(0, grid_w - 2));
    cell_fx[x] = static_cast<float>(g - cell_x[x]);
  }

  const Vec3 light = normalized({-0.45, -0.6, 0.66});
  const Vec3 half_way = normalized({light.x, light.y, light.z + 1});
  const auto lit = [&](double nu, double nv, double nz, double& diffuse, double& specular,
                       int shininess) {
    const auto [nx, ny] = frame.turn(nu, nv);
    const Vec3 n = normalized({nx, ny, nz});
    diffuse = std::max(0.0, dot(n, light));
    specular = power(std::max(0.0, dot(n, half_way)), shininess);
  };

  // The seam: a dark groove where a button or the wheel meets another part, 1/700 of the frame's
  // shorter side wide on each side (3 pixels in a full-size frame).
  const int seam_px = std::max(1, static_cast<int>(std::lround(frame.size / 700)));
  const auto is_inset = [](std::uint8_t label) {
    return label == kLeftButton || label == kRightButton || label == kWheel;
  };
  const auto seam_factor = [&](std::size_t x, std::size_t y, std::uint8_t label) {
    for (int d = 1; d <= seam_px; ++d) {
      const std::size_t xs[4] = {x >= std::size_t(d) ? x - d : 0, std::min(w - 1, x + d), x, x};
      const std::size_t ys[4] = {y, y, y >= std::size_t(d) ? y - d : 0, std::min(h - 1, y + d)};
      for (int k = 0; k < 4; ++k) {
        const std::uint8_t other = labels[ys[k] * w + xs[k]];
        if (other != label && other != kBackdrop && (is_inset(label) || is_inset(other))) {
          return 0.3 + 0.7 * (d - 1) / seam_px;
        }
      }
    }
    return 1.0;
  };

  const auto shade = [&](std::uint8_t label, double x, double y) -> Vec3 {
    const auto [u, v] = frame.local(x, y);
    double diffuse = 0, specular = 0;
    if (label == kWheel) {
      // A rubber wheel seen from above: its crown, nearest the light, shows the knurling; it
      // curves away into the slot front and back and at its sides.
      const double along = std::clamp((v + 0.165) / 0.04, -0.95, 0.95);
      const double side = std::min(1.0, std::abs(u) / 0.014);
      lit(0, along * 2.5, std::sqrt(1 - along * along), diffuse, specular, 30);
      const double ridge_period = std::max(3.0, 0.0045 * frame.size) / frame.size;
      const double ridge = 0.5 + 0.5 * std::cos(2 * std::numbers::pi * v / ridge_period);
      const double crown = (1 - along * along) * (1 - power(side, 4));
      const double level =
          18 * (0.5 + 0.8 * diffuse) * (0.6 + 0.4 * ridge) + crown * ridge * (18 + 60 * specular);
      return {level, level, level * 1.04};
    }
    if (label == kCable) {
      // A round cable: lit across its width, seen along its wavy centre line.
      const double across =
          std::clamp((u - cable.centre_u(v)) / CableShape::kHalfWidth, -0.97, 0.97);
      const double slope = cable.slope(v), norm = std::hypot(1.0, slope);
      lit(across / norm, -slope * across / norm, std::sqrt(1 - across * across), diffuse, specular,
          40);
      const double level = 0.35 + 0.85 * diffuse;
      return {46 * level + 60 * specular, 47 * level + 60 * specular, 51 * level + 62 * specular};
    }
    // The shell (body and buttons) as half an ellipsoid over the body's outline, higher than a
    // flat disc so the light falls off across it.
    constexpr double kHalfWidthU = 0.19, kHalfLengthV = 0.30, kCentreV = 0.05, kHeight = 0.11;
    const double eu = u / kHalfWidthU, ev = (v - kCentreV) / kHalfLengthV;
    const double r2 = std::min(eu * eu + ev * ev, 0.97), nz = std::sqrt(1 - r2) / kHeight;
    double nu = eu / kHalfWidthU, nv = ev / kHalfLengthV;
    if (label == kLeftButton || label == kRightButton) {
      // Each button is its own slightly domed part, rounded off at its edges, so that it reads as
      // a separate key even where it stands out past the body.
      const double bu = (u - (label == kLeftButton ? -0.085 : 0.085)) / 0.065;
      const double bv = (v + 0.16) / 0.075;
      const double rb = std::sqrt(bu * bu + bv * bv);
      const double tilt = (0.8 + 6 * power(std::min(rb, 1.0), 5)) / std::max(rb, 1.0);
      nu += tilt * bu;
      nv += tilt * bv;
    }
    lit(nu, nv, nz, diffuse, specular, 24);
    // The shell curves less along its length than across, which draws its highlight out into a
    // band: the specular term uses a normal with the lengthwise curve flattened.
    double band_diffuse = 0, band = 0;
    lit(nu, 0.3 * nv, nz, band_diffuse, band, 24);
    const Vec3 base = label == kBody ? Vec3{60, 62, 66} : Vec3{72, 74, 79};
    const double level = 0.35 + 0.95 * diffuse, gloss = 255 * 0.14 * band;
    return {base.x * level + gloss, base.y * level + gloss, base.z * level + gloss};
  };

  // Luminance noise like a camera's, fixed by the angle so that a frame is always the same.
  const std::uint64_t noise_seed = mix(std::bit_cast<std::uint64_t>(angle_rad));
  constexpr double kNoiseLevels = 3.0;
  const auto rgb = std::make_unique_for_overwrite<std::uint8_t[]>(w * h * 3);
  const auto to_byte = [](double value) {
    return static_cast<std::uint8_t>(std::clamp(value + 0.5, 0.0, 255.0));
  };
  for (std::size_t y = 0; y < h; ++y) {
    const double t = (double(y) + 0.5) / double(h);
    const double backdrop =
        255 * (0.93 - 0.08 * t);  // lighter towards the top, as under a soft box
    const double vy = (double(y) + 0.5 - frame.cy) / frame.cy;
    const double g = std::clamp((double(y) + 0.5) / cell_px - 0.5, 0.0, double(grid_h - 1));
    const std::size_t gy = std::size_t(std::min(static_cast<int>(g), std::max(0, grid_h - 2)));
    const float fy = static_cast<float>(g - double(gy));
    const std::size_t gy1 = std::min(gy + 1, std::size_t(grid_h - 1));
    for (std::size_t x = 0; x < w; ++x) {
      const std::size_t i = y * w + x;
      const std::uint8_t label = labels[i];
      Vec3 color;
      if (label == kBackdrop) {
        const std::size_t gx = std::size_t(cell_x[x]);
        const std::size_t gx1 = std::min(gx + 1, std::size_t(grid_w - 1));
        const float fx = cell_fx[x];
        const float top = shadow[gy * grid_w + gx] * (1 - fx) + shadow[gy * grid_w + gx1] * fx;
        const float bottom = shadow[gy1 * grid_w + gx] * (1 - fx) + shadow[gy1 * grid_w + gx1] * fx;
        const double level = backdrop * (1 - (top * (1 - fy) + bottom * fy));
        color = {level, level * 0.995, level * 0.985};
      } else {
        color = shade(label, double(x) + 0.5, double(y) + 0.5);
        const double seam = seam_factor(x, y, label);
        color = {color.x * seam, color.y * seam, color.z * seam};
      }
      // A gentle vignette, a fifth darker in the corners.
      const double vx = (double(x) + 0.5 - frame.cx) / frame.cx;
      const double vignette = 1 - 0.1 * (vx * vx + vy * vy);
      const std::uint64_t r = mix(noise_seed + i);
      const double noise = kNoiseLevels * double(int(r & 0xFF) + int((r >> 8) & 0xFF) - 255) / 255;
      rgb[i * 3] = to_byte(color.x * vignette + noise);
      rgb[i * 3 + 1] = to_byte(color.y * vignette + noise);
      rgb[i * 3 + 2] = to_byte(color.z * vignette + noise);
    }
  }

  // A lens does not draw hard pixel steps: the edges between parts and against the backdrop get
  // the mean of their 3x3 neighbourhood.
  std::vector<std::pair<std::size_t, std::array<std::uint8_t, 3>>> softened;
  for (std::size_t y = 1; y + 1 < h; ++y) {
    for (std::size_t x = 1; x + 1 < w; ++x) {
      const std::size_t i = y * w + x;
      const std::uint8_t label = labels[i];
      if (labels[i - 1] == label && labels[i + 1] == label && labels[i - w] == label &&
          labels[i + w] == label) {
        continue;
      }
      std::array<int, 3> sum{};
      for (std::size_t yy = y - 1; yy <= y + 1; ++yy) {
        for (std::size_t xx = x - 1; xx <= x + 1; ++xx) {
          for (std::size_t k = 0; k < 3; ++k) sum[k] += rgb[(yy * w + xx) * 3 + k];
        }
      }
      softened.push_back({i,
                          {std::uint8_t((sum[0] + 4) / 9), std::uint8_t((sum[1] + 4) / 9),
                           std::uint8_t((sum[2] + 4) / 9)}});
    }
  }
  for (const auto& [i, color] : softened) {
    for (std::size_t k = 0; k < 3; ++k) rgb[i * 3 + k] = color[k];
  }

  return encode_jpeg_rgb(rgb.get(), width_px, height_px, quality);
}

std::string make_worker_id(std::uint64_t seed) {
  return "A" + id_from(mix(seed ^ 0x57u), 13);
}

std::string make_mturk_id(std::uint64_t seed) {
  return id_from(mix(seed ^ 0x1D5u), 30);
}

std::string frame_url(int frame_number) {
  char name[32];
  std::snprintf(name, sizeof name, "mouse_%04d_out.jpeg", frame_number);
  return std::string("https://example-bucket.s3.amazonaws.com/frames/") + name;
}

std::string MturkCsv::text() const {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(columns[i], quote_all);
  }
  out += line_end;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) out += ',';
      const auto it = row.find(columns[i]);
      out += csv_field(it == row.end() ? std::string() : it->second, quote_all);
    }
    out += line_end;
  }
  return out;
}

void MturkCsv::drop_column(const std::string& name) {
  columns.erase(std::remove(columns.begin(), columns.end(), name), columns.end());
}

std::vector<std::string> mturk_standard_columns() {
  return mturk_batch_columns();
}

std::map<std::string, std::string> make_mturk_row(const MturkRowSpec& spec) {
  Random random(mix(spec.seed ^ 0xC0FFEEu));
  const int accept_minute = static_cast<int>(random.next() % 50);
  const int work_s = 120 + static_cast<int>(random.next() % 480);
  const std::string accept = timestamp("Mon", 10, accept_minute, 7);
  const std::string submit = timestamp("Mon", 10 + (accept_minute + work_s / 60) / 60,
                                       (accept_minute + work_s / 60) % 60, 7 + work_s % 60 % 50);

  std::string png;
  if (spec.png) {
    png = *spec.png;
  } else {
    MaskCanvas canvas(spec.width_px, spec.height_px);
    paint_mouse(canvas, spec.parts, spec.angle_rad, spec.seed, spec.soft_edges);
    png = canvas.png_rgba();
  }

  std::map<std::string, std::string> row = {
      {"HITId", make_mturk_id(0x4849540000ull + std::uint64_t(spec.frame_number))},
      {"HITTypeId", make_mturk_id(7)},
      {"Title", "Segment the parts of a computer mouse"},
      {"Description",
       "Paint the body, the left and right buttons, the scroll wheel and the cable of the mouse "
       "in the picture. About 5 minutes."},
      {"Keywords", "image, segmentation, mouse, labeling"},
      {"Reward", "$0.15"},
      {"CreationTime", timestamp("Mon", 9, 12, 45)},
      {"MaxAssignments", "1"},
      {"RequesterAnnotation", "BatchId:5012345;OriginalHitTemplateId:928390123;"},
      {"AssignmentDurationInSeconds", "600"},
      {"AutoApprovalDelayInSeconds", "259200"},
      {"Expiration", timestamp("Mon", 21, 12, 45)},
      {"NumberOfSimilarHITs", ""},
      {"LifetimeInSeconds", ""},
      {"AssignmentId", make_mturk_id(spec.seed)},
      {"WorkerId", make_worker_id(spec.seed)},
      {"AssignmentStatus", spec.status},
      {"AcceptTime", accept},
      {"SubmitTime", submit},
      {"AutoApprovalTime", timestamp("Thu", 10, accept_minute, 7)},
      {"ApprovalTime", spec.status == "Approved" ? timestamp("Tue", 8, 30, 0) : ""},
      {"RejectionTime", spec.status == "Rejected" ? timestamp("Tue", 8, 30, 0) : ""},
      {"RequesterFeedback", spec.feedback},
      {"WorkTimeInSeconds", std::to_string(work_s)},
      {"LifetimeApprovalRate", "100% (512/512)"},
      {"Last30DaysApprovalRate", "100% (40/40)"},
      {"Last7DaysApprovalRate", "100% (12/12)"},
      {"Input.image_url", frame_url(spec.frame_number)},
      {"Input.paymentAmount", "0.15"},
      {"Answer.annotatedResult.inputImageProperties.height", std::to_string(spec.height_px)},
      {"Answer.annotatedResult.inputImageProperties.width", std::to_string(spec.width_px)},
      {"Answer.annotatedResult.labeledImage.pngImageData", encode_base64(png)},
      {"Answer.confirmation_code", "END2025"},
      {"Approve", spec.approve_mark ? "x" : ""},
      {"Reject", spec.reject},
  };
  for (const auto& category : mouse_categories()) {
    row["Answer.annotatedResult.labelMappings." + category.name + ".color"] = category.color.hex();
  }
  return row;
}

MturkCsv make_mturk_csv(const std::vector<MturkRowSpec>& specs) {
  MturkCsv csv;
  csv.columns = mturk_standard_columns();
  for (const auto& spec : specs) csv.rows.push_back(make_mturk_row(spec));
  return csv;
}

std::vector<MturkRowSpec> realistic_batch_specs(int count, int width_px, int height_px,
                                                std::uint64_t seed) {
  Random random(mix(seed));
  std::vector<MturkRowSpec> specs;
  for (int i = 0; i < count; ++i) {
    MturkRowSpec spec;
    spec.frame_number = i + 1;
    spec.width_px = width_px;
    spec.height_px = height_px;
    spec.angle_rad = 2 * std::numbers::pi * i / std::max(1, count);
    spec.seed = random.next();
    if (random.uniform() < 0.5) {
      // The thesis's most common rejection: one part painted instead of five, mostly the body.
      spec.parts = {random.uniform() < 0.8 ? 0 : static_cast<int>(random.next() % 5)};
      spec.reject = "Only 1 out 5 elements segmented";
    } else {
      spec.approve_mark = true;
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::string png_chunk(const std::string& type, const std::string& data) {
  const std::string body = type + data;
  return be32(static_cast<std::uint32_t>(data.size())) + body + be32(crc32(body));
}

std::string png_header_only(std::uint32_t width_px, std::uint32_t height_px) {
  std::string ihdr = be32(width_px) + be32(height_px);
  ihdr += std::string{8, 6, 0, 0, 0};  // 8-bit RGBA, deflate, adaptive filters, not interlaced
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IEND", "");
}

std::string png_with_filters(int width_px, int height_px, int color_type,
                             const std::vector<std::uint8_t>& pixels,
                             const std::vector<int>& filters,
                             const std::string& chunks_before_data) {
  const std::size_t bpp = color_type == 6 ? 4 : color_type == 2 ? 3 : 1;
  const std::size_t row_bytes = std::size_t(width_px) * bpp;
  std::string raw;
  for (int y = 0; y < height_px; ++y) {
    const int filter = filters[std::size_t(y) % filters.size()];
    const std::uint8_t* row = pixels.data() + std::size_t(y) * row_bytes;
    const std::uint8_t* prior = y > 0 ? row - row_bytes : nullptr;
    raw += static_cast<char>(filter);
    for (std::size_t i = 0; i < row_bytes; ++i) {
      const int a = i >= bpp ? row[i - bpp] : 0;
      const int b = prior ? prior[i] : 0;
      const int c = prior && i >= bpp ? prior[i - bpp] : 0;
      int predicted = 0;
      switch (filter) {
        case 1:
          predicted = a;
          break;
        case 2:
          predicted = b;
          break;
        case 3:
          predicted = (a + b) / 2;
          break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          break;
      }
      raw += static_cast<char>(static_cast<std::uint8_t>(row[i] - predicted));
    }
  }
  // zlib stream of stored blocks: header, blocks of at most 65535 bytes, Adler-32.
  std::string zlib = "\x78\x01";
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
    const bool last = pos + n == raw.size();
    zlib += static_cast<char>(last ? 1 : 0);
    zlib += static_cast<char>(n & 0xFF);
    zlib += static_cast<char>(n >> 8);
    zlib += static_cast<char>(~n & 0xFF);
    zlib += static_cast<char>((~n >> 8) & 0xFF);
    zlib += raw.substr(pos, n);
    pos += n;
  } while (pos < raw.size());
  std::uint32_t s1 = 1, s2 = 0;
  for (const char ch : raw) {
    s1 = (s1 + static_cast<unsigned char>(ch)) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  zlib += be32((s2 << 16) | s1);

  std::string ihdr = be32(std::uint32_t(width_px)) + be32(std::uint32_t(height_px));
  ihdr += std::string{8, static_cast<char>(color_type), 0, 0, 0};
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + chunks_before_data +
         png_chunk("IDAT", zlib) + png_chunk("IEND", "");
}

}  // namespace hitl::test
