#pragma once
/// Historical patterns and how a scenario ensemble is scored against them
/// (pattern-oriented modelling: Grimm et al. 2005, Science 310:987).
///
/// A pattern names a metric, a statistic over a time window (optionally relative to the same
/// metric in another window) and the bounds history puts on it, with the source. An ensemble
/// passes a pattern when its mean lies within the bounds; the 5-95% range is reported too.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/core/date.hpp"
#include "peacesim/sim/simulation.hpp"

namespace peacesim::validate {

enum class Statistic : std::uint8_t { value, mean, sum, max, min };

struct Window {
  Date from, to;  ///< inclusive
  Statistic statistic = Statistic::value;
};

struct Pattern {
  std::string id, what, metric, source, confidence, notes;
  Window window;
  std::optional<Window> relative_to;  ///< if set, the quantity is a ratio to this window's statistic
  double scale = 1;                   ///< multiplies the quantity (e.g. 7 turns a daily mean into a weekly rate)
  std::optional<double> observed;     ///< the historical value, for the report
  std::optional<double> min, max;     ///< bounds the ensemble mean must respect
  bool required = false;
};

struct PatternSet {
  std::string name, description;
  std::vector<Pattern> patterns;
};

/// The JSON Schema of pattern files.
nlohmann::json patterns_schema();
/// Loads and checks a pattern file; ScenarioError (file, pointer, expected) on bad input.
PatternSet load_patterns(const std::filesystem::path& file);

/// Reads one metric from a simulation after a step: a metrics.csv column (`murders`) or a
/// group-qualified quantity (`remaining:serb`, `refugees:albanian`, `returns_cumulative:albanian`,
/// `resident:`, `displaced:`, `murdered:` (victims this tick), `participation:`, `fear:`, `legitimacy:`,
/// `trust:`).
class MetricReader {
 public:
  /// Throws ScenarioError (file, pointer) if the metric or group is unknown.
  MetricReader(std::string_view metric, const Scenario& scenario, const std::string& file, const std::string& pointer);
  double read(const Simulation& sim) const;

 private:
  double MetricsRow::*column_ = nullptr;
  std::string quantity_;
  Index group_ = kNone;
};

/// Accumulates a pattern's quantity over one replicate.
class PatternProbe {
 public:
  PatternProbe(const Pattern& pattern, const Scenario& scenario, const std::string& file, const std::string& pointer);
  void observe(const Simulation& sim);
  /// The quantity after the run, or NaN if the run did not reach the window.
  double result() const;

 private:
  struct Acc {
    double sum = 0, max = -1e300, min = 1e300, last = 0;
    int n = 0;
    void add(double v) { sum += v, max = std::max(max, v), min = std::min(min, v), last = v, ++n; }
    double get(Statistic s) const;
  };
  const Pattern* pattern_;
  MetricReader reader_;
  Acc main_, ref_;
};

/// One pattern's verdict over an ensemble.
struct PatternResult {
  const Pattern* pattern = nullptr;
  double mean = 0, p05 = 0, p95 = 0;
  int replicates = 0;  ///< runs that reached the window
  bool passed = false;
};

/// Scores replicate values (one vector per pattern) against the patterns.
std::vector<PatternResult> score(const PatternSet& set, const std::vector<std::vector<double>>& values);

}  // namespace peacesim::validate
