#pragma once
/// Sensitivity analysis of sweep outputs: Sobol' indices, Morris screening, per-point summaries.
///
/// Pure functions over Eigen vectors: `peacesim analyze` reads runs.csv, averages each output
/// over the replicates of a design point and passes the per-point values here in design order.
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace peacesim::sweep {

/// An estimate with a bootstrap confidence interval.
struct Estimate {
  double value = 0, lo = 0, hi = 0;
};

/// First-order and total Sobol' indices of one factor.
struct SobolIndices {
  Estimate first;  ///< S_i, Saltelli et al. 2010 (Comput. Phys. Commun. 181:259), Table 2 (b)
  Estimate total;  ///< S_Ti, Jansen 1999 estimator, Saltelli et al. 2010 Table 2 (f)
};

/// Sobol' indices from outputs `y` in saltelli_design's row order (N * (k + 2) values).
/// Variance: of the 2N values f(A), f(B) (as SALib). Confidence intervals: percentile bootstrap
/// over the N base samples (`bootstrap` resamples, drawn with Boost.Random from `seed`), at level
/// `confidence` (e.g. 0.95). Throws std::invalid_argument if y.size() is not a multiple of k + 2,
/// and returns NaN indices when the output variance is 0.
std::vector<SobolIndices> sobol_indices(const Eigen::VectorXd& y, int factors, int bootstrap = 1000,
                                        double confidence = 0.95, std::uint64_t seed = 1);

/// Morris elementary-effect statistics of one factor (Morris 1991; mu* from Campolongo et al. 2007).
struct MorrisIndices {
  double mu = 0;       ///< mean elementary effect
  double mu_star = 0;  ///< mean absolute elementary effect
  double sigma = 0;    ///< standard deviation of the effects (n - 1 denominator; 0 if one effect)
  Estimate mu_star_ci; ///< bootstrap interval of mu* over the trajectories
  int effects = 0;     ///< number of elementary effects (trajectories)
};

/// Morris statistics from a morris_design `x` (rows in trajectory order, unit-hypercube values)
/// and its outputs `y`. Each elementary effect is (y_{j+1} - y_j) / (x_{j+1,i} - x_{j,i}) for the
/// one factor i that changes between consecutive rows of a trajectory (effects in unit-hypercube
/// units, as SALib). Throws std::invalid_argument if a step changes no factor or several.
std::vector<MorrisIndices> morris_indices(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int bootstrap = 1000,
                                          double confidence = 0.95, std::uint64_t seed = 1);

/// Correlation-based sensitivity of one factor, for a design of any kind (a Latin hypercube above all,
/// where neither Sobol' nor Morris applies): Marino et al. 2008 (J. Theor. Biol. 254:178), section 2.4.
struct CorrelationIndices {
  Estimate prcc;       ///< partial rank correlation coefficient, with a bootstrap interval over the points
  double p_value = 0;  ///< two-sided, of PRCC = 0: t = r sqrt((N - 1 - k) / (1 - r^2)), Student's t, N - 1 - k dof
  double src = 0;      ///< standardised regression coefficient of the values: beta_i sd(x_i) / sd(y)
};

/// Every factor's indices, and how far the two regressions behind them explain the output.
struct CorrelationAnalysis {
  std::vector<CorrelationIndices> factors;
  double r2 = 0;       ///< R^2 of the linear regression of y on the factors: the SRC apportion variance only near 1
  double r2_rank = 0;  ///< R^2 of the regression of y's ranks on the factors' ranks: PRCC read monotone effects
};

/// PRCC, p-values and SRC of the factors `x` (one row per design point, one column per factor, in the
/// factors' own values) for outputs `y`. Ranks are average ranks (ties share theirs). PRCC_i is the
/// correlation of the residuals of rank(x_i) and rank(y), each regressed (least squares, with an
/// intercept) on the ranks of the other factors; it is NaN where a residual is 0 (a factor that does not
/// vary, or an output the other factors explain entirely). The bootstrap resamples the N points with
/// replacement and ranks each resample anew. Throws std::invalid_argument unless N >= k + 2.
CorrelationAnalysis correlation_indices(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, int bootstrap = 1000,
                                        double confidence = 0.95, std::uint64_t seed = 1);

/// Mean, standard deviation (n - 1) and quantiles (linear interpolation, as sim/ensemble's
/// quantile) of one design point's replicate values. NaN values are skipped; n counts the rest.
struct Summary {
  double mean = 0, sd = 0, q05 = 0, q50 = 0, q95 = 0, min = 0, max = 0;
  int n = 0;
};
Summary summarise(const std::vector<double>& values);

}  // namespace peacesim::sweep
