// Tests src/sweep/analysis.cpp: Sobol' indices (Saltelli 2010 first order, Jansen total) with
// bootstrap intervals on the Ishigami function and the Sobol' g-function against their analytic
// values, Morris statistics on functions with known effects, and per-point summaries.

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "peacesim/sweep/analysis.hpp"
#include "peacesim/sweep/design.hpp"

namespace sw = peacesim::sweep;

namespace {

using Model = std::function<double(const Eigen::RowVectorXd&)>;

Eigen::VectorXd evaluate(const Eigen::MatrixXd& x, const Model& f) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) y(r) = f(x.row(r));
  return y;
}

/// Ishigami & Homma (1990), a = 7, b = 0.1, inputs uniform on [-pi, pi] (mapped from the unit cube).
constexpr double ishigami_a = 7, ishigami_b = 0.1;
double ishigami(const Eigen::RowVectorXd& u) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u(0), x2 = -pi + 2 * pi * u(1), x3 = -pi + 2 * pi * u(2);
  return std::sin(x1) + ishigami_a * std::sin(x2) * std::sin(x2) + ishigami_b * std::pow(x3, 4) * std::sin(x1);
}

/// Sobol's g-function on [0, 1]^k: prod (|4 x_i - 2| + a_i) / (1 + a_i).
double g_function(const Eigen::RowVectorXd& u, const std::vector<double>& a) {
  double g = 1;
  for (std::size_t i = 0; i < a.size(); ++i) g *= (std::abs(4 * u(Eigen::Index(i)) - 2) + a[i]) / (1 + a[i]);
  return g;
}

void check_inside(const sw::Estimate& e, double analytic, double max_width, const char* what, int factor) {
  INFO(what << " of factor " << factor << ": estimate " << e.value << " [" << e.lo << ", " << e.hi << "], analytic "
            << analytic);
  CHECK(e.lo <= analytic);
  CHECK(analytic <= e.hi);
  CHECK(e.lo <= e.value);
  CHECK(e.value <= e.hi);
  CHECK(e.hi - e.lo < max_width);
}

}  // namespace

TEST_CASE("analysis: Sobol' indices of the Ishigami function contain the analytic values", "[sweep][analysis]") {
  const double pi = std::numbers::pi, a = ishigami_a, b = ishigami_b;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8;
  const double v13 = 8 * b * b * std::pow(pi, 8) / 225;
  const double v = v1 + v2 + v13;
  const std::vector<double> s1{v1 / v, v2 / v, 0}, st{(v1 + v13) / v, v2 / v, v13 / v};
  // the analytic values as published (Saltelli et al. 2008, Global Sensitivity Analysis, 4.1)
  CHECK(s1[0] == Approx(0.3139).margin(1e-4));
  CHECK(s1[1] == Approx(0.4424).margin(1e-4));
  CHECK(st[0] == Approx(0.5576).margin(1e-4));
  CHECK(st[2] == Approx(0.2437).margin(1e-4));

  const int n = 8192, k = 3;
  const Eigen::VectorXd y = evaluate(sw::saltelli_design(n, k), ishigami);
  const std::vector<sw::SobolIndices> s = sw::sobol_indices(y, k, 1000, 0.95, 1);
  REQUIRE(s.size() == 3);
  for (int i = 0; i < k; ++i) {
    check_inside(s[std::size_t(i)].first, s1[std::size_t(i)], 0.08, "S1", i);
    check_inside(s[std::size_t(i)].total, st[std::size_t(i)], 0.08, "ST", i);
  }
  // interactions: x1 and x3 interact (ST > S1), x2 is additive (ST = S1)
  CHECK(s[2].total.lo > 0.15);
  CHECK(std::abs(s[2].first.value) < 0.03);
}

TEST_CASE("analysis: Sobol' indices of the g-function contain the analytic values", "[sweep][analysis]") {
  const std::vector<double> a{0, 1, 4.5, 9, 99, 99};
  const int k = static_cast<int>(a.size());
  std::vector<double> vi;
  double product = 1;
  for (double ai : a) {
    vi.push_back(1.0 / (3 * (1 + ai) * (1 + ai)));
    product *= 1 + vi.back();
  }
  const double v = product - 1;
  const int n = 8192;
  const Eigen::VectorXd y =
      evaluate(sw::saltelli_design(n, k), [&](const Eigen::RowVectorXd& u) { return g_function(u, a); });
  const std::vector<sw::SobolIndices> s = sw::sobol_indices(y, k, 1000, 0.95, 2);
  REQUIRE(s.size() == std::size_t(k));
  double sum_first = 0;
  for (int i = 0; i < k; ++i) {
    const double first = vi[std::size_t(i)] / v;
    const double total = vi[std::size_t(i)] * (product / (1 + vi[std::size_t(i)])) / v;
    check_inside(s[std::size_t(i)].first, first, 0.08, "S1", i);
    check_inside(s[std::size_t(i)].total, total, 0.08, "ST", i);
    sum_first += s[std::size_t(i)].first.value;
  }
  CHECK(sum_first <= 1.02);
  CHECK(s[0].first.lo > 0.5);   // the important factor is found
  CHECK(s[4].total.hi < 0.01);  // a_i = 99: unimportant, and the interval says so
}

TEST_CASE("analysis: Sobol' estimates are exact for a linear function and ignore a constant shift",
          "[sweep][analysis]") {
  const int n = 1024, k = 3;
  const Eigen::MatrixXd x = sw::saltelli_design(n, k);
  // f = x1 + 2 x2 (x3 does not enter): S = ST = (1, 4, 0) / 5
  const Eigen::VectorXd y = evaluate(x, [](const Eigen::RowVectorXd& u) { return u(0) + 2 * u(1); });
  const std::vector<sw::SobolIndices> s = sw::sobol_indices(y, k, 200);
  CHECK(s[0].first.value == Approx(0.2).margin(0.02));
  CHECK(s[1].first.value == Approx(0.8).margin(0.02));
  CHECK(s[2].first.value == Approx(0).margin(1e-12));  // f(AB_3) = f(A) exactly
  CHECK(s[2].total.value == Approx(0).margin(1e-12));
  CHECK(s[2].total.lo == Approx(0).margin(1e-12));
  CHECK(s[0].total.value == Approx(0.2).margin(0.02));
  CHECK(s[1].total.value == Approx(0.8).margin(0.02));
  // adding 1000 to an output (an ABM count with a large mean) changes nothing but rounding
  const Eigen::VectorXd shifted = y.array() + 1000.0;
  const std::vector<sw::SobolIndices> t = sw::sobol_indices(shifted, k, 200);
  for (int i = 0; i < k; ++i) {
    CHECK(t[std::size_t(i)].first.value == Approx(s[std::size_t(i)].first.value).margin(1e-9));
    CHECK(t[std::size_t(i)].first.lo == Approx(s[std::size_t(i)].first.lo).margin(1e-9));
    CHECK(t[std::size_t(i)].total.hi == Approx(s[std::size_t(i)].total.hi).margin(1e-9));
  }
}

TEST_CASE("analysis: Sobol' bootstrap is deterministic in its seed, and bad input is rejected", "[sweep][analysis]") {
  const int k = 3;
  const Eigen::VectorXd y = evaluate(sw::saltelli_design(256, k), ishigami);
  const auto a = sw::sobol_indices(y, k, 300, 0.9, 5), b = sw::sobol_indices(y, k, 300, 0.9, 5);
  const auto c = sw::sobol_indices(y, k, 300, 0.9, 6);
  CHECK(a[0].first.lo == b[0].first.lo);
  CHECK(a[1].total.hi == b[1].total.hi);
  CHECK(a[0].first.value == c[0].first.value);  // the estimate does not depend on the bootstrap
  CHECK(a[0].first.lo != c[0].first.lo);
  // a wider confidence level gives a wider interval
  const auto wide = sw::sobol_indices(y, k, 300, 0.99, 5);
  CHECK(wide[1].first.hi - wide[1].first.lo > a[1].first.hi - a[1].first.lo);
  // no bootstrap: estimates without bounds
  const auto none = sw::sobol_indices(y, k, 0);
  CHECK(none[0].first.value == a[0].first.value);
  CHECK(std::isnan(none[0].first.lo));

  CHECK_THROWS_AS(sw::sobol_indices(Eigen::VectorXd::Zero(11), 3), std::invalid_argument);
  CHECK_THROWS_AS(sw::sobol_indices(Eigen::VectorXd(), 3), std::invalid_argument);
  CHECK_THROWS_AS(sw::sobol_indices(y, 0), std::invalid_argument);
  CHECK_THROWS_AS(sw::sobol_indices(y, k, 10, 1.0), std::invalid_argument);
  // a constant output has no variance to attribute
  const auto flat = sw::sobol_indices(Eigen::VectorXd::Constant(50, 3.0), 3, 20);
  for (const auto& e : flat) {
    CHECK(std::isnan(e.first.value));
    CHECK(std::isnan(e.total.value));
    CHECK(std::isnan(e.first.lo));
  }
}

TEST_CASE("analysis: Morris on a linear function gives mu and mu-star = coefficient x range, sigma 0",
          "[sweep][analysis]") {
  const int r = 20, k = 3;
  const Eigen::MatrixXd x = sw::morris_design(r, k, 4, 9);
  // x1 on [10, 30] with coefficient 3, x2 on [0, 5] with coefficient -2, x3 does not enter
  const Eigen::VectorXd y =
      evaluate(x, [](const Eigen::RowVectorXd& u) { return 3 * (10 + 20 * u(0)) - 2 * (5 * u(1)) + 100; });
  const std::vector<sw::MorrisIndices> m = sw::morris_indices(x, y, 500, 0.95, 1);
  REQUIRE(m.size() == 3);
  CHECK(m[0].mu == Approx(60).margin(1e-9));
  CHECK(m[0].mu_star == Approx(60).margin(1e-9));
  CHECK(m[0].sigma == Approx(0).margin(1e-9));
  CHECK(m[1].mu == Approx(-10).margin(1e-9));  // the sign of a step down is handled
  CHECK(m[1].mu_star == Approx(10).margin(1e-9));
  CHECK(m[1].sigma == Approx(0).margin(1e-9));
  CHECK(m[2].mu == 0);
  CHECK(m[2].mu_star == 0);
  CHECK(m[2].sigma == 0);
  CHECK(m[2].mu_star_ci.hi == 0);
  for (const auto& f : m) {
    CHECK(f.effects == r);
    CHECK(f.mu_star_ci.value == f.mu_star);
    CHECK(f.mu_star_ci.lo == Approx(f.mu_star).margin(1e-9));  // identical effects: a point interval
    CHECK(f.mu_star_ci.hi == Approx(f.mu_star).margin(1e-9));
  }
}

TEST_CASE("analysis: Morris sigma shows an interaction and the mu-star interval covers it", "[sweep][analysis]") {
  const int r = 50, k = 3;
  const Eigen::MatrixXd x = sw::morris_design(r, k, 4, 21);
  // x1 x2 interact; x3 is linear
  const Eigen::VectorXd y = evaluate(x, [](const Eigen::RowVectorXd& u) { return 4 * u(0) * u(1) + u(2); });
  const std::vector<sw::MorrisIndices> m = sw::morris_indices(x, y, 1000, 0.95, 3);
  // the effect of x1 is 4 x2, with x2 uniform on the grid {0, 1/3, 2/3, 1}: mu* = 4 E[x2] = 2
  for (int i : {0, 1}) {
    INFO("factor " << i << " mu* " << m[std::size_t(i)].mu_star << " [" << m[std::size_t(i)].mu_star_ci.lo << ", "
                   << m[std::size_t(i)].mu_star_ci.hi << "] sigma " << m[std::size_t(i)].sigma);
    CHECK(m[std::size_t(i)].sigma > 0.5);
    CHECK(m[std::size_t(i)].mu_star_ci.lo <= 2.0);
    CHECK(m[std::size_t(i)].mu_star_ci.hi >= 2.0);
    CHECK(m[std::size_t(i)].mu_star_ci.lo < m[std::size_t(i)].mu_star_ci.hi);
    CHECK(m[std::size_t(i)].mu_star_ci.hi - m[std::size_t(i)].mu_star_ci.lo < 1.5);
  }
  CHECK(m[2].mu_star == Approx(1).margin(1e-9));
  CHECK(m[2].sigma == Approx(0).margin(1e-9));
}

TEST_CASE("analysis: Morris rejects steps that move no factor or several", "[sweep][analysis]") {
  Eigen::MatrixXd x = sw::morris_design(3, 2, 4, 1);
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(x.rows(), 0, 1);
  CHECK_NOTHROW(sw::morris_indices(x, y));
  Eigen::MatrixXd none = x;
  none.row(1) = none.row(0);
  CHECK_THROWS_AS(sw::morris_indices(none, y), std::invalid_argument);
  Eigen::MatrixXd two = x;
  two.row(1) = Eigen::RowVector2d(1 - two(0, 0), 1 - two(0, 1));  // both move (they start at grid levels != 1/2)
  CHECK_THROWS_AS(sw::morris_indices(two, y), std::invalid_argument);
  CHECK_THROWS_AS(sw::morris_indices(x, Eigen::VectorXd::Zero(4)), std::invalid_argument);
  CHECK_THROWS_AS(sw::morris_indices(x.topRows(4), Eigen::VectorXd::Zero(4)), std::invalid_argument);
  // one trajectory: sigma is 0 by definition
  const Eigen::MatrixXd one = sw::morris_design(1, 2, 4, 1);
  const auto m = sw::morris_indices(one, evaluate(one, [](const Eigen::RowVectorXd& u) { return u(0) * u(1); }));
  CHECK(m[0].effects == 1);
  CHECK(m[0].sigma == 0);
}

TEST_CASE("analysis: summarise gives mean, sd, quantiles and skips NaN", "[sweep][analysis]") {
  const sw::Summary s = sw::summarise({4, 1, 3, 2, 5});
  CHECK(s.n == 5);
  CHECK(s.mean == Approx(3));
  CHECK(s.sd == Approx(std::sqrt(2.5)));
  CHECK(s.q50 == Approx(3));
  CHECK(s.q05 == Approx(1.2));  // position 0.05 * 4 = 0.2 between 1 and 2
  CHECK(s.q95 == Approx(4.8));
  CHECK(s.min == 1);
  CHECK(s.max == 5);

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const sw::Summary t = sw::summarise({nan, 10, 20, nan});
  CHECK(t.n == 2);
  CHECK(t.mean == Approx(15));
  CHECK(t.sd == Approx(std::sqrt(50.0)));
  CHECK(t.q50 == Approx(15));
  CHECK(t.q05 == Approx(10.5));

  const sw::Summary one = sw::summarise({7});
  CHECK(one.n == 1);
  CHECK(one.mean == 7);
  CHECK(one.sd == 0);
  CHECK(one.q05 == 7);
  CHECK(one.q95 == 7);

  const sw::Summary empty = sw::summarise({nan});
  CHECK(empty.n == 0);
  CHECK(std::isnan(empty.mean));
  CHECK(std::isnan(empty.q50));
}

TEST_CASE("analysis: PRCC with an unobserved input matches Spearman's rho of 0.7, SRC and R^2 their analytic values",
          "[sweep][analysis]") {
  // y = x1 + u, x1 and u independent uniforms on [0, 1], u not a factor: with one factor PRCC is Spearman's
  // rho of x1 and x1 + u, which is 12 E[F(x1) G(x1 + u)] - 3 = 7/10 (G the triangular CDF of the sum); the
  // SRC is Pearson's r = sd(x1) / sd(y) = 1 / sqrt(2), and R^2 = 1/2
  const Eigen::MatrixXd xu = sw::latin_hypercube(2000, 2, 11);
  const Eigen::VectorXd y = evaluate(xu, [](const Eigen::RowVectorXd& v) { return v(0) + v(1); });
  const Eigen::MatrixXd x = xu.leftCols(1);
  const sw::CorrelationAnalysis a = sw::correlation_indices(x, y, 500, 0.95, 3);
  REQUIRE(a.factors.size() == 1);
  check_inside(a.factors[0].prcc, 0.7, 0.06, "PRCC", 0);
  CHECK(a.factors[0].src == Approx(1 / std::sqrt(2.0)).margin(0.02));
  CHECK(a.r2 == Approx(0.5).margin(0.03));
  CHECK(a.factors[0].p_value < 1e-12);
}

TEST_CASE("analysis: SRC of a linear function are exact and PRCC finds the factors that enter, not the one that does not",
          "[sweep][analysis]") {
  // y = 4 x1 + 2 x2 + 10 on [0, 1]^3: the regression is exact, so SRC_i = beta_i sd(x_i) / sd(y) with beta = 4, 2, 0
  // (about 4 / sqrt(20) and 2 / sqrt(20), sd(y)^2 = 20 / 12, for uniform inputs), and R^2 = 1
  const Eigen::MatrixXd x = sw::latin_hypercube(400, 3, 5);
  const Eigen::VectorXd y = evaluate(x, [](const Eigen::RowVectorXd& v) { return 4 * v(0) + 2 * v(1) + 10; });
  const sw::CorrelationAnalysis a = sw::correlation_indices(x, y, 300, 0.95, 1);
  REQUIRE(a.factors.size() == 3);
  auto sd = [](const Eigen::VectorXd& v) { return std::sqrt((v.array() - v.mean()).square().sum() / double(v.size() - 1)); };
  CHECK(a.factors[0].src == Approx(4 * sd(x.col(0)) / sd(y)).epsilon(1e-9));
  CHECK(a.factors[1].src == Approx(2 * sd(x.col(1)) / sd(y)).epsilon(1e-9));
  CHECK(a.factors[2].src == Approx(0).margin(1e-9));
  CHECK(a.factors[0].src == Approx(4 / std::sqrt(20.0)).margin(0.03));
  CHECK(a.factors[1].src == Approx(2 / std::sqrt(20.0)).margin(0.03));
  CHECK(a.r2 == Approx(1).margin(1e-12));
  CHECK(a.r2_rank > 0.95);
  CHECK(a.factors[0].prcc.value > 0.95);
  CHECK(a.factors[1].prcc.value > 0.8);
  CHECK(a.factors[0].p_value < 1e-12);
  CHECK(std::abs(a.factors[2].prcc.value) < 0.15);  // about 3 standard errors (1 / sqrt(N))
  CHECK(a.factors[2].p_value > 0.001);
  CHECK(a.factors[2].prcc.lo < 0);
  CHECK(a.factors[2].prcc.hi > 0);
}

TEST_CASE("analysis: PRCC does not move when the output or a factor is transformed monotonically, SRC does",
          "[sweep][analysis]") {
  const Eigen::MatrixXd xu = sw::latin_hypercube(300, 4, 17);
  const Eigen::VectorXd y =
      evaluate(xu, [](const Eigen::RowVectorXd& v) { return v(0) + 0.5 * v(1) * v(1) - 0.3 * v(2) + v(3); });
  const Eigen::MatrixXd x = xu.leftCols(3);  // the fourth input is noise the factors do not see
  Eigen::MatrixXd x_cubed = x;
  x_cubed.col(0) = x.col(0).array().cube();
  const Eigen::VectorXd y_exp = y.array().exp();
  const sw::CorrelationAnalysis a = sw::correlation_indices(x, y, 200, 0.95, 9);
  const sw::CorrelationAnalysis b = sw::correlation_indices(x_cubed, y_exp, 200, 0.95, 9);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("factor " << i);
    CHECK(a.factors[i].prcc.value == b.factors[i].prcc.value);  // the same ranks, the same arithmetic
    CHECK(a.factors[i].prcc.lo == b.factors[i].prcc.lo);
    CHECK(a.factors[i].prcc.hi == b.factors[i].prcc.hi);
    CHECK(a.factors[i].p_value == b.factors[i].p_value);
  }
  CHECK(a.r2_rank == b.r2_rank);
  CHECK(a.factors[0].src != Approx(b.factors[0].src).epsilon(1e-3));  // the values' regression is not rank-based
  CHECK(a.factors[2].prcc.value < 0);                                  // a negative effect keeps its sign
  CHECK(a.factors[2].prcc.hi < 0);
}

TEST_CASE("analysis: PRCC of tied values, a constant factor, and too few points", "[sweep][analysis]") {
  // x1 takes two levels (ties share their mean rank), x2 is uniform, x3 never changes
  const int n = 200;
  Eigen::MatrixXd x(n, 3);
  const Eigen::MatrixXd u = sw::latin_hypercube(n, 2, 23);
  for (int r = 0; r < n; ++r) {
    x(r, 0) = r % 2;
    x(r, 1) = u(r, 0);
    x(r, 2) = 7;
  }
  const Eigen::VectorXd y = 3 * x.col(0) + x.col(1) + 0.5 * u.col(1);
  const sw::CorrelationAnalysis a = sw::correlation_indices(x, y, 100, 0.95, 1);
  CHECK(a.factors[0].prcc.value > 0.8);  // two levels far apart: ranks split cleanly at the tie
  CHECK(a.factors[1].prcc.value > 0.5);
  CHECK(std::isnan(a.factors[2].prcc.value));  // a factor that does not vary has no partial correlation
  CHECK(std::isnan(a.factors[2].prcc.lo));
  CHECK(std::isnan(a.factors[2].p_value));
  CHECK_THROWS_AS(sw::correlation_indices(x.topRows(4), y.head(4), 10), std::invalid_argument);  // N < k + 2
  CHECK_THROWS_AS(sw::correlation_indices(x, y.head(10), 10), std::invalid_argument);
  CHECK_THROWS_AS(sw::correlation_indices(x, y, -1), std::invalid_argument);
}
