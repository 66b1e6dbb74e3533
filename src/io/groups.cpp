// groups.csv: per-group series (docs/metrics.md, "groups.csv").
#include "peacesim/io/groups.hpp"

#include <algorithm>

namespace peacesim::io {

namespace fs = std::filesystem;

std::vector<std::string> group_columns(const Scenario& s) {
  std::vector<std::string> cols = {"prewar",   "resident",         "displaced",        "refugees",
                                   "remaining", "returns",         "returns_cumulative", "fled",
                                   "fled_cumulative", "attacks_suffered", "murdered", "murdered_cumulative",
                                   "crime_murdered"};
  for (const auto& g : s.groups) cols.push_back("murdered_by_" + g.id);
  cols.push_back("trust");
  for (const auto& g : s.groups) cols.push_back("trust_in_" + g.id);
  for (const char* c : {"legitimacy", "legitimacy_international", "legitimacy_local", "fear", "hardship", "participation",
                        "turnout"})
    cols.push_back(c);
  return cols;
}

std::vector<GroupRow> group_stocks(const Scenario& s, const World& w) {
  const std::size_t ng = s.groups.size();
  const auto& c = w.communities;
  std::vector<GroupRow> rows(ng);
  std::vector<double> trust_weight(ng * ng, 0.0);
  for (std::size_t i = 0; i < c.size(); ++i) {
    const Index g = c.group[i];
    GroupRow& r = rows[g];
    const double res = c.resident[i];
    r.prewar += c.prewar[i];
    r.resident += res;
    r.displaced += c.displaced[i];
    r.refugees += c.refugee[i];
    r.legitimacy += res * c.legitimacy[i];
    r.legitimacy_international += res * c.legitimacy_international[i];
    r.legitimacy_local += res * c.legitimacy_local[i];
    r.fear += res * c.fear[i];
    r.hardship += res * c.hardship[i];
    r.participation += res * c.participation[i];
    // out-group trust as MetricReader's trust:GROUP, and trust toward each group
    double num = 0, den = 0;
    for (Index h = 0; h < ng; ++h) {
      trust_weight[g * ng + h] += res * c.trust(static_cast<Eigen::Index>(i), h);
      if (h != g) num += w.group_prewar[h] * c.trust(static_cast<Eigen::Index>(i), h), den += w.group_prewar[h];
    }
    r.trust += res * (den > 0 ? num / den : 1.0);
  }
  for (std::size_t g = 0; g < ng; ++g) {
    GroupRow& r = rows[g];
    const double res = r.resident;
    for (double* v : {&r.legitimacy, &r.legitimacy_international, &r.legitimacy_local, &r.fear, &r.hardship,
                      &r.participation, &r.trust})
      *v = res > 0 ? *v / res : 0;
    r.trust_in.resize(ng);
    for (std::size_t h = 0; h < ng; ++h) r.trust_in[h] = res > 0 ? trust_weight[g * ng + h] / res : 0;
    r.remaining = r.prewar > 0 ? r.resident / r.prewar : 0;
    r.returns_cumulative = w.group_returns[g];
    r.turnout = w.group_turnout[g];
  }
  return rows;
}

GroupWriter::GroupWriter(const fs::path& path, const Scenario& s)
    : csv_(path), every_ticks_(std::max(1, s.group_every_days / s.tick_days)) {
  const std::size_t ng = s.groups.size();
  for (auto* v : {&returns_, &fled_, &attacks_, &murdered_, &crime_, &fled_total_, &murdered_total_})
    v->assign(ng, 0.0);
  murdered_by_.assign(ng * ng, 0.0);
  for (const char* h : {"tick", "date", "group"}) csv_.text(h);
  const auto cols = group_columns(s);
  for (std::size_t i = 0; i < cols.size(); ++i) csv_.text(cols[i], i + 1 == cols.size());
}

void GroupWriter::observe(const Scenario& s, const World& w, const MetricsRow& row, bool last) {
  const std::size_t ng = s.groups.size();
  const auto& c = w.communities;
  // this tick's flows, accumulated until the next row
  auto& attack_murders = attack_murders_;
  attack_murders.assign(ng, 0.0);
  for (const auto& e : w.pairs) {
    const Index victim = c.group[e.against], perpetrator = c.group[e.by];
    attacks_[victim] += e.count;
    attack_murders[victim] += e.deaths;  // persons (ADR 0021)
    murdered_by_[victim * ng + perpetrator] += e.deaths;
  }
  for (std::size_t g = 0; g < ng; ++g) {
    murdered_[g] += w.group_murdered[g];
    murdered_total_[g] += w.group_murdered[g];
    // the group's victims not killed in an attack by another group: ordinary crime within it
    crime_[g] += std::max(0.0, w.group_murdered[g] - attack_murders[g]);
    fled_[g] += w.group_fled[g];
    fled_total_[g] += w.group_fled[g];
  }
  if (row.tick % every_ticks_ != 0 && !last) return;

  rows_ = group_stocks(s, w);
  for (std::size_t g = 0; g < ng; ++g) {
    GroupRow& r = rows_[g];
    r.returns_cumulative = w.group_returns[g];
    r.returns = w.group_returns[g] - returns_[g];
    returns_[g] = w.group_returns[g];
    r.fled = fled_[g];
    r.fled_cumulative = fled_total_[g];
    r.attacks_suffered = attacks_[g];
    r.murdered = murdered_[g];
    r.murdered_cumulative = murdered_total_[g];
    r.crime_murdered = crime_[g];
    r.murdered_by.assign(murdered_by_.begin() + std::ptrdiff_t(g * ng), murdered_by_.begin() + std::ptrdiff_t(g * ng + ng));

    csv_.integer(row.tick);
    csv_.text(row.date.iso());
    csv_.text(s.groups[g].id);
    for (double v : {r.prewar, r.resident, r.displaced, r.refugees}) csv_.number(v, 1);
    csv_.number(r.remaining, 6);
    for (double v : {r.returns, r.returns_cumulative, r.fled, r.fled_cumulative}) csv_.number(v, 1);
    for (double v : {r.attacks_suffered, r.murdered, r.murdered_cumulative, r.crime_murdered}) csv_.number(v, 0);
    for (double v : r.murdered_by) csv_.number(v, 0);
    csv_.number(r.trust, 6);
    for (double v : r.trust_in) csv_.number(v, 6);
    for (double v : {r.legitimacy, r.legitimacy_international, r.legitimacy_local, r.fear, r.hardship, r.participation})
      csv_.number(v, 6);
    csv_.number(r.turnout, 6, true);
  }
  std::fill(fled_.begin(), fled_.end(), 0.0);
  std::fill(attacks_.begin(), attacks_.end(), 0.0);
  std::fill(murdered_.begin(), murdered_.end(), 0.0);
  std::fill(crime_.begin(), crime_.end(), 0.0);
  std::fill(murdered_by_.begin(), murdered_by_.end(), 0.0);
}

}  // namespace peacesim::io
