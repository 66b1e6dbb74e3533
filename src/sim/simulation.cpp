#include "peacesim/sim/simulation.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include "peacesim/model/systems.hpp"

namespace peacesim {

namespace {

// what feeds each metrics column: the inputs a NonFiniteError points the modeller to
constexpr std::string_view kStrengths =
    "contingents' strength, schedule, arrival and departure (contingents.ID.strength, contingents.ID.schedule), "
    "the local police's max_strength and the police_training capacity of agencies";
constexpr std::string_view kPopulation =
    "locations' population (locations.ID.population), the displacement shares (displacement) and "
    "parameters.movement.*";
constexpr std::string_view kPresence =
    "contingents' strength, schedule, posture and rigour, locations' population, and parameters.deterrence.*";
constexpr std::string_view kViolence =
    "parameters.unrest.*, parameters.violence.*, parameters.crime.*, parameters.metrics.window_days, groups' "
    "risk_aversion and initial_* values, and shock events' intensity";
constexpr std::string_view kAttitudes =
    "groups' initial_* values, and parameters.community.*, parameters.legitimacy.*, parameters.institutions.*";
constexpr std::string_view kTrust = "the trust entries, groups' initial_trust, and parameters.trust.*";
constexpr std::string_view kInstitutions =
    "agencies' function capacities, handover events, and parameters.agency.*, parameters.institutions.*";
constexpr std::string_view kJustice =
    "the judiciary block (judiciary.local, judiciary.international_*), police and military presence, and "
    "parameters.justice.*, parameters.institutions.*";
constexpr std::string_view kHousing =
    "locations' housing_destroyed, agencies' shelter capacity, parameters.agency.shelter_persons, "
    "parameters.movement.crowding, parameters.violence.arson and parameters.property.persons_per_dwelling";
constexpr std::string_view kProperty =
    "the property block (property.claims, property.implemented, property.organised_returns) and "
    "parameters.property.*";
constexpr std::string_view kCoordination = "cells' cadence_days and quality, and parameters.coordination.*";
constexpr std::string_view kIndices =
    "the index's components (the other columns) and parameters.metrics.* (the reference rates and the weights)";

constexpr std::pair<std::string_view, std::string_view> kFeeds[] = {
    {"stability", kIndices},
    {"order", kIndices},
    {"reconciliation", kIndices},
    {"resident", kPopulation},
    {"displaced", kPopulation},
    {"refugees", kPopulation},
    {"returns", kPopulation},
    {"returns_cumulative", kPopulation},
    {"minority_returns_cumulative", kPopulation},
    {"fled", kPopulation},
    {"minority_remaining", kPopulation},
    {"incidents", kViolence},
    {"murders", kViolence},
    {"crime_murders", kViolence},
    {"deaths", kViolence},
    {"riots", kViolence},
    {"rioters", kViolence},
    {"riots_dispersed", kViolence},
    {"attackers", kViolence},
    {"attacks_dispersed", kViolence},
    {"arrests", kViolence},
    {"flashpoints", kViolence},
    {"incidents_per_100k_30d", kViolence},
    {"active_share", kViolence},
    {"hostile_share", kViolence},
    {"mean_trust", kTrust},
    {"legitimacy", kAttitudes},
    {"legitimacy_international", kAttitudes},
    {"legitimacy_local", kAttitudes},
    {"cooperation", kAttitudes},
    {"hardship", kAttitudes},
    {"fear", kAttitudes},
    {"participation", kAttitudes},
    {"minority_participation", kAttitudes},
    {"turnout", kAttitudes},
    {"contact", kPopulation},
    {"cross_group_per_100k_30d", kViolence},
    {"minority_freedom", kAttitudes},
    {"institutional_capacity", kInstitutions},
    {"courts", kInstitutions},
    {"impunity", kJustice},
    {"impunity_political", kJustice},
    {"clearance", kJustice},
    {"convictions", kJustice},
    {"judicial_staffing", kJustice},
    {"international_share", kJustice},
    {"organised_crime", kJustice},
    {"housing", kHousing},
    {"economy", kInstitutions},
    {"police_per_1000", kPresence},
    {"military_per_1000", kPresence},
    {"arrest_probability", kPresence},
    {"military_strength", kStrengths},
    {"police_strength", kStrengths},
    {"local_police_strength", kStrengths},
    {"enforcement_consistency", kPresence},
    {"enforcement_spread", kPresence},
    {"coordination", kCoordination},
    {"duplication", kCoordination},
    {"gaps", kCoordination},
    {"competencies", kInstitutions},
    {"competencies_scheduled", kInstitutions},
    {"unresolved_claims", kProperty},
    {"dwellings_burned_cumulative", kViolence},
    {"reversals_cumulative", kPopulation},
};

/// Which non-finite column to name when several are: the one nearest the inputs (NaN spreads
/// from strengths and populations to everything computed from them, the indices last).
int closeness_to_inputs(std::string_view column) {
  for (std::string_view c : {"military_strength", "police_strength", "local_police_strength"})
    if (column == c) return 0;
  for (std::string_view c : {"resident", "displaced", "refugees"})
    if (column == c) return 1;
  for (std::string_view c : {"stability", "order", "reconciliation"})
    if (column == c) return 3;
  return 2;
}

std::string describe_value(double v) { return std::isnan(v) ? "NaN" : (v > 0 ? "+infinity" : "-infinity"); }

std::string non_finite_message(int tick, Date date, const std::string& column, double value, const std::string& also) {
  std::string m = "non-finite metrics on tick " + std::to_string(tick) + " (" + date.iso() + "): column `" + column +
                  "` is " + describe_value(value) + "; likely input: " + likely_inputs(column) +
                  " - check those values and any --set override of them";
  if (!also.empty()) m += " (also non-finite: " + also + ")";
  return m + "; no output of this run is a result";
}

[[noreturn]] void throw_non_finite(const MetricsRow& row) {
  const Column<MetricsRow>* worst = nullptr;
  std::string also;
  for (const auto& c : metrics_columns()) {
    if (std::isfinite(row.*c.field)) continue;
    if (worst == nullptr || closeness_to_inputs(c.name) < closeness_to_inputs(worst->name)) worst = &c;
  }
  std::size_t listed = 0;
  for (const auto& c : metrics_columns()) {
    if (std::isfinite(row.*c.field) || &c == worst) continue;
    if (listed++ == 8) {
      also += ", ...";
      break;
    }
    also += (also.empty() ? "" : ", ") + std::string(c.name);
  }
  throw NonFiniteError(row.tick, row.date, std::string(worst->name), row.*worst->field, also);
}

}  // namespace

NonFiniteError::NonFiniteError(int tick_number, Date tick_date, std::string column_name, double column_value,
                               const std::string& also_non_finite)
    : std::runtime_error(non_finite_message(tick_number, tick_date, column_name, column_value, also_non_finite)),
      tick(tick_number),
      date(tick_date),
      column(std::move(column_name)),
      value(column_value) {}

std::string likely_inputs(std::string_view column) {
  for (const auto& [name, inputs] : kFeeds)
    if (name == column) return std::string(inputs);
  return "the scenario values and parameters feeding `" + std::string(column) + "`";
}

void check_finite(const MetricsRow& row) {
  // the common case: one pass of std::isfinite, no branch taken
  bool finite = true;
  for (const auto& c : metrics_columns()) finite = finite && std::isfinite(row.*c.field);
  if (finite) [[likely]]
    return;
  throw_non_finite(row);
}

const char* to_string(Phase p) {
  static constexpr const char* names[] = {"events",    "coordination", "agencies", "contingents",    "communities",
                                          "incidents", "institutions", "movement", "reconciliation", "metrics"};
  return names[static_cast<std::size_t>(p)];
}

Simulation::Simulation(std::shared_ptr<const Scenario> scenario, std::uint64_t seed)
    : scenario_(std::move(scenario)), seed_(seed), ticks_(scenario_->ticks()), world_(make_world(*scenario_)) {}

void Simulation::limit_ticks(int ticks) { ticks_ = std::min(ticks_, std::max(0, ticks)); }

std::uint64_t Simulation::agent_updates() const {
  const Scenario& s = *scenario_;
  return std::uint64_t(world_.tick) *
         (world_.communities.size() + s.agencies.size() + s.contingents.size() + s.cells.size());
}

void Simulation::step() {
  const Scenario& s = *scenario_;
  World& w = world_;
  w.date = s.date_of(w.tick);
  w.tally = TickTally{};
  using clock = std::chrono::steady_clock;
  auto mark = clock::now();
  auto timed = [&](Phase phase, auto&& run) {
    run();
    const auto now = clock::now();
    profile_[static_cast<std::size_t>(phase)] += std::chrono::duration<double>(now - mark).count();
    mark = now;
    if (check_) {
      if (auto problem = check_invariants(s, w); !problem.empty())
        throw std::logic_error("invariant broken after phase " + std::string(to_string(phase)) + " on " + w.date.iso() +
                               ": " + problem);
    }
  };

  // the schedule of docs/ODD.md, one phase per line
  timed(Phase::events, [&] { apply_events(s, w); });
  timed(Phase::coordination, [&] { run_coordination(s, w); });
  timed(Phase::agencies, [&] { run_agencies(s, w); });
  timed(Phase::contingents, [&] { deploy_contingents(s, w); });
  timed(Phase::communities, [&] { update_communities(s, w); });
  timed(Phase::incidents, [&] { resolve_incidents(s, w, seed_); });
  timed(Phase::institutions, [&] { police_and_institutions(s, w, seed_); });
  timed(Phase::movement, [&] { move_people(s, w); });
  timed(Phase::reconciliation, [&] { reconcile(s, w); });
  timed(Phase::metrics, [&] { metrics_ = compute_metrics(s, w); });
  // in every build: a NaN or infinity must stop the run before it reaches a file
  check_finite(metrics_);
  ++w.tick;
}

}  // namespace peacesim
