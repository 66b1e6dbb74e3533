// Phase 8: flight and return.
//
// Reads: fear, safety, remembered fear, flight memory, housing, return support, the scenario's property
// claims and programme dates. Writes: resident, displaced, refugee, remembered fear, flight memory,
// last_move, the movement tallies, mission.unresolved_claims and mission.organised_returns.
//
// Returns are gated three ways (ADR 0017): by security (remembered fear below the flight threshold by a
// margin that widens with the community's own past flights, and a pull proportional to safety), by
// property (minority members away whose home is occupied wait for their claim, resolved at the
// directorate's pace) and by services (habitable housing, return support, organised programmes).
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
  // a community remembers for years each time it came home and had to flee again: each such re-flight
  // widens the margin of the next return
  c.flight_memory *= std::exp(-dt / p.movement_flight_memory);

  // property claims (7.8): the share still unresolved blocks those whose homes are occupied
  const auto& P = s.property;
  w.mission.unresolved_claims =
      P.present && P.claims > 0 ? clamp01(1 - count_on(P.implemented, w.date) / P.claims) : 0.0;
  w.mission.organised_returns = P.present && !(w.date < P.organised_returns);
  const double blocked = p.property_occupied_share * w.mission.unresolved_claims;
  const double programme = w.mission.organised_returns ? 1 + p.property_programme_boost : 1.0;

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
      // (those who came back before and had to flee again need a wider margin: memory of re-flights, ADR 0017)
      const double margin = p.movement_return_margin * (1 + p.movement_reflight_margin * c.flight_memory[i]);
      const double stay_away = c.prewar[i] * logistic(c.remembered_fear[i] - p.movement_flight_threshold + margin,
                                                      p.movement_flight_spread);
      if (away < want_away) {
        // flight: those whose threshold fear has passed leave; those who stay are the steadier
        flee[i] = std::min(c.resident[i], p.movement_flight_rate * dt * (want_away - away));
      } else if (away > stay_away) {
        // return: those whose threshold has fallen far enough come back, as safety and support allow
        // minorities: those whose homes are occupied wait for their claim; organised programmes help the rest
        const bool minority = c.group[i] != w.majority[l];
        const double pull = c.safety[i] * (1 + p.agency_returns_support * L.return_support[l]) *
                            (minority ? programme : 1.0);
        const double ready = (away - stay_away) * (minority ? 1 - blocked : 1.0);
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
      // flight memory and the direction of the community's net movement (reversals, ADR 0017)
      // (a community that came home and is driven away again remembers it: one more re-flight)
      const double net = (from_abroad[i] + home_from_displacement[i]) * housed - flee[i];
      if (std::abs(net) >= 1.0) {
        const double dir = net > 0 ? 1.0 : -1.0;
        if (c.last_move[i] != 0 && c.last_move[i] != dir) w.reversals += 1;
        if (c.last_move[i] > 0 && dir < 0) c.flight_memory[i] += 1;
        c.last_move[i] = dir;
      }
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
