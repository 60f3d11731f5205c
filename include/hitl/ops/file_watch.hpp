// Notices that a file changed on disk (the scene file a gallery edits while the kiosk runs), by
// polling its status: device, inode, size and modification time. One stat() per poll, no
// inotify, so it works the same on any filesystem and through symlinks, and needs no thread.
//
// A change is reported only once the file's status has stayed the same for settle_time: an
// editor that writes in place is not read half-way, and a save that truncates then writes is seen
// once. An atomic save (write a temporary file, rename it over the old one) changes the inode and
// is seen like any other change. A file that disappears is reported as missing (once it has
// stayed missing for settle_time) and as changed when it comes back.
//
// What it cannot see: a rewrite that keeps the inode, the size and the modification time (within
// the filesystem's timestamp resolution). A reader should still handle a file that does not parse
// (keep what it has): the next write changes the status again and is reported again.
//
// Times are given by the caller (a steady clock in the kiosk, made-up instants in tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace hitl {

// What stat() says of a file, as far as changes go; equal stamps mean "no change seen".
struct FileStamp {
  bool exists = false;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size_bytes = 0;
  std::int64_t modified_ns = 0;  // since the epoch
  bool operator==(const FileStamp&) const = default;
};

// The file's stamp now; a file that cannot be stat()ed (missing, no permission) has exists false.
FileStamp stamp_file(const std::filesystem::path& path);

enum class FileEvent { none, changed, missing };

class FileWatch {
 public:
  using Clock = std::chrono::steady_clock;

  struct Timing {
    Clock::duration poll_interval = std::chrono::milliseconds(250);  // at most one stat() per
    Clock::duration settle_time = std::chrono::milliseconds(500);    // unchanged this long
  };

  // Watches `path` from its state now: create it before reading the file, so that a change made
  // while the reader reads is reported afterwards.
  FileWatch(std::filesystem::path path, Clock::time_point now, Timing timing);
  explicit FileWatch(std::filesystem::path path, Clock::time_point now = Clock::now())
      : FileWatch(std::move(path), now, Timing{}) {}

  const std::filesystem::path& path() const { return path_; }

  // Stats the file when poll_interval has passed since the last stat() and says whether a
  // settled change is to be reported: `changed` (read the file again) or `missing`, each once per
  // change. Cheap enough to call every frame.
  FileEvent poll(Clock::time_point now);

 private:
  std::filesystem::path path_;
  Timing timing_;
  Clock::time_point last_stat_;
  FileStamp reported_;              // the state the caller knows of
  FileStamp latest_;                // the state seen at the last stat()
  Clock::time_point latest_since_;  // when latest_ was first seen
};

}  // namespace hitl
