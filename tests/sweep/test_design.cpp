// Tests src/sweep/design.cpp: the unit-hypercube designs (full factorial, Latin hypercube with
// maximin, Saltelli's scheme on Sobol' points, Morris trajectories): their structure, row order,
// value ranges and determinism in the seed.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

#include "peacesim/sweep/design.hpp"

namespace sw = peacesim::sweep;

namespace {

double min_distance(const Eigen::MatrixXd& x) {
  double best = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = i + 1; j < x.rows(); ++j) best = std::min(best, (x.row(i) - x.row(j)).norm());
  return best;
}

}  // namespace

TEST_CASE("design: names of the design kinds", "[sweep][design]") {
  CHECK(std::string(sw::to_string(sw::DesignKind::factorial)) == "factorial");
  CHECK(std::string(sw::to_string(sw::DesignKind::latin_hypercube)) == "latin_hypercube");
  CHECK(std::string(sw::to_string(sw::DesignKind::sobol)) == "sobol");
  CHECK(std::string(sw::to_string(sw::DesignKind::morris)) == "morris");
}

TEST_CASE("design: full factorial has prod(levels) rows, the last factor fastest", "[sweep][design]") {
  const Eigen::MatrixXi x = sw::factorial_design({2, 3, 2});
  REQUIRE(x.rows() == 12);
  REQUIRE(x.cols() == 3);
  // row r is r written in the mixed radix (2, 3, 2)
  for (int r = 0; r < 12; ++r) {
    INFO("row " << r);
    CHECK(x(r, 0) == r / 6);
    CHECK(x(r, 1) == (r / 2) % 3);
    CHECK(x(r, 2) == r % 2);
  }
  CHECK(x.row(0) == Eigen::RowVector3i(0, 0, 0));
  CHECK(x.row(1) == Eigen::RowVector3i(0, 0, 1));
  CHECK(x.row(2) == Eigen::RowVector3i(0, 1, 0));
  CHECK(x.row(11) == Eigen::RowVector3i(1, 2, 1));
  // every combination exactly once
  std::set<std::vector<int>> seen;
  for (int r = 0; r < 12; ++r) seen.insert({x(r, 0), x(r, 1), x(r, 2)});
  CHECK(seen.size() == 12);

  CHECK(sw::factorial_design({5}).rows() == 5);
  CHECK(sw::factorial_design({1, 1, 4}).rows() == 4);
  CHECK(sw::factorial_design({}).rows() == 1);  // no factor: the one base point
  CHECK_THROWS_AS(sw::factorial_design({2, 0}), std::invalid_argument);
  CHECK_THROWS_AS(sw::factorial_design({65536, 65536}), std::invalid_argument);
}

TEST_CASE("design: Latin hypercube puts exactly one point in each bin of each column", "[sweep][design]") {
  for (const int n : {1, 2, 7, 50, 200}) {
    for (const int candidates : {1, 5}) {
      const Eigen::MatrixXd x = sw::latin_hypercube(n, 4, 42, candidates);
      REQUIRE(x.rows() == n);
      REQUIRE(x.cols() == 4);
      for (int c = 0; c < 4; ++c) {
        std::vector<int> per_bin(static_cast<std::size_t>(n), 0);
        for (int r = 0; r < n; ++r) {
          const double v = x(r, c);
          REQUIRE(v > 0);
          REQUIRE(v < 1);
          ++per_bin[static_cast<std::size_t>(std::floor(v * n))];
        }
        INFO("n " << n << " candidates " << candidates << " column " << c);
        CHECK(std::all_of(per_bin.begin(), per_bin.end(), [](int b) { return b == 1; }));
      }
    }
  }
}

TEST_CASE("design: Latin hypercube is deterministic in its seed, and seeds differ", "[sweep][design]") {
  const Eigen::MatrixXd a = sw::latin_hypercube(30, 3, 7);
  CHECK(a == sw::latin_hypercube(30, 3, 7));
  CHECK(a != sw::latin_hypercube(30, 3, 8));
  CHECK(sw::latin_hypercube(30, 3, 7, 10) == sw::latin_hypercube(30, 3, 7, 10));
  // positions inside the bins are uniform draws, not bin centres
  std::set<double> offsets;
  for (int r = 0; r < 30; ++r) offsets.insert(a(r, 0) * 30 - std::floor(a(r, 0) * 30));
  CHECK(offsets.size() == 30);
}

TEST_CASE("design: maximin keeps the candidate with the largest smallest distance", "[sweep][design]") {
  // candidate 1 of a maximin draw is the plain design of the same seed, so more candidates can
  // only keep or widen the smallest pairwise distance; over many seeds it must widen on average
  double plain_sum = 0, maximin_sum = 0;
  int wider = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const double plain = min_distance(sw::latin_hypercube(20, 3, seed, 1));
    const double best = min_distance(sw::latin_hypercube(20, 3, seed, 50));
    INFO("seed " << seed);
    CHECK(best >= plain);
    plain_sum += plain;
    maximin_sum += best;
    wider += best > plain;
  }
  CHECK(wider >= 15);
  CHECK(maximin_sum > 1.3 * plain_sum);
  // the winner is the best of the candidates: none of the first 10 single draws of the same
  // stream is better than the 10-candidate result
  const double best10 = min_distance(sw::latin_hypercube(20, 3, 99, 10));
  for (int c = 1; c <= 10; ++c) CHECK(min_distance(sw::latin_hypercube(20, 3, 99, c)) <= best10);
  CHECK_THROWS_AS(sw::latin_hypercube(0, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(sw::latin_hypercube(5, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(sw::latin_hypercube(5, 3, 1, 0), std::invalid_argument);
}

TEST_CASE("design: Saltelli rows are A, AB_1..AB_k, B per base sample", "[sweep][design]") {
  const int n = 64, k = 4;
  const Eigen::MatrixXd x = sw::saltelli_design(n, k);
  REQUIRE(x.rows() == n * (k + 2));
  REQUIRE(x.cols() == k);
  CHECK(x.minCoeff() > 0);
  CHECK(x.maxCoeff() < 1);
  std::set<std::vector<double>> a_rows;
  for (int j = 0; j < n; ++j) {
    const Eigen::RowVectorXd a = x.row(j * (k + 2));
    const Eigen::RowVectorXd b = x.row(j * (k + 2) + k + 1);
    INFO("base sample " << j);
    for (int i = 0; i < k; ++i) {
      const Eigen::RowVectorXd ab = x.row(j * (k + 2) + 1 + i);
      for (int c = 0; c < k; ++c) CHECK(ab(c) == (c == i ? b(c) : a(c)));
    }
    if (j > 0) CHECK((a.array() != b.array()).any());  // (A, B) is one point of a 2k-dim sequence
    a_rows.insert(std::vector<double>(a.data(), a.data() + k));
  }
  CHECK(a_rows.size() == std::size_t(n));  // no repeated point
  // the first coordinate of A is the van der Corput sequence in Gray-code order, after the origin
  const std::vector<double> corput{0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875};
  for (std::size_t j = 0; j < corput.size(); ++j) CHECK(x(Eigen::Index(j) * (k + 2), 0) == corput[j]);
  // low discrepancy: N = 2^m consecutive Sobol' points take each value j / N of a coordinate
  // once (one point swapped for the origin), so every column's mean is within 1 / N of 1/2
  for (int c = 0; c < k; ++c) {
    double sa = 0, sb = 0;
    for (int j = 0; j < n; ++j) {
      sa += x(j * (k + 2), c);
      sb += x(j * (k + 2) + k + 1, c);
    }
    CHECK(std::abs(sa / n - 0.5) <= 1.0 / n);
    CHECK(std::abs(sb / n - 0.5) <= 1.0 / n);
  }
}

TEST_CASE("design: Saltelli skip starts further along the sequence", "[sweep][design]") {
  const int k = 3;
  const Eigen::MatrixXd all = sw::saltelli_design(16, k);
  const Eigen::MatrixXd later = sw::saltelli_design(8, k, 8);
  CHECK(later == all.bottomRows(8 * (k + 2)));
  CHECK(sw::saltelli_design(16, k) == all);  // no seed: the sequence is fixed
  CHECK_THROWS_AS(sw::saltelli_design(0, 3), std::invalid_argument);
  CHECK_THROWS_AS(sw::saltelli_design(8, 0), std::invalid_argument);
  CHECK_THROWS_AS(sw::saltelli_design(8, 5000), std::invalid_argument);
}

TEST_CASE("design: Morris delta is p / (2 (p - 1))", "[sweep][design]") {
  CHECK(sw::morris_delta(4) == Approx(2.0 / 3.0));
  CHECK(sw::morris_delta(2) == Approx(1.0));
  CHECK(sw::morris_delta(6) == Approx(0.6));
  CHECK_THROWS_AS(sw::morris_delta(3), std::invalid_argument);
  CHECK_THROWS_AS(sw::morris_delta(0), std::invalid_argument);
}

TEST_CASE("design: Morris trajectories move each factor once by plus or minus delta, on the grid", "[sweep][design]") {
  for (const int p : {4, 6, 8}) {
    const int r = 40, k = 5;
    const double delta = sw::morris_delta(p);
    const Eigen::MatrixXd x = sw::morris_design(r, k, p, 3);
    REQUIRE(x.rows() == r * (k + 1));
    REQUIRE(x.cols() == k);
    int ups = 0, downs = 0;
    std::set<std::vector<int>> orders;
    for (int t = 0; t < r; ++t) {
      std::vector<int> moved;
      for (int s = 0; s < k; ++s) {
        const Eigen::RowVectorXd d = x.row(t * (k + 1) + s + 1) - x.row(t * (k + 1) + s);
        int changed = 0;
        for (int c = 0; c < k; ++c) {
          if (d(c) == 0) continue;
          ++changed;
          moved.push_back(c);
          CHECK(std::abs(d(c)) == Approx(delta).margin(1e-12));
          (d(c) > 0 ? ups : downs) += 1;
        }
        INFO("p " << p << " trajectory " << t << " step " << s);
        CHECK(changed == 1);
      }
      std::vector<int> sorted = moved;
      std::sort(sorted.begin(), sorted.end());
      CHECK(sorted == std::vector<int>{0, 1, 2, 3, 4});  // each factor exactly once
      orders.insert(moved);
    }
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const double level = x.data()[i] * (p - 1);
      CHECK(level == Approx(std::round(level)).margin(1e-9));  // on the grid {0, 1/(p-1), ..., 1}
      CHECK(x.data()[i] >= 0);
      CHECK(x.data()[i] <= 1);
    }
    CHECK(ups > 0);  // both directions occur
    CHECK(downs > 0);
    CHECK(orders.size() > 20);  // factor orders are random, not one fixed order
  }
}

TEST_CASE("design: Morris is deterministic in its seed, and seeds differ", "[sweep][design]") {
  CHECK(sw::morris_design(10, 4, 4, 11) == sw::morris_design(10, 4, 4, 11));
  CHECK(sw::morris_design(10, 4, 4, 11) != sw::morris_design(10, 4, 4, 12));
  CHECK_THROWS_AS(sw::morris_design(0, 4, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(sw::morris_design(10, 0, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(sw::morris_design(10, 4, 5, 1), std::invalid_argument);
}
