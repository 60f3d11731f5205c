// Resident memory from /proc/self/statm, and the ceiling on it; see memory_watch.hpp.
#include "hitl/ops/memory_watch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "hitl/base/text.hpp"

namespace hitl {

namespace {

constexpr const char* statm_path = "/proc/self/statm";

}  // namespace

Result<std::uint64_t> parse_statm_resident_bytes(std::string_view statm_text,
                                                 std::uint64_t page_size_bytes) {
  std::string_view rest = trim(statm_text);
  const std::size_t first_space = rest.find(' ');
  if (first_space != std::string_view::npos) {
    rest.remove_prefix(first_space + 1);
    const std::optional<long long> resident_pages = parse_int(rest.substr(0, rest.find(' ')));
    if (resident_pages && *resident_pages >= 0) {
      return static_cast<std::uint64_t>(*resident_pages) * page_size_bytes;
    }
  }
  return error_at(statm_path, 0, 0, "resident",
                  quoted(statm_text) +
                      ": expected page counts separated by spaces, "
                      "the resident pages second");
}

Result<std::uint64_t> read_resident_bytes() {
  // /proc files report a size of 0, so this reads into a buffer rather than by the file's size;
  // statm is seven numbers, well under 256 bytes.
  const int fd = open(statm_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return error_at(statm_path, 0, 0, "", std::string("cannot open: ") + std::strerror(errno));
  }
  char buffer[256];
  const ssize_t length = read(fd, buffer, sizeof buffer);
  const int read_errno = errno;
  close(fd);
  if (length < 0) {
    return error_at(statm_path, 0, 0, "", std::string("cannot read: ") + std::strerror(read_errno));
  }
  const long page_size = sysconf(_SC_PAGESIZE);
  return parse_statm_resident_bytes(std::string_view(buffer, static_cast<std::size_t>(length)),
                                    static_cast<std::uint64_t>(page_size));
}

std::string format_mebibytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

std::string MemoryReading::describe() const {
  return "resident memory " + format_mebibytes(resident_bytes) +
         (over_ceiling() ? " is over the ceiling of " : " is within the ceiling of ") +
         format_mebibytes(ceiling_bytes);
}

Result<MemoryReading> MemoryCeiling::read() const {
  Result<std::uint64_t> resident = read_resident_bytes();
  if (!resident) return resident.error();
  return MemoryReading{*resident, ceiling_bytes_};
}

}  // namespace hitl
