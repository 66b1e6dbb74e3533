#pragma once
// Command-line overrides of scenario values: `--set PATH=VALUE`.
//
// PATH is dot-separated keys (`contingents.kfor_us.strength`); inside an array a segment
// selects the element whose "id" equals it, else a numeric index. VALUE is JSON when it
// parses as JSON, otherwise a plain string (`time.end=2000-01-01`).

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace peacesim::scenario {

/// Applies one `PATH=VALUE` assignment, creating missing object keys along the path;
/// throws ScenarioError (file "--set") on a missing '=', an empty path or segment, an unknown
/// array id or index, or a path going into a scalar.
void apply_override(nlohmann::json& doc, std::string_view assignment);

/// Warnings for overrides that the scenario itself overrides later, given the overridden and
/// validated document: a contingent's `strength` when it has a `schedule` (the strength holds
/// only until the first schedule date), an agency function's `capacity` when the agency has other
/// functions of the same kind (they take over in their own date windows). Each names the fields
/// to set instead, with their dates. (src/scenario/override_warnings.cpp)
std::vector<std::string> override_warnings(const nlohmann::json& doc, const std::vector<std::string>& overrides);

/// The JSON pointer a dotted PATH resolves to in `doc` (missing keys taken as they would be
/// created); throws ScenarioError like apply_override.
std::string dotted_to_pointer(const nlohmann::json& doc, std::string_view dotted);

}  // namespace peacesim::scenario
