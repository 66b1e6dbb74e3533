#pragma once
/// Ensembles: many replicates of one scenario (seeds seed, seed+1, ...) on a pool of threads.
///
/// Replicate r always runs with seed `first_seed + r`, whichever thread runs it, so an
/// ensemble's results are the same on 1 thread or 16. Observers receive the replicate index
/// and write only to that replicate's slot: no locks, no shared mutable state.
#include <atomic>
#include <cstdint>
#include <vector>
#include <functional>
#include <memory>

#include "peacesim/sim/simulation.hpp"

namespace peacesim {

struct EnsembleOptions {
  int replicates = 20;
  int jobs = 1;                  ///< worker threads (>= 1)
  std::uint64_t first_seed = 1;  ///< replicate r runs with seed first_seed + r
  int max_ticks = -1;            ///< stop each run early (-1: the scenario's horizon)
  /// Called from the calling thread as replicates finish (done, total); may be empty.
  std::function<void(int, int)> progress;
  /// When set and it becomes true (e.g. from a signal handler), no new run is started and runs
  /// in progress stop at their next tick; those are not finished. May be null.
  const std::atomic<bool>* cancel = nullptr;
};

/// Which runs finished. A run that was cancelled or never started is not finished.
struct EnsembleResult {
  std::vector<char> finished;  ///< by replicate (or, for run_ensembles, by task)
  bool cancelled = false;      ///< the cancel flag stopped the ensemble early
  [[nodiscard]] int finished_count() const;
};

/// Runs the ensemble; `after_step(r, sim)` is called after every step of replicate r, from the
/// worker thread running it. Exceptions in a worker are rethrown in the caller.
EnsembleResult run_ensemble(const std::shared_ptr<const Scenario>& scenario, const EnsembleOptions& options,
                            const std::function<void(int replicate, const Simulation& sim)>& after_step);

/// Paired ensembles of several scenarios: replicate r of every scenario runs with seed
/// `first_seed + r`, and runs are handed out replicate by replicate (r = 0 of every scenario,
/// then r = 1, ...), so that an ensemble stopped early holds complete pairs. `after_step(k, r,
/// sim)` gets the scenario index k. `finished` in the result is indexed by r * scenarios + k.
EnsembleResult run_ensembles(const std::vector<std::shared_ptr<const Scenario>>& scenarios,
                             const EnsembleOptions& options,
                             const std::function<void(int scenario, int replicate, const Simulation& sim)>& after_step);

/// The q-quantile (0..1) of values, by linear interpolation between order statistics.
double quantile(std::vector<double> values, double q);

}  // namespace peacesim
