#pragma once
/// Per-tick outputs: the headline indices and their components (defined in docs/metrics.md).
#include <span>
#include <string_view>
#include <vector>

#include "peacesim/model/world.hpp"

namespace peacesim {

/// One row of metrics.csv.
struct MetricsRow {
  int tick = 0;
  Date date;
  // headline indices, 0..1
  double stability = 0, order = 0, reconciliation = 0;
  // people, persons
  double resident = 0, displaced = 0, refugees = 0, returns = 0, returns_cumulative = 0;
  double minority_returns_cumulative = 0, fled = 0, minority_remaining = 0;  // last one: share
  // violence
  double incidents = 0, murders = 0, crime_murders = 0, arrests = 0, flashpoints = 0, incidents_per_100k_30d = 0;
  double active_share = 0, hostile_share = 0;
  // sizes (ADR 0021): persons killed, public-order incidents, their rioters and the crowds dispersed
  double deaths = 0, riots = 0, rioters = 0, riots_dispersed = 0;
  // crowds of attacks (ADR 0027): persons in inter-ethnic attacks, and mob attacks dispersed
  double attackers = 0, attacks_dispersed = 0;
  // attitudes, population-weighted, 0..1
  double mean_trust = 0, legitimacy = 0, hardship = 0, fear = 0, participation = 0;
  double minority_participation = 0, turnout = 0;
  // the two legitimacies and cooperation with supervision (7.13, ADR 0018); legitimacy is their mix
  double legitimacy_international = 0, legitimacy_local = 0, cooperation = 0, competencies_scheduled = 0;
  // relations between groups (the components of reconciliation)
  double contact = 0, cross_group_per_100k_30d = 0, minority_freedom = 0;
  // institutions and presence
  double institutional_capacity = 0, courts = 0, impunity = 0, housing = 0, economy = 0;
  double impunity_political = 0, clearance = 0, organised_crime = 0, judicial_staffing = 0, international_share = 0;
  double convictions = 0;
  double police_per_1000 = 0, military_per_1000 = 0, arrest_probability = 0;
  double military_strength = 0, police_strength = 0, local_police_strength = 0;
  double enforcement_consistency = 0, enforcement_spread = 0, coordination = 0, duplication = 0, gaps = 0,
         competencies = 0;
  // property and returns (ADR 0017)
  double unresolved_claims = 0, dwellings_burned_cumulative = 0, reversals_cumulative = 0;
};

/// A column of a table: its name and how to read it.
template <class Row>
struct Column {
  std::string_view name;
  double Row::*field;
  int decimals;  ///< digits after the point in CSV
};

/// The metrics.csv columns after tick and date, in order.
std::span<const Column<MetricsRow>> metrics_columns();

/// One row of municipalities.csv (one location at one tick).
struct LocationRow {
  double resident = 0, displaced_from = 0, refugees_from = 0, minority_share = 0;
  double incidents = 0, murders = 0, deaths = 0, incidents_per_100k_30d = 0;
  double legitimacy = 0, fear = 0, mean_trust = 0, hardship = 0;
  double legitimacy_international = 0, legitimacy_local = 0, cooperation = 0;
  double police_per_1000 = 0, military_per_1000 = 0, arrest_probability = 0;
  double housing = 0, capacity = 0, impunity = 0;
  double impunity_political = 0, organised_crime = 0;
};
std::span<const Column<LocationRow>> location_columns();

/// Computes this tick's metrics from the world (after the step's other phases).
MetricsRow compute_metrics(const Scenario& scenario, const World& world);
/// Computes one location's row.
LocationRow compute_location_row(const Scenario& scenario, const World& world, Index location);

}  // namespace peacesim
