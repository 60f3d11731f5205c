// Generated MTurk batch results: painted masks, made-up ids, the columns of a real export.
#include "support/mturk_fixture.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>

#include "hitl/base/base64.hpp"
#include "hitl/base/png.hpp"

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
  const double size = std::min(canvas.width_px(), canvas.height_px());
  const double cx = canvas.width_px() / 2.0, cy = canvas.height_px() / 2.0;
  const double c = std::cos(angle_rad), s = std::sin(angle_rad);
  // The mouse's own frame: u to its right, v towards its back, in units of `size`; the cable
  // leaves at the front (negative v).
  const auto place = [&](double u, double v) {
    return std::pair{cx + size * (u * c - v * s), cy + size * (u * s + v * c)};
  };
  const auto blob = [&](int part, double u, double v, double ru, double rv, double wobble) {
    const auto [x, y] = place(u, v);
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
    Random random(mix(seed + 99));
    const double phase = random.between(0, 6.3), width = 0.008;
    std::vector<std::pair<double, double>> left, right;
    constexpr int kSteps = 40;
    for (int i = 0; i <= kSteps; ++i) {
      const double v = -0.245 - 0.23 * i / kSteps;
      const double u = 0.03 * std::sin(phase + 9.0 * i / kSteps);
      left.push_back(place(u - width, v));
      right.push_back(place(u + width, v));
    }
    std::vector<std::pair<double, double>> outline(left.begin(), left.end());
    outline.insert(outline.end(), right.rbegin(), right.rend());
    canvas.fill_polygon(outline, categories[4].color);
  }
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
  return {"HITId",
          "HITTypeId",
          "Title",
          "Description",
          "Keywords",
          "Reward",
          "CreationTime",
          "MaxAssignments",
          "RequesterAnnotation",
          "AssignmentDurationInSeconds",
          "AutoApprovalDelayInSeconds",
          "Expiration",
          "NumberOfSimilarHITs",
          "LifetimeInSeconds",
          "AssignmentId",
          "WorkerId",
          "AssignmentStatus",
          "AcceptTime",
          "SubmitTime",
          "AutoApprovalTime",
          "ApprovalTime",
          "RejectionTime",
          "RequesterFeedback",
          "WorkTimeInSeconds",
          "LifetimeApprovalRate",
          "Last30DaysApprovalRate",
          "Last7DaysApprovalRate",
          "Input.image_url",
          "Input.paymentAmount",
          "Answer.annotatedResult.inputImageProperties.height",
          "Answer.annotatedResult.inputImageProperties.width",
          "Answer.annotatedResult.labelMappings.Body.color",
          "Answer.annotatedResult.labelMappings.Cable.color",
          "Answer.annotatedResult.labelMappings.Left_Button.color",
          "Answer.annotatedResult.labelMappings.Right_Button.color",
          "Answer.annotatedResult.labelMappings.Scroll_Wheel.color",
          "Answer.annotatedResult.labeledImage.pngImageData",
          "Answer.confirmation_code",
          "Approve",
          "Reject"};
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
