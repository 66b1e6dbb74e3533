// Phase 5: communities update hardship, legitimacy and fear.
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

      // legitimacy of the mission and its institutions: security, services, justice (both impunities), organised
      // crime (corruption, capture), voice
      const double target_l = clamp01(
          s.groups[g].initial_legitimacy + p.legitimacy_weight_security * (c.safety[i] - 0.5) +
          p.legitimacy_weight_services * (services - 0.5) +
          p.legitimacy_weight_justice * (0.5 - 0.5 * (L.impunity[l] + L.impunity_political[l])) +
          p.legitimacy_weight_crime * (0.5 - L.crime[l]) + p.legitimacy_weight_participation * c.participation[i] -
          p.legitimacy_weight_victimisation * c.victimisation[i] -
          p.legitimacy_weight_status * w.mission.status_frustration[g] -
          (is_majority ? p.legitimacy_weight_resistance * resistance : 0.0));
      c.legitimacy[i] = clamp01(relax(c.legitimacy[i], target_l, p.community_legitimacy_tau, dt));

      // fear settles toward what insecurity alone sustains (attacks add to it in phase 6)
      c.fear[i] = clamp01(relax(c.fear[i], p.community_fear_insecurity * (1 - c.safety[i]), p.community_fear_tau, dt));
    }
  }
}

}  // namespace peacesim
