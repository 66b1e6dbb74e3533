// libFuzzer target: scenario loading with `extends` chains.
//
// The input is split at the separator line "\n--8<--\n" into up to three documents, written to
// part0.json, part1.json, part2.json in a per-process scratch directory. Every part but the
// last extends the next: when its text has no "extends" and starts with '{', the harness inserts
// "extends": "part<N+1>.json" (a part that already names one keeps it, so the fuzzer can also
// try cycles, missing files and odd paths). part0.json is loaded with load_scenario(); a single
// document is also loaded with load_scenario_text(). Every refusal must be a ScenarioError;
// a scenario that loads is stepped a few ticks (non-finite metrics, broken invariants and any
// other exception are findings).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "peacesim/scenario/loader.hpp"

namespace {

constexpr std::string_view kSeparator = "\n--8<--\n";
constexpr std::size_t kMaxParts = 3;

std::vector<std::string> split_parts(std::string_view input) {
  std::vector<std::string> parts;
  while (parts.size() + 1 < kMaxParts) {
    const std::size_t at = input.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.emplace_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  parts.emplace_back(input);
  return parts;
}

std::string with_extends(std::string text, std::size_t next) {
  if (text.find("\"extends\"") != std::string::npos) return text;
  const std::size_t brace = text.find_first_not_of(" \t\r\n");
  if (brace == std::string::npos || text[brace] != '{') return text;
  const std::size_t after = text.find_first_not_of(" \t\r\n", brace + 1);
  const bool empty_object = after != std::string::npos && text[after] == '}';
  text.insert(brace + 1, "\"extends\": \"part" + std::to_string(next) + ".json\"" + (empty_object ? "" : ","));
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  using namespace peacesim;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const fs::path& dir = fuzz::scratch_dir();
  std::vector<std::string> parts = split_parts(input);
  for (std::size_t i = 0; i < kMaxParts; ++i) {
    const fs::path file = dir / ("part" + std::to_string(i) + ".json");
    if (i < parts.size()) {
      fuzz::write_file(file, i + 1 < parts.size() ? with_extends(parts[i], i + 1) : parts[i]);
    } else {
      std::error_code ec;
      fs::remove(file, ec);  // no stale base from an earlier input
    }
  }

  scenario::LoadedScenario loaded;
  if (fuzz::expect_scenario_errors_only("load_scenario", [&] { loaded = scenario::load_scenario(dir / "part0.json"); }))
    fuzz::step_a_few_ticks(loaded.scenario);

  if (parts.size() == 1) {
    scenario::LoadedScenario from_text;
    if (fuzz::expect_scenario_errors_only("load_scenario_text",
                                          [&] { from_text = scenario::load_scenario_text(input, "fuzz.json"); }))
      fuzz::step_a_few_ticks(from_text.scenario);
  }
  return 0;
}
