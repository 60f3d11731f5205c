// The frame source: whole-file reads, header checks before any pixel memory is allocated, JPEG
// decoding through TurboJPEG at a scaled size, PNG through libspng; and the worker threads that
// decode ahead of the playhead into a bounded, shared cache.
//
// Locking: one mutex guards all of FrameSource::Impl's mutable state. It is held only for
// bookkeeping (a few map look-ups, a scan of the wish list), never while reading or decoding a
// file, so try_get() and stats() never wait for a decoder.
#include "hitl/frames/frame_source.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "hitl/base/log.hpp"
#include "hitl/base/png.hpp"
#include "hitl/base/text.hpp"
#include "hitl/frames/image_info.hpp"

namespace hitl {

namespace {

// The source frames are 2880x1920; these limits only keep a damaged or hostile header from
// asking for gigabytes. 2^27 pixels is 512 MiB as RGBA.
constexpr int kMaxSidePx = 16384;
constexpr std::uint64_t kMaxPixels = std::uint64_t{1} << 27;
// A 2880x1920 JPEG at quality 90 is about 1-2 MB; a PNG of it at most ~22 MB.
constexpr std::uint64_t kMaxFileBytes = std::uint64_t{256} << 20;

Diagnostic file_error(const std::string& path, std::string message) {
  return error_at(path, 0, 0, "", std::move(message));
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Result<std::string> read_whole_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return file_error(path, "is a folder; expected a JPEG or PNG image");
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  // std::error_code's message, unlike std::strerror, is safe to build on any thread.
  if (!file) {
    return file_error(path,
                      "cannot open: " + std::error_code(errno, std::generic_category()).message());
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return file_error(path, "cannot read its size: " + ec.message());
  if (size > kMaxFileBytes) {
    return file_error(path, "the file is " + std::to_string(size) + " bytes; frames over " +
                                std::to_string(kMaxFileBytes >> 20) + " MiB are refused");
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  const std::size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (std::ferror(file.get())) {
    return file_error(path,
                      "cannot read: " + std::error_code(errno, std::generic_category()).message());
  }
  // The file may have shrunk since its size was read; what was read is what there is.
  bytes.resize(got);
  return bytes;
}

std::optional<Diagnostic> check_size(const std::string& path, int width_px, int height_px) {
  const std::string size = std::to_string(width_px) + "x" + std::to_string(height_px);
  if (width_px > kMaxSidePx || height_px > kMaxSidePx) {
    return file_error(path, "image is " + size + ", larger than the " + std::to_string(kMaxSidePx) +
                                " px a side hitl decodes");
  }
  if (width_px <= 0 || height_px <= 0)
    return file_error(path, "image is " + size + "; expected a positive size");
  const std::uint64_t pixels = std::uint64_t(width_px) * std::uint64_t(height_px);
  if (pixels > kMaxPixels) {
    return file_error(path, "image is " + size + " (" + std::to_string(pixels) +
                                " pixels), more than the " + std::to_string(kMaxPixels) +
                                " pixels hitl decodes");
  }
  return std::nullopt;
}

struct SizePx {
  int width_px = 0, height_px = 0;
};

// The size TurboJPEG decodes a source_px JPEG to for a picture of wanted_px: the smallest scaling
// factor (none above 1; with JpegScales::fastest only 1/2, 1/4 and 1/8) whose result covers
// wanted_px in both directions; the full size when none does or when either wanted side is 0 or
// less. libjpeg-turbo has SIMD inverse DCTs only for the full size and those three: a 2880x1920
// frame of the sample decodes in 8 ms whole and in 20 ms at 3/4.
SizePx jpeg_decode_size(SizePx source_px, SizePx wanted_px, JpegScales scales) {
  SizePx best = source_px;
  if (wanted_px.width_px <= 0 || wanted_px.height_px <= 0) return best;
  int count = 0;
  const tjscalingfactor* factors = tjGetScalingFactors(&count);
  for (int i = 0; factors != nullptr && i < count; ++i) {
    const tjscalingfactor factor = factors[i];
    if (factor.num > factor.denom) continue;
    if (scales == JpegScales::fastest && factor.num != 1) continue;  // 1/1, 1/2, 1/4, 1/8
    const SizePx scaled{TJSCALED(source_px.width_px, factor),
                        TJSCALED(source_px.height_px, factor)};
    if (scaled.width_px < wanted_px.width_px || scaled.height_px < wanted_px.height_px) continue;
    if (std::int64_t{scaled.width_px} * scaled.height_px <
        std::int64_t{best.width_px} * best.height_px) {
      best = scaled;
    }
  }
  return best;
}

// Pixel buffers of frames nobody holds any more, kept for the next decode of the same size: a
// fresh 22 MB buffer costs page faults and zeroing worth about a third of the decode itself.
// Bounded to a few buffers. Every function may be called from any thread.
class BufferPool {
 public:
  explicit BufferPool(std::size_t max_buffers) : max_buffers_(max_buffers) {}

  // A buffer of `bytes` bytes; reused ones keep their old pixels, to be written over.
  std::vector<std::uint8_t> take(std::size_t bytes) {
    std::vector<std::uint8_t> buffer;
    {
      std::lock_guard lock(mutex_);
      const auto it = std::find_if(buffers_.begin(), buffers_.end(),
                                   [&](const auto& b) { return b.size() == bytes; });
      if (it != buffers_.end()) {
        buffer = std::move(*it);
        buffers_.erase(it);
      }
    }
    buffer.resize(bytes);
    return buffer;
  }

  void give(std::vector<std::uint8_t>&& buffer) {
    std::lock_guard lock(mutex_);
    if (buffers_.size() < max_buffers_) buffers_.push_back(std::move(buffer));
  }

 private:
  const std::size_t max_buffers_;
  std::mutex mutex_;
  std::vector<std::vector<std::uint8_t>> buffers_;
};

struct TjDestroyer {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TjDecompressor = std::unique_ptr<void, TjDestroyer>;

// `warning` receives TurboJPEG's warning when the image decoded with one.
Result<DecodedFrame> decode_jpeg(const std::string& path, const std::string& bytes,
                                 SizePx wanted_px, JpegScales scales, BufferPool* pool,
                                 std::string& warning) {
  TjDecompressor tj(tjInitDecompress());
  if (!tj) {
    return file_error(path,
                      std::string("cannot start the JPEG decoder: ") + tjGetErrorStr2(nullptr));
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto size = static_cast<unsigned long>(bytes.size());
  int width_px = 0, height_px = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(tj.get(), data, size, &width_px, &height_px, &subsampling, &colorspace) !=
      0) {
    return file_error(path,
                      std::string("cannot read the JPEG header: ") + tjGetErrorStr2(tj.get()));
  }
  if (auto error = check_size(path, width_px, height_px)) return *error;

  const SizePx decoded_px = jpeg_decode_size({width_px, height_px}, wanted_px, scales);
  DecodedFrame frame;
  frame.source_width_px = width_px;
  frame.source_height_px = height_px;
  frame.width_px = decoded_px.width_px;
  frame.height_px = decoded_px.height_px;
  const std::size_t rgba_bytes =
      std::size_t(decoded_px.width_px) * std::size_t(decoded_px.height_px) * 4;
  if (pool != nullptr) {
    frame.rgba = pool->take(rgba_bytes);
  } else {
    frame.rgba.resize(rgba_bytes);
  }
  if (tjDecompress2(tj.get(), data, size, frame.rgba.data(), decoded_px.width_px, 0,
                    decoded_px.height_px, TJPF_RGBA, 0) != 0) {
    const std::string reason = tjGetErrorStr2(tj.get());
    if (tjGetErrorCode(tj.get()) != TJERR_WARNING) {
      return file_error(path, "cannot decode the JPEG: " + reason);
    }
    // A warning leaves a whole image: rows the data did not reach are grey. A kiosk shows that
    // rather than nothing; the caller logs why the frame looks wrong.
    warning = path + ": JPEG decoded with a warning (" + reason + "); showing what decoded";
  }
  return frame;
}

Result<DecodedFrame> decode_png(const std::string& path, const std::string& bytes) {
  auto image = decode_png_rgba(bytes, kMaxPixels);
  if (!image) return file_error(path, image.error().message);
  DecodedFrame frame;
  frame.width_px = frame.source_width_px = image->width_px;
  frame.height_px = frame.source_height_px = image->height_px;
  frame.rgba = std::move(image->rgba);
  return frame;
}

// decode_frame_file, with pixel buffers from `pool` when there is one, and the warning a damaged
// JPEG decoded with in `warning` (empty when there was none) rather than in the log.
Result<DecodedFrame> decode_file(const std::string& path, SizePx wanted_px, JpegScales scales,
                                 BufferPool* pool, std::string& warning) {
  const auto bytes = read_whole_file(path);
  if (!bytes) return bytes.error();
  // The header reader tells JPEG from PNG by the bytes and words the refusals of empty, foreign
  // and cut-short files; the size it reads is checked before anything is allocated.
  const auto info = read_image_info_from_bytes(*bytes, path);
  if (!info) return info.error();
  if (auto error = check_size(path, info->width_px, info->height_px)) return *error;
  if (info->format == ImageFormat::png) return decode_png(path, *bytes);
  return decode_jpeg(path, *bytes, wanted_px, scales, pool, warning);
}

}  // namespace

Result<DecodedFrame> decode_frame_file(const std::string& path, int wanted_width_px,
                                       int wanted_height_px, JpegScales scales) {
  std::string warning;
  auto frame = decode_file(path, {wanted_width_px, wanted_height_px}, scales, nullptr, warning);
  if (!warning.empty()) log_warn("%s", warning.c_str());
  return frame;
}

namespace {

constexpr std::size_t kNotListed = std::numeric_limits<std::size_t>::max();
constexpr int kNoFrame = std::numeric_limits<int>::min();

// One decode under way. get() callers that find a frame in flight keep this and wait for `done`;
// they get the frame from here even when the cache could not keep it. Guarded by Impl::mutex.
struct PendingDecode {
  bool done = false;
  std::shared_ptr<const DecodedFrame> frame;
  std::optional<Diagnostic> error;
};

struct CacheEntry {
  std::shared_ptr<const DecodedFrame> frame;
  std::uint64_t last_used = 0;  // Impl::use_clock at the last hit or at insertion
};

// Whether the frame's file is named as a PNG. The decoder goes by the bytes; a PNG named .jpg is
// planned as a JPEG until its first decode tells its size.
bool named_png(const Frame& frame) {
  return iequals_ascii(std::filesystem::path(frame.file).extension().string(), ".png");
}

// The decoded size of a frame whose size the dataset knows; 0 when it does not. A JPEG's is its
// scaled size; a PNG is decoded whole.
std::size_t planned_bytes(const Frame& frame, const FrameSourceOptions& options) {
  if (frame.width_px <= 0 || frame.height_px <= 0) return 0;
  const SizePx size =
      named_png(frame)
          ? SizePx{frame.width_px, frame.height_px}
          : jpeg_decode_size({frame.width_px, frame.height_px},
                             {options.wanted_width_px, options.wanted_height_px}, options.scales);
  return std::size_t(size.width_px) * std::size_t(size.height_px) * 4;
}

// max_cache_bytes, or max_cache_frames of the dataset's largest frame when that is less.
std::size_t cache_budget(const Dataset& dataset, const FrameSourceOptions& options) {
  if (options.max_cache_frames < 1) return options.max_cache_bytes;
  std::size_t largest = 0;
  for (const Frame& frame : dataset.frames()) {
    largest = std::max(largest, planned_bytes(frame, options));
  }
  if (largest == 0) return options.max_cache_bytes;
  return std::min(options.max_cache_bytes, std::size_t(options.max_cache_frames) * largest);
}

}  // namespace

struct FrameSource::Impl {
  Impl(const Dataset& dataset_in, const FrameSourceOptions& options_in)
      : dataset(dataset_in),
        options(options_in),
        budget(cache_budget(dataset_in, options_in)),
        buffers(std::make_shared<BufferPool>(std::size_t(std::max(1, options_in.threads)))) {}

  const Dataset& dataset;
  const FrameSourceOptions options;
  const std::size_t budget;  // bytes of cached frames at most
  // One spare buffer per worker: in steady state every eviction frees the buffer the next decode
  // needs. Shared with the frames' deleters, which may run after the source is gone.
  const std::shared_ptr<BufferPool> buffers;

  mutable std::mutex mutex;
  std::condition_variable work_changed;  // workers: the wish list, the cache or `stopping`
  std::condition_variable decode_done;   // get(): a PendingDecode finished
  bool stopping = false;

  std::vector<int> wish;                           // most urgent first, no repeats
  std::unordered_map<int, std::size_t> wish_rank;  // frame number -> index in `wish`
  std::map<int, CacheEntry> cache;
  std::map<int, std::shared_ptr<PendingDecode>> in_flight;
  std::map<int, Diagnostic> failed;
  std::set<int> warned;  // frames that decoded with a warning, logged the first time
  // The decoded size of every frame decoded so far: plans are exact for frames seen once (a PNG
  // among JPEGs, a frame larger than the whole cache).
  std::map<int, std::size_t> known_bytes;
  std::size_t last_decoded_bytes = 0;  // the estimate for a frame whose size the dataset lacks
  int last_requested = kNoFrame;       // never evicted: the frame on screen
  // get() of a listed frame moves the playhead to it: the frames listed before it have been
  // shown, and neither hold room in the cache nor are decoded again until the next prefetch().
  // Without it, an export (whose list is refreshed every half second) with a cache of a few
  // frames kept the shown frames planned, the workers idle and the render thread decoding.
  std::size_t wish_start = 0;
  std::uint64_t use_clock = 0;
  FrameSourceStats counters;

  std::vector<std::thread> workers;

  // Which frames can be decoded at all; an error for the others. Called with the lock held.
  std::optional<Diagnostic> missing_frame_error(int frame_number) const {
    const Frame* frame = dataset.frame(frame_number);
    if (frame == nullptr) {
      std::string message = "frame " + std::to_string(frame_number) + " is not in the dataset";
      if (!dataset.frames().empty()) {
        message += " (it has frames " + std::to_string(dataset.frames().front().number) + " to " +
                   std::to_string(dataset.frames().back().number) + ")";
      }
      return error_at(dataset.frames_dir(), 0, 0, "", std::move(message));
    }
    if (frame->file.empty()) {
      return error_at(dataset.frames_dir(), 0, 0, "",
                      "frame " + std::to_string(frame_number) +
                          " has no file: it was not found in the frames folder");
    }
    return std::nullopt;
  }

  std::string path_of(const Frame& frame) const {
    if (dataset.frames_dir().empty()) return frame.file;
    return (std::filesystem::path(dataset.frames_dir()) / frame.file).string();
  }

  std::size_t rank_of(int frame_number) const {
    const auto it = wish_rank.find(frame_number);
    return it == wish_rank.end() || it->second < wish_start ? kNotListed : it->second;
  }

  void rebuild_ranks() {
    wish_rank.clear();
    for (std::size_t i = 0; i < wish.size(); ++i) wish_rank.emplace(wish[i], i);
  }

  std::size_t estimated_bytes(const Frame& frame) const {
    if (const auto it = known_bytes.find(frame.number); it != known_bytes.end()) return it->second;
    // Known exactly after one decode; planned from the dataset's size and the file's name before.
    const std::size_t planned = planned_bytes(frame, options);
    return planned > 0 ? planned : last_decoded_bytes;
  }

  // The most urgent frame a worker should decode now, if any: the first on the wish list that is
  // not cached, in flight or failed, as long as the list up to and including it (and the frame on
  // screen) fits in the cache. Frames larger than the whole cache are left to get().
  std::optional<int> next_job() const {
    std::size_t planned = 0;
    if (const auto it = cache.find(last_requested);
        it != cache.end() && rank_of(last_requested) == kNotListed) {
      planned += it->second.frame->size_bytes();
    }
    for (std::size_t i = wish_start; i < wish.size(); ++i) {
      const int number = wish[i];
      if (failed.contains(number)) continue;
      if (const auto it = cache.find(number); it != cache.end()) {
        planned += it->second.frame->size_bytes();
        continue;
      }
      const std::size_t bytes = estimated_bytes(*dataset.frame(number));
      if (bytes > budget) continue;
      if (planned + bytes > budget) return std::nullopt;
      planned += bytes;
      if (!in_flight.contains(number)) return number;
    }
    return std::nullopt;
  }

  // Caches a decoded frame, evicting what must go: frames not on the wish list first (least
  // recently used first), then those furthest down it. A frame that was not asked for by get()
  // evicts only frames less wanted than itself; the frame on screen is never evicted. When not
  // enough can go, or the frame is larger than the whole cache, nothing is evicted and the frame
  // is not kept.
  void insert(int number, std::shared_ptr<const DecodedFrame> frame, bool requested) {
    const std::size_t bytes = frame->size_bytes();
    if (bytes > budget || cache.contains(number)) return;
    if (counters.cached_bytes + bytes > budget) {
      const bool urgent = requested || number == last_requested;
      const std::size_t own_rank = rank_of(number);
      struct Candidate {
        bool listed;
        std::uint64_t order;  // unlisted: last use, oldest first; listed: furthest down first
        int number;
        std::size_t bytes;
      };
      std::vector<Candidate> candidates;
      for (const auto& [cached_number, entry] : cache) {
        if (cached_number == last_requested) continue;
        const std::size_t rank = rank_of(cached_number);
        if (!urgent && (own_rank == kNotListed || (rank != kNotListed && rank <= own_rank))) {
          continue;
        }
        if (rank == kNotListed) {
          candidates.push_back({false, entry.last_used, cached_number, entry.frame->size_bytes()});
        } else {
          candidates.push_back({true, kNotListed - rank, cached_number, entry.frame->size_bytes()});
        }
      }
      std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return std::pair(a.listed, a.order) < std::pair(b.listed, b.order);
      });
      std::size_t freed = 0, victims = 0;
      while (victims < candidates.size() && counters.cached_bytes - freed + bytes > budget) {
        freed += candidates[victims++].bytes;
      }
      if (counters.cached_bytes - freed + bytes > budget) return;
      for (std::size_t i = 0; i < victims; ++i) {
        cache.erase(candidates[i].number);
        counters.cached_bytes -= candidates[i].bytes;
        counters.evicted += 1;
      }
    }
    cache.emplace(number, CacheEntry{std::move(frame), ++use_clock});
    counters.cached_bytes += bytes;
    counters.cached_frames = cache.size();
  }

  // Decodes a frame that is neither cached nor in flight, with the lock released meanwhile; the
  // lock is held again on return. `requested`: for a get() caller on this thread.
  std::shared_ptr<PendingDecode> decode(std::unique_lock<std::mutex>& lock, int number,
                                        bool requested) {
    auto pending = std::make_shared<PendingDecode>();
    in_flight.emplace(number, pending);
    const std::string path = path_of(*dataset.frame(number));
    lock.unlock();
    const auto start = std::chrono::steady_clock::now();
    std::string warning;
    auto result = decode_file(path, {options.wanted_width_px, options.wanted_height_px},
                              options.scales, buffers.get(), warning);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    lock.lock();

    in_flight.erase(number);
    counters.decode_seconds += seconds;
    if (result) {
      // A frame that decodes with a warning decodes with it every lap of the loop: said once.
      if (!warning.empty() && warned.insert(number).second) log_warn("%s", warning.c_str());
      result->frame_number = number;
      // When the last holder lets the frame go, its pixels go back to the pool.
      std::shared_ptr<const DecodedFrame> frame(
          new DecodedFrame(std::move(result).value()),
          [pool = std::weak_ptr<BufferPool>(buffers)](DecodedFrame* dropped) {
            if (const auto alive = pool.lock()) alive->give(std::move(dropped->rgba));
            delete dropped;
          });
      counters.decoded += 1;
      known_bytes[number] = last_decoded_bytes = frame->size_bytes();
      insert(number, frame, requested);
      pending->frame = std::move(frame);
    } else {
      // Remembered, so that neither the workers nor get() try the file again; logged once here.
      log_warn("frame %d: %s", number, result.error().to_string().c_str());
      failed.emplace(number, result.error());
      counters.failed += 1;
      pending->error = result.error();
    }
    pending->done = true;
    decode_done.notify_all();
    work_changed.notify_all();
    return pending;
  }

  void run_worker() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      if (const auto job = next_job()) {
        decode(lock, *job, false);
      } else {
        work_changed.wait(lock);
      }
    }
  }
};

FrameSource::FrameSource(const Dataset& dataset, FrameSourceOptions options)
    : impl_(std::make_unique<Impl>(dataset, options)) {
  const int threads = std::max(1, options.threads);
  impl_->workers.reserve(std::size_t(threads));
  for (int i = 0; i < threads; ++i)
    impl_->workers.emplace_back([impl = impl_.get()] { impl->run_worker(); });
}

FrameSource::~FrameSource() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work_changed.notify_all();
  // A worker in the middle of a decode finishes that one frame; none starts another.
  for (auto& worker : impl_->workers) worker.join();
}

void FrameSource::prefetch(std::span<const int> frame_numbers) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->wish.clear();
    impl_->wish_rank.clear();
    impl_->wish_start = 0;
    for (const int number : frame_numbers) {
      if (impl_->missing_frame_error(number)) continue;
      if (impl_->wish_rank.emplace(number, impl_->wish.size()).second) {
        impl_->wish.push_back(number);
      }
    }
  }
  impl_->work_changed.notify_all();
}

std::shared_ptr<const DecodedFrame> FrameSource::try_get(int frame_number) {
  {
    std::lock_guard lock(impl_->mutex);
    if (const auto it = impl_->cache.find(frame_number); it != impl_->cache.end()) {
      impl_->counters.hits += 1;
      it->second.last_used = ++impl_->use_clock;
      impl_->last_requested = frame_number;
      return it->second.frame;
    }
    if (impl_->missing_frame_error(frame_number) || impl_->failed.contains(frame_number)) {
      return nullptr;
    }
    impl_->counters.misses += 1;
    auto& wish = impl_->wish;
    if (wish.empty() || wish.front() != frame_number) {
      auto it = std::find(wish.begin(), wish.end(), frame_number);
      if (it == wish.end()) {
        wish.push_back(frame_number);
        it = wish.end() - 1;
      }
      std::rotate(wish.begin(), it, it + 1);
      impl_->rebuild_ranks();
      impl_->wish_start = 0;  // the frame wanted now is first
    }
  }
  impl_->work_changed.notify_all();
  return nullptr;
}

Result<std::shared_ptr<const DecodedFrame>> FrameSource::get(int frame_number) {
  std::unique_lock lock(impl_->mutex);
  if (auto error = impl_->missing_frame_error(frame_number)) return *error;
  if (const auto it = impl_->failed.find(frame_number); it != impl_->failed.end()) {
    return it->second;
  }
  impl_->last_requested = frame_number;
  if (const auto it = impl_->wish_rank.find(frame_number);
      it != impl_->wish_rank.end() && it->second != impl_->wish_start) {
    impl_->wish_start = it->second;
    impl_->work_changed.notify_all();  // the frames passed make room for those further on
  }
  if (const auto it = impl_->cache.find(frame_number); it != impl_->cache.end()) {
    impl_->counters.hits += 1;
    it->second.last_used = ++impl_->use_clock;
    return it->second.frame;
  }
  impl_->counters.misses += 1;
  std::shared_ptr<PendingDecode> pending;
  if (const auto it = impl_->in_flight.find(frame_number); it != impl_->in_flight.end()) {
    pending = it->second;
    impl_->decode_done.wait(lock, [&] { return pending->done; });
  } else {
    pending = impl_->decode(lock, frame_number, true);
  }
  if (pending->error) return *pending->error;
  return pending->frame;
}

FrameSourceStats FrameSource::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->counters;
}

}  // namespace hitl
