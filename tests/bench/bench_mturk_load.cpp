// hitl_bench_mturk_load: times load_mturk_csv on a batch file (see hitl_make_mturk_fixture), and
// with --per-mask the decoding of each mask on its own, on one thread.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "hitl/base/base64.hpp"
#include "hitl/base/text.hpp"
#include "hitl/data/csv.hpp"
#include "hitl/data/mask_png.hpp"
#include "hitl/data/mturk.hpp"

namespace {

constexpr const char* kUsage = R"(hitl_bench_mturk_load - times loading an MTurk batch results CSV

Usage: hitl_bench_mturk_load FILE.csv [--threads N] [--per-mask]

  --threads N   mask decoding threads (default 0: one per core)
  --per-mask    afterwards, time base64 + PNG decode + RLE of every mask alone, on one thread
)";

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int time_each_mask(const std::string& path) {
  auto table = hitl::read_csv_file(path);
  if (!table) {
    std::fprintf(stderr, "%s\n", table.error().to_string().c_str());
    return 1;
  }
  const hitl::CsvHeader header(table->records.front());
  const auto png = header.find(hitl::mturk_columns::kPngImageData);
  const auto width = header.find(hitl::mturk_columns::kWidth);
  const auto height = header.find(hitl::mturk_columns::kHeight);
  std::vector<hitl::Rgb8> colors;
  for (const auto& c : hitl::mouse_categories()) colors.push_back(c.color);
  std::vector<double> base64_ms, mask_ms;
  for (std::size_t r = 1; r < table->records.size(); ++r) {
    const auto& record = table->records[r];
    auto start = Clock::now();
    const auto bytes = hitl::decode_base64(hitl::field_or_empty(record, png));
    base64_ms.push_back(seconds_since(start) * 1e3);
    if (!bytes) continue;
    start = Clock::now();
    const auto masks = hitl::decode_mask_png(
        *bytes, static_cast<int>(hitl::parse_int(hitl::field_or_empty(record, width)).value_or(0)),
        static_cast<int>(hitl::parse_int(hitl::field_or_empty(record, height)).value_or(0)),
        colors);
    mask_ms.push_back(seconds_since(start) * 1e3);
    if (!masks) std::fprintf(stderr, "row %zu: %s\n", r, masks.error().message.c_str());
  }
  const auto report = [](const char* what, std::vector<double> ms) {
    if (ms.empty()) return;
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (const double m : ms) sum += m;
    std::printf("%-22s mean %.2f ms, median %.2f ms, max %.2f ms over %zu masks\n", what,
                sum / double(ms.size()), ms[ms.size() / 2], ms.back(), ms.size());
  };
  report("base64 decode:", base64_ms);
  report("PNG decode + RLE:", mask_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  hitl::MturkOptions options;
  bool per_mask = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--per-mask") {
      per_mask = true;
    } else if (arg == "--threads" && i + 1 < argc) {
      options.threads = static_cast<int>(hitl::parse_int(argv[++i]).value_or(0));
    } else if (path.empty() && !arg.starts_with("-")) {
      path = arg;
    } else {
      std::fprintf(stderr, "hitl_bench_mturk_load: unexpected %s\n%s", argv[i], kUsage);
      return 2;
    }
  }
  if (path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }

  hitl::Warnings warnings;
  const auto start = Clock::now();
  const auto batch = hitl::load_mturk_csv(path, options, warnings);
  const double elapsed_s = seconds_since(start);
  if (!batch) {
    std::fprintf(stderr, "%s\n", batch.error().to_string().c_str());
    return 1;
  }
  std::size_t counts = 0;
  for (const auto& a : batch->annotations) counts += a.mask ? a.mask->counts.size() : 0;
  std::printf(
      "loaded %zu submissions, %zu annotations (%zu RLE counts), %zu warnings in %.3f s "
      "with threads=%d\n",
      batch->submissions.size(), batch->annotations.size(), counts, warnings.size(), elapsed_s,
      options.threads);
  return per_mask ? time_each_mask(path) : 0;
}
