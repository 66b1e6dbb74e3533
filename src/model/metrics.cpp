// Phase 10: metrics. Every quantity here is defined in docs/metrics.md.
// Reads: the whole world after phases 1-9 and this tick's tallies. Writes: nothing in the world;
// returns the tick's MetricsRow (and the per-location and per-group rows).
#include "peacesim/model/metrics.hpp"

#include <cmath>
#include <initializer_list>
#include <utility>

#include "peacesim/model/math.hpp"

namespace peacesim {

namespace {
#define COL(name, decimals) \
  Column<MetricsRow> { #name, &MetricsRow::name, decimals }
constexpr Column<MetricsRow> kMetricsColumns[] = {
    COL(stability, 6),
    COL(order, 6),
    COL(reconciliation, 6),
    COL(resident, 1),
    COL(displaced, 1),
    COL(refugees, 1),
    COL(returns, 1),
    COL(returns_cumulative, 1),
    COL(minority_returns_cumulative, 1),
    COL(fled, 1),
    COL(minority_remaining, 6),
    COL(incidents, 0),
    COL(murders, 0),
    COL(crime_murders, 0),
    COL(deaths, 0),
    COL(riots, 0),
    COL(rioters, 0),
    COL(riots_dispersed, 0),
    COL(attackers, 0),
    COL(attacks_dispersed, 0),
    COL(arrests, 0),
    COL(flashpoints, 0),
    COL(incidents_per_100k_30d, 4),
    COL(active_share, 6),
    COL(hostile_share, 6),
    COL(mean_trust, 6),
    COL(legitimacy, 6),
    COL(legitimacy_international, 6),
    COL(legitimacy_local, 6),
    COL(cooperation, 6),
    COL(hardship, 6),
    COL(fear, 6),
    COL(participation, 6),
    COL(minority_participation, 6),
    COL(turnout, 6),
    COL(contact, 6),
    COL(cross_group_per_100k_30d, 4),
    COL(minority_freedom, 6),
    COL(institutional_capacity, 6),
    COL(courts, 6),
    COL(impunity, 6),
    COL(impunity_political, 6),
    COL(clearance, 6),
    COL(convictions, 4),
    COL(judicial_staffing, 6),
    COL(international_share, 6),
    COL(organised_crime, 6),
    COL(housing, 6),
    COL(economy, 6),
    COL(police_per_1000, 4),
    COL(military_per_1000, 4),
    COL(arrest_probability, 6),
    COL(military_strength, 1),
    COL(police_strength, 1),
    COL(local_police_strength, 1),
    COL(enforcement_consistency, 6),
    COL(coordination, 6),
    COL(enforcement_spread, 6),
    COL(duplication, 6),
    COL(gaps, 6),
    COL(competencies, 6),
    COL(competencies_scheduled, 6),
    COL(unresolved_claims, 6),
    COL(dwellings_burned_cumulative, 1),
    COL(reversals_cumulative, 0),
};
#undef COL
#define COL(name, decimals) \
  Column<LocationRow> { #name, &LocationRow::name, decimals }
constexpr Column<LocationRow> kLocationColumns[] = {
    COL(resident, 1),
    COL(displaced_from, 1),
    COL(refugees_from, 1),
    COL(minority_share, 6),
    COL(incidents, 0),
    COL(murders, 0),
    COL(deaths, 0),
    COL(incidents_per_100k_30d, 4),
    COL(legitimacy, 6),
    COL(legitimacy_international, 6),
    COL(legitimacy_local, 6),
    COL(cooperation, 6),
    COL(fear, 6),
    COL(mean_trust, 6),
    COL(hardship, 6),
    COL(police_per_1000, 4),
    COL(military_per_1000, 4),
    COL(arrest_probability, 6),
    COL(housing, 6),
    COL(capacity, 6),
    COL(impunity, 6),
    COL(impunity_political, 6),
    COL(organised_crime, 6),
};
#undef COL

/// Population-weighted trust of a community toward the other groups, weighted by their size.
double outgroup_trust(const World& w, Index i) {
  const auto& c = w.communities;
  double num = 0, den = 0;
  for (Index h = 0; h < w.group_prewar.size(); ++h) {
    if (h == c.group[i]) continue;
    num += w.group_prewar[h] * c.trust(i, h);
    den += w.group_prewar[h];
  }
  return den > 0 ? num / den : 1.0;
}

/// Inter-group contact: the chance that two residents of one location belong to different groups
/// (Simpson's diversity, 1 - sum of squared group shares), residents-weighted over locations, over
/// the same of the pre-war population: 1 while groups live side by side as before the war, 0 when
/// every location holds one group only. (Co-residence as the opportunity for contact, Allport 1954.)
double contact_ratio(const World& w) {
  const auto& c = w.communities;
  const auto& L = w.locations;
  double now = 0, now_w = 0, before = 0, before_w = 0;
  for (Index l = 0; l < L.size(); ++l) {
    double res = 0, pre = 0, sq = 0, sq_pre = 0;
    for (Index i = L.first[l]; i < L.last[l]; ++i) res += c.resident[i], pre += c.prewar[i];
    for (Index i = L.first[l]; i < L.last[l]; ++i) {
      if (res > 0) sq += (c.resident[i] / res) * (c.resident[i] / res);
      if (pre > 0) sq_pre += (c.prewar[i] / pre) * (c.prewar[i] / pre);
    }
    if (res > 0) now += res * (1 - sq), now_w += res;
    if (pre > 0) before += pre * (1 - sq_pre), before_w += pre;
  }
  const double d_now = now_w > 0 ? now / now_w : 0, d_before = before_w > 0 ? before / before_w : 0;
  return d_before > 0 ? clamp01(d_now / d_before) : 1.0;
}

/// A weighted mean with the weights normalised by their sum (0 if every weight is 0).
double weighted(std::initializer_list<std::pair<double, double>> weight_and_value) {
  double num = 0, den = 0;
  for (const auto& [wt, v] : weight_and_value) num += wt * v, den += wt;
  return den > 0 ? num / den : 0.0;
}
}  // namespace

std::span<const Column<MetricsRow>> metrics_columns() { return kMetricsColumns; }
std::span<const Column<LocationRow>> location_columns() { return kLocationColumns; }

MetricsRow compute_metrics(const Scenario& s, const World& w) {
  const auto& p = s.params;
  const auto& c = w.communities;
  const auto& L = w.locations;
  MetricsRow m;
  m.tick = w.tick;
  m.date = w.date;

  Index largest = 0;
  for (Index g = 0; g < w.group_prewar.size(); ++g)
    if (w.group_prewar[g] > w.group_prewar[largest]) largest = g;

  double prewar = 0, minority_prewar = 0, minority_res = 0, minority_part = 0, minority_fear = 0;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double r = c.resident[i];
    prewar += c.prewar[i];
    m.resident += r;
    m.displaced += c.displaced[i];
    m.refugees += c.refugee[i];
    m.active_share += r * c.active[i];
    m.hostile_share += r * c.hostile[i];
    m.mean_trust += r * outgroup_trust(w, static_cast<Index>(i));
    m.legitimacy += r * c.legitimacy[i];
    m.legitimacy_international += r * c.legitimacy_international[i];
    m.legitimacy_local += r * c.legitimacy_local[i];
    m.hardship += r * c.hardship[i];
    m.fear += r * c.fear[i];
    m.participation += r * c.participation[i];
    if (c.group[i] != largest) {
      minority_prewar += c.prewar[i];
      minority_res += r;
      minority_part += r * c.participation[i];
      minority_fear += r * c.fear[i];
    }
  }
  if (m.resident > 0)
    for (double* v :
         {&m.active_share, &m.hostile_share, &m.mean_trust, &m.legitimacy, &m.hardship, &m.fear, &m.participation,
          &m.legitimacy_international, &m.legitimacy_local})
      *v /= m.resident;
  m.minority_remaining = minority_prewar > 0 ? minority_res / minority_prewar : 1.0;
  m.minority_participation = minority_res > 0 ? minority_part / minority_res : 0.0;
  m.minority_freedom = minority_res > 0 ? 1 - minority_fear / minority_res : 1.0;  // 1 - fear: a proxy
  m.contact = contact_ratio(w);
  m.turnout = w.mission.last_turnout;
  m.returns = w.tally.returns;
  m.returns_cumulative = w.cumulative_returns;
  m.minority_returns_cumulative = w.cumulative_minority_returns;
  m.fled = w.tally.fled;
  m.flashpoints = w.tally.flashpoints;
  m.crime_murders = w.tally.crime_murders;
  m.riots = w.tally.riots;
  m.rioters = w.tally.rioters;
  m.riots_dispersed = w.tally.riots_dispersed;
  m.attackers = w.tally.attackers;
  m.attacks_dispersed = w.tally.attacks_dispersed;
  m.unresolved_claims = w.mission.unresolved_claims;
  m.dwellings_burned_cumulative = w.cumulative_dwellings_burned;
  m.reversals_cumulative = w.reversals;

  double rolling = 0, police = 0, military = 0;
  for (Index l = 0; l < L.size(); ++l) {
    const double res = L.resident[l];
    m.incidents += L.incidents[l];
    m.murders += L.murders[l];
    m.deaths += L.deaths[l];
    m.arrests += L.arrests[l];
    rolling += L.rolling_incidents[l];
    police += L.police[l] + L.local_police[l];
    military += L.military[l];
    m.institutional_capacity += res * L.capacity[l];
    m.courts += res * L.courts[l];
    m.impunity += res * L.impunity[l];
    m.impunity_political += res * L.impunity_political[l];
    m.clearance += res * L.clearance[l];
    m.organised_crime += res * L.crime[l];
    m.housing += L.prewar[l] * L.housing[l];
    m.economy += res * L.economy[l];
    m.arrest_probability += res * L.p_arrest[l];
    m.cooperation += res * L.cooperation[l];
  }
  if (m.resident > 0)
    for (double* v : {&m.institutional_capacity, &m.courts, &m.impunity, &m.impunity_political, &m.clearance,
                      &m.organised_crime, &m.economy, &m.arrest_probability, &m.cooperation})
      *v /= m.resident;
  m.housing /= std::max(1.0, prewar);
  const double window_days = std::max(1.0, std::round(p.metrics_window_days / s.tick_days)) * s.tick_days;
  m.incidents_per_100k_30d = m.resident > 0 ? rolling / m.resident * 1e5 * 30.0 / window_days : 0;
  m.cross_group_per_100k_30d = m.resident > 0 ? w.rolling_cross_group / m.resident * 1e5 * 30.0 / window_days : 0;
  m.police_per_1000 = per_1000(police, m.resident);
  m.military_per_1000 = per_1000(military, m.resident);

  // contingents: strengths by kind and how consistently they enforce: the spread of what each
  // commits, rigour times engagement (national priorities meeting events, ADR 0022)
  double weight = 0, mean_rigour = 0;
  for (Index k = 0; k < s.contingents.size(); ++k) {
    const double n = w.contingents.strength[k];
    switch (s.contingents[k].kind) {
      case ContingentKind::military:
        m.military_strength += n;
        break;
      case ContingentKind::local_police:
        m.local_police_strength += n;
        break;
      default:
        m.police_strength += n;
        break;
    }
    weight += n;
    mean_rigour += n * w.contingents.rigour[k] * w.contingents.engagement[k];
  }
  // consistency with the mandate (ADR 0023): the strength-weighted root mean square distance of what
  // each contingent commits from the mission's standard; the spread among contingents apart
  double var = 0, off_standard = 0;
  if (weight > 0) {
    mean_rigour /= weight;
    for (Index k = 0; k < s.contingents.size(); ++k) {
      const double committed = w.contingents.rigour[k] * w.contingents.engagement[k];
      var += w.contingents.strength[k] * std::pow(committed - mean_rigour, 2);
      off_standard += w.contingents.strength[k] * std::pow(committed - p.deterrence_mission_rigour, 2);
    }
    var /= weight;
    off_standard /= weight;
  }
  m.enforcement_consistency = clamp01(1 - p.metrics_consistency_scale * std::sqrt(off_standard));  // 2: 0.5 off -> 0
  m.enforcement_spread = std::sqrt(var);
  double coord = 0;
  for (Eigen::Index k = 0; k < w.cells.level.size(); ++k) coord = std::max(coord, w.cells.level[k]);
  m.coordination = coord;
  m.duplication = w.tally.agency_effort > 0 ? w.tally.duplicated_effort / w.tally.agency_effort : 0;
  m.gaps = w.tally.gap_kinds > 0 ? w.tally.gap_share_sum / w.tally.gap_kinds : 0;
  m.competencies = w.mission.competencies;
  m.competencies_scheduled = w.mission.competencies_scheduled;
  m.judicial_staffing = w.mission.judicial_staffing;
  m.international_share = w.mission.international_share;
  m.convictions = w.tally.convictions;

  // headline indices
  m.order = (1 - m.active_share) / (1 + m.incidents_per_100k_30d / p.metrics_order_reference);
  const double displaced_share = prewar > 0 ? (m.displaced + m.refugees) / prewar : 0;
  m.stability = weighted({{p.metrics_stability_order, m.order},
                           {p.metrics_stability_legitimacy, m.legitimacy},
                           {p.metrics_stability_capacity, m.institutional_capacity},
                           {p.metrics_stability_settled, 1 - displaced_share}});
  // relations between groups (ADR 0019): how they regard each other, whether they live side by
  // side, whether they attack each other, whether minorities move safely, and take part
  const double peace = 1 / (1 + m.cross_group_per_100k_30d / p.metrics_cross_group_reference);
  m.reconciliation = weighted({{p.metrics_reconciliation_trust, m.mean_trust},
                               {p.metrics_reconciliation_contact, m.contact},
                               {p.metrics_reconciliation_peace, peace},
                               {p.metrics_reconciliation_movement, m.minority_freedom},
                               {p.metrics_reconciliation_participation, m.minority_participation},
                               {p.metrics_reconciliation_remaining, m.minority_remaining}});
  return m;
}

LocationRow compute_location_row(const Scenario& s, const World& w, Index l) {
  const auto& c = w.communities;
  const auto& L = w.locations;
  LocationRow r;
  double minority = 0;
  for (Index i = L.first[l]; i < L.last[l]; ++i) {
    const double n = c.resident[i];
    r.resident += n;
    r.displaced_from += c.displaced[i];
    r.refugees_from += c.refugee[i];
    if (c.group[i] != w.majority[l]) minority += n;
    r.legitimacy += n * c.legitimacy[i];
    r.legitimacy_international += n * c.legitimacy_international[i];
    r.legitimacy_local += n * c.legitimacy_local[i];
    r.fear += n * c.fear[i];
    r.mean_trust += n * outgroup_trust(w, i);
    r.hardship += n * c.hardship[i];
  }
  if (r.resident > 0)
    for (double* v : {&r.legitimacy, &r.fear, &r.mean_trust, &r.hardship, &r.legitimacy_international,
                      &r.legitimacy_local})
      *v /= r.resident;
  r.minority_share = r.resident > 0 ? minority / r.resident : 0;
  r.incidents = L.incidents[l];
  r.murders = L.murders[l];
  r.deaths = L.deaths[l];
  const double window_days = std::max(1.0, std::round(s.params.metrics_window_days / s.tick_days)) * s.tick_days;
  r.incidents_per_100k_30d = r.resident > 0 ? L.rolling_incidents[l] / r.resident * 1e5 * 30.0 / window_days : 0;
  r.police_per_1000 = per_1000(L.police[l] + L.local_police[l], r.resident);
  r.military_per_1000 = per_1000(L.military[l], r.resident);
  r.arrest_probability = L.p_arrest[l];
  r.housing = L.housing[l];
  r.capacity = L.capacity[l];
  r.impunity = L.impunity[l];
  r.impunity_political = L.impunity_political[l];
  r.organised_crime = L.crime[l];
  r.cooperation = L.cooperation[l];
  return r;
}

}  // namespace peacesim
