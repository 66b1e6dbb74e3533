// Tests src/model/metrics.cpp against docs/metrics.md: the three headline indices and every component they are
// built from, computed by compute_metrics on a hand-set World and compared with the documented formula,
// evaluated here by hand from the numbers set.
#include <catch2/catch.hpp>

#include <string>

#include "peacesim/model/metrics.hpp"
#include "peacesim/scenario/loader.hpp"

using namespace peacesim;

namespace {

// three groups: A the largest (60,000 pre-war), B 30,000, C 10,000; two locations
constexpr const char* kThree = R"json({
  "name": "indices", "time": {"start": "2000-01-01", "end": "2000-12-31"},
  "groups": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}],
  "locations": [
    {"id": "x", "name": "X", "population": {"a": 50000, "b": 20000}},
    {"id": "y", "name": "Y", "population": {"a": 10000, "b": 10000, "c": 10000}}
  ]
})json";

struct Set {
  std::shared_ptr<const Scenario> s;
  World w;
};

/// The hand-set world: communities 0 A@x, 1 B@x, 2 A@y, 3 B@y, 4 C@y.
Set hand_set(const std::vector<std::string>& sets = {}) {
  auto loaded = scenario::load_scenario_text(kThree, "indices", sets);
  Set r{loaded.scenario, make_world(*loaded.scenario)};
  auto& c = r.w.communities;
  REQUIRE(c.size() == 5);
  // at home / displaced / abroad, each summing to the pre-war population
  const double res[] = {40000, 10000, 10000, 5000, 8000}, disp[] = {5000, 0, 0, 5000, 0},
               ref[] = {5000, 10000, 0, 0, 2000};
  const double active[] = {0.1, 0.2, 0, 0.3, 0.5}, legit[] = {0.6, 0.3, 0.5, 0.2, 0.4},
               part[] = {0.3, 0.4, 0, 0.2, 0.1}, fear[] = {0.1, 0.4, 0.2, 0.6, 0.8};
  for (int i = 0; i < 5; ++i) {
    c.resident[i] = res[i], c.displaced[i] = disp[i], c.refugee[i] = ref[i];
    c.active[i] = active[i], c.legitimacy[i] = legit[i], c.participation[i] = part[i], c.fear[i] = fear[i];
  }
  // trust toward groups A, B, C (own group 1)
  const double trust[5][3] = {{1, 0.2, 0.5}, {0.1, 1, 0.9}, {1, 0.4, 0.0}, {0.5, 1, 0.5}, {0.3, 0.6, 1}};
  for (int i = 0; i < 5; ++i)
    for (int h = 0; h < 3; ++h) c.trust(i, h) = trust[i][h];
  count_residents(r.w);
  r.w.locations.capacity[0] = 0.2, r.w.locations.capacity[1] = 0.5;
  r.w.locations.rolling_incidents[0] = 30, r.w.locations.rolling_incidents[1] = 43;
  r.w.rolling_cross_group = 36.5;  // of the 73 incidents in the window, half between groups
  return r;
}

}  // namespace

TEST_CASE("indices: order, stability and reconciliation, and each of their components, exactly as documented",
          "[metrics][indices]") {
  const Set r = hand_set();
  const MetricsRow m = compute_metrics(*r.s, r.w);
  const double resident = 73000;  // 40,000 + 10,000 + 10,000 + 5,000 + 8,000
  CHECK(m.resident == resident);
  CHECK(m.displaced == 10000);
  CHECK(m.refugees == 17000);

  // order = (1 - active_share) / (1 + incidents_per_100k_30d / order_reference)
  CHECK(m.active_share == Approx((4000 + 2000 + 0 + 1500 + 4000) / resident).epsilon(1e-12));
  CHECK(m.incidents_per_100k_30d == Approx(73 / resident * 1e5).epsilon(1e-12));  // = 100; window 30 days
  CHECK(m.order == Approx((1 - 11500 / resident) / (1 + 100.0 / 10)).epsilon(1e-12));

  // stability = 0.35 order + 0.25 legitimacy + 0.20 capacity + 0.20 (1 - away / pre-war) (weights sum to 1)
  CHECK(m.legitimacy == Approx((24000 + 3000 + 5000 + 1000 + 3200) / resident).epsilon(1e-12));
  CHECK(m.institutional_capacity == Approx((50000 * 0.2 + 23000 * 0.5) / resident).epsilon(1e-12));
  CHECK(m.stability == Approx(0.35 * m.order + 0.25 * (36200 / resident) + 0.20 * (21500 / resident) +
                              0.20 * (1 - 27000.0 / 100000))
                           .epsilon(1e-12));

  // reconciliation = mean of out-group trust, contact, peace, minority freedom of movement and
  // minority participation (weights 0.2 each; minority_remaining 0).
  // out-group trust weighted by the other groups' pre-war sizes (A 60,000, B 30,000, C 10,000)
  const double out[] = {(30000 * 0.2 + 10000 * 0.5) / 40000, (60000 * 0.1 + 10000 * 0.9) / 70000,
                        (30000 * 0.4 + 10000 * 0.0) / 40000, (60000 * 0.5 + 10000 * 0.5) / 70000,
                        (60000 * 0.3 + 30000 * 0.6) / 90000};
  const double mean_trust =
      (40000 * out[0] + 10000 * out[1] + 10000 * out[2] + 5000 * out[3] + 8000 * out[4]) / resident;
  CHECK(m.mean_trust == Approx(mean_trust).epsilon(1e-12));
  CHECK(m.minority_remaining == Approx(23000.0 / 40000).epsilon(1e-12));  // B and C at home / B and C pre-war
  CHECK(m.minority_participation == Approx((4000 + 1000 + 800) / 23000.0).epsilon(1e-12));
  CHECK(m.participation == Approx((12000 + 4000 + 0 + 1000 + 800) / resident).epsilon(1e-12));
  // contact: Simpson diversity now (x: 40,000 A + 10,000 B; y: 10,000 A, 5,000 B, 8,000 C) over
  // pre-war (x: 50,000 A + 20,000 B; y: 10,000 each), residents-weighted
  const double d_now = (50000 * (1 - 0.8 * 0.8 - 0.2 * 0.2) + 23000 * (340.0 / 529)) / resident;
  const double d_before = (70000 * (2000.0 / 4900) + 30000 * (2.0 / 3)) / 100000;
  CHECK(m.contact == Approx(d_now / d_before).epsilon(1e-12));
  // peace: 36.5 cross-group incidents in 30 days = 50 per 100,000; reference 10
  CHECK(m.cross_group_per_100k_30d == Approx(50).epsilon(1e-12));
  const double peace = 1 / (1 + 50.0 / 10);
  // minority freedom of movement: 1 - fear of B and C residents
  CHECK(m.minority_freedom == Approx(1 - (10000 * 0.4 + 5000 * 0.6 + 8000 * 0.8) / 23000.0).epsilon(1e-12));
  CHECK(m.reconciliation == Approx(0.2 * (mean_trust + d_now / d_before + peace + m.minority_freedom +
                                          5800 / 23000.0))
                                .epsilon(1e-12));
}

TEST_CASE("indices: the weights are parameters, normalised by their sum, and the first version's formulas are one --set away",
          "[metrics][indices][weights]") {
  // reconciliation of the model's first version: 0.50 trust + 0.25 minority remaining + 0.25 participation
  Set old = hand_set({"parameters.metrics.reconciliation_trust=0.5", "parameters.metrics.reconciliation_contact=0",
                      "parameters.metrics.reconciliation_peace=0", "parameters.metrics.reconciliation_movement=0",
                      "parameters.metrics.reconciliation_participation=0.25",
                      "parameters.metrics.reconciliation_remaining=0.25"});
  const MetricsRow m = compute_metrics(*old.s, old.w);
  CHECK(m.reconciliation ==
        Approx(0.5 * m.mean_trust + 0.25 * (23000.0 / 40000) + 0.25 * (5800 / 23000.0)).epsilon(1e-12));
  // weights that do not sum to 1 are normalised: doubling every stability weight changes nothing
  Set twice = hand_set({"parameters.metrics.stability_order=0.7", "parameters.metrics.stability_legitimacy=0.5",
                        "parameters.metrics.stability_capacity=0.4", "parameters.metrics.stability_settled=0.4"});
  const Set base = hand_set();
  CHECK(compute_metrics(*twice.s, twice.w).stability == Approx(compute_metrics(*base.s, base.w).stability).epsilon(1e-12));
  // one component alone: the index is that component
  Set only = hand_set({"parameters.metrics.stability_order=0", "parameters.metrics.stability_legitimacy=1",
                       "parameters.metrics.stability_capacity=0", "parameters.metrics.stability_settled=0"});
  const MetricsRow o = compute_metrics(*only.s, only.w);
  CHECK(o.stability == Approx(o.legitimacy).epsilon(1e-12));
}

TEST_CASE("indices: order is halved when the incident rate equals the reference, and follows the parameter",
          "[metrics][indices][order]") {
  Set r = hand_set();
  r.w.communities.active.setZero();
  r.w.locations.rolling_incidents[0] = 0, r.w.locations.rolling_incidents[1] = 0;
  CHECK(compute_metrics(*r.s, r.w).order == 1);  // nobody in unrest, no incidents
  r.w.locations.rolling_incidents[0] = 7.3;       // 10 per 100,000 per 30 days
  CHECK(compute_metrics(*r.s, r.w).order == Approx(0.5).epsilon(1e-12));
  Set q = hand_set({"parameters.metrics.order_reference=20", "parameters.metrics.window_days=15"});
  q.w.communities.active.setZero();
  q.w.locations.rolling_incidents[0] = 7.3, q.w.locations.rolling_incidents[1] = 0;
  // 7.3 incidents in 15 days = 20 per 100,000 per 30 days: the reference, so order 1/2 again
  CHECK(compute_metrics(*q.s, q.w).incidents_per_100k_30d == Approx(20).epsilon(1e-12));
  CHECK(compute_metrics(*q.s, q.w).order == Approx(0.5).epsilon(1e-12));
}
