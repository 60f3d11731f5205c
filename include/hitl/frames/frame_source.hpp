// The frame source: decodes the source frames (JPEG through TurboJPEG, PNG through libspng) on
// worker threads ahead of the playhead, into a bounded cache, so that the render thread never
// waits on the disk or a decoder in steady state.
//
// Frames are decoded at the smallest size the output needs: a JPEG uses TurboJPEG's scaled
// decoding (1/2, 1/4, 1/8...) when the picture is drawn smaller than the source; nothing is ever
// decoded larger than the source.
//
// Threads: every public function may be called from any thread. Decoded frames are immutable and
// shared: a frame handed out stays valid while its holder keeps it, even when the cache drops it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

struct DecodedFrame {
  int frame_number = 0;
  int width_px = 0, height_px = 0;                // as decoded
  int source_width_px = 0, source_height_px = 0;  // of the file
  std::vector<std::uint8_t> rgba;                 // 8-bit RGBA, rows top first, no padding
  std::size_t size_bytes() const { return rgba.size(); }
};

// Decodes one image file so that it is at least wanted_width_px x wanted_height_px where the
// source allows (a wanted size of 0 means the full size). JPEG and PNG, told apart by their bytes,
// not the file name. The error names the file and the reason ("not a JPEG or PNG file",
// "truncated JPEG data", "image is 100000x100000, larger than the 16384 px hitl decodes").
Result<DecodedFrame> decode_frame_file(const std::string& path, int wanted_width_px,
                                       int wanted_height_px);

struct FrameSourceOptions {
  int wanted_width_px = 0, wanted_height_px = 0;  // the picture's size in the output; 0: full
  int threads = 2;
  std::size_t max_cache_bytes = 256u << 20;  // frames beyond this are dropped, least wanted first
};

struct FrameSourceStats {
  std::uint64_t decoded = 0;    // frames decoded so far
  std::uint64_t failed = 0;     // frames whose file could not be read or decoded
  std::uint64_t hits = 0;       // try_get / get calls answered from the cache
  std::uint64_t misses = 0;     // try_get calls that found nothing ready, get calls that waited
  std::uint64_t evicted = 0;    // frames dropped from the cache to stay within max_cache_bytes
  std::size_t cached_frames = 0;
  std::size_t cached_bytes = 0;
  double decode_seconds = 0;    // summed over the workers
};

class FrameSource {
 public:
  // Reads the dataset's frames (Dataset::frames(), files under frames_dir()); the dataset must
  // outlive the source. Starts the worker threads.
  FrameSource(const Dataset& dataset, FrameSourceOptions options);
  ~FrameSource();  // stops and joins the workers
  FrameSource(const FrameSource&) = delete;
  FrameSource& operator=(const FrameSource&) = delete;

  // The frames that will be needed, most urgent first, replacing the previous list: the workers
  // decode those not cached yet in this order. When the cache is full, the frames furthest down
  // this list (and those not on it) are the ones dropped.
  void prefetch(std::span<const int> frame_numbers);
  // The frame if it is decoded, else nullptr at once (and it is put first in the queue). Also
  // nullptr for a frame that failed or that the dataset does not have.
  std::shared_ptr<const DecodedFrame> try_get(int frame_number);
  // The frame, decoding it on this thread if no worker has it yet: for `still` and `export`,
  // which must show exactly the frame asked for. The error names the file and the reason.
  Result<std::shared_ptr<const DecodedFrame>> get(int frame_number);

  FrameSourceStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hitl
