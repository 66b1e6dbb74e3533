// Command-line overrides of scenario values: `--set PATH=VALUE`.
//
// A path is resolved against the document first (without touching it), into object keys and
// array indices; only a path that resolves completely is then written, so a failed override
// leaves the document as it was.

#include "peacesim/scenario/overrides.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

#include "peacesim/scenario/error.hpp"

namespace peacesim::scenario {

namespace {

using nlohmann::json;

/// The pseudo-file named in override errors.
constexpr const char* kSource = "--set";

// ids listed in an "unknown id" message before it is cut short
constexpr std::size_t kMaxListedIds = 12;

/// One resolved step of a path: an object key, or an index into an existing array.
struct Step {
  std::string key;
  std::size_t index = 0;
  bool is_index = false;
};

/// A short rendering of a value for messages.
std::string describe(const json& value) {
  if (value.is_object()) {
    return "an object";
  }
  if (value.is_array()) {
    return "an array";
  }
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string shown_pointer(const std::string& pointer) { return pointer.empty() ? "(document root)" : pointer; }

/// Splits "a.b.c" into its segments; empty paths and empty segments are errors.
std::vector<std::string> split_path(std::string_view dotted) {
  if (dotted.empty()) {
    throw ScenarioError(kSource, "", "expected a non-empty PATH before '=' (e.g. parameters.unrest.threshold)");
  }
  std::vector<std::string> segments;
  std::size_t from = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', from);
    const std::string_view segment = dotted.substr(from, dot == std::string_view::npos ? dotted.npos : dot - from);
    if (segment.empty()) {
      throw ScenarioError(kSource, "", "expected a key between every two dots, got \"" + std::string(dotted) + "\"");
    }
    segments.emplace_back(segment);
    if (dot == std::string_view::npos) {
      return segments;
    }
    from = dot + 1;
  }
}

/// Parses a segment made only of digits as an array index.
std::optional<std::size_t> as_index(const std::string& segment) {
  std::size_t index = 0;
  const char* end = segment.data() + segment.size();
  const auto [stop, error] = std::from_chars(segment.data(), end, index);
  if (error != std::errc() || stop != end) {
    return std::nullopt;
  }
  return index;
}

/// The "no such element" message for an array, listing the ids it does have.
std::string no_element_message(const json& array, const std::string& segment, const std::string& pointer,
                               bool numeric) {
  std::string ids;
  std::size_t listed = 0;
  for (const auto& element : array) {
    const auto id = element.is_object() ? element.find("id") : element.end();
    if (element.is_object() && id != element.end() && id->is_string()) {
      if (listed == kMaxListedIds) {
        ids += ", ...";
        break;
      }
      ids += (listed == 0 ? "" : ", ") + id->get<std::string>();
      ++listed;
    }
  }
  std::string message = std::string(numeric ? "no element with id or index \"" : "no element with id \"") + segment +
                        "\" in " + shown_pointer(pointer) + " (";
  if (numeric) {
    message += std::to_string(array.size()) + (array.size() == 1 ? " element" : " elements") + "; ";
  }
  message += listed == 0 ? std::string("no ids") : "ids: " + ids;
  return message + ")";
}

/// Resolves a dotted path into steps, and the JSON pointer it reaches, without changing `doc`.
std::vector<Step> resolve(const json& doc, std::string_view dotted, std::string& pointer) {
  const auto segments = split_path(dotted);
  std::vector<Step> steps;
  pointer.clear();
  // nullptr once the path has left the existing document: the rest are keys to create
  const json* at = doc.is_null() ? nullptr : &doc;
  for (const auto& segment : segments) {
    if (at == nullptr) {
      steps.push_back({segment, 0, false});
      pointer = pointer_append(pointer, segment);
    } else if (at->is_object()) {
      steps.push_back({segment, 0, false});
      pointer = pointer_append(pointer, segment);
      const auto it = at->find(segment);
      at = it == at->end() ? nullptr : &*it;
    } else if (at->is_array()) {
      // an element by id first, then by index
      const auto by_id = std::find_if(at->begin(), at->end(), [&](const json& element) {
        const auto id = element.is_object() ? element.find("id") : element.end();
        return element.is_object() && id != element.end() && *id == segment;
      });
      std::size_t index = 0;
      if (by_id != at->end()) {
        index = static_cast<std::size_t>(by_id - at->begin());
      } else if (const auto number = as_index(segment); number && *number < at->size()) {
        index = *number;
      } else {
        throw ScenarioError(kSource, pointer, no_element_message(*at, segment, pointer, as_index(segment).has_value()));
      }
      steps.push_back({segment, index, true});
      pointer = pointer_append(pointer, index);
      at = &(*at)[index];
    } else {
      throw ScenarioError(kSource, pointer,
                          "expected an object or an array to look up \"" + segment + "\" in, got " + describe(*at));
    }
  }
  return steps;
}

/// True when `text` is well-formed UTF-8 (no stray continuation bytes, overlongs or surrogates).
bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0U) == 0xC0U) {
      n = 1, cp = c & 0x1FU;
    } else if ((c & 0xF0U) == 0xE0U) {
      n = 2, cp = c & 0x0FU;
    } else if ((c & 0xF8U) == 0xF0U) {
      n = 3, cp = c & 0x07U;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= text.size()) return false;
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0U) != 0x80U) return false;
      cp = (cp << 6U) | (b & 0x3FU);
    }
    const std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

void apply_override(json& doc, std::string_view assignment) {
  // text that is not UTF-8 cannot be a JSON key or string (nor be written back out)
  if (!is_utf8(assignment)) {
    throw ScenarioError(kSource, "", "expected PATH=VALUE in UTF-8 text, got bytes that are not UTF-8");
  }
  // PATH=VALUE, split at the first '='
  const std::size_t equals = assignment.find('=');
  if (equals == std::string_view::npos) {
    throw ScenarioError(kSource, "", "expected PATH=VALUE, got \"" + std::string(assignment) + "\"");
  }
  const std::string_view path = assignment.substr(0, equals);
  const std::string_view text = assignment.substr(equals + 1);
  std::string pointer;
  const auto steps = resolve(doc, path, pointer);

  // the value: JSON when it parses as JSON, else the text itself
  json value = json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) {
    value = std::string(text);
  }

  // walk the resolved steps, creating objects for missing keys, and write
  json* at = &doc;
  for (const auto& step : steps) {
    if (step.is_index) {
      at = &(*at)[step.index];
    } else {
      if (at->is_null()) {
        *at = json::object();
      }
      at = &(*at)[step.key];
    }
  }
  *at = std::move(value);
}

std::string dotted_to_pointer(const json& doc, std::string_view dotted) {
  std::string pointer;
  resolve(doc, dotted, pointer);
  return pointer;
}

}  // namespace peacesim::scenario
