// A temporary folder for a test: created empty, removed with everything in it when the test ends.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hitl::test {

class TempDir {
 public:
  TempDir();   // a new, empty folder under std::filesystem::temp_directory_path()
  ~TempDir();  // removes the folder and its contents; errors are ignored
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / relative_path, as a string: what the code under test takes.
  std::string operator/(const std::filesystem::path& relative_path) const;

  // Writes `bytes` to path() / relative_path, creating the folders on the way; returns the full
  // path. Throws std::runtime_error when it cannot (the test then fails with the reason).
  std::filesystem::path write(const std::filesystem::path& relative_path,
                              std::string_view bytes) const;
  // Creates path() / relative_path and its parents; returns the full path.
  std::filesystem::path make_dir(const std::filesystem::path& relative_path) const;

 private:
  std::filesystem::path path_;
};

}  // namespace hitl::test
