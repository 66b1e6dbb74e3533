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

/// 1 / (1 + e^z), z = -x / spread, with the two tails answered without exp, bit for bit as exp would:
/// for z < -40, e^z < 2^-57 and 1 + e^z rounds to 1; for z > 710, e^z overflows to inf (above 709.78) and
/// 1 / inf is 0. glibc's exp takes a slow path with errno at overflow, and hostile shares of quiet
/// communities get there often (issue #8).
inline double logistic(double x, double spread) {
  const double z = -x / spread;
  if (z < -40) return 1.0;
  if (z > 710) return 0.0;
  return 1.0 / (1.0 + std::exp(z));
}
inline double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }
/// Relaxes `x` toward `target` with time constant `tau` (in ticks of `dt` days).
inline double relax(double x, double target, double tau, double dt) {
  return x + (target - x) * std::min(1.0, dt / tau);
}
inline double per_1000(double count, double people) { return people > 0.5 ? 1000.0 * count / people : 0.0; }

}  // namespace peacesim
