#pragma once
// Typed load-time errors of a scenario, and RFC 6901 JSON pointer helpers.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace peacesim::scenario {

/// A load-time scenario error: which file, where in it (RFC 6901 pointer), what was expected.
struct ScenarioError : std::runtime_error {
  /// Builds what() as "<file>: <pointer>: <expected>"; an empty pointer prints as "(document root)".
  ScenarioError(std::string file_name, std::string json_pointer, std::string expectation);

  std::string file;      ///< the file (or pseudo-source such as "--set") the error is in
  std::string pointer;   ///< RFC 6901 pointer to the offending value, "" for the root
  std::string expected;  ///< what was expected there, in a modeller's words
};

/// Escapes one RFC 6901 reference token ('~' -> "~0", '/' -> "~1").
std::string escape_pointer_token(std::string_view token);

/// Appends one reference token (escaped) to a JSON pointer: ("/a", "b/c") -> "/a/b~1c".
std::string pointer_append(std::string_view pointer, std::string_view token);

/// Appends an array index to a JSON pointer: ("/a", 3) -> "/a/3".
std::string pointer_append(std::string_view pointer, std::size_t index);

}  // namespace peacesim::scenario
