// Getting rendered pixels back to the CPU: at once (read_rgba, for stills and tests) or without
// stalling the render loop (PboReader, for the exporter), and writing them as a PNG.
//
// Pixels come back as 8-bit RGBA, rows TOP first (GL's rows are bottom first: they are turned
// over here), no padding: width_px * height_px * 4 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/gfx/gl_objects.hpp"
#include "hitl/gfx/offscreen_target.hpp"

namespace hitl {

// Resolves the target and reads its pixels, waiting for the GPU to finish drawing them.
Result<std::vector<std::uint8_t>> read_rgba(const OffscreenTarget& target);

// Reads a width_px x height_px rectangle from the bottom-left of a framebuffer; framebuffer 0 is
// the window's default framebuffer, read from its back buffer (before swap_buffers(), after which
// the back buffer's contents are undefined).
Result<std::vector<std::uint8_t>> read_rgba_from_framebuffer(GLuint framebuffer, int width_px,
                                                             int height_px);

// Reads targets through a ring of pixel buffer objects: begin_read() only queues the copy, and
// its pixels are collected later, in the same order, once the GPU has got to them. With a ring of
// N, the caller can keep N - 1 frames in flight while drawing the next.
class PboReader {
 public:
  PboReader() = default;  // empty
  // Refused when the size is not positive or ring_size is not 1 to 8.
  static Result<PboReader> create(int width_px, int height_px, int ring_size = 3,
                                  std::string label = "readback");

  // Resolves the target and queues the copy of its pixels into the next free buffer; does not
  // wait for the GPU. Refused when every buffer holds a read not yet finished, or when the
  // target's size is not the reader's.
  Status begin_read(const OffscreenTarget& target);

  // The pixels of the oldest read begun and not yet finished, if the GPU is done with it; nullopt
  // if it is not yet. Refused when no read is in flight. `recycled` is a vector whose memory is
  // reused for the pixels (pass back an earlier result to avoid an allocation per frame).
  Result<std::optional<std::vector<std::uint8_t>>> try_finish(
      std::vector<std::uint8_t> recycled = {});

  // The same, waiting for the GPU (at most 10 seconds, then an error: a hung GPU).
  Result<std::vector<std::uint8_t>> finish(std::vector<std::uint8_t> recycled = {});

  // Waits as finish() does, then lets `use` read the oldest read's pixels where they lie, without
  // a copy: `top_row` is the image's top row and each next row down is `stride_bytes` further
  // (negative: the buffer holds GL's rows, bottom first). The pixels are valid only during the
  // call; the read is finished whatever `use` returns, and its error is passed on.
  Status finish_in_place(
      const std::function<Status(const std::uint8_t* top_row, std::ptrdiff_t stride_bytes)>& use);
  int reads_in_flight() const { return reads_in_flight_; }
  int ring_size() const { return static_cast<int>(slots_.size()); }
  int width_px() const { return width_px_; }
  int height_px() const { return height_px_; }

 private:
  struct Slot {
    Buffer pixels;
    Fence copied;  // passed when the GPU has written the pixels into the buffer
  };
  Status wait_for_oldest();
  // Maps the oldest read's buffer, lets `use` read GL's rows (bottom first) and finishes the read,
  // whatever `use` returns; a read whose buffer cannot be mapped stays in flight.
  Status read_oldest_mapped(const std::function<Status(const std::uint8_t* gl_rows)>& use);
  Result<std::vector<std::uint8_t>> collect_oldest(std::vector<std::uint8_t> recycled);

  std::vector<Slot> slots_;
  int oldest_ = 0;  // the slot of the oldest read in flight
  int reads_in_flight_ = 0;
  int width_px_ = 0;
  int height_px_ = 0;
  std::string label_;
};

// Writes RGBA pixels (rows top first, as read_rgba gives them) to a PNG file. The error names the
// path and the reason.
Status write_png(const std::string& path, const std::vector<std::uint8_t>& rgba, int width_px,
                 int height_px);

}  // namespace hitl
