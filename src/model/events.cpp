// Phase 1: scripted events.
//
// Reads: the scenario's events dated on or before today (in date order, file order within a day),
// residents, legitimacy, fear, status frustration, election preparation, cooperation. Writes: turnout
// and participation (elections), weapons (demilitarisation), scripted shocks and their decay (shock),
// decided competencies and local capacity (handover), trust (dialogue), status frustration and the
// settled-status flags (status), and resets election preparation after a day with elections.
#include <cmath>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

namespace {

void election(const Scenario& s, World& w, const EventDef& e) {
  const auto& p = s.params;
  auto& c = w.communities;
  auto& L = w.locations;
  double voters = 0, eligible = 0;
  std::vector<double> group_voters(s.groups.size(), 0.0), group_eligible(s.groups.size(), 0.0);
  for (Index l = 0; l < L.size(); ++l) {
    if (!e.locations[l]) continue;
    double loc_voters = 0, loc_eligible = 0;
    for (Index i = L.first[l]; i < L.last[l]; ++i) {
      // turnout: those who judge the institutions legitimate and are not afraid go and vote
      const bool boycott = e.boycott[c.group[i]];
      const double turnout =
          boycott ? p.institutions_turnout_boycott
                  : logistic(c.legitimacy[i] - p.institutions_turnout_fear_weight * c.fear[i] -
                                 p.institutions_turnout_status_weight * w.mission.status_frustration[c.group[i]] -
                                 p.institutions_turnout_offset,
                             p.institutions_turnout_spread) *
                        (p.institutions_turnout_prep_floor +
                         (1 - p.institutions_turnout_prep_floor) * w.mission.election_prep);
      c.participation[i] = boycott ? turnout : std::max(c.participation[i], turnout);
      loc_voters += turnout * c.resident[i];
      loc_eligible += c.resident[i];
      group_voters[c.group[i]] += turnout * c.resident[i];
      group_eligible[c.group[i]] += c.resident[i];
    }
    // an elected assembly adds capacity; municipal elections build local capacity most
    const double share = loc_eligible > 0 ? loc_voters / loc_eligible : 0;
    const double gain = p.institutions_election_capacity * share * (e.municipal_scope ? 1.0 : p.institutions_assembly_capacity_share);
    L.capacity[l] += gain * (1 - L.capacity[l]);
    voters += loc_voters;
    eligible += loc_eligible;
  }
  w.tally.turnout = eligible > 0 ? voters / eligible : 0;
  w.mission.last_turnout = w.tally.turnout;
  for (Index g = 0; g < s.groups.size(); ++g)
    if (group_eligible[g] > 0) w.group_turnout[g] = group_voters[g] / group_eligible[g];
}

void apply(const Scenario& s, World& w, const EventDef& e) {
  auto& c = w.communities;
  const std::size_t ng = s.groups.size();
  switch (e.kind) {
    case EventKind::marker:
      break;
    case EventKind::election:
      election(s, w, e);
      break;
    case EventKind::demilitarisation:
      for (std::size_t i = 0; i < c.size(); ++i)
        if (e.groups[c.group[i]] && e.locations[c.location[i]]) c.weapons[i] *= 1 - e.fraction;
      break;
    case EventKind::shock:
      // scripted hostility of perpetrators toward targets, decaying over the shock's duration
      for (Index l = 0; l < s.locations.size(); ++l) {
        if (!e.locations[l]) continue;
        for (Index g = 0; g < ng; ++g)
          for (Index h = 0; h < ng; ++h)
            if (g != h && e.groups[g] && e.targets[h]) {
              const auto col = static_cast<Eigen::Index>(g * ng + h);
              w.locations.shock(l, col) += e.intensity;
              w.locations.shock_decay(l, col) = std::exp(-double(s.tick_days) / e.duration_days);
            }
      }
      break;
    case EventKind::handover:
      // a decided handover; phase 7 implements it at the pace cooperation allows (7.13), or at once
      w.mission.competencies_scheduled = clamp01(w.mission.competencies_scheduled + e.fraction);
      if (s.params.institutions_handover_tau <= 0) w.mission.competencies = w.mission.competencies_scheduled;
      break;
    case EventKind::dialogue:
      // a one-off programme (peace committees, inter-community meetings)
      for (std::size_t i = 0; i < c.size(); ++i) {
        if (!e.locations[c.location[i]] || !e.groups[c.group[i]]) continue;
        for (Eigen::Index h = 0; h < c.trust.cols(); ++h) {
          if (static_cast<Index>(h) == c.group[i]) continue;
          double& t = c.trust(static_cast<Eigen::Index>(i), h);
          t += e.fraction * s.params.trust_dialogue_event_gain * (1 - t);
        }
      }
      break;
    case EventKind::status:
      for (Index g = 0; g < ng; ++g) {
        if (!e.groups[g]) continue;
        double& f = w.mission.status_frustration[g];
        if (e.relief) {
          f = clamp01(f - e.intensity);
          w.mission.status_resolved[g] = 1;
        } else {
          f = clamp01(f + e.intensity);
        }
      }
      break;
  }
}

}  // namespace

void apply_events(const Scenario& s, World& w) {
  bool voted = false;
  while (w.next_event < s.events.size() && s.events[w.next_event].date <= w.date) {
    const EventDef& e = s.events[w.next_event];
    apply(s, w, e);
    voted = voted || e.kind == EventKind::election;
    ++w.next_event;
    ++w.tally.events;
  }
  // elections held on the same day share one preparation; it is spent once the day is over
  if (voted) w.mission.election_prep = s.params.institutions_prep_carryover;  // registers and staff partly carry over
}

}  // namespace peacesim
