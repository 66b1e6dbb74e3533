// Test support: synthetic scenarios for mechanism tests. Two groups, "maj" and "min", in two
// towns "a" and "b"; every number is invented for the tests, and each test says which it sets.
// A test appends its own top-level blocks (agencies, contingents, events, a judiciary) with
// `with_blocks`, and changes single numbers with --set overrides (`sets`), as a user would.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"

namespace peacesim::test {

/// The two-town world's numbers. The defaults are the isolated-mechanism world: two identical
/// towns in two sectors, not neighbours, a majority and a minority in each.
struct TwoTowns {
  std::string name = "isolated";
  std::string start = "2000-01-01";
  std::string end = "2000-12-31";
  double maj_fear = 0.2, min_fear = 0.4;        // initial_fear
  double maj_weapons = 0.3, min_weapons = 0.3;  // initial_weapons
  double trust_maj_to_min = 0.1, trust_min_to_maj = 0.6;
  bool one_sector_neighbours = false;  // true: both towns in sector s1, a neighbour of b
  double pop_a_maj = 40000, pop_a_min = 10000, pop_b_maj = 40000, pop_b_min = 10000;
};

inline std::string number(double v) {
  std::string s = std::to_string(v);  // "%f": enough for the invented numbers here
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

/// The scenario text of `t` (a JSON object; its closing brace is the last character).
inline std::string two_towns_json(const TwoTowns& t) {
  const std::string n = t.one_sector_neighbours ? R"(, "neighbours": ["b"])" : "";
  const std::string sb = t.one_sector_neighbours ? "s1" : "s2";
  return R"({"name": ")" + t.name + R"(", "seed": 1,
  "time": {"start": ")" + t.start + R"(", "end": ")" + t.end + R"("},
  "groups": [
    {"id": "maj", "name": "Majority", "initial_legitimacy": 0.5, "initial_fear": )" + number(t.maj_fear) +
         R"(, "initial_weapons": )" + number(t.maj_weapons) + R"(, "initial_hardship": 0.6},
    {"id": "min", "name": "Minority", "initial_legitimacy": 0.4, "initial_fear": )" + number(t.min_fear) +
         R"(, "initial_weapons": )" + number(t.min_weapons) + R"(, "initial_hardship": 0.6}
  ],
  "trust": [{"from": "maj", "to": "min", "value": )" + number(t.trust_maj_to_min) +
         R"(}, {"from": "min", "to": "maj", "value": )" + number(t.trust_min_to_maj) + R"(}],
  "sectors": [{"id": "s1", "name": "One"})" + (t.one_sector_neighbours ? "" : R"(, {"id": "s2", "name": "Two"})") +
         R"(],
  "locations": [
    {"id": "a", "name": "A", "sector": "s1")" + n + R"(, "population": {"maj": )" + number(t.pop_a_maj) +
         R"(, "min": )" + number(t.pop_a_min) + R"(}},
    {"id": "b", "name": "B", "sector": ")" + sb + R"(", "population": {"maj": )" + number(t.pop_b_maj) +
         R"(, "min": )" + number(t.pop_b_min) + R"(}}
  ]
})";
}

/// `json` with more top-level members before its closing brace, e.g. R"("events": [...])".
inline std::string with_blocks(std::string json, const std::string& members) {
  json.insert(json.rfind('}'), ", " + members);
  return json;
}

/// A loaded scenario and the world it starts from, for tests that call one phase by hand.
struct Built {
  std::shared_ptr<const Scenario> s;
  World w;
};

inline Built build(const std::string& json, const std::string& name, const std::vector<std::string>& sets = {}) {
  auto loaded = scenario::load_scenario_text(json, name, sets);
  return {loaded.scenario, make_world(*loaded.scenario)};
}

/// The metrics rows of a run of `days` ticks with `seed`.
inline std::vector<MetricsRow> rows_of(const std::string& json, const std::string& name,
                                       const std::vector<std::string>& sets, int days, std::uint64_t seed = 1) {
  auto loaded = scenario::load_scenario_text(json, name, sets);
  Simulation sim(loaded.scenario, seed);
  sim.limit_ticks(days);
  std::vector<MetricsRow> rows;
  while (!sim.done()) {
    sim.step();
    rows.push_back(sim.metrics());
  }
  return rows;
}

}  // namespace peacesim::test
