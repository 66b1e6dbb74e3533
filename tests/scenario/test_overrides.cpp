// Tests src/scenario/overrides.cpp: --set PATH=VALUE (create, replace, array by id and index, value parsing, errors)
// and dotted_to_pointer.

#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/overrides.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using nlohmann::json;
using peacesim::scenario::apply_override;
using peacesim::scenario::dotted_to_pointer;
using peacesim::scenario::ScenarioError;

namespace {

json sample() {
  return json::parse(R"({
        "seed": 1,
        "time": {"start": "1999-06-12", "end": "2000-06-12"},
        "contingents": [
            {"id": "kfor_us", "kind": "military", "strength": 7000},
            {"id": "kfor_uk", "kind": "military", "strength": 5000}
        ],
        "locations": [{"id": "pristina", "population": {"serb": 40000, "albanian": 200000}}],
        "neighbours": ["a", "b", "c"]
    })");
}

/// The ScenarioError an override throws (fails the test if it throws nothing or something else).
ScenarioError error_of(json& doc, const std::string& assignment) {
  try {
    apply_override(doc, assignment);
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("expected a ScenarioError for " << assignment);
  return ScenarioError("", "", "");
}

}  // namespace

TEST_CASE("apply_override replaces existing values", "[overrides]") {
  json doc = sample();
  apply_override(doc, "seed=42");
  CHECK(doc["seed"] == 42);
  apply_override(doc, "time.tick_days=7");
  CHECK(doc["time"]["tick_days"] == 7);
  apply_override(doc, "contingents.kfor_uk.strength=2500.5");
  CHECK(doc["contingents"][1]["strength"] == 2500.5);
  apply_override(doc, "locations.pristina.population.serb=0");
  CHECK(doc["locations"][0]["population"]["serb"] == 0);
  // the rest is untouched
  CHECK(doc["contingents"][0]["strength"] == 7000);
  CHECK(doc["locations"][0]["population"]["albanian"] == 200000);
}

TEST_CASE("apply_override creates missing objects along the path", "[overrides]") {
  json doc = sample();
  apply_override(doc, "parameters.unrest.threshold=0.25");
  CHECK(doc["parameters"] == json::parse(R"({"unrest": {"threshold": 0.25}})"));
  // into an empty document too
  json empty;
  apply_override(empty, "a.b=1");
  CHECK(empty == json::parse(R"({"a": {"b": 1}})"));
}

TEST_CASE("apply_override parses the value as JSON when it can", "[overrides]") {
  json doc = sample();
  // a date is not JSON: a plain string
  apply_override(doc, "time.end=2000-01-01");
  CHECK(doc["time"]["end"] == "2000-01-01");
  apply_override(doc, R"(name="kosovo 1999")");
  CHECK(doc["name"] == "kosovo 1999");
  apply_override(doc, "name=kosovo-1999");
  CHECK(doc["name"] == "kosovo-1999");
  apply_override(doc, "output.incident_log=true");
  CHECK(doc["output"]["incident_log"] == true);
  apply_override(doc, "notes=null");
  CHECK(doc["notes"].is_null());
  apply_override(doc, R"(neighbours=["x", "y"])");
  CHECK(doc["neighbours"] == json::parse(R"(["x", "y"])"));
  apply_override(doc, R"(contingents.kfor_us.posture={"patrol": 0.5})");
  CHECK(doc["contingents"][0]["posture"] == json::parse(R"({"patrol": 0.5})"));
  // only the first '=' splits
  apply_override(doc, "description=a=b");
  CHECK(doc["description"] == "a=b");
  // an empty value is an empty string
  apply_override(doc, "title=");
  CHECK(doc["title"] == "");
}

TEST_CASE("apply_override selects array elements by id, then by index", "[overrides]") {
  json doc = sample();
  apply_override(doc, "contingents.1.strength=1");
  CHECK(doc["contingents"][1]["strength"] == 1);
  apply_override(doc, "neighbours.2=\"z\"");
  CHECK(doc["neighbours"] == json::parse(R"(["a", "b", "z"])"));
  // a whole element
  apply_override(doc, R"(contingents.kfor_us={"id": "kfor_us", "kind": "police", "strength": 1})");
  CHECK(doc["contingents"][0]["kind"] == "police");
  // an id that looks like an index wins over the index
  json numbered = json::parse(R"({"a": [{"id": "1", "v": 0}, {"id": "0", "v": 0}]})");
  apply_override(numbered, "a.0.v=5");
  CHECK(numbered["a"][1]["v"] == 5);
  CHECK(numbered["a"][0]["v"] == 0);
}

TEST_CASE("apply_override errors name --set, the pointer reached and what was expected", "[overrides]") {
  json doc = sample();
  const json before = doc;

  auto e = error_of(doc, "contingents.kfor_xx.strength=1");
  CHECK(e.file == "--set");
  CHECK(e.pointer == "/contingents");
  CHECK_THAT(e.expected, Equals(R"(no element with id "kfor_xx" in /contingents (ids: kfor_us, kfor_uk))"));
  CHECK_THAT(std::string(e.what()), Contains("--set: /contingents: no element"));

  e = error_of(doc, "neighbours.7=1");
  CHECK(e.pointer == "/neighbours");
  CHECK_THAT(e.expected, Contains(R"(no element with id or index "7")"));
  CHECK_THAT(e.expected, Contains("3 elements"));

  // going into a scalar
  e = error_of(doc, "seed.value=1");
  CHECK(e.pointer == "/seed");
  CHECK_THAT(e.expected, Contains(R"(expected an object or an array to look up "value" in, got 1)"));
  e = error_of(doc, "contingents.kfor_us.strength.x=1");
  CHECK(e.pointer == "/contingents/0/strength");

  // malformed assignments
  e = error_of(doc, "seed");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.expected, Contains("expected PATH=VALUE"));
  e = error_of(doc, "=5");
  CHECK_THAT(e.expected, Contains("non-empty PATH"));
  e = error_of(doc, "time..end=1");
  CHECK_THAT(e.expected, Contains("between every two dots"));
  e = error_of(doc, "time.=1");
  CHECK_THAT(e.expected, Contains("between every two dots"));

  // a failed override changes nothing
  CHECK(doc == before);
}

TEST_CASE("dotted_to_pointer resolves ids to indices and escapes tokens", "[overrides]") {
  const json doc = sample();
  CHECK(dotted_to_pointer(doc, "contingents.kfor_uk.strength") == "/contingents/1/strength");
  CHECK(dotted_to_pointer(doc, "locations.pristina.population.serb") == "/locations/0/population/serb");
  CHECK(dotted_to_pointer(doc, "neighbours.1") == "/neighbours/1");
  // missing keys are taken as they would be created
  CHECK(dotted_to_pointer(doc, "parameters.unrest.threshold") == "/parameters/unrest/threshold");
  // RFC 6901 escaping
  CHECK(dotted_to_pointer(json::parse(R"({"a/b": {"c~d": 1}})"), "a/b.c~d") == "/a~1b/c~0d");
  // the same errors as apply_override
  try {
    (void)dotted_to_pointer(doc, "contingents.nope");
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    CHECK(e.file == "--set");
    CHECK(e.pointer == "/contingents");
  }
}

TEST_CASE("apply_override refuses text that is not UTF-8 (fuzz finding set-value-not-utf8)", "[overrides][fuzz]") {
  json doc = sample();
  const json before = doc;
  // the value of a string field with a stray continuation byte: nlohmann would throw type_error 316
  // later, when the document is dumped, instead of a ScenarioError
  const auto e = error_of(doc, std::string("title=\"T\x85\""));
  CHECK(e.file == "--set");
  CHECK_THAT(e.expected, Contains("not UTF-8"));
  CHECK(doc == before);
  // truncated, overlong and surrogate sequences too; real UTF-8 passes
  for (const std::string& bad : {std::string("title=\xC3"), std::string("title=\xC0\xAF"), std::string("title=\xED\xA0\x80")})
    CHECK_THROWS_AS(apply_override(doc, bad), ScenarioError);
  CHECK_NOTHROW(apply_override(doc, "title=Prishtin\xC3\xAB \xE2\x80\x93 Pristina"));
  CHECK(doc["title"] == "Prishtin\xC3\xAB \xE2\x80\x93 Pristina");
}
