#pragma once
/// The Model of a scenario file: factors applied to the base scenario, runs of Simulation, and
/// the experiment's recorded outputs read with the validation module's probes.
#include <map>
#include <memory>
#include <mutex>

#include "peacesim/scenario/loader.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/model.hpp"

namespace peacesim::sweep {

class ScenarioModel final : public Model {
 public:
  /// Loads and validates the base scenario once. `experiment` must outlive the model.
  explicit ScenarioModel(const Experiment& experiment);

  const std::vector<std::string>& output_names() const override { return outputs_; }
  const std::vector<std::string>& series_names() const override { return experiment_->series; }
  int series_every() const override;
  std::unique_ptr<ModelRun> build(int design_point, std::span<const double> factor_values,
                                  std::uint64_t seed) const override;

  /// The frozen scenario of one design point (set and scale factors need a new document, checked
  /// and compiled; parameter factors are applied to a copy of the frozen base scenario: no JSON).
  std::shared_ptr<const Scenario> scenario_for(int design_point, std::span<const double> factor_values) const;
  const scenario::LoadedScenario& base() const { return base_; }

 private:
  const Experiment* experiment_;
  scenario::LoadedScenario base_;
  std::vector<std::string> outputs_;
  bool document_factors_ = false;
  // replicates of a design point running at the same time share its scenario
  mutable std::mutex mutex_;
  mutable std::map<int, std::weak_ptr<const Scenario>> cache_;
};

}  // namespace peacesim::sweep
