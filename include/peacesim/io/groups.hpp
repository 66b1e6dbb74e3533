#pragma once
/// groups.csv: one row per group and reporting tick (every `output.group_every_days`), with the
/// group-level quantities a Kosovo analyst asks for first and every quantity a validation
/// pattern can read as QUANTITY:GROUP (docs/metrics.md, "groups.csv").
#include <filesystem>
#include <string>
#include <vector>

#include "peacesim/io/output.hpp"

namespace peacesim::io {

/// One group at one tick. Flows (returns, fled, murdered, attacks) are summed over the ticks
/// since the previous row (one tick when group_every_days <= tick_days).
struct GroupRow {
  double prewar = 0, resident = 0, displaced = 0, refugees = 0, remaining = 0;
  double returns = 0, returns_cumulative = 0, fled = 0, fled_cumulative = 0;
  double attacks_suffered = 0, murdered = 0, murdered_cumulative = 0, crime_murdered = 0;
  std::vector<double> murdered_by;  ///< (n_groups) killed in attacks by members of each group, this period
  double trust = 0;                 ///< resident-weighted out-group trust, as `trust:GROUP`
  std::vector<double> trust_in;     ///< (n_groups) resident-weighted mean trust toward each group
  double legitimacy = 0, legitimacy_international = 0, legitimacy_local = 0, fear = 0, hardship = 0, participation = 0, turnout = 0;
};

/// The stocks of every group now (population, attitudes, trust, turnout, returns_cumulative); the
/// flows are left 0 (GroupWriter sums them between rows).
std::vector<GroupRow> group_stocks(const Scenario& s, const World& w);

/// The names of the groups.csv columns after tick, date and group, for this scenario (they
/// include one murdered_by_G and one trust_in_G per group G).
std::vector<std::string> group_columns(const Scenario& s);

/// Writes groups.csv. Call `observe` after every tick (it accumulates the flows); it writes a
/// row per group on reporting ticks (and on the last tick, `last`).
class GroupWriter {
 public:
  GroupWriter(const std::filesystem::path& path, const Scenario& s);
  void observe(const Scenario& s, const World& w, const MetricsRow& row, bool last);
  void close() { csv_.close(); }
  /// This tick's rows (valid after observe), for tests.
  const std::vector<GroupRow>& rows() const { return rows_; }

 private:
  CsvFile csv_;
  int every_ticks_;
  std::vector<GroupRow> rows_;
  std::vector<double> returns_, fled_, attacks_, murdered_, crime_, fled_total_, murdered_total_;
  std::vector<double> murdered_by_;  // (victim group x perpetrator group) this period
  std::vector<double> attack_murders_;  // (n_groups) scratch of observe, this tick
};

}  // namespace peacesim::io
