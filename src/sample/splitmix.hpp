// The sample's random numbers: splitmix64 (Steele, Lea and Flood), written out here because the
// std:: distributions give different numbers on different standard libraries, and the sample must
// be the same bytes everywhere for a seed.
#pragma once

#include <cstdint>

namespace hitl::sample {

// One step of splitmix64's output function: a good 64-bit mix of any value.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  // An independent stream for one purpose (a tag) of one seed, so that adding a draw in one place
  // does not shift the numbers everywhere else.
  SplitMix64(std::uint64_t seed, std::uint64_t tag) : state_(mix64(seed ^ mix64(tag))) {}

  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1), from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform in [0, n) for n > 0; the modulo bias is below 1e-15 for the small n used here.
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  int between_int(int lo, int hi) { return lo + below(hi - lo + 1); }  // [lo, hi]
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

}  // namespace hitl::sample
