// National priorities of contingents (ADR 0022, docs/ODD.md 7.4) on the synthetic two-town world:
// deploy_contingents called by hand with a shock set where the test wants danger, and the expected
// numbers computed here from the formula: engagement e = 1 - fp * d / (d + danger_half), where fp is
// the force-protection weight less what coordination overrides (priorities.harmonisation).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "peacesim/model/metrics.hpp"
#include "peacesim/model/systems.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

const std::string kTowns = test::two_towns_json({});  // towns a (sector s1) and b (s2), 50,000 each

/// One battalion in sector s1 with these priorities (a JSON object, or "" for none), riot control
/// and static guards; a second, mandate-only one in s2.
std::string contingents(const std::string& priorities, const std::string& caveats = "{}") {
  const std::string pr = priorities.empty() ? "" : R"(, "priorities": )" + priorities;
  return R"(contingents=[{"id": "nat", "kind": "military", "sector": "s1", "strength": 1000, "rigour": 0.5,
             "posture": {"riot_control": 0.5, "static_guard": 0.5}, "caveats": )" +
         caveats + pr + R"(},
           {"id": "other", "kind": "military", "sector": "s2", "strength": 1000, "rigour": 0.5,
             "posture": {"riot_control": 0.5, "static_guard": 0.5}}])";
}

/// Deploys once with `shock` in town a and `shock_b` in town b (the minority against the majority).
test::Built deployed(const std::vector<std::string>& sets, double shock, double shock_b = 0, double coordination = 0) {
  test::Built b = test::build(kTowns, "priorities", sets);
  const Eigen::Index ng = 2, maj = 0, min = 1;
  b.w.locations.shock(0, min * ng + maj) = shock;
  b.w.locations.shock(1, min * ng + maj) = shock_b;
  b.w.contingents.coordination.setConstant(coordination);
  deploy_contingents(*b.s, b.w);
  return b;
}

double consistency_of(const test::Built& b) {
  return compute_metrics(*b.s, b.w).enforcement_consistency;
}

}  // namespace

TEST_CASE("priorities: force protection holds back guards, riot control and enforcement where groups are mobilised",
          "[mechanism][isolated][contingents][priorities]") {
  const std::string protection_first = R"({"force_protection": 3, "sector": 0, "mandate": 1})";  // fp = 0.75
  const auto mandate = deployed({contingents("")}, 0.3);
  const auto& p = mandate.s->params;
  const double d = p.priorities_danger_half;  // danger = danger_half: half of fp is held back
  const auto held = deployed({contingents(protection_first)}, d);
  const auto calm = deployed({contingents(protection_first)}, 0);
  const double e = 1 - 0.75 * 0.5;
  const auto& L = held.w.locations, &M = mandate.w.locations;
  // a mandate-only contingent commits everything whatever the danger; the other, e of it
  CHECK(M.riot[0] == Approx(500).epsilon(1e-12));
  CHECK(L.riot[0] == Approx(500 * e).epsilon(1e-12));
  CHECK(L.guards[0] == Approx(M.guards[0] * e).epsilon(1e-12));
  CHECK(L.enforcers[0] == Approx(M.enforcers[0] * e).epsilon(1e-12));
  CHECK(L.military[0] == Approx(M.military[0]).epsilon(1e-12));  // present, but holding back
  CHECK(held.w.contingents.engagement[0] == Approx(e).epsilon(1e-12));
  // without danger nothing is held back
  CHECK(calm.w.locations.riot[0] == Approx(500).epsilon(1e-12));
  CHECK(calm.w.contingents.engagement[0] == 1);
  // the mandate-only contingent in b is untouched by a's danger
  CHECK(L.riot[1] == Approx(500).epsilon(1e-12));

  SECTION("coordination overrides priorities.harmonisation of it, no more") {
    const auto coordinated = deployed({contingents(protection_first)}, d, 0, 1.0);
    const double fp = 0.75 * (1 - p.priorities_harmonisation);
    CHECK(coordinated.w.contingents.engagement[0] == Approx(1 - fp * 0.5).epsilon(1e-12));
  }
  SECTION("inconsistent enforcement is an outcome: priorities meeting danger, not a constant") {
    // two equal battalions at rigour 0.5, committing 0.5 each in calm and 0.5e and 0.5 under danger:
    // their spread is 0 and then 0.25(1 - e); their consistency with the mission standard r falls too
    const double r = p.deterrence_mission_rigour;
    CHECK(compute_metrics(*calm.s, calm.w).enforcement_spread == Approx(0).margin(1e-12));
    CHECK(compute_metrics(*held.s, held.w).enforcement_spread == Approx(0.25 * (1 - e)).epsilon(1e-12));
    CHECK(consistency_of(calm) == Approx(1 - 2 * (r - 0.5)).epsilon(1e-12));
    const double off = 0.5 * ((0.5 * e - r) * (0.5 * e - r) + (0.5 - r) * (0.5 - r));
    CHECK(consistency_of(held) == Approx(1 - 2 * std::sqrt(off)).epsilon(1e-12));
    CHECK(consistency_of(held) < consistency_of(calm));
    // and coordination, overriding part of the holding back, makes the mission more consistent
    const auto c0 = deployed({contingents(protection_first)}, d, 0, 0.0);
    const auto c1 = deployed({contingents(protection_first)}, d, 0, 1.0);
    CHECK(consistency_of(c1) > consistency_of(c0));
  }
  SECTION("priorities are weights: normalised by their sum, and all zero is refused with its pointer") {
    const auto doubled = deployed({contingents(R"({"force_protection": 6, "mandate": 2})")}, d);
    CHECK(doubled.w.locations.riot[0] == Approx(500 * e).epsilon(1e-12));
    try {
      test::build(kTowns, "priorities", {contingents(R"({"force_protection": 0, "sector": 0, "mandate": 0})")});
      FAIL("all-zero priorities were accepted");
    } catch (const std::exception& ex) {
      CHECK_THAT(ex.what(), Catch::Contains("/contingents/0/priorities"));
    }
  }
}

TEST_CASE("priorities: the sector's interest keeps joint-operations riot control and reserves at home",
          "[mechanism][isolated][contingents][priorities]") {
  const std::string sector_first = R"({"sector": 1, "mandate": 1})";  // sector 0.5
  const std::string reserves = R"(strategy={"reserves_to_flashpoints": {"share": 0.5}})";
  SECTION("the coordinated pool: half of the battalion's share stays out of it") {
    const auto open = deployed({contingents("")}, 0, 0, 1.0);
    const auto home = deployed({contingents(sector_first)}, 0, 0, 1.0);
    const auto& p = open.s->params;
    const double pool_open = 2 * p.coordination_response_bonus * 500;  // both battalions, all in
    const double pool_home = p.coordination_response_bonus * 500 * (1 + (1 - 0.5 * (1 - p.priorities_harmonisation)));
    CHECK(open.w.locations.riot.sum() == Approx(1000 + pool_open).epsilon(1e-12));
    CHECK(home.w.locations.riot.sum() == Approx(1000 + pool_home).epsilon(1e-12));
  }
  SECTION("reserves: a sector-first battalion sends half of what the rule asks") {
    const auto sent = deployed({contingents(sector_first), reserves}, 0, 0.3);
    // nat (a) sends share 0.5 x (1 - 0.5) of its 500 riot-control persons to b
    CHECK(sent.w.locations.riot[1] == Approx(500 + 500 * 0.25).epsilon(1e-12));
    CHECK(sent.w.locations.riot[0] == Approx(500 * 0.75).epsilon(1e-12));
  }
}
