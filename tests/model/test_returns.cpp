// Tests property and returns (ODD 7.8, ADR 0017) on the synthetic two towns: the property gate on the
// return of minorities whose homes are occupied, organised return programmes, the memory of past flights
// that keeps the same people from cycling, and the homes attacks burn. Every number is invented for the tests.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "peacesim/model/math.hpp"
#include "peacesim/model/systems.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

// community indices of the two towns: location-major, then group
constexpr Index kMajA = 0, kMinA = 1;

/// The two towns with a `property` block of `claims` claims, `implemented` (a JSON array) and programme `start`.
std::string towns_with_property(const std::string& implemented, const std::string& programme = "") {
  std::string block = R"("property": {"claims": 1000, "implemented": )" + implemented;
  if (!programme.empty()) block += R"(, "organised_returns": ")" + programme + "\"";
  return test::with_blocks(test::two_towns_json({}), block + "}");
}

// a minority and a majority that fled, fear gone, everyone safe: only the gates hold anyone back
const std::vector<std::string> kFledCalm = {
    R"(displacement=[{"group": "maj", "refugee_share": 0.6}, {"group": "min", "refugee_share": 0.6}])",
    "groups.min.initial_fear=0", "groups.maj.initial_fear=0"};

/// Returns from abroad of A's majority and minority in one call of move_people at full safety.
std::pair<double, double> one_day(const std::string& json, std::vector<std::string> sets = {}) {
  sets.insert(sets.end(), kFledCalm.begin(), kFledCalm.end());
  test::Built b = test::build(json, "returns", sets);
  b.w.communities.safety.setConstant(1.0);
  const double maj = b.w.communities.refugee[kMajA], min = b.w.communities.refugee[kMinA];
  move_people(*b.s, b.w);
  return {maj - b.w.communities.refugee[kMajA], min - b.w.communities.refugee[kMinA]};
}

}  // namespace

TEST_CASE("property: unresolved claims block exactly occupied_share of the minority's returns, not the majority's",
          "[mechanism][returns][property]") {
  const auto [maj_free, min_free] = one_day(test::two_towns_json({}));
  REQUIRE(min_free > 0);
  // half the claims implemented: unresolved 0.5, so occupied_share (0.5) x 0.5 of the minority's ready are blocked
  const auto [maj_half, min_half] = one_day(towns_with_property(R"([{"date": "2000-01-01", "count": 500}])"));
  CHECK(maj_half == Approx(maj_free).epsilon(1e-12));
  CHECK(min_half == Approx(min_free * (1 - 0.5 * 0.5)).epsilon(1e-12));
  // none implemented and every home occupied: no minority returns at all
  const auto [maj_none, min_none] =
      one_day(towns_with_property(R"([{"date": "2000-01-01", "count": 0}])"), {"parameters.property.occupied_share=1"});
  CHECK(maj_none == Approx(maj_free).epsilon(1e-12));
  CHECK(min_none == 0.0);
  // all implemented: as if there were no claims
  const auto [maj_all, min_all] = one_day(towns_with_property(R"([{"date": "2000-01-01", "count": 1000}])"),
                                          {"parameters.property.occupied_share=1"});
  CHECK(min_all == Approx(min_free).epsilon(1e-12));
}

TEST_CASE("property: a minority whose homes are occupied does not return until its claims are resolved, then does",
          "[mechanism][returns][property]") {
  // every home occupied; the directorate implements nothing until 30 June, then all claims on 1 July
  const std::string json =
      towns_with_property(R"([{"date": "2000-01-01", "count": 0}, {"date": "2000-06-30", "count": 0},
                                {"date": "2000-07-01", "count": 1000}])");
  std::vector<std::string> sets = kFledCalm;  // and no violence: only the claims hold the minority back
  for (const char* set : {"parameters.property.occupied_share=1", "parameters.violence.attack_rate=0",
                          "parameters.unrest.incident_rate=0", "parameters.crime.homicide_rate=0"})
    sets.push_back(set);
  auto loaded = scenario::load_scenario_text(json, "returns", sets);
  Simulation sim(loaded.scenario, 1);
  sim.limit_ticks(240);
  const double start_min = sim.world().communities.resident[kMinA];
  double min_june = 0, maj_june = 0;
  while (!sim.done()) {
    sim.step();
    if (sim.world().date == Date::parse("2000-06-29").value()) {
      min_june = sim.world().communities.resident[kMinA];
      maj_june = sim.world().communities.resident[kMajA];
      CHECK(sim.metrics().unresolved_claims == 1.0);
    }
  }
  CHECK(min_june == Approx(start_min).epsilon(1e-12));  // six months calm, nobody of the minority back
  CHECK(maj_june > 1.5 * 16000);                         // the majority came back meanwhile (16,000 at home at start)
  CHECK(sim.metrics().unresolved_claims == 0.0);
  CHECK(sim.world().communities.resident[kMinA] > min_june + 0.5 * (10000 - min_june));  // back after July
}

TEST_CASE("property: an organised return programme multiplies the minority's return rate by 1 + programme_boost",
          "[mechanism][returns][programme]") {
  const std::string none = R"([{"date": "2000-01-01", "count": 1000}])";  // every claim resolved
  const auto [maj_before, min_before] = one_day(towns_with_property(none, "2000-06-01"));
  const auto [maj_under, min_under] = one_day(towns_with_property(none, "2000-01-01"));
  REQUIRE(min_before > 0);
  CHECK(maj_under == Approx(maj_before).epsilon(1e-12));
  CHECK(min_under == Approx(min_before * 2).epsilon(1e-12));  // property.programme_boost = 1
}

TEST_CASE("movement: the memory of past flights stops a community cycling between flight and return",
          "[mechanism][returns][hysteresis]") {
  // a constant threat: whenever more than half of the minority is home, its attackers strike and fear jumps
  // by 0.3 a day; otherwise fear relaxes toward 0.1 over 45 days. Movement alone decides who is home. The old
  // rule (no flight memory) sends the same people away and back again and again; with the memory the
  // swings die out.
  auto reversals = [](double reflight) {
    test::Built b = test::build(test::two_towns_json({}), "returns",
                                {"groups.min.initial_fear=0", "groups.maj.initial_fear=0",
                                 "parameters.movement.reflight_margin=" + test::number(reflight)});
    auto& c = b.w.communities;
    c.safety.setConstant(0.8);
    for (int day = 0; day < 3650; ++day) {
      c.fear[kMinA] += (0.1 - c.fear[kMinA]) / 45;
      if (c.resident[kMinA] > 0.5 * c.prewar[kMinA]) c.fear[kMinA] = clamp01(c.fear[kMinA] + 0.3);
      move_people(*b.s, b.w);
      b.w.date = b.w.date + 1;
    }
    return b.w.reversals;
  };
  const double old_rule = reversals(0), with_memory = reversals(1);
  INFO("reversals, old rule " << old_rule << ", with flight memory " << with_memory);
  CHECK(old_rule >= 6);
  CHECK(with_memory <= old_rule / 3);
}

TEST_CASE("violence: attacks burn arson x mobilisation dwellings of the targets' town, exactly",
          "[mechanism][returns][arson]") {
  test::Built b = test::build(test::two_towns_json({}), "returns",
                              {"parameters.violence.attack_rate=5", "parameters.unrest.incident_rate=0",
                               "parameters.crime.homicide_rate=0", "groups.maj.initial_fear=0.9",
                               "groups.min.initial_fear=0.9", "parameters.violence.arson=2"});
  const auto& p = b.s->params;
  const Eigen::ArrayXd before = b.w.locations.housing;
  resolve_incidents(*b.s, b.w, 1);
  REQUIRE(!b.w.pairs.empty());
  Eigen::ArrayXd expected = before;
  double dwellings = 0;
  for (const auto& e : b.w.pairs) {  // no shock: mobilisation 1
    const Index l = b.w.communities.location[e.against];
    expected[l] -= e.count * 2 * p.property_persons_per_dwelling / b.w.locations.prewar[l];
    dwellings += e.count * 2;
  }
  for (Eigen::Index l = 0; l < expected.size(); ++l) CHECK(b.w.locations.housing[l] == Approx(expected[l]).epsilon(1e-12));
  CHECK(b.w.cumulative_dwellings_burned == Approx(dwellings).epsilon(1e-9));
}
