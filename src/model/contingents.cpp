// Phase 4: contingents take their scheduled strength and deploy it; presence sets arrest risk.
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

// how much one person on each task counts toward arrests and deterrence (assumption, docs/ODD.md)
constexpr std::array<double, kTasks> kTaskEnforcement = {1.0, 0.5, 0.3, 0.8, 0.5, 0.6};

}  // namespace

void deploy_contingents(const Scenario& s, World& w) {
  const auto& p = s.params;
  auto& L = w.locations;
  auto& K = w.contingents;
  const std::size_t n_loc = s.locations.size();

  // who is where: residents and minority residents (not the location's majority group)
  const auto& res = L.resident;
  const auto& minority = L.minority;
  for (auto* col : {&L.police, &L.military, &L.local_police, &L.guards, &L.riot, &L.collectors, &L.enforcers})
    col->setZero();

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
    if (K.strength[k] <= 0) continue;
    double total_res = 0, total_min = 0;
    for (Index l : def.locations) total_res += res[l], total_min += minority[l];
    const double kind_weight = def.kind == ContingentKind::military       ? p.deterrence_military_weight
                               : def.kind == ContingentKind::local_police ? p.deterrence_local_police_weight
                                                                          : 1.0;
    const bool riot_capable = !def.no_riot_control;
    for (std::size_t t = 0; t < kTasks; ++t) {
      const double persons = K.strength[k] * def.posture[t];
      if (persons <= 0) continue;
      const bool protects = t == std::size_t(Task::static_guard) || t == std::size_t(Task::escort);
      for (Index l : def.locations) {
        // guards and escorts go where minorities live; everyone else where people live
        double share;
        if (protects && total_min > 0)
          share = minority[l] / total_min;
        else if (total_res > 0)
          share = res[l] / total_res;
        else
          share = 1.0 / double(def.locations.size());
        const double n = persons * share;
        if (n <= 0) continue;
        if (def.kind == ContingentKind::military)
          L.military[l] += n;
        else if (def.kind == ContingentKind::local_police)
          L.local_police[l] += n;
        else
          L.police[l] += n;
        if (t == std::size_t(Task::static_guard)) L.guards[l] += n;
        if (t == std::size_t(Task::escort)) L.guards[l] += 0.5 * n;
        if (t == std::size_t(Task::weapons_collection)) L.collectors[l] += n;
        // a caveat against riot control leaves those people on patrol duty instead
        const bool riot = t == std::size_t(Task::riot_control);
        if (riot && riot_capable) L.riot[l] += n;
        const double task_weight = riot && !riot_capable ? kTaskEnforcement[0] : kTaskEnforcement[t];
        L.enforcers[l] += n * task_weight * kind_weight * K.rigour[k];
      }
    }
    if (riot_capable && !def.no_out_of_sector)
      pool += K.coordination[k] * p.coordination_response_bonus * K.strength[k] *
              def.posture[std::size_t(Task::riot_control)];
  }
  const double all_res = res.sum();
  for (Index l = 0; l < n_loc; ++l) {
    if (all_res > 0) L.riot[l] += pool * res[l] / all_res;
    // Epstein's arrest probability from enforcers per 1000 residents
    L.p_arrest[l] = 1 - std::exp(-p.deterrence_arrest_k * per_1000(L.enforcers[l], res[l]));
  }
}

}  // namespace peacesim
