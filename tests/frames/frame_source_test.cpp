// The frame source: files decoded at the size the output needs, refused with their name and the
// reason when they cannot be; frames decoded ahead by workers into a cache that stays within its
// budget and drops the least wanted frames first; and all of it safe from several threads.
#include "hitl/frames/frame_source.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "hitl/base/png.hpp"
#include "support/captured_log.hpp"
#include "support/mturk_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_images.hpp"

using hitl::decode_frame_file;
using hitl::FrameSource;
using hitl::FrameSourceOptions;
using hitl::JpegScales;
using hitl::test::TempDir;

namespace {

using namespace std::chrono_literals;

// Small frames keep the cache tests fast: 64x48 RGBA is 12288 bytes decoded.
constexpr int kSmallWidthPx = 64, kSmallHeightPx = 48;
constexpr std::size_t kSmallFrameBytes = std::size_t{kSmallWidthPx} * kSmallHeightPx * 4;

std::string frame_name(int number) {
  char name[32];
  std::snprintf(name, sizeof name, "mouse_%04d.jpeg", number);
  return name;
}

// A dataset of frames 1..count, each a small JPEG of its own grey level, in `dir`; frame
// `png_frame`, if any, a PNG (mouse_NNNN.png) instead.
hitl::Dataset make_dataset(const TempDir& dir, int count, int width_px = kSmallWidthPx,
                           int height_px = kSmallHeightPx, int png_frame = 0) {
  hitl::DatasetParts parts;
  parts.frames_dir = dir.path().string();
  for (int number = 1; number <= count; ++number) {
    std::string name = frame_name(number);
    if (number == png_frame) {
      name = name.substr(0, name.rfind('.')) + ".png";
      dir.write(name, hitl::test::make_png(width_px, height_px, 0x336699ffu));
    } else {
      dir.write(name,
                hitl::test::make_jpeg(width_px, height_px, static_cast<std::uint8_t>(number * 7)));
    }
    parts.frames.push_back({number, name, width_px, height_px});
  }
  auto dataset = hitl::Dataset::create(std::move(parts), "test");
  if (!dataset) throw std::runtime_error(dataset.error().to_string());
  return std::move(dataset).value();
}

// Waits (polling, up to 10 s) until `done` holds; false if it never did.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Lets the workers run a little: long enough for several more 64x48 decodes, were they to start.
void let_workers_settle() {
  std::this_thread::sleep_for(50ms);
}

// An image of 2x2 flat blocks of 32x32 px: red, green / blue, a warm grey.
constexpr int kBlockPx = 32;
const std::uint8_t kBlockColours[4][3] = {
    {220, 30, 40}, {30, 200, 60}, {40, 50, 210}, {180, 160, 120}};

std::vector<std::uint8_t> four_blocks_rgb() {
  std::vector<std::uint8_t> rgb(std::size_t(kBlockPx) * 2 * kBlockPx * 2 * 3);
  for (int y = 0; y < 2 * kBlockPx; ++y) {
    for (int x = 0; x < 2 * kBlockPx; ++x) {
      const auto* colour = kBlockColours[(y / kBlockPx) * 2 + x / kBlockPx];
      std::copy(colour, colour + 3, rgb.begin() + (std::ptrdiff_t(y) * 2 * kBlockPx + x) * 3);
    }
  }
  return rgb;
}

}  // namespace

TEST_CASE("A JPEG is decoded at the smallest TurboJPEG scale that still covers the wanted size",
          "[frames]") {
  // Encoded once for all the cases below: a full-size frame takes a while to encode.
  static const std::string source_jpeg = hitl::test::make_jpeg(2880, 1920);
  TempDir dir;
  const auto path = dir.write("mouse_0001.jpeg", source_jpeg).string();
  struct Case {
    int wanted_width_px, wanted_height_px, expected_width_px, expected_height_px;
  };
  // TurboJPEG scales by N/8: 3/8 of 2880x1920 is 1080x720, 5/8 is 1800x1200.
  const auto c = GENERATE(Case{960, 640, 1080, 720},     // 3/8; 1/4 (720x480) is too small
                          Case{720, 480, 720, 480},      // exactly 1/4
                          Case{1620, 1080, 1800, 1200},  // a 1080p output's picture: 5/8
                          Case{1440, 960, 1440, 960},    // exactly 1/2
                          Case{1, 1, 360, 240},          // never below 1/8
                          Case{0, 0, 2880, 1920},        // 0: the full size
                          Case{2881, 1920, 2880, 1920},  // never larger than the source
                          Case{5760, 3840, 2880, 1920});
  CAPTURE(c.wanted_width_px, c.wanted_height_px);
  const auto frame = decode_frame_file(path, c.wanted_width_px, c.wanted_height_px);
  REQUIRE(frame.ok());
  CHECK(frame->width_px == c.expected_width_px);
  CHECK(frame->height_px == c.expected_height_px);
  CHECK(frame->source_width_px == 2880);
  CHECK(frame->source_height_px == 1920);
  CHECK(frame->rgba.size() == std::size_t(c.expected_width_px) * c.expected_height_px * 4);
}

TEST_CASE("With the fastest scales a JPEG is decoded whole or at 1/2, 1/4 or 1/8", "[frames]") {
  static const std::string source_jpeg = hitl::test::make_jpeg(2880, 1920);
  TempDir dir;
  const auto path = dir.write("mouse_0001.jpeg", source_jpeg).string();
  struct Case {
    int wanted_width_px, wanted_height_px, expected_width_px, expected_height_px;
  };
  // Of 2880x1920, 1/2 is 1440x960, 1/4 720x480, 1/8 360x240; 3/4 (2160x1440) or 5/8 (1800x1200)
  // would be smaller than the full size but slower to decode than it.
  const auto c = GENERATE(Case{1620, 1080, 2880, 1920},  // a 1080p output's picture: whole
                          Case{1920, 1280, 2880, 1920},  // 1920x1280: whole
                          Case{1440, 960, 1440, 960},    // exactly 1/2
                          Case{1441, 960, 2880, 1920},   // one pixel over 1/2: whole
                          Case{960, 640, 1440, 960},     // 1/2; 1/4 is too small
                          Case{720, 480, 720, 480},      // exactly 1/4
                          Case{1, 1, 360, 240});         // never below 1/8
  CAPTURE(c.wanted_width_px, c.wanted_height_px);
  const auto frame =
      decode_frame_file(path, c.wanted_width_px, c.wanted_height_px, JpegScales::fastest);
  REQUIRE(frame.ok());
  CHECK(frame->width_px == c.expected_width_px);
  CHECK(frame->height_px == c.expected_height_px);
}

TEST_CASE("Decoded JPEG pixels have the source's colours within JPEG's error", "[frames]") {
  TempDir dir;
  const auto path = dir.write("blocks.jpeg", hitl::test::make_jpeg_rgb(
                                                 four_blocks_rgb(), 2 * kBlockPx, 2 * kBlockPx, 90))
                        .string();
  // At quality 90 a flat 8x8 block keeps its DC term almost exactly; what is left is the rounding
  // of RGB -> YCbCr -> RGB and the quantised chroma: a few levels. 8 leaves room for decoder
  // versions and still tells every block colour apart. Pixels near block edges are skipped: 4:2:0
  // chroma and the scaled IDCT blur those on purpose.
  constexpr int kTolerance = 8;
  const int scale = GENERATE(1, 2);  // full size, and TurboJPEG's 1/2
  CAPTURE(scale);
  const int size_px = 2 * kBlockPx / scale;
  const auto frame = decode_frame_file(path, size_px, size_px);
  REQUIRE(frame.ok());
  REQUIRE(frame->width_px == size_px);
  for (int block = 0; block < 4; ++block) {
    const int block_px = kBlockPx / scale;
    const int margin_px = 8 / scale;
    for (int y = margin_px; y < block_px - margin_px; ++y) {
      for (int x = margin_px; x < block_px - margin_px; ++x) {
        const int px = (block % 2) * block_px + x, py = (block / 2) * block_px + y;
        const std::uint8_t* pixel = frame->rgba.data() + (std::size_t(py) * size_px + px) * 4;
        for (int channel = 0; channel < 3; ++channel) {
          CAPTURE(block, x, y, channel);
          REQUIRE(std::abs(int(pixel[channel]) - int(kBlockColours[block][channel])) <= kTolerance);
        }
        REQUIRE(pixel[3] == 255);
      }
    }
  }
}

TEST_CASE("A PNG is decoded exactly and at full size, whatever size is wanted", "[frames]") {
  constexpr int kWidthPx = 37, kHeightPx = 23;
  std::vector<std::uint8_t> rgba(std::size_t(kWidthPx) * kHeightPx * 4);
  std::mt19937 random(7);
  for (auto& byte : rgba) byte = static_cast<std::uint8_t>(random());
  const auto png = hitl::encode_png_rgba(rgba.data(), kWidthPx, kHeightPx, kWidthPx * 4);
  REQUIRE(png.ok());
  TempDir dir;
  // Named .jpeg on purpose: the bytes decide.
  const auto path = dir.write("mouse_0001.jpeg", *png).string();
  const auto frame = decode_frame_file(path, 4, 4);
  REQUIRE(frame.ok());
  CHECK(frame->width_px == kWidthPx);
  CHECK(frame->height_px == kHeightPx);
  CHECK(frame->source_width_px == kWidthPx);
  CHECK(frame->rgba == rgba);
}

TEST_CASE("Files that cannot be decoded are refused with their name and the reason", "[frames]") {
  TempDir dir;
  const std::string jpeg = hitl::test::make_jpeg(64, 48);
  std::string jpeg_too_wide = jpeg;
  {
    // Patch the frame header (SOF0: ff c0, length, precision, height, width) to 20000 px wide.
    const auto sof = jpeg_too_wide.find("\xff\xc0");
    REQUIRE(sof != std::string::npos);
    jpeg_too_wide[sof + 7] = static_cast<char>(20000 >> 8);
    jpeg_too_wide[sof + 8] = static_cast<char>(20000 & 0xff);
  }
  std::string random_bytes(4096, '\0');
  std::mt19937 random(1);
  for (auto& byte : random_bytes) byte = static_cast<char>(random());
  random_bytes[0] = 0x42;  // not a JPEG or PNG start, whatever the generator gives
  const std::string png = hitl::test::make_png(64, 48, 0x336699ffu);

  struct Case {
    const char* name;
    std::string bytes;
    const char* reason;
  };
  const auto c = GENERATE_COPY(
      Case{"empty.jpeg", "", "is empty"},
      Case{"random.jpeg", random_bytes, "not a JPEG or PNG file"},
      Case{"header_cut.jpeg", jpeg.substr(0, 40), "truncated JPEG header"},
      Case{"garbage_after_soi.jpeg", std::string("\xff\xd8\xff", 3) + random_bytes, "JPEG"},
      Case{"too_wide.jpeg", jpeg_too_wide, "image is 20000x48, larger than the 16384 px"},
      Case{"huge_ihdr.png", hitl::test::png_header_only(100000, 100000),
           "image is 100000x100000, larger than the 16384 px"},
      Case{"many_pixels.png", hitl::test::png_header_only(16000, 16000),
           "more than the 134217728 pixels"},
      Case{"data_cut.png", png.substr(0, png.size() - 20), "PNG"},
      Case{"no_image_data.png", hitl::test::png_header_only(64, 48), "PNG"});
  CAPTURE(c.name);
  const auto path = dir.write(c.name, c.bytes).string();
  const auto frame = decode_frame_file(path, 0, 0);
  REQUIRE_FALSE(frame.ok());
  CHECK(frame.error().file == path);
  CHECK_THAT(frame.error().message, Catch::Contains(c.reason));
}

TEST_CASE("A missing file and a folder are refused with their name", "[frames]") {
  TempDir dir;
  const auto missing = decode_frame_file(dir / "mouse_0404.jpeg", 0, 0);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().file == dir / "mouse_0404.jpeg");
  CHECK_THAT(missing.error().message, Catch::StartsWith("cannot open: "));

  const auto folder = decode_frame_file(dir.path().string(), 0, 0);
  REQUIRE_FALSE(folder.ok());
  CHECK_THAT(folder.error().message, Catch::Contains("is a folder"));
}

TEST_CASE("A JPEG cut short in its image data decodes with a warning, the missing rows grey",
          "[frames]") {
  hitl::test::CapturedLog log;
  std::vector<std::uint8_t> red(std::size_t(256) * 256 * 3);
  for (std::size_t i = 0; i < red.size(); i += 3) red[i] = 230;
  const std::string jpeg = hitl::test::make_jpeg_rgb(red, 256, 256);
  TempDir dir;
  const auto path = dir.write("cut.jpeg", jpeg.substr(0, jpeg.size() / 2)).string();
  const auto frame = decode_frame_file(path, 0, 0);
  REQUIRE(frame.ok());
  CHECK(log.count_containing("JPEG decoded with a warning") == 1);
  CHECK(log.count_containing(path) == 1);
  const auto pixel = [&](int x, int y) {
    return frame->rgba.data() + (std::size_t(y) * 256 + x) * 4;
  };
  CHECK(pixel(10, 10)[0] > 200);  // the top decoded: red
  CHECK(pixel(10, 10)[1] < 40);
  // The bottom row had no data: TurboJPEG fills it with mid grey.
  CHECK(std::abs(int(pixel(10, 255)[0]) - 128) <= 2);
  CHECK(std::abs(int(pixel(10, 255)[1]) - 128) <= 2);
}

TEST_CASE(
    "A frame that decodes with a warning is shown, and the warning logged once, however "
    "often it is decoded again",
    "[frames]") {
  hitl::test::CapturedLog log;
  TempDir dir;
  const auto dataset = make_dataset(dir, 2);
  // Noise, so that most of the file is image data and a cut lands in it, not in the tables.
  std::vector<std::uint8_t> rgb(kSmallFrameBytes / 4 * 3);
  std::mt19937 random(5);
  for (auto& byte : rgb) byte = static_cast<std::uint8_t>(random());
  const std::string jpeg = hitl::test::make_jpeg_rgb(rgb, kSmallWidthPx, kSmallHeightPx);
  const auto cut = dir.write(frame_name(1), jpeg.substr(0, jpeg.size() * 3 / 4)).string();
  FrameSourceOptions options;
  options.max_cache_bytes = kSmallFrameBytes;  // one frame: each get() below decodes again
  FrameSource source(dataset, options);
  for (int lap = 0; lap < 3; ++lap) {
    REQUIRE(source.get(1).ok());
    REQUIRE(source.get(2).ok());
  }
  CHECK(source.stats().decoded == 6);
  CHECK(source.stats().failed == 0);
  CHECK(log.count_containing(cut) == 1);
}

TEST_CASE("A JPEG cut at any point is decoded or refused, never crashes", "[frames]") {
  hitl::test::CapturedLog log;
  std::vector<std::uint8_t> rgb(std::size_t(48) * 32 * 3);
  std::mt19937 random(3);
  for (auto& byte : rgb) byte = static_cast<std::uint8_t>(random());
  const std::string jpeg = hitl::test::make_jpeg_rgb(rgb, 48, 32);
  TempDir dir;
  int decoded = 0, refused = 0;
  for (std::size_t size = 0; size < jpeg.size(); size += 5) {
    const auto path = dir.write("cut.jpeg", jpeg.substr(0, size)).string();
    const auto frame = decode_frame_file(path, 0, 0);
    if (frame.ok()) {
      ++decoded;
      CHECK(frame->rgba.size() == std::size_t(48) * 32 * 4);
    } else {
      ++refused;
      CHECK(frame.error().file == path);
      CHECK_FALSE(frame.error().message.empty());
    }
  }
  CHECK(decoded > 0);
  CHECK(refused > 0);
}

TEST_CASE("Prefetched frames are decoded ahead, at the wanted size, and try_get finds them",
          "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 6, 128, 96);
  FrameSourceOptions options;
  options.wanted_width_px = 64;  // 1/2 of 128x96
  options.wanted_height_px = 48;
  FrameSource source(dataset, options);
  const std::vector<int> wanted = {3, 4, 5};
  source.prefetch(wanted);
  REQUIRE(eventually([&] { return source.stats().decoded == 3; }));
  for (const int number : wanted) {
    const auto frame = source.try_get(number);
    REQUIRE(frame != nullptr);
    CHECK(frame->frame_number == number);
    CHECK(frame->width_px == 64);
    CHECK(frame->height_px == 48);
    CHECK(frame->source_width_px == 128);
  }
  const auto stats = source.stats();
  CHECK(stats.hits == 3);
  CHECK(stats.misses == 0);
  CHECK(stats.cached_frames == 3);
  CHECK(stats.cached_bytes == 3 * kSmallFrameBytes);
  CHECK(stats.decode_seconds > 0);
}

TEST_CASE("try_get on a frame not decoded yet returns nullptr at once and has it decoded next",
          "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 4);
  FrameSource source(dataset, {});
  CHECK(source.try_get(2) == nullptr);
  CHECK(source.stats().misses == 1);
  REQUIRE(eventually([&] { return source.try_get(2) != nullptr; }));
  let_workers_settle();
  CHECK(source.stats().decoded == 1);  // only the frame asked for
}

TEST_CASE("try_get on a frame the dataset lacks, or has no file for, returns nullptr", "[frames]") {
  TempDir dir;
  auto parts = hitl::DatasetParts{};
  parts.frames_dir = dir.path().string();
  parts.frames = {{1, "", 64, 48}};
  const auto dataset = hitl::Dataset::create(std::move(parts), "test");
  REQUIRE(dataset.ok());
  FrameSource source(*dataset, {});
  CHECK(source.try_get(1) == nullptr);
  CHECK(source.try_get(99) == nullptr);
  let_workers_settle();
  CHECK(source.stats().decoded == 0);
  CHECK(source.stats().failed == 0);
}

TEST_CASE("get on a frame the dataset lacks, or has no file for, says so", "[frames]") {
  TempDir dir;
  auto parts = hitl::DatasetParts{};
  parts.frames_dir = dir.path().string();
  parts.frames = {{1, "", 64, 48}, {2, "mouse_0002.jpeg", 64, 48}};
  dir.write("mouse_0002.jpeg", hitl::test::make_jpeg(64, 48));
  const auto dataset = hitl::Dataset::create(std::move(parts), "test");
  REQUIRE(dataset.ok());
  FrameSource source(*dataset, {});
  const auto no_file = source.get(1);
  REQUIRE_FALSE(no_file.ok());
  CHECK(no_file.error().message == "frame 1 has no file: it was not found in the frames folder");
  const auto unknown = source.get(99);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message == "frame 99 is not in the dataset (it has frames 1 to 2)");
  CHECK(source.get(2).ok());
}

TEST_CASE("get decodes on the calling thread a frame no worker has, and caches it", "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 3);
  FrameSource source(dataset, {});
  const auto frame = source.get(2);
  REQUIRE(frame.ok());
  CHECK((*frame)->frame_number == 2);
  CHECK((*frame)->rgba[0] == (*source.get(2))->rgba[0]);
  const auto stats = source.stats();
  CHECK(stats.decoded == 1);
  CHECK(stats.misses == 1);
  CHECK(stats.hits == 1);
  CHECK(source.try_get(2) == *frame);  // the same decoded frame, shared
}

TEST_CASE("The cache stays within max_cache_bytes when more is wished for than fits", "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 20);
  FrameSourceOptions options;
  options.max_cache_bytes = 5 * kSmallFrameBytes + kSmallFrameBytes / 2;
  FrameSource source(dataset, options);
  std::vector<int> all(20);
  for (int i = 0; i < 20; ++i) all[std::size_t(i)] = i + 1;
  source.prefetch(all);
  REQUIRE(eventually([&] { return source.stats().decoded >= 5; }));
  let_workers_settle();
  auto stats = source.stats();
  CHECK(stats.decoded == 5);  // the workers stop where the list's prefix fills the cache
  CHECK(stats.evicted == 0);
  CHECK(stats.cached_frames == 5);
  CHECK(stats.cached_bytes <= options.max_cache_bytes);
  for (int number = 1; number <= 5; ++number) CHECK(source.try_get(number) != nullptr);

  // Walking the playhead along the list keeps the cache full and within budget.
  for (int start = 1; start <= 15; ++start) {
    source.prefetch(std::span(all).subspan(std::size_t(start)));
    REQUIRE(eventually([&] { return source.try_get(start + 1) != nullptr; }));
    stats = source.stats();
    REQUIRE(stats.cached_bytes <= options.max_cache_bytes);
    REQUIRE(stats.cached_frames <= 5);
  }
}

TEST_CASE(
    "Frames not on the wish list are evicted first, least recently used first, never the "
    "one on screen",
    "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 5);
  FrameSourceOptions options;
  options.threads = 1;
  options.max_cache_bytes = 3 * kSmallFrameBytes;
  FrameSource source(dataset, options);
  source.prefetch(std::vector{1, 2, 3});
  REQUIRE(eventually([&] { return source.stats().decoded == 3; }));
  REQUIRE(source.try_get(1) != nullptr);  // frame 1 is on screen, and the most recently used
  source.prefetch(std::vector{4, 5});
  REQUIRE(eventually([&] { return source.stats().decoded == 5; }));
  let_workers_settle();
  CHECK(source.stats().evicted == 2);
  CHECK(source.try_get(1) != nullptr);
  CHECK(source.try_get(4) != nullptr);
  CHECK(source.try_get(5) != nullptr);
  CHECK(source.try_get(2) == nullptr);
  CHECK(source.try_get(3) == nullptr);
}

TEST_CASE("get of a listed frame lets the workers decode past the frames listed before it",
          "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 10);
  FrameSourceOptions options;
  options.threads = 1;
  options.max_cache_bytes = 3 * kSmallFrameBytes;
  FrameSource source(dataset, options);
  std::vector<int> all(10);
  for (int i = 0; i < 10; ++i) all[std::size_t(i)] = i + 1;
  source.prefetch(all);  // once, as an export refreshes it only every few frames
  REQUIRE(eventually([&] { return source.stats().decoded == 3; }));
  let_workers_settle();
  CHECK(source.stats().decoded == 3);  // 1, 2, 3 fill the cache
  // The playhead walks the list: each get() finds its frame decoded ahead, none on this thread.
  for (int number = 1; number <= 8; ++number) {
    REQUIRE(eventually([&] { return source.stats().decoded >= std::uint64_t(number + 1); }));
    const auto frame = source.get(number);
    REQUIRE(frame.ok());
    CHECK((*frame)->frame_number == number);
    const auto stats = source.stats();
    CHECK(stats.misses == 0);
    CHECK(stats.cached_bytes <= options.max_cache_bytes);
  }
}

TEST_CASE("max_cache_frames holds that many frames of the scaled size, and a worker stays ahead",
          "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 10, 128, 96);  // decoded at 1/2: 64x48
  FrameSourceOptions options;
  options.threads = 1;
  options.wanted_width_px = 64;
  options.wanted_height_px = 48;
  options.max_cache_frames = 2;  // 2 frames of 64x48, where max_cache_bytes holds hundreds
  FrameSource source(dataset, options);
  std::vector<int> all(10);
  for (int i = 0; i < 10; ++i) all[std::size_t(i)] = i + 1;
  source.prefetch(all);
  REQUIRE(eventually([&] { return source.stats().decoded == 2; }));
  let_workers_settle();
  auto stats = source.stats();
  CHECK(stats.decoded == 2);
  CHECK(stats.cached_frames == 2);
  CHECK(stats.cached_bytes == 2 * kSmallFrameBytes);
  // Each get() finds its frame decoded by the worker while the one before was on screen: after
  // get(n) the cache holds n and n + 1, and n + 2 waits for get(n + 1).
  for (int number = 1; number <= 10; ++number) {
    REQUIRE(eventually([&] { return source.stats().decoded >= std::uint64_t(number); }));
    const auto frame = source.get(number);
    REQUIRE(frame.ok());
    CHECK((*frame)->width_px == 64);
    stats = source.stats();
    CHECK(stats.misses == 0);
    CHECK(stats.cached_bytes <= 2 * kSmallFrameBytes);
  }
}

TEST_CASE("max_cache_frames counts a PNG among JPEGs at its whole size, and decodes it once",
          "[frames]") {
  TempDir dir;
  // JPEGs decode at 1/2 (64x48); the PNG, frame 3, whole (128x96, four times the bytes).
  const auto dataset = make_dataset(dir, 6, 128, 96, 3);
  FrameSourceOptions options;
  options.threads = 1;
  options.wanted_width_px = 64;
  options.wanted_height_px = 48;
  options.max_cache_frames = 2;  // of the largest: the PNG's 128x96
  FrameSource source(dataset, options);
  source.prefetch(std::vector<int>{1, 2, 3, 4, 5, 6});
  for (int number = 1; number <= 6; ++number) {
    REQUIRE(eventually([&] { return source.stats().decoded >= std::uint64_t(number); }));
    const auto frame = source.get(number);
    REQUIRE(frame.ok());
    CHECK((*frame)->width_px == (number == 3 ? 128 : 64));
  }
  // Decoded ahead and kept until asked for: each frame once, none again by get().
  CHECK(source.stats().decoded == 6);
  CHECK(source.stats().misses == 0);
}

TEST_CASE("max_cache_frames never raises the cache above max_cache_bytes", "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 6);
  FrameSourceOptions options;
  options.max_cache_bytes = kSmallFrameBytes;  // one frame
  options.max_cache_frames = 4;
  FrameSource source(dataset, options);
  source.prefetch(std::vector<int>{1, 2, 3, 4, 5, 6});
  REQUIRE(eventually([&] { return source.stats().decoded >= 1; }));
  let_workers_settle();
  CHECK(source.stats().decoded == 1);
  CHECK(source.stats().cached_frames == 1);
}

TEST_CASE("Among wished-for frames, those furthest down the list are evicted first", "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 4);
  FrameSourceOptions options;
  options.threads = 1;
  options.max_cache_bytes = 3 * kSmallFrameBytes;
  FrameSource source(dataset, options);
  source.prefetch(std::vector{1, 2, 3});
  REQUIRE(eventually([&] { return source.stats().decoded == 3; }));
  CHECK(source.try_get(4) == nullptr);  // now first: 4, 1, 2, 3
  REQUIRE(eventually([&] { return source.stats().decoded == 4; }));
  let_workers_settle();
  const auto stats = source.stats();
  CHECK(stats.decoded == 4);  // 3 is not decoded again: 4, 1, 2 fill the cache
  CHECK(stats.evicted == 1);
  CHECK(source.try_get(4) != nullptr);
  CHECK(source.try_get(1) != nullptr);
  CHECK(source.try_get(2) != nullptr);
  CHECK(source.try_get(3) == nullptr);
}

TEST_CASE("A frame larger than the whole cache is returned by get but neither kept nor prefetched",
          "[frames]") {
  TempDir dir;
  const auto dataset = make_dataset(dir, 2);
  FrameSourceOptions options;
  options.max_cache_bytes = kSmallFrameBytes - 1;
  FrameSource source(dataset, options);
  const auto frame = source.get(1);
  REQUIRE(frame.ok());
  CHECK((*frame)->size_bytes() == kSmallFrameBytes);
  source.prefetch(std::vector{1, 2});
  let_workers_settle();
  const auto stats = source.stats();
  CHECK(stats.decoded == 1);
  CHECK(stats.cached_frames == 0);
  CHECK(stats.cached_bytes == 0);
  CHECK(source.try_get(1) == nullptr);
}

TEST_CASE("A frame that fails is reported by get every time, counted and logged once, not retried",
          "[frames]") {
  hitl::test::CapturedLog log;
  TempDir dir;
  const auto dataset = make_dataset(dir, 3);
  const auto broken = dir.write(frame_name(2), "not an image").string();
  FrameSource source(dataset, {});
  const auto first = source.get(2);
  REQUIRE_FALSE(first.ok());
  CHECK(first.error().file == broken);
  CHECK_THAT(first.error().message, Catch::Contains("not a JPEG or PNG file"));
  source.prefetch(std::vector{1, 2, 3});
  REQUIRE(eventually([&] { return source.stats().decoded == 2; }));
  let_workers_settle();
  CHECK(source.try_get(2) == nullptr);
  const auto again = source.get(2);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().to_string() == first.error().to_string());
  const auto stats = source.stats();
  CHECK(stats.failed == 1);
  CHECK(stats.decoded == 2);
  CHECK(log.count_containing(broken) == 1);
}

TEST_CASE("The destructor returns promptly, without decoding the rest of a long wish list",
          "[frames]") {
  // 400 frames sharing one full-size file: decoding them all would take seconds.
  TempDir dir;
  dir.write("mouse.jpeg", hitl::test::make_jpeg(2880, 1920));
  hitl::DatasetParts parts;
  parts.frames_dir = dir.path().string();
  for (int number = 1; number <= 400; ++number)
    parts.frames.push_back({number, "mouse.jpeg", 2880, 1920});
  const auto dataset = hitl::Dataset::create(std::move(parts), "test");
  REQUIRE(dataset.ok());
  std::vector<int> all(400);
  for (int i = 0; i < 400; ++i) all[std::size_t(i)] = i + 1;

  auto source =
      std::make_unique<FrameSource>(*dataset, FrameSourceOptions{0, 0, 2, std::size_t{1} << 40});
  source->prefetch(all);
  REQUIRE(eventually([&] { return source->stats().decoded >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  source.reset();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // At most the decodes already under way finish: one full-size frame per worker, ~30 ms each on
  // a loaded machine.
  CHECK(elapsed < 1s);
}

TEST_CASE("Several threads may call get, try_get and prefetch at once", "[frames]") {
  TempDir dir;
  constexpr int kFrames = 24;
  const auto dataset = make_dataset(dir, kFrames);
  FrameSourceOptions options;
  options.max_cache_bytes = 8 * kSmallFrameBytes;
  FrameSource source(dataset, options);

  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      for (int i = 0; i < 150; ++i) {
        const int number = 1 + int(random() % kFrames);
        switch (random() % 3) {
          case 0: {
            std::vector<int> window;
            for (int k = 0; k < 10; ++k) window.push_back(1 + (number + k) % kFrames);
            source.prefetch(window);
            break;
          }
          case 1:
            if (const auto frame = source.try_get(number); frame && frame->frame_number != number) {
              ++wrong;
            }
            break;
          default: {
            const auto frame = source.get(number);
            if (!frame.ok() || (*frame)->frame_number != number ||
                (*frame)->rgba[0] != (*frame)->rgba[4]) {
              ++wrong;
            }
          }
        }
        if (source.stats().cached_bytes > options.max_cache_bytes) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == 0);
  const auto stats = source.stats();
  CHECK(stats.failed == 0);
  CHECK(stats.cached_bytes <= options.max_cache_bytes);
  CHECK(stats.cached_frames * kSmallFrameBytes == stats.cached_bytes);
}
