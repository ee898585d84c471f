// The generators' random numbers: SplitMix64, small, fast and the same on every machine (no
// standard-library distribution is involved, so the output does not depend on the library).
#pragma once

#include <array>
#include <cstdint>

namespace credlex::generate {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int pick(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }  // 0 .. n-1
  int between(int lo, int hi) { return lo + pick(hi - lo + 1); }
  bool chance(int percent) { return pick(100) < percent; }
  bool permille(int p) { return pick(1000) < p; }
  template <std::size_t N>
  int weighted(const std::array<int, N>& w) {  // index by weight
    int total = 0;
    for (int x : w) total += x;
    int r = pick(total);
    for (std::size_t k = 0; k < N; ++k)
      if ((r -= w[k]) < 0) return static_cast<int>(k);
    return 0;
  }
};

// An independent stream for entity k and a purpose (`salt`), from the seed: streams of different
// entities and purposes do not overlap in practice.
inline Rng stream(std::uint64_t seed, std::int64_t k, std::uint64_t salt) {
  Rng r{seed ^ (salt * 0xD1B54A32D192ED03ull)};
  r.s = r.next() + static_cast<std::uint64_t>(k) * 0x9E3779B97F4A7C15ull;
  r.s = r.next() ^ salt;
  r.next();
  return r;
}

}  // namespace credlex::generate
