#include "peacesim/sweep/design.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace peacesim::sweep {

namespace {

using Engine = boost::random::mt19937_64;

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

/// Fisher-Yates with Boost's integer distribution: std::shuffle's algorithm differs between
/// standard libraries, this one does not.
void shuffle(std::vector<int>& v, Engine& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(v[i - 1], v[pick(rng)]);
  }
}

/// One Latin hypercube: column by column, a random permutation of the bins and a uniform
/// position inside each bin. A draw that rounds onto a bin edge (0, or the next bin) is redrawn,
/// so every entry lies in (0, 1) and floor(x n) is its bin exactly.
Eigen::MatrixXd one_hypercube(int n, int k, Engine& rng) {
  Eigen::MatrixXd x(n, k);
  boost::random::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<int> bins(static_cast<std::size_t>(n));
  for (int c = 0; c < k; ++c) {
    std::iota(bins.begin(), bins.end(), 0);
    shuffle(bins, rng);
    for (int r = 0; r < n; ++r) {
      const int bin = bins[static_cast<std::size_t>(r)];
      double v = 0;
      do {
        v = (bin + unit(rng)) / n;
      } while (!(v > 0 && v < 1 && static_cast<int>(std::floor(v * n)) == bin));
      x(r, c) = v;
    }
  }
  return x;
}

/// The smallest squared Euclidean distance between two rows (infinity with fewer than 2 rows).
double min_squared_distance(const Eigen::MatrixXd& x) {
  double best = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = i + 1; j < x.rows(); ++j) best = std::min(best, (x.row(i) - x.row(j)).squaredNorm());
  return best;
}

}  // namespace

const char* to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::factorial:
      return "factorial";
    case DesignKind::latin_hypercube:
      return "latin_hypercube";
    case DesignKind::sobol:
      return "sobol";
    case DesignKind::morris:
      return "morris";
  }
  return "unknown";
}

Eigen::MatrixXi factorial_design(const std::vector<int>& levels) {
  long long rows = 1;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    require(levels[i] >= 1, "factorial design: factor " + std::to_string(i) + " has " + std::to_string(levels[i]) +
                                " levels; expected at least 1");
    rows *= levels[i];
    require(rows <= std::numeric_limits<int>::max(), "factorial design: more than 2^31 - 1 combinations");
  }
  const auto k = static_cast<Eigen::Index>(levels.size());
  Eigen::MatrixXi x(static_cast<Eigen::Index>(rows), k);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    long long rest = r;
    for (Eigen::Index c = k - 1; c >= 0; --c) {  // the last factor varies fastest
      const int n = levels[static_cast<std::size_t>(c)];
      x(r, c) = static_cast<int>(rest % n);
      rest /= n;
    }
  }
  return x;
}

Eigen::MatrixXd latin_hypercube(int points, int factors, std::uint64_t seed, int maximin_candidates) {
  require(points >= 1, "Latin hypercube: points must be at least 1, got " + std::to_string(points));
  require(factors >= 1, "Latin hypercube: factors must be at least 1, got " + std::to_string(factors));
  require(maximin_candidates >= 1,
          "Latin hypercube: maximin candidates must be at least 1, got " + std::to_string(maximin_candidates));
  Engine rng(seed);
  // candidate 1 is the design drawn without maximin, so more candidates can only keep or widen
  // the smallest distance
  Eigen::MatrixXd best = one_hypercube(points, factors, rng);
  if (maximin_candidates == 1) return best;
  double best_distance = min_squared_distance(best);
  for (int c = 1; c < maximin_candidates; ++c) {
    Eigen::MatrixXd x = one_hypercube(points, factors, rng);
    const double d = min_squared_distance(x);
    if (d > best_distance) {  // ties keep the first
      best_distance = d;
      best = std::move(x);
    }
  }
  return best;
}

Eigen::MatrixXd saltelli_design(int base_samples, int factors, std::uint64_t skip) {
  require(base_samples >= 1, "Sobol' design: base samples must be at least 1, got " + std::to_string(base_samples));
  require(factors >= 1, "Sobol' design: factors must be at least 1, got " + std::to_string(factors));
  const auto dims = static_cast<std::size_t>(2 * factors);
  constexpr std::size_t max_dims = boost::random::default_sobol_table::max_dimension;
  require(dims <= max_dims,
          "Sobol' design: at most " + std::to_string(max_dims / 2) + " factors, got " + std::to_string(factors));
  // Boost's generator starts after the origin (its first point is (1/2, ..., 1/2)); `skip`
  // more points are discarded, each `dims` values
  boost::random::sobol sequence(dims);
  if (skip > 0) sequence.discard(skip * dims);
  const int k = factors;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(base_samples) * (k + 2), k);
  std::vector<double> point(dims);
  for (int j = 0; j < base_samples; ++j) {
    for (double& v : point) v = std::ldexp(static_cast<double>(sequence()), -64);
    const Eigen::Index a = static_cast<Eigen::Index>(j) * (k + 2);
    for (int c = 0; c < k; ++c) {
      const double va = point[static_cast<std::size_t>(c)];
      const double vb = point[static_cast<std::size_t>(k + c)];
      x(a, c) = va;                                                      // A_j
      x(a + k + 1, c) = vb;                                              // B_j
      for (int i = 0; i < k; ++i) x(a + 1 + i, c) = (c == i) ? vb : va;  // AB_j^i: column i from B
    }
  }
  return x;
}

double morris_delta(int levels) {
  require(levels >= 2 && levels % 2 == 0,
          "Morris design: levels must be an even number >= 2, got " + std::to_string(levels));
  return levels / (2.0 * (levels - 1));
}

Eigen::MatrixXd morris_design(int trajectories, int factors, int levels, std::uint64_t seed) {
  require(trajectories >= 1, "Morris design: trajectories must be at least 1, got " + std::to_string(trajectories));
  require(factors >= 1, "Morris design: factors must be at least 1, got " + std::to_string(factors));
  morris_delta(levels);  // validates levels
  const int k = factors;
  const int half = levels / 2;  // delta in grid steps: p / 2 steps of 1 / (p - 1)
  Engine rng(seed);
  boost::random::uniform_int_distribution<int> base_level(0, half - 1);
  boost::random::uniform_int_distribution<int> coin(0, 1);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(trajectories) * (k + 1), k);
  std::vector<int> grid(static_cast<std::size_t>(k)), order(static_cast<std::size_t>(k));
  for (int t = 0; t < trajectories; ++t) {
    // Morris's B*: a random base point x* on the lower half of the grid, a random direction per
    // factor (+delta from x*, or -delta from x* + delta), factors moved in a random order
    std::vector<int> step(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) {
      const int base = base_level(rng);
      const bool up = coin(rng) == 1;
      grid[static_cast<std::size_t>(c)] = up ? base : base + half;
      step[static_cast<std::size_t>(c)] = up ? half : -half;
    }
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, rng);
    const Eigen::Index row0 = static_cast<Eigen::Index>(t) * (k + 1);
    for (int s = 0; s <= k; ++s) {
      if (s > 0) {
        const auto c = static_cast<std::size_t>(order[static_cast<std::size_t>(s - 1)]);
        grid[c] += step[c];
      }
      for (int c = 0; c < k; ++c) x(row0 + s, c) = grid[static_cast<std::size_t>(c)] / double(levels - 1);
    }
  }
  return x;
}

}  // namespace peacesim::sweep
