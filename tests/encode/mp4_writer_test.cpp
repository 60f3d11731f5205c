// The MP4 writer: real encodes checked from the outside with ffprobe and ffmpeg (the tools a user
// or a player would trust), the temporary file's life, and the options it refuses.
#include "hitl/encode/mp4_writer.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"

using hitl::Mp4Options;
using hitl::Mp4Writer;
using hitl::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Rgb {
  int r, g, b;
};

// stdout of a shell command; throws when it cannot be started or fails.
std::string run_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  std::string output;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
  return output;
}

nlohmann::json probe(const std::string& path) {
  return nlohmann::json::parse(run_command(
      "ffprobe -v error -show_streams -show_format -count_frames -of json '" + path + "'"));
}

std::vector<std::uint8_t> flat_rgba(int width_px, int height_px, Rgb colour) {
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width_px) * height_px * 4);
  for (std::size_t i = 0; i < rgba.size(); i += 4) {
    rgba[i] = static_cast<std::uint8_t>(colour.r);
    rgba[i + 1] = static_cast<std::uint8_t>(colour.g);
    rgba[i + 2] = static_cast<std::uint8_t>(colour.b);
    rgba[i + 3] = 255;
  }
  return rgba;
}

Mp4Options small_options(const TempDir& dir) {
  Mp4Options options;
  options.path = dir / "out.mp4";
  options.width_px = 320;
  options.height_px = 180;
  options.fps = 30;
  options.preset = "ultrafast";
  return options;
}

std::unique_ptr<Mp4Writer> open_writer(const Mp4Options& options) {
  auto writer = Mp4Writer::open(options);
  if (!writer) FAIL(writer.error().to_string());
  return std::move(writer).value();
}

void write_flat_frames(Mp4Writer& writer, const Mp4Options& options, int count, Rgb colour) {
  for (int i = 0; i < count; ++i) {
    auto written = writer.write_rgba(flat_rgba(options.width_px, options.height_px, colour));
    if (!written) FAIL(written.error().to_string());
  }
}

std::vector<fs::path> files_in(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) files.push_back(entry.path());
  return files;
}

// Decoded YUV of pixel (x, y) of every frame, turned back into RGB with the BT.709 limited-range
// equations written out here (not by the library under test).
std::vector<Rgb> decode_pixels_at(const std::string& path, int width_px, int height_px, int x,
                                  int y) {
  const std::string yuv =
      run_command("ffmpeg -v error -i '" + path + "' -f rawvideo -pix_fmt yuv420p -");
  const std::size_t luma_bytes = static_cast<std::size_t>(width_px) * height_px;
  const std::size_t frame_bytes = luma_bytes * 3 / 2;
  std::vector<Rgb> pixels;
  for (std::size_t frame = 0; frame + frame_bytes <= yuv.size(); frame += frame_bytes) {
    auto at = [&](std::size_t offset) {
      return static_cast<double>(static_cast<std::uint8_t>(yuv[frame + offset]));
    };
    const double luma = at(static_cast<std::size_t>(y) * width_px + x) - 16;
    const std::size_t chroma = static_cast<std::size_t>(y / 2) * (width_px / 2) + x / 2;
    const double cb = at(luma_bytes + chroma) - 128;
    const double cr = at(luma_bytes + luma_bytes / 4 + chroma) - 128;
    auto level = [](double v) { return static_cast<int>(std::lround(v)); };
    pixels.push_back({level(1.164384 * luma + 1.792741 * cr),
                      level(1.164384 * luma - 0.213249 * cb - 0.532909 * cr),
                      level(1.164384 * luma + 2.112402 * cb)});
  }
  return pixels;
}

std::vector<Rgb> decode_centre_pixels(const std::string& path, int width_px, int height_px) {
  return decode_pixels_at(path, width_px, height_px, width_px / 2, height_px / 2);
}

}  // namespace

TEST_CASE("A finished MP4 is H.264 in yuv420p, tagged BT.709 limited range, with every frame",
          "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  auto writer = open_writer(options);
  write_flat_frames(*writer, options, 12, {200, 40, 40});
  auto finished = writer->finish();
  if (!finished) FAIL(finished.error().to_string());
  CHECK(writer->frames_encoded() == 12);

  const auto info = probe(options.path);
  REQUIRE(info["streams"].size() == 1);
  const auto& video = info["streams"][0];
  CHECK(video["codec_name"] == "h264");
  CHECK(video["pix_fmt"] == "yuv420p");
  CHECK(video["width"] == 320);
  CHECK(video["height"] == 180);
  CHECK(video["color_space"] == "bt709");
  CHECK(video["color_transfer"] == "bt709");
  CHECK(video["color_primaries"] == "bt709");
  CHECK(video["color_range"] == "tv");
  CHECK(video["r_frame_rate"] == "30/1");
  CHECK(video["nb_read_frames"] == "12");
  CHECK(std::stod(info["format"]["duration"].get<std::string>()) == Approx(0.4).margin(0.001));
}

TEST_CASE("The container repeats the colour tags and puts its index first", "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  auto writer = open_writer(options);
  write_flat_frames(*writer, options, 2, {200, 40, 40});
  REQUIRE(writer->finish());
  std::string bytes(fs::file_size(options.path), '\0');
  std::ifstream(options.path, std::ios::binary).read(bytes.data(), std::ssize(bytes));

  // ffprobe reports the H.264 stream's own tags; players that read only the container look at
  // the 'colr' box (ISO/IEC 14496-12): "nclx", primaries 1, transfer 1, matrix 1 (BT.709), then
  // a byte whose top bit is the full-range flag.
  const std::size_t colr = bytes.find("colrnclx");
  REQUIRE(colr != std::string::npos);
  CHECK(bytes.substr(colr + 8, 6) == std::string("\0\1\0\1\0\1", 6));
  CHECK((static_cast<std::uint8_t>(bytes.at(colr + 14)) & 0x80) == 0);
  // faststart: the index ('moov') before the media ('mdat'), so playback starts while downloading.
  CHECK(bytes.find("moov") < bytes.find("mdat"));
}

TEST_CASE("Flat colours come back through the MP4 within 6 levels", "[encode]") {
  // Why 6: 8-bit limited range quantises Y in steps of 1.16 RGB levels and Cb/Cr in steps of up
  // to 2.1, and x264 at crf 18 moves a flat picture by a level or two. Converting with the
  // wrong matrix (BT.601) moves a channel of each saturated colour here by 7 to 20 levels, and
  // writing full range tagged as limited by 11 to 14, so the test still catches both. Grey
  // checks that neutral stays neutral.
  const std::vector<Rgb> colours = {{200, 40, 40}, {30, 180, 90}, {128, 128, 128}, {20, 60, 220}};
  TempDir dir;
  Mp4Options options = small_options(dir);
  auto writer = open_writer(options);
  for (Rgb colour : colours) write_flat_frames(*writer, options, 1, colour);
  auto finished = writer->finish();
  if (!finished) FAIL(finished.error().to_string());

  const auto decoded = decode_centre_pixels(options.path, options.width_px, options.height_px);
  REQUIRE(decoded.size() == colours.size());
  for (std::size_t i = 0; i < colours.size(); ++i) {
    INFO("frame " << i << ": wrote " << colours[i].r << "," << colours[i].g << "," << colours[i].b
                  << ", read " << decoded[i].r << "," << decoded[i].g << "," << decoded[i].b);
    CHECK(std::abs(decoded[i].r - colours[i].r) <= 6);
    CHECK(std::abs(decoded[i].g - colours[i].g) <= 6);
    CHECK(std::abs(decoded[i].b - colours[i].b) <= 6);
  }
}

TEST_CASE("Until finish the output path is empty, and after it the temporary file is gone",
          "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  auto writer = open_writer(options);
  const fs::path temporary = writer->temporary_path();
  CHECK(temporary.parent_path() == fs::path(options.path).parent_path());
  write_flat_frames(*writer, options, 3, {10, 20, 30});
  CHECK_FALSE(fs::exists(options.path));
  CHECK(fs::exists(temporary));

  REQUIRE(writer->finish());
  CHECK(files_in(dir.path()) == std::vector<fs::path>{fs::path(options.path)});
  CHECK_FALSE(writer->finish());
  CHECK_FALSE(writer->write_rgba(flat_rgba(options.width_px, options.height_px, {0, 0, 0})));
}

TEST_CASE("A finish that cannot rename into place reports why and removes the temporary file",
          "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  dir.write("out.mp4/in-the-way", "a folder where the output should go");
  auto writer = open_writer(options);
  write_flat_frames(*writer, options, 2, {10, 20, 30});
  auto finished = writer->finish();
  REQUIRE_FALSE(finished);
  CHECK_THAT(finished.error().message, Catch::Contains("cannot rename"));
  CHECK_FALSE(fs::exists(writer->temporary_path()));
  CHECK(fs::is_directory(options.path));
}

TEST_CASE("An abandoned writer leaves nothing at the path nor the temporary file", "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  auto writer = open_writer(options);
  write_flat_frames(*writer, options, 5, {10, 20, 30});
  writer->abandon();
  CHECK(files_in(dir.path()).empty());
  CHECK_FALSE(writer->finish());
  CHECK_FALSE(writer->write_rgba(flat_rgba(options.width_px, options.height_px, {0, 0, 0})));
}

TEST_CASE("Destroying an unfinished writer leaves nothing behind", "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  options.max_queued_frames = 1;
  {
    auto writer = open_writer(options);
    write_flat_frames(*writer, options, 5, {10, 20, 30});
  }
  CHECK(files_in(dir.path()).empty());
}

TEST_CASE("Rows stored bottom first, given with a negative stride, come out top first",
          "[encode]") {
  TempDir dir;
  const Mp4Options options = small_options(dir);
  const std::size_t row_bytes = static_cast<std::size_t>(options.width_px) * 4;
  // As OpenGL reads a frame whose top half is red and bottom half blue: blue rows first.
  std::vector<std::uint8_t> bottom_first =
      flat_rgba(options.width_px, options.height_px / 2, {40, 40, 200});
  const std::vector<std::uint8_t> red =
      flat_rgba(options.width_px, options.height_px / 2, {200, 40, 40});
  bottom_first.insert(bottom_first.end(), red.begin(), red.end());
  auto writer = open_writer(options);
  for (int i = 0; i < 3; ++i) {
    const std::uint8_t* top_row =
        bottom_first.data() + (static_cast<std::size_t>(options.height_px) - 1) * row_bytes;
    REQUIRE(writer->write_rgba_rows(top_row, -static_cast<std::ptrdiff_t>(row_bytes)).ok());
  }
  REQUIRE(writer->finish().ok());
  const auto top = decode_pixels_at(options.path, options.width_px, options.height_px,
                                    options.width_px / 2, options.height_px / 4);
  const auto bottom = decode_pixels_at(options.path, options.width_px, options.height_px,
                                       options.width_px / 2, options.height_px * 3 / 4);
  REQUIRE(top.size() == 3);
  REQUIRE(bottom.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(std::abs(top[i].r - 200) <= 6);
    CHECK(std::abs(top[i].b - 40) <= 6);
    CHECK(std::abs(bottom[i].b - 200) <= 6);
    CHECK(std::abs(bottom[i].r - 40) <= 6);
  }
}

TEST_CASE("A frame of the wrong size is refused and the writer goes on", "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  auto writer = open_writer(options);
  auto refused = writer->write_rgba(std::vector<std::uint8_t>(std::size_t{320} * 180 * 3));
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("expected 230400"));
  write_flat_frames(*writer, options, 2, {10, 20, 30});
  REQUIRE(writer->finish());
  CHECK(probe(options.path)["streams"][0]["nb_read_frames"] == "2");
}

TEST_CASE("Bad options are refused with the option and the reason", "[encode]") {
  TempDir dir;
  struct Case {
    const char* field;
    void (*change)(Mp4Options&);
    const char* reason;
  };
  const std::vector<Case> cases = {
      {"width_px", [](Mp4Options& o) { o.width_px = 321; }, "even number of at least 16"},
      {"height_px", [](Mp4Options& o) { o.height_px = 14; }, "even number of at least 16"},
      {"fps", [](Mp4Options& o) { o.fps = 0; }, "expected 1..240"},
      {"fps", [](Mp4Options& o) { o.fps = 241; }, "expected 1..240"},
      {"crf", [](Mp4Options& o) { o.crf = 52; }, "expected 1..51"},
      {"crf", [](Mp4Options& o) { o.crf = 0; }, "lossless"},
      {"preset", [](Mp4Options& o) { o.preset = "fastest"; }, "ultrafast, superfast"},
      {"max_queued_frames", [](Mp4Options& o) { o.max_queued_frames = 0; }, "1 or more"},
  };
  for (const Case& bad : cases) {
    Mp4Options options = small_options(dir);
    bad.change(options);
    auto writer = Mp4Writer::open(options);
    INFO(bad.field << ": " << bad.reason);
    REQUIRE_FALSE(writer);
    CHECK(writer.error().field == bad.field);
    CHECK_THAT(writer.error().message, Catch::Contains(bad.reason));
  }
  CHECK(files_in(dir.path()).empty());
}

TEST_CASE("A missing output folder is refused with the system's reason", "[encode]") {
  TempDir dir;
  Mp4Options options = small_options(dir);
  options.path = dir / "missing/out.mp4";
  auto writer = Mp4Writer::open(options);
  REQUIRE_FALSE(writer);
  CHECK_THAT(writer.error().message, Catch::Contains("No such file or directory"));
}

// Speed at 1080p, on two kinds of content (flat frames would flatter x264): a picture panning 4
// pixels a frame, like rendered graphics moving, and a still picture with fresh grain in every
// frame, like camera footage, which x264 cannot predict from earlier frames. The pictures are
// made before timing; the calling thread copies one per frame, as a renderer's read-back would.
TEST_CASE("Encoding speed at 1080p", "[.bench]") {
  constexpr int kFrames = 120, kPanPerFrame_px = 4, kGrainFrames = 8;
  constexpr std::size_t kWidth_px = 1920, kHeight_px = 1080,
                        kFrameBytes = kWidth_px * kHeight_px * 4,
                        kWideWidth_px = kWidth_px + std::size_t{kFrames} * kPanPerFrame_px;
  std::uint32_t noise = 12345;
  auto grain = [&] {
    noise = noise * 1664525u + 1013904223u;
    return static_cast<std::size_t>(noise >> 29);
  };
  auto pattern = [&](std::uint8_t* pixel, std::size_t x, std::size_t y) {
    const std::size_t g = grain();
    pixel[0] = static_cast<std::uint8_t>(x / 12 + g);
    pixel[1] = static_cast<std::uint8_t>(y / 5 + g);
    pixel[2] = static_cast<std::uint8_t>(((x / 3) ^ (y / 3)) + g);
    pixel[3] = 255;
  };
  std::vector<std::uint8_t> wide(kWideWidth_px * kHeight_px * 4);
  for (std::size_t y = 0; y < kHeight_px; ++y) {
    for (std::size_t x = 0; x < kWideWidth_px; ++x)
      pattern(&wide[(y * kWideWidth_px + x) * 4], x, y);
  }
  std::vector<std::vector<std::uint8_t>> grainy(kGrainFrames,
                                                std::vector<std::uint8_t>(kFrameBytes));
  for (auto& picture : grainy) {
    for (std::size_t y = 0; y < kHeight_px; ++y) {
      for (std::size_t x = 0; x < kWidth_px; ++x) pattern(&picture[(y * kWidth_px + x) * 4], x, y);
    }
  }
  const std::vector<std::pair<const char*, std::function<void(int, std::uint8_t*)>>> contents = {
      {"panning picture",
       [&](int frame, std::uint8_t* rgba) {
         for (std::size_t y = 0; y < kHeight_px; ++y) {
           const std::uint8_t* row =
               &wide[(y * kWideWidth_px + static_cast<std::size_t>(frame) * kPanPerFrame_px) * 4];
           std::copy(row, row + kWidth_px * 4, rgba + y * kWidth_px * 4);
         }
       }},
      {"grainy still",
       [&](int frame, std::uint8_t* rgba) {
         const auto& picture = grainy[static_cast<std::size_t>(frame % kGrainFrames)];
         std::copy(picture.begin(), picture.end(), rgba);
       }},
  };
  for (const auto& [content, make_frame] : contents) {
    for (const char* preset : {"veryfast", "medium"}) {
      TempDir dir;
      Mp4Options options;
      options.path = dir / "bench.mp4";
      options.width_px = kWidth_px;
      options.height_px = kHeight_px;
      options.preset = preset;
      auto writer = open_writer(options);
      const auto start = std::chrono::steady_clock::now();
      for (int frame = 0; frame < kFrames; ++frame) {
        std::vector<std::uint8_t> rgba(kFrameBytes);
        make_frame(frame, rgba.data());
        auto written = writer->write_rgba(std::move(rgba));
        REQUIRE(written);
      }
      REQUIRE(writer->finish());
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cout << "1920x1080 " << content << ", " << preset << ": " << kFrames << " frames in "
                << seconds << " s, " << kFrames / seconds << " frames/s, "
                << fs::file_size(options.path) / 1024 << " KiB\n";
    }
  }
}
