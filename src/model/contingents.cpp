// Phase 4: contingents take their scheduled strength and deploy it; presence sets arrest risk.
// Reads: the scenario's contingents (with their national priorities) and strategy, coordination
// levels and the joint-operations cells' levels (phase 2), residents and minorities, scripted and
// flashpoint shocks (L.shock, yesterday's). Writes: strength, effective rigour, engagement, and per
// location the presence of military, police and local police, guards, riot control, weapons
// collectors, enforcers, the arrest probability and the joint operations help that has arrived.
#include <algorithm>
#include <array>
#include <cmath>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

namespace {

/// Strength on a date: 0 outside [arrival, departure), then linear between schedule points.
double scheduled_strength(const ContingentDef& k, Date d) {
  if (d < k.arrival || d >= k.departure) return 0;
  Date prev_date = k.arrival;
  double prev = k.strength;
  for (const auto& pt : k.schedule) {
    if (d < pt.date) {
      const double span = pt.date - prev_date;
      return span <= 0 ? pt.strength : prev + (pt.strength - prev) * double(d - prev_date) / span;
    }
    prev_date = pt.date;
    prev = pt.strength;
  }
  return prev;
}

// how much one person on each task counts toward arrests and deterrence (registry: deterrence.task_*)
std::array<double, kTasks> task_enforcement(const Parameters& p) {
  std::array<double, kTasks> t{};
  t[std::size_t(Task::patrol)] = p.deterrence_task_patrol;
  t[std::size_t(Task::static_guard)] = p.deterrence_task_guard;
  t[std::size_t(Task::escort)] = p.deterrence_task_escort;
  t[std::size_t(Task::checkpoint)] = p.deterrence_task_checkpoint;
  t[std::size_t(Task::weapons_collection)] = p.deterrence_task_weapons;
  t[std::size_t(Task::riot_control)] = p.deterrence_task_riot;
  return t;
}

/// Each location's call on reserves: 0 unless its summed shock `danger` is above `threshold`, then the
/// residents the mobilised groups are against, each weighted by its shock, times the share of the shock
/// above the threshold; normalised to sum 1 (all 0 when none calls). Returns the sum before normalising.
double flashpoint_calls(const Scenario& s, const World& w, double threshold, std::vector<double>& out) {
  const auto& L = w.locations;
  const std::size_t n_loc = s.locations.size();
  out.assign(n_loc, 0.0);
  if (L.shock.cols() == 0) return 0;
  const auto ng = static_cast<Eigen::Index>(s.groups.size());
  const auto& c = w.communities;
  const auto& danger = w.scratch.danger;
  double total = 0;
  for (Index l = 0; l < n_loc; ++l) {
    const auto row = static_cast<Eigen::Index>(l);
    const double m = danger[l];
    if (m <= threshold) continue;
    double threatened = 0;  // residents of group h, weighted by the shock of any group g against h
    for (Eigen::Index h = 0; h < ng; ++h) {
      const int i = L.community_of(row, h);
      if (i < 0) continue;
      double against = 0;
      for (Eigen::Index g = 0; g < ng; ++g) against += L.shock(row, g * ng + h);
      threatened += against * c.resident[static_cast<std::size_t>(i)];
    }
    total += out[l] = (m - threshold) / m * threatened;
  }
  if (total > 0)
    for (double& f : out) f /= total;
  return total;
}

}  // namespace

void deploy_contingents(const Scenario& s, World& w) {
  const auto& p = s.params;
  const auto kTaskEnforcement = task_enforcement(p);
  auto& L = w.locations;
  auto& K = w.contingents;
  const std::size_t n_loc = s.locations.size();

  // who is where: residents and minority residents (not the location's majority group)
  const auto& res = L.resident;
  const auto& minority = L.minority;
  for (auto* col : {&L.police, &L.military, &L.local_police, &L.guards, &L.riot, &L.collectors, &L.enforcers})
    col->setZero();
  std::fill(w.boundary_guard.begin(), w.boundary_guard.end(), 0.0);

  // each location's danger, its mobilisation: the summed shock (national priorities, ADR 0022, and
  // the reserves rule, ADR 0020, read it)
  auto& danger = w.scratch.danger;
  danger.assign(n_loc, 0.0);
  if (L.shock.cols() > 0)
    for (Index l = 0; l < n_loc; ++l) danger[l] = L.shock.row(static_cast<Eigen::Index>(l)).sum();

  // Strategy rule (ADR 0020, off unless the scenario writes it): reserves go where groups are
  // mobilised (summed shock above the threshold), in proportion to the residents the mobilised
  // groups are against, each weighted by its shock, times the share of the shock above the threshold.
  const StrategyRule& reserves = s.strategy.reserves_to_flashpoints;
  auto& focus = w.scratch.reserve_focus;
  focus.assign(n_loc, 0.0);
  const double focus_total = reserves.enabled && !(w.date < reserves.from)
                                 ? flashpoint_calls(s, w, p.strategy_mobilisation_threshold, focus)
                                 : 0.0;
  // the same calls, at the joint operations centre's threshold, draw the coordinated pool (ADR 0025)
  auto& call = w.scratch.joint_call;
  flashpoint_calls(s, w, p.coordination_call_threshold, call);

  // who shares the joint operations centre's picture (ADR 0025): each contingent at the level of the
  // freshest joint-operations cell it is a member of (its quality, faded since the last meeting), with
  // that cell's delay; per location, the forces present weighted by it
  auto& level = w.scratch.joint_level;
  auto& delay = w.scratch.joint_delay;
  level.assign(s.contingents.size(), 0.0);
  delay.assign(s.contingents.size(), 0.0);
  for (Index c = 0; c < s.cells.size(); ++c) {
    const CellDef& cell = s.cells[c];
    if (cell.kind != CellKind::joint_operations) continue;
    for (Index k : cell.contingents)
      if (w.cells.level[c] > level[k]) level[k] = w.cells.level[c], delay[k] = cell.delay_days;
  }
  auto& shared = w.scratch.shared;
  auto& shared_delay = w.scratch.shared_delay;
  shared.assign(n_loc, 0.0);
  shared_delay.assign(n_loc, 0.0);
  const bool redeploy = focus_total > 0;

  // the share of a contingent's guards, riot control and enforcement it commits at danger d: force
  // protection holds back up to its weight, half of it at d = priorities.danger_half
  auto engaged = [&](double protection, double d) {
    return protection > 0 ? 1 - protection * d / (d + p.priorities_danger_half) : 1.0;
  };

  double pool = 0;  // riot-control reach that coordination lets move across sectors
  for (Index k = 0; k < s.contingents.size(); ++k) {
    const ContingentDef& def = s.contingents[k];
    K.strength[k] = def.kind == ContingentKind::local_police ? (w.date >= def.arrival ? w.mission.kps_strength : 0)
                                                             : scheduled_strength(def, w.date);
    // coordination pulls national rigour toward the mission standard
    K.rigour[k] = def.rigour + K.coordination[k] * (p.deterrence_mission_rigour - def.rigour);
    // a fresh rotation does not yet know the ground: enforcement dips, then recovers
    Date last_rotation{-(1 << 28)};
    for (Date r : def.rotations)
      if (r <= w.date) last_rotation = r;
    if (last_rotation.days > -(1 << 28))
      K.rigour[k] *= 1 - p.deterrence_rotation_dip *
                             std::exp(-double(w.date - last_rotation) / p.deterrence_rotation_recovery_days);
    K.engagement[k] = 1;
    if (K.strength[k] <= 0) continue;
    double total_res = 0, total_min = 0;
    for (Index l : def.locations) total_res += res[l], total_min += minority[l];
    const double kind_weight = def.kind == ContingentKind::military       ? p.deterrence_military_weight
                               : def.kind == ContingentKind::local_police ? p.deterrence_local_police_weight
                                                                          : 1.0;
    const bool riot_capable = !def.no_riot_control;
    // Guards and escorts go where minorities live, everyone else where people live: each location
    // gets a share a (of residents) or b (of minority residents) of the persons on each task. Summed
    // over the tasks, what a location receives is a few coefficients times a and b, one pass over
    // the locations instead of one per task (issue #8).
    const auto& q = def.posture;
    const double S = K.strength[k];
    constexpr auto kPatrol = std::size_t(Task::patrol), kGuard = std::size_t(Task::static_guard),
                   kEscort = std::size_t(Task::escort), kCheckpoint = std::size_t(Task::checkpoint),
                   kWeapons = std::size_t(Task::weapons_collection), kRiot = std::size_t(Task::riot_control);
    // a caveat against riot control leaves those people on patrol duty instead
    const double riot_weight = riot_capable ? kTaskEnforcement[kRiot] : kTaskEnforcement[kPatrol];
    // under the reserves rule a share of the riot-control persons of a contingent free to act out
    // of sector leaves its own locations for the mobilised ones (below)
    // national priorities yield to coordination only as far as priorities.harmonisation allows
    const double yielded = 1 - p.priorities_harmonisation * K.coordination[k];
    const double protection = def.protection_priority * yielded, home_first = def.sector_priority * yielded;
    const double sent =
        redeploy && riot_capable && !def.no_out_of_sector ? reserves.share * (1 - home_first) : 0.0;
    const double riot_sent = S * q[kRiot] * sent;
    const double on_b = S * (q[kGuard] + q[kEscort]);
    const double on_a = S * (q[kPatrol] + q[kCheckpoint] + q[kWeapons] + q[kRiot] * (1 - sent));
    const double guards_b = S * (q[kGuard] + p.deterrence_escort_guard * q[kEscort]);
    const double collectors_a = S * q[kWeapons];
    const double riot_a = riot_capable ? S * (q[kRiot] * (1 - sent)) : 0.0;
    const double enforce = S * kind_weight * K.rigour[k];
    const double enforcers_b = enforce * (q[kGuard] * kTaskEnforcement[kGuard] + q[kEscort] * kTaskEnforcement[kEscort]);
    const double enforcers_a =
        enforce * (q[kPatrol] * kTaskEnforcement[kPatrol] + q[kCheckpoint] * kTaskEnforcement[kCheckpoint] +
                   q[kWeapons] * kTaskEnforcement[kWeapons] + q[kRiot] * (1 - sent) * riot_weight);
    Eigen::ArrayXd& presence = def.kind == ContingentKind::military       ? L.military
                               : def.kind == ContingentKind::local_police ? L.local_police
                                                                          : L.police;
    const double uniform = 1.0 / double(def.locations.size());
    const double per_res = total_res > 0 ? 1.0 / total_res : 0.0, per_min = total_min > 0 ? 1.0 / total_min : 0.0;
    double engagement = 0;  // resident-weighted mean of e over its locations
    for (Index l : def.locations) {
      const double a = total_res > 0 ? res[l] * per_res : uniform;
      const double b = total_min > 0 ? minority[l] * per_min : a;
      const double e = engaged(protection, danger[l]);  // present, but holding back
      engagement += a * e;
      const double here = on_b * b + on_a * a;
      presence[l] += here;
      shared[l] += here * level[k];
      shared_delay[l] += here * level[k] * delay[k];
      L.guards[l] += guards_b * b * e;
      L.collectors[l] += collectors_a * a;
      L.riot[l] += riot_a * a * e;
      L.enforcers[l] += (enforcers_b * b + enforcers_a * a) * e;
    }
    K.engagement[k] = protection > 0 ? engagement : 1.0;
    // guarded boundaries (ADR 0024): the checkpoint persons it posts at a boundary's two locations,
    // less what force protection holds back there, stand on that boundary while its watch lasts
    for (Index b = 0; b < s.boundaries.size(); ++b)
      for (const BoundaryGuardDef& g : s.boundaries[b].guards) {
        if (g.contingent != k || w.date < g.from || !(w.date < g.to)) continue;
        for (int side = 0; side < 2; ++side) {
          if (!g.at[side]) continue;
          const Index l = s.boundaries[b].between[side];
          const double a = total_res > 0 ? res[l] * per_res : uniform;
          w.boundary_guard[b] += S * q[kCheckpoint] * a * engaged(protection, danger[l]);
        }
      }
    if (sent > 0) {
      const double enforcers_sent = enforce * q[kRiot] * sent * riot_weight;
      for (Index l = 0; l < n_loc; ++l) {
        if (focus[l] <= 0) continue;
        const double e = engaged(protection, danger[l]);
        presence[l] += riot_sent * focus[l];
        shared[l] += riot_sent * focus[l] * level[k];
        shared_delay[l] += riot_sent * focus[l] * level[k] * delay[k];
        L.riot[l] += riot_sent * focus[l] * e;
        L.enforcers[l] += enforcers_sent * focus[l] * e;
      }
    }
    // joint operations: what coordination lets cross sectors, less what the sector's interest keeps home
    if (riot_capable && !def.no_out_of_sector)
      pool += K.coordination[k] * p.coordination_response_bonus * K.strength[k] *
              def.posture[std::size_t(Task::riot_control)] * (1 - home_first);
  }
  // The joint operations centre (ADR 0025): a location that calls gets its share of the pool only as
  // fast as the centre responds. Its help builds up at 1/T, T = response_days / picture + delay, where
  // the picture is how far the forces present share the centre's (their cells' level); a location
  // that no longer calls loses its share at once, and the head start fades over withdraw_days. What
  // has not reached the flashpoints stays spread by residents.
  const double all_res = res.sum();
  const double dt = s.tick_days;
  double at_flashpoints = 0;  // share of the pool that has reached the calling locations
  for (Index l = 0; l < n_loc; ++l) {
    if (call[l] > 0) {
      const double present = L.military[l] + L.police[l] + L.local_police[l];
      const double picture = present > 0 ? shared[l] / present : 0.0;
      const double lag = shared[l] > 0 ? shared_delay[l] / shared[l] : 0.0;
      const double T = p.coordination_response_days / std::max(picture, p.coordination_picture_floor) + lag;
      L.joint_help[l] += (1 - L.joint_help[l]) * (1 - std::exp(-dt / T));
      at_flashpoints += call[l] * L.joint_help[l];
    } else if (L.joint_help[l] > 0) {
      L.joint_help[l] *= std::exp(-dt / p.coordination_withdraw_days);
    }
  }
  const double spread = all_res > 0 ? pool * (1 - at_flashpoints) / all_res : 0.0;
  for (Index l = 0; l < n_loc; ++l) {
    L.riot[l] += spread * res[l];
    if (call[l] > 0) L.riot[l] += pool * call[l] * L.joint_help[l];
    // Epstein's arrest probability from enforcers per 1000 residents
    L.p_arrest[l] = 1 - std::exp(-p.deterrence_arrest_k * per_1000(L.enforcers[l], res[l]));
  }
}

}  // namespace peacesim
