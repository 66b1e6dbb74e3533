#include "peacesim/sweep/analysis.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "peacesim/sim/ensemble.hpp"  // quantile

namespace peacesim::sweep {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_bootstrap(int bootstrap, double confidence, const char* who) {
  if (bootstrap < 0)
    throw std::invalid_argument(std::string(who) + ": bootstrap resamples must be >= 0, got " +
                                std::to_string(bootstrap));
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument(std::string(who) + ": confidence must lie in (0, 1), got " +
                                std::to_string(confidence));
}

/// The percentile interval of bootstrap replicates; NaN replicates (a resample with no output
/// variance) are left out. No replicates: NaN bounds.
void percentile_interval(std::vector<double> replicates, double confidence, Estimate& e) {
  std::erase_if(replicates, [](double v) { return std::isnan(v); });
  if (replicates.empty()) {
    e.lo = e.hi = nan;
    return;
  }
  e.lo = quantile(replicates, (1 - confidence) / 2);
  e.hi = quantile(std::move(replicates), (1 + confidence) / 2);
}

/// First-order and total indices of every factor from the base samples `rows` (indices 0..N-1,
/// repeats allowed), written to first[i] and total[i].
void sobol_point_estimates(const Eigen::VectorXd& y, int k, const std::vector<int>& rows, std::vector<double>& first,
                           std::vector<double>& total) {
  const auto n = static_cast<double>(rows.size());
  const Eigen::Index stride = k + 2;
  double mean = 0;
  for (int j : rows) mean += y(j * stride) + y(j * stride + k + 1);
  mean /= 2 * n;
  double variance = 0;  // of the 2N values f(A), f(B), denominator 2N (as SALib's np.var)
  for (int j : rows) {
    const double a = y(j * stride) - mean, b = y(j * stride + k + 1) - mean;
    variance += a * a + b * b;
  }
  variance /= 2 * n;
  for (int i = 0; i < k; ++i) {
    double s = 0, t = 0;
    for (int j : rows) {
      const double fa = y(j * stride), fb = y(j * stride + k + 1), fab = y(j * stride + 1 + i);
      // Saltelli 2010 (b) with f(B) centred on the sample mean: the same expectation, and an
      // estimate that does not move when a constant is added to the output
      s += (fb - mean) * (fab - fa);
      t += (fa - fab) * (fa - fab);  // Jansen 1999
    }
    first[static_cast<std::size_t>(i)] = variance > 0 ? s / n / variance : nan;
    total[static_cast<std::size_t>(i)] = variance > 0 ? t / n / (2 * variance) : nan;
  }
}

/// Average ranks, 1..n: tied values share the mean of the ranks they span.
Eigen::VectorXd ranks(const Eigen::VectorXd& v) {
  const Eigen::Index n = v.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return v(a) < v(b); });
  Eigen::VectorXd r(n);
  for (Eigen::Index i = 0; i < n;) {
    Eigen::Index j = i + 1;
    while (j < n && v(order[static_cast<std::size_t>(j)]) == v(order[static_cast<std::size_t>(i)])) ++j;
    const double shared = 0.5 * double(i + j - 1) + 1;  // mean of ranks i + 1 .. j
    for (Eigen::Index m = i; m < j; ++m) r(order[static_cast<std::size_t>(m)]) = shared;
    i = j;
  }
  return r;
}

/// [1, x without column `drop`] (drop = -1: every column).
Eigen::MatrixXd with_intercept(const Eigen::MatrixXd& x, Eigen::Index drop) {
  const Eigen::Index k = x.cols() - (drop >= 0 ? 1 : 0);
  Eigen::MatrixXd z(x.rows(), k + 1);
  z.col(0).setOnes();
  for (Eigen::Index c = 0, to = 1; c < x.cols(); ++c)
    if (c != drop) z.col(to++) = x.col(c);
  return z;
}

/// A residual counts as 0 when its sum of squares is below this share of the centred sum of squares
/// of what was regressed: rounding, not signal.
constexpr double kExplained = 1e-20;

double centred_ss(const Eigen::VectorXd& v) { return (v.array() - v.mean()).square().sum(); }

/// PRCC of every factor from ranked factors `rx` and ranked output `ry`.
std::vector<double> prcc_of(const Eigen::MatrixXd& rx, const Eigen::VectorXd& ry) {
  std::vector<double> out;
  const double ss_y = centred_ss(ry);
  for (Eigen::Index i = 0; i < rx.cols(); ++i) {
    const Eigen::MatrixXd z = with_intercept(rx, i);
    const auto qr = z.colPivHouseholderQr();
    const Eigen::VectorXd xi = rx.col(i);
    const Eigen::VectorXd ex = xi - z * qr.solve(xi), ey = ry - z * qr.solve(ry);
    const double sxx = ex.squaredNorm(), syy = ey.squaredNorm();
    const double ss_x = centred_ss(xi);
    if (!(ss_x > 0) || !(ss_y > 0) || !(sxx > kExplained * ss_x) || !(syy > kExplained * ss_y)) {
      out.push_back(nan);
      continue;
    }
    out.push_back(std::clamp(ex.dot(ey) / std::sqrt(sxx * syy), -1.0, 1.0));
  }
  return out;
}

/// Least squares of y on [1, x]: the coefficients (intercept first) and R^2 (NaN if y does not vary).
std::pair<Eigen::VectorXd, double> regress(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::MatrixXd z = with_intercept(x, -1);
  const Eigen::VectorXd beta = z.colPivHouseholderQr().solve(y);
  const double ss = centred_ss(y);
  const double r2 = ss > 0 ? 1 - (y - z * beta).squaredNorm() / ss : nan;
  return {beta, r2};
}

double sd_of(const Eigen::VectorXd& v) { return std::sqrt(centred_ss(v) / double(v.size() - 1)); }

}  // namespace

CorrelationAnalysis correlation_indices(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int bootstrap,
                                        double confidence, std::uint64_t seed) {
  check_bootstrap(bootstrap, confidence, "PRCC");
  const Eigen::Index n = x.rows(), k = x.cols();
  if (k < 1) throw std::invalid_argument("PRCC: the design has no factor columns");
  if (y.size() != n)
    throw std::invalid_argument("PRCC: " + std::to_string(n) + " design rows but " + std::to_string(y.size()) +
                                " outputs");
  if (n < k + 2)
    throw std::invalid_argument("PRCC: " + std::to_string(n) + " design points for " + std::to_string(k) +
                                " factors; expected at least factors + 2 = " + std::to_string(k + 2));
  Eigen::MatrixXd rx(n, k);
  for (Eigen::Index c = 0; c < k; ++c) rx.col(c) = ranks(x.col(c));
  const Eigen::VectorXd ry = ranks(y);

  CorrelationAnalysis out;
  out.factors.resize(static_cast<std::size_t>(k));
  const std::vector<double> prcc = prcc_of(rx, ry);
  const auto [beta, r2] = regress(x, y);
  out.r2 = r2;
  out.r2_rank = regress(rx, ry).second;
  const double sd_y = sd_of(y);
  const double dof = double(n - 1 - k);
  for (Eigen::Index i = 0; i < k; ++i) {
    CorrelationIndices& f = out.factors[static_cast<std::size_t>(i)];
    const double r = prcc[static_cast<std::size_t>(i)];
    f.prcc.value = r;
    if (std::isnan(r)) f.p_value = nan;
    else if (std::abs(r) >= 1) f.p_value = 0;
    else {
      const double t = std::abs(r) * std::sqrt(dof / (1 - r * r));
      f.p_value = 2 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(dof), t));
    }
    f.src = sd_y > 0 ? beta(i + 1) * sd_of(x.col(i)) / sd_y : nan;
  }

  // percentile bootstrap over the design points, each resample ranked anew
  std::vector<std::vector<double>> boot(static_cast<std::size_t>(k));
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_int_distribution<Eigen::Index> pick(0, n - 1);
  Eigen::MatrixXd bx(n, k), brx(n, k);
  Eigen::VectorXd by(n);
  for (int b = 0; b < bootstrap; ++b) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const Eigen::Index from = pick(rng);
      bx.row(j) = x.row(from);
      by(j) = y(from);
    }
    for (Eigen::Index c = 0; c < k; ++c) brx.col(c) = ranks(bx.col(c));
    const std::vector<double> r = prcc_of(brx, ranks(by));
    for (std::size_t i = 0; i < r.size(); ++i) boot[i].push_back(r[i]);
  }
  for (std::size_t i = 0; i < out.factors.size(); ++i) {
    Estimate& e = out.factors[i].prcc;
    if (std::isnan(e.value)) e.lo = e.hi = nan;
    else percentile_interval(std::move(boot[i]), confidence, e);
  }
  return out;
}

std::vector<SobolIndices> sobol_indices(const Eigen::VectorXd& y, int factors, int bootstrap, double confidence,
                                        std::uint64_t seed) {
  if (factors < 1) throw std::invalid_argument("Sobol' indices: factors must be at least 1");
  check_bootstrap(bootstrap, confidence, "Sobol' indices");
  const Eigen::Index stride = factors + 2;
  if (y.size() == 0 || y.size() % stride != 0)
    throw std::invalid_argument("Sobol' indices: " + std::to_string(y.size()) +
                                " outputs is not a positive multiple of factors + 2 = " + std::to_string(stride) +
                                " (Saltelli's rows A, AB_1..AB_k, B per base sample)");
  const int n = static_cast<int>(y.size() / stride);
  const auto k = static_cast<std::size_t>(factors);

  std::vector<int> rows(static_cast<std::size_t>(n));
  for (int j = 0; j < n; ++j) rows[static_cast<std::size_t>(j)] = j;
  std::vector<double> first(k), total(k);
  sobol_point_estimates(y, factors, rows, first, total);
  std::vector<SobolIndices> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    out[i].first.value = first[i];
    out[i].total.value = total[i];
  }

  // percentile bootstrap over the base samples: each resample draws N of them with replacement
  std::vector<std::vector<double>> boot_first(k), boot_total(k);
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_int_distribution<int> pick(0, n - 1);
  for (int b = 0; b < bootstrap; ++b) {
    for (int& j : rows) j = pick(rng);
    sobol_point_estimates(y, factors, rows, first, total);
    for (std::size_t i = 0; i < k; ++i) {
      boot_first[i].push_back(first[i]);
      boot_total[i].push_back(total[i]);
    }
  }
  for (std::size_t i = 0; i < k; ++i) {
    if (std::isnan(out[i].first.value)) {  // no output variance: nothing to attribute
      out[i].first.lo = out[i].first.hi = out[i].total.lo = out[i].total.hi = nan;
      continue;
    }
    percentile_interval(std::move(boot_first[i]), confidence, out[i].first);
    percentile_interval(std::move(boot_total[i]), confidence, out[i].total);
  }
  return out;
}

std::vector<MorrisIndices> morris_indices(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int bootstrap,
                                          double confidence, std::uint64_t seed) {
  check_bootstrap(bootstrap, confidence, "Morris indices");
  const Eigen::Index k = x.cols();
  if (k < 1) throw std::invalid_argument("Morris indices: the design has no factor columns");
  if (x.rows() != y.size())
    throw std::invalid_argument("Morris indices: " + std::to_string(x.rows()) + " design rows but " +
                                std::to_string(y.size()) + " outputs");
  if (x.rows() == 0 || x.rows() % (k + 1) != 0)
    throw std::invalid_argument("Morris indices: " + std::to_string(x.rows()) +
                                " design rows is not a positive multiple of factors + 1 = " + std::to_string(k + 1));
  const Eigen::Index r = x.rows() / (k + 1);
  const auto nk = static_cast<std::size_t>(k);

  // effects[i]: factor i's elementary effects; per trajectory, the sum and count of |effect| per
  // factor, so the bootstrap can resample whole trajectories
  std::vector<std::vector<double>> effects(nk);
  Eigen::MatrixXd abs_sum = Eigen::MatrixXd::Zero(r, k);
  Eigen::MatrixXi count = Eigen::MatrixXi::Zero(r, k);
  constexpr double same = 1e-12;  // coordinates closer than this did not change
  for (Eigen::Index t = 0; t < r; ++t) {
    for (Eigen::Index s = 0; s < k; ++s) {
      const Eigen::Index row = t * (k + 1) + s;
      Eigen::Index changed = -1;
      int n_changed = 0;
      for (Eigen::Index c = 0; c < k; ++c)
        if (std::abs(x(row + 1, c) - x(row, c)) > same) {
          changed = c;
          ++n_changed;
        }
      if (n_changed != 1)
        throw std::invalid_argument("Morris indices: design rows " + std::to_string(row) + " and " +
                                    std::to_string(row + 1) + " (trajectory " + std::to_string(t) + ") differ in " +
                                    std::to_string(n_changed) + " factors; expected exactly 1");
      const double ee = (y(row + 1) - y(row)) / (x(row + 1, changed) - x(row, changed));
      effects[static_cast<std::size_t>(changed)].push_back(ee);
      abs_sum(t, changed) += std::abs(ee);
      count(t, changed) += 1;
    }
  }

  std::vector<MorrisIndices> out(nk);
  for (std::size_t i = 0; i < nk; ++i) {
    const std::vector<double>& e = effects[i];
    MorrisIndices& m = out[i];
    m.effects = static_cast<int>(e.size());
    if (e.empty()) {
      m.mu = m.mu_star = m.sigma = nan;
      m.mu_star_ci = {nan, nan, nan};
      continue;
    }
    double sum = 0, abs_total = 0;
    for (double v : e) {
      sum += v;
      abs_total += std::abs(v);
    }
    m.mu = sum / double(e.size());
    m.mu_star = abs_total / double(e.size());
    double ss = 0;
    for (double v : e) ss += (v - m.mu) * (v - m.mu);
    m.sigma = e.size() > 1 ? std::sqrt(ss / double(e.size() - 1)) : 0.0;
    m.mu_star_ci.value = m.mu_star;
  }

  // percentile bootstrap of mu* over the trajectories
  std::vector<std::vector<double>> boot(nk);
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_int_distribution<Eigen::Index> pick(0, r - 1);
  std::vector<Eigen::Index> drawn(static_cast<std::size_t>(r));
  for (int b = 0; b < bootstrap; ++b) {
    for (Eigen::Index& t : drawn) t = pick(rng);
    for (Eigen::Index i = 0; i < k; ++i) {
      double s = 0;
      int n = 0;
      for (Eigen::Index t : drawn) {
        s += abs_sum(t, i);
        n += count(t, i);
      }
      boot[static_cast<std::size_t>(i)].push_back(n > 0 ? s / n : nan);
    }
  }
  for (std::size_t i = 0; i < nk; ++i)
    if (out[i].effects > 0) percentile_interval(std::move(boot[i]), confidence, out[i].mu_star_ci);
  return out;
}

Summary summarise(const std::vector<double>& values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (!std::isnan(x)) v.push_back(x);
  Summary s;
  s.n = static_cast<int>(v.size());
  if (v.empty()) {
    s.mean = s.sd = s.q05 = s.q50 = s.q95 = s.min = s.max = nan;
    return s;
  }
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / double(v.size());
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0;
  s.q05 = quantile(v, 0.05);
  s.q50 = quantile(v, 0.50);
  s.q95 = quantile(v, 0.95);
  s.min = quantile(v, 0.0);
  s.max = quantile(std::move(v), 1.0);
  return s;
}

}  // namespace peacesim::sweep
