// Polling a file's status for settled changes; see file_watch.hpp.
#include "hitl/ops/file_watch.hpp"

#include <sys/stat.h>

#include <utility>

namespace hitl {

FileStamp stamp_file(const std::filesystem::path& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return FileStamp{};
  return FileStamp{
      .exists = true,
      .device = static_cast<std::uint64_t>(status.st_dev),
      .inode = static_cast<std::uint64_t>(status.st_ino),
      .size_bytes = static_cast<std::int64_t>(status.st_size),
      .modified_ns = static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 +
                     static_cast<std::int64_t>(status.st_mtim.tv_nsec),
  };
}

FileWatch::FileWatch(std::filesystem::path path, Clock::time_point now, Timing timing)
    : path_(std::move(path)),
      timing_(timing),
      last_stat_(now),
      reported_(stamp_file(path_)),
      latest_(reported_),
      latest_since_(now) {}

FileEvent FileWatch::poll(Clock::time_point now) {
  if (now - last_stat_ < timing_.poll_interval) return FileEvent::none;
  last_stat_ = now;
  const FileStamp stamp = stamp_file(path_);
  if (stamp != latest_) {
    latest_ = stamp;
    latest_since_ = now;
  }
  if (latest_ == reported_ || now - latest_since_ < timing_.settle_time) return FileEvent::none;
  // Every missing file has the same stamp, so a file that stays away is reported missing once.
  reported_ = latest_;
  return latest_.exists ? FileEvent::changed : FileEvent::missing;
}

}  // namespace hitl
