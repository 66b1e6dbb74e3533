#pragma once
/// series.csv of an ensemble (`validate`, `compare`): per reporting tick and metric, the mean
/// and the 5% and 95% quantiles over the finished replicates (docs/metrics.md, "series.csv").
/// The report draws its bands from it.
#include <string>
#include <vector>

#include "peacesim/io/output.hpp"

namespace peacesim::report {

/// Collects one scenario's replicates. `observe` is called after every step from the worker
/// running replicate r; it writes only into r's slot, so the result does not depend on threads.
class EnsembleSeries {
 public:
  /// `ticks`: how many ticks each replicate runs (rows at every output.series_every_days, and the last).
  EnsembleSeries(const Scenario& s, int replicates, int ticks);
  void observe(int replicate, const Simulation& sim);
  /// Writes the rows of this scenario (label in the first column) over the replicates with
  /// finished[r] true. The header is written by `write_header`.
  void write(io::CsvFile& csv, const std::string& label, const std::vector<char>& finished) const;
  static void write_header(io::CsvFile& csv);
  const std::vector<std::string>& metrics() const { return names_; }

 private:
  const Scenario* s_;
  std::vector<std::string> names_;
  std::vector<int> row_of_tick_;  ///< row index or -1
  std::vector<int> row_ticks_;
  std::vector<std::vector<double>> values_;    ///< [replicate][row * metrics + metric]
  std::vector<std::vector<double>> murdered_;  ///< [replicate][group] cumulative victims
};

}  // namespace peacesim::report
