// libFuzzer target: pattern files (`peacesim validate --patterns FILE`).
//
// The input is written to patterns.json in a per-process scratch directory and loaded with
// validate::load_patterns(). If it loads, a PatternProbe is built for every pattern against
// the scenarios validate is used with (scenarios/kosovo-1999.json and the two-towns example,
// loaded once), as src/cli/cli.cpp do_validate does; a probe that builds observes a simulation
// stepped a few ticks and the results are scored. Every refusal must be a ScenarioError;
// after a probe was built, any exception is a finding.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/validate/patterns.hpp"

namespace {

struct Target {
  std::shared_ptr<const peacesim::Scenario> scenario;
  std::unique_ptr<peacesim::Simulation> sim;  // stepped a few ticks, observed read-only
};

const std::vector<Target>& targets() {
  static const std::vector<Target> t = [] {
    std::vector<Target> out;
    for (const char* rel : {"scenarios/kosovo-1999.json", "scenarios/examples/two-towns.json"}) {
      Target target;
      target.scenario = peacesim::scenario::load_scenario(std::filesystem::path(PEACESIM_SOURCE_DIR) / rel).scenario;
      target.sim = std::make_unique<peacesim::Simulation>(target.scenario, 1);
      for (int i = 0; i < 2; ++i) target.sim->step();
      out.push_back(std::move(target));
    }
    return out;
  }();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  targets();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace peacesim;
  const std::filesystem::path file = fuzz::scratch_dir() / "patterns.json";
  fuzz::write_file(file, std::string_view(reinterpret_cast<const char*>(data), size));

  validate::PatternSet set;
  if (!fuzz::expect_scenario_errors_only("load_patterns", [&] { set = validate::load_patterns(file); })) return 0;

  for (const Target& target : targets()) {
    std::vector<std::vector<double>> values(set.patterns.size());
    for (std::size_t k = 0; k < set.patterns.size(); ++k) {
      std::unique_ptr<validate::PatternProbe> probe;
      if (!fuzz::expect_scenario_errors_only("PatternProbe", [&] {
            probe = std::make_unique<validate::PatternProbe>(set.patterns[k], *target.scenario, file.string(),
                                                             "/patterns/" + std::to_string(k) + "/metric");
          }))
        continue;
      try {
        probe->observe(*target.sim);
        values[k].push_back(probe->result());
      } catch (const std::exception& e) {
        std::fprintf(stderr, "FINDING (PatternProbe::observe/result): %s: %s\n", fuzz::demangled(typeid(e)).c_str(),
                     e.what());
        std::abort();
      }
    }
    try {
      (void)validate::score(set, values);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "FINDING (validate::score): %s: %s\n", fuzz::demangled(typeid(e)).c_str(), e.what());
      std::abort();
    }
  }
  return 0;
}
