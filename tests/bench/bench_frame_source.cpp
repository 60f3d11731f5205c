// hitl_bench_frame_source: how fast the frame source decodes 2880x1920 JPEG frames, at full size
// and at the sizes a 1080p and a 720p output need: single-thread decode time per frame, and the
// frames per second the workers sustain ahead of a playhead that walks the loop.
//
// The frames are generated once into --dir (smooth gradients, a moving disc and noise, so that a
// frame compresses like a photo, about 1-2 MB at quality 90) and reused on later runs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hitl/base/text.hpp"
#include "hitl/data/dataset.hpp"
#include "hitl/frames/frame_source.hpp"
#include "support/test_images.hpp"

namespace {

constexpr const char* kUsage = R"(hitl_bench_frame_source - times decoding 2880x1920 JPEG frames

Usage: hitl_bench_frame_source [--dir DIR] [--frames N] [--threads N] [--cache-frames N]

  --dir DIR     where the generated frames are kept (default bench-frames); reused when present
  --frames N    how many frames (default 48)
  --threads N   decoding workers for the decode-ahead figures (default 2)
  --cache-frames N
                the frame source's cache, in decoded frames, and how far ahead it is asked
                to decode (default 16; at least 2 and less than --frames)
)";

constexpr int kWidthPx = 2880, kHeightPx = 1920;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string frame_name(int number) {
  char name[32];
  std::snprintf(name, sizeof name, "mouse_%04d.jpeg", number);
  return name;
}

// One frame of photo-like content: a diagonal gradient that turns with the frame number, a soft
// disc that moves across it, and per-pixel noise about as strong as a camera sensor's.
std::vector<std::uint8_t> synthetic_frame_rgb(int number) {
  std::vector<std::uint8_t> rgb(std::size_t(kWidthPx) * kHeightPx * 3);
  std::mt19937 random(static_cast<unsigned>(number));
  std::normal_distribution<float> noise(0.0f, 6.0f);
  const float angle = 0.1f * float(number);
  const float dx = std::cos(angle), dy = std::sin(angle);
  const float disc_x = kWidthPx * (0.3f + 0.4f * float(number % 16) / 16.0f),
              disc_y = kHeightPx * 0.5f;
  const float disc_r = kHeightPx * 0.25f;
  for (int y = 0; y < kHeightPx; ++y) {
    for (int x = 0; x < kWidthPx; ++x) {
      const float t = (float(x) * dx + float(y) * dy) / float(kWidthPx + kHeightPx);
      const float d = std::hypot(float(x) - disc_x, float(y) - disc_y) / disc_r;
      const float disc = std::clamp(1.5f - d, 0.0f, 1.0f);
      const float base[3] = {60 + 120 * t, 90 + 60 * t, 160 - 80 * t};
      const float tint[3] = {200, 190, 170};
      std::uint8_t* pixel = rgb.data() + (std::size_t(y) * kWidthPx + x) * 3;
      for (int c = 0; c < 3; ++c) {
        const float value = base[c] * (1 - disc) + tint[c] * disc + noise(random);
        pixel[c] = static_cast<std::uint8_t>(std::clamp(value, 0.0f, 255.0f));
      }
    }
  }
  return rgb;
}

bool make_frames(const std::filesystem::path& dir, int count) {
  std::filesystem::create_directories(dir);
  std::uintmax_t total_bytes = 0;
  int made = 0;
  for (int number = 1; number <= count; ++number) {
    const auto path = dir / frame_name(number);
    if (!std::filesystem::exists(path)) {
      const std::string jpeg =
          hitl::test::make_jpeg_rgb(synthetic_frame_rgb(number), kWidthPx, kHeightPx, 90);
      std::FILE* file = std::fopen(path.string().c_str(), "wb");
      if (file == nullptr || std::fwrite(jpeg.data(), 1, jpeg.size(), file) != jpeg.size()) {
        std::fprintf(stderr, "cannot write %s\n", path.string().c_str());
        if (file != nullptr) std::fclose(file);
        return false;
      }
      std::fclose(file);
      ++made;
    }
    total_bytes += std::filesystem::file_size(path);
  }
  std::printf("%d frames in %s (%d generated now), %.2f MB a frame on average\n\n", count,
              dir.string().c_str(), made, double(total_bytes) / count / 1e6);
  return true;
}

struct Output {
  const char* name;
  int picture_width_px, picture_height_px;  // the picture's size in the output; 0: full
};

struct Figures {
  int decoded_width_px = 0, decoded_height_px = 0;
  double median_ms = 0, mean_ms = 0;
  double first_lap_fps = 0, steady_fps = 0;
};

// Single thread: decode_frame_file on every frame once.
bool time_single_thread(const std::filesystem::path& dir, int count, const Output& output,
                        Figures& figures) {
  std::vector<double> ms;
  for (int number = 1; number <= count; ++number) {
    const auto start = Clock::now();
    const auto frame = hitl::decode_frame_file((dir / frame_name(number)).string(),
                                               output.picture_width_px, output.picture_height_px);
    ms.push_back(seconds_since(start) * 1e3);
    if (!frame) {
      std::fprintf(stderr, "%s\n", frame.error().to_string().c_str());
      return false;
    }
    figures.decoded_width_px = frame->width_px;
    figures.decoded_height_px = frame->height_px;
  }
  double sum = 0;
  for (const double m : ms) sum += m;
  std::sort(ms.begin(), ms.end());
  figures.median_ms = ms[ms.size() / 2];
  figures.mean_ms = sum / double(ms.size());
  return true;
}

// The workers decode ahead of a playhead that walks the loop as fast as frames arrive: the
// playhead asks with try_get (never decoding itself) and wishes for the next cache_frames frames,
// wrapping around, with a cache of that many frames. The first lap fills the cache with freshly
// allocated memory; on the second the cache evicts and recycles pixel buffers, as a kiosk does.
void time_decode_ahead(const hitl::Dataset& dataset, int count, int threads, int cache_frames,
                       const Output& output, Figures& figures) {
  hitl::FrameSourceOptions options;
  options.wanted_width_px = output.picture_width_px;
  options.wanted_height_px = output.picture_height_px;
  options.threads = threads;
  options.max_cache_bytes = std::size_t(cache_frames) * std::size_t(figures.decoded_width_px) *
                            std::size_t(figures.decoded_height_px) * 4;
  hitl::FrameSource source(dataset, options);
  std::vector<int> wish;
  for (int lap = 0; lap < 2; ++lap) {
    const auto start = Clock::now();
    for (int step = 0; step < count; ++step) {
      const int playhead = 1 + step;
      wish.clear();
      for (int k = 0; k < cache_frames; ++k) wish.push_back(1 + (step + k) % count);
      source.prefetch(wish);
      while (source.try_get(playhead) == nullptr) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
      }
    }
    (lap == 0 ? figures.first_lap_fps : figures.steady_fps) = count / seconds_since(start);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir = "bench-frames";
  int count = 48, threads = 2, cache_frames = 16;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--frames" && i + 1 < argc) {
      count = static_cast<int>(hitl::parse_int(argv[++i]).value_or(0));
    } else if (arg == "--cache-frames" && i + 1 < argc) {
      cache_frames = static_cast<int>(hitl::parse_int(argv[++i]).value_or(0));
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<int>(hitl::parse_int(argv[++i]).value_or(0));
    } else {
      std::fprintf(stderr, "hitl_bench_frame_source: unexpected %s\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (count < 3 || threads < 1 || cache_frames < 2 || cache_frames >= count) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (!make_frames(dir, count)) return 1;

  hitl::DatasetParts parts;
  parts.frames_dir = dir.string();
  for (int number = 1; number <= count; ++number) {
    parts.frames.push_back({number, frame_name(number), kWidthPx, kHeightPx});
  }
  auto dataset = hitl::Dataset::create(std::move(parts), "benchmark");
  if (!dataset) {
    std::fprintf(stderr, "%s\n", dataset.error().to_string().c_str());
    return 1;
  }

  const Output outputs[] = {
      {"full size", 0, 0},
      {"1080p output (picture 1620x1080)", 1620, 1080},
      {"720p output (picture 1080x720)", 1080, 720},
      {"reference: TurboJPEG 1/2 (1440x960)", 1440, 960},
  };
  std::printf(
      "| decode | decoded size | 1 thread, median ms/frame | 1 thread, mean ms/frame | "
      "%d workers ahead, first lap, frames/s | %d workers ahead, steady, frames/s |\n",
      threads, threads);
  std::printf("|---|---|---|---|---|---|\n");
  for (const Output& output : outputs) {
    Figures figures;
    if (!time_single_thread(dir, count, output, figures)) return 1;
    time_decode_ahead(*dataset, count, threads, cache_frames, output, figures);
    std::printf("| %s | %dx%d | %.1f | %.1f | %.1f | %.1f |\n", output.name,
                figures.decoded_width_px, figures.decoded_height_px, figures.median_ms,
                figures.mean_ms, figures.first_lap_fps, figures.steady_fps);
    std::fflush(stdout);
  }
  return 0;
}
