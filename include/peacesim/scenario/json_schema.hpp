#pragma once
// A JSON Schema (draft 2020-12) validator for the subset of keywords peacesim's schemas use.
//
// Supported: type, properties, required, additionalProperties, propertyNames, items, enum,
// const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern
// (std::regex ECMAScript, search semantics), minItems, maxItems, uniqueItems, format "date",
// local $ref ("#/..."), $defs, anyOf, oneOf, allOf, and boolean schemas. Annotations (title,
// description, default, $comment, $schema, $id, x-unit, examples) are ignored. Any other
// keyword is a schema bug and throws std::logic_error before any instance is looked at.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace peacesim::scenario {

/// One place where an instance breaks its schema.
struct SchemaViolation {
  std::string pointer;  ///< RFC 6901 pointer into the instance ("" = the root)
  std::string message;  ///< what was expected there, e.g. `expected a number >= 0, got -5`
};

/// Validates `instance` against `schema`; returns at most `max_errors` violations in document order.
/// Throws std::logic_error when the schema itself uses an unsupported keyword or is malformed.
std::vector<SchemaViolation> validate(const nlohmann::json& schema, const nlohmann::json& instance,
                                      std::size_t max_errors = 20);

}  // namespace peacesim::scenario
