// Phase 7: policing, courts and local institutions.
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

  for (Index l = 0; l < L.size(); ++l) {
    // arrests: each incident's perpetrators are caught with probability P
    L.arrests[l] = 0;
    const int n = static_cast<int>(L.incidents[l]);
    if (n > 0 && L.p_arrest[l] > 0) {
      CounterRng rng(seed, tick, l, Stream::arrests);
      L.arrests[l] = boost::random::binomial_distribution<int, double>(n, L.p_arrest[l])(rng);
    }
    // impunity: an offender escapes unless arrested and convicted by a court that organised crime has not captured
    const double conviction = L.p_arrest[l] * L.courts[l] * (1 - p.institutions_crime_capture * L.crime[l]);
    L.impunity[l] = clamp01(relax(L.impunity[l], 1 - conviction, p.institutions_impunity_tau, dt));
    // built capacity wears without upkeep; organised crime regrows where nobody pushes back
    const double wear = std::min(1.0, p.agency_decay * dt);
    L.economy[l] *= 1 - wear * 0.2;
    L.capacity[l] *= 1 - wear;
    L.courts[l] *= 1 - wear;
    L.crime[l] = clamp01(L.crime[l] + wear * (1 - L.crime[l]));
  }

  for (std::size_t i = 0; i < c.size(); ++i) {
    // weapons collection by contingents on that task
    const Index l = c.location[i];
    c.weapons[i] = clamp01(
        c.weapons[i] * (1 - std::min(1.0, p.deterrence_weapons_collection * per_1000(L.collectors[l], res[l]) * dt)));
    // the voice an election gave fades until the next one
    c.participation[i] *= std::exp(-dt / p.institutions_participation_tau);
  }

  // an open final status frustrates every group that has not had it settled
  for (std::size_t g = 0; g < s.groups.size(); ++g)
    if (!w.mission.status_resolved[g])
      w.mission.status_frustration[g] = clamp01(w.mission.status_frustration[g] + p.institutions_status_growth * dt);
}

}  // namespace peacesim
