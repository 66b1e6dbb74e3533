#pragma once
/// `peacesim run --from SWEEP_DIR --run K`: the exact scenario, seed and horizon of run K.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "peacesim/core/date.hpp"
#include "peacesim/scenario/loader.hpp"

namespace peacesim::sweep {

struct ReplayedRun {
  scenario::LoadedScenario loaded;  ///< the design point's scenario (factors applied)
  std::uint64_t seed = 0;
  std::optional<Date> until;
  std::string experiment_name, scenario_file;
  nlohmann::json overrides;  ///< for summary.json: the base `set` and the factor values
};

/// Reads the sweep folder's manifest and design, loads its experiment (which must be unchanged:
/// same hash) and rebuilds run `run_id`. Throws scenario::ScenarioError on a bad folder or id.
ReplayedRun replay_run(const std::filesystem::path& dir, long long run_id);

}  // namespace peacesim::sweep
