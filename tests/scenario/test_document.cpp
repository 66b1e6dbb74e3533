// Tests src/scenario/document.cpp: reading JSON files, overlay merging, extends chains, cycles and provenance.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using nlohmann::json;
using peacesim::scenario::load_document;
using peacesim::scenario::merge_overlay;
using peacesim::scenario::read_json_file;
using peacesim::scenario::ScenarioDocument;
using peacesim::scenario::ScenarioError;
using peacesim::test::TempDir;

namespace {

/// The ScenarioError a call throws (fails the test if it throws nothing or something else).
template <typename F>
ScenarioError error_of(F&& call) {
  try {
    call();
  } catch (const ScenarioError& e) {
    return e;
  }
  FAIL("expected a ScenarioError");
  return ScenarioError("", "", "");
}

}  // namespace

TEST_CASE("ScenarioError formats file, pointer and expectation", "[document]") {
  const ScenarioError at_key("a.json", "/locations/3/population/serb", "expected a number >= 0, got -5");
  CHECK_THAT(std::string(at_key.what()),
             Equals("a.json: /locations/3/population/serb: expected a number >= 0, got -5"));
  CHECK(at_key.file == "a.json");
  CHECK(at_key.pointer == "/locations/3/population/serb");
  CHECK(at_key.expected == "expected a number >= 0, got -5");
  const ScenarioError at_root("a.json", "", "expected an object");
  CHECK_THAT(std::string(at_root.what()), Equals("a.json: (document root): expected an object"));
}

TEST_CASE("read_json_file: a file whose top level is an object", "[document]") {
  const TempDir dir("document");
  CHECK(read_json_file(dir.write("ok.json", R"({"name": "x", "n": [1, 2]})")) ==
        json::parse(R"({"name": "x", "n": [1, 2]})"));

  // missing
  auto e = error_of([&] { read_json_file(dir.path() / "absent.json"); });
  CHECK(e.pointer.empty());
  CHECK_THAT(e.expected, Equals("expected an existing, readable file"));
  CHECK_THAT(e.file, Contains("absent.json"));

  // a directory
  e = error_of([&] { read_json_file(dir.path()); });
  CHECK_THAT(e.expected, Contains("got a directory"));

  // malformed: line 3, column 8 is the stray '}' after "b":
  const auto bad = dir.write("bad.json", "{\n  \"a\": 1,\n  \"b\": }\n");
  e = error_of([&] { read_json_file(bad); });
  CHECK(e.pointer.empty());
  CHECK_THAT(e.expected, Contains("malformed JSON at line 3, column 8: "));
  CHECK_THAT(e.expected, Contains("unexpected '}'"));
  CHECK_THAT(e.expected, !Contains("json.exception"));

  // malformed on the first line
  e = error_of([&] { read_json_file(dir.write("bad1.json", R"({"a" 1})")); });
  CHECK_THAT(e.expected, Contains("malformed JSON at line 1, column 6: "));

  // truncated
  e = error_of([&] { read_json_file(dir.write("cut.json", "{\n\"a\": [1,\n")); });
  CHECK_THAT(e.expected, Contains("malformed JSON at line 3, column 1: "));

  // the top level must be an object
  e = error_of([&] { read_json_file(dir.write("arr.json", "[1, 2]")); });
  CHECK(e.pointer.empty());
  CHECK_THAT(e.expected, Equals("expected a JSON object at the top level, got an array"));
}

TEST_CASE("merge_overlay: objects, id'd arrays, other arrays, scalars", "[document]") {
  json base = json::parse(R"({
        "name": "base",
        "time": {"start": "1999-06-12", "end": "2000-06-12"},
        "contingents": [{"id": "kfor_us", "strength": 7000, "kind": "military"}, {"id": "kfor_uk", "strength": 5000}],
        "neighbours": ["a", "b"],
        "mixed": [{"id": "x"}, 3],
        "events": [{"id": "e1"}]
    })");
  const json overlay = json::parse(R"({
        "name": "overlay",
        "time": {"end": "2001-01-01", "tick_days": 7},
        "contingents": [{"id": "kfor_fr", "strength": 100}, {"id": "kfor_us", "strength": 3000}, {"id": "kfor_de", "strength": 1}],
        "neighbours": ["c"],
        "mixed": [{"id": "y"}],
        "events": [],
        "seed": 5
    })");
  merge_overlay(base, overlay);

  // objects key by key
  CHECK(base["name"] == "overlay");
  CHECK(base["time"] == json::parse(R"({"start": "1999-06-12", "end": "2001-01-01", "tick_days": 7})"));
  CHECK(base["seed"] == 5);
  // same id merges in place; new ids append in overlay order
  CHECK(base["contingents"] == json::parse(R"([
        {"id": "kfor_us", "strength": 3000, "kind": "military"}, {"id": "kfor_uk", "strength": 5000},
        {"id": "kfor_fr", "strength": 100}, {"id": "kfor_de", "strength": 1}])"));
  // anything else replaces, an empty array too
  CHECK(base["neighbours"] == json::parse(R"(["c"])"));
  CHECK(base["mixed"] == json::parse(R"([{"id": "y"}])"));
  CHECK(base["events"] == json::array());

  // a scalar replaces an object and vice versa
  json scalar = json::parse(R"({"a": {"b": 1}})");
  merge_overlay(scalar, json::parse(R"({"a": 2})"));
  CHECK(scalar == json::parse(R"({"a": 2})"));
  merge_overlay(scalar, json::parse(R"({"a": {"c": 3}})"));
  CHECK(scalar == json::parse(R"({"a": {"c": 3}})"));
}

TEST_CASE("load_document: a two-level extends chain with provenance", "[document]") {
  const TempDir dir("document");
  const auto base = dir.write("base/base.json", R"({
        "name": "base",
        "time": {"start": "1999-06-12", "end": "2000-06-12"},
        "groups": [{"id": "albanian", "name": "A"}, {"id": "serb", "name": "S"}],
        "contingents": [{"id": "kfor_us", "kind": "military", "strength": 7000}],
        "parameters": {"unrest": {"threshold": 0.1, "rate": 0.2}}
    })");
  const auto middle = dir.write("base/middle.json", R"({
        "extends": "base.json",
        "time": {"end": "2001-06-12"},
        "contingents": [{"id": "kfor_uk", "kind": "military", "strength": 5000}],
        "parameters": {"unrest": {"threshold": 0.3}}
    })");
  const auto top = dir.write("runs/top.json", R"({
        "extends": "../base/middle.json",
        "name": "top",
        "contingents": [{"id": "kfor_us", "strength": 3000}, {"id": "kfor_fr", "kind": "military", "strength": 100}],
        "parameters": {"unrest": 5}
    })");

  const ScenarioDocument doc = load_document(top);
  // the chain, base first
  REQUIRE(doc.chain.size() == 3);
  CHECK(fs::equivalent(doc.chain[0], base));
  CHECK(fs::equivalent(doc.chain[1], middle));
  CHECK(doc.chain[2] == top);
  CHECK(doc.file == top);

  // the merged values, without extends
  CHECK_FALSE(doc.json.contains("extends"));
  CHECK(doc.json["name"] == "top");
  CHECK(doc.json["time"] == json::parse(R"({"start": "1999-06-12", "end": "2001-06-12"})"));
  CHECK(doc.json["contingents"] == json::parse(R"([
        {"id": "kfor_us", "kind": "military", "strength": 3000},
        {"id": "kfor_uk", "kind": "military", "strength": 5000},
        {"id": "kfor_fr", "kind": "military", "strength": 100}])"));
  CHECK(doc.json["parameters"] == json::parse(R"({"unrest": 5})"));

  // provenance: the file that last set each value, by merged pointer
  const auto origin = [&](const char* pointer) { return fs::path(doc.origin_of(pointer)); };
  CHECK(fs::equivalent(origin(""), base));
  CHECK(fs::equivalent(origin("/time/start"), base));
  CHECK(fs::equivalent(origin("/time/end"), middle));
  CHECK(fs::equivalent(origin("/groups/1/name"), base));
  CHECK(fs::equivalent(origin("/name"), top));
  CHECK(fs::equivalent(origin("/contingents/0/strength"), top));
  CHECK(fs::equivalent(origin("/contingents/0/kind"), base));
  // appended elements are recorded at their merged index, not their overlay index
  CHECK(fs::equivalent(origin("/contingents/1/strength"), middle));
  CHECK(fs::equivalent(origin("/contingents/2"), top));
  CHECK(fs::equivalent(origin("/contingents/2/kind"), top));
  // a replaced subtree forgets what older files set below it
  CHECK(fs::equivalent(origin("/parameters/unrest"), top));
  CHECK(fs::equivalent(origin("/parameters/unrest/threshold"), top));
}

TEST_CASE("load_document: a file without extends", "[document]") {
  const TempDir dir("document");
  const auto only = dir.write("only.json", R"({"name": "only"})");
  const auto doc = load_document(only);
  CHECK(doc.chain == std::vector<fs::path>{only});
  CHECK(doc.json == json::parse(R"({"name": "only"})"));
  CHECK(doc.origin_of("/name") == only.string());
}

TEST_CASE("load_document: cycles and bad extends", "[document]") {
  const TempDir dir("document");
  // a -> b -> a
  const auto a = dir.write("a.json", R"({"extends": "b.json"})");
  dir.write("b.json", R"({"extends": "a.json"})");
  auto e = error_of([&] { load_document(a); });
  CHECK(e.pointer == "/extends");
  CHECK_THAT(e.file, Contains("b.json"));
  CHECK_THAT(e.expected, Contains("cycle"));
  CHECK_THAT(e.expected, Contains("a.json -> "));
  CHECK_THAT(e.expected, Contains("b.json -> "));

  // a file extending itself
  const auto self = dir.write("self.json", R"({"extends": "./self.json"})");
  e = error_of([&] { load_document(self); });
  CHECK(e.pointer == "/extends");
  CHECK_THAT(e.expected, Contains("cycle"));

  // extends must be a non-empty string
  const auto number = dir.write("number.json", R"({"extends": 3})");
  e = error_of([&] { load_document(number); });
  CHECK(e.pointer == "/extends");
  CHECK_THAT(e.file, Contains("number.json"));
  CHECK_THAT(e.expected, Contains("got 3"));
  e = error_of([&] { load_document(dir.write("empty.json", R"({"extends": ""})")); });
  CHECK(e.pointer == "/extends");

  // and name an existing file, relative to the extending one
  const auto dangling = dir.write("sub/dangling.json", R"({"extends": "a.json"})");
  e = error_of([&] { load_document(dangling); });
  CHECK(e.pointer == "/extends");
  CHECK_THAT(e.file, Contains("dangling.json"));
  CHECK_THAT(e.expected, Contains("expected an existing file"));

  // errors inside a base name the base
  dir.write("broken.json", "{");
  e = error_of([&] { load_document(dir.write("on_broken.json", R"({"extends": "broken.json"})")); });
  CHECK_THAT(e.file, Contains("broken.json"));
  CHECK_THAT(e.expected, Contains("malformed JSON"));
}
