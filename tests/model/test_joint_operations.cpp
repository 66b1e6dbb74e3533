// The joint operations centre's response time to a flashpoint (ADR 0025, docs/ODD.md 7.15), on the
// synthetic two-town world with the coordination and deployment phases called by hand, day by day, while
// town b's minority is held mobilised against its majority. A riot-control battalion sits in sector s1
// (town a), a patrolling one in s2 (town b); the coordinated pool (the riot battalion's) reaches b only
// as fast as the centre responds, and the centre responds as fast as the forces at b share its picture.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "peacesim/model/systems.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

const std::string kTowns = test::two_towns_json({});  // towns a (sector s1) and b (s2), 50,000 each

const std::string kContingents = R"(contingents=[{"id": "riot", "kind": "military", "sector": "s1", "strength": 1000,
    "rigour": 0.5, "posture": {"riot_control": 1}},
  {"id": "patrol", "kind": "military", "sector": "s2", "strength": 1000, "rigour": 0.5, "posture": {"patrol": 1}},
  {"id": "other", "kind": "military", "sector": "s2", "strength": 1000, "rigour": 0.5, "posture": {"patrol": 1}}])";

/// A joint operations cell meeting every `cadence` days with these members (and a delay), and a mission
/// coordination cell of everyone meeting daily, so the pool (the riot battalion's coordination) does not
/// depend on the joint operations cell.
std::string cells(const std::string& members, int cadence = 1, int delay = 0, bool joc = true) {
  const std::string mc = R"({"id": "mc", "kind": "mission_coordination", "members": ["riot", "patrol", "other"],
      "cadence_days": 1, "quality": 0.5})";
  const std::string jo = R"({"id": "joc", "kind": "joint_operations", "members": [)" + members +
                         R"(], "cadence_days": )" + std::to_string(cadence) + R"(, "quality": 0.5, "delay_days": )" +
                         std::to_string(delay) + "}";
  return "cells=[" + mc + (joc ? ", " + jo : "") + "]";
}

struct Day {
  double help, riot_b, riot_a;
};

/// Runs coordination and deployment for `days` days with b mobilised by `shock` on days [0, calm_from).
std::vector<Day> respond(const std::vector<std::string>& sets, int days, int calm_from = 1 << 20,
                         double shock = 0.3) {
  test::Built b = test::build(kTowns, "joint-operations", sets);
  const Eigen::Index ng = 2, maj = 0, min = 1;
  std::vector<Day> out;
  for (int t = 0; t < days; ++t) {
    b.w.tick = t;
    b.w.date = b.s->date_of(t);
    b.w.locations.shock(1, min * ng + maj) = t < calm_from ? shock : 0.0;
    run_coordination(*b.s, b.w);
    deploy_contingents(*b.s, b.w);
    out.push_back({b.w.locations.joint_help[1], b.w.locations.riot[1], b.w.locations.riot[0]});
  }
  return out;
}

}  // namespace

TEST_CASE("joint operations: help reaches a flashpoint at 1 / response time, set by who shares the picture",
          "[mechanism][isolated][joint-operations][contingents][coordination]") {
  const test::Built probe = test::build(kTowns, "joint-operations", {kContingents});
  const auto& p = probe.s->params;
  REQUIRE(p.coordination_call_threshold < 0.3);
  // the pool: the riot battalion's coordination (0.5, the daily mission cell) x bonus x 1000 on riot duty
  const double pool = 0.5 * p.coordination_response_bonus * 1000;
  const auto riot_b = [&](double help) { return pool * (0.5 * (1 - help) + help); };  // half the rest by residents

  // every force at b in the cell (patrol and other), meeting daily at quality 0.5: picture 0.5
  const auto all = respond({kContingents, cells(R"("riot", "patrol", "other")")}, 6);
  const double T_all = p.coordination_response_days / 0.5;
  for (int t = 0; t < 6; ++t) {
    INFO("day " << t);
    CHECK(all[t].help == Approx(1 - std::exp(-(t + 1) / T_all)).epsilon(1e-9));
    CHECK(all[t].riot_b == Approx(riot_b(all[t].help)).epsilon(1e-9));
    CHECK(all[t].riot_a == Approx(1000 + pool * 0.5 * (1 - all[t].help)).epsilon(1e-9));  // persons moved, not made
  }
  // no teleport: the first day's help is short of the whole pool, and it builds up day by day
  CHECK(all[0].riot_b < pool * 0.9);
  for (int t = 1; t < 6; ++t) CHECK(all[t].help > all[t - 1].help);

  SECTION("half the forces at b outside the cell: picture 0.25, twice the response time") {
    const auto half = respond({kContingents, cells(R"("riot", "patrol")")}, 6);
    const double T = p.coordination_response_days / 0.25;
    REQUIRE(T == Approx(2 * T_all));
    for (int t = 0; t < 6; ++t) {
      CHECK(half[t].help == Approx(1 - std::exp(-(t + 1) / T)).epsilon(1e-9));
      CHECK(half[t].riot_b < all[t].riot_b);
    }
  }
  SECTION("no force at b in the cell: the slowest response, at the picture floor") {
    const auto none = respond({kContingents, cells(R"("riot")")}, 6);
    const double T = p.coordination_response_days / p.coordination_picture_floor;
    for (int t = 0; t < 6; ++t) CHECK(none[t].help == Approx(1 - std::exp(-(t + 1) / T)).epsilon(1e-9));
  }
  SECTION("the cell's delay adds to the response time") {
    const auto late = respond({kContingents, cells(R"("riot", "patrol", "other")", 1, 2)}, 6);
    for (int t = 0; t < 6; ++t) CHECK(late[t].help == Approx(1 - std::exp(-(t + 1) / (T_all + 2))).epsilon(1e-9));
  }
  SECTION("a cell that meets rarely shares a fading picture: slower on every day after its meeting") {
    const auto weekly = respond({kContingents, cells(R"("riot", "patrol", "other")", 7)}, 6);
    CHECK(weekly[0].help == Approx(all[0].help).epsilon(1e-9));  // the meeting day
    for (int t = 1; t < 6; ++t) CHECK(weekly[t].help < all[t].help);
  }
  SECTION("removing a member or the cell never helps the flashpoint, on any day") {
    const std::vector<std::vector<Day>> worse = {respond({kContingents, cells(R"("riot", "other")")}, 6),
                                                 respond({kContingents, cells(R"("riot")")}, 6),
                                                 respond({kContingents, cells("", 1, 0, false)}, 6),
                                                 respond({kContingents, cells(R"("riot", "patrol", "other")", 3)}, 6)};
    for (const auto& run : worse)
      for (int t = 0; t < 6; ++t) CHECK(run[t].riot_b <= all[t].riot_b + 1e-9);
  }
  SECTION("when the flashpoint fades the pool goes back to residents at once and the head start fades") {
    const auto fade = respond({kContingents, cells(R"("riot", "patrol", "other")")}, 6, 3);
    CHECK(fade[2].help == Approx(all[2].help).epsilon(1e-9));
    for (int t = 3; t < 6; ++t) {
      CHECK(fade[t].riot_b == Approx(pool * 0.5).epsilon(1e-9));
      CHECK(fade[t].help == Approx(fade[t - 1].help * std::exp(-1.0 / p.coordination_withdraw_days)).epsilon(1e-9));
    }
  }
  SECTION("below the call threshold nothing moves: the pool is spread by residents as before") {
    const auto calm = respond({kContingents, cells(R"("riot", "patrol", "other")")}, 3, 1 << 20,
                              p.coordination_call_threshold * 0.9);
    for (const Day& d : calm) {
      CHECK(d.help == 0);
      CHECK(d.riot_b == Approx(pool * 0.5).epsilon(1e-9));
    }
  }
}
