#pragma once
// Command-line overrides of scenario values: `--set PATH=VALUE`.
//
// PATH is dot-separated keys (`contingents.kfor_us.strength`); inside an array a segment
// selects the element whose "id" equals it, else a numeric index. VALUE is JSON when it
// parses as JSON, otherwise a plain string (`time.end=2000-01-01`).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace peacesim::scenario {

/// Applies one `PATH=VALUE` assignment, creating missing object keys along the path;
/// throws ScenarioError (file "--set") on a missing '=', an empty path or segment, an unknown
/// array id or index, or a path going into a scalar.
void apply_override(nlohmann::json& doc, std::string_view assignment);

/// The JSON pointer a dotted PATH resolves to in `doc` (missing keys taken as they would be
/// created); throws ScenarioError like apply_override.
std::string dotted_to_pointer(const nlohmann::json& doc, std::string_view dotted);

}  // namespace peacesim::scenario
