// The process's resident memory and a ceiling on it, so that a kiosk that grows (a leak in a
// driver, a cache that is not bounded after all) exits cleanly with memory_ceiling_exit_code and
// is restarted by its service manager, rather than slowing down until the system kills it.
//
// Resident memory is what /proc/self/statm counts: every page of the process in RAM, its own
// allocations and the shared libraries and GL driver pages it touched. It rarely shrinks (freed
// memory mostly stays with the allocator), so one reading over the ceiling is enough to act on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

// The exit code of a kiosk that stopped because its memory passed the ceiling: distinct from
// hitl's 0 (success), 1 (the input or the work failed) and 2 (the command line was wrong), so the
// journal and the unit's restart logic can tell it apart.
inline constexpr int memory_ceiling_exit_code = 3;

// The resident memory of this process in bytes, from /proc/self/statm.
Result<std::uint64_t> read_resident_bytes();

// The resident bytes in a /proc/<pid>/statm text ("size resident shared text lib data dt", in
// pages): the second number times page_size_bytes.
Result<std::uint64_t> parse_statm_resident_bytes(std::string_view statm_text,
                                                 std::uint64_t page_size_bytes);

// "412.3 MiB": bytes in mebibytes with one decimal, for log lines and messages.
std::string format_mebibytes(std::uint64_t bytes);

struct MemoryReading {
  std::uint64_t resident_bytes = 0;
  std::uint64_t ceiling_bytes = 0;
  bool over_ceiling() const { return resident_bytes > ceiling_bytes; }
  // "resident memory 3100.0 MiB is over the ceiling of 3072.0 MiB", or "... is within ...".
  std::string describe() const;
};

class MemoryCeiling {
 public:
  explicit MemoryCeiling(std::uint64_t ceiling_bytes) : ceiling_bytes_(ceiling_bytes) {}
  std::uint64_t ceiling_bytes() const { return ceiling_bytes_; }

  // Reads the resident memory now (a few microseconds: call it about once a second).
  Result<MemoryReading> read() const;

 private:
  std::uint64_t ceiling_bytes_;
};

}  // namespace hitl
