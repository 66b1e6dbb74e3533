// Phase 9: reconciliation. Reads residents, safety, dialogue and this tick's incident pairs (phase 6);
// writes trust (contact and dialogue) and the rolling window of cross-group incidents behind the
// reconciliation index (docs/metrics.md).
#include <algorithm>
#include <cmath>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"

namespace peacesim {

void reconcile(const Scenario& s, World& w) {
  const auto& p = s.params;
  auto& c = w.communities;
  const auto& L = w.locations;
  const double dt = s.tick_days;
  for (Index l = 0; l < L.size(); ++l) {
    const double res = L.resident[l];
    if (res < 1) continue;
    for (Index i = L.first[l]; i < L.last[l]; ++i) {
      for (Index j = L.first[l]; j < L.last[l]; ++j) {
        if (i == j) continue;
        const Index h = c.group[j];
        double& t = c.trust(i, h);
        // contact builds trust when people feel safe and erodes it when they do not (Allport 1954);
        // dialogue programmes remove a share of the distrust left
        const double exposure = c.resident[j] / res;
        t = clamp01(t + p.trust_contact_rate * exposure * (c.safety[i] - p.trust_contact_safety) * dt +
                    L.dialogue[l] * (1 - t));  // dialogue is already per tick
      }
    }
  }

  // cross-group incidents (attacks of one group on another) over the metrics window
  double today = 0;
  for (const auto& e : w.pairs) today += e.count;
  const auto window = static_cast<std::size_t>(std::max(1.0, std::round(p.metrics_window_days / dt)));
  if (w.cross_group_ring.size() != window) {
    w.cross_group_ring.assign(window, 0.0);
    w.rolling_cross_group = 0;
  }
  double& slot = w.cross_group_ring[static_cast<std::size_t>(w.tick) % window];
  w.rolling_cross_group += today - slot;
  slot = today;
}

}  // namespace peacesim
