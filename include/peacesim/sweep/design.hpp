#pragma once
/// Experimental designs in the unit hypercube: which factor values a sweep runs.
///
/// Every design here except the full factorial returns points in [0, 1]^k (one column per
/// factor); the experiment maps each column through its factor's levels, range or distribution
/// (an inverse CDF). Designs are pure functions of their spec and seed, drawn with Boost.Random
/// (the same algorithms on every standard library), so design.csv is the same on every machine.
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace peacesim::sweep {

enum class DesignKind : std::uint8_t {
  factorial,        ///< every combination of the factors' levels
  latin_hypercube,  ///< n points, each factor stratified into n equal bins (McKay et al. 1979)
  sobol,            ///< Saltelli's scheme on a Sobol' sequence, for Sobol' indices (Saltelli 2010)
  morris,           ///< r elementary-effect trajectories of k + 1 points (Morris 1991)
};
const char* to_string(DesignKind);

/// Full factorial: every combination of level indices, the last factor varying fastest.
/// `levels[i]` >= 1 is factor i's number of levels. Rows: prod(levels); entries are level indices.
Eigen::MatrixXi factorial_design(const std::vector<int>& levels);

/// Latin hypercube of `points` rows and `factors` columns in (0, 1): in each column every bin
/// [j/n, (j+1)/n) holds exactly one point, at a uniform position inside it. With `maximin_candidates`
/// > 1, that many hypercubes are drawn and the one with the largest smallest pairwise Euclidean
/// distance is kept (ties: the first). Deterministic in `seed`.
Eigen::MatrixXd latin_hypercube(int points, int factors, std::uint64_t seed, int maximin_candidates = 1);

/// Saltelli's sampling scheme for first-order and total Sobol' indices, without second order.
/// Draws `base_samples` (N) points of a 2k-dimensional Sobol' sequence (boost::random::sobol,
/// skipping its first point, the origin, and then `skip` more), A = the first k coordinates,
/// B = the last k, and AB_i = A with column i taken from B. Rows, in SALib's order, per base sample
/// j: A_j, AB_j^1, ..., AB_j^k, B_j; so N * (k + 2) rows. Entries lie in (0, 1).
Eigen::MatrixXd saltelli_design(int base_samples, int factors, std::uint64_t skip = 0);

/// Morris's elementary-effects design: `trajectories` (r) trajectories of k + 1 points on a grid
/// of `levels` (p, even) levels {0, 1/(p-1), ..., 1}, step delta = p / (2 (p - 1)); consecutive
/// rows of a trajectory differ in exactly one factor, by +delta or -delta, each factor exactly once
/// per trajectory, in random order (Morris 1991; Campolongo et al. 2007 without the spread
/// optimisation). Rows: r * (k + 1), trajectory t in rows t (k + 1) .. t (k + 1) + k.
/// Deterministic in `seed`.
Eigen::MatrixXd morris_design(int trajectories, int factors, int levels, std::uint64_t seed);

/// Morris's step for `levels` grid levels: p / (2 (p - 1)).
double morris_delta(int levels);

}  // namespace peacesim::sweep
