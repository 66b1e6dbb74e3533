// Phase 2: coordination cells.
// Reads: the scenario's cells (cadence, quality, delay, membership, term), residents, housing, economy,
// capacity, courts, crime and trust (for the true needs). Writes: the true needs (and their recent
// history, when a cell's picture is delayed), members' pictures of need at meetings, meeting days and
// counts, cell levels, and the coordination level of every agency and contingent.
#include <algorithm>
#include <cmath>

#include "peacesim/model/systems.hpp"

namespace peacesim {

void run_coordination(const Scenario& s, World& w) {
  auto& A = w.agencies;
  const auto& p = s.params;
  // the true needs, against which pictures are refreshed (and agencies deliver, in phase 3)
  A.need.resize(static_cast<Eigen::Index>(kFunctionKinds), static_cast<Eigen::Index>(s.locations.size()));
  for (std::size_t k = 0; k < kFunctionKinds; ++k)
    for (Index l = 0; l < s.locations.size(); ++l)
      A.need(static_cast<Eigen::Index>(k), l) = true_need(w, FunctionKind(k), l, p);

  // cells that share an old picture need the true needs of earlier ticks (ADR 0023)
  int max_delay = 0;
  for (const CellDef& cell : s.cells) max_delay = std::max(max_delay, cell.delay_days / s.tick_days);
  if (max_delay > 0) {
    if (A.need_history.size() != std::size_t(max_delay) + 1) A.need_history.assign(std::size_t(max_delay) + 1, A.need);
    A.need_history[std::size_t(w.tick) % A.need_history.size()] = A.need;
  }

  A.coordination.setZero();
  w.contingents.coordination.setZero();
  for (Index k = 0; k < s.cells.size(); ++k) {
    const CellDef& cell = s.cells[k];
    const bool in_term = cell.cadence_days > 0 && cell.start <= w.date && w.date <= cell.end;
    // a meeting: members pool what they know; each picture moves toward the truth by the cell's quality
    if (in_term && (w.date - cell.start) % cell.cadence_days < s.tick_days) {
      w.cells.last_meeting[k] = w.date;
      ++w.cells.meetings[k];
      // the picture shared is delay_days old (the first day's before the run has that much history)
      const int delay = std::min(cell.delay_days / s.tick_days, w.tick);
      const Eigen::MatrixXd& picture =
          delay > 0 ? A.need_history[std::size_t(w.tick - delay) % A.need_history.size()] : A.need;
      for (Index a : cell.agencies)
        for (Index f = 0; f < A.size(); ++f)
          if (A.agency[f] == a) {
            const auto kind = static_cast<Eigen::Index>(A.kind[f]);
            A.belief.row(f) += cell.quality * (picture.row(kind) - A.belief.row(f));
          }
    }
    // between meetings the habit of working together fades
    double level = 0;
    if (cell.cadence_days > 0 && w.cells.meetings[k] > 0)
      level = cell.quality *
              std::exp(-double(w.date - w.cells.last_meeting[k]) / (p.coordination_memory * cell.cadence_days));
    w.cells.level[k] = level;
    for (Index a : cell.agencies) A.coordination[a] = std::max(A.coordination[a], level);
    for (Index c : cell.contingents) w.contingents.coordination[c] = std::max(w.contingents.coordination[c], level);
  }
}

}  // namespace peacesim
