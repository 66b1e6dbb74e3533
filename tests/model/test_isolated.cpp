// Tests each mechanism in isolation (issue #9): one phase function of include/peacesim/model/systems.hpp called
// on a hand-built World, or a small inline scenario in which only the mechanism's input differs, with the
// expected result computed here from the formula in docs/ODD.md. Each was written against a mutant of its
// mechanism (tools/mutants.json) and fails on it; the mutant list names the test that kills it.
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

// two identical towns in two sectors, not neighbours; every number invented for the test
const std::string kTowns = test::two_towns_json({});

using test::Built;

Built build(const std::vector<std::string>& sets = {}, const std::string& json = kTowns) {
  return test::build(json, "isolated", sets);
}

/// Rows of a run of `days` ticks.
std::vector<MetricsRow> rows_of(const std::vector<std::string>& sets, int days, const std::string& json = kTowns) {
  return test::rows_of(json, "isolated", sets, days);
}

/// Incidents per location per tick over `days` ticks.
std::vector<std::vector<double>> incidents_by_location(const std::vector<std::string>& sets, int days) {
  auto loaded = scenario::load_scenario_text(kTowns, "isolated", sets);
  Simulation sim(loaded.scenario, 3);
  sim.limit_ticks(days);
  std::vector<std::vector<double>> series(loaded.scenario->locations.size());
  while (!sim.done()) {
    sim.step();
    for (std::size_t l = 0; l < series.size(); ++l) series[l].push_back(sim.world().locations.incidents[l]);
  }
  return series;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// community indices in kTowns: location-major, then group
constexpr Index kMajA = 0, kMinA = 1, kMajB = 2;

}  // namespace

TEST_CASE("initial trust: the matrix is read row trusts column, from toward to", "[mechanism][isolated][trust]") {
  const Built b = build();
  const auto& c = b.w.communities;
  REQUIRE(c.group[kMajA] == 0);
  REQUIRE(c.group[kMinA] == 1);
  CHECK(c.trust(kMajA, 1) == 0.1);  // maj toward min
  CHECK(c.trust(kMinA, 0) == 0.6);  // min toward maj
  CHECK(c.trust(kMajA, 0) == 1.0);  // own group
  CHECK(b.s->initial_trust(0, 1) == 0.1);
  CHECK(b.s->initial_trust(1, 0) == 0.6);
}

TEST_CASE("violence: each attack lowers trust both ways, raises the victims' fear and memories, exactly",
          "[mechanism][isolated][violence]") {
  // a frightened, distrustful town: attacks are near certain; one call of the incidents phase
  Built b = build({"parameters.violence.attack_rate=5", "parameters.unrest.incident_rate=0",
                   "parameters.crime.homicide_rate=0", "groups.maj.initial_fear=0.9", "groups.min.initial_fear=0.9"});
  auto& c = b.w.communities;
  const auto& p = b.s->params;
  const Eigen::MatrixXd trust_before = c.trust;
  const Eigen::ArrayXd fear_before = c.fear, victim_before = c.victimisation, revenge_before = c.revenge;
  resolve_incidents(*b.s, b.w, 1);
  REQUIRE(!b.w.pairs.empty());
  // the trust each pair erodes, replayed from the formula in pair order
  Eigen::MatrixXd expected = trust_before;
  for (const auto& e : b.w.pairs) {
    const Index g_by = c.group[e.by], g_against = c.group[e.against];
    double& t1 = expected(e.by, g_against);
    t1 = clamp01(t1 - p.trust_incident_damage * per_1000(e.count, c.resident[e.by]) * t1);
    double& t2 = expected(e.against, g_by);
    t2 = clamp01(t2 - p.trust_incident_damage * per_1000(e.count, c.resident[e.against]) * t2);
  }
  bool lowered = false;
  for (Eigen::Index i = 0; i < c.trust.rows(); ++i)
    for (Eigen::Index h = 0; h < c.trust.cols(); ++h) {
      INFO("community " << i << ", toward group " << h);
      CHECK(c.trust(i, h) == Approx(expected(i, h)).epsilon(1e-12));
      lowered = lowered || c.trust(i, h) < trust_before(i, h) - 1e-6;
    }
  CHECK(lowered);
  // victims: fear += fear_per_attack * attacks per 1000, memories faded then raised by the same rate
  const double fade = std::exp(-b.s->tick_days / p.violence_revenge_tau);
  bool victims = false;
  for (Index i = 0; i < c.size(); ++i) {
    if (c.suffered[i] <= 0) continue;
    victims = true;
    const double rate = per_1000(c.suffered[i], c.resident[i]);
    CHECK(c.fear[i] == Approx(clamp01(fear_before[i] + p.community_fear_per_attack * rate)).epsilon(1e-12));
    CHECK(c.victimisation[i] == Approx(victim_before[i] * fade + rate).epsilon(1e-12));
    CHECK(c.revenge[i] == Approx(revenge_before[i] * fade + rate).epsilon(1e-12));  // no neighbours here
  }
  CHECK(victims);
}

TEST_CASE("random streams: two identical, unconnected towns draw their own incidents",
          "[mechanism][isolated][rng]") {
  // each of the three draws (unrest, ordinary crime, inter-ethnic attacks) alone, the others off;
  // keyed by (seed, tick, community, stream), the towns' series must differ
  SECTION("inter-ethnic attacks (Stream::incidents)") {
    const auto s = incidents_by_location({"parameters.violence.attack_rate=2", "parameters.unrest.incident_rate=0",
                                          "parameters.crime.homicide_rate=0", "groups.min.initial_fear=0.8"},
                                         60);
    REQUIRE(sum(s[0]) > 20);
    REQUIRE(sum(s[1]) > 20);
    CHECK(s[0] != s[1]);
  }
  SECTION("unrest (Stream::unrest)") {
    const auto s = incidents_by_location({"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=1",
                                          "parameters.unrest.threshold=0", "parameters.crime.homicide_rate=0"},
                                         60);
    REQUIRE(sum(s[0]) > 20);
    CHECK(s[0] != s[1]);
  }
  SECTION("ordinary crime (Stream::crime)") {
    const auto s = incidents_by_location({"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0",
                                          "parameters.crime.homicide_rate=200"},
                                         60);
    REQUIRE(sum(s[0]) > 20);
    CHECK(s[0] != s[1]);
  }
}

TEST_CASE("communities: hardship follows its target exactly, and food aid lowers it by its share of the food gap",
          "[mechanism][isolated][hardship]") {
  Built fed = build(), hungry = build();
  const auto& p = fed.s->params;
  fed.w.locations.food_cover.setConstant(1.0);
  hungry.w.locations.food_cover.setConstant(0.0);
  // one town half destroyed, so housing and displacement terms count too
  for (Built* b : {&fed, &hungry}) {
    b->w.locations.housing[0] = 0.5;
    b->w.communities.displaced[kMinA] = 2000;
    b->w.communities.resident[kMinA] -= 2000;
    count_residents(b->w);
  }
  update_communities(*fed.s, fed.w);
  update_communities(*hungry.s, hungry.w);
  const auto& L = hungry.w.locations;
  const double rate = std::min(1.0, 1.0 / p.community_hardship_tau);
  const double res = L.resident[0], homeless = std::max(0.0, res - 0.5 * L.prewar[0]) / res;
  for (Index i : {kMajA, kMinA}) {
    const auto& c = hungry.w.communities;
    const double disp_share = c.displaced[i] / (c.resident[i] + c.displaced[i]);
    const double target = clamp01(p.community_weight_housing * homeless +
                                  p.community_weight_food * p.community_food_insecurity * (1 - L.economy[0]) +
                                  p.community_weight_economy * (1 - L.economy[0]) +
                                  p.community_weight_displacement * disp_share);
    REQUIRE(target < 1);
    INFO("community " << i);
    CHECK(c.hardship[i] == Approx(0.6 + (target - 0.6) * rate).epsilon(1e-12));
    // food aid covering every need removes the food term, and only it
    const double food_term = p.community_weight_food * p.community_food_insecurity * (1 - L.economy[0]);
    CHECK(hungry.w.communities.hardship[i] - fed.w.communities.hardship[i] == Approx(food_term * rate).epsilon(1e-9));
  }
  CHECK(hungry.w.communities.hardship[kMinA] > hungry.w.communities.hardship[kMajA]);  // displacement hurts
}

TEST_CASE("agencies: food aid covers a share of the food need", "[mechanism][isolated][agencies][food]") {
  auto with_food = [](double capacity) {
    Built b = build({R"(agencies=[{"id": "wfp", "name": "Food", "functions": [{"kind": "food", "capacity": )" +
                     std::to_string(capacity) + "}]}]"});
    run_coordination(*b.s, b.w);
    run_agencies(*b.s, b.w);
    return b;
  };
  const Built none = with_food(0), some = with_food(20);
  CHECK(none.w.locations.food_cover[0] == 0);
  // 20 units a day spread by need over two equal towns, 150 persons each, against residents x 0.8 x (1 - 0.3)
  const double need = some.w.locations.resident[0] * 0.8 * (1 - 0.3);
  CHECK(some.w.locations.food_cover[0] == Approx(10 * 150 / need).epsilon(1e-9));
  CHECK(some.w.locations.food_cover[0] > 0.01);
}

TEST_CASE("communities: legitimacy rises with justice, security and voice, and falls with victimisation, exactly",
          "[mechanism][isolated][legitimacy]") {
  const Built base = build();
  const auto& p = base.s->params;
  const double rate = std::min(1.0, 1.0 / p.community_legitimacy_tau);
  auto legitimacy_after = [](auto&& setup, Index i) {
    Built b = build();
    setup(b.w);
    update_communities(*b.s, b.w);
    return b.w.communities.legitimacy[i];
  };
  auto nothing = [](World&) {};
  SECTION("impunity lowers it: justice weight x the mean of ordinary and political impunity") {
    const double just = legitimacy_after(
        [](World& w) { w.locations.impunity.setZero(), w.locations.impunity_political.setZero(); }, kMinA);
    const double half = legitimacy_after([](World& w) { w.locations.impunity.setZero(); }, kMinA);
    const double unjust = legitimacy_after(
        [](World& w) { w.locations.impunity.setOnes(), w.locations.impunity_political.setOnes(); }, kMinA);
    CHECK(just - unjust == Approx(p.legitimacy_weight_justice * rate).epsilon(1e-9));
    CHECK(just - half == Approx(0.5 * p.legitimacy_weight_justice * rate).epsilon(1e-9));
    CHECK(just > unjust);
  }
  SECTION("organised crime lowers it: crime weight x (crime - 0.5)") {
    const double clean = legitimacy_after([](World& w) { w.locations.crime.setZero(); }, kMinA);
    const double captured = legitimacy_after([](World& w) { w.locations.crime.setOnes(); }, kMinA);
    CHECK(clean - captured == Approx(p.legitimacy_weight_crime * rate).epsilon(1e-9));
  }
  SECTION("insecurity lowers it: hostile neighbours make the minority unsafe") {
    const double safe = legitimacy_after(nothing, kMinA);
    Built b = build();
    b.w.communities.hostile[kMajA] = 0.05;
    update_communities(*b.s, b.w);
    // threat = hostile majority share of residents / saturation; no arrest risk, no guards
    const double threat = 0.05 * b.w.communities.resident[kMajA] / b.w.locations.resident[0] / 0.25;
    CHECK(b.w.communities.safety[kMinA] == Approx(1 - threat).epsilon(1e-12));
    CHECK(b.w.communities.safety[kMajA] == 1.0);  // one's own hostility is no threat
    CHECK(safe - b.w.communities.legitimacy[kMinA] == Approx(p.legitimacy_weight_security * threat * rate).epsilon(1e-9));
  }
  SECTION("victimisation lowers it") {
    const double spared = legitimacy_after(nothing, kMinA);
    const double victims = legitimacy_after([](World& w) { w.communities.victimisation[kMinA] = 0.2; }, kMinA);
    CHECK(spared - victims == Approx(p.legitimacy_weight_victimisation * 0.2 * rate).epsilon(1e-9));
  }
  SECTION("participation raises it") {
    const double silent = legitimacy_after(nothing, kMinA);
    const double voting = legitimacy_after([](World& w) { w.communities.participation[kMinA] = 0.5; }, kMinA);
    CHECK(voting - silent == Approx(p.legitimacy_weight_participation * 0.5 * rate).epsilon(1e-9));
  }
}

TEST_CASE("movement: returns scale with safety and with return support, fear alone held fixed",
          "[mechanism][isolated][movement][returns]") {
  // a minority that fled, fear gone: the pull of home is safety x (1 + support x coverage)
  auto returns = [](double safety, double support) {
    Built b = build({R"(displacement=[{"group": "min", "refugee_share": 0.6}])", "groups.min.initial_fear=0",
                     "groups.maj.initial_fear=0"});
    b.w.communities.safety.setConstant(safety);
    b.w.locations.return_support.setConstant(support);
    move_people(*b.s, b.w);
    return b.w.tally.returns;
  };
  const double unsafe = returns(0.2, 0), safe = returns(0.8, 0), supported = returns(0.2, 0.5);
  REQUIRE(unsafe > 0);
  CHECK(safe / unsafe == Approx(4).epsilon(1e-9));
  CHECK(supported / unsafe == Approx(1 + 2 * 0.5).epsilon(1e-9));  // agency.returns_support = 2
}

TEST_CASE("movement: fear past the threshold sends exactly flight_rate of the excess away",
          "[mechanism][isolated][movement][flight]") {
  Built b = build({"groups.min.initial_fear=0.9", "groups.maj.initial_fear=0"});
  const auto& p = b.s->params;
  const double prewar = b.w.communities.prewar[kMinA];
  move_people(*b.s, b.w);
  const double want_away = prewar * logistic(0.9 - p.movement_flight_threshold, p.movement_flight_spread);
  const double fled_min = p.movement_flight_rate * want_away;  // nobody away yet
  CHECK(b.w.communities.resident[kMinA] == Approx(prewar - fled_min).epsilon(1e-12));
  CHECK(b.w.communities.refugee[kMinA] == Approx(fled_min * 0.7).epsilon(1e-12));  // flight_abroad_share default
  CHECK(b.w.communities.displaced[kMinA] == Approx(fled_min * 0.3).epsilon(1e-12));
}

TEST_CASE("contingents: riot control crosses sectors with coordination, unless a caveat keeps it in sector",
          "[mechanism][isolated][contingents][caveats]") {
  auto deployed = [](bool caveat) {
    Built b = build({std::string(R"(contingents=[{"id": "army", "kind": "military", "sector": "s1", "strength": 1000,
                     "rigour": 0.5, "posture": {"riot_control": 1}, "caveats": {"no_out_of_sector": )") +
                     (caveat ? "true" : "false") + "}}]"});
    b.w.contingents.coordination[0] = 1.0;  // as a meeting of its cell would leave it
    deploy_contingents(*b.s, b.w);
    return b;
  };
  const Built open = deployed(false), kept = deployed(true);
  const auto& p = open.s->params;
  const auto& L = open.w.locations;
  const double pool = 1.0 * p.coordination_response_bonus * 1000 * 1.0;
  const double share_b = L.resident[1] / (L.resident[0] + L.resident[1]);
  CHECK(L.riot[1] == Approx(pool * share_b).epsilon(1e-12));
  CHECK(L.riot[0] == Approx(1000 + pool * (1 - share_b)).epsilon(1e-12));
  CHECK(kept.w.locations.riot[1] == 0);
  CHECK(kept.w.locations.riot[0] == 1000);
  // enforcement: riot duty counts 0.6, soldiers 0.45, at the coordinated (mission) rigour
  CHECK(open.w.contingents.rigour[0] == Approx(p.deterrence_mission_rigour).epsilon(1e-12));
  const double enforcers = 1000 * 0.6 * p.deterrence_military_weight * p.deterrence_mission_rigour;
  CHECK(L.enforcers[0] == Approx(enforcers).epsilon(1e-12));
  CHECK(L.p_arrest[0] == Approx(1 - std::exp(-p.deterrence_arrest_k * 1000 * enforcers / L.resident[0])).epsilon(1e-12));
  CHECK(L.p_arrest[1] == 0);  // nobody enforces in the other sector
}

TEST_CASE("events and schedules act on their own date, not a day later", "[mechanism][isolated][events][dates]") {
  std::string json = kTowns;
  json.insert(json.rfind('}'), R"(, "events": [{"date": "2000-01-05", "kind": "handover", "label": "h", "fraction": 0.4},
      {"date": "2000-01-08", "kind": "election", "label": "vote"}],
    "contingents": [{"id": "army", "kind": "military", "sector": "s1", "strength": 500, "arrival": "2000-01-03",
                     "departure": "2000-01-10"}])");
  const auto rows = rows_of({}, 12, json);
  CHECK(rows[3].competencies_scheduled == 0);  // 4 January
  CHECK(rows[4].competencies_scheduled == 0.4);
  CHECK(rows[3].competencies == 0);  // implemented from its day at the pace cooperation allows (7.13)
  CHECK(rows[4].competencies > 0);
  CHECK(rows[6].turnout == 0);
  CHECK(rows[7].turnout > 0.05);
  CHECK(rows[1].military_strength == 0);  // 2 January
  CHECK(rows[2].military_strength == 500);
  CHECK(rows[8].military_strength == 500);  // 9 January, the last day
  CHECK(rows[9].military_strength == 0);
}

TEST_CASE("coordination: a weekly cell meets on its cadence, no more", "[mechanism][isolated][coordination]") {
  std::string json = kTowns;
  json.insert(json.rfind('}'), R"(, "agencies": [{"id": "relief", "name": "Relief", "functions": [{"kind": "shelter", "capacity": 5}]}],
    "cells": [{"id": "cell", "kind": "mission_coordination", "members": ["relief"], "cadence_days": 7, "quality": 0.8}])");
  auto loaded = scenario::load_scenario_text(json, "isolated");
  Simulation sim(loaded.scenario, 1);
  sim.limit_ticks(60);
  while (!sim.done()) sim.step();
  CHECK(sim.world().cells.meetings[0] == 9);  // days 0, 7, ..., 56
}

TEST_CASE("metrics: the 30-day incident window holds exactly the last 30 days", "[mechanism][isolated][metrics][window]") {
  auto loaded = scenario::load_scenario_text(kTowns, "isolated", {"parameters.violence.attack_rate=1", "groups.min.initial_fear=0.8"});
  Simulation sim(loaded.scenario, 2);
  sim.limit_ticks(70);
  std::vector<double> daily;
  while (!sim.done()) {
    sim.step();
    daily.push_back(sim.world().locations.incidents[0]);
    double last30 = 0;
    for (std::size_t t = daily.size() > 30 ? daily.size() - 30 : 0; t < daily.size(); ++t) last30 += daily[t];
    INFO("tick " << daily.size() - 1);
    REQUIRE(sim.world().locations.rolling_incidents[0] == last30);
  }
  CHECK(sum(daily) > 30);
}

TEST_CASE("unrest and hostility: the shares active and hostile follow Epstein's rules exactly, arrest risk deterring both",
          "[mechanism][isolated][unrest]") {
  // no draws matter here: the shares are set before any incident is drawn
  Built b = build({"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0",
                   "parameters.crime.homicide_rate=0"});
  auto& c = b.w.communities;
  const auto& p = b.s->params;
  b.w.locations.p_arrest[0] = 0.3;
  b.w.locations.impunity_political[0] = 0.6;  // hostility answers to political impunity (ADR 0012)
  b.w.locations.impunity[0] = 0.2;            // and not to ordinary impunity
  c.revenge[kMinA] = 0.05;
  const double revenge_after = 0.05 * std::exp(-1.0 / p.violence_revenge_tau);  // memories fade first
  resolve_incidents(*b.s, b.w, 1);
  for (Index i : {kMajA, kMinA, kMajB}) {
    const Index g = c.group[i], h = 1 - g;
    const double arrest = i == kMajB ? 0.0 : 0.3, impunity = i == kMajB ? 1.0 : 0.6;
    const double grievance = c.hardship[i] * (1 - c.legitimacy[i]);
    const double net_risk = c.risk_aversion[i] * arrest;
    INFO("community " << i);
    CHECK(c.active[i] ==
          Approx(logistic(grievance - net_risk - p.unrest_threshold, p.unrest_heterogeneity)).epsilon(1e-12));
    const double revenge = i == kMinA ? revenge_after : 0.0;
    const double hostility =
        (1 - c.trust(i, h)) * (p.violence_fear_weight * c.fear[i] + p.violence_grievance_weight * grievance) +
        p.violence_impunity_weight * impunity + p.violence_revenge_weight * revenge;
    CHECK(c.hostile[i] == Approx(logistic(hostility - net_risk - p.violence_threshold, p.violence_heterogeneity) *
                                 (p.violence_weapons_floor + (1 - p.violence_weapons_floor) * c.weapons[i]))
                              .epsilon(1e-12));
  }
  CHECK(c.active[kMajA] < c.active[kMajB]);  // the same community, deterred by arrest risk
}

TEST_CASE("movement: returnees beyond the habitable housing stay displaced inside", "[mechanism][isolated][movement][housing]") {
  // most people away, most homes destroyed in town A: room = housing x pre-war x crowding - residents
  Built b = build({R"(displacement=[{"group": "maj", "refugee_share": 0.8}, {"group": "min", "refugee_share": 0.8}])",
                   "groups.min.initial_fear=0", "groups.maj.initial_fear=0", "locations.a.housing_destroyed=0.85"});
  auto& c = b.w.communities;
  const auto& p = b.s->params;
  c.safety.setConstant(1.0);
  const double res_before = b.w.locations.resident[0];  // 10,000
  const double room = 0.15 * 50000 * p.movement_crowding - res_before;
  const double disp_before = c.displaced[kMajA] + c.displaced[kMinA];
  move_people(*b.s, b.w);
  const double returning = b.w.tally.returns;  // from abroad, to both towns
  REQUIRE(room > 0);
  // town A: only `room` of those coming back find a home; the rest stay displaced
  CHECK(b.w.locations.resident[0] == Approx(res_before + room).epsilon(1e-9));
  CHECK(c.displaced[kMajA] + c.displaced[kMinA] > disp_before + 0.5 * room);
  // town B, intact, takes everyone back
  CHECK(b.w.locations.resident[1] > res_before + 2 * room);
  CHECK(returning > 0);
}

TEST_CASE("agencies: uncoordinated overlap wastes overlap_waste of the smaller efforts, coordinated overlap none",
          "[mechanism][isolated][agencies][coordination]") {
  // two shelter agencies of 10 units a day each; both towns half destroyed, equal needs
  auto deliver = [](double coordination) {
    Built b = build({R"(agencies=[{"id": "one", "name": "One", "functions": [{"kind": "shelter", "capacity": 10}]},
                                  {"id": "two", "name": "Two", "functions": [{"kind": "shelter", "capacity": 10}]}])",
                     "locations.a.housing_destroyed=0.5", "locations.b.housing_destroyed=0.5"});
    run_coordination(*b.s, b.w);
    b.w.agencies.coordination.setConstant(coordination);
    run_agencies(*b.s, b.w);
    return b;
  };
  const Built apart = deliver(0), together = deliver(1);
  const auto& p = apart.s->params;
  // each agency puts 5 units in each town; apart: 10 - waste x (10 - 5) useful, together: all 10
  const double useful_apart = 10 - p.coordination_overlap_waste * 5;
  CHECK(apart.w.locations.housing[0] == Approx(0.5 + useful_apart * p.agency_shelter_persons / 50000).epsilon(1e-12));
  CHECK(together.w.locations.housing[0] == Approx(0.5 + 10 * p.agency_shelter_persons / 50000).epsilon(1e-12));
  CHECK(apart.w.tally.agency_effort == Approx(20).epsilon(1e-12));
  CHECK(apart.w.tally.duplicated_effort == Approx(2 * (10 - useful_apart)).epsilon(1e-12));
  CHECK(together.w.tally.duplicated_effort == Approx(0).margin(1e-12));
}

TEST_CASE("reconciliation: the cross-group incident window holds exactly the last 30 days of attacks between groups",
          "[mechanism][isolated][reconciliation][window]") {
  // phase 9 called by hand, with this tick's incident pairs set: 0..4 attacks a day
  Built b = build();
  std::vector<double> daily;
  for (int t = 0; t < 70; ++t) {
    b.w.tick = t;
    b.w.pairs.clear();
    const double n = (t * 7) % 5;
    if (n > 0) b.w.pairs.push_back({0, 1, n, 0, 0, false});
    if (t % 3 == 0) b.w.pairs.push_back({3, 2, 1, 1, 1, false});  // the other town, the other way
    reconcile(*b.s, b.w);
    daily.push_back(n + (t % 3 == 0 ? 1 : 0));
    double last30 = 0;
    for (std::size_t k = daily.size() > 30 ? daily.size() - 30 : 0; k < daily.size(); ++k) last30 += daily[k];
    CHECK(b.w.rolling_cross_group == last30);
  }
}
