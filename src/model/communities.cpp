// Phase 5: communities update hardship, the two legitimacies (and their mix), expectations and fear.
//
// Reads: housing, food cover, economy, capacity, both impunities, organised crime, arrest risk and guards
// (phases 2-4, 7); last tick's hostility, victimisation and participation; handed-over competencies and
// status frustration (phases 1, 7). Writes: safety, hardship, legitimacy_international, legitimacy_local,
// legitimacy, expectation, fear.
#include <algorithm>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

void update_communities(const Scenario& s, World& w) {
  const auto& p = s.params;
  auto& c = w.communities;
  const auto& L = w.locations;
  const double dt = s.tick_days;
  for (Index l = 0; l < L.size(); ++l) {
    const double res = L.resident[l], minority = L.minority[l];
    // living conditions of the location
    const double homeless = res > 0 ? std::max(0.0, res - L.housing[l] * L.prewar[l]) / res : 0;
    const double food_gap = p.community_food_insecurity * (1 - L.economy[l]) * (1 - L.food_cover[l]);
    const double services = (L.food_cover[l] + L.housing[l] + L.economy[l] + L.capacity[l]) / 4;
    // local institutions that outgrow the competencies handed to them resist UN supervision
    const double resistance = clamp01((L.capacity[l] - w.mission.competencies) / p.institutions_resistance_gap);
    const double handed = clamp01(w.mission.competencies);
    const double guards_per_1000_minority = per_1000(L.guards[l], minority);
    // threat: the share of the location's residents hostile toward other groups (last tick), minus one's own
    double hostile_all = 0;
    for (Index i = L.first[l]; i < L.last[l]; ++i) hostile_all += c.hostile[i] * c.resident[i];

    for (Index i = L.first[l]; i < L.last[l]; ++i) {
      const Index g = c.group[i];
      const bool is_majority = g == w.majority[l];
      // safety: hostile neighbours threaten; arrest risk deters them and static guards shield minorities
      const double threat =
          res > 0 ? clamp01((hostile_all - c.hostile[i] * c.resident[i]) / res / p.community_threat_saturation) : 0;
      const double shield = is_majority ? 1.0 : 1.0 / (1.0 + p.violence_guard_protection * guards_per_1000_minority);
      c.safety[i] = 1 - (1 - L.p_arrest[l]) * threat * shield;

      // hardship: housing, food, economy, displacement
      const double here = c.resident[i] + c.displaced[i];
      const double displaced_share = here > 0 ? c.displaced[i] / here : 0;
      const double target_h =
          clamp01(p.community_weight_housing * homeless + p.community_weight_food * food_gap +
                  p.community_weight_economy * (1 - L.economy[l]) + p.community_weight_displacement * displaced_share);
      c.hardship[i] = clamp01(relax(c.hardship[i], target_h, p.community_hardship_tau, dt));

      // two legitimacies (7.13, ADR 0018): of the international administration (UNMIK) and of the
      // local institutions (the PISG from 2001). Both are judged on security, justice (both impunities),
      // organised crime (corruption, capture), voice and victimisation. Services are judged against what
      // the community has come to expect, and credited to whoever holds the competencies: the local
      // institutions in the share handed over, the administration in the rest. The unresolved status
      // weighs mostly on the administration that holds the question, and the majority blames it where
      // local institutions outgrow the competencies handed to them.
      const double common =
          s.groups[g].initial_legitimacy + p.legitimacy_weight_security * (c.safety[i] - 0.5) +
          p.legitimacy_weight_justice * (0.5 - 0.5 * (L.impunity[l] + L.impunity_political[l])) +
          p.legitimacy_weight_crime * (0.5 - L.crime[l]) + p.legitimacy_weight_participation * c.participation[i] -
          p.legitimacy_weight_victimisation * c.victimisation[i];
      const double service_gain = p.legitimacy_weight_services * (services - c.expectation[i]);
      const double frustration = w.mission.status_frustration[g];
      const double target_int = clamp01(common + (1 - handed) * service_gain -
                                        p.legitimacy_weight_status * frustration -
                                        (is_majority ? p.legitimacy_weight_resistance * resistance : 0.0));
      const double target_loc = clamp01(common + handed * service_gain - p.legitimacy_weight_status_local * frustration);
      c.legitimacy_international[i] =
          clamp01(relax(c.legitimacy_international[i], target_int, p.community_legitimacy_tau, dt));
      c.legitimacy_local[i] = clamp01(relax(c.legitimacy_local[i], target_loc, p.community_legitimacy_tau, dt));
      // the one legitimacy the rest of the model reads (grievance, turnout, stability): the two mixed by who
      // governs, the local institutions in the share of competencies handed over
      c.legitimacy[i] = clamp01((1 - handed) * c.legitimacy_international[i] + handed * c.legitimacy_local[i]);
      // expectations rise toward the services delivered, and a margin above them
      c.expectation[i] = clamp01(
          relax(c.expectation[i], std::min(1.0, services + p.legitimacy_expectation_margin), p.legitimacy_expectation_tau, dt));

      // fear settles toward what insecurity alone sustains (attacks add to it in phase 6)
      c.fear[i] = clamp01(relax(c.fear[i], p.community_fear_insecurity * (1 - c.safety[i]), p.community_fear_tau, dt));
    }
  }
}

}  // namespace peacesim
