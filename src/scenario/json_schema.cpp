// A JSON Schema (draft 2020-12) validator for the subset of keywords peacesim's schemas use.
//
// Two passes. check_schema() walks the whole schema once, rejects any keyword outside the
// supported subset (std::logic_error: a schema bug must not pass silently) and compiles every
// pattern into a cache. Validator then walks the instance in document order, keyword by
// keyword, and words each violation for a modeller rather than for a schema author.

// GCC 12 with sanitizers reports false -Wmaybe-uninitialized inside libstdc++'s <regex>
// (std::function copies in the NFA builder); silence it for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "peacesim/scenario/json_schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <regex>
#include <stdexcept>
#include <string_view>

#include "peacesim/scenario/error.hpp"

namespace peacesim::scenario {

namespace {

using nlohmann::json;

/// Compiled patterns, keyed by their source text.
using RegexCache = std::map<std::string, std::regex, std::less<>>;

// keywords that carry no validation meaning
constexpr std::array<std::string_view, 8> kAnnotations{"title",   "description", "default", "$comment",
                                                       "$schema", "$id",         "x-unit",  "examples"};

// the instance types a "type" keyword may name
constexpr std::array<std::string_view, 7> kTypes{"object", "array", "string", "number", "integer", "boolean", "null"};

// a $ref chain longer than this without descending into the instance is a cycle
constexpr int kMaxRefHops = 64;

// strings longer than this are shortened in messages
constexpr std::size_t kMaxShownChars = 60;

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

[[noreturn]] void schema_bug(const std::string& where, const std::string& what) {
  throw std::logic_error("JSON schema error at #" + where + ": " + what);
}

// ---------------------------------------------------------------------------------------------
// small helpers for messages

/// Renders a value for a message: scalars as JSON text (long strings shortened), containers by kind.
std::string describe(const json& value) {
  if (value.is_object()) {
    return "an object";
  }
  if (value.is_array()) {
    return "an array";
  }
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (value.is_string() && text.size() > kMaxShownChars) {
    text = text.substr(0, kMaxShownChars - 4) + "...\"";
  }
  return text;
}

/// The article-and-noun phrase for one type name: "an object", "a number", "null".
std::string type_phrase(std::string_view type) {
  if (type == "object" || type == "array" || type == "integer") {
    return "an " + std::string(type);
  }
  if (type == "null") {
    return "null";
  }
  return "a " + std::string(type);
}

/// Joins phrases as "a, b or c".
std::string join_or(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += (i + 1 == parts.size()) ? " or " : ", ";
    }
    out += parts[i];
  }
  return out;
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // (n+1 x m+1) dynamic-programming table, row-major
  std::vector<std::size_t> d((n + 1) * (m + 1));
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * (m + 1) + j]; };
  for (std::size_t i = 0; i <= n; ++i) {
    at(i, 0) = i;
  }
  for (std::size_t j = 0; j <= m; ++j) {
    at(0, j) = j;
  }
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      std::size_t best = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        best = std::min(best, at(i - 2, j - 2) + 1);
      }
      at(i, j) = best;
    }
  }
  return at(n, m);
}

/// The candidate closest to `word` if it is near enough to be a likely typo, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  // short words tolerate one slip, longer ones two
  const std::size_t limit = word.size() <= 3 ? 1 : 2;
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

/// The member names of an object, in its order.
std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, unused] : object.items()) {
    keys.push_back(key);
  }
  return keys;
}

/// Number of Unicode code points in a UTF-8 string (what minLength/maxLength count).
std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

/// True for "YYYY-MM-DD" naming a real Gregorian calendar day.
bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  // digits everywhere else
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) {
      return false;
    }
  }
  const auto number = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  // days per month, February by the Gregorian leap rule
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = (month == 2 && leap) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
  return day <= last;
}

/// Three-way comparison of two JSON numbers, exact for integers of either signedness.
int compare_numbers(const json& a, const json& b) {
  if (a.is_number_float() || b.is_number_float()) {
    const auto x = a.get<double>();
    const auto y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  // both integral: negative values only fit the signed type, large positives only the unsigned
  const auto negative = [](const json& v) { return !v.is_number_unsigned() && v.get<std::int64_t>() < 0; };
  const bool a_negative = negative(a);
  const bool b_negative = negative(b);
  if (a_negative != b_negative) {
    return a_negative ? -1 : 1;
  }
  if (a_negative) {
    const auto x = a.get<std::int64_t>();
    const auto y = b.get<std::int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  const auto x = a.get<std::uint64_t>();
  const auto y = b.get<std::uint64_t>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

/// True when a value has the named JSON Schema type (integer = a number without fraction).
bool has_type(const json& value, std::string_view type) {
  if (type == "object") {
    return value.is_object();
  }
  if (type == "array") {
    return value.is_array();
  }
  if (type == "string") {
    return value.is_string();
  }
  if (type == "number") {
    return value.is_number();
  }
  if (type == "integer") {
    if (value.is_number_integer()) {
      return true;
    }
    if (!value.is_number_float()) {
      return false;
    }
    const auto x = value.get<double>();
    return std::isfinite(x) && std::floor(x) == x;
  }
  if (type == "boolean") {
    return value.is_boolean();
  }
  return value.is_null();
}

// ---------------------------------------------------------------------------------------------
// pass 1: the schema itself

/// Resolves a local "$ref" ("#" or "#/json/pointer") against the root schema, or nullptr.
const json* resolve_ref(const json& root, const std::string& ref) {
  if (ref.empty() || ref[0] != '#') {
    return nullptr;
  }
  try {
    const json::json_pointer target(ref.substr(1));
    return root.contains(target) ? &root.at(target) : nullptr;
  } catch (const json::exception&) {
    return nullptr;
  }
}

bool is_count(const json& value) {
  return value.is_number_unsigned() || (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

/// Rejects anything outside the supported subset; compiles every pattern into `regexes`.
void check_schema(const json& root, const json& schema, const std::string& where, RegexCache& regexes) {
  if (schema.is_boolean()) {
    return;
  }
  if (!schema.is_object()) {
    schema_bug(where, "expected a schema (an object or a boolean), got " + describe(schema));
  }
  const auto check_child = [&](const json& child, const std::string& child_where) {
    check_schema(root, child, child_where, regexes);
  };
  for (const auto& [keyword, value] : schema.items()) {
    const std::string here = pointer_append(where, keyword);
    if (contains(kAnnotations, keyword)) {
      continue;
    }
    if (keyword == "type") {
      // one type name or a non-empty list of them
      const bool single = value.is_string() && contains(kTypes, value.get<std::string>());
      bool list = value.is_array() && !value.empty();
      if (list) {
        for (const auto& type : value) {
          list = list && type.is_string() && contains(kTypes, type.get<std::string>());
        }
      }
      if (!single && !list) {
        schema_bug(here, "expected a type name or a list of them, got " + describe(value));
      }
    } else if (keyword == "properties" || keyword == "$defs") {
      if (!value.is_object()) {
        schema_bug(here, "expected an object of schemas");
      }
      for (const auto& [name, child] : value.items()) {
        check_child(child, pointer_append(here, name));
      }
    } else if (keyword == "additionalProperties" || keyword == "propertyNames" || keyword == "items") {
      check_child(value, here);
    } else if (keyword == "anyOf" || keyword == "oneOf" || keyword == "allOf") {
      if (!value.is_array() || value.empty()) {
        schema_bug(here, "expected a non-empty array of schemas");
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        check_child(value[i], pointer_append(here, i));
      }
    } else if (keyword == "required") {
      const bool ok =
          value.is_array() && std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
      if (!ok) {
        schema_bug(here, "expected an array of key names");
      }
    } else if (keyword == "enum") {
      if (!value.is_array() || value.empty()) {
        schema_bug(here, "expected a non-empty array");
      }
    } else if (keyword == "const") {
      // any value
    } else if (keyword == "minimum" || keyword == "maximum" || keyword == "exclusiveMinimum" ||
               keyword == "exclusiveMaximum") {
      if (!value.is_number()) {
        schema_bug(here, "expected a number");
      }
    } else if (keyword == "minLength" || keyword == "maxLength" || keyword == "minItems" || keyword == "maxItems") {
      if (!is_count(value)) {
        schema_bug(here, "expected a non-negative integer");
      }
    } else if (keyword == "uniqueItems") {
      if (!value.is_boolean()) {
        schema_bug(here, "expected a boolean");
      }
    } else if (keyword == "pattern") {
      if (!value.is_string()) {
        schema_bug(here, "expected a regular expression string");
      }
      const auto& source = value.get_ref<const std::string&>();
      if (regexes.find(source) == regexes.end()) {
        try {
          regexes.emplace(source, std::regex(source, std::regex::ECMAScript));
        } catch (const std::regex_error& e) {
          schema_bug(here, "invalid regular expression " + source + ": " + e.what());
        }
      }
    } else if (keyword == "format") {
      if (value != "date") {
        schema_bug(here, "unsupported format " + describe(value) + " (only \"date\")");
      }
    } else if (keyword == "$ref") {
      if (!value.is_string() || resolve_ref(root, value.get<std::string>()) == nullptr) {
        schema_bug(here, "expected a local reference \"#/...\" to a part of this schema, got " + describe(value));
      }
    } else {
      schema_bug(here, "unsupported keyword \"" + keyword + "\"");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// pass 2: the instance

class Validator {
 public:
  Validator(const json& root, const RegexCache& regexes, std::size_t max_errors)
      : root_(root), regexes_(regexes), max_errors_(max_errors) {}

  /// Checks one value against one (sub)schema; `ref_hops` counts $refs taken at this value.
  void check(const json& schema, const json& value, const std::string& pointer, int ref_hops) {
    if (full()) {
      return;
    }
    // boolean schemas: true takes anything, false nothing
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) {
        report(pointer, "no value is allowed here, got " + describe(value));
      }
      return;
    }
    // a $ref checks the same value against the referenced schema, alongside the siblings
    if (const auto ref = schema.find("$ref"); ref != schema.end()) {
      if (ref_hops >= kMaxRefHops) {
        throw std::logic_error("JSON schema error: $ref cycle through " + ref->get<std::string>());
      }
      check(*resolve_ref(root_, ref->get<std::string>()), value, pointer, ref_hops + 1);
    }
    // the type first: when it is wrong, the other keywords would only add noise
    if (const auto type = schema.find("type"); type != schema.end() && !check_type(*type, value, pointer)) {
      return;
    }
    check_enum_const(schema, value, pointer);
    if (value.is_number()) {
      check_number(schema, value, pointer);
    } else if (value.is_string()) {
      check_string(schema, value.get_ref<const std::string&>(), pointer);
    } else if (value.is_array()) {
      check_array(schema, value, pointer);
    } else if (value.is_object()) {
      check_object(schema, value, pointer);
    }
    check_combinators(schema, value, pointer, ref_hops);
  }

  /// The violations found so far, in document order.
  std::vector<SchemaViolation> take() { return std::move(errors_); }

  [[nodiscard]] bool passed() const { return errors_.empty(); }

 private:
  [[nodiscard]] bool full() const { return errors_.size() >= max_errors_; }

  void report(const std::string& pointer, std::string message) {
    if (!full()) {
      errors_.push_back({pointer, std::move(message)});
    }
  }

  bool check_type(const json& type, const json& value, const std::string& pointer) {
    // one name or a list
    std::vector<std::string> names;
    if (type.is_string()) {
      names.push_back(type.get<std::string>());
    } else {
      for (const auto& name : type) {
        names.push_back(name.get<std::string>());
      }
    }
    if (std::any_of(names.begin(), names.end(), [&](const auto& name) { return has_type(value, name); })) {
      return true;
    }
    std::vector<std::string> phrases;
    std::transform(names.begin(), names.end(), std::back_inserter(phrases),
                   [](const auto& name) { return type_phrase(name); });
    report(pointer, "expected " + join_or(phrases) + ", got " + describe(value));
    return false;
  }

  void check_enum_const(const json& schema, const json& value, const std::string& pointer) {
    // enum: list the choices, and suggest the nearest one for a mistyped string
    if (const auto choices = schema.find("enum"); choices != schema.end()) {
      if (std::find(choices->begin(), choices->end(), value) == choices->end()) {
        // a long list (the parameter names) is summarised: the suggestion is what helps
        constexpr std::size_t kListed = 12;
        std::string message = "expected one of ";
        std::vector<std::string> strings;
        for (std::size_t i = 0; i < choices->size(); ++i) {
          if (i < kListed) message += (i > 0 ? ", " : "") + describe((*choices)[i]);
          if ((*choices)[i].is_string()) {
            strings.push_back((*choices)[i].get<std::string>());
          }
        }
        if (choices->size() > kListed)
          message += " and " + std::to_string(choices->size() - kListed) + " more (peacesim schema lists them)";
        message += ", got " + describe(value);
        if (value.is_string()) {
          if (const auto guess = closest(value.get<std::string>(), strings); !guess.empty()) {
            message += " (did you mean \"" + guess + "\"?)";
          }
        }
        report(pointer, std::move(message));
      }
    }
    if (const auto constant = schema.find("const"); constant != schema.end() && *constant != value) {
      report(pointer, "expected " + describe(*constant) + ", got " + describe(value));
    }
  }

  void check_number(const json& schema, const json& value, const std::string& pointer) {
    // "an integer >= 1" reads better than "a number >= 1" where only integers fit
    const auto type = schema.find("type");
    const std::string noun = (type != schema.end() && *type == "integer") ? "an integer" : "a number";
    struct Bound {
      const char* keyword;
      const char* op;
      bool (*fails)(int);
    };
    static constexpr std::array<Bound, 4> kBounds{{
        {"minimum", ">=", [](int c) { return c < 0; }},
        {"exclusiveMinimum", ">", [](int c) { return c <= 0; }},
        {"maximum", "<=", [](int c) { return c > 0; }},
        {"exclusiveMaximum", "<", [](int c) { return c >= 0; }},
    }};
    for (const auto& bound : kBounds) {
      const auto limit = schema.find(bound.keyword);
      if (limit != schema.end() && bound.fails(compare_numbers(value, *limit))) {
        report(pointer, "expected " + noun + " " + bound.op + " " + describe(*limit) + ", got " + describe(value));
      }
    }
  }

  void check_string(const json& schema, const std::string& text, const std::string& pointer) {
    const std::string shown = describe(json(text));
    // a bad date: the format message says it all, so the pattern is not reported too
    bool bad_date = false;
    if (schema.contains("format") && !is_date(text)) {
      report(pointer, "expected a date YYYY-MM-DD, got " + shown);
      bad_date = true;
    }
    // lengths count code points, not bytes
    const std::size_t length = utf8_length(text);
    if (const auto min = schema.find("minLength"); min != schema.end() && length < min->get<std::size_t>()) {
      report(pointer, "expected a string of at least " + describe(*min) + " characters, got " + shown);
    }
    if (const auto max = schema.find("maxLength"); max != schema.end() && length > max->get<std::size_t>()) {
      report(pointer, "expected a string of at most " + describe(*max) + " characters, got " + shown);
    }
    if (const auto pattern = schema.find("pattern"); pattern != schema.end() && !bad_date) {
      const auto& source = pattern->get_ref<const std::string&>();
      if (!std::regex_search(text, regexes_.at(source))) {
        report(pointer, "expected a string matching " + source + ", got " + shown);
      }
    }
  }

  void check_array(const json& schema, const json& value, const std::string& pointer) {
    // sizes are reported at the array itself
    const std::size_t size = value.size();
    const auto plural = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " item" : " items"); };
    if (const auto min = schema.find("minItems"); min != schema.end() && size < min->get<std::size_t>()) {
      report(pointer, "expected at least " + plural(min->get<std::size_t>()) + ", got " + plural(size));
    }
    if (const auto max = schema.find("maxItems"); max != schema.end() && size > max->get<std::size_t>()) {
      report(pointer, "expected at most " + plural(max->get<std::size_t>()) + ", got " + plural(size));
    }
    // then element by element: a duplicate, then the element's own violations
    const auto unique = schema.find("uniqueItems");
    const bool want_unique = unique != schema.end() && unique->get<bool>();
    const auto items = schema.find("items");
    for (std::size_t i = 0; i < size && !full(); ++i) {
      const std::string child = pointer_append(pointer, i);
      if (want_unique) {
        for (std::size_t j = 0; j < i; ++j) {
          if (value[j] == value[i]) {
            report(child, "duplicate item " + describe(value[i]) + " (same as item " + std::to_string(j) + ")");
            break;
          }
        }
      }
      if (items != schema.end()) {
        check(*items, value[i], child, 0);
      }
    }
  }

  void check_object(const json& schema, const json& value, const std::string& pointer) {
    const auto properties = schema.find("properties");
    const auto additional = schema.find("additionalProperties");
    const auto names = schema.find("propertyNames");
    const bool closed = additional != schema.end() && additional->is_boolean() && !additional->get<bool>();

    // missing keys are reported at the object itself, so before its members; a missing key
    // that an unknown key is a typo of ("strenght") is left to the unknown key's message
    if (const auto required = schema.find("required"); required != schema.end()) {
      std::vector<std::string> explained;
      if (closed && properties != schema.end()) {
        const auto allowed = keys_of(*properties);
        for (const auto& [key, unused] : value.items()) {
          if (!properties->contains(key)) {
            explained.push_back(closest(key, allowed));
          }
        }
      }
      for (const auto& key : *required) {
        const auto& name = key.get_ref<const std::string&>();
        if (!value.contains(name) && std::find(explained.begin(), explained.end(), name) == explained.end()) {
          report(pointer, "missing required key " + describe(key));
        }
      }
    }
    // then member by member: its name, then its value
    for (const auto& [key, member] : value.items()) {
      if (full()) {
        return;
      }
      const std::string child = pointer_append(pointer, key);
      if (names != schema.end()) {
        Validator name_check(root_, regexes_, 1);
        name_check.check(*names, json(key), child, 0);
        if (!name_check.passed()) {
          report(child, "invalid key " + describe(json(key)) + ": " + name_check.errors_.front().message);
        }
      }
      if (properties != schema.end() && properties->contains(key)) {
        check(properties->at(key), member, child, 0);
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          report(child, unknown_key_message(key, properties == schema.end() ? nullptr : &*properties));
        } else {
          check(*additional, member, child, 0);
        }
      }
    }
  }

  static std::string unknown_key_message(const std::string& key, const json* properties) {
    std::string message = "unknown key " + describe(json(key));
    const std::vector<std::string> allowed = properties == nullptr ? std::vector<std::string>{} : keys_of(*properties);
    // a likely typo gets one suggestion; otherwise the whole list
    if (allowed.empty()) {
      return message + " (no keys are allowed here)";
    }
    if (const auto guess = closest(key, allowed); !guess.empty()) {
      return message + " (did you mean \"" + guess + "\"?)";
    }
    std::string list;
    for (const auto& name : allowed) {
      list += (list.empty() ? "" : ", ") + name;
    }
    return message + " (allowed keys: " + list + ")";
  }

  void check_combinators(const json& schema, const json& value, const std::string& pointer, int ref_hops) {
    // allOf: every branch applies in full, with its own messages
    if (const auto all = schema.find("allOf"); all != schema.end()) {
      for (const auto& branch : *all) {
        check(branch, value, pointer, ref_hops);
      }
    }
    // anyOf / oneOf: count the matching branches, report one generic message
    const auto matches = [&](const json& branches) {
      std::size_t count = 0;
      for (const auto& branch : branches) {
        Validator trial(root_, regexes_, 1);
        trial.check(branch, value, pointer, ref_hops);
        count += trial.passed() ? 1 : 0;
      }
      return count;
    };
    if (const auto any = schema.find("anyOf"); any != schema.end() && matches(*any) == 0) {
      report(pointer, "expected a value matching at least one of " + std::to_string(any->size()) +
                          " alternatives, got " + describe(value));
    }
    if (const auto one = schema.find("oneOf"); one != schema.end()) {
      if (const std::size_t count = matches(*one); count != 1) {
        report(pointer, "expected a value matching exactly one of " + std::to_string(one->size()) +
                            " alternatives, got " + describe(value) + " matching " + std::to_string(count));
      }
    }
  }

  const json& root_;
  const RegexCache& regexes_;
  std::size_t max_errors_;
  std::vector<SchemaViolation> errors_;
};

}  // namespace

std::vector<SchemaViolation> validate(const nlohmann::json& schema, const nlohmann::json& instance,
                                      std::size_t max_errors) {
  // the whole schema is checked first, so a bad keyword fails even where the instance is silent
  RegexCache regexes;
  check_schema(schema, schema, "", regexes);
  Validator validator(schema, regexes, max_errors);
  validator.check(schema, instance, "", 0);
  return validator.take();
}

}  // namespace peacesim::scenario
