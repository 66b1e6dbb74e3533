#include "peacesim/check/reference.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>

#include <unistd.h>

#include <boost/math/distributions/students_t.hpp>

#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/json_schema.hpp"
#include "peacesim/sim/ensemble.hpp"
#include "peacesim/sweep/experiment.hpp"

namespace peacesim::check {

using nlohmann::json;
using scenario::ScenarioError;

namespace {

constexpr const char* kSchema = R"json({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "peacesim reference",
  "description": "Reference outcomes of one scenario: an ensemble's mean, sd and 5/50/95% quantiles of chosen metrics at checkpoints and over windows, and the exact digest of seed 1's run (peacesim check; docs/regression.md). Written by `peacesim check --update`; a stub without `results` says what to record.",
  "type": "object",
  "additionalProperties": false,
  "required": ["format", "scenario", "ensemble", "record"],
  "properties": {
    "$schema": {"type": "string"},
    "format": {"const": "peacesim-reference-1"},
    "description": {"type": "string"},
    "scenario": {
      "type": "object",
      "additionalProperties": false,
      "required": ["path"],
      "properties": {
        "path": {"type": "string", "minLength": 1, "description": "The scenario file, as given to `check --update` (relative to the working folder)."},
        "name": {"type": "string", "description": "The scenario's `name`: `check` refuses another scenario."},
        "hash": {"type": "string", "pattern": "^fnv1a64:[0-9a-f]{16}$", "description": "Content hash of the loaded scenario (merged, overrides applied): a different hash is reported, not failed."}
      }
    },
    "overrides": {"type": "array", "items": {"type": "string", "pattern": "="}, "description": "PATH=VALUE overrides (as --set) applied to the scenario."},
    "ensemble": {
      "type": "object",
      "additionalProperties": false,
      "required": ["replicates", "seed"],
      "properties": {
        "replicates": {"type": "integer", "minimum": 2, "maximum": 100000, "description": "N: replicate r runs with seed + r, r = 0 .. N-1 (common random numbers, as `sweep` and `validate`)."},
        "seed": {"type": "integer", "minimum": 0, "description": "The base seed."},
        "seeds": {"type": "array", "items": {"type": "integer", "minimum": 0}, "description": "The seeds, written out (seed .. seed + N - 1): must agree with seed and replicates."},
        "until": {"type": "string", "format": "date", "description": "Stop every run after this date (default: the scenario's end)."}
      }
    },
    "alpha": {"type": "number", "exclusiveMinimum": 0, "maximum": 0.5, "default": 0.01, "description": "Family-wise false-alarm rate of a check (Welch t tests, Holm-corrected)."},
    "record": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "metrics": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "Metrics recorded at every date of `at` (metrics.csv columns or QUANTITY:GROUP)."},
        "at": {"type": "array", "items": {"$ref": "#/$defs/date"}, "description": "Checkpoint dates."},
        "windows": {"type": "array", "items": {"$ref": "#/$defs/window"}}
      }
    },
    "results": {
      "type": "array",
      "description": "One entry per recorded quantity, in the record's order (metrics x checkpoints, then windows).",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "metric", "checkpoint", "n", "mean", "sd", "p05", "p50", "p95"],
        "properties": {
          "name": {"type": "string"},
          "metric": {"type": "string"},
          "checkpoint": {"type": "string", "description": "A date, or FROM..TO STATISTIC for a window."},
          "n": {"type": "integer", "minimum": 0, "description": "Replicates that reached it."},
          "mean": {"type": "number"},
          "sd": {"type": "number", "minimum": 0},
          "p05": {"type": "number"},
          "p50": {"type": "number"},
          "p95": {"type": "number"}
        }
      }
    },
    "digest": {
      "type": "object",
      "additionalProperties": false,
      "required": ["seed", "value", "ticks", "platform", "reference_platform"],
      "description": "FNV-1a 64 of every metrics column of every tick as %.17g (the golden-hash digest, ADR 0002) of the run with this seed.",
      "properties": {
        "seed": {"type": "integer", "minimum": 0},
        "value": {"type": "string", "pattern": "^fnv1a64:[0-9a-f]{16}$"},
        "ticks": {"type": "integer", "minimum": 1},
        "platform": {"type": "string"},
        "reference_platform": {"type": "boolean", "description": "Made on Debian 12 (g++ 12, glibc 2.36, x86-64): compared (and failed) only there."}
      }
    },
    "made_by": {"type": "object", "description": "peacesim version, git revision, date and command of the --update that wrote it (informative)."}
  },
  "$defs": {
    "date": {"type": "string", "format": "date"},
    "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "maxLength": 64}
  }
})json";

std::string number_text(double v) {
  json j = v;
  return j.dump();
}

}  // namespace

json reference_schema() {
  json s = json::parse(kSchema);
  s["$defs"]["window"] = sweep::window_schema();  // the experiment file's, so a record reads the same in both
  return s;
}

Stats summarise(const std::vector<double>& all) {
  std::vector<double> v;
  for (double x : all)
    if (std::isfinite(x)) v.push_back(x);
  Stats s;
  s.n = static_cast<int>(v.size());
  if (v.empty()) return s;
  // two-pass mean and variance: exact for constant data (sd 0, not 1e-17)
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / double(s.n);
  if (std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); })) s.mean = v.front();
  double ss = 0;
  for (double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = s.n > 1 ? std::sqrt(ss / double(s.n - 1)) : 0;
  s.p05 = quantile(v, 0.05);
  s.p50 = quantile(v, 0.50);
  s.p95 = quantile(v, 0.95);
  return s;
}

Reference load_reference(const std::filesystem::path& file) {
  const std::string label = file.string();
  if (!std::filesystem::exists(file))
    throw ScenarioError(label, "", "expected an existing reference file (make one with `peacesim check SCENARIO "
                                   "--reference " + label + " --update`)");
  const json doc = scenario::read_json_file(file);
  const auto violations = scenario::validate(reference_schema(), doc, 1);
  if (!violations.empty()) throw ScenarioError(label, violations.front().pointer, violations.front().message);
  Reference r;
  r.file = file;
  r.description = doc.value("description", "");
  const json& sj = doc["scenario"];
  r.scenario_path = sj["path"].get<std::string>();
  r.scenario_name = sj.value("name", "");
  r.scenario_hash = sj.value("hash", "");
  if (doc.contains("overrides")) r.overrides = doc["overrides"].get<std::vector<std::string>>();
  const json& ej = doc["ensemble"];
  r.replicates = ej["replicates"].get<int>();
  r.seed = ej["seed"].get<std::uint64_t>();
  if (r.seed > std::numeric_limits<std::uint64_t>::max() - std::uint64_t(r.replicates))
    throw ScenarioError(label, "/ensemble/seed", "expected a base seed that leaves room for the replicates below 2^64");
  if (ej.contains("seeds")) {
    const json& seeds = ej["seeds"];
    if (seeds.size() != std::size_t(r.replicates))
      throw ScenarioError(label, "/ensemble/seeds",
                          "expected " + std::to_string(r.replicates) + " seeds (one per replicate), got " +
                              std::to_string(seeds.size()));
    for (std::size_t i = 0; i < seeds.size(); ++i)
      if (seeds[i].get<std::uint64_t>() != r.seed + i)
        throw ScenarioError(label, scenario::pointer_append("/ensemble/seeds", i),
                            "expected seed " + std::to_string(r.seed + i) + " (replicate r runs with seed + r)");
  }
  if (ej.contains("until")) {
    const auto d = Date::parse(ej["until"].get<std::string>());
    if (!d) throw ScenarioError(label, "/ensemble/until", "expected a date YYYY-MM-DD");
    r.until = *d;
  }
  r.alpha = doc.value("alpha", kDefaultAlpha);
  r.record = doc["record"];
  if (doc.contains("results")) {
    const json& rs = doc["results"];
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const json& e = rs[i];
      const std::string p = scenario::pointer_append("/results", i);
      Entry en;
      en.name = e["name"].get<std::string>();
      en.metric = e["metric"].get<std::string>();
      en.checkpoint = e["checkpoint"].get<std::string>();
      en.stats.n = e["n"].get<int>();
      en.stats.mean = e["mean"].get<double>();
      en.stats.sd = e["sd"].get<double>();
      en.stats.p05 = e["p05"].get<double>();
      en.stats.p50 = e["p50"].get<double>();
      en.stats.p95 = e["p95"].get<double>();
      if (en.stats.n > r.replicates)
        throw ScenarioError(label, p + "/n", "expected at most the ensemble's " + std::to_string(r.replicates) + " replicates");
      if (!(en.stats.p05 <= en.stats.p50 && en.stats.p50 <= en.stats.p95))
        throw ScenarioError(label, p, "expected p05 <= p50 <= p95");
      r.entries.push_back(std::move(en));
    }
  }
  if (doc.contains("digest")) {
    const json& d = doc["digest"];
    r.digest = Digest{d["seed"].get<std::uint64_t>(), d["value"].get<std::string>(), d["ticks"].get<int>(),
                      d["platform"].get<std::string>(), d["reference_platform"].get<bool>()};
  }
  if (doc.contains("made_by")) r.made_by = doc["made_by"];
  return r;
}

json to_json(const Reference& r) {
  // nlohmann's json object sorts keys; ordered_json keeps the order a reviewer reads best
  nlohmann::ordered_json j;
  j["format"] = kReferenceFormat;
  if (!r.description.empty()) j["description"] = r.description;
  j["scenario"] = {{"path", r.scenario_path}, {"name", r.scenario_name}, {"hash", r.scenario_hash}};
  j["overrides"] = r.overrides;
  nlohmann::ordered_json e;
  e["replicates"] = r.replicates;
  e["seed"] = r.seed;
  std::vector<std::uint64_t> seeds;
  for (int i = 0; i < r.replicates; ++i) seeds.push_back(r.seed + std::uint64_t(i));
  e["seeds"] = seeds;
  if (r.until) e["until"] = r.until->iso();
  j["ensemble"] = e;
  j["alpha"] = r.alpha;
  j["record"] = nlohmann::ordered_json::parse(r.record.dump());
  if (!r.entries.empty()) {
    j["results"] = nlohmann::ordered_json::array();
    for (const Entry& en : r.entries) {
      nlohmann::ordered_json x;
      x["name"] = en.name;
      x["metric"] = en.metric;
      x["checkpoint"] = en.checkpoint;
      x["n"] = en.stats.n;
      x["mean"] = en.stats.mean;
      x["sd"] = en.stats.sd;
      x["p05"] = en.stats.p05;
      x["p50"] = en.stats.p50;
      x["p95"] = en.stats.p95;
      j["results"].push_back(x);
    }
  }
  if (r.digest) {
    nlohmann::ordered_json d;
    d["seed"] = r.digest->seed;
    d["value"] = r.digest->value;
    d["ticks"] = r.digest->ticks;
    d["platform"] = r.digest->platform;
    d["reference_platform"] = r.digest->reference_platform;
    j["digest"] = d;
  }
  if (!r.made_by.empty()) j["made_by"] = nlohmann::ordered_json::parse(r.made_by.dump());
  return json::parse(j.dump());  // (the caller dumps with write_reference, which keeps this order)
}

namespace {

/// The file's text: to_json's content with the keys in reading order and one result per line.
std::string reference_text(const Reference& r) {
  const json j = to_json(r);
  auto dump = [](const json& v) { return v.dump(); };
  std::string out = "{\n";
  bool first = true;
  auto key = [&](const char* k, const std::string& value) {
    out += (first ? "" : ",\n") + std::string("  \"") + k + "\": " + value;
    first = false;
  };
  key("format", dump(j["format"]));
  if (j.contains("description")) key("description", dump(j["description"]));
  key("scenario", "{\"path\": " + dump(j["scenario"]["path"]) + ", \"name\": " + dump(j["scenario"]["name"]) +
                      ", \"hash\": " + dump(j["scenario"]["hash"]) + "}");
  key("overrides", dump(j["overrides"]));
  {
    const json& e = j["ensemble"];
    std::string s = "{\"replicates\": " + dump(e["replicates"]) + ", \"seed\": " + dump(e["seed"]);
    if (e.contains("until")) s += ", \"until\": " + dump(e["until"]);
    s += ",\n    \"seeds\": " + dump(e["seeds"]) + "}";
    key("ensemble", s);
  }
  key("alpha", number_text(r.alpha));
  {
    // the record: metrics and dates on one line each, one window a line
    const json& rec = j["record"];
    std::string t = "{";
    bool first_key = true;
    for (const char* k : {"metrics", "at"})
      if (rec.contains(k)) {
        t += std::string(first_key ? "\n" : ",\n") + "    \"" + k + "\": " + rec[k].dump();
        first_key = false;
      }
    if (rec.contains("windows")) {
      t += std::string(first_key ? "\n" : ",\n") + "    \"windows\": [";
      for (std::size_t i = 0; i < rec["windows"].size(); ++i) {
        const json& w = rec["windows"][i];
        t += (i ? ",\n      " : "\n      ");
        std::string line = "{";
        bool first_field = true;
        for (const char* f : {"name", "metric", "from", "to", "statistic", "scale"})
          if (w.contains(f)) {
            line += std::string(first_field ? "" : ", ") + "\"" + f + "\": " + w[f].dump();
            first_field = false;
          }
        t += line + "}";
      }
      t += "\n    ]";
      first_key = false;
    }
    t += first_key ? "}" : "\n  }";
    key("record", t);
  }
  if (j.contains("results")) {
    std::string s = "[";
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
      const Entry& en = r.entries[i];
      s += (i ? ",\n    " : "\n    ");
      s += "{\"name\": " + json(en.name).dump() + ", \"metric\": " + json(en.metric).dump() +
           ", \"checkpoint\": " + json(en.checkpoint).dump() + ", \"n\": " + std::to_string(en.stats.n) +
           ", \"mean\": " + number_text(en.stats.mean) + ", \"sd\": " + number_text(en.stats.sd) +
           ", \"p05\": " + number_text(en.stats.p05) + ", \"p50\": " + number_text(en.stats.p50) +
           ", \"p95\": " + number_text(en.stats.p95) + "}";
    }
    s += "\n  ]";
    key("results", s);
  }
  if (j.contains("digest")) {
    const json& d = j["digest"];
    key("digest", "{\"seed\": " + dump(d["seed"]) + ", \"value\": " + dump(d["value"]) + ", \"ticks\": " +
                      dump(d["ticks"]) + ",\n    \"platform\": " + dump(d["platform"]) +
                      ", \"reference_platform\": " + dump(d["reference_platform"]) + "}");
  }
  if (j.contains("made_by")) key("made_by", dump(j["made_by"]));
  return out + "\n}\n";
}

}  // namespace

void write_reference(const Reference& r, const std::filesystem::path& file) {
  const std::string text = reference_text(r);
  // the same document must read back (a bug here must not leave a reference that cannot load)
  const json reread = json::parse(text);
  (void)reread;
  std::filesystem::path dir = file.parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  const std::filesystem::path tmp =
      (dir.empty() ? std::filesystem::path(".") : dir) /
      ("." + file.filename().string() + ".tmp-" + std::to_string(static_cast<long>(::getpid())));
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw std::runtime_error("error writing " + tmp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot replace " + file.string() + ": " + ec.message());
  }
}

double welch_p(const Stats& a, const Stats& b, double& t, double& df) {
  const double va = a.sd * a.sd / double(a.n), vb = b.sd * b.sd / double(b.n);
  const double se2 = va + vb;
  const double diff = b.mean - a.mean;
  if (!(se2 > 0)) {
    t = diff == 0 ? 0 : std::copysign(std::numeric_limits<double>::infinity(), diff);
    df = 0;
    return diff == 0 ? 1.0 : 0.0;
  }
  t = diff / std::sqrt(se2);
  // Welch-Satterthwaite; a side with sd 0 contributes nothing
  const double den = (a.n > 1 ? va * va / double(a.n - 1) : 0) + (b.n > 1 ? vb * vb / double(b.n - 1) : 0);
  df = den > 0 ? se2 * se2 / den : double(std::max(a.n, b.n) - 1);
  df = std::max(1.0, df);
  const boost::math::students_t dist(df);
  return 2 * boost::math::cdf(boost::math::complement(dist, std::abs(t)));
}

std::vector<Comparison> compare(const std::vector<Entry>& reference, const std::vector<Stats>& now, double alpha) {
  std::vector<Comparison> out(reference.size());
  std::vector<std::size_t> tested;  // indices with a p-value
  for (std::size_t i = 0; i < reference.size(); ++i) {
    Comparison& c = out[i];
    const Stats& ref = reference[i].stats;
    c.reference = &reference[i];
    c.now = now.at(i);
    c.difference = c.now.mean - ref.mean;
    c.difference_sd = ref.sd > 0            ? c.difference / ref.sd
                      : c.difference == 0.0 ? 0.0
                                            : std::numeric_limits<double>::quiet_NaN();
    if (c.now.n < 2 || ref.n < 2) {
      c.test = "no data";
      c.passed = false;
    } else if (std::abs(c.difference) <= kExactTolerance * std::max(1.0, std::abs(ref.mean))) {
      // equal up to rounding: summing the same values in another order moves a mean by an ulp, and
      // a near-constant quantity (sd 1e-17) would turn that ulp into a huge t
      c.test = "equal";
      c.passed = true;
    } else if (ref.sd == 0 && c.now.sd == 0) {
      c.test = "exact";  // deterministic in both, and different
      c.passed = false;
      c.p = 0;
    } else {
      c.test = "welch";
      // the current ensemble's spread is floored at the reference's: under "nothing changed" both
      // come from one distribution, whose sd the reference's many runs estimate far better, and a
      // small ensemble of a skewed quantity that misses the tail has a low mean AND a low sd, which
      // makes plain Welch anticonservative (measured: 3 false alarms in 50 at alpha 0.01)
      Stats floored = c.now;
      floored.sd = std::max(c.now.sd, ref.sd);
      c.p = welch_p(ref, floored, c.t, c.df);
      tested.push_back(i);
    }
  }
  // Holm: the k-th smallest of m p-values is compared with alpha / (m - k); the first that passes
  // stops the procedure and every larger p passes. Family-wise error <= alpha under any dependence.
  std::stable_sort(tested.begin(), tested.end(), [&](std::size_t a, std::size_t b) { return out[a].p < out[b].p; });
  const std::size_t m = tested.size();
  bool stopped = false;
  for (std::size_t k = 0; k < m; ++k) {
    Comparison& c = out[tested[k]];
    c.level = alpha / double(m - k);
    if (!stopped && c.p <= c.level) {
      c.passed = false;
    } else {
      stopped = true;
      c.passed = true;
    }
  }
  return out;
}

}  // namespace peacesim::check
