// Tests issue #7, "numbers stay physical": the schema's ranges (src/scenario/scenario.schema.json), the
// time-frame rule for dates (src/scenario/compile.cpp), the finite check on every metrics row
// (src/sim/simulation.cpp) and the warning for a --set that a schedule takes over
// (src/scenario/override_warnings.cpp).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/model/metrics.hpp"
#include "peacesim/model/parameters.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using nlohmann::json;
using peacesim::MetricsRow;
using peacesim::NonFiniteError;
using peacesim::scenario::load_scenario;
using peacesim::scenario::load_scenario_text;
using peacesim::scenario::ScenarioError;
using peacesim::test::cli;
using peacesim::test::TempDir;

namespace {

// a small valid scenario: two groups, two towns, an agency with two shelter functions, three contingents,
// a cell, two events; time frame 2000-01-01 to 2000-12-31
constexpr const char* kValid = R"({
  "name": "mini",
  "time": {"start": "2000-01-01", "end": "2000-12-31"},
  "groups": [{"id": "blue", "name": "Blue"}, {"id": "red", "name": "Red"}],
  "sectors": [{"id": "north", "name": "North"}],
  "locations": [
    {"id": "hilltown", "name": "Hilltown", "sector": "north", "neighbours": ["rivertown"], "population": {"blue": 40000, "red": 8000}},
    {"id": "rivertown", "name": "Rivertown", "sector": "north", "population": {"blue": 25000, "red": 3000}}
  ],
  "agencies": [{"id": "relief", "name": "Relief", "functions": [
    {"kind": "shelter", "capacity": 30, "end": "2000-06-30"},
    {"kind": "shelter", "capacity": 10, "start": "2000-07-01"},
    {"kind": "food", "capacity": 20}]}],
  "contingents": [
    {"id": "battalion", "kind": "military", "sector": "north", "strength": 800, "arrival": "2000-01-10",
     "rotations": ["2000-07-01"],
     "schedule": [{"date": "2000-06-01", "strength": 800}, {"date": "2000-09-01", "strength": 300}]},
    {"id": "intl_police", "kind": "police", "strength": 150, "locations": ["hilltown"]},
    {"id": "local_police", "kind": "local_police", "strength": 0, "max_strength": 150}
  ],
  "cells": [{"id": "coordination", "kind": "mission_coordination", "members": ["relief", "battalion"], "cadence_days": 7}],
  "events": [
    {"date": "2000-04-01", "kind": "demilitarisation", "label": "Weapons in", "groups": ["blue"], "fraction": 0.5},
    {"date": "2000-10-01", "kind": "election", "label": "Elections", "scope": "municipal"}
  ]
})";

json valid() { return json::parse(kValid); }

/// The source tree's root (this file is tests/scenario/test_ranges.cpp), else the working directory.
fs::path source_root() {
  const fs::path from_source = fs::path(__FILE__).parent_path().parent_path().parent_path();
  return fs::exists(from_source / "scenarios") ? from_source : fs::current_path();
}

/// The ScenarioError that `load` throws; fails the test if it throws nothing or something else.
ScenarioError error_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const ScenarioError& e) {
    return e;
  } catch (const std::exception& e) {
    FAIL("expected a ScenarioError, got another exception: " << e.what());
  }
  FAIL("expected a ScenarioError, nothing was thrown");
  return ScenarioError("", "", "");
}

/// Writes `doc` to scenario.json in `dir` and returns the ScenarioError its loading throws (naming that file).
ScenarioError file_error(const TempDir& dir, const json& doc) {
  const fs::path file = dir.write("scenario.json", doc.dump(2));
  const ScenarioError e = error_of([&] { load_scenario(file); });
  CHECK(e.file == file.string());
  return e;
}

/// Checks that the error is the time-frame rule of the mini scenario, for `date`.
void check_time_frame(const ScenarioError& e, const std::string& date) {
  CHECK_THAT(e.expected, Contains("time frame 2000-01-01 to 2000-12-31"));
  CHECK_THAT(e.expected, Contains("got " + date));
}

/// Every subschema of `schema` with type number or integer, with its pointer.
void numeric_schemas(const json& schema, const std::string& pointer, std::vector<std::pair<std::string, json>>& out) {
  if (schema.is_object()) {
    if (const auto type = schema.find("type");
        type != schema.end() &&
        (*type == "number" || *type == "integer" ||
         (type->is_array() && (std::find(type->begin(), type->end(), "number") != type->end() ||
                               std::find(type->begin(), type->end(), "integer") != type->end()))))
      out.emplace_back(pointer, schema);
    for (const auto& [key, child] : schema.items()) numeric_schemas(child, pointer + "/" + key, out);
  } else if (schema.is_array()) {
    for (std::size_t i = 0; i < schema.size(); ++i) numeric_schemas(schema[i], pointer + "/" + std::to_string(i), out);
  }
}

/// A metrics row with every column finite, as after a real step.
MetricsRow finite_row() {
  MetricsRow row;
  row.tick = 12;
  row.date = *peacesim::Date::parse("2000-01-13");
  for (const auto& c : peacesim::metrics_columns()) row.*c.field = 0.5;
  return row;
}

/// The NonFiniteError that check_finite throws for `row`; fails the test otherwise.
NonFiniteError non_finite_error(const MetricsRow& row) {
  try {
    peacesim::check_finite(row);
  } catch (const NonFiniteError& e) {
    return e;
  }
  FAIL("expected a NonFiniteError, nothing was thrown");
  return NonFiniteError(0, {}, "", 0);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ranges

TEST_CASE("ranges: a contingent strength of 1e308 is refused at load with its pointer", "[scenario][ranges]") {
  TempDir dir("ranges");
  json doc = valid();
  doc["contingents"][1]["strength"] = 1e308;
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/contingents/1/strength");
  CHECK_THAT(e.expected, Contains("<= 1000000"));
  CHECK_THAT(e.expected, Contains("1e+308"));

  // from the command line too, naming --set; and the CLI exits 2 (a scenario error)
  const fs::path file = dir.write("ok.json", valid().dump(2));
  const ScenarioError s = error_of([&] { load_scenario(file, {"contingents.battalion.schedule.1.strength=1e308"}); });
  CHECK(s.file == "--set");
  CHECK(s.pointer == "/contingents/0/schedule/1/strength");
  const auto r = cli({"inspect", file.string(), "--set", "contingents.intl_police.strength=1e308"});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("/contingents/1/strength"));
}

TEST_CASE("ranges: a population beyond 100 million in one community is refused", "[scenario][ranges]") {
  TempDir dir("ranges");
  json doc = valid();
  doc["locations"][1]["population"]["red"] = 2e8;
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/locations/1/population/red");
  CHECK_THAT(e.expected, Contains("<= 100000000"));
  // the bound itself is allowed
  doc["locations"][1]["population"]["red"] = 1e8;
  CHECK_NOTHROW(load_scenario_text(doc.dump(), "mini.json"));
}

TEST_CASE("ranges: shares, cadences and coordinates out of range are refused", "[scenario][ranges]") {
  struct Case {
    const char* set;
    const char* pointer;
    const char* expected;
  };
  const Case cases[] = {
      {"contingents.battalion.posture.patrol=1.5", "/contingents/0/posture/patrol", "<= 1"},
      {"contingents.local_police.max_strength=2000000", "/contingents/2/max_strength", "<= 1000000"},
      {"agencies.relief.functions.2.capacity=1e7", "/agencies/0/functions/2/capacity", "<= 1000000"},
      {"cells.coordination.cadence_days=5000", "/cells/0/cadence_days", "<= 3650"},
      {"locations.hilltown.lat=91", "/locations/0/lat", "<= 90"},
      {"locations.hilltown.lon=-181", "/locations/0/lon", ">= -180"},
      {"output.municipal_every_days=4000", "/output/municipal_every_days", "<= 3650"},
      {"parameters.violence.attack_rate=1e308", "/parameters/violence/attack_rate", "<= 100"},
  };
  for (const auto& c : cases) {
    INFO(c.set);
    const ScenarioError e = error_of([&] { load_scenario_text(kValid, "mini.json", {c.set}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == c.pointer);
    CHECK_THAT(e.expected, Contains(c.expected));
  }
}

TEST_CASE("ranges: every number in the schema has finite bounds, the parameters' from the registry",
          "[scenario][ranges]") {
  std::vector<std::pair<std::string, json>> numbers;
  numeric_schemas(peacesim::scenario::scenario_schema(), "#", numbers);
  REQUIRE(numbers.size() > 100);  // the structural fields and the generated parameters
  for (const auto& [pointer, schema] : numbers) {
    INFO(pointer);
    const auto low = schema.contains("minimum") ? schema.find("minimum") : schema.find("exclusiveMinimum");
    const auto high = schema.contains("maximum") ? schema.find("maximum") : schema.find("exclusiveMaximum");
    REQUIRE(low != schema.end());
    REQUIRE(high != schema.end());
    CHECK(std::isfinite(low->get<double>()));
    CHECK(std::isfinite(high->get<double>()));
    CHECK(low->get<double>() <= high->get<double>());
  }
  for (const auto& p : peacesim::parameter_registry()) {
    INFO(std::string(p.section) + "." + std::string(p.name));
    CHECK(std::isfinite(p.minimum));
    CHECK(std::isfinite(p.maximum));
    CHECK(p.minimum <= p.default_value);
    CHECK(p.default_value <= p.maximum);
  }
}

// ---------------------------------------------------------------------------------------------
// dates inside the time frame

TEST_CASE("ranges: a schedule date in 2030 is refused with its pointer and the time frame", "[scenario][ranges]") {
  TempDir dir("ranges");
  json doc = valid();
  doc["contingents"][0]["schedule"][1]["date"] = "2030-01-01";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/contingents/0/schedule/1/date");
  check_time_frame(e, "2030-01-01");

  // set in an overlay: the error names the overlay, where the date was written
  const fs::path base = dir.write("base.json", valid().dump(2));
  const fs::path overlay = dir.write(
      "overlay.json",
      R"({"extends": "base.json", "contingents": [{"id": "battalion", "schedule": [{"date": "2000-06-01", "strength": 800},
          {"date": "2030-01-01", "strength": 300}]}]})");
  const ScenarioError o = error_of([&] { load_scenario(overlay); });
  CHECK(o.file == overlay.string());
  CHECK(o.pointer == "/contingents/0/schedule/1/date");
  check_time_frame(o, "2030-01-01");
  (void)base;
}

TEST_CASE("ranges: a schedule date in 2030 is refused for the Kosovo scenario ending 2008", "[scenario][ranges]") {
  const fs::path kosovo = source_root() / "scenarios" / "kosovo-1999.json";
  const ScenarioError e = error_of([&] { load_scenario(kosovo, {"contingents.kfor_us.schedule.11.date=2030-01-01"}); });
  CHECK(e.file == "--set");
  CHECK_THAT(e.pointer, Contains("/schedule/11/date"));
  CHECK_THAT(e.expected, Contains("time frame 1999-06-10 to 2008-06-15"));
}

TEST_CASE("ranges: an event before the start is refused", "[scenario][ranges]") {
  TempDir dir("ranges");
  json doc = valid();
  doc["events"][0]["date"] = "1999-12-31";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/events/0/date");
  check_time_frame(e, "1999-12-31");
}

TEST_CASE("ranges: every other date outside the time frame is refused with its pointer", "[scenario][ranges]") {
  struct Case {
    const char* set;
    const char* pointer;
  };
  const Case cases[] = {
      {"agencies.relief.start=1999-06-01", "/agencies/0/start"},
      {"agencies.relief.end=2001-01-01", "/agencies/0/end"},
      {"agencies.relief.functions.0.start=1999-01-01", "/agencies/0/functions/0/start"},
      {"agencies.relief.functions.1.end=2003-01-01", "/agencies/0/functions/1/end"},
      {"contingents.intl_police.departure=2001-06-01", "/contingents/1/departure"},
      {"contingents.battalion.rotations.0=2001-07-01", "/contingents/0/rotations/0"},
      {"cells.coordination.start=1999-12-01", "/cells/0/start"},
      {"cells.coordination.end=2001-12-01", "/cells/0/end"},
  };
  for (const auto& c : cases) {
    INFO(c.set);
    const ScenarioError e = error_of([&] { load_scenario_text(kValid, "mini.json", {c.set}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == c.pointer);
    CHECK_THAT(e.expected, Contains("time frame 2000-01-01 to 2000-12-31"));
  }
  // the last day is inside (time.end is inclusive)
  CHECK_NOTHROW(
      load_scenario_text(kValid, "mini.json", {"events.1.date=2000-12-31", "agencies.relief.end=2000-12-31"}));
}

TEST_CASE("ranges: an arrival before the start means already deployed, after the end is refused",
          "[scenario][ranges]") {
  const auto loaded = load_scenario_text(kValid, "mini.json", {"contingents.intl_police.arrival=1999-05-01"});
  CHECK(loaded.scenario->contingents[1].arrival.iso() == "1999-05-01");
  const ScenarioError e =
      error_of([&] { load_scenario_text(kValid, "mini.json", {"contingents.intl_police.arrival=2001-02-01"}); });
  CHECK(e.pointer == "/contingents/1/arrival");
  CHECK_THAT(e.expected, Contains("on or before the scenario's end 2000-12-31"));
  CHECK_THAT(e.expected, Contains("already deployed"));
}

TEST_CASE("ranges: every shipped scenario loads, without warnings", "[scenario][ranges]") {
  std::vector<fs::path> scenarios;
  for (const auto& entry : fs::recursive_directory_iterator(source_root() / "scenarios")) {
    if (entry.path().extension() != ".json") continue;
    const json doc = json::parse(peacesim::test::read_text(entry.path()));
    // a scenario has a time frame of its own or extends one (patterns and calibration files do not)
    if (doc.contains("name") && (doc.contains("time") || doc.contains("extends"))) scenarios.push_back(entry.path());
  }
  REQUIRE(scenarios.size() >= 7);  // kosovo-1999, its five variants, two-towns
  for (const auto& file : scenarios) {
    INFO(file.string());
    peacesim::scenario::LoadedScenario loaded;
    REQUIRE_NOTHROW(loaded = load_scenario(file));
    CHECK(loaded.warnings.empty());
  }
}

// ---------------------------------------------------------------------------------------------
// the finite check on every metrics row

TEST_CASE("ranges: the finite check passes a finite row and names the non-finite column", "[sim][ranges]") {
  CHECK_NOTHROW(peacesim::check_finite(finite_row()));

  MetricsRow row = finite_row();
  row.police_strength = std::numeric_limits<double>::quiet_NaN();
  const NonFiniteError e = non_finite_error(row);
  CHECK(e.tick == 12);
  CHECK(e.date.iso() == "2000-01-13");
  CHECK(e.column == "police_strength");
  CHECK(std::isnan(e.value));
  const std::string what = e.what();
  CHECK_THAT(what, Contains("tick 12"));
  CHECK_THAT(what, Contains("2000-01-13"));
  CHECK_THAT(what, Contains("`police_strength`"));
  CHECK_THAT(what, Contains("contingents' strength, schedule"));

  // NaN spreads to what is computed from it: the column nearest the inputs is named, the others listed
  row.stability = std::numeric_limits<double>::quiet_NaN();
  row.arrest_probability = std::numeric_limits<double>::infinity();
  const NonFiniteError spread = non_finite_error(row);
  CHECK(spread.column == "police_strength");
  CHECK_THAT(std::string(spread.what()), Contains("also non-finite: stability, arrest_probability"));

  MetricsRow people = finite_row();
  people.resident = -std::numeric_limits<double>::infinity();
  const NonFiniteError p = non_finite_error(people);
  CHECK(p.column == "resident");
  CHECK_THAT(std::string(p.what()), Contains("-infinity"));
  CHECK_THAT(std::string(p.what()), Contains("locations' population"));

  MetricsRow other = finite_row();
  other.coordination = std::numeric_limits<double>::quiet_NaN();
  const NonFiniteError c = non_finite_error(other);
  CHECK(c.column == "coordination");
  CHECK_THAT(std::string(c.what()), Contains("parameters.coordination"));
  CHECK_THAT(std::string(c.what()), Contains("--set"));
}

TEST_CASE("ranges: every metrics column has its likely inputs", "[sim][ranges]") {
  for (const auto& c : peacesim::metrics_columns()) {
    INFO(std::string(c.name));
    const std::string inputs = peacesim::likely_inputs(c.name);
    CHECK_THAT(inputs, !Contains("feeding"));  // the fallback for a column missing from the table
    // any single non-finite column is caught and named
    MetricsRow row = finite_row();
    row.*c.field = std::numeric_limits<double>::quiet_NaN();
    CHECK(non_finite_error(row).column == std::string(c.name));
  }
}

TEST_CASE("ranges: a NaN strength that bypasses the loader stops the run on its first tick", "[sim][ranges]") {
  // no input the schema allows reaches a NaN, so the frozen scenario is changed after loading
  const auto loaded = load_scenario_text(kValid, "mini.json");
  auto broken = std::make_shared<peacesim::Scenario>(*loaded.scenario);
  broken->contingents[1].strength = std::numeric_limits<double>::quiet_NaN();  // intl_police, from the start
  peacesim::Simulation sim(broken, 1);
  try {
    sim.step();
    FAIL("expected a NonFiniteError");
  } catch (const NonFiniteError& e) {
    CHECK(e.tick == 0);
    CHECK(e.date.iso() == "2000-01-01");
    CHECK(e.column == "police_strength");
  }
  // the same scenario, unbroken, runs to its end
  peacesim::Simulation ok(loaded.scenario, 1);
  CHECK_NOTHROW([&] {
    while (!ok.done()) ok.step();
  }());
}

// ---------------------------------------------------------------------------------------------
// --set on a value that a schedule takes over

TEST_CASE("ranges: --set of kfor_us.strength warns that its schedule takes over", "[scenario][ranges]") {
  const fs::path kosovo = source_root() / "scenarios" / "kosovo-1999.json";
  const auto loaded = load_scenario(kosovo, {"contingents.kfor_us.strength=9000"});
  REQUIRE(loaded.warnings.size() == 1);
  const std::string& w = loaded.warnings[0];
  CHECK_THAT(w, Contains("--set contingents.kfor_us.strength=9000"));
  CHECK_THAT(w, Contains("on arrival (1999-06-12)"));
  CHECK_THAT(w, Contains("1757 on 1999-06-17"));
  CHECK_THAT(w, Contains("contingents.kfor_us.schedule.N.strength"));
  CHECK_THAT(w, Contains("1 (1999-09-08: 4803)"));

  // no warning for a field without a schedule, for the schedule itself, or for a parameter
  CHECK(load_scenario(kosovo, {"contingents.kfor_us.rigour=0.7"}).warnings.empty());
  CHECK(load_scenario(kosovo, {"contingents.kps.strength=10"}).warnings.empty());
  CHECK(load_scenario(kosovo, {"contingents.kfor_us.schedule.1.strength=7000"}).warnings.empty());
  CHECK(load_scenario(kosovo, {"parameters.violence.attack_rate=0.1"}).warnings.empty());
}

TEST_CASE("ranges: --set of a strength or capacity that a schedule takes over warns in a small scenario",
          "[scenario][ranges]") {
  // the battalion has a schedule, the international police (kind police) none
  const auto strength = load_scenario_text(kValid, "mini.json", {"contingents.0.strength=900"});
  REQUIRE(strength.warnings.size() == 1);
  CHECK_THAT(strength.warnings[0], Contains("battalion's strength on arrival (2000-01-10)"));
  CHECK_THAT(strength.warnings[0], Contains("0 (2000-06-01: 800), 1 (2000-09-01: 300)"));
  CHECK(load_scenario_text(kValid, "mini.json", {"contingents.intl_police.strength=200"}).warnings.empty());

  // a schedule that starts on the arrival day: the strength has no effect at all
  const auto none = load_scenario_text(
      kValid, "mini.json", {"contingents.battalion.schedule.0.date=2000-01-10", "contingents.battalion.strength=5"});
  REQUIRE(none.warnings.size() == 1);
  CHECK_THAT(none.warnings[0], Contains("has no effect"));

  // two shelter functions with their own date windows: setting one warns and names the other
  const auto capacity = load_scenario_text(kValid, "mini.json", {"agencies.relief.functions.0.capacity=60"});
  REQUIRE(capacity.warnings.size() == 1);
  CHECK_THAT(capacity.warnings[0], Contains("works only from 2000-01-01 to 2000-06-30"));
  CHECK_THAT(capacity.warnings[0], Contains("agencies.relief.functions.1.capacity (2000-07-01 to"));
  CHECK(load_scenario_text(kValid, "mini.json", {"agencies.relief.functions.2.capacity=60"}).warnings.empty());
}
