// Tests the shipped scenarios: schema conformance, and one simulated year of Kosovo-1999 end to end.
#include <catch2/catch.hpp>

#include <filesystem>

#include "peacesim/sweep/experiment.hpp"
#include "peacesim/scenario/json_schema.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"
#include "peacesim/validate/patterns.hpp"

using namespace peacesim;
namespace fs = std::filesystem;

TEST_CASE("every shipped scenario conforms to the schema and compiles", "[scenario][shipped]") {
  const auto schema = scenario::scenario_schema();
  int checked = 0, pattern_files = 0, experiment_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(PEACESIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".json") continue;
    // pattern files (peacesim validate) sit beside the scenarios they score
    if (entry.path().filename().string().starts_with("patterns")) {
      INFO(entry.path().string());
      const auto set = validate::load_patterns(entry.path());
      CHECK_FALSE(set.patterns.empty());
      ++pattern_files;
      continue;
    }
    // experiment files (peacesim sweep) sit in experiments/
    if (entry.path().parent_path().filename() == "experiments") {
      INFO(entry.path().string());
      const auto e = sweep::load_experiment(entry.path());
      CHECK_FALSE(e.factors.empty());
      ++experiment_files;
      continue;
    }
    INFO(entry.path().string());
    // load_scenario merges `extends`, validates against the schema and compiles; it throws on any problem
    const auto loaded = scenario::load_scenario(entry.path());
    CHECK(scenario::validate(schema, loaded.document).empty());
    CHECK(loaded.scenario->ticks() > 0);
    ++checked;
  }
  CHECK(checked >= 3);
  CHECK(pattern_files >= 2);
  CHECK(experiment_files >= 1);
}

TEST_CASE("the parameters section of the schema is the parameter registry", "[scenario][parameters]") {
  const auto schema = scenario::scenario_schema();
  const auto& sections = schema["$defs"]["parameters"]["properties"];
  const Parameters defaults;
  for (const auto& p : parameter_registry()) {
    const auto& entry = sections[std::string(p.section)]["properties"][std::string(p.name)];
    INFO(p.section << "." << p.name);
    CHECK(entry["default"].get<double>() == defaults.*p.field);
    CHECK(p.minimum <= p.default_value);
    CHECK(p.default_value <= p.maximum);
    CHECK_FALSE(p.source.empty());
  }
}

TEST_CASE("Kosovo-1999 runs a simulated year end to end with the dynamics of 1999", "[e2e][kosovo]") {
  const auto loaded = scenario::load_scenario(fs::path(PEACESIM_SOURCE_DIR) / "scenarios/kosovo-1999.json");
  const Scenario& s = *loaded.scenario;
  REQUIRE(s.locations.size() >= 30);
  REQUIRE(s.start == *Date::parse("1999-06-10"));
  Simulation sim(loaded.scenario, 1);
  sim.set_check_invariants(true);
  sim.limit_ticks(366);
  std::vector<MetricsRow> rows;
  while (!sim.done()) {
    sim.step();
    rows.push_back(sim.metrics());
  }
  REQUIRE(rows.size() == 366);
  CHECK(rows.back().date == *Date::parse("2000-06-09"));  // 1999-06-10 + 365 days
  const MetricsRow& first = rows.front();
  const MetricsRow& month = rows[30];
  const MetricsRow& year = rows.back();
  // the majority comes home fast: most refugees back within a month (UNHCR: 662,000 of ~800,000 by 11 July 1999)
  CHECK(month.returns_cumulative > 0.5 * first.refugees);
  // minorities are displaced: a large share of them leave in the first months
  CHECK(year.minority_remaining < 0.8);
  // KFOR deploys, international police and the local police service arrive
  CHECK(month.military_strength > 20000);
  CHECK(year.police_strength > 1000);
  CHECK(year.local_police_strength > 500);
  // violence peaks early and falls
  double early = 0, late = 0;
  for (int t = 20; t < 80; ++t) early += rows[t].incidents;
  for (int t = 300; t < 360; ++t) late += rows[t].incidents;
  CHECK(late < 0.7 * early);
  // the indices stay in range throughout
  for (const auto& r : rows) {
    REQUIRE(r.stability >= 0);
    REQUIRE(r.stability <= 1);
    REQUIRE(r.order >= 0);
    REQUIRE(r.order <= 1);
    REQUIRE(r.reconciliation >= 0);
    REQUIRE(r.reconciliation <= 1);
  }
}
