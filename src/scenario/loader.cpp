#include "peacesim/scenario/loader.hpp"

#include <cstdio>

#include "peacesim/model/parameters.hpp"
#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/json_schema.hpp"
#include "peacesim/scenario/overrides.hpp"

namespace peacesim::scenario {

using nlohmann::json;

json scenario_schema() {
  json schema = json::parse(scenario_schema_text());
  // the parameters section, generated from the registry (model/parameters.def)
  json sections = json::object();
  for (const ParameterInfo& p : parameter_registry()) {
    json& sec = sections[std::string(p.section)];
    if (sec.is_null()) sec = {{"type", "object"}, {"additionalProperties", false}, {"properties", json::object()}};
    sec["properties"][std::string(p.name)] = {
        {"type", "number"},
        {"minimum", p.minimum},
        {"maximum", p.maximum},
        {"default", p.default_value},
        {"description", std::string(p.description) + " Source: " + std::string(p.source) + "."},
        {"x-unit", std::string(p.unit)}};
  }
  // a value that stands for a historical fact carries its source, keyed "section.name"
  json names = json::array();
  for (const ParameterInfo& p : parameter_registry())
    names.push_back(std::string(p.section) + "." + std::string(p.name));
  sections["sources"] = {
      {"type", "object"},
      {"description",
       "Sources of the values set here that stand for historical facts, keyed \"section.name\" (the others are "
       "assumptions or calibrated, docs/ODD.md)."},
      {"propertyNames", {{"enum", names}}},
      {"additionalProperties", {{"$ref", "#/$defs/source"}}}};
  schema["$defs"]["parameters"] = {{"type", "object"},
                                   {"additionalProperties", false},
                                   {"description", "Model parameters by section; any omitted one takes its default."},
                                   {"properties", sections}};
  return schema;
}

namespace {

std::string hash_document(const json& doc) {
  // FNV-1a over the canonical dump (keys sorted): the same scenario gives the same hash anywhere
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : doc.dump()) h = (h ^ ch) * 1099511628211ull;
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
  return buf;
}

template <class Origin>
LoadedScenario finish(json doc, const std::vector<std::string>& overrides, Origin&& file_origin,
                      std::vector<std::filesystem::path> chain, const std::string& label) {
  // remember where overrides wrote, so an error there names --set rather than the file
  std::vector<std::string> set_pointers;
  for (const auto& o : overrides) {
    apply_override(doc, o);
    set_pointers.push_back(dotted_to_pointer(doc, std::string_view(o).substr(0, o.find('='))));
  }
  auto origin_of = [&](const std::string& pointer) -> std::string {
    for (const auto& sp : set_pointers)
      if (pointer == sp || pointer.starts_with(sp + "/")) return "--set";
    return file_origin(pointer);
  };
  const json schema = scenario_schema();
  const auto violations = validate(schema, doc, 1);
  if (!violations.empty()) {
    const auto& v = violations.front();
    throw ScenarioError(origin_of(v.pointer), v.pointer, v.message);
  }
  Scenario compiled;
  try {
    compiled = compile(doc, label);
  } catch (ScenarioError& e) {
    throw ScenarioError(e.file == label ? origin_of(e.pointer) : e.file, e.pointer, e.expected);
  }
  compiled.hash = hash_document(doc);
  LoadedScenario out;
  // valid overrides that change less than they seem to (a schedule takes over): tell the user
  out.warnings = override_warnings(doc, overrides);
  out.scenario = std::make_shared<const Scenario>(std::move(compiled));
  out.document = std::move(doc);
  out.chain = std::move(chain);
  return out;
}

}  // namespace

LoadedScenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  ScenarioDocument document = load_document(file);
  const std::string label = file.string();
  return finish(
      std::move(document.json), overrides,
      [&](const std::string& pointer) {
        std::string origin = document.origin_of(pointer);
        return origin.empty() ? label : origin;
      },
      document.chain, label);
}

LoadedScenario load_scenario_text(std::string_view text, const std::string& label,
                                  const std::vector<std::string>& overrides) {
  json doc = parse_json_text(std::string(text), label);
  if (!doc.is_object()) throw ScenarioError(label, "", "expected a JSON object at the top level");
  if (doc.contains("extends")) throw ScenarioError(label, "/extends", "no `extends` in a scenario given as text");
  return finish(
      std::move(doc), overrides, [&](const std::string&) { return label; }, {}, label);
}

LoadedScenario load_document_json(json doc, const std::string& label, const std::vector<std::string>& overrides) {
  return finish(
      std::move(doc), overrides, [&](const std::string&) { return label; }, {}, label);
}

}  // namespace peacesim::scenario
