#pragma once
/// Small numeric helpers shared by the systems.
#include <algorithm>
#include <cmath>

namespace peacesim {

/// Logistic function: the share of a population whose individual thresholds lie below x,
/// for thresholds spread logistically around 0 with scale `spread`.
/// x^k, with the common exponents 0, 1 and 2 (the strength exponent's usual values) done without pow.
inline double power(double x, double k) {
  if (k == 2) return x * x;
  if (k == 1) return x;
  if (k == 0) return 1;
  return std::pow(x, k);
}

inline double logistic(double x, double spread) { return 1.0 / (1.0 + std::exp(-x / spread)); }
inline double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }
/// Relaxes `x` toward `target` with time constant `tau` (in ticks of `dt` days).
inline double relax(double x, double target, double tau, double dt) {
  return x + (target - x) * std::min(1.0, dt / tau);
}
inline double per_1000(double count, double people) { return people > 0.5 ? 1000.0 * count / people : 0.0; }

}  // namespace peacesim
