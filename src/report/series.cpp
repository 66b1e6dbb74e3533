// series.csv: ensemble mean and 5-95% band per reporting tick and metric.
#include "peacesim/report/series.hpp"

#include <cmath>

#include "peacesim/io/groups.hpp"
#include "peacesim/sim/ensemble.hpp"

namespace peacesim::report {

namespace {
// group and location quantities the report draws; names as in groups.csv / municipalities.csv
const char* const kGroupQuantities[] = {"resident", "displaced", "refugees",   "remaining", "returns_cumulative",
                                        "murdered_cumulative", "trust", "legitimacy", "fear", "participation",
                                        "turnout"};
const char* const kLocationQuantities[] = {"incidents_per_100k_30d", "minority_share", "resident",
                                           "fear", "legitimacy", "mean_trust"};
}  // namespace

EnsembleSeries::EnsembleSeries(const Scenario& s, int replicates, int ticks) : s_(&s) {
  for (const auto& c : metrics_columns()) names_.emplace_back(c.name);
  for (const char* q : kGroupQuantities)
    for (const auto& g : s.groups) names_.push_back(std::string(q) + ":" + g.id);
  for (const char* q : kLocationQuantities)
    for (const auto& l : s.locations) names_.push_back(std::string(q) + "@" + l.id);
  const int every = std::max(1, s.series_every_days / s.tick_days);
  row_of_tick_.assign(std::size_t(std::max(0, ticks)), -1);
  for (int t = 0; t < ticks; ++t)
    if (t % every == 0 || t == ticks - 1) {
      row_of_tick_[std::size_t(t)] = int(row_ticks_.size());
      row_ticks_.push_back(t);
    }
  // a replicate's slots are allocated when it starts: an ensemble stopped early holds only those that ran
  values_.resize(std::size_t(replicates));
  murdered_.resize(std::size_t(replicates));
}

void EnsembleSeries::observe(int replicate, const Simulation& sim) {
  const Scenario& s = *s_;
  const World& w = sim.world();
  auto& murdered = murdered_[std::size_t(replicate)];
  auto& values = values_[std::size_t(replicate)];
  if (values.empty()) {
    values.assign(row_ticks_.size() * names_.size(), std::nan(""));
    murdered.assign(s.groups.size(), 0.0);
  }
  for (std::size_t g = 0; g < murdered.size(); ++g) murdered[g] += w.group_murdered[g];
  const int tick = sim.metrics().tick;
  if (tick < 0 || std::size_t(tick) >= row_of_tick_.size() || row_of_tick_[std::size_t(tick)] < 0) return;
  double* out = values.data() + std::size_t(row_of_tick_[std::size_t(tick)]) * names_.size();
  for (const auto& c : metrics_columns()) *out++ = sim.metrics().*c.field;
  const auto groups = io::group_stocks(s, w);
  for (const char* q : kGroupQuantities) {
    const std::string quantity = q;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const auto& r = groups[g];
      *out++ = quantity == "resident"             ? r.resident
               : quantity == "displaced"          ? r.displaced
               : quantity == "refugees"           ? r.refugees
               : quantity == "remaining"          ? r.remaining
               : quantity == "returns_cumulative" ? r.returns_cumulative
               : quantity == "murdered_cumulative" ? murdered[g]
               : quantity == "trust"              ? r.trust
               : quantity == "legitimacy"         ? r.legitimacy
               : quantity == "fear"               ? r.fear
               : quantity == "participation"      ? r.participation
                                                  : r.turnout;
    }
  }
  std::vector<LocationRow> locations;
  for (Index l = 0; l < s.locations.size(); ++l) locations.push_back(compute_location_row(s, w, l));
  for (const char* q : kLocationQuantities) {
    const std::string quantity = q;
    for (const auto& r : locations)
      *out++ = quantity == "incidents_per_100k_30d" ? r.incidents_per_100k_30d
               : quantity == "minority_share"       ? r.minority_share
               : quantity == "resident"             ? r.resident
               : quantity == "fear"                 ? r.fear
               : quantity == "legitimacy"           ? r.legitimacy
                                                    : r.mean_trust;
  }
}

void EnsembleSeries::write_header(io::CsvFile& csv) {
  for (const char* h : {"scenario", "tick", "date", "metric", "mean", "p05", "p95"}) csv.text(h);
  csv.text("replicates", true);
}

void EnsembleSeries::write(io::CsvFile& csv, const std::string& label, const std::vector<char>& finished) const {
  const std::size_t nm = names_.size();
  std::vector<std::size_t> ran;  // the finished replicates, in order
  for (std::size_t r = 0; r < values_.size() && r < finished.size(); ++r)
    if (finished[r] && !values_[r].empty()) ran.push_back(r);
  std::vector<double> v;
  for (std::size_t row = 0; row < row_ticks_.size(); ++row) {
    const std::string date = s_->date_of(row_ticks_[row]).iso();
    for (std::size_t m = 0; m < nm; ++m) {
      v.clear();
      double sum = 0;
      for (std::size_t r : ran) {
        const double x = values_[r][row * nm + m];
        if (std::isnan(x)) continue;
        v.push_back(x);
        sum += x;
      }
      if (v.empty()) continue;
      csv.text(label);
      csv.integer(row_ticks_[row]);
      csv.text(date);
      csv.text(names_[m]);
      csv.number(sum / double(v.size()), 6);
      csv.number(quantile(v, 0.05), 6);
      csv.number(quantile(v, 0.95), 6);
      csv.integer(static_cast<long long>(v.size()), true);
    }
  }
}

}  // namespace peacesim::report
