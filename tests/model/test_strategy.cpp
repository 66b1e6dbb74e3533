// The mission's optional strategy rules (ADR 0020, docs/ODD.md 7.12), each on the synthetic two-town
// world with the rule's phase called by hand and the expected numbers computed here from the formula.
// Each rule is checked off (nothing moves), on, before its first day, and against what it must not move.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "peacesim/model/systems.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

const std::string kTowns = test::two_towns_json({});  // towns a (sector s1) and b (s2), 50,000 each

test::Built build(const std::vector<std::string>& sets) { return test::build(kTowns, "strategy", sets); }

// a riot-control battalion in sector s1 (town a) and a patrolling one in s2 (town b)
std::string contingents(const std::string& caveats = "{}") {
  return R"(contingents=[{"id": "riot", "kind": "military", "sector": "s1", "strength": 1000, "rigour": 0.5,
             "posture": {"riot_control": 1}, "caveats": )" +
         caveats + R"(},
           {"id": "patrol", "kind": "military", "sector": "s2", "strength": 1000, "rigour": 0.5,
             "posture": {"patrol": 1}}])";
}

/// Deploys once, with town b's minority mobilised against the majority by `shock`.
test::Built deployed(std::vector<std::string> sets, double shock, double coordination = 0) {
  test::Built b = build(sets);
  const Eigen::Index ng = 2, maj = 0, min = 1;
  b.w.locations.shock(1, min * ng + maj) = shock;
  b.w.contingents.coordination.setConstant(coordination);
  deploy_contingents(*b.s, b.w);
  return b;
}

}  // namespace

TEST_CASE("strategy: reserves go to a mobilised town from contingents free to leave their sector, and only then",
          "[mechanism][isolated][strategy][contingents]") {
  const std::string on = R"(strategy={"reserves_to_flashpoints": {"share": 0.5}})";
  const auto off = deployed({contingents()}, 0.3);
  const auto& p = off.s->params;
  REQUIRE(p.strategy_mobilisation_threshold < 0.3);
  // without the rule each battalion stays at home
  CHECK(off.w.locations.riot[0] == Approx(1000).epsilon(1e-12));
  CHECK(off.w.locations.riot[1] == 0);
  CHECK(off.w.locations.military[1] == Approx(1000).epsilon(1e-12));

  SECTION("on: half the riot-control persons, their presence and their enforcement go to town b") {
    const auto moved = deployed({contingents(), on}, 0.3);
    const auto& L = moved.w.locations;
    CHECK(L.riot[0] == Approx(500).epsilon(1e-12));
    CHECK(L.riot[1] == Approx(500).epsilon(1e-12));
    CHECK(L.military[0] == Approx(500).epsilon(1e-12));
    CHECK(L.military[1] == Approx(1500).epsilon(1e-12));
    // riot duty counts 0.6 toward enforcement, patrol 1.0; soldiers at deterrence.military_weight
    const double enforce = 1000 * p.deterrence_military_weight * 0.5;
    CHECK(L.enforcers[0] == Approx(enforce * 0.6 * 0.5).epsilon(1e-12));
    CHECK(L.enforcers[1] == Approx(enforce * 1.0 + enforce * 0.6 * 0.5).epsilon(1e-12));
    CHECK(L.p_arrest[1] > off.w.locations.p_arrest[1]);
    CHECK(L.p_arrest[0] < off.w.locations.p_arrest[0]);
    // persons are moved, not made
    CHECK(L.military.sum() == Approx(off.w.locations.military.sum()).epsilon(1e-12));
  }
  SECTION("reserves follow the persons threatened: two towns mobilised alike, against groups of different size") {
    test::Built b = build({contingents(), on, "locations.a.population.maj=10000"});
    const Eigen::Index ng = 2, maj = 0, min = 1;
    b.w.locations.shock(0, min * ng + maj) = 0.3;  // the minority of a against its 10,000 majority
    b.w.locations.shock(1, min * ng + maj) = 0.3;  // and of b against its 40,000
    deploy_contingents(*b.s, b.w);
    const auto& c = b.w.communities;
    const double maj_a = c.resident[b.w.locations.community_of(0, maj)];
    const double maj_b = c.resident[b.w.locations.community_of(1, maj)];
    const double to_b = maj_b / (maj_a + maj_b);
    REQUIRE(to_b > 0.7);
    // half of the battalion in a (500) leaves; of those, the share to_b reaches b
    CHECK(b.w.locations.riot[1] == Approx(500 * to_b).epsilon(1e-12));
    CHECK(b.w.locations.riot[0] == Approx(500 + 500 * (1 - to_b)).epsilon(1e-12));
  }
  SECTION("the share is the scenario's") {
    const auto quarter = deployed({contingents(), R"(strategy={"reserves_to_flashpoints": {"share": 0.25}})"}, 0.3);
    CHECK(quarter.w.locations.riot[1] == Approx(250).epsilon(1e-12));
  }
  SECTION("nothing moves below the threshold, before the rule's first day, or when it is written but off") {
    const double below = p.strategy_mobilisation_threshold * 0.9;
    CHECK(deployed({contingents(), on}, below).w.locations.riot[1] == 0);
    CHECK(deployed({contingents(), R"(strategy={"reserves_to_flashpoints": {"from": "2000-02-01"}})"}, 0.3)
              .w.locations.riot[1] == 0);
    CHECK(deployed({contingents(), R"(strategy={"reserves_to_flashpoints": {"enabled": false}})"}, 0.3)
              .w.locations.riot[1] == 0);
  }
  SECTION("caveats bind: a contingent kept in sector, or barred from riot control, sends nothing") {
    CHECK(deployed({contingents(R"({"no_out_of_sector": true})"), on}, 0.3).w.locations.riot[1] == 0);
    const auto barred = deployed({contingents(R"({"no_riot_control": true})"), on}, 0.3);
    CHECK(barred.w.locations.military[1] == Approx(1000).epsilon(1e-12));
  }
  SECTION("the coordinated pool answers a flashpoint at the joint operations centre's pace, rule or not (ADR 0025)") {
    const auto spread = deployed({contingents()}, 0.3, 1.0);
    const auto focused = deployed({contingents(), on}, 0.3, 1.0);
    const double pool = p.coordination_response_bonus * 1000;
    // no joint-operations cell: nobody at b shares the centre's picture, so it answers at its slowest,
    // and what has not reached b is still spread by residents (half at each town)
    const double h = 1 - std::exp(-1.0 / (p.coordination_response_days / p.coordination_picture_floor));
    CHECK(spread.w.locations.joint_help[1] == Approx(h).epsilon(1e-12));
    CHECK(spread.w.locations.riot[1] == Approx(pool * (0.5 * (1 - h) + h)).epsilon(1e-12));
    CHECK(focused.w.locations.riot[1] == Approx(500 + pool * (0.5 * (1 - h) + h)).epsilon(1e-12));
    CHECK(focused.w.locations.riot[0] == Approx(500 + pool * 0.5 * (1 - h)).epsilon(1e-12));
  }
}

namespace {

// an agency with a shelter function that has nothing to rebuild (housing intact) and a small
// development programme against a large need (economy 0.3 in both towns: 70 units of need a day)
const std::string kAgency = R"(agencies=[{"id": "eu", "name": "EU", "functions": [{"kind": "shelter", "capacity": 100},
                                 {"kind": "development", "capacity": 10}]}])";

/// Development effort on each of `days` ticks of coordination and agencies called by hand.
std::vector<double> development_effort(const std::vector<std::string>& sets, int days) {
  test::Built b = build(sets);
  std::vector<double> out;
  for (int t = 0; t < days; ++t) {
    b.w.tick = t;
    b.w.date = b.s->date_of(t);
    run_coordination(*b.s, b.w);
    run_agencies(*b.s, b.w);
    out.push_back(b.w.agencies.effort.row(1).sum());
    CHECK(b.w.agencies.effort.row(0).sum() == 0);  // nothing to rebuild, whatever the rule
  }
  return out;
}

}  // namespace

TEST_CASE("strategy: an agency moves what a met need leaves unspent to its unmet need, a day later",
          "[mechanism][isolated][strategy][agencies]") {
  const auto off = development_effort({kAgency}, 3);
  CHECK(off[0] == Approx(10).epsilon(1e-12));
  CHECK(off[2] == Approx(10).epsilon(1e-12));
  SECTION("on: half of shelter's 100 idle units go to development from the second day") {
    const auto on =
        development_effort({kAgency, R"(strategy={"effort_to_unmet_needs": {"share": 0.5}})"}, 3);
    CHECK(on[0] == Approx(10).epsilon(1e-12));  // the first day knows nothing of yesterday
    CHECK(on[1] == Approx(60).epsilon(1e-12));
    CHECK(on[2] == Approx(60).epsilon(1e-12));
  }
  SECTION("no more than the need: a full share of idle units is capped by the need believed left") {
    const auto all = development_effort({kAgency, R"(strategy={"effort_to_unmet_needs": {"share": 1}})"}, 2);
    // 10 + 100 units offered against about 70 units of believed need
    CHECK(all[1] < 71);
    CHECK(all[1] > 69);
  }
  SECTION("before the rule's first day nothing moves") {
    const auto later = development_effort(
        {kAgency, R"(strategy={"effort_to_unmet_needs": {"share": 0.5, "from": "2000-01-03"}})"}, 4);
    CHECK(later[1] == Approx(10).epsilon(1e-12));
    CHECK(later[2] == Approx(10).epsilon(1e-12));  // first day in force: yesterday unknown
    CHECK(later[3] == Approx(60).epsilon(1e-12));
  }
}
