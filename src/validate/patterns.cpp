#include "peacesim/validate/patterns.hpp"

#include <cmath>
#include <limits>

#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/json_schema.hpp"
#include "peacesim/sim/ensemble.hpp"

namespace peacesim::validate {

using nlohmann::json;
using scenario::ScenarioError;

namespace {

constexpr const char* kSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "peacesim historical patterns",
  "description": "Observed outcome patterns a scenario ensemble is scored against (peacesim validate).",
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "patterns"],
  "properties": {
    "$schema": {"type": "string"},
    "name": {"type": "string", "minLength": 1},
    "description": {"type": "string"},
    "notes": {"type": "string"},
    "patterns": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "what", "metric", "window", "source"],
        "properties": {
          "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"},
          "what": {"type": "string", "minLength": 3, "description": "The pattern in words."},
          "metric": {"type": "string", "minLength": 1, "description": "A metrics.csv column, or QUANTITY:GROUP (remaining, resident, displaced, refugees, returns_cumulative, murdered (victims of the group this tick, by inter-ethnic attack or ordinary crime), participation, fear, legitimacy, trust)."},
          "window": {"$ref": "#/$defs/window"},
          "relative_to": {"$ref": "#/$defs/window", "description": "If given, the quantity is the window's statistic divided by this one's."},
          "scale": {"type": "number", "exclusiveMinimum": 0, "default": 1, "description": "Multiplies the quantity, e.g. 7 for a weekly rate from a daily mean."},
          "observed": {"type": "number", "description": "The historical value, as reported."},
          "min": {"type": "number", "description": "The ensemble mean must be at least this."},
          "max": {"type": "number", "description": "The ensemble mean must be at most this."},
          "required": {"type": "boolean", "default": false, "description": "A failure makes `peacesim validate` exit 1."},
          "source": {"type": "string", "minLength": 3},
          "confidence": {"enum": ["high", "medium", "low", "estimate"]},
          "notes": {"type": "string"}
        }
      }
    }
  },
  "$defs": {
    "date": {"type": "string", "format": "date"},
    "window": {
      "type": "object",
      "additionalProperties": false,
      "required": ["from", "to"],
      "properties": {
        "from": {"$ref": "#/$defs/date"},
        "to": {"$ref": "#/$defs/date"},
        "statistic": {"enum": ["value", "mean", "sum", "max", "min"], "default": "value", "description": "value = at the last tick in the window."}
      }
    }
  }
})json";

Window parse_window(const json& j, const std::string& file, const std::string& pointer) {
  Window w;
  w.from = *Date::parse(j.at("from").get<std::string>());
  w.to = *Date::parse(j.at("to").get<std::string>());
  if (w.to < w.from) throw ScenarioError(file, pointer + "/to", "expected a date on or after `from` " + w.from.iso());
  static constexpr const char* names[] = {"value", "mean", "sum", "max", "min"};
  const std::string s = j.value("statistic", "value");
  for (int i = 0; i < 5; ++i)
    if (s == names[i]) w.statistic = Statistic(i);
  return w;
}

}  // namespace

json patterns_schema() { return json::parse(kSchema); }

PatternSet load_patterns(const std::filesystem::path& file) {
  const std::string label = file.string();
  const json doc = scenario::read_json_file(file);
  const auto violations = scenario::validate(patterns_schema(), doc, 1);
  if (!violations.empty()) throw ScenarioError(label, violations.front().pointer, violations.front().message);
  PatternSet set;
  set.name = doc.at("name").get<std::string>();
  set.description = doc.value("description", "");
  const json& arr = doc.at("patterns");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const json& j = arr[i];
    const std::string p = "/patterns/" + std::to_string(i);
    Pattern pt;
    pt.id = j.at("id").get<std::string>();
    for (const auto& other : set.patterns)
      if (other.id == pt.id)
        throw ScenarioError(label, p + "/id", "expected a unique id; \"" + pt.id + "\" is used twice");
    pt.what = j.at("what").get<std::string>();
    pt.metric = j.at("metric").get<std::string>();
    pt.source = j.at("source").get<std::string>();
    pt.confidence = j.value("confidence", "");
    pt.notes = j.value("notes", "");
    pt.window = parse_window(j.at("window"), label, p + "/window");
    if (j.contains("relative_to")) pt.relative_to = parse_window(j["relative_to"], label, p + "/relative_to");
    pt.scale = j.value("scale", 1.0);
    if (j.contains("observed")) pt.observed = j["observed"].get<double>();
    if (j.contains("min")) pt.min = j["min"].get<double>();
    if (j.contains("max")) pt.max = j["max"].get<double>();
    if (!pt.min && !pt.max)
      throw ScenarioError(label, p, "expected `min`, `max` or both: the bounds the ensemble must respect");
    if (pt.min && pt.max && *pt.max < *pt.min) throw ScenarioError(label, p + "/max", "expected max >= min");
    pt.required = j.value("required", false);
    set.patterns.push_back(std::move(pt));
  }
  return set;
}

MetricReader::MetricReader(std::string_view metric, const Scenario& s, const std::string& file,
                           const std::string& pointer) {
  const auto colon = metric.find(':');
  if (colon == std::string_view::npos) {
    for (const auto& c : metrics_columns())
      if (c.name == metric) column_ = c.field;
    if (!column_)
      throw ScenarioError(file, pointer,
                          "expected a metrics.csv column (see docs/metrics.md), got \"" + std::string(metric) + "\"");
    return;
  }
  quantity_ = std::string(metric.substr(0, colon));
  const std::string group(metric.substr(colon + 1));
  static const char* quantities[] = {"remaining",  "resident", "displaced",  "refugees",
                                     "returns_cumulative", "murdered", "participation", "fear",
                                     "legitimacy", "legitimacy_international", "legitimacy_local", "trust"};
  bool known = false;
  for (const char* q : quantities) known = known || quantity_ == q;
  if (!known)
    throw ScenarioError(file, pointer,
                        "expected QUANTITY:GROUP with QUANTITY one of remaining, resident, displaced, refugees, "
                        "returns_cumulative, murdered, participation, fear, legitimacy, legitimacy_international, "
                        "legitimacy_local, trust; got \"" +
                            quantity_ + "\"");
  for (Index g = 0; g < s.groups.size(); ++g)
    if (s.groups[g].id == group) group_ = g;
  if (group_ == kNone)
    throw ScenarioError(file, pointer, "expected a group of the scenario after ':', got \"" + group + "\"");
}

double MetricReader::read(const Simulation& sim) const {
  if (column_) return sim.metrics().*column_;
  const World& w = sim.world();
  const auto& c = w.communities;
  if (quantity_ == "returns_cumulative") return w.group_returns[group_];
  if (quantity_ == "murdered") return w.group_murdered[group_];
  double res = 0, disp = 0, ref = 0, prewar = 0, weighted = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c.group[i] != group_) continue;
    res += c.resident[i], disp += c.displaced[i], ref += c.refugee[i], prewar += c.prewar[i];
    double x = 0;
    if (quantity_ == "participation")
      x = c.participation[i];
    else if (quantity_ == "fear")
      x = c.fear[i];
    else if (quantity_ == "legitimacy")
      x = c.legitimacy[i];
    else if (quantity_ == "legitimacy_international")
      x = c.legitimacy_international[i];
    else if (quantity_ == "legitimacy_local")
      x = c.legitimacy_local[i];
    else if (quantity_ == "trust") {
      double num = 0, den = 0;
      for (Index h = 0; h < w.group_prewar.size(); ++h)
        if (h != group_) num += w.group_prewar[h] * c.trust(static_cast<Eigen::Index>(i), h), den += w.group_prewar[h];
      x = den > 0 ? num / den : 1;
    }
    weighted += x * c.resident[i];
  }
  if (quantity_ == "remaining") return prewar > 0 ? res / prewar : 0;
  if (quantity_ == "resident") return res;
  if (quantity_ == "displaced") return disp;
  if (quantity_ == "refugees") return ref;
  return res > 0 ? weighted / res : 0;
}

double PatternProbe::Acc::get(Statistic s) const {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  switch (s) {
    case Statistic::value:
      return last;
    case Statistic::mean:
      return sum / n;
    case Statistic::sum:
      return sum;
    case Statistic::max:
      return max;
    case Statistic::min:
      return min;
  }
  return last;
}

PatternProbe::PatternProbe(const Pattern& pattern, const Scenario& s, const std::string& file,
                           const std::string& pointer)
    : pattern_(&pattern), reader_(pattern.metric, s, file, pointer) {}

void PatternProbe::observe(const Simulation& sim) {
  const Date d = sim.metrics().date;
  const bool in_main = pattern_->window.from <= d && d <= pattern_->window.to;
  const bool in_ref = pattern_->relative_to && pattern_->relative_to->from <= d && d <= pattern_->relative_to->to;
  if (!in_main && !in_ref) return;
  const double v = reader_.read(sim);
  if (in_main) main_.add(v);
  if (in_ref) ref_.add(v);
}

double PatternProbe::result() const {
  double q = main_.get(pattern_->window.statistic);
  if (pattern_->relative_to) {
    const double r = ref_.get(pattern_->relative_to->statistic);
    q = r != 0 ? q / r : std::numeric_limits<double>::quiet_NaN();
  }
  return q * pattern_->scale;
}

std::vector<PatternResult> score(const PatternSet& set, const std::vector<std::vector<double>>& values) {
  std::vector<PatternResult> out;
  for (std::size_t k = 0; k < set.patterns.size(); ++k) {
    PatternResult r;
    r.pattern = &set.patterns[k];
    std::vector<double> v;
    for (double x : values[k])
      if (std::isfinite(x)) v.push_back(x);
    r.replicates = static_cast<int>(v.size());
    if (!v.empty()) {
      double sum = 0;
      for (double x : v) sum += x;
      r.mean = sum / double(v.size());
      r.p05 = quantile(v, 0.05);
      r.p95 = quantile(v, 0.95);
      r.passed = (!r.pattern->min || r.mean >= *r.pattern->min) && (!r.pattern->max || r.mean <= *r.pattern->max);
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace peacesim::validate
