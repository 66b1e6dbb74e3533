// Tests include/peacesim/core/draws.hpp: poisson() skips Boost's exp when the draw is surely 0 (issue #8),
// and must still give Boost's poisson_distribution's variate and consume the same numbers, for any mean;
// split_count turns one Poisson draw of a sum into independent Poisson counts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

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

TEST_CASE("draws: one Poisson draw of the summed rate, split by split_count, gives independent Poisson counts",
          "[rng][draws]") {
  // the law resolve_incidents relies on (ADR 0011): N ~ Poisson(sum), split multinomially, is the same
  // as independent N_j ~ Poisson(rate_j); checked by the mean, the variance and the correlations
  const std::vector<double> rates = {0.3, 1.2, 0.05, 2.0, 0.0, 0.7};
  const std::size_t J = rates.size();
  const int draws = 200000;
  double total = 0;
  for (double r : rates) total += r;
  std::vector<double> sum(J, 0), sum2(J, 0);
  std::vector<std::vector<double>> cross(J, std::vector<double>(J, 0));
  std::vector<double> suffix, n(J);
  int bad_totals = 0;
  for (int d = 0; d < draws; ++d) {
    CounterRng rng(5, static_cast<std::uint32_t>(d), 0, Stream::incidents);
    const int count = poisson(rng, total);
    std::fill(n.begin(), n.end(), 0.0);
    int given = 0;
    split_count(
        rng, count, J, [&](std::size_t j) { return rates[j]; }, suffix,
        [&](std::size_t j, int k) {
          n[j] = k;
          given += k;
          (void)rng.uniform();  // the caller may draw in between, as the lethality draws do
        });
    bad_totals += given != count;
    for (std::size_t a = 0; a < J; ++a) {
      sum[a] += n[a];
      sum2[a] += n[a] * n[a];
      for (std::size_t b = 0; b < J; ++b) cross[a][b] += n[a] * n[b];
    }
  }
  CHECK(bad_totals == 0);
  for (std::size_t a = 0; a < J; ++a) {
    const double mean = sum[a] / draws, var = sum2[a] / draws - mean * mean;
    INFO("cause " << a << ": rate " << rates[a] << ", mean " << mean << ", variance " << var);
    // 5 standard errors of the mean (Poisson: variance = rate), and of the variance (about rate(1 + 2 rate))
    CHECK(std::abs(mean - rates[a]) <= 5 * std::sqrt(std::max(rates[a], 1e-9) / draws) + 1e-12);
    CHECK(std::abs(var - rates[a]) <= 5 * std::sqrt(std::max(rates[a] * (1 + 2 * rates[a]), 1e-9) / draws) + 1e-12);
    for (std::size_t b = a + 1; b < J; ++b) {
      if (rates[a] == 0 || rates[b] == 0) continue;
      const double mb = sum[b] / draws, vb = sum2[b] / draws - mb * mb;
      const double corr = (cross[a][b] / draws - mean * mb) / std::sqrt(var * vb);
      INFO("correlation of causes " << a << " and " << b << ": " << corr);
      CHECK(std::abs(corr) < 5 / std::sqrt(double(draws)));  // a multinomial alone would be negative
    }
  }
}
