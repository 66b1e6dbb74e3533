#pragma once
/// Reference outcomes and the regression check (`peacesim check`, ADR 0010, docs/regression.md).
///
/// A reference file records, for one scenario (with its overrides), an ensemble of N replicates
/// (seeds seed .. seed + N - 1, as the sweep's common seeds) and chosen metrics at checkpoints
/// and over windows: per quantity the ensemble's mean, standard deviation and 5/50/95%
/// quantiles; and the exact digest of seed 1's per-tick outputs with the platform it was made
/// on. `check` runs the ensemble again and compares every quantity with a two-sample Welch t
/// test, Holm-corrected so that the family-wise false-alarm rate is at most `alpha`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/core/date.hpp"

namespace peacesim::check {

/// The family-wise false-alarm rate of a check unless the reference says otherwise.
inline constexpr double kDefaultAlpha = 0.01;
/// Means that differ by at most this relative amount, |now - ref| <= tol * max(1, |ref|), are
/// equal (rounding: the same values summed in another order), whatever their sds; quantities
/// with sd 0 in both ensembles (deterministic ones: a scheduled strength) must agree to it.
inline constexpr double kExactTolerance = 1e-9;
/// The format tag of reference files.
inline constexpr const char* kReferenceFormat = "peacesim-reference-1";

/// An ensemble's summary of one quantity (NaNs, from runs that did not reach it, left out).
struct Stats {
  int n = 0;
  double mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0;
};
/// Mean, sample standard deviation (n - 1) and quantiles (linear interpolation, as `validate`).
Stats summarise(const std::vector<double>& values);

/// One recorded quantity of a reference: a metric at a checkpoint or over a window.
struct Entry {
  std::string name;        ///< the column name (as in a sweep's runs.csv): stability_2000_06_10
  std::string metric;      ///< stability, remaining:serb, murders, ...
  std::string checkpoint;  ///< "2000-06-10", or "1999-06-12..2000-06-10 sum" for a window
  Stats stats;
};

/// The exact digest of one run's per-tick outputs (RunDigest) and where it was made.
struct Digest {
  std::uint64_t seed = 1;
  std::string value;  ///< "fnv1a64:..."
  int ticks = 0;
  std::string platform;
  bool reference_platform = false;
};

struct Reference {
  std::filesystem::path file;
  std::string description;
  std::string scenario_path;  ///< as given when it was made (relative to the working folder)
  std::string scenario_name;
  std::string scenario_hash;  ///< Scenario::hash of the loaded (merged, overridden) scenario
  std::vector<std::string> overrides;  ///< PATH=VALUE, as --set
  int replicates = 0;
  std::uint64_t seed = 1;
  std::optional<Date> until;
  double alpha = kDefaultAlpha;
  nlohmann::json record;      ///< metrics, at, windows: as in an experiment file
  std::vector<Entry> entries;  ///< empty in a stub (not yet filled by --update)
  std::optional<Digest> digest;
  nlohmann::json made_by = nlohmann::json::object();
  [[nodiscard]] bool stub() const { return entries.empty(); }
};

/// The JSON Schema of reference files (`peacesim schema --reference`).
nlohmann::json reference_schema();

/// Reads and checks a reference file against the schema and itself (seeds, quantile order,
/// n <= replicates). Metric names and dates are checked against the scenario by the caller
/// (read_record). Throws scenario::ScenarioError (file, JSON pointer, what was expected).
Reference load_reference(const std::filesystem::path& file);

/// The file's JSON (keys in a fixed order, numbers in shortest round-trip form).
nlohmann::json to_json(const Reference& r);

/// Writes `r` to `file` atomically: a temporary file beside it, then renamed over it.
void write_reference(const Reference& r, const std::filesystem::path& file);

/// One line of the check's table.
struct Comparison {
  const Entry* reference = nullptr;
  Stats now;
  double difference = 0;     ///< now.mean - reference.mean
  double difference_sd = 0;  ///< difference / reference sd (NaN when that sd is 0 and the difference is not)
  std::string test;          ///< "welch", "equal" (means within kExactTolerance), "exact" (both sd 0, differ) or "no data"
  double t = 0, df = 0, p = 1;  ///< Welch's t, its degrees of freedom and two-sided p (test "welch")
  double level = 0;          ///< Holm's level this p was compared with (0 when not reached)
  bool passed = true;
};

/// Compares an ensemble (one Stats per reference entry, same order) with the reference: Welch's
/// t test per quantity (the current ensemble's sd floored at the reference's: ADR 0010), Holm's step-down procedure over the m quantities that have a p-value at
/// family-wise level `alpha`. Means within kExactTolerance pass without a test ("equal"); other
/// quantities with sd 0 in both fail ("exact"); a quantity with fewer than 2 values fails ("no data").
std::vector<Comparison> compare(const std::vector<Entry>& reference, const std::vector<Stats>& now, double alpha);

/// Welch's two-sided p-value for two summaries (sets t and df); 1 if both sds are 0 and the means agree.
double welch_p(const Stats& a, const Stats& b, double& t, double& df);

}  // namespace peacesim::check
