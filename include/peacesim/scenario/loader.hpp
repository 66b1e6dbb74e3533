#pragma once
/// Loading a scenario: read (with `extends`), apply `--set` overrides, check against the schema,
/// resolve names to indices and freeze. Every failure is a ScenarioError naming the file, the
/// JSON pointer and what was expected.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/scenario.hpp"

namespace peacesim::scenario {

/// The structural schema as shipped (src/scenario/scenario.schema.json, embedded at build time).
std::string_view scenario_schema_text();
/// The full schema: the structural one with the `parameters` section generated from the registry.
nlohmann::json scenario_schema();

/// A loaded scenario and the document it came from.
struct LoadedScenario {
  std::shared_ptr<const Scenario> scenario;
  nlohmann::json document;                   ///< merged, overridden, validated
  std::vector<std::filesystem::path> chain;  ///< files, base first
  std::vector<std::string> warnings;         ///< for the user: e.g. a --set that a schedule overrides
};

/// Loads a scenario file (following `extends`) and applies `--set PATH=VALUE` overrides.
LoadedScenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});
/// Loads a scenario from JSON text (tests, tools); `label` names it in errors. No `extends`.
LoadedScenario load_scenario_text(std::string_view json_text, const std::string& label,
                                  const std::vector<std::string>& overrides = {});
/// Checks and compiles an already read (merged) scenario document, e.g. one a sweep changed:
/// schema, then compile; errors name `label`. Files are not read again.
LoadedScenario load_document_json(nlohmann::json document, const std::string& label,
                                  const std::vector<std::string>& overrides = {});
/// Turns a validated document into the frozen scenario (semantic checks: references, dates, ...).
Scenario compile(const nlohmann::json& document, const std::string& file);

}  // namespace peacesim::scenario
