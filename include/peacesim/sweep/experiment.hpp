#pragma once
/// Experiment files: a base scenario, factors, a design, replicates, seeds, a horizon and what to
/// record (docs/experiments.md; schema: `peacesim schema --experiment`).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/core/date.hpp"
#include "peacesim/model/parameters.hpp"
#include "peacesim/sweep/design.hpp"
#include "peacesim/validate/patterns.hpp"

namespace peacesim::sweep {

/// Where a factor's value goes.
enum class FactorTarget : std::uint8_t {
  set,        ///< a scenario field by the path `--set` uses (`cells.jic.cadence_days`); with `*`, every match
  parameter,  ///< one registry parameter (`unrest.threshold`), applied to the frozen scenario
  scale,      ///< a multiplier on every number a wildcard path matches (`contingents.kfor_*.schedule.*.strength`)
};

/// How a design's unit-interval coordinate u becomes a factor value.
struct Distribution {
  enum class Kind : std::uint8_t { uniform, log_uniform, normal, triangular } kind = Kind::uniform;
  double min = 0, max = 1;  ///< uniform, log-uniform, triangular: the support; normal: truncation (or +-inf)
  double mean = 0, sd = 1;  ///< normal
  double mode = 0;          ///< triangular
};

struct Factor {
  std::string name;  ///< snake_case, the design.csv / runs.csv column
  FactorTarget target = FactorTarget::set;
  std::string path;  ///< dotted path, `section.name` of a parameter, or a wildcard path
  const ParameterInfo* parameter = nullptr;
  std::vector<nlohmann::json> levels;  ///< explicit levels (numbers, dates or strings), if given
  std::optional<Distribution> distribution;  ///< a range is a uniform distribution
  bool integer = false;                      ///< round to a whole number
  bool date = false;                         ///< values are dates (as day numbers inside the sweep)
  int steps = 0;                             ///< factorial: evenly spaced values of a range, ends included
  nlohmann::json spec;                       ///< the factor as written in the experiment (for the manifest)

  /// The value at unit coordinate u in [0, 1]: a level index for levels, a day number for dates.
  [[nodiscard]] double value_at(double u) const;
  /// The inverse: u such that value_at(u) = v (for Morris steps on a design made elsewhere).
  [[nodiscard]] double unit_of(double v) const;
  /// Number of values a factorial design takes (levels, or steps of a range).
  [[nodiscard]] int factorial_levels() const;
  /// The factorial design's i-th value.
  [[nodiscard]] double factorial_value(int i) const;
  /// The value as JSON for the scenario (a number, an ISO date, or the level itself).
  [[nodiscard]] nlohmann::json to_json(double v) const;
  /// The number a value stands for: the level itself for numeric levels (a level factor's
  /// values are level indices), else the value. Throws std::logic_error for a non-numeric level.
  [[nodiscard]] double number(double v) const;
  /// The value as design.csv / runs.csv text.
  [[nodiscard]] std::string text(double v) const;
  /// Parses design.csv text back into a value; nullopt if it is not one of this factor's values.
  [[nodiscard]] std::optional<double> parse(const std::string& text) const;
};

/// Reads one factor object of an experiment file (or of a manifest's `factor_specs`); `file` and
/// `pointer` name it in errors. Does not check it against a scenario (load_experiment does).
Factor parse_factor(const nlohmann::json& j, const std::string& file, const std::string& pointer);

/// One quantity recorded per run: a metric at a checkpoint, over a window, or a pattern's.
struct Recorded {
  std::string name;  ///< the runs.csv column
  validate::Pattern pattern;  ///< checkpoints and windows are patterns without bounds
  bool is_pattern = false;    ///< from the patterns file: its quantity, plus name + "_ok" (0/1)
};

enum class SeedPolicy : std::uint8_t {
  common,       ///< replicate r has the same seed at every design point (common random numbers)
  independent,  ///< every (design point, replicate) has its own seed
};

struct Experiment {
  std::string name, description;
  std::filesystem::path file;        ///< the experiment file
  std::filesystem::path scenario;    ///< resolved against the experiment's folder
  std::vector<std::string> sets;     ///< base `--set` overrides, applied before the factors
  std::vector<Factor> factors;
  struct Design {
    DesignKind kind = DesignKind::latin_hypercube;
    int points = 0;         ///< latin hypercube: points; sobol: base samples N; morris: trajectories r
    int maximin = 1;        ///< latin hypercube: candidates
    int levels = 4;         ///< morris grid levels
    std::uint64_t seed = 1;
    std::filesystem::path file;  ///< a design CSV made elsewhere (then `kind` says how to analyse it)
  } design;
  int replicates = 1;
  std::uint64_t seed = 1;
  SeedPolicy seeds = SeedPolicy::common;
  std::optional<Date> until;
  std::vector<std::string> metrics;  ///< recorded at every checkpoint
  std::vector<Date> at;              ///< checkpoints
  std::vector<Recorded> recorded;    ///< in runs.csv order (checkpoints, windows, patterns)
  std::filesystem::path patterns;    ///< optional
  std::vector<std::string> series;   ///< per-tick series metrics (empty: none)
  int series_every = 1;
  std::string hash;                  ///< of the experiment document (canonical dump)
  /// The run with this seed computes the exact digest of its per-tick outputs (RunDigest,
  /// ModelRun::digest()). Not in experiment files: `peacesim check` sets it (ADR 0010).
  std::optional<std::uint64_t> digest_seed;
};

/// The JSON Schema of experiment files.
nlohmann::json experiment_schema();

/// Loads, checks against the schema and resolves an experiment file. Factor paths, parameters,
/// metrics and dates are checked against the scenario (loaded once to do so). Throws
/// scenario::ScenarioError (file, pointer, expected).
Experiment load_experiment(const std::filesystem::path& file);

/// The schema of one window of a `record` block ($defs/window of the experiment and reference schemas).
nlohmann::json window_schema();

/// Reads a `record` object (of an experiment file, or of a reference file of `peacesim check`) into
/// e.metrics, e.at, e.recorded, e.patterns and e.series: metric names are checked against the
/// scenario `s`, dates against its time frame and `last` (the experiment's `until`, or the end);
/// a patterns file is resolved against `dir`. `pointer` is where the object is in `file`.
/// Throws scenario::ScenarioError (file, pointer, expected).
void read_record(Experiment& e, const nlohmann::json& record, const Scenario& s, Date last,
                 const std::filesystem::path& dir, const std::string& file, const std::string& pointer);

/// A design: the factor values of every design point (rows), in factor order.
struct DesignTable {
  std::vector<std::vector<double>> values;
  [[nodiscard]] int points() const { return static_cast<int>(values.size()); }
};

/// The experiment's design: generated (pure function of the experiment) or read from its file.
DesignTable make_design(const Experiment& e);
/// Reads a design CSV: a header naming every factor (other columns, e.g. design_point, ignored
/// except that design_point, if present, must number rows 0, 1, ...). ScenarioError on bad input.
DesignTable read_design_csv(const Experiment& e, const std::filesystem::path& file);
/// design.csv's text: design_point, then one column per factor (values as Factor::text).
std::string design_csv_text(const Experiment& e, const DesignTable& d);
/// Writes design.csv: design_point, then one column per factor.
void write_design_csv(const Experiment& e, const DesignTable& d, const std::filesystem::path& file);

/// Applies a `set` factor's value to a scenario document (every match of a wildcard path).
void apply_factor_set(nlohmann::json& doc, const Factor& f, double value);

/// The seed of replicate r at design point p (splitmix64 of the base seed, p and r; under the
/// common policy p does not enter).
std::uint64_t run_seed(const Experiment& e, int design_point, int replicate);

}  // namespace peacesim::sweep
