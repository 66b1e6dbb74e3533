#pragma once
/// Scale factors: a multiplier on every number a wildcard path matches.
///
/// The path is dotted like `--set`'s (`contingents.kfor_*.schedule.*.strength`): inside an object
/// a segment matches keys, inside an array the elements' `id` or their index; `*` in a segment
/// matches any run of characters (`kfor_*`), and a lone `*` any key or element.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace peacesim::sweep {

/// JSON pointers of every existing value (of any type) the pattern matches, in document order.
std::vector<std::string> path_matches(const nlohmann::json& doc, std::string_view pattern);
/// Sets every existing value the pattern matches to `value`; returns how many.
int apply_set(nlohmann::json& doc, std::string_view pattern, const nlohmann::json& value);
/// JSON pointers of every number the pattern matches, in document order.
std::vector<std::string> scale_matches(const nlohmann::json& doc, std::string_view pattern);
/// Multiplies every number the pattern matches by `factor`; returns how many it changed. Integers
/// stay integers (rounded) so that fields the schema types as integers remain valid.
int apply_scale(nlohmann::json& doc, std::string_view pattern, double factor);

}  // namespace peacesim::sweep
