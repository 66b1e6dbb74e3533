#pragma once
/// Counter-based random numbers: every draw is a pure function of (seed, tick, agent, stream, n).
///
/// Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3", SC'11)
/// turns a 128-bit counter and a 64-bit key into four 32-bit outputs. Keying every draw by
/// who draws it, when and for what makes results independent of iteration order and thread
/// count. `CounterRng` satisfies the UniformRandomBitGenerator concept, so Boost.Random
/// distributions (whose algorithms, unlike std::'s, are the same on every standard library)
/// can draw from it.
#include <array>
#include <cstdint>

namespace peacesim {

/// Named streams, so two mechanisms never share draws by accident.
enum class Stream : std::uint32_t {
  incidents = 1,
  lethality = 2,
  arrests = 3,
  unrest = 4,
  shock = 5,
  crime = 6,
};

/// The Philox4x32-10 block function (inline: a run calls it about a million times, issue #8).
inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c, std::array<std::uint32_t, 2> k) {
  constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
  constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{m0} * c[0];
    const std::uint64_t p1 = std::uint64_t{m1} * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
    k[0] += w0;
    k[1] += w1;
  }
  return c;
}

/// A generator for one (seed, tick, agent, stream) cell; it yields as many numbers as asked.
class CounterRng {
 public:
  using result_type = std::uint32_t;
  CounterRng(std::uint64_t seed, std::uint32_t tick, std::uint32_t agent, Stream stream)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        counter_{tick, agent, static_cast<std::uint32_t>(stream), 0} {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xffffffffu; }

  result_type operator()() {
    if (used_ == 4) {
      block_ = philox4x32(counter_, key_);
      ++counter_[3];
      used_ = 0;
    }
    return block_[used_++];
  }

  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() {
    const std::uint64_t hi = (*this)() >> 5, lo = (*this)() >> 6;
    return static_cast<double>(hi * 67108864u + lo) * (1.0 / 9007199254740992.0);
  }

 private:
  std::array<std::uint32_t, 2> key_;
  std::array<std::uint32_t, 4> counter_;
  std::array<std::uint32_t, 4> block_{};
  int used_ = 4;
};

}  // namespace peacesim
