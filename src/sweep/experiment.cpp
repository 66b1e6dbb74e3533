#include "peacesim/sweep/experiment.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <boost/math/distributions/normal.hpp>

#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/json_schema.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/scenario/overrides.hpp"
#include "peacesim/sweep/format.hpp"
#include "peacesim/sweep/scale.hpp"

namespace peacesim::sweep {

using nlohmann::json;
using scenario::ScenarioError;

namespace {

/// A record's window: a metric summarised over dates. Experiment files and reference files share it
/// (window_schema()), with $defs/name and $defs/date beside it in each.
constexpr const char* kWindowSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "metric", "from", "to", "statistic"],
  "properties": {
    "name": {"$ref": "#/$defs/name"},
    "metric": {"type": "string", "minLength": 1},
    "from": {"$ref": "#/$defs/date"},
    "to": {"$ref": "#/$defs/date"},
    "statistic": {"enum": ["value", "mean", "sum", "max", "min"]},
    "scale": {"type": "number", "exclusiveMinimum": 0, "default": 1}
  }
})json";

constexpr const char* kSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "peacesim experiment",
  "description": "A batch sweep: a base scenario, factors, a design, replicates and what to record (peacesim sweep; docs/experiments.md).",
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "scenario", "factors", "design", "record"],
  "properties": {
    "$schema": {"type": "string"},
    "name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$", "description": "Names the default output folder out/<name>."},
    "description": {"type": "string"},
    "scenario": {"type": "string", "minLength": 1, "description": "The base scenario file, relative to this file's folder."},
    "set": {"type": "array", "items": {"type": "string", "pattern": "="}, "description": "Base overrides PATH=VALUE (as --set), applied before the factors."},
    "factors": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/$defs/factor"}},
    "design": {"$ref": "#/$defs/design"},
    "replicates": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1, "description": "Runs per design point."},
    "seed": {"type": "integer", "minimum": 0, "default": 1, "description": "Base seed; under `common` seeds replicate r runs with seed + r."},
    "seeds": {"enum": ["common", "independent"], "default": "common", "description": "common: replicate r shares its seed across design points (common random numbers); independent: a seed per run."},
    "until": {"type": "string", "format": "date", "description": "Stop every run after this date (at most the scenario's end)."},
    "record": {"$ref": "#/$defs/record"}
  },
  "$defs": {
    "date": {"type": "string", "format": "date"},
    "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "maxLength": 64},
    "factor": {
      "type": "object",
      "additionalProperties": false,
      "required": ["name"],
      "description": "Exactly one of set, parameter, scale; and exactly one of levels, range, distribution.",
      "properties": {
        "name": {"$ref": "#/$defs/name"},
        "description": {"type": "string"},
        "set": {"type": "string", "minLength": 1, "description": "A scenario field by the path --set uses, e.g. cells.jic.cadence_days."},
        "parameter": {"type": "string", "pattern": "^[a-z_]+\\.[a-z0-9_]+$", "description": "A registry parameter section.name (peacesim params)."},
        "scale": {"type": "string", "minLength": 1, "description": "A multiplier on every number this path matches; a segment may hold * wildcards (contingents.kfor_*.schedule.*.strength)."},
        "levels": {"type": "array", "minItems": 1, "maxItems": 100000, "description": "The values to take (numbers, dates or strings)."},
        "range": {"type": "array", "minItems": 2, "maxItems": 2, "description": "[low, high]: numbers or dates (YYYY-MM-DD), uniform between."},
        "distribution": {"$ref": "#/$defs/distribution"},
        "integer": {"type": "boolean", "default": false, "description": "Round values to whole numbers."},
        "steps": {"type": "integer", "minimum": 2, "maximum": 100000, "description": "Factorial designs: this many evenly spaced values of the range, ends included."}
      }
    },
    "distribution": {
      "type": "object",
      "additionalProperties": false,
      "required": ["kind"],
      "properties": {
        "kind": {"enum": ["uniform", "log_uniform", "normal", "triangular"]},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "mean": {"type": "number"},
        "sd": {"type": "number", "exclusiveMinimum": 0},
        "mode": {"type": "number"}
      }
    },
    "design": {
      "type": "object",
      "additionalProperties": false,
      "required": ["kind"],
      "properties": {
        "kind": {"enum": ["factorial", "latin_hypercube", "sobol", "morris"], "description": "With `file`: how the given design is to be analysed."},
        "points": {"type": "integer", "minimum": 1, "maximum": 10000000, "description": "latin_hypercube: design points."},
        "maximin": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1, "description": "latin_hypercube: draw this many and keep the one whose closest two points are farthest apart."},
        "base_samples": {"type": "integer", "minimum": 2, "maximum": 10000000, "description": "sobol: N; the design has N (k + 2) points for k factors."},
        "trajectories": {"type": "integer", "minimum": 2, "maximum": 1000000, "description": "morris: r; the design has r (k + 1) points."},
        "levels": {"type": "integer", "minimum": 2, "maximum": 1000, "default": 4, "description": "morris: grid levels p (even)."},
        "seed": {"type": "integer", "minimum": 0, "default": 1, "description": "Seed of the design's own draws (not of the runs)."},
        "file": {"type": "string", "minLength": 1, "description": "A design CSV made elsewhere (SALib, R, a spreadsheet), relative to this file: one column per factor."}
      }
    },
    "record": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "metrics": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Metrics recorded at every date of `at` (metrics.csv columns or QUANTITY:GROUP)."},
        "at": {"type": "array", "items": {"$ref": "#/$defs/date"}, "description": "Checkpoint dates."},
        "windows": {"type": "array", "items": {"$ref": "#/$defs/window"}},
        "patterns": {"type": "string", "minLength": 1, "description": "A pattern file: each pattern's quantity and whether it lies in its bounds."},
        "series": {
          "type": "object",
          "additionalProperties": false,
          "required": ["metrics"],
          "properties": {
            "metrics": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            "every_days": {"type": "integer", "minimum": 1, "maximum": 3650, "default": 1}
          }
        }
      }
    }
  }
})json";

std::string snake(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}


/// A number or a date of a range / distribution bound; sets `is_date` when it is a date.
double bound(const json& j, bool& is_date, const std::string& file, const std::string& pointer) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    if (auto d = Date::parse(j.get<std::string>())) {
      is_date = true;
      return d->days;
    }
  }
  throw ScenarioError(file, pointer, "expected a number or a date YYYY-MM-DD, got " + j.dump());
}

Factor parse_factor_impl(const json& j, const std::string& file, const std::string& p) {
  Factor f;
  f.spec = j;
  f.name = j.at("name").get<std::string>();
  const int targets = int(j.contains("set")) + int(j.contains("parameter")) + int(j.contains("scale"));
  if (targets != 1)
    throw ScenarioError(file, p,
                        "expected exactly one of \"set\" (a scenario field), \"parameter\" (a registry parameter) or "
                        "\"scale\" (a multiplier on matching numbers)");
  if (j.contains("set")) {
    f.target = FactorTarget::set;
    f.path = j["set"].get<std::string>();
  } else if (j.contains("parameter")) {
    f.target = FactorTarget::parameter;
    f.path = j["parameter"].get<std::string>();
    for (const ParameterInfo& info : parameter_registry())
      if (std::string(info.section) + "." + std::string(info.name) == f.path) f.parameter = &info;
    if (!f.parameter)
      throw ScenarioError(file, p + "/parameter",
                          "expected a registry parameter section.name (see `peacesim params`), got \"" + f.path + "\"");
  } else {
    f.target = FactorTarget::scale;
    f.path = j["scale"].get<std::string>();
  }
  const int kinds = int(j.contains("levels")) + int(j.contains("range")) + int(j.contains("distribution"));
  if (kinds != 1)
    throw ScenarioError(file, p, "expected exactly one of \"levels\", \"range\" or \"distribution\"");
  f.integer = j.value("integer", false);
  f.steps = j.value("steps", 0);
  if (j.contains("levels")) {
    for (std::size_t i = 0; i < j["levels"].size(); ++i) {
      const json& v = j["levels"][i];
      if (!v.is_number() && !v.is_string() && !v.is_boolean())
        throw ScenarioError(file, scenario::pointer_append(p + "/levels", i), "expected a number, a string or a boolean");
      if (f.target != FactorTarget::set && !v.is_number())
        throw ScenarioError(file, scenario::pointer_append(p + "/levels", i),
                            "expected a number (a parameter or a scale factor takes numbers)");
      f.levels.push_back(v);
    }
    if (f.steps) throw ScenarioError(file, p + "/steps", "expected no `steps` beside `levels`");
  } else if (j.contains("range")) {
    Distribution d;
    bool date_lo = false, date_hi = false;
    d.min = bound(j["range"][0], date_lo, file, p + "/range/0");
    d.max = bound(j["range"][1], date_hi, file, p + "/range/1");
    if (date_lo != date_hi) throw ScenarioError(file, p + "/range", "expected two numbers or two dates");
    if (!(d.max > d.min)) throw ScenarioError(file, p + "/range/1", "expected high > low");
    f.date = date_lo;
    if (f.date && f.target != FactorTarget::set)
      throw ScenarioError(file, p + "/range", "expected numbers: only a `set` factor takes dates");
    if (f.date) f.integer = true;
    f.distribution = d;
  } else {
    const json& dj = j["distribution"];
    const std::string dp = p + "/distribution";
    Distribution d;
    const std::string kind = dj.at("kind").get<std::string>();
    auto need = [&](const char* key) {
      if (!dj.contains(key))
        throw ScenarioError(file, dp, "expected \"" + std::string(key) + "\" for a " + kind + " distribution");
      return dj[key].get<double>();
    };
    if (kind == "normal") {
      d.kind = Distribution::Kind::normal;
      d.mean = need("mean");
      d.sd = need("sd");
      d.min = dj.value("min", -std::numeric_limits<double>::infinity());
      d.max = dj.value("max", std::numeric_limits<double>::infinity());
    } else {
      d.kind = kind == "uniform"       ? Distribution::Kind::uniform
               : kind == "log_uniform" ? Distribution::Kind::log_uniform
                                       : Distribution::Kind::triangular;
      d.min = need("min");
      d.max = need("max");
      if (d.kind == Distribution::Kind::triangular) {
        d.mode = need("mode");
        if (d.mode < d.min || d.mode > d.max) throw ScenarioError(file, dp + "/mode", "expected min <= mode <= max");
      }
      if (d.kind == Distribution::Kind::log_uniform && !(d.min > 0))
        throw ScenarioError(file, dp + "/min", "expected min > 0 for a log-uniform distribution");
    }
    if (!(d.max > d.min)) throw ScenarioError(file, dp + "/max", "expected max > min");
    f.distribution = d;
  }
  return f;
}

constexpr double kNormalClamp = 0.001;  // Morris and factorial grids touch u = 0 and 1

}  // namespace

Factor parse_factor(const json& j, const std::string& file, const std::string& pointer) {
  return parse_factor_impl(j, file, pointer);
}

void apply_factor_set(nlohmann::json& doc, const Factor& f, double v) {
  if (f.path.find('*') != std::string::npos) apply_set(doc, f.path, f.to_json(v));
  else scenario::apply_override(doc, f.path + "=" + f.to_json(v).dump());
}

// ---- factors -------------------------------------------------------------------------------------

double Factor::value_at(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  if (!levels.empty()) {
    const int m = static_cast<int>(levels.size());
    return std::min(m - 1, static_cast<int>(u * m));
  }
  const Distribution& d = *distribution;
  double v = 0;
  switch (d.kind) {
    case Distribution::Kind::uniform:
      // whole numbers: each of lo .. hi takes an equal share of [0, 1]
      if (integer) return std::min(d.max, std::floor(d.min + u * (d.max - d.min + 1)));
      v = d.min + u * (d.max - d.min);
      break;
    case Distribution::Kind::log_uniform: v = d.min * std::pow(d.max / d.min, u); break;
    case Distribution::Kind::triangular: {
      const double c = (d.mode - d.min) / (d.max - d.min);
      v = u < c ? d.min + std::sqrt(u * (d.max - d.min) * (d.mode - d.min))
                : d.max - std::sqrt((1 - u) * (d.max - d.min) * (d.max - d.mode));
      break;
    }
    case Distribution::Kind::normal: {
      boost::math::normal_distribution<double> n(d.mean, d.sd);
      // truncated: u spans the CDF between the bounds
      const double lo = std::isfinite(d.min) ? boost::math::cdf(n, d.min) : 0.0;
      const double hi = std::isfinite(d.max) ? boost::math::cdf(n, d.max) : 1.0;
      const double q = std::clamp(lo + u * (hi - lo), kNormalClamp, 1 - kNormalClamp);
      v = std::clamp(boost::math::quantile(n, q), d.min, d.max);
      break;
    }
  }
  return integer ? std::round(v) : v;
}

double Factor::unit_of(double v) const {
  if (!levels.empty()) {
    const double m = static_cast<double>(levels.size());
    return m <= 1 ? 0.0 : v / (m - 1);
  }
  const Distribution& d = *distribution;
  switch (d.kind) {
    case Distribution::Kind::uniform:
      return integer ? (v - d.min + 0.5) / (d.max - d.min + 1) : (v - d.min) / (d.max - d.min);
    case Distribution::Kind::log_uniform: return std::log(v / d.min) / std::log(d.max / d.min);
    case Distribution::Kind::triangular:
      return v < d.mode ? (v - d.min) * (v - d.min) / ((d.max - d.min) * (d.mode - d.min))
                        : 1 - (d.max - v) * (d.max - v) / ((d.max - d.min) * (d.max - d.mode));
    case Distribution::Kind::normal: {
      boost::math::normal_distribution<double> n(d.mean, d.sd);
      const double lo = std::isfinite(d.min) ? boost::math::cdf(n, d.min) : 0.0;
      const double hi = std::isfinite(d.max) ? boost::math::cdf(n, d.max) : 1.0;
      return (boost::math::cdf(n, v) - lo) / (hi - lo);
    }
  }
  return 0;
}

int Factor::factorial_levels() const {
  if (!levels.empty()) return static_cast<int>(levels.size());
  return steps;
}

double Factor::factorial_value(int i) const {
  if (!levels.empty()) return i;
  const Distribution& d = *distribution;
  const double u = steps <= 1 ? 0.0 : static_cast<double>(i) / (steps - 1);
  if (d.kind == Distribution::Kind::uniform) {
    const double v = d.min + u * (d.max - d.min);
    return integer ? std::round(v) : v;
  }
  return value_at(u);
}

json Factor::to_json(double v) const {
  if (!levels.empty()) return levels.at(static_cast<std::size_t>(v));
  if (date) return Date{static_cast<std::int32_t>(v)}.iso();
  if (integer) return static_cast<long long>(v);
  return v;
}

double Factor::number(double v) const {
  if (levels.empty()) return v;
  const json& l = levels.at(static_cast<std::size_t>(v));
  if (!l.is_number()) throw std::logic_error("factor " + name + ": level " + l.dump() + " is not a number");
  return l.get<double>();
}

std::string Factor::text(double v) const {
  if (!levels.empty()) {
    const json& l = levels.at(static_cast<std::size_t>(v));
    return l.is_string() ? l.get<std::string>() : l.dump();
  }
  if (date) return Date{static_cast<std::int32_t>(v)}.iso();
  return format_number(v);
}

std::optional<double> Factor::parse(const std::string& t) const {
  if (!levels.empty()) {
    for (std::size_t i = 0; i < levels.size(); ++i) {
      const json& l = levels[i];
      if ((l.is_string() && l.get<std::string>() == t) || (!l.is_string() && l.dump() == t)) return double(i);
      if (l.is_number()) {
        if (auto x = parse_number(t); x && *x == l.get<double>()) return double(i);
      }
    }
    return std::nullopt;
  }
  if (date) {
    if (auto d = Date::parse(t)) return d->days;
    return std::nullopt;
  }
  auto x = parse_number(t);
  if (!x || !std::isfinite(*x)) return std::nullopt;
  if (integer && *x != std::round(*x)) return std::nullopt;
  return x;
}

// ---- loading ------------------------------------------------------------------------------------

json window_schema() { return json::parse(kWindowSchema); }

json experiment_schema() {
  json s = json::parse(kSchema);
  s["$defs"]["window"] = window_schema();
  return s;
}

Experiment load_experiment(const std::filesystem::path& file) {
  const std::string label = file.string();
  const json doc = scenario::read_json_file(file);
  const auto violations = scenario::validate(experiment_schema(), doc, 1);
  if (!violations.empty()) throw ScenarioError(label, violations.front().pointer, violations.front().message);

  Experiment e;
  e.file = file;
  e.hash = fnv1a64(doc.dump());
  e.name = doc.at("name").get<std::string>();
  e.description = doc.value("description", "");
  const auto dir = file.parent_path();
  e.scenario = dir / doc.at("scenario").get<std::string>();
  if (doc.contains("set")) e.sets = doc["set"].get<std::vector<std::string>>();
  e.replicates = doc.value("replicates", 1);
  e.seed = doc.value("seed", std::uint64_t{1});
  e.seeds = doc.value("seeds", "common") == "independent" ? SeedPolicy::independent : SeedPolicy::common;

  // the base scenario, loaded once: the factors, metrics and dates are checked against it
  scenario::LoadedScenario base;
  try {
    base = scenario::load_scenario(e.scenario, e.sets);
  } catch (const ScenarioError& err) {
    if (!std::filesystem::exists(e.scenario))
      throw ScenarioError(label, "/scenario",
                          "expected an existing scenario file (relative to the experiment's folder), got \"" +
                              e.scenario.string() + "\"");
    throw;
  }
  const Scenario& s = *base.scenario;
  auto check_date = [&](Date d, const std::string& pointer) {
    if (d < s.start || d > s.end)
      throw ScenarioError(label, pointer,
                          "expected a date inside the scenario's time frame " + s.start.iso() + " .. " + s.end.iso() +
                              ", got " + d.iso());
  };
  if (doc.contains("until")) {
    e.until = *Date::parse(doc["until"].get<std::string>());
    check_date(*e.until, "/until");
  }
  const Date last = e.until.value_or(s.end);

  // factors
  const json& fj = doc.at("factors");
  for (std::size_t i = 0; i < fj.size(); ++i) {
    const std::string p = "/factors/" + std::to_string(i);
    Factor f = parse_factor(fj[i], label, p);
    for (const auto& other : e.factors)
      if (other.name == f.name) throw ScenarioError(label, p + "/name", "expected a unique name; \"" + f.name + "\" is used twice");
    const char* key = f.target == FactorTarget::set ? "/set" : f.target == FactorTarget::parameter ? "/parameter" : "/scale";
    // the values a factor can take must load: try its extremes on the base scenario
    std::vector<double> extremes;
    if (!f.levels.empty()) {
      for (std::size_t l = 0; l < f.levels.size(); ++l) extremes.push_back(static_cast<double>(l));
    } else {
      extremes = {f.value_at(0), f.value_at(1)};
    }
    if (f.target == FactorTarget::parameter) {
      for (std::size_t l = 0; l < f.levels.size(); ++l)
        if (!f.levels[l].is_number())
          throw ScenarioError(label, scenario::pointer_append(p + "/levels", l),
                              "expected a number: a registry parameter takes numbers");
      for (double& v : extremes) v = f.number(v);
      for (double v : extremes)
        if (v < f.parameter->minimum || v > f.parameter->maximum)
          throw ScenarioError(label, p, "expected values inside the parameter's range [" +
                                            format_number(f.parameter->minimum) + ", " +
                                            format_number(f.parameter->maximum) + "]; the factor reaches " +
                                            format_number(v));
    } else {
      if (f.target == FactorTarget::set && f.path.find('*') != std::string::npos) {
        if (path_matches(base.document, f.path).empty())
          throw ScenarioError(label, p + key, "expected a path matching at least one field of the scenario, got \"" +
                                                  f.path + "\"");
      } else if (f.target == FactorTarget::set) {
        // the path is the experiment's field, so its errors name the experiment and the factor, not --set
        std::string pointer;
        try {
          pointer = scenario::dotted_to_pointer(base.document, f.path);
        } catch (const ScenarioError& err) {
          throw ScenarioError(label, p + key,
                              "expected a path into the scenario, got \"" + f.path + "\": at " + err.pointer + ", " +
                                  err.expected);
        }
        if (!base.document.contains(json::json_pointer(pointer)))
          throw ScenarioError(label, p + key,
                              "expected a field the scenario has (a typo would add a new field), got \"" + f.path +
                                  "\" (" + pointer + " is not in " + e.scenario.string() + ")");
      } else if (scale_matches(base.document, f.path).empty()) {
        throw ScenarioError(label, p + key, "expected a path matching at least one number of the scenario, got \"" +
                                                f.path + "\"");
      }
      for (double v : extremes) {
        json trial = base.document;
        try {
          if (f.target == FactorTarget::set)
            apply_factor_set(trial, f, v);
          else
            apply_scale(trial, f.path, v);
          (void)scenario::load_document_json(trial, label);
        } catch (const ScenarioError& err) {
          throw ScenarioError(label, p,
                              "expected values the scenario accepts; at " + f.text(v) + " it says: " + err.what());
        }
      }
    }
    e.factors.push_back(std::move(f));
  }

  // design
  const json& dj = doc.at("design");
  const std::string kind = dj.at("kind").get<std::string>();
  e.design.kind = kind == "factorial"         ? DesignKind::factorial
                  : kind == "latin_hypercube" ? DesignKind::latin_hypercube
                  : kind == "sobol"           ? DesignKind::sobol
                                              : DesignKind::morris;
  e.design.seed = dj.value("seed", std::uint64_t{1});
  e.design.maximin = dj.value("maximin", 1);
  e.design.levels = dj.value("levels", 4);
  if (dj.contains("file")) {
    e.design.file = dir / dj["file"].get<std::string>();
  } else {
    auto need = [&](const char* key) {
      if (!dj.contains(key))
        throw ScenarioError(label, "/design", "expected \"" + std::string(key) + "\" for a " + kind + " design");
      return dj[key].get<int>();
    };
    if (e.design.kind == DesignKind::latin_hypercube) e.design.points = need("points");
    if (e.design.kind == DesignKind::sobol) e.design.points = need("base_samples");
    if (e.design.kind == DesignKind::morris) e.design.points = need("trajectories");
    if (e.design.kind == DesignKind::morris && e.design.levels % 2 != 0)
      throw ScenarioError(label, "/design/levels", "expected an even number of Morris levels");
    if (e.design.kind == DesignKind::factorial)
      for (std::size_t i = 0; i < e.factors.size(); ++i)
        if (e.factors[i].factorial_levels() < 1 ||
            (e.factors[i].levels.empty() && e.factors[i].distribution->kind != Distribution::Kind::uniform))
          throw ScenarioError(label, "/factors/" + std::to_string(i),
                              "expected `levels`, or a `range` with `steps`, for a factorial design");
  }

  read_record(e, doc.at("record"), s, last, dir, label, "/record");
  if (e.recorded.empty() && e.series.empty())
    throw ScenarioError(label, "/record", "expected something to record: metrics (with `at`), windows, patterns or series");
  // names must not collide with each other or with the fixed columns
  std::vector<std::string> names = {"run_id", "design_point", "replicate", "seed", "status", "error", "wall_s"};
  for (const auto& f : e.factors) names.push_back(f.name);
  for (const auto& r : e.recorded) {
    names.push_back(r.name);
    if (r.is_pattern) names.push_back(r.name + "_ok");
  }
  auto sorted = names;
  std::sort(sorted.begin(), sorted.end());
  if (auto it = std::adjacent_find(sorted.begin(), sorted.end()); it != sorted.end())
    throw ScenarioError(label, "", "expected distinct column names; \"" + *it + "\" names two columns of runs.csv");
  return e;
}

void read_record(Experiment& e, const json& rj, const Scenario& s, Date last, const std::filesystem::path& dir,
                 const std::string& label, const std::string& pointer) {
  auto check_date = [&](Date d, const std::string& where) {
    if (d < s.start || d > s.end)
      throw ScenarioError(label, where,
                          "expected a date inside the scenario's time frame " + s.start.iso() + " .. " + s.end.iso() +
                              ", got " + d.iso());
  };
  if (rj.contains("metrics")) e.metrics = rj["metrics"].get<std::vector<std::string>>();
  for (std::size_t i = 0; i < e.metrics.size(); ++i)
    validate::MetricReader(e.metrics[i], s, label, pointer + "/metrics/" + std::to_string(i));
  if (rj.contains("at"))
    for (std::size_t i = 0; i < rj["at"].size(); ++i) {
      Date d = *Date::parse(rj["at"][i].get<std::string>());
      check_date(d, pointer + "/at/" + std::to_string(i));
      if (d > last) throw ScenarioError(label, pointer + "/at/" + std::to_string(i), "expected a date on or before `until` " + last.iso());
      e.at.push_back(d);
    }
  if (!e.metrics.empty() && e.at.empty()) e.at.push_back(last);
  for (const std::string& m : e.metrics)
    for (Date d : e.at) {
      Recorded r;
      r.name = snake(m) + "_" + snake(d.iso());
      r.pattern.id = r.name;
      r.pattern.metric = m;
      r.pattern.window = {d, d, validate::Statistic::value};
      e.recorded.push_back(std::move(r));
    }
  if (rj.contains("windows"))
    for (std::size_t i = 0; i < rj["windows"].size(); ++i) {
      const json& w = rj["windows"][i];
      const std::string p = pointer + "/windows/" + std::to_string(i);
      Recorded r;
      r.name = w.at("name").get<std::string>();
      r.pattern.id = r.name;
      r.pattern.metric = w.at("metric").get<std::string>();
      validate::MetricReader(r.pattern.metric, s, label, p + "/metric");
      r.pattern.window.from = *Date::parse(w.at("from").get<std::string>());
      r.pattern.window.to = *Date::parse(w.at("to").get<std::string>());
      check_date(r.pattern.window.from, p + "/from");
      check_date(r.pattern.window.to, p + "/to");
      if (r.pattern.window.to < r.pattern.window.from) throw ScenarioError(label, p + "/to", "expected a date on or after `from`");
      if (r.pattern.window.from > last) throw ScenarioError(label, p + "/from", "expected a date on or before `until` " + last.iso());
      static constexpr const char* names[] = {"value", "mean", "sum", "max", "min"};
      for (int k = 0; k < 5; ++k)
        if (w.at("statistic").get<std::string>() == names[k]) r.pattern.window.statistic = validate::Statistic(k);
      r.pattern.scale = w.value("scale", 1.0);
      e.recorded.push_back(std::move(r));
    }
  if (rj.contains("patterns")) {
    e.patterns = dir / rj["patterns"].get<std::string>();
    const validate::PatternSet set = validate::load_patterns(e.patterns);
    for (std::size_t i = 0; i < set.patterns.size(); ++i) {
      Recorded r;
      r.name = "pattern_" + snake(set.patterns[i].id);
      r.pattern = set.patterns[i];
      r.is_pattern = true;
      validate::MetricReader(r.pattern.metric, s, e.patterns.string(), "/patterns/" + std::to_string(i) + "/metric");
      e.recorded.push_back(std::move(r));
    }
  }
  if (rj.contains("series")) {
    e.series = rj["series"]["metrics"].get<std::vector<std::string>>();
    e.series_every = rj["series"].value("every_days", 1);
    for (std::size_t i = 0; i < e.series.size(); ++i)
      validate::MetricReader(e.series[i], s, label, pointer + "/series/metrics/" + std::to_string(i));
  }
}

// ---- designs ------------------------------------------------------------------------------------

DesignTable make_design(const Experiment& e) {
  if (!e.design.file.empty()) return read_design_csv(e, e.design.file);
  const int k = static_cast<int>(e.factors.size());
  DesignTable t;
  if (e.design.kind == DesignKind::factorial) {
    std::vector<int> levels;
    for (const auto& f : e.factors) levels.push_back(f.factorial_levels());
    const Eigen::MatrixXi idx = factorial_design(levels);
    for (Eigen::Index r = 0; r < idx.rows(); ++r) {
      std::vector<double> row(k);
      for (int c = 0; c < k; ++c) row[c] = e.factors[c].factorial_value(idx(r, c));
      t.values.push_back(std::move(row));
    }
    return t;
  }
  Eigen::MatrixXd u;
  switch (e.design.kind) {
    case DesignKind::latin_hypercube: u = latin_hypercube(e.design.points, k, e.design.seed, e.design.maximin); break;
    case DesignKind::sobol: u = saltelli_design(e.design.points, k); break;
    case DesignKind::morris: u = morris_design(e.design.points, k, e.design.levels, e.design.seed); break;
    case DesignKind::factorial: break;
  }
  for (Eigen::Index r = 0; r < u.rows(); ++r) {
    std::vector<double> row(k);
    for (int c = 0; c < k; ++c) row[c] = e.factors[c].value_at(u(r, c));
    t.values.push_back(std::move(row));
  }
  return t;
}

DesignTable read_design_csv(const Experiment& e, const std::filesystem::path& file) {
  const std::string label = file.string();
  std::ifstream in(file);
  if (!in) throw ScenarioError(label, "", "expected a readable design CSV file");
  std::string line;
  if (!std::getline(in, line)) throw ScenarioError(label, "", "expected a header line naming the factors");
  const auto header = split_csv(line);
  std::vector<int> column(e.factors.size(), -1);
  int point_column = -1;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c] == "design_point") point_column = static_cast<int>(c);
    for (std::size_t f = 0; f < e.factors.size(); ++f)
      if (header[c] == e.factors[f].name) column[f] = static_cast<int>(c);
  }
  for (std::size_t f = 0; f < e.factors.size(); ++f)
    if (column[f] < 0) throw ScenarioError(label, "line 1", "expected a column named \"" + e.factors[f].name + "\" (a factor)");
  DesignTable t;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cells = split_csv(line);
    if (cells.size() != header.size())
      throw ScenarioError(label, "line " + std::to_string(line_no),
                          "expected " + std::to_string(header.size()) + " cells, got " + std::to_string(cells.size()));
    if (point_column >= 0 && cells[point_column] != std::to_string(t.points()))
      throw ScenarioError(label, "line " + std::to_string(line_no),
                          "expected design_point " + std::to_string(t.points()) + " (rows numbered 0, 1, ...)");
    std::vector<double> row;
    for (std::size_t f = 0; f < e.factors.size(); ++f) {
      const auto v = e.factors[f].parse(cells[column[f]]);
      if (!v)
        throw ScenarioError(label, "line " + std::to_string(line_no) + ", column " + e.factors[f].name,
                            "expected a value of factor " + e.factors[f].name + ", got \"" + cells[column[f]] + "\"");
      row.push_back(*v);
    }
    t.values.push_back(std::move(row));
  }
  if (t.values.empty()) throw ScenarioError(label, "", "expected at least one design point");
  return t;
}

std::string design_csv_text(const Experiment& e, const DesignTable& d) {
  std::string out = "design_point";
  for (const auto& f : e.factors) out += "," + f.name;
  out += '\n';
  for (int p = 0; p < d.points(); ++p) {
    out += std::to_string(p);
    for (std::size_t f = 0; f < e.factors.size(); ++f) out += "," + csv_escape(e.factors[f].text(d.values[p][f]));
    out += '\n';
  }
  return out;
}

void write_design_csv(const Experiment& e, const DesignTable& d, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary);
  out << design_csv_text(e, d);
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::uint64_t run_seed(const Experiment& e, int design_point, int replicate) {
  if (e.seeds == SeedPolicy::common) return e.seed + static_cast<std::uint64_t>(replicate);
  return splitmix64(e.seed ^ splitmix64((static_cast<std::uint64_t>(design_point) << 32) ^
                                        static_cast<std::uint64_t>(replicate)));
}

}  // namespace peacesim::sweep
