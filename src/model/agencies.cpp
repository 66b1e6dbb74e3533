// Phase 3: agencies allocate capacity by believed need and deliver.
// Reads: each function's capacity, dates and picture of need (A.belief), coordination levels
// (phase 2), the true needs (A.need), the strategy's reallocation rule. Writes: effort, claimed
// work, housing, food cover, return support, economy, capacity, courts, organised crime, dialogue,
// election preparation, police graduates, and the tallies of effort and duplication.
#include <algorithm>
#include <array>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

namespace {

/// Persons (or need units) one programme unit covers per day.
double cover(FunctionKind k, const Parameters& p) {
  switch (k) {
    case FunctionKind::shelter:
      return p.agency_shelter_persons;
    case FunctionKind::food:
      return p.agency_food_persons;
    default:
      return p.agency_other_persons;
  }
}

bool located(FunctionKind k) { return k != FunctionKind::elections && k != FunctionKind::police_training; }

double residents_at(const World& w, Index l) { return w.locations.resident[l]; }

}  // namespace

double true_need(const World& w, FunctionKind kind, Index l, const Parameters& p) {
  const auto& c = w.communities;
  const auto& L = w.locations;
  switch (kind) {
    case FunctionKind::shelter:
      return (1 - L.housing[l]) * L.prewar[l];
    case FunctionKind::returns: {
      double away = 0;
      for (Index i = L.first[l]; i < L.last[l]; ++i) away += c.refugee[i] + c.displaced[i];
      return away;
    }
    case FunctionKind::food:
      return residents_at(w, l) * p.community_food_insecurity * (1 - L.economy[l]);
    case FunctionKind::development:
      return residents_at(w, l) * (1 - L.economy[l]);
    case FunctionKind::institutions:
      return residents_at(w, l) * (1 - L.capacity[l]);
    case FunctionKind::justice:
      return residents_at(w, l) * (1 - L.courts[l]);
    case FunctionKind::crime:
      return residents_at(w, l) * L.crime[l];
    case FunctionKind::dialogue: {
      // distrust weighted by how mixed the location is
      const double res = residents_at(w, l);
      if (res <= 0) return 0;
      double need = 0;
      for (Index i = L.first[l]; i < L.last[l]; ++i)
        for (Index j = L.first[l]; j < L.last[l]; ++j)
          if (i != j) need += c.resident[i] * (c.resident[j] / res) * (1 - c.trust(i, c.group[j]));
      return need;
    }
    case FunctionKind::elections:
    case FunctionKind::police_training:
      return 0;
  }
  return 0;
}

namespace {

/// strategy.effort_to_unmet_needs (ADR 0020): a share of what each located function of an agency
/// could not usefully spend yesterday goes, today, to the agency's located functions that had need
/// left over, in proportion to that need (in programme units). Fills w.scratch.extra; false (and
/// nothing moved) when the rule is off or not yet in force.
bool reallocation_extra(const Scenario& s, World& w) {
  const StrategyRule& rule = s.strategy.effort_to_unmet_needs;
  const auto& A = w.agencies;
  auto& x = w.scratch;
  if (!rule.enabled || w.date < rule.from) return false;
  if (x.unspent.size() != A.size()) {
    // first day in force: nothing is known of yesterday yet
    x.unspent.assign(A.size(), 0.0);
    x.unmet.assign(A.size(), 0.0);
    x.extra.assign(A.size(), 0.0);
    return true;
  }
  const std::size_t n_agencies = A.coordination.size();
  for (std::size_t a = 0; a < n_agencies; ++a) {
    double spare = 0, unmet = 0;
    for (Index f = 0; f < A.size(); ++f)
      if (A.agency[f] == a && located(A.kind[f])) spare += x.unspent[f], unmet += x.unmet[f];
    for (Index f = 0; f < A.size(); ++f)
      if (A.agency[f] == a)
        x.extra[f] = located(A.kind[f]) && unmet > 0 ? rule.share * spare * x.unmet[f] / unmet : 0.0;
  }
  for (Index f = 0; f < A.size(); ++f) x.unspent[f] = x.unmet[f] = 0;  // refilled by today's allocation
  return true;
}

}  // namespace

void run_agencies(const Scenario& s, World& w) {
  const auto& p = s.params;
  auto& A = w.agencies;
  auto& L = w.locations;
  const std::size_t n_loc = s.locations.size();
  const double dt = s.tick_days;
  A.effort.setZero();
  L.food_cover.setZero();
  L.return_support.setZero();
  L.dialogue.setZero();

  // allocation: each active function spreads its capacity over locations in proportion to the
  // need it believes in; a coordinated agency subtracts what coordinated partners already cover
  Eigen::MatrixXd& claimed = A.claimed;
  claimed.setZero();
  std::vector<double>& weight = A.weight;
  const bool reallocate = reallocation_extra(s, w);
  for (Index f = 0; f < A.size(); ++f) {
    if (w.date < A.start[f] || w.date > A.end[f] || A.capacity[f] <= 0) continue;
    const FunctionKind kind = A.kind[f];
    const auto k = static_cast<Eigen::Index>(kind);
    const double coord = A.coordination[A.agency[f]];
    if (kind == FunctionKind::elections) {
      w.mission.election_prep += p.agency_election_prep_rate * A.capacity[f] * dt * (1 - w.mission.election_prep);
      continue;
    }
    if (kind == FunctionKind::police_training) {
      // the police school graduates cadets as fast as international police can field-train them
      if (w.mission.kps == kNone || w.date < s.contingents[w.mission.kps].arrival) continue;
      double international = 0;
      for (Index c = 0; c < s.contingents.size(); ++c)
        if (s.contingents[c].kind == ContingentKind::police || s.contingents[c].kind == ContingentKind::formed_police)
          international += w.contingents.strength[c];
      const double mentoring =
          std::min(1.0, international / std::max(1e-9, p.agency_mentors_per_cadet_day * A.capacity[f]));
      const double graduates =
          std::min(A.capacity[f] * mentoring * dt, std::max(0.0, w.mission.kps_max - w.mission.kps_strength));
      w.mission.kps_strength += graduates;
      w.tally.graduates += graduates;
      continue;
    }
    // today's budget: the function's capacity, plus what the reallocation rule moved to it
    const double budget = reallocate ? A.capacity[f] * dt + w.scratch.extra[f] : A.capacity[f] * dt;
    double total = 0;
    for (Index l = 0; l < n_loc; ++l) total += weight[l] = std::max(0.0, A.belief(f, l) - coord * claimed(k, l));
    // what is left of the function's own capacity after the need it believes in (its unmet need is
    // what its budget could not cover): the reallocation rule's inputs for tomorrow
    auto record_unspent = [&](double spent) {
      if (!reallocate) return;
      w.scratch.unspent[f] = std::max(0.0, A.capacity[f] * dt - spent);
      w.scratch.unmet[f] = std::max(0.0, total / cover(kind, p) - spent);
    };
    if (total <= 0) {
      record_unspent(0);
      continue;
    }
    double spent = 0;
    for (Index l = 0; l < n_loc; ++l) {
      // no agency knowingly spends more than the need it believes is left
      const double e = std::min(budget * weight[l] / total, weight[l] / cover(kind, p));
      spent += e;
      A.effort(f, l) = e;
      claimed(k, l) += coord * e * cover(kind, p);
      // working somewhere keeps the agency's picture of it current
      if (e > 0) A.belief(f, l) += p.coordination_observe_rate * (A.need(k, l) - A.belief(f, l));
    }
    record_unspent(spent);
  }

  // delivery per function and location: overlap among uncoordinated agencies is wasted, and
  // effort beyond the true need is wasted too (stale pictures send agencies where needs are met)
  for (std::size_t kk = 0; kk < kFunctionKinds; ++kk) {
    const auto kind = FunctionKind(kk);
    if (!located(kind) || A.kind_begin[kk] == A.kind_begin[kk + 1]) continue;
    double kind_need = 0, unworked = 0;  // gaps: need where no agency of the kind worked today
    for (Index l = 0; l < n_loc; ++l) {
      double sum = 0, largest = 0, coordinated = 0;
      for (std::size_t r = A.kind_begin[kk]; r < A.kind_begin[kk + 1]; ++r) {
        const Index f = A.by_kind[r];
        const double e = A.effort(f, l);
        sum += e;
        largest = std::max(largest, e);
        coordinated += e * A.coordination[A.agency[f]];
      }
      kind_need += A.need(static_cast<Eigen::Index>(kk), l);
      if (sum <= 0) {
        unworked += A.need(static_cast<Eigen::Index>(kk), l);
        continue;
      }
      const double cbar = coordinated / sum;
      const double effective = sum - p.coordination_overlap_waste * (1 - cbar) * (sum - largest);
      const double need = A.need(static_cast<Eigen::Index>(kk), l);
      // food and return support are daily flows; the other needs are stocks to work down
      const bool flow = kind == FunctionKind::food || kind == FunctionKind::returns;
      const double useful = std::min(effective, need / cover(kind, p) * (flow ? dt : 1.0));
      w.tally.agency_effort += sum;
      w.tally.duplicated_effort += sum - useful;
      const double residents = residents_at(w, l);
      const double dose = residents > 1 ? useful / (residents / 1000.0) : 0;  // units per 1000 residents
      switch (kind) {
        case FunctionKind::shelter:
          L.housing[l] = clamp01(L.housing[l] + useful * p.agency_shelter_persons / std::max(1.0, L.prewar[l]));
          break;
        // coverage: a day's effort against a day's need
        case FunctionKind::returns:
          L.return_support[l] = need > 0 ? clamp01(useful / dt * 1000.0 / need) : 0;
          break;
        case FunctionKind::food:
          L.food_cover[l] = need > 0 ? clamp01(useful / dt * p.agency_food_persons / need) : 1;
          break;
        case FunctionKind::development:
          L.economy[l] = clamp01(L.economy[l] + p.agency_development_rate * dose * (1 - L.economy[l]));
          break;
        case FunctionKind::institutions: {
          // capacity building needs local authorities' cooperation with supervision (7.13)
          const double cooperating =
              p.institutions_implementation_floor + (1 - p.institutions_implementation_floor) * L.cooperation[l];
          L.capacity[l] =
              clamp01(L.capacity[l] + p.agency_institutions_rate * cooperating * dose * (1 - L.capacity[l]));
          break;
        }
        case FunctionKind::justice:
          L.courts[l] = clamp01(L.courts[l] + p.agency_justice_rate * dose * (1 - L.courts[l]));
          break;
        case FunctionKind::crime:
          L.crime[l] = clamp01(L.crime[l] - p.agency_crime_rate * dose * L.crime[l]);
          break;
        case FunctionKind::dialogue:
          L.dialogue[l] = p.agency_dialogue_rate * dose;
          break;
        default:
          break;
      }
    }
    if (kind_need > 0) {
      w.tally.gap_share_sum += unworked / kind_need;
      ++w.tally.gap_kinds;
    }
  }
}

}  // namespace peacesim
