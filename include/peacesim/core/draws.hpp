#pragma once
/// Poisson and binomial variates from a CounterRng, as Boost.Random draws them (ADR 0002, 0011).
///
/// `poisson` is Boost's `poisson_distribution<int, double>`, draw for draw: for a mean below 10 Boost
/// inverts the CDF from one uniform u, returning 0 when u <= exp(-mean). The model's means are almost
/// all far below 1 and almost every draw is 0, so the exp is skipped when u <= 1 - mean - 2^-50, which
/// implies u <= exp(-mean) (exp(-m) >= 1 - m, and the margin covers the rounding of both sides with
/// room to spare); otherwise the same inversion runs as in Boost. Same uniforms consumed, same result.
#include <cmath>
#include <cstddef>
#include <vector>

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include "peacesim/core/rng.hpp"

namespace peacesim {

/// A Poisson(mean) variate; 0 without a draw when mean <= 1e-12 (or is NaN).
inline int poisson(CounterRng& rng, double mean) {
  if (!(mean > 1e-12)) return 0;
  if (!(mean < 10)) return boost::random::poisson_distribution<int, double>(mean)(rng);
  // boost::random::poisson_distribution::invert, with the exp skipped when the answer is surely 0
  double u = boost::random::uniform_01<double>()(rng);
  if (u <= 1 - mean - 0x1p-50) return 0;
  double p = std::exp(-mean);
  int x = 0;
  while (u > p) {
    u = u - p;
    ++x;
    p = mean * p / x;
  }
  return x;
}

/// A Binomial(n, prob) variate; no draw when n <= 0 or prob is 0 or 1.
inline int binomial(CounterRng& rng, int n, double prob) {
  if (n <= 0 || prob <= 0) return 0;
  if (prob >= 1) return n;
  return boost::random::binomial_distribution<int, double>(n, prob)(rng);
}

/// A geometric variate on {0, 1, 2, ...} with the given mean: P(k) = (1 - q) q^k, q = mean / (1 + mean),
/// by inversion from one uniform (P(K >= k) = q^k); no draw when mean <= 0 (or NaN). The extra deaths
/// of a lethal incident (ADR 0021): a sum of n of them is a negative binomial.
inline int geometric(CounterRng& rng, double mean) {
  if (!(mean > 0)) return 0;
  const double u = rng.uniform();  // [0, 1)
  const double k = std::floor(std::log1p(-u) / std::log(mean / (1 + mean)));
  return k < 1e6 ? static_cast<int>(k) : 1000000;
}

/// Splits `count` events over J causes in proportion to their rates (a multinomial), by conditional
/// binomials in order: cause j gets Binomial(left, rate(j) / (rate(j) + ... + rate(J - 1))), the last
/// one what is left. With count ~ Poisson(sum of the rates), the counts are independent
/// Poisson(rate(j)): one draw of the sum, split only when it is not 0, replaces a draw per cause
/// (ADR 0011). Calls `on_count(j, n)` for each cause with n > 0, in order, before the next
/// binomial, so it may draw from `rng` too. `suffix` is scratch (resized to J + 1).
template <class Rate, class OnCount>
void split_count(CounterRng& rng, int count, std::size_t causes, Rate&& rate, std::vector<double>& suffix,
                 OnCount&& on_count) {
  if (count <= 0 || causes == 0) return;
  suffix.resize(causes + 1);
  suffix[causes] = 0;
  for (std::size_t j = causes; j-- > 0;) suffix[j] = rate(j) + suffix[j + 1];
  int left = count;
  for (std::size_t j = 0; j < causes && left > 0; ++j) {
    const int n = j + 1 == causes ? left : binomial(rng, left, rate(j) / suffix[j]);
    if (n <= 0) continue;
    left -= n;
    on_count(j, n);
  }
}

}  // namespace peacesim
