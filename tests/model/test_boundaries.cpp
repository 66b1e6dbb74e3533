// Guarded boundaries (docs/ODD.md 7.14, ADR 0024) on the synthetic two-town world: towns a and b are
// neighbours in one sector, a boundary runs between them, and a battalion on checkpoint duty guards
// it. First the guard on duty and a flashpoint's mobilisation across the boundary, exactly (phases
// called by hand, the expected numbers computed here from the formulas); then attacks across the
// boundary over a year: fewer where it is guarded, as many as across any adjacency where nobody
// guards it yet, and more again once the guard is withdrawn. Every number is invented for the test.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "peacesim/model/systems.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

// a (40,000 majority, 10,000 minority) next to b (40,000 majority only): b's majority reaches a's
// minority only across the boundary
test::TwoTowns towns() {
  test::TwoTowns t;
  t.name = "boundaries";
  t.one_sector_neighbours = true;
  t.maj_fear = 0.4;
  t.trust_maj_to_min = 0.05;
  t.pop_b_min = 0;
  return t;
}

/// A battalion in sector s1 (both towns): half on checkpoints, half on patrol; `priorities` a JSON
/// object or "" for none. A second contingent, "police", patrols and never guards the boundary.
std::string contingents(const std::string& priorities = "") {
  const std::string pr = priorities.empty() ? "" : R"(, "priorities": )" + priorities;
  return R"("contingents": [
    {"id": "bat", "kind": "military", "sector": "s1", "strength": 1000, "rigour": 0.5,
     "posture": {"checkpoint": 0.5, "patrol": 0.5})" +
         pr + R"(},
    {"id": "police", "kind": "police", "strength": 200, "posture": {"checkpoint": 1}}])";
}

/// The towns with the contingents and, unless `guards` is empty, a boundary between a and b with
/// these guards (a JSON array).
std::string towns_with(const std::string& guards, const std::string& priorities = "") {
  std::string blocks = contingents(priorities);
  if (!guards.empty()) blocks += R"(, "boundaries": [{"id": "line", "between": ["a", "b"], "guards": )" + guards + "}]";
  return test::with_blocks(test::two_towns_json(towns()), blocks);
}

const std::string kGuarded = R"([{"contingent": "bat"}])";

/// Attacks by b's majority on a's minority (across the boundary) in days [from, to) of a year's run.
double crossing_attacks(const std::string& json, const std::vector<std::string>& sets, int from = 0, int to = 366) {
  auto loaded = scenario::load_scenario_text(json, "boundaries", sets);
  Simulation sim(loaded.scenario, 1);
  double n = 0;
  for (int day = 0; !sim.done(); ++day) {
    sim.step();
    if (day < from || day >= to) continue;
    const auto& c = sim.world().communities;
    for (const auto& e : sim.world().pairs)
      if (c.location[e.by] == 1 && c.location[e.against] == 0) n += e.count;
  }
  return n;
}

}  // namespace

TEST_CASE("boundaries: the guard on duty is the guarding contingent's checkpoint persons at its two locations, less force protection",
          "[mechanism][isolated][boundaries]") {
  // all of bat's 500 checkpoint persons are at a or b; the police's are not on the boundary's watch
  test::Built b = test::build(towns_with(kGuarded), "boundaries");
  deploy_contingents(*b.s, b.w);
  REQUIRE(b.w.boundary_guard.size() == 1);
  CHECK(b.w.boundary_guard[0] == Approx(500).epsilon(1e-12));

  SECTION("force protection holds back its share where groups are mobilised") {
    test::Built held = test::build(towns_with(kGuarded, R"({"force_protection": 1, "mandate": 1})"), "boundaries");
    const double d = held.s->params.priorities_danger_half;
    const Eigen::Index ng = 2, maj = 0, min = 1;
    held.w.locations.shock(0, maj * ng + min) = d;  // danger d at a only: half of fp = 0.5 held back there
    deploy_contingents(*held.s, held.w);
    const auto& res = held.w.locations.resident;
    const double share_a = res[0] / (res[0] + res[1]);
    CHECK(held.w.boundary_guard[0] == Approx(500 * (share_a * (1 - 0.5 * 0.5) + (1 - share_a))).epsilon(1e-12));
  }
  SECTION("outside its watch nobody is on guard") {
    test::Built later = test::build(towns_with(R"([{"contingent": "bat", "from": "2000-06-01"}])"), "boundaries");
    deploy_contingents(*later.s, later.w);
    CHECK(later.w.boundary_guard[0] == 0);
  }
  SECTION("two guards on watch add up") {
    test::Built both = test::build(towns_with(R"([{"contingent": "bat"}, {"contingent": "police"}])"), "boundaries");
    deploy_contingents(*both.s, both.w);
    CHECK(both.w.boundary_guard[0] == Approx(700).epsilon(1e-12));
  }
}

TEST_CASE("boundaries: a flashpoint's mobilisation reaches across a guarded boundary at neighbour_reach over 1 + stopping x guard",
          "[mechanism][isolated][boundaries][flashpoints]") {
  // every attack kills and every killing is a flashpoint: the minority victims (all in a) are mobilised
  // in a at flashpoint_intensity and in b at neighbour_reach / (1 + stopping * guard)
  const std::vector<std::string> sets = {"parameters.violence.attack_rate=20", "parameters.violence.lethality=1",
                                         "parameters.violence.flashpoint_probability=1"};
  for (const std::string& guards : {std::string(kGuarded), std::string("[]")}) {
    test::Built b = test::build(towns_with(guards), "boundaries", sets);
    const auto& p = b.s->params;
    deploy_contingents(*b.s, b.w);
    const double guard = b.w.boundary_guard.empty() ? 0.0 : b.w.boundary_guard[0];
    const Eigen::Index col = 1 * 2 + 0;  // the minority against the majority
    for (int t = 0; t < 20 && !(b.w.locations.shock(0, col) > 0); ++t) resolve_incidents(*b.s, b.w, 7);
    REQUIRE(b.w.locations.shock(0, col) > 0);
    CHECK(b.w.locations.shock(1, col) ==
          Approx(b.w.locations.shock(0, col) * p.violence_neighbour_reach / (1 + p.boundary_stopping * guard))
              .epsilon(1e-12));
  }
}

TEST_CASE("boundaries: a guarded boundary cuts the attacks across it, unguarded it is any adjacency, withdrawn it lets them through",
          "[mechanism][isolated][boundaries]") {
  // b's majority strikes across at half the local reach, often enough to count (invented numbers)
  const std::vector<std::string> sets = {"parameters.violence.attack_rate=2", "parameters.violence.neighbour_reach=0.5"};
  const double open = crossing_attacks(towns_with(""), sets);
  REQUIRE(open > 50);  // enough attacks across the adjacency to tell
  // a boundary whose guard has not yet come is an ordinary adjacency: the same run, draw for draw
  CHECK(crossing_attacks(towns_with(R"([{"contingent": "bat", "from": "2000-12-31"}])"), sets, 0, 365) ==
        crossing_attacks(towns_with(""), sets, 0, 365));
  // guarded all year: 500 persons on duty stop most of a small band's attacks
  const double guarded = crossing_attacks(towns_with(kGuarded), sets);
  CHECK(guarded < 0.5 * open);
  // the guard stands down on 1 July: the second half of the year has more crossings than guarded
  const std::string withdrawn = towns_with(R"([{"contingent": "bat", "to": "2000-07-01"}])");
  const double after = crossing_attacks(withdrawn, sets, 182, 366);
  const double guarded_after = crossing_attacks(towns_with(kGuarded), sets, 182, 366);
  CHECK(after > 1.5 * guarded_after);
  // no stopping power: the guard is there and stops nothing
  std::vector<std::string> no_stopping = sets;
  no_stopping.push_back("parameters.boundary.stopping=0");
  CHECK(crossing_attacks(towns_with(kGuarded), no_stopping) == open);
  INFO("open " << open << ", guarded " << guarded << ", withdrawn after July " << after << ", guarded after July "
               << guarded_after);
  CHECK(guarded > 0);  // a guard stops most, not all
}

TEST_CASE("boundaries: the scenario names an adjacency and a contingent deployed on it, or the loader says which field",
          "[scenario][boundaries]") {
  auto error_of = [](const std::string& json) {
    try {
      scenario::load_scenario_text(json, "boundaries", {});
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  test::TwoTowns apart = towns();
  apart.one_sector_neighbours = false;  // a in s1, b in s2, not neighbours
  const std::string separate = test::two_towns_json(apart);
  const std::string k = R"("contingents": [{"id": "bat", "kind": "military", "sector": "s1", "strength": 100}])";
  const std::string not_adjacent =
      test::with_blocks(separate, k + R"(, "boundaries": [{"id": "x", "between": ["a", "b"], "guards": []}])");
  CHECK(error_of(not_adjacent).find("/boundaries/0/between") != std::string::npos);
  CHECK(error_of(not_adjacent).find("neighbouring") != std::string::npos);
  const std::string unknown = test::with_blocks(
      test::two_towns_json(towns()),
      k + R"(, "boundaries": [{"id": "x", "between": ["a", "b"], "guards": [{"contingent": "nobody"}]}])");
  CHECK(error_of(unknown).find("/boundaries/0/guards/0/contingent") != std::string::npos);
  const std::string backwards = test::with_blocks(
      test::two_towns_json(towns()),
      k + R"(, "boundaries": [{"id": "x", "between": ["a", "b"], "guards": [{"contingent": "bat", "from": "2000-05-01", "to": "2000-04-01"}]}])");
  CHECK(error_of(backwards).find("/boundaries/0/guards/0/to") != std::string::npos);
  const std::string twice = test::with_blocks(
      test::two_towns_json(towns()),
      k + R"(, "boundaries": [{"id": "x", "between": ["a", "b"], "guards": []}, {"id": "y", "between": ["b", "a"], "guards": []}])");
  CHECK(error_of(twice).find("/boundaries/1/between") != std::string::npos);
  // a guard whose contingent is disabled in this scenario is simply not on watch
  const std::string disabled = test::with_blocks(
      test::two_towns_json(towns()),
      R"("contingents": [{"id": "bat", "kind": "military", "sector": "s1", "strength": 100, "enabled": false}], "boundaries": [{"id": "x", "between": ["a", "b"], "guards": [{"contingent": "bat"}]}])");
  CHECK(error_of(disabled).empty());
}
