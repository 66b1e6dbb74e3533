// Phase 8: flight and return.
#include <algorithm>
#include <cmath>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

void move_people(const Scenario& s, World& w) {
  const auto& p = s.params;
  auto& c = w.communities;
  auto& L = w.locations;
  const double dt = s.tick_days;
  // the territory-wide largest group: everyone else counts as a minority for returns
  Index largest = 0;
  for (Index g = 0; g < s.groups.size(); ++g)
    if (w.group_prewar[g] > w.group_prewar[largest]) largest = g;

  // those away judge home by the worst they have heard of lately, not by today's calm: the
  // remembered fear jumps with fear and fades slowly, so a lull after an attack brings nobody back
  const double forget = std::exp(-dt / p.movement_return_memory);
  c.remembered_fear = c.fear.max(c.remembered_fear * forget);

  std::fill(w.group_fled.begin(), w.group_fled.end(), 0.0);
  auto& flee = w.scratch.flee;
  auto& from_abroad = w.scratch.from_abroad;
  auto& home_from_displacement = w.scratch.home_from_displacement;
  flee.resize(c.size());
  from_abroad.resize(c.size());
  home_from_displacement.resize(c.size());
  for (Index l = 0; l < L.size(); ++l) {
    const double res = L.resident[l];
    // returns are limited by habitable housing (families double up to a point)
    const double room = std::max(0.0, L.housing[l] * L.prewar[l] * p.movement_crowding - res);
    double wanting = 0;
    for (Index i = L.first[l]; i < L.last[l]; ++i) {
      // each member has a fear threshold past which they would rather be away; with thresholds
      // spread logistically, fear F wants the share logistic(F - threshold) of the community away
      const double want_away =
          c.prewar[i] * logistic(c.fear[i] - p.movement_flight_threshold, p.movement_flight_spread);
      const double away = c.refugee[i] + c.displaced[i];
      flee[i] = from_abroad[i] = home_from_displacement[i] = 0;
      // who fled comes back only once the remembered fear has fallen well below what made them
      // leave (a margin, so that swings of fear do not send the same people away and back)
      const double stay_away =
          c.prewar[i] * logistic(c.remembered_fear[i] - p.movement_flight_threshold + p.movement_return_margin,
                                 p.movement_flight_spread);
      if (away < want_away) {
        // flight: those whose threshold fear has passed leave; those who stay are the steadier
        flee[i] = std::min(c.resident[i], p.movement_flight_rate * dt * (want_away - away));
      } else if (away > stay_away) {
        // return: those whose threshold has fallen far enough come back, as safety and support allow
        const double pull = c.safety[i] * (1 + p.agency_returns_support * L.return_support[l]);
        const double ready = away - stay_away;
        from_abroad[i] = std::min(c.refugee[i], p.movement_return_rate * dt * pull * ready * c.refugee[i] / away);
        home_from_displacement[i] =
            std::min(c.displaced[i], p.movement_displaced_return_rate * dt * pull * ready * c.displaced[i] / away);
      }
      wanting += from_abroad[i] + home_from_displacement[i];
    }
    const double housed = wanting > room ? room / wanting : 1.0;
    for (Index i = L.first[l]; i < L.last[l]; ++i) {
      const double abroad = s.groups[c.group[i]].flight_abroad_share;
      // returnees without a habitable home stay displaced inside the territory
      c.resident[i] += from_abroad[i] * housed + home_from_displacement[i] * housed - flee[i];
      c.refugee[i] += flee[i] * abroad - from_abroad[i];
      c.displaced[i] += flee[i] * (1 - abroad) + from_abroad[i] * (1 - housed) - home_from_displacement[i] * housed;
      c.resident[i] = std::max(0.0, c.resident[i]);
      c.refugee[i] = std::max(0.0, c.refugee[i]);
      c.displaced[i] = std::max(0.0, c.displaced[i]);
      w.tally.returns += from_abroad[i];
      w.group_returns[c.group[i]] += from_abroad[i];
      w.tally.displaced_returned += home_from_displacement[i] * housed;
      w.tally.fled += flee[i];
      w.group_fled[c.group[i]] += flee[i];
      if (c.group[i] != largest) w.tally.minority_returns += (from_abroad[i] + home_from_displacement[i]) * housed;
    }
  }
  count_residents(w);
  w.cumulative_returns += w.tally.returns;
  w.cumulative_minority_returns += w.tally.minority_returns;
}

}  // namespace peacesim
