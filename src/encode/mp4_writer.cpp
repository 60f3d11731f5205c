// Mp4Writer on the FFmpeg libraries: libswscale converts RGBA to BT.709 limited-range YUV 4:2:0,
// libx264 (through libavcodec) encodes, and libavformat's MP4 muxer writes a temporary file that
// finish() renames onto the output path.
//
// Threads: the caller's thread (the render loop) converts each frame into one of a few YUV
// pictures of the writer's and queues it; one encoding thread owned by the writer pops them,
// encodes and muxes. The converter and the numbering of frames are the caller's thread's; the
// encoder and the muxer are the encoding thread's while it runs, and the caller's only before it
// starts or after it is joined. The YUV pictures pass between the two under the mutex.
#include "hitl/encode/mp4_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

namespace hitl {
namespace {

namespace fs = std::filesystem;

// x264's speed presets, fastest first (x264_preset_names in x264.h).
constexpr std::array<std::string_view, 10> kX264Presets = {
    "ultrafast", "superfast", "veryfast", "faster",   "fast",
    "medium",    "slow",      "slower",   "veryslow", "placebo"};

std::string av_error_text(int code) {
  std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
  av_strerror(code, text.data(), text.size());
  return text.data();
}

Diagnostic writer_error(const Mp4Options& options, std::string field, std::string message) {
  return error_at(options.path, 0, 0, std::move(field), std::move(message));
}

Status validate(const Mp4Options& options) {
  if (options.path.empty()) return writer_error(options, "path", "the output path is empty");
  for (auto [name, value] :
       {std::pair{"width_px", options.width_px}, std::pair{"height_px", options.height_px}}) {
    if (value < 16 || value % 2 != 0) {
      return writer_error(options, name,
                          std::to_string(value) +
                              " is not allowed: expected an even number of at least 16 (4:2:0 "
                              "chroma has one sample per 2x2 pixels)");
    }
  }
  if (options.fps < 1 || options.fps > 240) {
    return writer_error(options, "fps",
                        std::to_string(options.fps) + " is out of range: expected 1..240");
  }
  if (options.crf == 0) {
    return writer_error(options, "crf",
                        "0 (lossless) is not allowed: lossless H.264 needs the High 4:4:4 "
                        "Predictive profile, which most players cannot decode; expected 1..51");
  }
  if (options.crf < 1 || options.crf > 51) {
    return writer_error(options, "crf",
                        std::to_string(options.crf) + " is out of range: expected 1..51");
  }
  if (std::find(kX264Presets.begin(), kX264Presets.end(), options.preset) == kX264Presets.end()) {
    std::string names;
    for (std::string_view name : kX264Presets)
      names += (names.empty() ? "" : ", ") + std::string(name);
    return writer_error(
        options, "preset",
        "\"" + options.preset + "\" is not an x264 preset: expected one of " + names);
  }
  if (options.encoder_threads < 0) {
    return writer_error(options, "encoder_threads",
                        std::to_string(options.encoder_threads) +
                            " is not allowed: expected 0 (automatic) or more");
  }
  if (options.max_queued_frames < 1) {
    return writer_error(
        options, "max_queued_frames",
        std::to_string(options.max_queued_frames) + " is not allowed: expected 1 or more");
  }
  return Done{};
}

// One fewer than the machine's cores, at least one: the renderer and the conversion keep a core
// busy. libx264 would take one and a half times the cores, each of its frame threads holding
// frames of its own (at 2880x1920, 3 threads on 2 cores came to 150 MB more than 1, no faster:
// see BENCHMARKS.md).
int default_encoder_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? static_cast<int>(std::min(cores - 1, 64u)) : 1;
}

// ".<name>.partial-<pid>-<n>.mp4" beside the output: hidden, on the same file system (so the final
// rename is atomic), and distinct for every writer of every process.
std::string temporary_path_for(const std::string& path) {
  static std::atomic<int> writers_opened{0};
  fs::path output(path);
  std::string name = "." + output.filename().string() + ".partial-" + std::to_string(::getpid()) +
                     "-" + std::to_string(writers_opened++) + ".mp4";
  return (output.parent_path() / name).string();
}

// Flushes a closed file's data to the disk, so that after the rename a crash cannot leave a file
// at the output path whose size is right and whose contents are not.
void sync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

class FfmpegMp4Writer final : public Mp4Writer {
 public:
  explicit FfmpegMp4Writer(Mp4Options options)
      : options_(std::move(options)), temporary_path_(temporary_path_for(options_.path)) {}

  // An unfinished writer is abandoned; one whose start() failed removes what it created.
  ~FfmpegMp4Writer() override {
    if (state_ == State::open) abandon();
    release_ffmpeg();
    remove_temporary_file();
  }

  FfmpegMp4Writer(const FfmpegMp4Writer&) = delete;
  FfmpegMp4Writer& operator=(const FfmpegMp4Writer&) = delete;

  // Everything up to the written header, on the caller's thread; on an error the caller destroys
  // the writer, which removes what was created.
  Status start() {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (codec == nullptr) {
      return writer_error(options_, "", "this FFmpeg has no libx264 encoder (H.264 is required)");
    }
    int status = avformat_alloc_output_context2(&format_, nullptr, "mp4", temporary_path_.c_str());
    if (status < 0) return ffmpeg_error("cannot create the MP4 muxer", status);

    encoder_ = avcodec_alloc_context3(codec);
    if (encoder_ == nullptr) return writer_error(options_, "", "out of memory (encoder)");
    encoder_->width = options_.width_px;
    encoder_->height = options_.height_px;
    encoder_->sample_aspect_ratio = {1, 1};
    encoder_->pix_fmt = AV_PIX_FMT_YUV420P;
    encoder_->thread_count =
        options_.encoder_threads > 0 ? options_.encoder_threads : default_encoder_threads();
    // One tick per frame: pts are frame numbers.
    encoder_->time_base = {1, options_.fps};
    encoder_->framerate = {options_.fps, 1};
    // A keyframe every 2 s keeps seeking in players quick at a small cost in size.
    encoder_->gop_size = 2 * options_.fps;
    // libx264 copies these into the stream's VUI; avcodec_parameters_from_context below carries
    // them to the container's 'colr' box. Without them players guess, and many guess BT.601.
    encoder_->color_primaries = AVCOL_PRI_BT709;
    encoder_->color_trc = AVCOL_TRC_BT709;
    encoder_->colorspace = AVCOL_SPC_BT709;
    encoder_->color_range = AVCOL_RANGE_MPEG;
    // Where the chroma samples lie, as the conversion below places them: H.264's default, said
    // explicitly in the stream.
    encoder_->chroma_sample_location = AVCHROMA_LOC_LEFT;
    // MP4 keeps SPS and PPS in the sample description ('avcC'), not in the stream.
    if ((format_->oformat->flags & AVFMT_GLOBALHEADER) != 0) {
      encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    }

    AVDictionary* codec_options = nullptr;
    av_dict_set(&codec_options, "preset", options_.preset.c_str(), 0);
    av_dict_set_int(&codec_options, "crf", options_.crf, 0);
    // A ceiling, not a choice: x264 uses the simplest profile the preset needs (Constrained
    // Baseline for ultrafast), never more than High, which every H.264 decoder in a browser,
    // phone or TV plays.
    av_dict_set(&codec_options, "profile", "high", 0);
    status = avcodec_open2(encoder_, codec, &codec_options);
    av_dict_free(&codec_options);
    if (status < 0) return ffmpeg_error("libx264 refused the settings", status);

    stream_ = avformat_new_stream(format_, nullptr);
    if (stream_ == nullptr) return writer_error(options_, "", "out of memory (stream)");
    status = avcodec_parameters_from_context(stream_->codecpar, encoder_);
    if (status < 0) return ffmpeg_error("cannot describe the stream", status);
    stream_->time_base = encoder_->time_base;
    stream_->avg_frame_rate = encoder_->framerate;

    status = avio_open(&format_->pb, temporary_path_.c_str(), AVIO_FLAG_WRITE);
    if (status < 0) {
      return ffmpeg_error("cannot create the temporary file " + temporary_path_, status);
    }
    file_created_ = true;
    AVDictionary* muxer_options = nullptr;
    // The index goes before the media so that a browser can play while downloading. It costs one
    // rewrite of the file in finish(), about as long as copying it.
    av_dict_set(&muxer_options, "movflags", "+faststart", 0);
    status = avformat_write_header(format_, &muxer_options);
    av_dict_free(&muxer_options);
    if (status < 0) return ffmpeg_error("cannot write the MP4 header", status);

    converter_ = sws_alloc_context();
    if (converter_ == nullptr) return writer_error(options_, "", "out of memory (converter)");
    av_opt_set_int(converter_, "srcw", options_.width_px, 0);
    av_opt_set_int(converter_, "srch", options_.height_px, 0);
    av_opt_set_int(converter_, "src_format", AV_PIX_FMT_RGBA, 0);
    av_opt_set_int(converter_, "dstw", options_.width_px, 0);
    av_opt_set_int(converter_, "dsth", options_.height_px, 0);
    av_opt_set_int(converter_, "dst_format", AV_PIX_FMT_YUV420P, 0);
    av_opt_set_int(converter_, "sws_flags", SWS_BILINEAR, 0);
    // Chroma sited left, as the stream says: on the even luma columns (0 / 256 of a pixel to the
    // right), halfway down between two luma rows (128 / 256). libswscale's own default is the
    // centre of the 2x2 pixels, which players reading the stream would show a quarter of a
    // pixel off.
    av_opt_set_int(converter_, "dst_h_chr_pos", 0, 0);
    av_opt_set_int(converter_, "dst_v_chr_pos", 128, 0);
    if (sws_init_context(converter_, nullptr, nullptr) < 0) {
      return writer_error(options_, "", "libswscale cannot convert RGBA");
    }
    // Rendered pixels are full-range RGB; the file is BT.709 limited range (16..235 luma,
    // 16..240 chroma), as tagged above. Both tables are BT.709: for RGB input only the
    // destination's matrix is used.
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    if (sws_setColorspaceDetails(converter_, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16) < 0) {
      return writer_error(options_, "", "libswscale refused BT.709 limited-range output");
    }

    packet_ = av_packet_alloc();
    if (packet_ == nullptr) return writer_error(options_, "", "out of memory (packet)");
    // One picture being encoded and max_queued_frames waiting: the caller converts into a free
    // one, so at most that many are ever needed.
    for (int i = 0; i <= options_.max_queued_frames; ++i) {
      AVFrame* yuv = av_frame_alloc();
      if (yuv == nullptr) return writer_error(options_, "", "out of memory (frame)");
      pictures_.push_back(yuv);
      yuv->format = AV_PIX_FMT_YUV420P;
      yuv->width = options_.width_px;
      yuv->height = options_.height_px;
      yuv->color_primaries = AVCOL_PRI_BT709;
      yuv->color_trc = AVCOL_TRC_BT709;
      yuv->colorspace = AVCOL_SPC_BT709;
      yuv->color_range = AVCOL_RANGE_MPEG;
      yuv->chroma_location = AVCHROMA_LOC_LEFT;
      status = av_frame_get_buffer(yuv, 0);
      if (status < 0) return ffmpeg_error("cannot allocate a YUV frame", status);
      free_.push_back(yuv);
    }

    state_ = State::open;
    thread_ = std::thread([this] { encode_loop(); });
    return Done{};
  }

  Status write_rgba(const std::vector<std::uint8_t>& rgba) override {
    const std::size_t expected_bytes = static_cast<std::size_t>(options_.width_px) *
                                       static_cast<std::size_t>(options_.height_px) * 4;
    if (rgba.size() != expected_bytes) {
      return writer_error(options_, "write_rgba",
                          "got " + std::to_string(rgba.size()) + " bytes, expected " +
                              std::to_string(expected_bytes) + " (" +
                              std::to_string(options_.width_px) + "x" +
                              std::to_string(options_.height_px) + " RGBA)");
    }
    return write_rgba_rows(rgba.data(), std::ptrdiff_t{options_.width_px} * 4);
  }

  Status write_rgba_rows(const std::uint8_t* top_row, std::ptrdiff_t stride_bytes) override {
    if (state_ != State::open) {
      return writer_error(options_, "write_rgba", "the writer is already finished or abandoned");
    }
    AVFrame* yuv = nullptr;
    {
      std::unique_lock lock(mutex_);
      space_free_.wait(lock, [&] { return failure_.has_value() || !free_.empty(); });
      if (failure_) return *failure_;
      yuv = free_.back();
      free_.pop_back();
    }
    // The encoder may still hold a reference to this picture's pixels (libx264 copies them, but
    // that is its business): then this gives the picture fresh ones.
    int status = av_frame_make_writable(yuv);
    if (status < 0) {
      std::lock_guard lock(mutex_);
      free_.push_back(yuv);
      return ffmpeg_error("cannot reuse a YUV frame", status);
    }
    const std::uint8_t* planes[1] = {top_row};
    const int strides[1] = {static_cast<int>(stride_bytes)};
    sws_scale(converter_, planes, strides, 0, options_.height_px, yuv->data, yuv->linesize);
    yuv->pts = next_pts_++;
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(yuv);
    }
    frame_ready_.notify_one();
    return Done{};
  }

  Status finish() override {
    if (state_ != State::open) {
      return writer_error(options_, "finish", "the writer is already finished or abandoned");
    }
    {
      std::lock_guard lock(mutex_);
      input_closed_ = true;
    }
    frame_ready_.notify_one();
    thread_.join();
    state_ = State::finished;

    std::optional<Diagnostic> failure;
    {
      std::lock_guard lock(mutex_);
      failure = failure_;
    }
    if (!failure) {
      int status = av_write_trailer(format_);
      if (status < 0) failure = ffmpeg_error("cannot write the MP4 index", status).error();
    }
    int close_status = avio_closep(&format_->pb);
    if (!failure && close_status < 0) {
      failure = ffmpeg_error("cannot close " + temporary_path_, close_status).error();
    }
    release_ffmpeg();
    if (!failure) {
      sync_file(temporary_path_);
      std::error_code error;
      fs::rename(temporary_path_, options_.path, error);
      if (error) {
        failure =
            writer_error(options_, "",
                         "cannot rename " + temporary_path_ + " to the output: " + error.message());
      } else {
        file_created_ = false;
      }
    }
    if (failure) {
      remove_temporary_file();
      return *failure;
    }
    return Done{};
  }

  void abandon() override {
    if (state_ == State::open) {
      {
        std::lock_guard lock(mutex_);
        abort_ = true;
      }
      frame_ready_.notify_one();
      thread_.join();
    }
    state_ = State::abandoned;
    if (format_ != nullptr && format_->pb != nullptr) avio_closep(&format_->pb);
    release_ffmpeg();
    remove_temporary_file();
  }

  std::int64_t frames_encoded() const override { return frames_encoded_.load(); }
  const std::string& temporary_path() const override { return temporary_path_; }

 private:
  enum class State { starting, open, finished, abandoned };

  Status ffmpeg_error(const std::string& what, int code) const {
    return writer_error(options_, "", what + ": " + av_error_text(code));
  }

  // The encoding thread: pops frames until finish() closes the input (then flushes the encoder)
  // or abandon() aborts. The first error stops it; it is kept for the caller's next call.
  void encode_loop() {
    for (;;) {
      AVFrame* yuv = nullptr;
      {
        std::unique_lock lock(mutex_);
        frame_ready_.wait(lock, [&] { return abort_ || input_closed_ || !queue_.empty(); });
        if (abort_) return;
        if (queue_.empty()) break;
        yuv = queue_.front();
        queue_.pop_front();
      }
      Status status = encode(yuv);
      {
        std::lock_guard lock(mutex_);
        free_.push_back(yuv);
      }
      space_free_.notify_one();
      if (!status) {
        fail(status.error());
        return;
      }
    }
    Status status = encode(nullptr);
    if (!status) fail(status.error());
  }

  void fail(Diagnostic failure) {
    {
      std::lock_guard lock(mutex_);
      failure_ = std::move(failure);
      free_.insert(free_.end(), queue_.begin(), queue_.end());
      queue_.clear();
    }
    space_free_.notify_all();
  }

  // Sends one frame (nullptr: the end, to flush) and muxes every packet the encoder has ready.
  Status encode(const AVFrame* frame) {
    int status = avcodec_send_frame(encoder_, frame);
    if (status < 0) return ffmpeg_error("libx264 refused a frame", status);
    if (frame != nullptr) frames_encoded_.fetch_add(1);
    for (;;) {
      status = avcodec_receive_packet(encoder_, packet_);
      if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return Done{};
      if (status < 0) return ffmpeg_error("libx264 failed", status);
      // Every frame lasts one tick; without it the MP4 would give the last frame no duration.
      if (packet_->duration == 0) packet_->duration = 1;
      av_packet_rescale_ts(packet_, encoder_->time_base, stream_->time_base);
      packet_->stream_index = stream_->index;
      status = av_interleaved_write_frame(format_, packet_);
      if (status < 0) return ffmpeg_error("cannot write to " + temporary_path_, status);
    }
  }

  void release_ffmpeg() {
    sws_freeContext(converter_);
    converter_ = nullptr;
    for (AVFrame*& yuv : pictures_) av_frame_free(&yuv);
    pictures_.clear();
    free_.clear();
    queue_.clear();
    av_packet_free(&packet_);
    avcodec_free_context(&encoder_);
    if (format_ != nullptr) {
      if (format_->pb != nullptr) avio_closep(&format_->pb);
      avformat_free_context(format_);
      format_ = nullptr;
    }
    stream_ = nullptr;
  }

  void remove_temporary_file() {
    if (!file_created_) return;
    std::error_code ignored;
    fs::remove(temporary_path_, ignored);
    file_created_ = false;
  }

  const Mp4Options options_;
  const std::string temporary_path_;
  // Touched by the caller's thread only.
  State state_ = State::starting;
  bool file_created_ = false;
  std::thread thread_;

  // Shared between the caller's thread and the encoding thread, under mutex_.
  std::mutex mutex_;
  std::condition_variable frame_ready_;  // the encoding thread waits: a frame, finish or abort
  std::condition_variable space_free_;   // write_rgba waits: a free picture, or a failure
  std::deque<AVFrame*> queue_;           // converted, oldest first, waiting to be encoded
  std::vector<AVFrame*> free_;           // to convert the next frame into
  bool input_closed_ = false;
  bool abort_ = false;
  std::optional<Diagnostic> failure_;
  std::atomic<std::int64_t> frames_encoded_{0};

  // The encoding thread's while it runs (see the file's header).
  AVFormatContext* format_ = nullptr;
  AVStream* stream_ = nullptr;
  AVCodecContext* encoder_ = nullptr;
  AVPacket* packet_ = nullptr;
  std::vector<AVFrame*> pictures_;  // every YUV picture, owned: max_queued_frames + 1
  // The caller's thread's (see the file's header).
  SwsContext* converter_ = nullptr;
  std::int64_t next_pts_ = 0;
};

}  // namespace

Result<std::unique_ptr<Mp4Writer>> Mp4Writer::open(const Mp4Options& options) {
  Status valid = validate(options);
  if (!valid) return valid.error();
  // x264 prints its settings and statistics at FFmpeg's default level (info) on every export;
  // warnings and errors still show. A program that chose a level keeps it.
  if (av_log_get_level() == AV_LOG_INFO) av_log_set_level(AV_LOG_WARNING);
  auto writer = std::make_unique<FfmpegMp4Writer>(options);
  Status started = writer->start();
  if (!started) return started.error();  // the destructor removes the temporary file
  return std::unique_ptr<Mp4Writer>(std::move(writer));
}

}  // namespace hitl
