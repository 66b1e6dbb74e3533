// libFuzzer target: `--set PATH=VALUE` overrides.
//
// A small valid scenario (scenarios/examples/two-towns.json, or $PEACESIM_FUZZ_SCENARIO) is read
// once and written to a per-process scratch directory. The input is split on '\n' into up to
// four assignments, applied with load_scenario(file, overrides) and, on a copy of the document,
// with apply_override() and dotted_to_pointer() one by one. Every refusal must be a
// ScenarioError; a scenario that loads is stepped a few ticks.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/scenario/overrides.hpp"

namespace {

constexpr std::size_t kMaxOverrides = 4;

struct Base {
  std::filesystem::path file;
  nlohmann::json document;
};

const Base& base() {
  static const Base b = [] {
    const char* env = std::getenv("PEACESIM_FUZZ_SCENARIO");
    const std::filesystem::path source =
        env && *env ? std::filesystem::path(env)
                    : std::filesystem::path(PEACESIM_SOURCE_DIR) / "scenarios/examples/two-towns.json";
    const std::string text = peacesim::fuzz::read_file(source);
    Base out;
    out.file = peacesim::fuzz::scratch_dir() / "scenario.json";
    peacesim::fuzz::write_file(out.file, text);
    out.document = nlohmann::json::parse(text);
    return out;
  }();
  return b;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  base();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace peacesim;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  while (!input.empty() && overrides.size() < kMaxOverrides) {
    const std::size_t nl = input.find('\n');
    overrides.emplace_back(input.substr(0, nl));
    input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
  }

  // the overrides API on its own
  nlohmann::json doc = base().document;
  for (const std::string& o : overrides) {
    if (!fuzz::expect_scenario_errors_only("apply_override", [&] { scenario::apply_override(doc, o); })) break;
    fuzz::expect_scenario_errors_only("dotted_to_pointer", [&] {
      (void)scenario::dotted_to_pointer(doc, std::string_view(o).substr(0, o.find('=')));
    });
  }

  // the whole load, as `peacesim run FILE --set ...` does it
  scenario::LoadedScenario loaded;
  if (fuzz::expect_scenario_errors_only("load_scenario", [&] { loaded = scenario::load_scenario(base().file, overrides); }))
    fuzz::step_a_few_ticks(loaded.scenario);
  return 0;
}
