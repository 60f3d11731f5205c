// Readback: glReadPixels into memory or into pixel buffer objects, rows turned top first.
#include "hitl/gfx/readback.hpp"

#include <cassert>
#include <cstring>

#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"
#include "hitl/gfx/gl_state.hpp"

namespace hitl {

namespace {

Diagnostic readback_error(std::string message) {
  return error_at("", 0, 0, "", std::move(message));
}

std::size_t rgba_size_bytes(int width_px, int height_px) {
  return static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px) * 4;
}

// Copies GL's rows (bottom first) from `bottom_up` into `top_down`, which must hold as many bytes.
void copy_rows_turned_over(const std::uint8_t* bottom_up, std::uint8_t* top_down, int width_px,
                           int height_px) {
  const std::size_t row_bytes = static_cast<std::size_t>(width_px) * 4;
  for (int row = 0; row < height_px; ++row) {
    std::memcpy(top_down + static_cast<std::size_t>(row) * row_bytes,
                bottom_up + static_cast<std::size_t>(height_px - 1 - row) * row_bytes, row_bytes);
  }
}

// The same, appending the rows to `top_down` (reserved beforehand) instead of overwriting them.
void append_rows_turned_over(const std::uint8_t* bottom_up, std::vector<std::uint8_t>& top_down,
                             int width_px, int height_px) {
  const std::size_t row_bytes = static_cast<std::size_t>(width_px) * 4;
  for (int row = height_px - 1; row >= 0; --row) {
    const std::uint8_t* source = bottom_up + static_cast<std::size_t>(row) * row_bytes;
    top_down.insert(top_down.end(), source, source + row_bytes);
  }
}

void turn_rows_over_in_place(std::vector<std::uint8_t>& pixels, int width_px, int height_px) {
  const std::size_t row_bytes = static_cast<std::size_t>(width_px) * 4;
  std::vector<std::uint8_t> row(row_bytes);
  for (int top = 0, bottom = height_px - 1; top < bottom; ++top, --bottom) {
    std::uint8_t* top_row = pixels.data() + static_cast<std::size_t>(top) * row_bytes;
    std::uint8_t* bottom_row = pixels.data() + static_cast<std::size_t>(bottom) * row_bytes;
    std::memcpy(row.data(), top_row, row_bytes);
    std::memcpy(top_row, bottom_row, row_bytes);
    std::memcpy(bottom_row, row.data(), row_bytes);
  }
}

// Sets the pack state glReadPixels depends on to tightly packed rows.
void set_tight_packing() {
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glPixelStorei(GL_PACK_ROW_LENGTH, 0);
  glPixelStorei(GL_PACK_SKIP_ROWS, 0);
  glPixelStorei(GL_PACK_SKIP_PIXELS, 0);
}

void restore_default_packing() {
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
}

}  // namespace

Result<std::vector<std::uint8_t>> read_rgba_from_framebuffer(GLuint framebuffer, int width_px,
                                                             int height_px) {
  if (width_px <= 0 || height_px <= 0) {
    return readback_error("cannot read back " + std::to_string(width_px) + "x" +
                          std::to_string(height_px) + " pixels; expected a positive size");
  }
  log_stale_gl_errors();
  std::vector<std::uint8_t> pixels(rgba_size_bytes(width_px, height_px));
  {
    SavedFramebufferBindings saved_framebuffers;
    SavedBufferBinding saved_pack(GL_PIXEL_PACK_BUFFER);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer);
    GLint read_buffer = GL_BACK;
    glGetIntegerv(GL_READ_BUFFER, &read_buffer);
    glReadBuffer(framebuffer == 0 ? GL_BACK : GL_COLOR_ATTACHMENT0);
    set_tight_packing();
    glReadPixels(0, 0, width_px, height_px, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    restore_default_packing();
    glReadBuffer(static_cast<GLenum>(read_buffer));
  }
  if (Status read = take_gl_errors("reading back pixels"); !read) return read.error();
  turn_rows_over_in_place(pixels, width_px, height_px);
  return pixels;
}

Result<std::vector<std::uint8_t>> read_rgba(const OffscreenTarget& target) {
  assert(!target.empty() && "read_rgba of an empty OffscreenTarget");
  target.resolve();
  return read_rgba_from_framebuffer(target.resolved_framebuffer(), target.width_px(),
                                    target.height_px());
}

// PboReader ---------------------------------------------------------------------------------------

Result<PboReader> PboReader::create(int width_px, int height_px, int ring_size, std::string label) {
  if (width_px <= 0 || height_px <= 0) {
    return readback_error("cannot create readback \"" + label + "\" of " +
                          std::to_string(width_px) + "x" + std::to_string(height_px) +
                          " pixels; expected a positive size");
  }
  if (ring_size < 1 || ring_size > 8) {
    return readback_error("cannot create readback \"" + label + "\" with a ring of " +
                          std::to_string(ring_size) + " buffers; expected 1 to 8");
  }
  log_stale_gl_errors();
  PboReader reader;
  reader.width_px_ = width_px;
  reader.height_px_ = height_px;
  reader.label_ = std::move(label);
  for (int i = 0; i < ring_size; ++i) {
    Slot slot;
    slot.pixels = Buffer::create(reader.label_ + " buffer " + std::to_string(i));
    slot.pixels.set_data(nullptr, rgba_size_bytes(width_px, height_px), GL_STREAM_READ);
    reader.slots_.push_back(std::move(slot));
  }
  if (Status made = take_gl_errors("creating readback \"" + reader.label_ + "\" buffers"); !made) {
    return made.error();
  }
  return reader;
}

Status PboReader::begin_read(const OffscreenTarget& target) {
  assert(!slots_.empty() && "PboReader::begin_read on an empty reader: create() it first");
  if (target.width_px() != width_px_ || target.height_px() != height_px_) {
    return readback_error(
        "cannot read target \"" + target.label() + "\" of " + std::to_string(target.width_px()) +
        "x" + std::to_string(target.height_px()) + " pixels into readback \"" + label_ +
        "\"; expected " + std::to_string(width_px_) + "x" + std::to_string(height_px_));
  }
  if (reads_in_flight_ == ring_size()) {
    return readback_error("readback \"" + label_ + "\" has " + std::to_string(reads_in_flight_) +
                          " reads in flight, all its buffers; expected try_finish() or finish() "
                          "before the next begin_read()");
  }
  target.resolve();
  Slot& slot = slots_[static_cast<std::size_t>((oldest_ + reads_in_flight_) % ring_size())];
  {
    SavedFramebufferBindings saved_framebuffers;
    SavedBufferBinding saved_pack(GL_PIXEL_PACK_BUFFER);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.resolved_framebuffer());
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, slot.pixels.id());
    set_tight_packing();
    glReadPixels(0, 0, width_px_, height_px_, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    restore_default_packing();
  }
  slot.copied = Fence::insert();
  ++reads_in_flight_;
  return Done{};
}

Status PboReader::read_oldest_mapped(
    const std::function<Status(const std::uint8_t* gl_rows)>& use) {
  Slot& slot = slots_[static_cast<std::size_t>(oldest_)];
  Status used = Done{};
  {
    SavedBufferBinding saved_pack(GL_PIXEL_PACK_BUFFER);
    glBindBuffer(GL_PIXEL_PACK_BUFFER, slot.pixels.id());
    const void* mapped = glMapBufferRange(
        GL_PIXEL_PACK_BUFFER, 0, static_cast<GLsizeiptr>(rgba_size_bytes(width_px_, height_px_)),
        GL_MAP_READ_BIT);
    if (mapped == nullptr) {
      return readback_error("cannot map readback \"" + label_ +
                            "\" buffer: " + gl_error_name(glGetError()));
    }
    used = use(static_cast<const std::uint8_t*>(mapped));
    // GL_FALSE means the buffer's contents were lost while mapped (a display mode change): what
    // `use` read cannot be trusted.
    if (glUnmapBuffer(GL_PIXEL_PACK_BUFFER) == GL_FALSE && used) {
      used = readback_error("readback \"" + label_ +
                            "\" lost its pixels while reading them; expected to read them again");
    }
  }
  slot.copied = Fence();
  oldest_ = (oldest_ + 1) % ring_size();
  --reads_in_flight_;
  return used;
}

Result<std::vector<std::uint8_t>> PboReader::collect_oldest(std::vector<std::uint8_t> recycled) {
  const std::size_t size_bytes = rgba_size_bytes(width_px_, height_px_);
  // A recycled vector of the right size is written over; otherwise the rows are appended to an
  // empty one, not resized first: resize() would zero every byte only for the copy to overwrite
  // them.
  const bool reuse = recycled.size() == size_bytes;
  if (!reuse) {
    recycled.clear();
    recycled.reserve(size_bytes);
  }
  Status read = read_oldest_mapped([&](const std::uint8_t* gl_rows) -> Status {
    if (reuse) {
      copy_rows_turned_over(gl_rows, recycled.data(), width_px_, height_px_);
    } else {
      append_rows_turned_over(gl_rows, recycled, width_px_, height_px_);
    }
    return Done{};
  });
  if (!read) return read.error();
  return recycled;
}

Result<std::optional<std::vector<std::uint8_t>>> PboReader::try_finish(
    std::vector<std::uint8_t> recycled) {
  if (reads_in_flight_ == 0) {
    return readback_error("readback \"" + label_ +
                          "\" has no read in flight; expected begin_read() first");
  }
  const Result<bool> done = slots_[static_cast<std::size_t>(oldest_)].copied.signalled();
  if (!done) return done.error();
  if (!*done) return std::optional<std::vector<std::uint8_t>>();
  Result<std::vector<std::uint8_t>> pixels = collect_oldest(std::move(recycled));
  if (!pixels) return pixels.error();
  return std::optional<std::vector<std::uint8_t>>(std::move(*pixels));
}

Status PboReader::wait_for_oldest() {
  if (reads_in_flight_ == 0) {
    return readback_error("readback \"" + label_ +
                          "\" has no read in flight; expected begin_read() first");
  }
  constexpr std::uint64_t kPatience_ns = 10'000'000'000;
  const Result<bool> done = slots_[static_cast<std::size_t>(oldest_)].copied.wait(kPatience_ns);
  if (!done) return done.error();
  if (!*done) {
    return readback_error("readback \"" + label_ +
                          "\": the GPU did not finish the copy within 10 seconds");
  }
  return Done{};
}

Result<std::vector<std::uint8_t>> PboReader::finish(std::vector<std::uint8_t> recycled) {
  if (Status waited = wait_for_oldest(); !waited) return waited.error();
  return collect_oldest(std::move(recycled));
}

Status PboReader::finish_in_place(
    const std::function<Status(const std::uint8_t* top_row, std::ptrdiff_t stride_bytes)>& use) {
  if (Status waited = wait_for_oldest(); !waited) return waited;
  return read_oldest_mapped([&](const std::uint8_t* gl_rows) {
    const std::ptrdiff_t row_bytes = std::ptrdiff_t{width_px_} * 4;
    return use(gl_rows + (height_px_ - 1) * row_bytes, -row_bytes);
  });
}

// PNG -------------------------------------------------------------------------------------------

Status write_png(const std::string& path, const std::vector<std::uint8_t>& rgba, int width_px,
                 int height_px) {
  if (width_px <= 0 || height_px <= 0 || rgba.size() != rgba_size_bytes(width_px, height_px)) {
    return error_at(path, 0, 0, "",
                    "cannot write a PNG of " + std::to_string(width_px) + "x" +
                        std::to_string(height_px) + " pixels from " + std::to_string(rgba.size()) +
                        " bytes; expected a positive size and 4 bytes per pixel");
  }
  Result<std::string> encoded =
      encode_png_rgba(rgba.data(), width_px, height_px, static_cast<std::size_t>(width_px) * 4);
  if (!encoded) {
    Diagnostic error = encoded.error();
    error.file = path;
    return error;
  }
  return write_file(path, *encoded);
}

}  // namespace hitl
