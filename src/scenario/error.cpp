// Typed load-time errors of a scenario, and RFC 6901 JSON pointer helpers.

#include "peacesim/scenario/error.hpp"

#include <utility>

namespace peacesim::scenario {

namespace {

std::string format_message(const std::string& file_name, const std::string& json_pointer,
                           const std::string& expectation) {
  // the root has an empty pointer, which would read as a missing field
  const std::string where = json_pointer.empty() ? std::string("(document root)") : json_pointer;
  return file_name + ": " + where + ": " + expectation;
}

}  // namespace

ScenarioError::ScenarioError(std::string file_name, std::string json_pointer, std::string expectation)
    : std::runtime_error(format_message(file_name, json_pointer, expectation)),
      file(std::move(file_name)),
      pointer(std::move(json_pointer)),
      expected(std::move(expectation)) {}

std::string escape_pointer_token(std::string_view token) {
  // '~' first, so the '~' introduced by "~1" is not escaped again
  std::string out;
  out.reserve(token.size());
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out += '/';
  out += escape_pointer_token(token);
  return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

}  // namespace peacesim::scenario
