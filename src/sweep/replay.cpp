#include "peacesim/sweep/replay.hpp"

#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/runner.hpp"
#include "peacesim/sweep/scenario_model.hpp"

namespace peacesim::sweep {

using scenario::ScenarioError;

ReplayedRun replay_run(const std::filesystem::path& dir, long long run_id) {
  const auto mfile = dir / "manifest.json";
  if (!std::filesystem::exists(mfile))
    throw ScenarioError(mfile.string(), "", "expected the manifest.json of a sweep folder (peacesim sweep)");
  const nlohmann::json manifest = scenario::read_json_file(mfile);
  const std::filesystem::path efile = manifest.value("experiment", "");
  if (efile.empty() || !std::filesystem::exists(efile))
    throw ScenarioError(mfile.string(), "/experiment",
                        "expected the sweep's experiment file at " + efile.string() + " (it is needed to rebuild run " +
                            std::to_string(run_id) + ")");
  const Experiment e = load_experiment(efile);
  if (e.hash != manifest.value("experiment_hash", ""))
    throw ScenarioError(efile.string(), "",
                        "expected the experiment file unchanged since the sweep in " + dir.string() +
                            " ran (its content hash differs), so run " + std::to_string(run_id) +
                            " cannot be rebuilt exactly");
  const DesignTable design = read_design_csv(e, dir / "design.csv");
  const long long runs = static_cast<long long>(design.points()) * e.replicates;
  if (run_id < 0 || run_id >= runs)
    throw ScenarioError(mfile.string(), "/runs",
                        "expected --run from 0 to " + std::to_string(runs - 1) + ", got " + std::to_string(run_id));
  const int point = static_cast<int>(run_id / e.replicates), replicate = static_cast<int>(run_id % e.replicates);
  const ScenarioModel model(e);
  ReplayedRun r;
  r.loaded = model.base();
  r.loaded.scenario = model.scenario_for(point, design.values[point]);
  r.seed = run_seed(e, point, replicate);
  r.until = e.until;
  r.experiment_name = e.name;
  r.scenario_file = e.scenario.string();
  r.overrides = {{"set", e.sets}, {"sweep", dir.string()}, {"run_id", run_id}, {"factors", nlohmann::json::object()}};
  for (std::size_t f = 0; f < e.factors.size(); ++f)
    r.overrides["factors"][e.factors[f].name] = e.factors[f].text(design.values[point][f]);
  return r;
}

}  // namespace peacesim::sweep
