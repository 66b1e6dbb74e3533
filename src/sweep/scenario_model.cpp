#include "peacesim/sweep/scenario_model.hpp"

#include <cmath>
#include <limits>

#include "peacesim/scenario/overrides.hpp"
#include "peacesim/sim/digest.hpp"
#include "peacesim/sim/simulation.hpp"
#include "peacesim/sweep/scale.hpp"
#include "peacesim/validate/patterns.hpp"

namespace peacesim::sweep {

namespace {

class ScenarioRun final : public ModelRun {
 public:
  ScenarioRun(const Experiment& e, std::shared_ptr<const Scenario> s, std::uint64_t seed)
      : e_(&e), sim_(s, seed), digest_(e.digest_seed && *e.digest_seed == seed) {
    if (e.until) sim_.limit_ticks((*e.until - s->start) / s->tick_days + 1);
    const std::string file = e.file.string();
    probes_.reserve(e.recorded.size());
    for (const Recorded& r : e.recorded) probes_.emplace_back(r.pattern, *s, file, "/record");
    for (const std::string& m : e.series) series_.emplace_back(m, *s, file, "/record/series");
  }
  bool done() const override { return sim_.done(); }
  void step() override {
    sim_.step();
    for (auto& p : probes_) p.observe(sim_);
    if (digest_) hash_.add(sim_.metrics());
  }
  std::string digest() const override { return digest_ ? hash_.hex() : std::string(); }
  int tick() const override { return sim_.metrics().tick; }
  std::string date() const override { return sim_.metrics().date.iso(); }
  void finish(std::span<double> out) override {
    std::size_t k = 0;
    for (std::size_t i = 0; i < probes_.size(); ++i) {
      const double v = probes_[i].result();
      out[k++] = v;
      const Recorded& r = e_->recorded[i];
      if (r.is_pattern) {
        const bool ok = (!r.pattern.min || v >= *r.pattern.min) && (!r.pattern.max || v <= *r.pattern.max);
        out[k++] = std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : ok ? 1.0 : 0.0;
      }
    }
  }
  void series(std::span<double> values) const override {
    for (std::size_t i = 0; i < series_.size(); ++i) values[i] = series_[i].read(sim_);
  }

 private:
  const Experiment* e_;
  Simulation sim_;
  std::vector<validate::PatternProbe> probes_;
  std::vector<validate::MetricReader> series_;
  bool digest_ = false;
  RunDigest hash_;
};

}  // namespace

ScenarioModel::ScenarioModel(const Experiment& e)
    : experiment_(&e), base_(scenario::load_scenario(e.scenario, e.sets)) {
  for (const Recorded& r : e.recorded) {
    outputs_.push_back(r.name);
    if (r.is_pattern) outputs_.push_back(r.name + "_ok");
  }
  for (const Factor& f : e.factors) document_factors_ = document_factors_ || f.target != FactorTarget::parameter;
}

int ScenarioModel::series_every() const {
  return std::max(1, experiment_->series_every / std::max(1, base_.scenario->tick_days));
}

std::shared_ptr<const Scenario> ScenarioModel::scenario_for(int point, std::span<const double> values) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(point); it != cache_.end())
      if (auto s = it->second.lock()) return s;
  }
  const Experiment& e = *experiment_;
  Scenario s;
  if (document_factors_) {
    nlohmann::json doc = base_.document;
    for (std::size_t i = 0; i < e.factors.size(); ++i) {
      const Factor& f = e.factors[i];
      if (f.target == FactorTarget::set) apply_factor_set(doc, f, values[i]);
      if (f.target == FactorTarget::scale) apply_scale(doc, f.path, values[i]);
    }
    s = *scenario::load_document_json(std::move(doc), "design point " + std::to_string(point)).scenario;
  } else {
    s = *base_.scenario;
  }
  for (std::size_t i = 0; i < e.factors.size(); ++i)
    if (e.factors[i].target == FactorTarget::parameter) s.params.*(e.factors[i].parameter->field) = e.factors[i].number(values[i]);
  auto shared = std::make_shared<const Scenario>(std::move(s));
  std::lock_guard lock(mutex_);
  // forget points whose runs have all ended
  for (auto it = cache_.begin(); it != cache_.end();) it = it->second.expired() ? cache_.erase(it) : std::next(it);
  cache_[point] = shared;
  return shared;
}

std::unique_ptr<ModelRun> ScenarioModel::build(int point, std::span<const double> values, std::uint64_t seed) const {
  return std::make_unique<ScenarioRun>(*experiment_, scenario_for(point, values), seed);
}

}  // namespace peacesim::sweep
