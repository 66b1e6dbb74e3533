#pragma once
// Reading scenario files: JSON with line/column errors, `extends` chains, overlay merging,
// and provenance (which file of the chain set each value).

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace peacesim::scenario {

/// Parses JSON text; throws ScenarioError naming `name`, the line and column, and the JSON pointer
/// of the value being read, for any error of the parser (syntax, a number beyond a double's range).
nlohmann::json parse_json_text(const std::string& text, const std::string& name);

/// Reads one JSON file whose top level is an object; throws ScenarioError (missing file,
/// directory, malformed JSON with line and column, top level not an object).
nlohmann::json read_json_file(const std::filesystem::path& file);

/// Merges `overlay` into `base`: objects key by key, arrays of id'd objects element by element
/// (same id merges, new id appends in overlay order), anything else (an empty array too) replaces.
void merge_overlay(nlohmann::json& base, const nlohmann::json& overlay);

/// A scenario file merged with the files it extends.
struct ScenarioDocument {
  nlohmann::json json;                        ///< the merged document, without `extends`
  std::filesystem::path file;                 ///< the file that was loaded
  std::vector<std::filesystem::path> chain;   ///< base first, `file` itself last
  std::map<std::string, std::string> origin;  ///< merged pointer -> file that last set it ("" = root)

  /// The file that last set the value at `pointer` of `json` (or its nearest recorded ancestor).
  [[nodiscard]] std::string origin_of(std::string_view pointer) const;
};

/// Loads a scenario file, following `extends` (relative to the extending file) base first;
/// throws ScenarioError on a cycle, a bad `extends`, or any read error.
ScenarioDocument load_document(const std::filesystem::path& file);

}  // namespace peacesim::scenario
