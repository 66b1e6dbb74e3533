// Warnings for `--set` overrides that a schedule in the scenario takes over: the override is
// valid, but changes less than its path suggests (e.g. a contingent's `strength` holds only until
// its first `schedule` date). The loader returns them in LoadedScenario::warnings.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "peacesim/scenario/overrides.hpp"

namespace peacesim::scenario {

namespace {

using nlohmann::json;

// schedule entries listed in a warning before it says "and N more"
constexpr std::size_t kMaxListed = 12;

/// The tokens of a JSON pointer made by dotted_to_pointer ("/a/0/b" -> {"a", "0", "b"}), unescaped.
std::vector<std::string> tokens_of(std::string_view pointer) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < pointer.size() && pointer[at] == '/') {
    const std::size_t next = pointer.find('/', at + 1);
    std::string token(pointer.substr(at + 1, next == std::string_view::npos ? pointer.npos : next - at - 1));
    // RFC 6901: "~1" is '/', "~0" is '~'
    std::string plain;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        plain += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        plain += token[i];
      }
    }
    out.push_back(std::move(plain));
    if (next == std::string_view::npos) break;
    at = next;
  }
  return out;
}

std::optional<std::size_t> index_of(const std::string& token) {
  if (token.empty() || token.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return static_cast<std::size_t>(std::stoull(token));
}

std::string number_text(const json& v) { return v.is_number() ? v.dump() : "?"; }

std::string date_text(const json& obj, const char* key, const std::string& fallback) {
  return obj.contains(key) && obj[key].is_string() ? obj[key].get<std::string>() : fallback;
}

/// A contingent's `strength` set while its `schedule` takes over from the first entry.
std::optional<std::string> strength_under_schedule(const json& doc, const std::string& assignment,
                                                   const json& contingent) {
  if (!contingent.value("enabled", true)) return std::nullopt;
  const auto schedule = contingent.find("schedule");
  if (schedule == contingent.end() || !schedule->is_array() || schedule->empty()) return std::nullopt;
  const std::string id = contingent.value("id", std::string("?"));
  const std::string start = doc.contains("time") ? date_text(doc["time"], "start", "time.start") : "time.start";
  const std::string arrival = date_text(contingent, "arrival", start);
  const json& first = schedule->front();
  const std::string first_date = date_text(first, "date", "?");
  std::string m = "--set " + assignment + ": `strength` is " + id + "'s strength on arrival (" + arrival + ") and ";
  if (first_date <= arrival)
    m += "has no effect: its `schedule` starts on the arrival day (" + first_date + ")";
  else
    m += "holds only until its `schedule` takes over: linear to " + number_text(first.value("strength", json())) +
         " on " + first_date + ", then the schedule alone";
  m += "; to change " + id + "'s strength from " + first_date + " on, set its schedule entries instead, contingents." +
       id + ".schedule.N.strength for N (date: strength now) = ";
  for (std::size_t k = 0; k < schedule->size(); ++k) {
    if (k == kMaxListed) {
      m += ", and " + std::to_string(schedule->size() - kMaxListed) + " more";
      break;
    }
    const json& entry = (*schedule)[k];
    m += (k == 0 ? "" : ", ") + std::to_string(k) + " (" + date_text(entry, "date", "?") + ": " +
         number_text(entry.value("strength", json())) + ")";
  }
  return m;
}

/// An agency function's `capacity` set while other functions of the same kind work other dates.
std::optional<std::string> capacity_beside_siblings(const json& doc, const std::string& assignment, const json& agency,
                                                    std::size_t index) {
  if (!agency.value("enabled", true)) return std::nullopt;
  // a function's window defaults to its agency's, and that to the time frame
  const json& time = doc.contains("time") ? doc["time"] : json::object();
  const std::string from = date_text(agency, "start", date_text(time, "start", "time.start"));
  const std::string to = date_text(agency, "end", date_text(time, "end", "time.end"));
  const json& functions = agency["functions"];
  const json& target = functions[index];
  const std::string kind = target.value("kind", std::string());
  const std::string id = agency.value("id", std::string("?"));
  std::string others;
  for (std::size_t k = 0; k < functions.size(); ++k) {
    if (k == index || functions[k].value("kind", std::string()) != kind) continue;
    others += (others.empty() ? "" : ", ") + ("agencies." + id + ".functions." + std::to_string(k) + ".capacity") +
              " (" + date_text(functions[k], "start", from) + " to " + date_text(functions[k], "end", to) + ", now " +
              number_text(functions[k].value("capacity", json())) + ")";
  }
  if (others.empty()) return std::nullopt;
  return "--set " + assignment + ": this " + kind + " function of " + id + " works only from " +
         date_text(target, "start", from) + " to " + date_text(target, "end", to) + "; the agency's other " + kind +
         " capacity takes over on other dates: to change it there, set " + others + " as well";
}

}  // namespace

std::vector<std::string> override_warnings(const json& doc, const std::vector<std::string>& overrides) {
  std::vector<std::string> warnings;
  for (const auto& assignment : overrides) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string::npos) continue;
    const auto t = tokens_of(dotted_to_pointer(doc, std::string_view(assignment).substr(0, equals)));
    // /contingents/I/strength
    if (t.size() == 3 && t[0] == "contingents" && t[2] == "strength") {
      const auto i = index_of(t[1]);
      if (i && doc.contains("contingents") && *i < doc["contingents"].size())
        if (auto w = strength_under_schedule(doc, assignment, doc["contingents"][*i])) warnings.push_back(*w);
    }
    // /agencies/I/functions/K/capacity
    if (t.size() == 5 && t[0] == "agencies" && t[2] == "functions" && t[4] == "capacity") {
      const auto i = index_of(t[1]);
      const auto k = index_of(t[3]);
      if (i && k && doc.contains("agencies") && *i < doc["agencies"].size() &&
          *k < doc["agencies"][*i]["functions"].size())
        if (auto w = capacity_beside_siblings(doc, assignment, doc["agencies"][*i], *k)) warnings.push_back(*w);
    }
  }
  return warnings;
}

}  // namespace peacesim::scenario
