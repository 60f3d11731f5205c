// TempDir: unique folder names from a random tag, retried on the rare collision.
#include "support/temp_dir.hpp"

#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

namespace hitl::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device seed;
  std::mt19937_64 random(seed());
  const fs::path base = fs::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate = base / ("hitl-test-" + std::to_string(random() % 1'000'000'000'000));
    std::error_code ec;
    if (fs::create_directory(candidate, ec)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder under " + base.string());
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::operator/(const fs::path& relative_path) const {
  return (path_ / relative_path).string();
}

fs::path TempDir::write(const fs::path& relative_path, std::string_view bytes) const {
  fs::path full = path_ / relative_path;
  if (full.has_parent_path()) make_dir(full.parent_path().lexically_relative(path_));
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + full.string());
  return full;
}

fs::path TempDir::make_dir(const fs::path& relative_path) const {
  fs::path full = path_ / relative_path;
  std::error_code ec;
  fs::create_directories(full, ec);
  if (ec) throw std::runtime_error("cannot create " + full.string() + ": " + ec.message());
  return full;
}

}  // namespace hitl::test
