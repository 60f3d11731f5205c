// Writing rendered frames to an MP4 that plays everywhere: H.264 (libx264) in yuv420p, BT.709
// matrix, primaries and transfer, limited ("tv") range, tagged on the stream and in the container,
// through the FFmpeg libraries. Each frame is converted (libswscale) to YUV as it is handed over,
// straight from where the caller has it (a mapped pixel buffer, say), and encoded on a thread of
// the writer's own while the caller renders the next.
//
// Thread contract: open, write_rgba, write_rgba_rows, finish, abandon and destruction are called
// from one thread (the producer's); frames_encoded may be read from any thread.
//
// Nothing is lost or faked: the file is written under a temporary name beside the output and
// renamed to it only by finish(), once complete; abandon() (or destroying an unfinished writer)
// removes the temporary file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"

namespace hitl {

struct Mp4Options {
  std::string path;                       // the finished file; its folder must exist
  int width_px = 1920, height_px = 1080;  // even, at least 16 (4:2:0 chroma)
  int fps = 30;                           // 1..240; also the time base (one tick per frame)
  // x264's constant rate factor, 1..51, lower is better; 0 (lossless) is refused: it needs a
  // profile that most players cannot decode.
  int crf = 18;
  // x264's speed preset: ultrafast ... veryslow. veryfast, not x264's own medium: libx264's
  // lookahead holds 10 frames instead of 40, and on 2 cores a 1080p export of the sample runs
  // 1.45x faster than real time in 360 MB, where medium runs 1.13x in 560 MB for a file no
  // smaller (BENCHMARKS.md, "Export memory with the defaults, and the default preset").
  std::string preset = "veryfast";
  // libx264's frame threads; 0: one fewer than the machine's cores, at least 1 (the caller's
  // thread renders and converts on the last one). Each holds frames of its own.
  int encoder_threads = 0;
  // write_rgba blocks while this many converted frames wait to be encoded. libx264 keeps its own
  // lookahead of frames, so a short queue only absorbs the odd slow frame; the writer holds this
  // many YUV pictures and one more, each width * height * 1.5 bytes (8.3 MB at 2880x1920).
  int max_queued_frames = 2;
};

class Mp4Writer {
 public:
  // Opens the encoder and the temporary file and starts the encoding thread. Refused with the
  // reason (odd size, unknown preset, no libx264, the folder not writable...).
  static Result<std::unique_ptr<Mp4Writer>> open(const Mp4Options& options);
  virtual ~Mp4Writer() = default;

  // Converts and queues one frame: 8-bit RGBA, full-range sRGB/BT.709 values, rows top first,
  // exactly width_px * height_px * 4 bytes (alpha is ignored). Blocks while max_queued_frames
  // wait. An error for a wrong size, after finish/abandon, or once the encoding thread has failed
  // (FFmpeg's reason); the writer is then of no further use and should be abandoned.
  virtual Status write_rgba(const std::vector<std::uint8_t>& rgba) = 0;
  // The same for pixels that lie elsewhere: `top_row` is the frame's top row, width_px * 4 bytes,
  // and each next row down is `stride_bytes` further (negative for rows stored bottom first, as
  // OpenGL reads them). They are read only during the call.
  virtual Status write_rgba_rows(const std::uint8_t* top_row, std::ptrdiff_t stride_bytes) = 0;
  // Encodes what is queued, flushes the encoder, writes the trailer and renames the temporary
  // file to the output path (replacing a file there). On an error the temporary file is removed
  // and nothing is written at the path. Called once.
  virtual Status finish() = 0;
  // Stops at once (dropping queued frames) and removes the temporary file. Destroying a writer
  // that was not finished does the same.
  virtual void abandon() = 0;

  // Frames handed to the encoder so far (not necessarily written to the file yet).
  virtual std::int64_t frames_encoded() const = 0;
  // ".<name>.partial-<pid>-<n>.mp4" in the output's folder, so that the final rename is atomic.
  virtual const std::string& temporary_path() const = 0;
};

}  // namespace hitl
