// Resident memory as the kernel counts it, and the ceiling that sends the kiosk to a clean
// restart: checked with memory really allocated and touched.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <memory>

#include "hitl/ops/memory_watch.hpp"

namespace {

constexpr std::uint64_t mebibyte = std::uint64_t{1} << 20;

// A block of memory with every page written, so that it is resident rather than only reserved.
std::unique_ptr<char[]> touched_block(std::size_t bytes) {
  auto block = std::make_unique_for_overwrite<char[]>(bytes);
  std::memset(block.get(), 0x5a, bytes);
  return block;
}

}  // namespace

TEST_CASE("The resident bytes are statm's second number times the page size", "[ops]") {
  auto resident = hitl::parse_statm_resident_bytes("52110 10893 6121 2 0 7460 0\n", 4096);
  REQUIRE(resident.ok());
  CHECK(*resident == std::uint64_t{10893} * 4096);
}

TEST_CASE("A statm text without a resident count is an error saying what was expected", "[ops]") {
  auto resident = hitl::parse_statm_resident_bytes("52110\n", 4096);
  REQUIRE_FALSE(resident.ok());
  CHECK(resident.error().to_string() ==
        "/proc/self/statm: resident: \"52110\\n\": expected page counts separated by spaces, the "
        "resident pages second");
}

TEST_CASE("Resident memory rises by what is allocated and touched", "[ops]") {
  auto before = hitl::read_resident_bytes();
  REQUIRE(before.ok());
  CHECK(*before > 1 * mebibyte);  // the test executable itself

  constexpr std::size_t block_bytes = 64 * mebibyte;
  const auto block = touched_block(block_bytes);
  auto after = hitl::read_resident_bytes();
  REQUIRE(after.ok());
  // At least 60 of the 64 MiB: the allocator may have reused a little memory already resident.
  CHECK(*after >= *before + 60 * mebibyte);
  CHECK(block[block_bytes - 1] == 0x5a);
}

TEST_CASE("The memory ceiling is passed once touched memory goes over it", "[ops]") {
  auto before = hitl::read_resident_bytes();
  REQUIRE(before.ok());
  const hitl::MemoryCeiling ceiling(*before + 32 * mebibyte);

  auto within = ceiling.read();
  REQUIRE(within.ok());
  CHECK_FALSE(within->over_ceiling());

  const auto block = touched_block(64 * mebibyte);
  auto over = ceiling.read();
  REQUIRE(over.ok());
  CHECK(over->over_ceiling());
  CHECK(over->ceiling_bytes == ceiling.ceiling_bytes());
}

TEST_CASE("A memory reading describes itself against the ceiling in MiB", "[ops]") {
  const hitl::MemoryReading over{3100 * mebibyte + mebibyte / 2, 3072 * mebibyte};
  CHECK(over.describe() == "resident memory 3100.5 MiB is over the ceiling of 3072.0 MiB");
  const hitl::MemoryReading within{412 * mebibyte, 3072 * mebibyte};
  CHECK(within.describe() == "resident memory 412.0 MiB is within the ceiling of 3072.0 MiB");
}
