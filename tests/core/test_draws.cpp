// Tests include/peacesim/core/draws.hpp: poisson() skips Boost's exp when the draw is surely 0 (issue #8),
// and must still give Boost's poisson_distribution's variate and consume the same numbers, for any mean.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include <boost/random/poisson_distribution.hpp>

#include "peacesim/core/draws.hpp"
#include "peacesim/core/rng.hpp"

using namespace peacesim;

TEST_CASE("draws: poisson() is Boost's poisson_distribution, draw for draw", "[rng][draws]") {
  // means from 1e-13 to 30: the no-draw floor, the shortcut's range, inversion and Boost's PTRD above 10
  std::uint64_t compared = 0, nonzero = 0, mismatches = 0;
  for (int k = 0; k < 300; ++k) {
    const double mean = 1e-13 * std::pow(10.0, k * 14.5 / 299.0);
    for (std::uint32_t agent = 0; agent < 400; ++agent) {
      CounterRng ours(7, static_cast<std::uint32_t>(k), agent, Stream::incidents);
      CounterRng boosts(7, static_cast<std::uint32_t>(k), agent, Stream::incidents);
      // three draws in a row from one generator: the next draw starts where the last one left off
      for (int d = 0; d < 3; ++d) {
        const int a = poisson(ours, mean);
        const int b = mean > 1e-12 ? boost::random::poisson_distribution<int, double>(mean)(boosts) : 0;
        ++compared;
        nonzero += a > 0;
        mismatches += a != b;
      }
      mismatches += ours() != boosts();  // the same numbers consumed
    }
  }
  INFO(compared << " draws, " << nonzero << " non-zero");
  CHECK(mismatches == 0);
  CHECK(nonzero > compared / 10);  // the comparison reached past the shortcut
}

TEST_CASE("draws: poisson() near the shortcut's edge (u close to exp(-mean)) agrees with Boost", "[rng][draws]") {
  // small means, many draws: P(0) = exp(-mean), so the few u in (1 - mean - 2^-50, 1) take the slow path
  std::uint64_t mismatches = 0, slow = 0;
  for (const double mean : {1e-12 * 1.5, 1e-9, 1e-6, 1e-3, 0.05, 0.5}) {
    for (std::uint32_t agent = 0; agent < 200000; ++agent) {
      CounterRng ours(11, 3, agent, Stream::crime);
      CounterRng boosts(11, 3, agent, Stream::crime);
      const int a = poisson(ours, mean);
      const int b = boost::random::poisson_distribution<int, double>(mean)(boosts);
      mismatches += a != b;
      slow += b > 0;
    }
  }
  INFO(slow << " non-zero draws");
  CHECK(mismatches == 0);
  CHECK(slow > 100);
}
