// Phase 7: policing, courts and local institutions.
//
// Reads: this tick's incidents, murders and ordinary homicides (phase 6); presence and arrest
// risk (phase 4); court capacity and organised crime (phase 3); residents; the judiciary block.
// Writes: clearance, arrests, impunity (ordinary and political), organised crime, economy,
// capacity and court wear, the judiciary's mission state, weapons, participation, cooperation with
// supervision (reading the majority's legitimacy of the international administration, phase 5), the
// implemented share of competencies, status frustration.
#include <algorithm>
#include <cmath>

#include <boost/random/binomial_distribution.hpp>

#include "peacesim/core/rng.hpp"
#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

void police_and_institutions(const Scenario& s, World& w, std::uint64_t seed) {
  const auto& p = s.params;
  auto& c = w.communities;
  auto& L = w.locations;
  const double dt = s.tick_days;
  const auto tick = static_cast<std::uint32_t>(w.tick);

  const auto& res = L.resident;

  // The rule-of-law chain (ADR 0012). Reads this tick's incidents (phase 6), presence (phase 4),
  // court capacity and organised crime (phase 3) and the scenario's judicial staffing; writes
  // clearance, arrests, both impunities, organised crime, economy wear and the judiciary's state.
  //
  // courts: local judges and prosecutors in post, against the staffing at which courts keep up;
  // international teams (two judges and a prosecutor, a Regulation 2000/64 panel) take the
  // serious cases (inter-ethnic, political, organised crime) as far as their capacity reaches
  const auto& J = s.judiciary;
  const double all_res = res.sum();
  double staffing = 1.0, teams = 0.0;
  if (J.present) {
    const double per_100k = all_res > 0 ? count_on(J.local, w.date) * 1e5 / all_res : 0.0;
    staffing = std::min(1.0, per_100k / p.justice_judges_reference);
    teams = std::min(count_on(J.international_judges, w.date) / 2, count_on(J.international_prosecutors, w.date));
  }
  const double capacity_int = teams * p.justice_international_cases / 365.0;  // serious cases per day
  const double caseload = w.mission.serious_caseload;
  const double international = capacity_int <= 0 ? 0.0 : caseload <= 0 ? 1.0 : capacity_int / (capacity_int + caseload);
  w.mission.judicial_staffing = staffing;
  w.mission.international_share = international;

  double cleared_serious = 0;
  w.tally.convictions = 0;
  for (Index l = 0; l < L.size(); ++l) {
    // investigation: international police, the local police service (weighted) and soldiers solve cases
    const double investigators = L.police[l] + p.justice_kps_investigation * L.local_police[l] +
                                 p.justice_military_investigation * L.military[l];
    const double clear = 1 - std::exp(-p.justice_clearance_k * per_1000(investigators, res[l]));
    const double clear_serious = clear * p.justice_witness_cooperation;
    L.clearance[l] = clear;
    // arrests: the suspects of this tick's cases that investigation identifies
    L.arrests[l] = 0;
    const int ordinary = static_cast<int>(L.ordinary[l]);
    const int serious = std::max(0, static_cast<int>(L.incidents[l]) - ordinary);
    if (ordinary > 0 || serious > 0) {
      CounterRng rng(seed, tick, l, Stream::arrests);
      if (ordinary > 0) L.arrests[l] += boost::random::binomial_distribution<int, double>(ordinary, clear)(rng);
      if (serious > 0 && clear_serious > 0)
        L.arrests[l] += boost::random::binomial_distribution<int, double>(serious, clear_serious)(rng);
    }
    // prosecution and trial: ordinary cases before local courts; serious cases before a local court
    // that decides few of them on their merits, or an international team; organised crime captures
    // a share of either
    const double court = staffing * (p.justice_court_support_floor + (1 - p.justice_court_support_floor) * L.courts[l]);
    const double captured = 1 - p.institutions_crime_capture * L.crime[l];
    const double fair = 1 - (1 - court * p.justice_local_impartiality) * (1 - international);
    const double conviction = clear * court * captured;
    const double conviction_serious = clear_serious * fair * captured;
    L.impunity[l] = clamp01(relax(L.impunity[l], 1 - conviction, p.institutions_impunity_tau, dt));
    L.impunity_political[l] =
        clamp01(relax(L.impunity_political[l], 1 - conviction_serious, p.institutions_impunity_tau, dt));
    const double serious_murders = std::max(0.0, L.murders[l] - L.ordinary[l]);
    cleared_serious += clear_serious * serious_murders;
    w.tally.convictions += conviction * L.ordinary[l] + conviction_serious * serious_murders;

    // organised crime grows where serious crime goes unpunished and shrinks with convictions
    // (UNODC's programme works on it in phase 3); it drains the economy
    L.crime[l] = clamp01(L.crime[l] + (p.justice_organised_growth * (1 - L.crime[l]) * L.impunity_political[l] -
                                       p.justice_organised_suppression * conviction_serious * L.crime[l]) *
                                          dt);
    // built capacity wears without upkeep
    const double wear = std::min(1.0, p.agency_decay * dt);
    L.economy[l] =
        clamp01(L.economy[l] * (1 - wear * p.agency_economy_wear - std::min(1.0, p.justice_organised_economy_drag * L.crime[l] * dt)));
    L.capacity[l] *= 1 - wear;
    L.courts[l] *= 1 - wear;
  }
  // the serious caseload waiting for international teams: a moving average of cleared serious murders
  w.mission.serious_caseload = relax(w.mission.serious_caseload, cleared_serious / dt, p.justice_caseload_tau, dt);

  // the voice an election gave fades until the next one
  const double fade = std::exp(-dt / p.institutions_participation_tau);
  for (std::size_t i = 0; i < c.size(); ++i) {
    // weapons collection by contingents on that task
    const Index l = c.location[i];
    c.weapons[i] = clamp01(
        c.weapons[i] * (1 - std::min(1.0, p.deterrence_weapons_collection * per_1000(L.collectors[l], res[l]) * dt)));
    c.participation[i] *= fade;
  }

  // local authorities' cooperation with supervision (7.13, ADR 0018): it falls where local institutions
  // outgrow the competencies handed to them (resistance) and where the majority's legitimacy of the
  // international administration is low, and rises where it is high
  double cooperating = 0;
  for (Index l = 0; l < L.size(); ++l) {
    const int maj = L.community_of(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(w.majority[l]));
    const double standing = maj >= 0 ? c.legitimacy_international[static_cast<Index>(maj)] : 0.5;
    const double resistance = clamp01((L.capacity[l] - w.mission.competencies) / p.institutions_resistance_gap);
    const double target = clamp01(p.institutions_cooperation_base + p.institutions_cooperation_legitimacy * (standing - 0.5) -
                                  p.institutions_cooperation_resistance * resistance);
    L.cooperation[l] = clamp01(relax(L.cooperation[l], target, p.institutions_cooperation_tau, dt));
    cooperating += res[l] * L.cooperation[l];
  }
  w.mission.cooperation = all_res > 0 ? cooperating / all_res : p.institutions_cooperation_base;
  // handovers decided (phase 1) are implemented at the pace cooperation allows
  if (p.institutions_handover_tau > 0)
    w.mission.competencies += (w.mission.competencies_scheduled - w.mission.competencies) *
                              (1 - std::exp(-w.mission.cooperation * dt / p.institutions_handover_tau));

  // an open final status frustrates every group that has not had it settled
  for (std::size_t g = 0; g < s.groups.size(); ++g)
    if (!w.mission.status_resolved[g])
      w.mission.status_frustration[g] = clamp01(w.mission.status_frustration[g] + p.institutions_status_growth * dt);
}

}  // namespace peacesim
