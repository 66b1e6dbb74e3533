// Tests src/scenario/loader.cpp and compile.cpp: every class of bad scenario input gives a ScenarioError naming the
// file, the JSON pointer and what was expected; --set, extends and enabled:false change the compiled Scenario.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/loader.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;
using peacesim::scenario::load_scenario;
using peacesim::scenario::load_scenario_text;
using peacesim::scenario::ScenarioError;
using peacesim::test::TempDir;

namespace {

// a small valid scenario: two groups, two towns, one sector, an agency, three contingents, a cell, two events
constexpr const char* kValid = R"({
  "name": "mini",
  "time": {"start": "2000-01-01", "end": "2000-12-31"},
  "groups": [
    {"id": "blue", "name": "Blue", "risk_aversion": 0.5},
    {"id": "red", "name": "Red"}
  ],
  "sectors": [{"id": "north", "name": "North"}],
  "locations": [
    {"id": "hilltown", "name": "Hilltown", "sector": "north", "neighbours": ["rivertown"], "population": {"blue": 40000, "red": 8000}},
    {"id": "rivertown", "name": "Rivertown", "sector": "north", "population": {"blue": 25000, "red": 3000}}
  ],
  "displacement": [{"group": "blue", "refugee_share": 0.4, "displaced_share": 0.1}],
  "agencies": [{"id": "relief", "name": "Relief", "functions": [{"kind": "shelter", "capacity": 30}]}],
  "contingents": [
    {"id": "battalion", "kind": "military", "sector": "north", "strength": 800,
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

/// Writes `doc` to scenario.json in `dir` and returns the ScenarioError its loading throws.
ScenarioError file_error(const TempDir& dir, const json& doc, const std::vector<std::string>& sets = {}) {
  const fs::path file = dir.write("scenario.json", doc.dump(2));
  const ScenarioError e = error_of([&] { load_scenario(file, sets); });
  CHECK(e.file == file.string());
  return e;
}

}  // namespace

TEST_CASE("loader: the inline base scenario is valid", "[loader]") {
  TempDir dir("loader");
  const fs::path file = dir.write("scenario.json", kValid);
  const auto loaded = load_scenario(file);
  REQUIRE(loaded.scenario != nullptr);
  CHECK(loaded.scenario->name == "mini");
  CHECK(loaded.scenario->contingents.size() == 3);
  CHECK(loaded.scenario->contingents[0].strength == 800.0);
  CHECK(loaded.scenario->agencies.size() == 1);
  REQUIRE(loaded.scenario->cells.size() == 1);
  CHECK(loaded.scenario->cells[0].agencies.size() == 1);
  CHECK(loaded.scenario->cells[0].contingents.size() == 1);
  CHECK_THAT(loaded.scenario->hash, StartsWith("fnv1a64:"));
  REQUIRE(loaded.chain.size() == 1);
  CHECK(loaded.chain[0] == file);
}

TEST_CASE("loader: a missing file names the file at the document root", "[loader]") {
  TempDir dir("loader");
  const fs::path file = dir.path() / "no-such-scenario.json";
  const ScenarioError e = error_of([&] { load_scenario(file); });
  CHECK(e.file == file.string());
  CHECK(e.pointer.empty());
  CHECK_THAT(e.expected, Contains("existing"));
  CHECK_THAT(std::string(e.what()), Contains("(document root)"));
}

TEST_CASE("loader: malformed JSON reports line and column", "[loader]") {
  TempDir dir("loader");
  // a missing comma on line 3, before "end"
  const std::string text =
      "{\n  \"name\": \"mini\",\n  \"time\": {\"start\": \"2000-01-01\" \"end\": \"2000-12-31\"}\n}\n";
  const fs::path file = dir.write("broken.json", text);
  const ScenarioError e = error_of([&] { load_scenario(file); });
  CHECK(e.file == file.string());
  CHECK(e.pointer.empty());
  CHECK_THAT(e.expected, StartsWith("malformed JSON at line 3, column "));
  // the column points into the token after the missing comma: within the string "end"
  const std::string line3 = "  \"time\": {\"start\": \"2000-01-01\" \"end\": \"2000-12-31\"}";
  const std::size_t first = line3.find("\"end\"") + 1, last = first + 4;  // 1-based columns of "end"
  const std::string head = "malformed JSON at line 3, column ";
  const std::size_t column = std::stoul(e.expected.substr(head.size()));
  CHECK(column >= first);
  CHECK(column <= last);

  // as text: the label is the file, the parser's line and column are in the message
  const ScenarioError t = error_of([&] { load_scenario_text(text, "inline"); });
  CHECK(t.file == "inline");
  CHECK(t.pointer.empty());
  CHECK_THAT(t.expected, StartsWith("malformed JSON"));
  CHECK_THAT(t.expected, Contains("line 3"));
}

TEST_CASE("loader: a value of the wrong type", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["contingents"][0]["strength"] = "800";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/contingents/0/strength");
  CHECK_THAT(e.expected, Contains("expected a number, got \"800\""));
}

TEST_CASE("loader: values out of range", "[loader]") {
  TempDir dir("loader");
  SECTION("risk_aversion above 1") {
    json doc = valid();
    doc["groups"][1]["risk_aversion"] = 1.5;
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/groups/1/risk_aversion");
    CHECK_THAT(e.expected, Contains("<= 1"));
    CHECK_THAT(e.expected, Contains("1.5"));
  }
  SECTION("a negative population") {
    json doc = valid();
    doc["locations"][1]["population"]["red"] = -5;
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/locations/1/population/red");
    CHECK_THAT(e.expected, Contains(">= 0"));
    CHECK_THAT(e.expected, Contains("-5"));
  }
}

TEST_CASE("loader: an unknown key gets a did-you-mean", "[loader]") {
  TempDir dir("loader");
  SECTION("a typo of an optional key") {
    json doc = valid();
    doc["contingents"][1]["rigor"] = 0.5;
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/contingents/1/rigor");
    CHECK_THAT(e.expected, Contains("unknown key \"rigor\""));
    CHECK_THAT(e.expected, Contains("did you mean \"rigour\""));
  }
  SECTION("a typo next to the right key") {
    json doc = valid();
    doc["contingents"][0]["strenght"] = 900;
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/contingents/0/strenght");
    CHECK_THAT(e.expected, Contains("unknown key \"strenght\""));
    CHECK_THAT(e.expected, Contains("did you mean \"strength\""));
  }
  SECTION("a typo of a required key (the typo explains the missing key)") {
    json doc = valid();
    doc["contingents"][0].erase("strength");
    doc["contingents"][0]["strenght"] = 800;
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/contingents/0/strenght");
    CHECK_THAT(e.expected, Contains("did you mean \"strength\""));
  }
  SECTION("at the top level") {
    json doc = valid();
    doc["contingent"] = json::array();
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/contingent");
    CHECK_THAT(e.expected, Contains("did you mean \"contingents\""));
  }
}

TEST_CASE("loader: parameters.sources names real parameters and needs a source text", "[loader][parameters]") {
  TempDir dir("loader");
  SECTION("a source for a parameter set in the file is accepted") {
    json doc = valid();
    doc["parameters"]["crime"]["homicide_rate"] = 2.7;
    doc["parameters"]["sources"]["crime.homicide_rate"] = "A report, 2008, https://example.org/";
    CHECK_NOTHROW(load_scenario_text(doc.dump(), "test.json"));
  }
  SECTION("a mistyped parameter name gets a did-you-mean and the list stays short") {
    json doc = valid();
    doc["parameters"]["sources"]["crime.homicide_rat"] = "A report, 2008";
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/parameters/sources/crime.homicide_rat");
    CHECK_THAT(e.expected, Contains("did you mean \"crime.homicide_rate\""));
    CHECK_THAT(e.expected, Contains("more (peacesim schema lists them)"));
  }
  SECTION("an empty source is not a source") {
    json doc = valid();
    doc["parameters"]["sources"]["crime.homicide_rate"] = "";
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/parameters/sources/crime.homicide_rate");
  }
}

TEST_CASE("loader: dangling references name the reference", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  // each section breaks one reference and checks the error (an assertion in every section: the
  // suite runs with --warn NoAssertions, tests/main.cpp)
  auto dangling = [&](const std::string& pointer, const std::string& phrase) {
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == pointer);
    CHECK_THAT(e.expected, Contains(phrase));
  };
  SECTION("contingent sector") {
    doc["contingents"][0]["sector"] = "south";
    dangling("/contingents/0/sector", "the id of a known sector, got \"south\"");
  }
  SECTION("contingent locations entry") {
    doc["contingents"][1]["locations"] = {"hilltown", "lakeside"};
    dangling("/contingents/1/locations/1", "the id of a known location, got \"lakeside\"");
  }
  SECTION("location sector") {
    doc["locations"][1]["sector"] = "south";
    dangling("/locations/1/sector", "the id of a known sector, got \"south\"");
  }
  SECTION("neighbour") {
    doc["locations"][0]["neighbours"] = {"rivertown", "lakeside"};
    dangling("/locations/0/neighbours/1", "the id of a known location, got \"lakeside\"");
  }
  SECTION("cell member") {
    doc["cells"][0]["members"] = {"relief", "ghost"};
    dangling("/cells/0/members/1", "the id of an agency or contingent, got \"ghost\"");
  }
  SECTION("a joint operations cell without a contingent") {
    doc["cells"][0]["kind"] = "joint_operations";
    doc["cells"][0]["members"] = {"relief"};
    dangling("/cells/0/members", "at least one contingent among the members of a joint_operations cell");
  }
  SECTION("population key that is not a group") {
    doc["locations"][1]["population"]["green"] = 100;
    dangling("/locations/1/population/green", "the id of a known group, got \"green\"");
  }
  SECTION("event groups") {
    doc["events"][0]["groups"] = {"green"};
    dangling("/events/0/groups/0", "the id of a known group, got \"green\"");
  }
}

TEST_CASE("loader: an unknown reference lists the known ids", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["locations"][0]["neighbours"] = {"lakeside"};
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/locations/0/neighbours/0");
  CHECK_THAT(e.expected, Contains("known: hilltown, rivertown"));
}

TEST_CASE("loader: duplicate ids", "[loader]") {
  TempDir dir("loader");
  SECTION("locations") {
    json doc = valid();
    doc["locations"][1]["id"] = "hilltown";
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/locations/1/id");
    CHECK_THAT(e.expected, Contains("\"hilltown\" is used twice"));
  }
  SECTION("contingents") {
    json doc = valid();
    doc["contingents"][1]["id"] = "battalion";
    const ScenarioError e = file_error(dir, doc);
    CHECK(e.pointer == "/contingents/1/id");
    CHECK_THAT(e.expected, Contains("\"battalion\" is used twice"));
  }
}

TEST_CASE("loader: an end date before the start", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["time"]["end"] = "1999-12-31";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/time/end");
  CHECK_THAT(e.expected, Contains("on or after the start 2000-01-01"));
}

TEST_CASE("loader: an impossible calendar date", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["time"]["start"] = "2001-02-29";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/time/start");
  CHECK_THAT(e.expected, Contains("2001-02-29"));
}

TEST_CASE("loader: schedule dates out of order", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["contingents"][0]["schedule"][1]["date"] = "2000-05-01";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/contingents/0/schedule/1/date");
  CHECK_THAT(e.expected, Contains("increasing order"));
  CHECK_THAT(e.expected, Contains("2000-06-01"));
}

TEST_CASE("loader: a local_police contingent needs max_strength", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["contingents"][2].erase("max_strength");
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/contingents/2");
  CHECK_THAT(e.expected, Contains("max_strength"));
  CHECK_THAT(e.expected, Contains("local police"));
}

TEST_CASE("loader: an event field its kind does not use", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["events"][1]["fraction"] = 0.5;
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/events/1/fraction");
  CHECK_THAT(e.expected, Contains("no `fraction`"));
  CHECK_THAT(e.expected, Contains("event of kind election"));
}

TEST_CASE("loader: an event without a field its kind needs", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["events"][0].erase("fraction");
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/events/0");
  CHECK_THAT(e.expected, Contains("`fraction`"));
  CHECK_THAT(e.expected, Contains("event of kind demilitarisation"));
}

TEST_CASE("loader: an event outside the time frame", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["events"][1]["date"] = "2001-01-01";
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/events/1/date");
  CHECK_THAT(e.expected, Contains("time frame 2000-01-01 to 2000-12-31"));
}

TEST_CASE("loader: refugee_share + displaced_share above 1", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["displacement"][0]["refugee_share"] = 0.7;
  doc["displacement"][0]["displaced_share"] = 0.4;
  const ScenarioError e = file_error(dir, doc);
  CHECK(e.pointer == "/displacement/0");
  CHECK_THAT(e.expected, Contains("refugee_share + displaced_share <= 1"));
}

TEST_CASE("loader: --set errors name --set", "[loader][set]") {
  TempDir dir("loader");
  const fs::path file = dir.write("scenario.json", kValid);
  SECTION("no '='") {
    const ScenarioError e = error_of([&] { load_scenario(file, {"parameters.unrest.threshold"}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer.empty());
    CHECK_THAT(e.expected, Contains("expected PATH=VALUE"));
  }
  SECTION("an unknown array id") {
    const ScenarioError e = error_of([&] { load_scenario(file, {"contingents.ghost.strength=5"}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == "/contingents");
    CHECK_THAT(e.expected, Contains("no element with id \"ghost\""));
    CHECK_THAT(e.expected, Contains("battalion, intl_police, local_police"));
  }
  SECTION("a value of the wrong type, caught by the schema") {
    const ScenarioError e = error_of([&] { load_scenario(file, {"contingents.battalion.strength=many"}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == "/contingents/0/strength");
    CHECK_THAT(e.expected, Contains("expected a number, got \"many\""));
  }
  SECTION("a value out of range, caught by the schema") {
    const ScenarioError e = error_of([&] { load_scenario(file, {"parameters.unrest.threshold=2"}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == "/parameters/unrest/threshold");
    CHECK_THAT(e.expected, Contains("<= 1"));
  }
  SECTION("an unknown parameter gets a did-you-mean") {
    const ScenarioError e = error_of([&] { load_scenario(file, {"parameters.unrest.treshold=0.2"}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == "/parameters/unrest/treshold");
    CHECK_THAT(e.expected, Contains("did you mean \"threshold\""));
  }
  SECTION("a semantic error the override causes") {
    const ScenarioError e = error_of([&] { load_scenario(file, {"contingents.battalion.sector=south"}); });
    CHECK(e.file == "--set");
    CHECK(e.pointer == "/contingents/0/sector");
    CHECK_THAT(e.expected, Contains("known sector, got \"south\""));
  }
  SECTION("an error elsewhere still names the file") {
    json doc = valid();
    doc["groups"][0]["risk_aversion"] = 1.5;
    const fs::path bad = dir.write("bad.json", doc.dump());
    const ScenarioError e = error_of([&] { load_scenario(bad, {"parameters.unrest.threshold=0.2"}); });
    CHECK(e.file == bad.string());
    CHECK(e.pointer == "/groups/0/risk_aversion");
  }
}

TEST_CASE("loader: --set changes the compiled scenario", "[loader][set]") {
  TempDir dir("loader");
  const fs::path file = dir.write("scenario.json", kValid);
  const auto plain = load_scenario(file);
  CHECK(plain.scenario->params.unrest_threshold == 0.1);
  CHECK(plain.scenario->contingents[0].strength == 800.0);

  const auto threshold = load_scenario(file, {"parameters.unrest.threshold=0.2"});
  CHECK(threshold.scenario->params.unrest_threshold == 0.2);
  CHECK(threshold.document["parameters"]["unrest"]["threshold"] == 0.2);
  CHECK(threshold.scenario->hash != plain.scenario->hash);

  const auto strength = load_scenario(file, {"contingents.battalion.strength=1000"});
  CHECK(strength.scenario->contingents[0].id == "battalion");
  CHECK(strength.scenario->contingents[0].strength == 1000.0);
  CHECK(strength.scenario->contingents[1].strength == 150.0);

  // load_scenario_text takes overrides too
  const auto text = load_scenario_text(kValid, "inline", {"contingents.intl_police.strength=75"});
  CHECK(text.scenario->contingents[1].strength == 75.0);
}

TEST_CASE("loader: enabled false drops an agency and its cell membership", "[loader]") {
  TempDir dir("loader");
  json doc = valid();
  doc["agencies"].push_back(
      json::parse(R"({"id": "builders", "name": "Builders", "functions": [{"kind": "development", "capacity": 10}]})"));
  doc["cells"][0]["members"] = {"relief", "builders", "battalion"};
  const auto both = load_scenario_text(doc.dump(), "both");
  REQUIRE(both.scenario->agencies.size() == 2);
  CHECK(both.scenario->cells[0].agencies == std::vector<peacesim::Index>{0, 1});

  doc["agencies"][0]["enabled"] = false;
  const fs::path file = dir.write("scenario.json", doc.dump());
  const auto loaded = load_scenario(file);
  const auto& s = *loaded.scenario;
  REQUIRE(s.agencies.size() == 1);
  CHECK(s.agencies[0].id == "builders");
  REQUIRE(s.cells.size() == 1);
  // the remaining agency is renumbered to 0; the disabled one is not at the table
  CHECK(s.cells[0].agencies == std::vector<peacesim::Index>{0});
  CHECK(s.cells[0].contingents == std::vector<peacesim::Index>{0});

  // the same via --set
  const auto via_set = load_scenario(dir.write("both.json", both.document.dump()), {"agencies.relief.enabled=false"});
  REQUIRE(via_set.scenario->agencies.size() == 1);
  CHECK(via_set.scenario->agencies[0].id == "builders");
  CHECK(via_set.scenario->cells[0].agencies == std::vector<peacesim::Index>{0});
}

TEST_CASE("loader: enabled false drops a contingent and its cell membership", "[loader]") {
  json doc = valid();
  doc["contingents"][0]["enabled"] = false;
  const auto loaded = load_scenario_text(doc.dump(), "inline");
  const auto& s = *loaded.scenario;
  REQUIRE(s.contingents.size() == 2);
  CHECK(s.contingents[0].id == "intl_police");
  CHECK(s.cells[0].contingents.empty());
  CHECK(s.cells[0].agencies.size() == 1);
}

TEST_CASE("loader: extends overlays a base, merging arrays by id", "[loader][extends]") {
  TempDir dir("loader");
  const fs::path base = dir.write("base.json", kValid);
  const fs::path variant = dir.write("variant.json", R"({
    "extends": "base.json",
    "name": "mini-variant",
    "contingents": [{"id": "battalion", "strength": 1200}, {"id": "fpu", "kind": "formed_police", "strength": 120}]
  })");
  const auto loaded = load_scenario(variant);
  const auto& s = *loaded.scenario;
  CHECK(s.name == "mini-variant");
  REQUIRE(s.contingents.size() == 4);
  CHECK(s.contingents[0].id == "battalion");
  CHECK(s.contingents[0].strength == 1200.0);
  // the rest of the battalion comes from the base
  CHECK(s.contingents[0].schedule.size() == 2);
  CHECK(s.contingents[0].sector == 0);
  CHECK(s.contingents[1].id == "intl_police");
  CHECK(s.contingents[1].strength == 150.0);
  CHECK(s.contingents[3].id == "fpu");
  CHECK(s.contingents[3].kind == peacesim::ContingentKind::formed_police);
  CHECK(s.locations.size() == 2);
  REQUIRE(loaded.chain.size() == 2);
  CHECK(loaded.chain[0] == base.lexically_normal());
  CHECK(loaded.chain[1] == variant);
  CHECK_FALSE(loaded.document.contains("extends"));
  // the base alone is unchanged
  CHECK(load_scenario(base).scenario->contingents[0].strength == 800.0);
}

TEST_CASE("loader: an error in an extends chain names the file it is in", "[loader][extends]") {
  TempDir dir("loader");
  SECTION("a schema error in the overlay") {
    dir.write("base.json", kValid);
    const fs::path variant = dir.write(
        "variant.json", R"({"extends": "base.json", "contingents": [{"id": "battalion", "strength": "lots"}]})");
    const ScenarioError e = error_of([&] { load_scenario(variant); });
    CHECK(e.file == variant.string());
    CHECK(e.pointer == "/contingents/0/strength");
    CHECK_THAT(e.expected, Contains("expected a number"));
  }
  SECTION("a semantic error in the overlay") {
    dir.write("base.json", kValid);
    const fs::path variant = dir.write(
        "variant.json", R"({"extends": "base.json", "contingents": [{"id": "battalion", "sector": "south"}]})");
    const ScenarioError e = error_of([&] { load_scenario(variant); });
    CHECK(e.file == variant.string());
    CHECK(e.pointer == "/contingents/0/sector");
    CHECK_THAT(e.expected, Contains("known sector, got \"south\""));
  }
  SECTION("a schema error in the base") {
    json doc = valid();
    doc["groups"][1]["risk_aversion"] = 1.5;
    const fs::path base = dir.write("base.json", doc.dump(2));
    const fs::path variant = dir.write(
        "variant.json", R"({"extends": "base.json", "contingents": [{"id": "battalion", "strength": 1200}]})");
    const ScenarioError e = error_of([&] { load_scenario(variant); });
    CHECK(e.file == base.lexically_normal().string());
    CHECK(e.pointer == "/groups/1/risk_aversion");
  }
  SECTION("a semantic error in the base") {
    json doc = valid();
    doc["locations"][1]["sector"] = "south";
    const fs::path base = dir.write("base.json", doc.dump(2));
    const fs::path variant = dir.write(
        "variant.json", R"({"extends": "base.json", "contingents": [{"id": "battalion", "strength": 1200}]})");
    const ScenarioError e = error_of([&] { load_scenario(variant); });
    CHECK(e.file == base.lexically_normal().string());
    CHECK(e.pointer == "/locations/1/sector");
  }
  SECTION("a missing base") {
    const fs::path variant = dir.write("variant.json", R"({"extends": "nowhere.json", "name": "x"})");
    const ScenarioError e = error_of([&] { load_scenario(variant); });
    CHECK(e.file == variant.string());
    CHECK(e.pointer == "/extends");
    CHECK_THAT(e.expected, Contains("nowhere.json"));
  }
}

TEST_CASE("loader: text scenarios refuse extends and non-objects", "[loader]") {
  const ScenarioError ext = error_of([] { load_scenario_text(R"({"extends": "base.json"})", "inline"); });
  CHECK(ext.file == "inline");
  CHECK(ext.pointer == "/extends");
  const ScenarioError arr = error_of([] { load_scenario_text("[1, 2]", "inline"); });
  CHECK(arr.file == "inline");
  CHECK(arr.pointer.empty());
  CHECK_THAT(arr.expected, Contains("JSON object"));
}
