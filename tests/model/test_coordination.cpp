// Coordination that can fail (issue 11 item 2, ADR 0023) on the synthetic two-town world: consistency
// is with the mission's standard, so a cell removed never makes the mission more consistent; gaps in
// agency work are an outcome; a cell's meetings can share an old picture.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "peacesim/model/metrics.hpp"
#include "peacesim/model/systems.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

const std::string kTowns = test::two_towns_json({});  // towns a (sector s1) and b (s2), 50,000 each

// three contingents of different national rigour (all below the mission standard) and priorities
const std::string kThree = R"(contingents=[
  {"id": "lax", "kind": "military", "sector": "s1", "strength": 1000, "rigour": 0.3,
   "posture": {"patrol": 0.5, "riot_control": 0.5}, "priorities": {"force_protection": 2, "mandate": 1}},
  {"id": "fair", "kind": "military", "sector": "s2", "strength": 2000, "rigour": 0.6,
   "posture": {"patrol": 0.5, "static_guard": 0.5}, "priorities": {"sector": 1, "mandate": 1}},
  {"id": "police", "kind": "police", "strength": 500, "rigour": 0.8, "posture": {"patrol": 1}}])";

double consistency(const std::vector<double>& coordination, double danger) {
  test::Built c = test::build(kTowns, "coordination", {kThree});
  for (Eigen::Index k = 0; k < 3; ++k) c.w.contingents.coordination[k] = coordination[std::size_t(k)];
  c.w.locations.shock(0, 1 * 2 + 0) = danger;
  c.w.locations.shock(1, 1 * 2 + 0) = 0.5 * danger;
  deploy_contingents(*c.s, c.w);
  return compute_metrics(*c.s, c.w).enforcement_consistency;
}

}  // namespace

TEST_CASE("coordination: less coordination never makes enforcement more consistent with the mandate",
          "[mechanism][isolated][coordination][consistency]") {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    // coordination levels as cells would leave them, and the same with one member's level lowered,
    // as removing a cell it sits in would
    std::vector<double> c = {u(rng), u(rng), u(rng)};
    std::vector<double> less = c;
    less[std::size_t(trial % 3)] *= u(rng);
    const double danger = trial % 2 == 0 ? 0.0 : 2 * u(rng);
    const double with = consistency(c, danger), without = consistency(less, danger);
    CHECK(without <= with + 1e-12);
    ++checked;
  }
  CHECK(checked == 300);
  // and the spread-based measure of before did not have this property: equally lax contingents
  // without any coordination were "consistent". Here all three at 0 are far from the standard.
  const double none = consistency({0, 0, 0}, 0), full = consistency({1, 1, 1}, 0);
  CHECK(none < full);
  const test::Built b = test::build(kTowns, "coordination", {kThree});
  const auto& p = b.s->params;
  // exactly: strengths 1000/2000/500 committing their national rigour (no danger, no coordination)
  const double r = p.deterrence_mission_rigour;
  const double off = (1000 * (0.3 - r) * (0.3 - r) + 2000 * (0.6 - r) * (0.6 - r) + 500 * (0.8 - r) * (0.8 - r)) / 3500;
  CHECK(none == Approx(std::max(0.0, 1 - 2 * std::sqrt(off))).epsilon(1e-12));
}

TEST_CASE("coordination: removing a cell from a run never raises consistency, at any day",
          "[mechanism][coordination][consistency]") {
  const std::string cells = R"(cells=[{"id": "joc", "name": "JOC", "kind": "joint_operations", "members": ["lax", "fair"],
      "cadence_days": 3, "quality": 0.6}, {"id": "police_cell", "name": "Police", "kind": "joint_operations",
      "members": ["fair", "police"], "cadence_days": 7, "quality": 0.5}])";
  const auto both = test::rows_of(kTowns, "coordination", {kThree, cells}, 60);
  const auto joc_only = test::rows_of(kTowns, "coordination", {kThree, cells, "cells.police_cell.cadence_days=0"}, 60);
  const auto none = test::rows_of(kTowns, "coordination", {kThree, cells, "cells.police_cell.cadence_days=0",
                                                            "cells.joc.cadence_days=0"}, 60);
  REQUIRE(both.size() == 60);
  for (std::size_t t = 0; t < both.size(); ++t) {
    CHECK(joc_only[t].enforcement_consistency <= both[t].enforcement_consistency + 1e-12);
    CHECK(none[t].enforcement_consistency <= joc_only[t].enforcement_consistency + 1e-12);
  }
  CHECK(none.back().enforcement_consistency < both.back().enforcement_consistency - 0.01);
}

TEST_CASE("coordination: gaps are the share of need no agency worked on, by function kind",
          "[mechanism][isolated][coordination][gaps]") {
  const std::string food = R"(agencies=[{"id": "wfp", "name": "Food", "functions": [{"kind": "food", "capacity": 20}]}])";
  auto gaps_after = [&](auto&& setup) {
    test::Built b = test::build(kTowns, "coordination", {food});
    run_coordination(*b.s, b.w);
    setup(b.w);
    run_agencies(*b.s, b.w);
    return compute_metrics(*b.s, b.w).gaps;
  };
  // an agency that knows both towns' need works in both: no gap
  CHECK(gaps_after([](World&) {}) == 0);
  // one whose picture of town b says there is no need leaves b's need (half of all) unworked
  CHECK(gaps_after([](World& w) { w.agencies.belief(0, 1) = 0; }) == Approx(0.5).epsilon(1e-12));
  // an agency without capacity leaves everything
  test::Built idle = test::build(kTowns, "coordination", {food, "agencies.wfp.functions.0.capacity=0"});
  run_coordination(*idle.s, idle.w);
  run_agencies(*idle.s, idle.w);
  CHECK(compute_metrics(*idle.s, idle.w).gaps == Approx(1).epsilon(1e-12));
}

TEST_CASE("coordination: a cell with a delay shares the picture of delay_days before the meeting",
          "[mechanism][isolated][coordination][delay]") {
  const std::string setup = R"(agencies=[{"id": "eu", "name": "EU", "functions": [{"kind": "shelter", "capacity": 1}]}])";
  auto belief_on = [&](int delay, int day) {
    test::Built b = test::build(kTowns, "coordination",
                                {setup, R"(cells=[{"id": "c", "name": "C", "kind": "inter_agency", "members": ["eu"],
                                    "cadence_days": 1, "quality": 1, "delay_days": )" + std::to_string(delay) + "}]"});
    double out = 0;
    for (int t = 0; t <= day; ++t) {
      b.w.tick = t;
      b.w.date = b.s->date_of(t);
      // on day 3 a third of town a's housing is destroyed: shelter need jumps from 0
      if (t == 3) b.w.locations.housing[0] = 2.0 / 3.0;
      run_coordination(*b.s, b.w);
      out = b.w.agencies.belief(0, 0);
    }
    return out;
  };
  const double need = (1 - 2.0 / 3.0) * 50000;
  CHECK(belief_on(0, 3) == Approx(need).epsilon(1e-9));  // no delay: known the same day
  CHECK(belief_on(2, 4) == Approx(0).margin(1e-9));       // two days late: still the old picture
  CHECK(belief_on(2, 5) == Approx(need).epsilon(1e-9));  // and the new one on day 5
}
