#pragma once
/// What a sweep drives: a model built from factor values and a seed, stepped to its end, read as
/// named outputs. The sweep engine, its outputs and `peacesim analyze` know only this interface,
/// not the Kosovo model's types, so another model (a test function, Epstein's civil-violence
/// model) sweeps without touching them.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace peacesim::sweep {

/// One run in progress.
class ModelRun {
 public:
  virtual ~ModelRun() = default;
  /// True once the run has reached its horizon.
  [[nodiscard]] virtual bool done() const = 0;
  /// Advances one tick.
  virtual void step() = 0;
  /// The tick just run (0-based) and its date (ISO 8601, or "" if the model has no calendar).
  [[nodiscard]] virtual int tick() const = 0;
  [[nodiscard]] virtual std::string date() const = 0;
  /// The recorded outputs after the run (in Model::output_names() order); NaN where a run did not
  /// reach a checkpoint or window.
  virtual void finish(std::span<double> outputs) = 0;
  /// The per-tick series values after a step (in Model::series_names() order); called only if
  /// series are recorded and only on ticks `Model::series_every` selects.
  virtual void series(std::span<double> values) const = 0;
  /// The exact digest of the run's per-tick outputs after it finished ("fnv1a64:..."), if the
  /// model computes one for this run (ScenarioModel: the run whose seed is the experiment's
  /// `digest_seed`, for `peacesim check`); empty otherwise.
  [[nodiscard]] virtual std::string digest() const { return {}; }
};

/// A model prepared once per sweep (scenario loaded and validated once), from which any number of
/// runs are built, concurrently, on any thread.
class Model {
 public:
  virtual ~Model() = default;
  /// Names of the recorded outputs (runs.csv columns), snake_case.
  [[nodiscard]] virtual const std::vector<std::string>& output_names() const = 0;
  /// Names of the per-tick series (series.csv columns); empty when none are recorded.
  [[nodiscard]] virtual const std::vector<std::string>& series_names() const = 0;
  /// Record the series on ticks t with t % series_every() == 0 (and the last tick).
  [[nodiscard]] virtual int series_every() const { return 1; }
  /// Builds a run from one design point's factor values (in the experiment's factor order, as
  /// the numbers in design.csv) and a seed. Throws on factor values the model cannot take (the
  /// sweep records the run as failed with the message).
  [[nodiscard]] virtual std::unique_ptr<ModelRun> build(int design_point, std::span<const double> factor_values,
                                                        std::uint64_t seed) const = 0;
};

}  // namespace peacesim::sweep
