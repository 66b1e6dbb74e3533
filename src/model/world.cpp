#include "peacesim/model/world.hpp"
#include "peacesim/model/systems.hpp"

#include <cmath>
#include <sstream>

namespace peacesim {

World make_world(const Scenario& s) {
  World w;
  w.date = s.start;
  const std::size_t n_groups = s.groups.size(), n_loc = s.locations.size();

  // communities: every (location, group) with people before the war, location-major
  auto& c = w.communities;
  auto& L = w.locations;
  L.first.resize(n_loc);
  L.last.resize(n_loc);
  L.community_of = Eigen::MatrixXi::Constant(static_cast<Eigen::Index>(n_loc), static_cast<Eigen::Index>(n_groups), -1);
  for (Index l = 0; l < n_loc; ++l) {
    L.first[l] = static_cast<Index>(c.group.size());
    for (Index g = 0; g < n_groups; ++g) {
      if (s.locations[l].population[g] <= 0) continue;
      L.community_of(l, g) = static_cast<int>(c.group.size());
      c.group.push_back(g);
      c.location.push_back(l);
    }
    L.last[l] = static_cast<Index>(c.group.size());
  }
  const auto n = static_cast<Eigen::Index>(c.group.size());
  for (auto* col : {&c.prewar, &c.resident, &c.displaced, &c.refugee, &c.hardship, &c.legitimacy, &c.risk_aversion,
                    &c.fear, &c.weapons, &c.active, &c.hostile, &c.participation, &c.safety, &c.victimisation,
                    &c.revenge, &c.remembered_fear, &c.suffered, &c.committed, &c.legitimacy_international,
                    &c.legitimacy_local, &c.expectation, &c.flight_memory, &c.last_move})
    *col = Eigen::ArrayXd::Zero(n);
  c.trust = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(n_groups));
  for (Eigen::Index i = 0; i < n; ++i) {
    const Index g = c.group[i], l = c.location[i];
    const GroupDef& gd = s.groups[g];
    const double pop = s.locations[l].population[g];
    c.prewar[i] = pop;
    c.refugee[i] = pop * s.refugee_share[g];
    c.displaced[i] = pop * s.displaced_share[g];
    c.resident[i] = pop - c.refugee[i] - c.displaced[i];
    c.hardship[i] = gd.initial_hardship;
    c.legitimacy[i] = gd.initial_legitimacy;
    c.legitimacy_international[i] = gd.initial_legitimacy;  // both start where the mission's standing starts
    c.legitimacy_local[i] = gd.initial_legitimacy;
    c.expectation[i] = s.params.legitimacy_expectation_initial;
    c.risk_aversion[i] = gd.risk_aversion;
    c.fear[i] = gd.initial_fear;
    c.remembered_fear[i] = gd.initial_fear;
    c.weapons[i] = gd.initial_weapons;
    c.revenge[i] = gd.initial_revenge;
    c.safety[i] = 0.5;  // not a choice: phase 5 computes it for every community before anything reads it
    for (Index h = 0; h < n_groups; ++h) c.trust(i, h) = h == g ? 1.0 : s.initial_trust(g, h);
  }

  // locations
  for (auto* col : {&L.prewar,         &L.resident, &L.minority,   &L.housing,           &L.economy,
                    &L.capacity,       &L.courts,   &L.crime,      &L.impunity,          &L.food_cover,
                    &L.return_support, &L.dialogue, &L.police,     &L.military,          &L.local_police,
                    &L.guards,         &L.riot,     &L.collectors, &L.enforcers,         &L.p_arrest,
                    &L.incidents,      &L.murders,  &L.arrests,    &L.rolling_incidents, &L.impunity_political,
                    &L.clearance,      &L.ordinary,  &L.cooperation, &L.joint_help})
    *col = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(n_loc));
  L.deaths = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(n_loc));
  L.shock = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_loc), static_cast<Eigen::Index>(n_groups * n_groups));
  L.shock_decay = Eigen::MatrixXd::Ones(L.shock.rows(), L.shock.cols());
  w.majority.assign(n_loc, 0);
  w.group_prewar.assign(n_groups, 0.0);
  w.group_returns.assign(n_groups, 0.0);
  w.group_murdered.assign(n_groups, 0.0);
  w.group_fled.assign(n_groups, 0.0);
  w.group_turnout.assign(n_groups, 0.0);
  for (Index l = 0; l < n_loc; ++l) {
    const auto& ld = s.locations[l];
    double total = 0, best = -1;
    for (Index g = 0; g < n_groups; ++g) {
      total += ld.population[g];
      w.group_prewar[g] += ld.population[g];
      if (ld.population[g] > best) best = ld.population[g], w.majority[l] = g;
    }
    L.prewar[l] = total;
    L.housing[l] = 1.0 - ld.housing_destroyed;
    // assumptions (docs/ODD.md, "Initialisation"): a war economy, no functioning local
    // institutions or courts, organised crime entrenched, impunity complete
    L.economy[l] = s.params.initial_economy;
    L.capacity[l] = s.params.initial_capacity;
    L.courts[l] = s.params.initial_courts;
    L.crime[l] = s.params.initial_crime;
    L.impunity[l] = s.params.initial_impunity;
    L.impunity_political[l] = s.params.initial_impunity_political;
    L.cooperation[l] = s.params.institutions_cooperation_base;
  }
  w.mission.cooperation = s.params.institutions_cooperation_base;

  count_residents(w);

  // agencies: one row per function
  auto& A = w.agencies;
  for (Index a = 0; a < s.agencies.size(); ++a)
    for (const auto& f : s.agencies[a].functions) {
      A.agency.push_back(a);
      A.kind.push_back(f.kind);
      A.capacity.push_back(f.capacity);
      A.start.push_back(f.start);
      A.end.push_back(f.end);
    }
  A.belief = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(A.size()), static_cast<Eigen::Index>(n_loc));
  A.effort = A.belief;
  A.coordination = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.agencies.size()));
  for (std::size_t k = 0; k < kFunctionKinds; ++k) {
    A.kind_begin[k] = A.by_kind.size();
    for (Index f = 0; f < A.size(); ++f)
      if (static_cast<std::size_t>(A.kind[f]) == k) A.by_kind.push_back(f);
  }
  A.kind_begin[kFunctionKinds] = A.by_kind.size();
  A.claimed = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(kFunctionKinds), static_cast<Eigen::Index>(n_loc));
  A.weight.assign(n_loc, 0.0);
  // the initial picture: a needs assessment at the start, exact where it was made
  for (Index f = 0; f < A.size(); ++f)
    for (Index l = 0; l < n_loc; ++l) A.belief(f, l) = true_need(w, A.kind[f], l, s.params);

  const auto n_cont = static_cast<Eigen::Index>(s.contingents.size());
  w.contingents.strength = Eigen::ArrayXd::Zero(n_cont);
  w.contingents.coordination = Eigen::ArrayXd::Zero(n_cont);
  w.contingents.rigour = Eigen::ArrayXd::Zero(n_cont);
  w.contingents.engagement = Eigen::ArrayXd::Ones(n_cont);
  for (Index k = 0; k < s.contingents.size(); ++k)
    if (s.contingents[k].kind == ContingentKind::local_police) {
      w.mission.kps = k;
      w.mission.kps_strength = s.contingents[k].strength;
      w.mission.kps_max = s.contingents[k].max_strength;
    }

  w.cells.last_meeting.assign(s.cells.size(), Date{-(1 << 28)});
  w.cells.level = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(s.cells.size()));
  w.cells.meetings.assign(s.cells.size(), 0);
  w.mission.status_frustration.assign(n_groups, 0.0);
  w.mission.status_resolved.assign(n_groups, 0);

  // the strikes each community can make, in the order resolve_incidents draws them (ADR 0016)
  w.strike_begin.assign(static_cast<std::size_t>(n) * n_groups + 1, 0);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Index g = c.group[i], l = c.location[i];
    for (Index h = 0; h < n_groups; ++h) {
      w.strike_begin[static_cast<std::size_t>(i) * n_groups + h] = static_cast<std::uint32_t>(w.strike_targets.size());
      if (h == g || w.group_prewar[h] <= 0) continue;
      auto add = [&](Index target_l, bool neighbour, Index boundary) {
        const int t = L.community_of(target_l, h);
        if (t < 0) return;
        const int own_there = neighbour ? L.community_of(target_l, g) : -1;
        w.strike_targets.push_back(
            {static_cast<Index>(t), target_l, own_there, boundary, neighbour, h == w.majority[target_l]});
      };
      add(l, false, kNone);
      const LocationDef& here = s.locations[l];
      for (std::size_t k = 0; k < here.neighbours.size(); ++k)
        add(here.neighbours[k], true, here.boundary_to(k));
    }
  }
  w.strike_begin.back() = static_cast<std::uint32_t>(w.strike_targets.size());
  w.boundary_guard.assign(s.boundaries.size(), 0.0);
  return w;
}

void count_residents(World& w) {
  auto& L = w.locations;
  const auto& c = w.communities;
  L.resident.setZero();
  L.minority.setZero();
  for (std::size_t i = 0; i < c.size(); ++i) {
    L.resident[c.location[i]] += c.resident[i];
    if (c.group[i] != w.majority[c.location[i]]) L.minority[c.location[i]] += c.resident[i];
  }
}

std::string check_invariants(const Scenario& s, const World& w) {
  std::ostringstream out;
  const auto& c = w.communities;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const auto bad_share = [&](double v) { return !(v >= 0.0 && v <= 1.0); };
    const std::string who = s.groups[c.group[i]].id + "@" + s.locations[c.location[i]].id;
    if (!(c.resident[i] >= -1e-6 && c.displaced[i] >= -1e-6 && c.refugee[i] >= -1e-6))
      return out << "negative population in " << who, out.str();
    const double total = c.resident[i] + c.displaced[i] + c.refugee[i];
    if (std::abs(total - c.prewar[i]) > 1e-6 * std::max(1.0, c.prewar[i]))
      return out << "population not conserved in " << who << ": " << total << " vs " << c.prewar[i], out.str();
    for (double v : {c.hardship[i], c.legitimacy[i], c.fear[i], c.remembered_fear[i], c.weapons[i], c.active[i],
                     c.participation[i], c.legitimacy_international[i], c.legitimacy_local[i], c.expectation[i]})
      if (bad_share(v)) return out << "share outside [0,1] in " << who << ": " << v, out.str();
    for (Eigen::Index h = 0; h < c.trust.cols(); ++h)
      if (bad_share(c.trust(static_cast<Eigen::Index>(i), h)))
        return out << "trust outside [0,1] in " << who, out.str();
  }
  const auto& L = w.locations;
  for (std::size_t l = 0; l < L.size(); ++l)
    for (double v : {L.housing[l], L.economy[l], L.capacity[l], L.courts[l], L.crime[l], L.impunity[l],
                     L.impunity_political[l], L.clearance[l], L.p_arrest[l], L.cooperation[l]})
      if (!(v >= 0.0 && v <= 1.0)) return out << "location state outside [0,1] in " << s.locations[l].id, out.str();
  return {};
}

}  // namespace peacesim
