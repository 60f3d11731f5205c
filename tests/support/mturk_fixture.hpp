// Realistic MTurk batch results for tests and the import benchmark, generated in code: mask PNGs
// with the five mouse parts painted as wobbly shapes in their label colours, photo-like frames
// of the same mouse, and batch CSVs with every column a real export has. Worker, HIT and assignment
// ids are made up from a seed in the real formats; none is a real worker's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "hitl/data/dataset.hpp"

namespace hitl::test {

// A transparent RGBA canvas to paint masks on, in source pixels (top-left origin).
class MaskCanvas {
 public:
  MaskCanvas(int width_px, int height_px);

  int width_px() const { return width_px_; }
  int height_px() const { return height_px_; }
  const std::vector<std::uint8_t>& rgba() const { return rgba_; }

  // Sets one pixel (ignored outside the canvas).
  void set(int x, int y, Rgb8 color, std::uint8_t alpha = 255);
  // Fills the pixels x in [x, x + width), y in [y, y + height), clipped to the canvas.
  void fill_rect(int x, int y, int width, int height, Rgb8 color, std::uint8_t alpha = 255);
  // Fills a polygon (even-odd rule, sampled at pixel centres).
  void fill_polygon(std::span<const std::pair<double, double>> points, Rgb8 color);
  // A rotated ellipse whose radius wobbles by up to `wobble` (a fraction) around its outline, the
  // way a hand-drawn outline does; the wobble is fixed by `seed`.
  void fill_blob(double cx, double cy, double rx, double ry, double angle_rad, double wobble,
                 std::uint64_t seed, Rgb8 color);

  std::string png_rgba() const;  // encode as an RGBA PNG; throws std::runtime_error on failure
  std::string png_rgb() const;   // transparent pixels become black; for masks without alpha

 private:
  int width_px_, height_px_;
  std::vector<std::uint8_t> rgba_;
};

// Paints a top view of the mouse, rotated by `angle_rad` about the canvas centre, filling about
// a third of the canvas: body, then the buttons and scroll wheel on it, then the cable. Only the
// parts listed are painted (indices into mouse_categories(): 0 Body ... 4 Cable); `seed` wobbles
// their outlines. With `soft_edges`, the body gets a one-pixel outline in a blend of its colour
// (what anti-aliasing leaves), which is no label's colour.
void paint_mouse(MaskCanvas& canvas, std::span<const int> parts, double angle_rad,
                 std::uint64_t seed, bool soft_edges = false);

// A JPEG of the frame the masks of `angle_rad` were drawn over, made to read as a studio product
// photo: a light backdrop with a soft shadow, and the mouse of paint_mouse (all five parts, at
// the same angle, seed 0, so that the workers' wobbly masks sit around it) shaded as matte
// graphite plastic. The cable is drawn on past the end of its mask to the edge of the picture, as
// a real cable leaves the shot; its wiggle, like the masks', comes from the seed, so the workers'
// cable masks take their own course beside it. The same arguments give the same bytes. Throws
// std::runtime_error when libjpeg-turbo fails.
std::string make_photo_frame_jpeg(int width_px, int height_px, double angle_rad, int quality = 90);

// Deterministic made-up ids in MTurk's formats.
std::string make_worker_id(std::uint64_t seed);  // "A" + 13 upper-case letters and digits
std::string make_mturk_id(std::uint64_t seed);   // 30 upper-case letters and digits
std::string frame_url(int frame_number);         // https://.../mouse_0001_out.jpeg

// A batch results CSV as columns and rows of named fields, so that tests can change any field
// or drop any column before writing it out.
struct MturkCsv {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
  std::string line_end = "\r\n";  // MTurk writes CRLF
  bool quote_all = true;          // MTurk quotes every field

  std::string text() const;  // fields missing from a row are written empty
  void drop_column(const std::string& name);
};

// The column names of a real batch results file of the segmentation task, in export order (the
// library's mturk_batch_columns(), which the sample writes too).
std::vector<std::string> mturk_standard_columns();

// What one assignment of a generated batch looks like.
struct MturkRowSpec {
  int frame_number = 1;
  std::vector<int> parts = {0, 1, 2, 3, 4};  // indices into mouse_categories()
  std::string status = "Submitted";          // AssignmentStatus as exported
  bool approve_mark = false;                 // an "x" in Approve
  std::string reject;                        // the Reject column
  std::string feedback;                      // RequesterFeedback
  int width_px = 288, height_px = 192;
  double angle_rad = 0;            // the mouse's rotation in this frame
  bool soft_edges = false;         // see paint_mouse
  std::uint64_t seed = 1;          // worker id, ids and the wobble of the shapes
  std::optional<std::string> png;  // the mask PNG bytes; painted from `parts` if not set
};

// One row of named fields for a spec (the mask painted, PNG encoded, base64 encoded).
std::map<std::string, std::string> make_mturk_row(const MturkRowSpec& spec);

// A whole batch: the standard columns and one row per spec.
MturkCsv make_mturk_csv(const std::vector<MturkRowSpec>& specs);

// The specs of a realistic batch like the thesis's: `count` assignments of frames 1..count,
// about half with one part labelled (rejected with the thesis's reason), the others with all
// five (approved).
std::vector<MturkRowSpec> realistic_batch_specs(int count, int width_px, int height_px,
                                                std::uint64_t seed);

// PNG bits for hostile-input tests: a chunk with its length and a correct CRC, and a PNG made
// of the signature and an IHDR only (claims any size, holds no pixels).
std::string png_chunk(const std::string& type, const std::string& data);
std::string png_header_only(std::uint32_t width_px, std::uint32_t height_px);

// A PNG written by hand, to reach what encoders rarely write: 8-bit pixels (`pixels`, unfiltered,
// rows without padding) of a colour type (2 RGB, 3 palette, 6 RGBA), row y filtered with
// filters[y % filters.size()] (0-4; any other value is written as is, with the row unfiltered),
// compressed as stored deflate blocks. `chunks_before_data` (e.g. PLTE, tRNS from png_chunk) go
// between IHDR and IDAT.
std::string png_with_filters(int width_px, int height_px, int color_type,
                             const std::vector<std::uint8_t>& pixels,
                             const std::vector<int>& filters,
                             const std::string& chunks_before_data = "");

}  // namespace hitl::test
