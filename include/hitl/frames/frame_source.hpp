// The frame source: decodes the source frames (JPEG through TurboJPEG, PNG through libspng) on
// worker threads ahead of the playhead, into a bounded cache, so that the render thread never
// waits on the disk or a decoder in steady state.
//
// Frames are decoded at the smallest size the output needs: a JPEG uses TurboJPEG's scaled
// decoding (the N/8 factors: 7/8, 3/4, 5/8, 1/2, 3/8, 1/4, 1/8) when the picture is drawn smaller
// than the source, or, where decoding time counts more than memory, only the three of them that
// decode fast (JpegScales::fastest); nothing is ever decoded larger than the source. PNGs are
// always decoded whole.
//
// Threads: every public function may be called from any thread. Decoded frames are immutable and
// shared: a frame handed out stays valid while its holder keeps it, even when the cache drops it.
//
// Memory: at most max_cache_bytes (or max_cache_frames frames) of cached frames, plus the frames
// being decoded (one per worker and per get() decoding), plus one spare pixel buffer per worker,
// recycled from dropped frames so that a decode in steady state does not pay for fresh pages.
// Frames still held by callers after the cache dropped them are theirs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hitl/base/result.hpp"
#include "hitl/data/dataset.hpp"

namespace hitl {

// Which of TurboJPEG's scales a JPEG may be decoded at.
enum class JpegScales {
  // Any: the least memory and texture upload, and the least to sample per output pixel. For
  // playback, which decodes a frame every few seconds. The scales other than 1/2, 1/4 and 1/8
  // have no SIMD code: 3/4 of a 2880x1920 frame of the sample takes 20 ms, the whole 8 ms.
  smallest,
  // The full size, 1/2, 1/4 or 1/8 only: for an export, which may decode a frame for every
  // output frame (see BENCHMARKS.md, "Decoding frames").
  fastest,
};

struct DecodedFrame {
  int frame_number = 0;
  int width_px = 0, height_px = 0;                // as decoded
  int source_width_px = 0, source_height_px = 0;  // of the file
  std::vector<std::uint8_t> rgba;                 // 8-bit RGBA, rows top first, no padding
  std::size_t size_bytes() const { return rgba.size(); }
};

// Decodes one image file so that it is at least wanted_width_px x wanted_height_px where the
// source allows (a wanted size of 0 or less means the full size): a JPEG at the smallest of
// TurboJPEG's scaling factors (of `scales`) that still covers the wanted size in both directions,
// a PNG whole.
// JPEG and PNG are told apart by their bytes, not the file name. Sizes over 16384 px a side (or
// over 2^27 pixels) are refused from the header, before any pixel memory is allocated. The error
// names the file and the reason ("not a JPEG or PNG file", "cannot decode the JPEG: ...",
// "image is 100000x100000, larger than the 16384 px a side hitl decodes").
//
// A JPEG that TurboJPEG decodes with a warning (most often a file cut short: the missing rows come
// out grey) is accepted and the warning logged: a kiosk shows what it can rather than nothing.
// FrameSource logs such a warning once per frame, however often the frame is decoded again.
// Safe to call from any thread.
Result<DecodedFrame> decode_frame_file(const std::string& path, int wanted_width_px,
                                       int wanted_height_px,
                                       JpegScales scales = JpegScales::smallest);

struct FrameSourceOptions {
  int wanted_width_px = 0, wanted_height_px = 0;  // the picture's size in the output; 0: full
  int threads = 2;                                // decoding workers; fewer than 1 counts as 1
  // Frames beyond this are dropped, least wanted first. The default holds 7 frames decoded for a
  // 1080p picture (5/8 of 2880x1920), 2 at full 2880x1920: room for a player to decode ahead
  // (the former 256 MiB was a quarter of the memory of a 1920x1280 export of the sample). A
  // player that goes back and forth may want more.
  std::size_t max_cache_bytes = 64u << 20;
  // When 1 or more, also at most this many frames of the dataset's largest decoded size (a JPEG
  // at its scale, a PNG whole; frames whose size the dataset does not know are not counted, and
  // when it knows none this limit is not applied). For a caller that needs each frame once and
  // in order (still, export), 2 keeps a worker ahead: the frame on screen and the next one,
  // decoded while the first is drawn.
  int max_cache_frames = 0;
  JpegScales scales = JpegScales::smallest;
};

struct FrameSourceStats {
  std::uint64_t decoded = 0;  // frames decoded so far, by the workers and by get()
  std::uint64_t failed = 0;   // frames whose file could not be read or decoded, each once
  std::uint64_t hits = 0;     // try_get / get calls answered from the cache
  std::uint64_t misses = 0;   // try_get / get calls that found the frame not decoded yet
  std::uint64_t evicted = 0;  // frames dropped from the cache to stay within its budget
  std::size_t cached_frames = 0;
  std::size_t cached_bytes = 0;
  double decode_seconds = 0;  // summed over every decode (workers and get())
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
  // decode those not cached yet in this order, and stop where the list's prefix fills the
  // cache's budget (max_cache_bytes, or less with max_cache_frames). When the cache is full, the
  // frames not on this list (least recently used first) and then those furthest down it are the
  // ones dropped. Frames that failed, that the dataset lacks or that are larger than the whole
  // cache are not decoded ahead.
  void prefetch(std::span<const int> frame_numbers);
  // The frame if it is decoded, else nullptr at once (and it is put first in the queue). Also
  // nullptr for a frame that failed or that the dataset does not have. Never waits for a decode.
  std::shared_ptr<const DecodedFrame> try_get(int frame_number);
  // The frame, waiting for the worker that decodes it or decoding it on this thread: for `still`
  // and `export`, which must show exactly the frame asked for. A frame on the wish list marks the
  // playhead: the frames listed before it count as shown, so that they no longer hold room in
  // the cache (they are the first evicted) and the workers decode further down the list. The
  // frame last asked for (here or by a try_get that found it) is never the one evicted. A frame
  // larger than the whole cache is returned but not kept. A frame that failed once returns the
  // same error again, without another try. The error names the file and the reason.
  Result<std::shared_ptr<const DecodedFrame>> get(int frame_number);

  FrameSourceStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hitl
