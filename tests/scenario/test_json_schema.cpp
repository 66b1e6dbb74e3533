// Tests src/scenario/json_schema.cpp: every supported keyword, the wording and pointer of each violation, and the real
// scenario schema.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/json_schema.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using nlohmann::json;
using peacesim::scenario::SchemaViolation;
using peacesim::scenario::validate;

namespace {

std::vector<SchemaViolation> check(const std::string& schema, const std::string& instance,
                                   std::size_t max_errors = 20) {
  return validate(json::parse(schema), json::parse(instance), max_errors);
}

/// The one violation an instance must produce.
SchemaViolation single(const std::string& schema, const std::string& instance) {
  const auto errors = check(schema, instance);
  INFO("schema " << schema << " instance " << instance);
  REQUIRE(errors.size() == 1);
  return errors.front();
}

json load_real_schema() {
  std::ifstream in(PEACESIM_SOURCE_DIR "/src/scenario/scenario.schema.json");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

}  // namespace

TEST_CASE("type: each JSON type, integer without fraction, type lists", "[json_schema]") {
  // every type accepts its own kind
  CHECK(check(R"({"type": "object"})", R"({})").empty());
  CHECK(check(R"({"type": "array"})", R"([])").empty());
  CHECK(check(R"({"type": "string"})", R"("x")").empty());
  CHECK(check(R"({"type": "number"})", R"(1.5)").empty());
  CHECK(check(R"({"type": "number"})", R"(-3)").empty());
  CHECK(check(R"({"type": "integer"})", R"(7)").empty());
  CHECK(check(R"({"type": "integer"})", R"(2.0)").empty());
  CHECK(check(R"({"type": "boolean"})", R"(false)").empty());
  CHECK(check(R"({"type": "null"})", R"(null)").empty());

  // and reports the others in words
  auto e = single(R"({"type": "integer"})", R"(2.5)");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.message, Equals("expected an integer, got 2.5"));
  CHECK_THAT(single(R"({"type": "number"})", R"("5")").message, Equals(R"(expected a number, got "5")"));
  CHECK_THAT(single(R"({"type": "object"})", R"([1])").message, Equals("expected an object, got an array"));
  CHECK_THAT(single(R"({"type": "array"})", R"({})").message, Equals("expected an array, got an object"));
  CHECK_THAT(single(R"({"type": "boolean"})", R"(1)").message, Equals("expected a boolean, got 1"));
  CHECK_THAT(single(R"({"type": "null"})", R"(0)").message, Equals("expected null, got 0"));
  CHECK_THAT(single(R"({"type": "string"})", R"(true)").message, Equals("expected a string, got true"));

  // a list of types
  CHECK(check(R"({"type": ["string", "null"]})", R"(null)").empty());
  CHECK_THAT(single(R"({"type": ["string", "integer", "null"]})", R"(0.5)").message,
             Equals("expected a string, an integer or null, got 0.5"));

  // a wrong type hides the type-specific keywords (no second message)
  CHECK(check(R"({"type": "number", "minimum": 0})", R"("abc")").size() == 1);
}

TEST_CASE("properties and required: pointers and missing keys", "[json_schema]") {
  const std::string schema = R"({
        "type": "object",
        "required": ["name", "time"],
        "properties": {
            "name": {"type": "string"},
            "time": {"type": "object", "required": ["start"], "properties": {"start": {"type": "string"}}}
        }
    })";
  CHECK(check(schema, R"({"name": "k", "time": {"start": "x"}})").empty());

  auto e = single(schema, R"({"name": "k"})");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.message, Equals(R"(missing required key "time")"));

  e = single(schema, R"({"name": "k", "time": {}})");
  CHECK(e.pointer == "/time");
  CHECK_THAT(e.message, Equals(R"(missing required key "start")"));

  e = single(schema, R"({"name": 3, "time": {"start": "x"}})");
  CHECK(e.pointer == "/name");
  CHECK_THAT(e.message, Equals("expected a string, got 3"));

  // keys not in properties are allowed without additionalProperties
  CHECK(check(schema, R"({"name": "k", "time": {"start": "x"}, "other": 1})").empty());
}

TEST_CASE("additionalProperties: false with suggestions, or a schema", "[json_schema]") {
  const std::string closed = R"({
        "type": "object", "additionalProperties": false,
        "properties": {"strength": {"type": "number"}, "kind": {"type": "string"}, "nation": {"type": "string"}}
    })";
  // a near miss: one suggestion, at the unknown key's own pointer
  auto e = single(closed, R"({"strenght": 5})");
  CHECK(e.pointer == "/strenght");
  CHECK_THAT(e.message, Equals(R"(unknown key "strenght" (did you mean "strength"?))"));

  // far from everything: the allowed keys
  e = single(closed, R"({"banana": 5})");
  CHECK(e.pointer == "/banana");
  CHECK_THAT(e.message, Equals(R"(unknown key "banana" (allowed keys: kind, nation, strength))"));

  // a typo of a required key: the typo explains the missing key, so only the typo is reported
  const std::string required = R"({
        "type": "object", "additionalProperties": false, "required": ["kind", "strength"],
        "properties": {"strength": {"type": "number"}, "kind": {"type": "string"}}
    })";
  e = single(required, R"({"kind": "police", "strenght": 5})");
  CHECK(e.pointer == "/strenght");
  CHECK_THAT(e.message, Equals(R"(unknown key "strenght" (did you mean "strength"?))"));
  // an unrelated unknown key does not hide a missing one
  const auto both = check(required, R"({"kind": "police", "banana": 5})");
  REQUIRE(both.size() == 2);
  CHECK(both[0].pointer.empty());
  CHECK_THAT(both[0].message, Equals(R"(missing required key "strength")"));
  CHECK(both[1].pointer == "/banana");

  // no properties at all
  e = single(R"({"additionalProperties": false})", R"({"x": 1})");
  CHECK(e.pointer == "/x");
  CHECK_THAT(e.message, Contains("no keys are allowed"));

  // a schema for the extra members
  const std::string open = R"({"type": "object", "additionalProperties": {"type": "number", "minimum": 0}})";
  CHECK(check(open, R"({"serb": 10, "albanian": 20})").empty());
  e = single(open, R"({"serb": -5})");
  CHECK(e.pointer == "/serb");
  CHECK_THAT(e.message, Equals("expected a number >= 0, got -5"));

  // true allows anything
  CHECK(check(R"({"additionalProperties": true})", R"({"x": 1})").empty());
}

TEST_CASE("propertyNames with a pattern", "[json_schema]") {
  const std::string schema = R"({"type": "object", "propertyNames": {"pattern": "^[a-z0-9][a-z0-9_]*$"}})";
  CHECK(check(schema, R"({"serb": 1, "roma_ashkali": 2})").empty());
  const auto e = single(schema, R"({"serb": 1, "Albanian": 2})");
  CHECK(e.pointer == "/Albanian");
  CHECK_THAT(e.message, Contains(R"(invalid key "Albanian")"));
  CHECK_THAT(e.message, Contains("^[a-z0-9][a-z0-9_]*$"));
}

TEST_CASE("items: each element at its index", "[json_schema]") {
  const std::string schema = R"({"type": "array", "items": {"type": "string"}})";
  CHECK(check(schema, R"(["a", "b"])").empty());
  const auto e = single(schema, R"(["a", "b", 3])");
  CHECK(e.pointer == "/2");
  CHECK_THAT(e.message, Equals("expected a string, got 3"));
}

TEST_CASE("enum and const", "[json_schema]") {
  const std::string kinds = R"({"enum": ["military", "police", "formed_police", "local_police"]})";
  CHECK(check(kinds, R"("police")").empty());
  auto e = single(kinds, R"("milatary")");
  CHECK(e.pointer.empty());
  CHECK_THAT(
      e.message,
      Equals(
          R"(expected one of "military", "police", "formed_police", "local_police", got "milatary" (did you mean "military"?))"));
  // no suggestion when nothing is close
  e = single(kinds, R"("navy")");
  CHECK_THAT(e.message, Contains(R"(got "navy")"));
  CHECK_THAT(e.message, !Contains("did you mean"));
  // enum of mixed values compares as JSON
  CHECK(check(R"({"enum": [1, null, "x"]})", R"(1.0)").empty());
  CHECK_THAT(single(R"({"enum": [1, null]})", R"(2)").message, Equals("expected one of 1, null, got 2"));

  CHECK(check(R"({"const": "v1"})", R"("v1")").empty());
  CHECK_THAT(single(R"({"const": "v1"})", R"("v2")").message, Equals(R"(expected "v1", got "v2")"));
}

TEST_CASE("minimum, maximum, exclusiveMinimum, exclusiveMaximum", "[json_schema]") {
  CHECK_THAT(single(R"({"type": "number", "minimum": 0})", R"(-5)").message, Equals("expected a number >= 0, got -5"));
  CHECK(check(R"({"minimum": 0})", R"(0)").empty());
  CHECK_THAT(single(R"({"maximum": 1})", R"(1.5)").message, Equals("expected a number <= 1, got 1.5"));
  CHECK(check(R"({"maximum": 1})", R"(1)").empty());
  CHECK_THAT(single(R"({"exclusiveMinimum": 0})", R"(0)").message, Equals("expected a number > 0, got 0"));
  CHECK(check(R"({"exclusiveMinimum": 0})", R"(0.001)").empty());
  CHECK_THAT(single(R"({"exclusiveMaximum": 1})", R"(1.0)").message, Equals("expected a number < 1, got 1.0"));
  CHECK(check(R"({"exclusiveMaximum": 1})", R"(0.999)").empty());
  // integers are named as such, and compared exactly across signedness
  CHECK_THAT(single(R"({"type": "integer", "minimum": 1})", R"(0)").message, Equals("expected an integer >= 1, got 0"));
  CHECK(check(R"({"minimum": -1})", R"(18446744073709551615)").empty());
  CHECK_THAT(single(R"({"maximum": 9223372036854775807})", R"(9223372036854775808)").message,
             Contains("<= 9223372036854775807"));
  // non-numbers are not range-checked
  CHECK(check(R"({"minimum": 0})", R"("x")").empty());
}

TEST_CASE("minLength, maxLength count characters, not bytes", "[json_schema]") {
  CHECK_THAT(single(R"({"minLength": 3})", R"("ab")").message,
             Equals(R"(expected a string of at least 3 characters, got "ab")"));
  CHECK(check(R"({"maxLength": 2})", "\"\xc3\xa9\xc3\xa9\"").empty());  // two e-acute: 4 bytes, 2 characters
  CHECK_THAT(single(R"({"maxLength": 2})", R"("abc")").message,
             Equals(R"(expected a string of at most 2 characters, got "abc")"));
}

TEST_CASE("pattern searches (unanchored unless the pattern anchors)", "[json_schema]") {
  CHECK(check(R"({"pattern": "a+"})", R"("xxaay")").empty());
  const auto e = single(R"({"pattern": "^[a-z]+$"})", R"("Pristina")");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.message, Equals(R"(expected a string matching ^[a-z]+$, got "Pristina")"));
}

TEST_CASE("minItems, maxItems, uniqueItems", "[json_schema]") {
  auto e = single(R"({"type": "array", "minItems": 1})", R"([])");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.message, Equals("expected at least 1 item, got 0 items"));
  CHECK_THAT(single(R"({"maxItems": 2})", R"([1, 2, 3])").message, Equals("expected at most 2 items, got 3 items"));
  CHECK(check(R"({"minItems": 1, "maxItems": 2})", R"([1, 2])").empty());

  e = single(R"({"uniqueItems": true})", R"(["a", "b", "a"])");
  CHECK(e.pointer == "/2");
  CHECK_THAT(e.message, Equals(R"(duplicate item "a" (same as item 0))"));
  CHECK(check(R"({"uniqueItems": true})", R"(["a", "b"])").empty());
  CHECK(check(R"({"uniqueItems": false})", R"(["a", "a"])").empty());
}

TEST_CASE("format date: shape and real calendar days", "[json_schema]") {
  const std::string schema = R"({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})";
  CHECK(check(schema, R"("1999-06-12")").empty());
  CHECK(check(schema, R"("2000-02-29")").empty());  // divisible by 400: leap
  auto e = single(schema, R"("1999-13-01")");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.message, Equals(R"(expected a date YYYY-MM-DD, got "1999-13-01")"));
  CHECK_THAT(single(schema, R"("1999-02-30")").message, Contains("expected a date"));
  CHECK_THAT(single(schema, R"("1900-02-29")").message, Contains("expected a date"));  // divisible by 100: not leap
  CHECK_THAT(single(schema, R"("1999-04-31")").message, Contains("expected a date"));
  CHECK_THAT(single(schema, R"("1999-00-10")").message, Contains("expected a date"));
  // a bad shape is one message, not a date message plus a pattern message
  CHECK_THAT(single(schema, R"("12 June 1999")").message, Contains("expected a date"));
}

TEST_CASE("$ref resolves against the root $defs", "[json_schema]") {
  const std::string schema = R"({
        "type": "object",
        "properties": {"start": {"$ref": "#/$defs/date", "description": "first day"}, "n": {"$ref": "#/$defs/count"}},
        "$defs": {"date": {"type": "string", "format": "date"}, "count": {"type": "integer", "minimum": 0}}
    })";
  CHECK(check(schema, R"({"start": "1999-06-12", "n": 3})").empty());
  auto e = single(schema, R"({"start": "1999-02-30"})");
  CHECK(e.pointer == "/start");
  CHECK_THAT(e.message, Contains("expected a date"));
  e = single(schema, R"({"n": -1})");
  CHECK(e.pointer == "/n");
  CHECK_THAT(e.message, Equals("expected an integer >= 0, got -1"));

  // remote, dangling and cyclic references are schema bugs
  CHECK_THROWS_AS(check(R"({"$ref": "other.json#/x"})", "1"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"$ref": "#/$defs/missing"})", "1"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}})", "1"), std::logic_error);
}

TEST_CASE("anyOf, oneOf, allOf", "[json_schema]") {
  const std::string any = R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})";
  CHECK(check(any, R"("x")").empty());
  CHECK(check(any, R"(3)").empty());
  auto e = single(any, R"(2.5)");
  CHECK(e.pointer.empty());
  CHECK_THAT(e.message, Contains("at least one of 2 alternatives"));

  const std::string one = R"({"oneOf": [{"type": "number"}, {"type": "integer"}]})";
  CHECK(check(one, R"(2.5)").empty());
  CHECK_THAT(single(one, R"(2)").message, Contains("exactly one of 2 alternatives"));
  CHECK_THAT(single(one, R"("x")").message, Contains("matching 0"));

  const std::string all = R"({"allOf": [{"type": "number"}, {"minimum": 0}]})";
  CHECK(check(all, R"(1)").empty());
  CHECK_THAT(single(all, R"(-1)").message, Equals("expected a number >= 0, got -1"));
}

TEST_CASE("boolean schemas", "[json_schema]") {
  CHECK(check("true", R"({"x": 1})").empty());
  const auto e = single(R"({"properties": {"gone": false}})", R"({"gone": 1})");
  CHECK(e.pointer == "/gone");
  CHECK_THAT(e.message, Contains("no value is allowed"));
}

TEST_CASE("annotations are ignored, and unsupported keywords throw anywhere in the schema", "[json_schema]") {
  const std::string annotated = R"({
        "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "title": "t", "description": "d",
        "$comment": "c", "default": 1, "x-unit": "days", "examples": [1], "type": "integer"
    })";
  CHECK(check(annotated, "1").empty());
  // properties may be named like keywords
  CHECK(
      check(R"({"properties": {"title": {"type": "string"}, "patternProperties": {}}})", R"({"title": "x"})").empty());

  // an unsupported keyword, even in a branch the instance never visits
  CHECK_THROWS_AS(check(R"({"properties": {"unused": {"patternProperties": {}}}})", "{}"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"$defs": {"unused": {"if": true}}})", "{}"), std::logic_error);
  CHECK_THROWS_WITH(check(R"({"minimun": 0})", "1"), Contains(R"(unsupported keyword "minimun")"));
  // malformed keyword values
  CHECK_THROWS_AS(check(R"({"format": "email"})", R"("a")"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"pattern": "([a-z"})", R"("a")"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"type": "float"})", "1"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"minimum": "0"})", "1"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"required": "name"})", "{}"), std::logic_error);
  CHECK_THROWS_AS(check(R"({"minItems": -1})", "[]"), std::logic_error);
}

TEST_CASE("violations come in document order, capped at max_errors", "[json_schema]") {
  const std::string schema = R"({
        "type": "object", "required": ["z"],
        "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "integer"}}}
    })";
  const auto errors = check(schema, R"({"a": 1, "b": [1, "x", 2.5]})");
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].pointer.empty());  // the object's own missing key first
  CHECK(errors[1].pointer == "/a");
  CHECK(errors[2].pointer == "/b/1");
  CHECK(errors[3].pointer == "/b/2");

  const auto capped = check(schema, R"({"a": 1, "b": [1, "x", 2.5]})", 2);
  REQUIRE(capped.size() == 2);
  CHECK(capped[1].pointer == "/a");
}

TEST_CASE("pointers escape '~' and '/' per RFC 6901", "[json_schema]") {
  const auto e = single(R"({"additionalProperties": {"type": "number"}})", R"({"a/b~c": "x"})");
  CHECK(e.pointer == "/a~1b~0c");
}

TEST_CASE("the real scenario schema uses only supported keywords", "[json_schema]") {
  const json schema = load_real_schema();

  // an empty scenario: only the top-level required keys are missing
  std::vector<SchemaViolation> errors;
  REQUIRE_NOTHROW(errors = validate(schema, json::object()));
  REQUIRE(errors.size() == 4);
  for (const auto& error : errors) {
    CHECK(error.pointer.empty());
    CHECK_THAT(error.message, Contains("missing required key"));
  }

  // a small valid scenario passes
  const json valid = json::parse(R"({
        "name": "kosovo-1999",
        "time": {"start": "1999-06-12", "end": "2000-06-12", "tick_days": 1},
        "groups": [{"id": "albanian", "name": "Kosovo Albanians"}, {"id": "serb", "name": "Kosovo Serbs"}],
        "locations": [{"id": "pristina", "name": "Pristina", "population": {"albanian": 200000, "serb": 40000},
                       "neighbours": ["podujevo"]}],
        "contingents": [{"id": "kfor_us", "kind": "military", "strength": 7000}],
        "parameters": {"unrest": {"threshold": 0.1}}
    })");
  CHECK(validate(schema, valid).empty());

  // a modeller's typos, each at its own pointer
  json typo = valid;
  typo["contingents"][0]["kind"] = "milatary";
  typo["contingents"][0]["strenght"] = 5;
  typo["locations"][0]["population"]["serb"] = -5;
  typo["time"]["end"] = "1999-02-30";
  errors = validate(schema, typo);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].pointer == "/contingents/0/kind");
  CHECK_THAT(errors[0].message, Contains(R"(did you mean "military"?)"));
  CHECK(errors[1].pointer == "/contingents/0/strenght");
  CHECK_THAT(errors[1].message, Contains(R"(did you mean "strength"?)"));
  CHECK(errors[2].pointer == "/locations/0/population/serb");
  CHECK_THAT(errors[2].message, Equals("expected a number >= 0, got -5"));
  CHECK(errors[3].pointer == "/time/end");
  CHECK_THAT(errors[3].message, Equals(R"(expected a date YYYY-MM-DD, got "1999-02-30")"));
}
