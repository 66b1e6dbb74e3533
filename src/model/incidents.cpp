// Phase 6: unrest against authority and inter-ethnic incidents.
//
// Reads: grievance inputs (hardship, legitimacy), arrest risk, guards and riot control (phase 4),
// weapons, fear, revenge, trust, residents, impunities (phase 7 of the last tick), scripted and
// flashpoint shocks. Writes: active and hostile shares, riots, rioters and dispersals, incidents,
// murders, deaths and ordinary homicides per location, the incident pairs, committed and suffered
// attacks, fear, victimisation, revenge, trust damage, flashpoint shocks, homes burned, and the
// rolling incident window and cumulative counts. Consequences are applied after all draws, so the
// order communities are visited in does not matter (draws are keyed by community and stream).
//
// Epstein (2002, "Modeling civil violence: an agent-based computational approach", PNAS 99:7243)
// makes an agent active when grievance G = H(1 - L) minus net risk R*P exceeds a threshold T.
// A community here is many such agents; with thresholds spread logistically around T, the
// share active is logistic((G - R*P - T) / spread): the mean-field form of Model I. Model II's
// communal violence becomes hostility toward another group (distrust times fear and grievance,
// plus impunity, revenge and scripted shocks), deterred by the same arrest risk and shielded
// by static guards. Incidents are Poisson draws from the resulting rates, keyed by
// (seed, tick, community, stream), so they do not depend on the order communities are visited.
// A lethal incident kills 1 + a geometric number of persons (more in a mob); a riot's crowd is
// counted in persons and riot control disperses it or fails to, and a dispersed crowd kills nobody
// (ADR 0021). Sizes are drawn only for incidents that happen, from the same community's stream.
// Attacks burn the targets' homes (violence.arson dwellings each, times a mob's mobilisation; ADR 0017).
// Across a guarded boundary (the Ibar bridges, an enclave's perimeter) attacks and a flashpoint's
// mobilisation reach only as far as the guard on duty there lets them (ADR 0024).
// A community's attacks are one Poisson draw of its summed strike rates, split over the strikes
// only when it is not 0 (the same law as a draw per strike, at a fraction of the cost: ADR 0011).
#include <algorithm>
#include <cmath>

#include "peacesim/core/draws.hpp"
#include "peacesim/core/rng.hpp"
#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

namespace {

/// Riot control disperses a crowd with probability k r / (1 + k r), r = riot-control persons per person of
/// the crowd, k = unrest.dispersal: riots (ADR 0021) and mobs' attacks (ADR 0027) alike. A uniform is drawn
/// only when there is riot control to do it.
bool dispersed(CounterRng& rng, double k, double riot, int crowd) {
  const double force = k * riot / crowd;
  return force > 0 && rng.uniform() * (1 + force) < force;
}

}  // namespace

void resolve_incidents(const Scenario& s, World& w, std::uint64_t seed) {
  const auto& p = s.params;
  auto& c = w.communities;
  auto& L = w.locations;
  const std::size_t ng = s.groups.size();
  const double dt = s.tick_days;
  const auto tick = static_cast<std::uint32_t>(w.tick);

  // memories fade; scripted shocks decay
  const double fade = std::exp(-dt / p.violence_revenge_tau);
  c.victimisation *= fade;
  c.revenge *= fade;
  L.shock = L.shock.cwiseProduct(L.shock_decay);
  c.suffered.setZero();
  c.committed.setZero();
  L.incidents.setZero();
  L.murders.setZero();
  L.deaths.setZero();
  L.ordinary.setZero();
  w.pairs.clear();
  std::fill(w.group_murdered.begin(), w.group_murdered.end(), 0.0);

  const auto& res = L.resident;
  const auto& minority = L.minority;
  // per-location factors of every attack there, once per tick: riot control shortens and contains
  // incidents; presence where the targets live intercepts attacks before they happen
  auto& x = w.scratch;
  x.riot_damp.resize(L.size());
  x.exposure.resize(L.size());
  for (Index l = 0; l < L.size(); ++l) {
    x.riot_damp[l] = 1.0 / (1.0 + p.deterrence_riot_damping * per_1000(L.riot[l], res[l]));
    x.exposure[l] = x.riot_damp[l] * (1 - p.violence_interception * L.p_arrest[l]);
  }
  const double rate_dt = p.violence_attack_rate * dt;
  const double k_strength = p.violence_strength_exponent;

  for (Index i = 0; i < c.size(); ++i) {
    c.active[i] = 0;
    c.hostile[i] = 0;
    if (c.resident[i] < 1) continue;
    const Index g = c.group[i], l = c.location[i];
    const double grievance = c.hardship[i] * (1 - c.legitimacy[i]);
    const double net_risk = c.risk_aversion[i] * L.p_arrest[l];

    // Model I: unrest against the mission and its institutions
    CounterRng unrest_rng(seed, tick, i, Stream::unrest);
    c.active[i] = logistic(grievance - net_risk - p.unrest_threshold, p.unrest_heterogeneity);
    const int riots =
        poisson(unrest_rng, p.unrest_incident_rate * c.active[i] * c.resident[i] / 1000 * x.riot_damp[l] * dt);
    if (riots > 0) {
      L.incidents[l] += riots;
      c.committed[i] += riots;
      w.tally.riots += riots;
      // each crowd is counted in persons: a Poisson share of the active members turns out; riot control
      // disperses it with a chance rising with riot-control persons per rioter, and a dispersed crowd
      // kills nobody; one that is not dispersed kills with unrest.lethality, 1 + a geometric number
      const double turnout = p.unrest_turnout * c.active[i] * c.resident[i];
      for (int r = 0; r < riots; ++r) {
        const int rioters = 1 + poisson(unrest_rng, turnout);
        w.tally.rioters += rioters;
        if (dispersed(unrest_rng, p.unrest_dispersal, L.riot[l], rioters)) {
          ++w.tally.riots_dispersed;
          continue;
        }
        if (p.unrest_lethality > 0 && unrest_rng.uniform() < p.unrest_lethality) {
          L.murders[l] += 1;
          L.deaths[l] += 1 + geometric(unrest_rng, p.unrest_extra_deaths);
        }
      }
    }

    // ordinary crime: homicide within the group, more of it where offenders go unpunished
    CounterRng crime_rng(seed, tick, i, Stream::crime);
    const int crimes = poisson(
        crime_rng, p.crime_homicide_rate / 1e5 / 365 * c.resident[i] * (1 + p.crime_lawlessness * L.impunity[l]) * dt);
    if (crimes > 0) {
      L.incidents[l] += crimes;
      L.murders[l] += crimes;
      L.deaths[l] += crimes;
      L.ordinary[l] += crimes;
      w.tally.crime_murders += crimes;
      w.group_murdered[g] += crimes;
    }

    // Model II: attacks on members of other groups, here and in neighbouring locations. First the
    // rate of every (target group, target location) strike; then one Poisson draw of their sum, split
    // over the strikes only when it is not 0 (ADR 0011).
    x.strikes.clear();
    double total = 0;
    for (Index h = 0; h < ng; ++h) {
      if (h == g || w.group_prewar[h] <= 0) continue;
      const double shock = L.shock(l, static_cast<Eigen::Index>(g * ng + h));
      const double hostility =
          (1 - c.trust(i, h)) * (p.violence_fear_weight * c.fear[i] + p.violence_grievance_weight * grievance) +
          p.violence_impunity_weight * L.impunity_political[l] + p.violence_revenge_weight * c.revenge[i] + shock;
      const double hostile = logistic(hostility - net_risk - p.violence_threshold, p.violence_heterogeneity) *
                             (p.violence_weapons_floor + (1 - p.violence_weapons_floor) * c.weapons[i]);
      c.hostile[i] = std::max(c.hostile[i], hostile);
      const double attackers_k = hostile * c.resident[i] / 1000;
      // a mob is more than its members: a scripted shock multiplies what they do
      const double mobilised = 1 + p.violence_shock_mobilisation * shock;
      if (attackers_k < 1e-9) continue;
      // The rate (docs/ODD.md): attack_rate * striking * strength * mobilised * shield * riot damping *
      // (1 - interception * P) * dt, where
      // - attackers compete for targets (a Holling type II response): a few attackers strike in
      //   proportion to their number, a crowd in proportion to the targets it can find:
      //   striking = reaching / (1 + reaching / room), room = saturation * targets / 1000;
      // - where the targets' group is the stronger, attackers act on their hostility less (they would
      //   be met by it, so a weak group's fear turns to flight and enclaves rather than attack):
      //   strength = (own / (own + targets))^k, own = attackers' group here, those next door at reach;
      // - guarded minorities are hard to reach, until a crowd overwhelms the guards: each guard holds
      //   off up to guard_capacity attackers: holding = guards / (1 + crowd / (capacity * guards)),
      //   shield = 1 / (1 + protection * 1000 * holding / minority).
      // Written over one common denominator: one division per strike instead of seven (issue #8). The
      // strikes (home, then each neighbour) are listed once by make_world (ADR 0016).
      const std::uint32_t s_end = w.strike_begin[std::size_t(i) * ng + h + 1];
      for (std::uint32_t r = w.strike_begin[std::size_t(i) * ng + h]; r < s_end; ++r) {
        const StrikeTarget& st = w.strike_targets[r];
        const Index t = st.target, target_l = st.location;
        const double targets = c.resident[t];
        if (targets < 1 || res[target_l] < 1) continue;
        const double reach = st.neighbour ? p.violence_neighbour_reach : 1.0;
        const double reaching = attackers_k * reach;
        const double own = c.resident[i] * reach + (st.own_there >= 0 ? c.resident[st.own_there] : 0.0);
        const double room = p.violence_saturation * targets / 1000;
        double num = rate_dt * mobilised * x.exposure[target_l] * reaching * room;
        double den = room + reaching;
        if (k_strength == 2) {
          num *= own * own;
          den *= (own + targets) * (own + targets);
        } else if (k_strength == 1) {
          num *= own;
          den *= own + targets;
        } else if (k_strength != 0) {
          num *= std::pow(own / (own + targets), k_strength);
        }
        const double guards = L.guards[target_l];
        const double crowd = reaching * mobilised * 1000;
        if (!st.majority && guards > 0 && minority[target_l] > 0.5) {
          const double held = p.violence_guard_capacity * guards;  // holding = guards * held / (held + crowd)
          const double exposed = minority[target_l] * (held + crowd);
          num *= exposed;
          den *= exposed + p.violence_guard_protection * 1000 * guards * held;
        }
        // - a guarded boundary (ADR 0024) lets through what its guard does not stop, until a crowd
        //   overwhelms it: pass = 1 / (1 + stopping * holding), holding = G / (1 + crowd / (capacity * G))
        if (st.boundary != kNone) {
          const double on_guard = w.boundary_guard[st.boundary];
          if (on_guard > 0) {
            const double held = p.boundary_capacity * on_guard;
            num *= held + crowd;
            den *= held + crowd + p.boundary_stopping * on_guard * held;
          }
        }
        const double rate = num / den;
        if (!(rate > 1e-12)) continue;  // as small as this, no draw (and NaN never)
        // a mob's attack is a crowd: a share of the hostile members who reach, the larger the more mobilised
        // (1 - 1/mobilised: none without a shock); a lone attack is one person (ADR 0027)
        const double mob = mobilised > 1 ? p.violence_mob_turnout * (1 - 1 / mobilised) * reaching * 1000 : 0.0;
        x.strikes.push_back({target_l, t, rate, mobilised, mob});
        total += rate;
      }
    }
    if (x.strikes.empty()) continue;
    // independent Poisson counts per strike are one Poisson count of their summed rate, split
    // multinomially in proportion to the rates (split_count, in strike order)
    CounterRng rng(seed, tick, i, Stream::incidents);
    const int attacks = poisson(rng, total);
    if (attacks == 0) continue;
    split_count(
        rng, attacks, x.strikes.size(), [&](std::size_t j) { return x.strikes[j].rate; }, x.suffix,
        [&](std::size_t j, int n) {
          const Index t = x.strikes[j].target, target_l = x.strikes[j].location, h = c.group[t];
          // a mob's attacks are crowds of persons, and riot control where the targets live disperses a crowd
          // as it disperses a riot (unrest.dispersal, per riot-control person per attacker); a dispersed attack
          // is an incident that kills and burns nothing (ADR 0027). Drawn only for mobs: a lone attack is one
          // person, and riot control acts on it only through its rate (riot damping)
          int through = n;
          if (x.strikes[j].crowd > 0) {
            for (int a = 0; a < n; ++a) {
              const int crowd = 1 + poisson(rng, x.strikes[j].crowd);
              w.tally.attackers += crowd;
              // a crowd of one is a lone attacker, whom riot control does not disperse
              if (crowd > 1 && dispersed(rng, p.unrest_dispersal, L.riot[target_l], crowd)) {
                --through;
                ++w.tally.attacks_dispersed;
              }
            }
          } else {
            w.tally.attackers += n;
          }
          const int killed = binomial(rng, through, p.violence_lethality);
          // each lethal attack kills 1 + a geometric number, a mob more (ADR 0021); drawn only when one kills
          int dead = killed;
          if (killed > 0) {
            const double extra =
                p.violence_extra_deaths + p.violence_mob_extra_deaths * (x.strikes[j].mobilised - 1);
            for (int k = 0; k < killed; ++k) dead += geometric(rng, extra);
          }
          // the victims feel each death beyond the first as one more attack (fear, revenge)
          c.suffered[t] += n + (dead - killed);
          c.committed[i] += n;
          L.incidents[target_l] += n;
          L.murders[target_l] += killed;
          L.deaths[target_l] += dead;
          w.group_murdered[h] += dead;
          // attacks burn homes, a mob many more (March 2004: ADR 0017); subtracting and flooring at 0 gives the
          // same housing whatever the order of the strikes
          if (p.violence_arson > 0 && L.prewar[target_l] > 0) {
            const double before = L.housing[target_l];
            const double lost = through * p.violence_arson * x.strikes[j].mobilised * p.property_persons_per_dwelling /
                                L.prewar[target_l];
            L.housing[target_l] = std::max(0.0, before - lost);
            w.cumulative_dwellings_burned +=
                (before - L.housing[target_l]) * L.prewar[target_l] / p.property_persons_per_dwelling;
          }
          // a killing can become a flashpoint: the victims' group turns out as a mob, more likely
          // where nobody is there to stop it (the flag-day and March-2004 kind of cascade); each
          // person killed is a killing
          bool flash = false;
          if (dead > 0 && p.violence_flashpoint_probability > 0) {
            const double chance =
                1 - std::pow(1 - p.violence_flashpoint_probability * (1 - L.p_arrest[target_l]), dead);
            flash = rng.uniform() < chance;
          }
          w.pairs.push_back({i, t, double(n), double(killed), double(dead), flash});
        });
  }

  // consequences: victims fear and remember; their group nearby wants revenge; trust erodes both ways
  for (Index i = 0; i < c.size(); ++i) {
    if (c.suffered[i] <= 0) continue;
    const double rate = per_1000(c.suffered[i], c.resident[i]);
    c.victimisation[i] += rate;
    c.fear[i] = clamp01(c.fear[i] + p.community_fear_per_attack * rate);
    c.revenge[i] += rate;
    for (Index nb : s.locations[c.location[i]].neighbours) {
      const int j = L.community_of(nb, c.group[i]);
      if (j >= 0) c.revenge[j] += p.violence_neighbour_reach * rate;
    }
  }
  for (const auto& e : w.pairs) {
    const Index g_by = c.group[e.by], g_against = c.group[e.against];
    double& t1 = c.trust(e.by, g_against);
    t1 = clamp01(t1 - p.trust_incident_damage * per_1000(e.count, c.resident[e.by]) * t1);
    double& t2 = c.trust(e.against, g_by);
    t2 = clamp01(t2 - p.trust_incident_damage * per_1000(e.count, c.resident[e.against]) * t2);
  }

  // flashpoints: the victims' group nearby is mobilised against the attackers' group for a few days
  const double flash_decay = std::exp(-dt / p.violence_flashpoint_days);
  for (const auto& e : w.pairs) {
    if (!e.flashpoint) continue;
    ++w.tally.flashpoints;
    const Index victims = c.group[e.against], attackers = c.group[e.by], where = c.location[e.against];
    const auto col = static_cast<Eigen::Index>(victims * ng + attackers);
    auto mobilise = [&](Index at, double weight) {
      L.shock(at, col) += weight * p.violence_flashpoint_intensity;
      L.shock_decay(at, col) = flash_decay;
    };
    mobilise(where, 1.0);
    // across a guarded boundary the mobilisation reaches as far as the guard lets it (ADR 0024)
    const LocationDef& here = s.locations[where];
    for (std::size_t k = 0; k < here.neighbours.size(); ++k) {
      const Index b = here.boundary_to(k);
      const double on_guard = b != kNone ? w.boundary_guard[b] : 0.0;
      mobilise(here.neighbours[k], p.violence_neighbour_reach / (1 + p.boundary_stopping * on_guard));
    }
  }

  // the rolling window of incidents behind the order index
  const auto window = static_cast<Eigen::Index>(std::max(1.0, std::round(p.metrics_window_days / dt)));
  if (L.incident_ring.rows() != window) {
    L.incident_ring = Eigen::MatrixXd::Zero(window, static_cast<Eigen::Index>(L.size()));
    L.rolling_incidents.setZero();
  }
  const Eigen::Index slot = w.tick % window;
  L.rolling_incidents += (L.incidents.matrix().transpose() - L.incident_ring.row(slot)).transpose().array();
  L.incident_ring.row(slot) = L.incidents.matrix().transpose();
  for (Index l = 0; l < L.size(); ++l) {
    w.cumulative_incidents += L.incidents[l];
    w.cumulative_murders += L.murders[l];
    w.cumulative_deaths += L.deaths[l];
  }
  w.cumulative_crime_murders += w.tally.crime_murders;
}

}  // namespace peacesim
