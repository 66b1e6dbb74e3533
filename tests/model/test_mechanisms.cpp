// Tests the model's mechanisms (docs/ODD.md, "Submodels"): each fails if its mechanism is removed or inverted.
#include <catch2/catch.hpp>

#include <numeric>
#include <string>
#include <vector>

#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"

using namespace peacesim;

namespace {

// two towns, a majority and a minority; every number invented for the test
constexpr const char* kBase = R"json({
  "name": "mechanisms", "seed": 1,
  "time": {"start": "2000-01-01", "end": "2000-12-31"},
  "groups": [
    {"id": "maj", "name": "Majority", "initial_legitimacy": 0.5, "initial_fear": 0.2, "initial_weapons": 0.3, "initial_hardship": 0.6},
    {"id": "min", "name": "Minority", "initial_legitimacy": 0.4, "initial_fear": 0.4, "initial_weapons": 0.05, "flight_abroad_share": 0.8}
  ],
  "trust": [{"from": "maj", "to": "min", "value": 0.15}, {"from": "min", "to": "maj", "value": 0.15}],
  "sectors": [{"id": "s1", "name": "Sector"}],
  "locations": [
    {"id": "a", "name": "A", "sector": "s1", "neighbours": ["b"], "population": {"maj": 40000, "min": 6000}, "housing_destroyed": 0.3},
    {"id": "b", "name": "B", "sector": "s1", "population": {"maj": 30000, "min": 4000}, "housing_destroyed": 0.2}
  ],
  "displacement": [{"group": "maj", "refugee_share": 0.4}],
  "agencies": [
    {"id": "relief", "name": "Relief", "functions": [{"kind": "shelter", "capacity": 30}, {"kind": "returns", "capacity": 10}, {"kind": "food", "capacity": 30}]},
    {"id": "builders", "name": "Builders", "functions": [{"kind": "shelter", "capacity": 30}, {"kind": "development", "capacity": 10}]},
    {"id": "school", "name": "Police school", "functions": [{"kind": "police_training", "capacity": 0}]},
    {"id": "courts", "name": "Courts", "functions": [{"kind": "justice", "capacity": 0}]},
    {"id": "talks", "name": "Dialogue", "functions": [{"kind": "dialogue", "capacity": 0}]}
  ],
  "contingents": [
    {"id": "army", "kind": "military", "sector": "s1", "strength": 600, "rigour": 0.6,
     "posture": {"patrol": 0.6, "static_guard": 0.3, "riot_control": 0.1}},
    {"id": "police", "kind": "police", "strength": 100, "rigour": 0.8},
    {"id": "kps", "kind": "local_police", "strength": 0, "max_strength": 300}
  ],
  "cells": [{"id": "cell", "kind": "mission_coordination", "members": ["relief", "builders", "army", "police"], "cadence_days": 7, "quality": 0.8}]
})json";

struct Run {
  std::vector<MetricsRow> rows;
  std::shared_ptr<const Scenario> scenario;
  World world;
};

Run run(const std::vector<std::string>& sets, std::uint64_t seed = 1, int days = 180, const char* base = kBase) {
  auto loaded = scenario::load_scenario_text(base, "test", sets);
  Simulation sim(loaded.scenario, seed);
  sim.limit_ticks(days);
  Run r{{}, loaded.scenario, {}};
  while (!sim.done()) {
    sim.step();
    r.rows.push_back(sim.metrics());
  }
  r.world = sim.world();
  return r;
}

/// Sum of a metric over all ticks and several seeds.
double total(const std::vector<std::string>& sets, double MetricsRow::*field, int days = 180, int seeds = 4) {
  double sum = 0;
  for (int seed = 1; seed <= seeds; ++seed)
    for (const auto& row : run(sets, std::uint64_t(seed), days).rows) sum += row.*field;
  return sum;
}

/// Mean of a metric over the ticks of one run.
double mean(const Run& r, double MetricsRow::*field) {
  double sum = 0;
  for (const auto& row : r.rows) sum += row.*field;
  return sum / double(r.rows.size());
}

}  // namespace

TEST_CASE("unrest: grievance and legitimacy drive it, police and military presence deter it", "[mechanism][unrest]") {
  // presence: more police, all else fixed, means fewer incidents
  const double few = total({"contingents.police.strength=0", "contingents.army.strength=100"}, &MetricsRow::incidents);
  const double many =
      total({"contingents.police.strength=1500", "contingents.army.strength=1500"}, &MetricsRow::incidents);
  CHECK(few > 0);
  CHECK(many < 0.7 * few);
  // legitimacy: a mission seen as legitimate has fewer people active against it (G = H(1 - L))
  const double low_l =
      mean(run({"groups.maj.initial_legitimacy=0.2", "groups.min.initial_legitimacy=0.2"}), &MetricsRow::active_share);
  const double high_l =
      mean(run({"groups.maj.initial_legitimacy=0.9", "groups.min.initial_legitimacy=0.9"}), &MetricsRow::active_share);
  CHECK(high_l < low_l);
  // risk: a higher threshold T means fewer active
  CHECK(mean(run({"parameters.unrest.threshold=0.4"}), &MetricsRow::active_share) <
        mean(run({"parameters.unrest.threshold=0.0"}), &MetricsRow::active_share));
}

TEST_CASE("violence: inter-ethnic incidents raise fear and lower trust", "[mechanism][violence]") {
  const Run calm = run(
      {"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0", "parameters.crime.homicide_rate=0"});
  const Run violent = run({"parameters.violence.attack_rate=2"});
  CHECK(mean(calm, &MetricsRow::incidents) == 0);
  CHECK(mean(violent, &MetricsRow::incidents) > 0);
  CHECK(violent.rows.back().mean_trust < calm.rows.back().mean_trust);
  // the minority's fear, read from the stores
  auto minority_fear = [](const Run& r) {
    double f = 0, n = 0;
    const auto& c = r.world.communities;
    for (std::size_t i = 0; i < c.size(); ++i)
      if (c.group[i] == 1) f += c.fear[i] * c.prewar[i], n += c.prewar[i];
    return f / n;
  };
  CHECK(minority_fear(violent) > minority_fear(calm));
}

TEST_CASE("movement: returns follow security, housing and support, and fear drives flight", "[mechanism][movement]") {
  // housing: with most homes destroyed, returnees stay displaced inside
  const Run ruined = run({"locations.a.housing_destroyed=0.9", "locations.b.housing_destroyed=0.9",
                          "agencies.relief.enabled=false", "agencies.builders.enabled=false"});
  const Run intact = run({"locations.a.housing_destroyed=0.0", "locations.b.housing_destroyed=0.0",
                          "agencies.relief.enabled=false", "agencies.builders.enabled=false"});
  CHECK(ruined.rows.back().displaced > 1.5 * intact.rows.back().displaced);
  // security: a minority that fled comes back faster where arrest risk is high
  const std::vector<std::string> fled = {
      R"(displacement=[{"group": "maj", "refugee_share": 0.4}, {"group": "min", "refugee_share": 0.6}])"};
  auto unsafe_sets = fled, safe_sets = fled;
  unsafe_sets.insert(unsafe_sets.end(), {"contingents.police.strength=0", "contingents.army.strength=50"});
  safe_sets.insert(safe_sets.end(), {"contingents.police.strength=1500", "contingents.army.strength=1500"});
  const double unsafe = run(unsafe_sets, 1, 90).rows.back().minority_returns_cumulative;
  const double safe = run(safe_sets, 1, 90).rows.back().minority_returns_cumulative;
  CHECK(safe > 1.1 * unsafe);
  // support: an agency facilitating returns speeds them
  // (with housing intact, so that room for returnees does not bind)
  const std::vector<std::string> intact_homes = {"locations.a.housing_destroyed=0", "locations.b.housing_destroyed=0"};
  auto without = intact_homes, with = intact_homes;
  without.push_back("agencies.relief.functions.1.capacity=0");
  with.push_back("agencies.relief.functions.1.capacity=200");
  const double unsupported = run(without, 1, 30).rows.back().returns_cumulative;
  const double supported = run(with, 1, 30).rows.back().returns_cumulative;
  CHECK(supported > 1.05 * unsupported);
  // fear: a frightened minority flees
  const double calm = run({"groups.min.initial_fear=0.0"}, 1, 30).rows.back().minority_remaining;
  const double afraid =
      run({"groups.min.initial_fear=0.95", "parameters.community.fear_tau=1000"}, 1, 30).rows.back().minority_remaining;
  CHECK(afraid < calm - 0.05);
}

TEST_CASE("contingents: national rigour differs and coordination makes enforcement consistent",
          "[mechanism][contingents]") {
  const std::vector<std::string> mixed = {"contingents.army.rigour=0.2", "contingents.police.rigour=0.95"};
  auto with = mixed;
  auto without = mixed;
  without.push_back("cells.cell.cadence_days=0");
  const Run coordinated = run(with, 1, 60), alone = run(without, 1, 60);
  CHECK(alone.rows.back().enforcement_consistency < coordinated.rows.back().enforcement_consistency - 0.05);
  CHECK(alone.rows.back().arrest_probability < coordinated.rows.back().arrest_probability);
}

TEST_CASE("contingents: a caveat against riot control lets a shock run further", "[mechanism][contingents][caveats]") {
  const std::vector<std::string> riot = {"contingents.army.posture.riot_control=0.6", "contingents.army.strength=1500"};
  auto capable = riot, caveated = riot;
  caveated.push_back("contingents.army.caveats.no_riot_control=true");
  // a scripted flare-up on day 10
  std::string shocked = kBase;
  shocked.insert(
      shocked.rfind('}'),
      R"(, "events": [{"date": "2000-01-10", "kind": "shock", "label": "riot", "groups": ["maj"], "targets": ["min"], "intensity": 0.8, "duration_days": 10}])");
  double with_riot = 0, without_riot = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    for (const auto& r : run(capable, seed, 30, shocked.c_str()).rows) with_riot += r.incidents;
    for (const auto& r : run(caveated, seed, 30, shocked.c_str()).rows) without_riot += r.incidents;
  }
  CHECK(without_riot > 1.1 * with_riot);
}

TEST_CASE("coordination: a cell that never meets means more duplicated effort", "[mechanism][coordination]") {
  const Run weekly = run({"cells.cell.cadence_days=7"}, 1, 120);
  const Run never = run({"cells.cell.cadence_days=0"}, 1, 120);
  CHECK(mean(never, &MetricsRow::coordination) == 0);
  CHECK(mean(weekly, &MetricsRow::coordination) > 0.3);
  CHECK(mean(never, &MetricsRow::duplication) > mean(weekly, &MetricsRow::duplication) + 0.02);
}

TEST_CASE("institutions: training, courts, elections, boycotts and handover", "[mechanism][institutions]") {
  // police training: the local police grow only if someone trains them, mentored by international police
  CHECK(run({"agencies.school.functions.0.capacity=0"}).rows.back().local_police_strength == 0);
  const double trained = run({"agencies.school.functions.0.capacity=2"}).rows.back().local_police_strength;
  CHECK(trained > 100);
  CHECK(run({"agencies.school.functions.0.capacity=2", "contingents.police.strength=0"})
            .rows.back()
            .local_police_strength < trained);
  // courts: working courts cut impunity
  CHECK(run({"agencies.courts.functions.0.capacity=100"}, 1, 365).rows.back().impunity <
        run({"agencies.courts.functions.0.capacity=0"}, 1, 365).rows.back().impunity - 0.02);
  // elections: turnout gives voice and capacity; a boycotting group has none
  std::string elected = kBase, boycotted = kBase;
  elected.insert(elected.rfind('}'), R"(, "events": [{"date": "2000-02-01", "kind": "election", "label": "vote"}])");
  boycotted.insert(boycotted.rfind('}'),
                   R"(, "events": [{"date": "2000-02-01", "kind": "election", "label": "vote", "boycott": ["min"]}])");
  const Run with_vote = run({}, 1, 60, elected.c_str()), no_vote = run({}, 1, 60),
            boycott = run({}, 1, 60, boycotted.c_str());
  CHECK(with_vote.rows.back().participation > 0.1);
  CHECK(no_vote.rows.back().participation == 0);
  CHECK(with_vote.rows.back().institutional_capacity > no_vote.rows.back().institutional_capacity);
  CHECK(boycott.rows.back().minority_participation < 0.05);
  CHECK(with_vote.rows.back().minority_participation > 0.1);
  // resistance: institutions that outgrow their competencies turn the majority against supervision
  std::string handed = kBase;
  handed.insert(
      handed.rfind('}'),
      R"(, "events": [{"date": "2000-01-02", "kind": "handover", "label": "competencies", "fraction": 1.0}])");
  std::string strong_base = kBase;
  strong_base.insert(strong_base.rfind('}'), R"(, "events": [])");
  auto majority_legitimacy = [](const Run& r) {
    double l = 0, n = 0;
    const auto& c = r.world.communities;
    for (std::size_t i = 0; i < c.size(); ++i)
      if (c.group[i] == 0) l += c.legitimacy[i] * c.resident[i], n += c.resident[i];
    return l / n;
  };
  const auto with_inst = std::vector<std::string>{"agencies.builders.functions.1.kind=institutions",
                                                  "agencies.builders.functions.1.capacity=200"};
  CHECK(majority_legitimacy(run(with_inst, 1, 365, handed.c_str())) >
        majority_legitimacy(run(with_inst, 1, 365, strong_base.c_str())));
}

TEST_CASE("reconciliation: dialogue and safe contact build trust", "[mechanism][reconciliation]") {
  const std::vector<std::string> quiet = {"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0"};
  auto talk = quiet, silent = quiet;
  talk.push_back("agencies.talks.functions.0.capacity=100");
  CHECK(run(talk, 1, 365).rows.back().mean_trust > run(silent, 1, 365).rows.back().mean_trust + 0.01);
  // contact: under high safety trust grows, under low safety it erodes
  auto safe = quiet, unsafe = quiet;
  safe.insert(safe.end(), {"contingents.police.strength=3000", "parameters.trust.contact_safety=0.2"});
  unsafe.insert(unsafe.end(), {"contingents.police.strength=0", "contingents.army.strength=0",
                               "parameters.trust.contact_safety=0.9"});
  CHECK(run(safe, 1, 365).rows.back().mean_trust > run(unsafe, 1, 365).rows.back().mean_trust);
}

TEST_CASE("events: shocks, disarmament and drawdown act on their dates", "[mechanism][events]") {
  std::string shocked = kBase;
  shocked.insert(
      shocked.rfind('}'),
      R"(, "events": [{"date": "2000-03-01", "kind": "shock", "label": "flare-up", "groups": ["maj"], "targets": ["min"], "intensity": 1.0, "duration_days": 7}])");
  double before = 0, after = 0, base_after = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    // public-order incidents held off, so the count is the inter-ethnic violence the shock acts on
    const Run s = run({"parameters.unrest.incident_rate=0"}, seed, 75, shocked.c_str()),
              b = run({"parameters.unrest.incident_rate=0"}, seed, 75);
    for (int t = 50; t < 60; ++t) before += s.rows[t].incidents;  // 20 Feb - 29 Feb
    for (int t = 60; t < 70; ++t) after += s.rows[t].incidents;   // 1 Mar - 10 Mar
    for (int t = 60; t < 70; ++t) base_after += b.rows[t].incidents;
  }
  CHECK(after > 2 * base_after);
  CHECK(after > before);  // the flare-up reverses the decline
  // disarmament removes the fraction of weapons it names
  std::string disarmed = kBase;
  disarmed.insert(
      disarmed.rfind('}'),
      R"(, "events": [{"date": "2000-01-05", "kind": "demilitarisation", "label": "hand-in", "groups": ["maj"], "fraction": 0.8}])");
  const Run d = run({}, 1, 10, disarmed.c_str()), n = run({}, 1, 10);
  CHECK(d.world.communities.weapons[0] < 0.3 * n.world.communities.weapons[0]);
  // drawdown: a schedule lowers presence
  const Run drawn = run({R"(contingents.army.schedule=[{"date": "2000-03-01", "strength": 50}])"}, 1, 120);
  CHECK(drawn.rows.back().military_strength == Approx(50));
  CHECK(drawn.rows.back().military_per_1000 < run({}, 1, 120).rows.back().military_per_1000);
}

TEST_CASE("events: a killing can become a flashpoint that mobilises the victims' group",
          "[mechanism][events][flashpoints]") {
  // high lethality so that killings happen; flashpoints on vs off, all else fixed
  const std::vector<std::string> lethal = {"parameters.violence.lethality=0.5", "parameters.violence.attack_rate=1"};
  auto off = lethal, on = lethal;
  off.push_back("parameters.violence.flashpoint_probability=0");
  on.insert(on.end(), {"parameters.violence.flashpoint_probability=1", "parameters.violence.flashpoint_intensity=1"});
  double flashes_off = 0, flashes_on = 0, incidents_off = 0, incidents_on = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    for (const auto& r : run(off, seed, 60).rows) flashes_off += r.flashpoints, incidents_off += r.incidents;
    for (const auto& r : run(on, seed, 60).rows) flashes_on += r.flashpoints, incidents_on += r.incidents;
  }
  CHECK(flashes_off == 0);
  CHECK(flashes_on > 0);
  CHECK(incidents_on > 1.1 * incidents_off);
}

TEST_CASE("contingents: a fresh rotation enforces less until it knows the ground",
          "[mechanism][contingents][rotation]") {
  const Run steady = run({}, 1, 40);
  const Run rotated =
      run({R"(contingents.army.rotations=["2000-01-20"])", R"(contingents.police.rotations=["2000-01-20"])"}, 1, 40);
  // identical before the rotation, weaker enforcement on and just after it, recovering later
  CHECK(rotated.rows[10].arrest_probability == steady.rows[10].arrest_probability);
  CHECK(rotated.rows[19].arrest_probability < steady.rows[19].arrest_probability - 0.02);
  const double gap_day1 = steady.rows[19].arrest_probability - rotated.rows[19].arrest_probability;
  const double gap_day20 = steady.rows[39].arrest_probability - rotated.rows[39].arrest_probability;
  CHECK(gap_day20 < gap_day1);
}

TEST_CASE("violence: a mob overwhelms the guards that shield a minority", "[mechanism][violence][guards]") {
  // a strong shock against the minority, guards in place; guards that can hold off only a few
  // attackers each let more attacks through than guards that can hold off many
  std::string shocked = kBase;
  shocked.insert(
      shocked.rfind('}'),
      R"(, "events": [{"date": "2000-01-10", "kind": "shock", "label": "mob", "groups": ["maj"], "targets": ["min"], "intensity": 1.0, "duration_days": 10}])");
  const std::vector<std::string> guarded = {"contingents.army.posture.static_guard=0.9",
                                            "contingents.army.strength=1500", "parameters.unrest.incident_rate=0"};
  auto weak = guarded, strong = guarded;
  weak.push_back("parameters.violence.guard_capacity=0.5");
  strong.push_back("parameters.violence.guard_capacity=10000");
  double through_weak = 0, through_strong = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const Run w = run(weak, seed, 25, shocked.c_str()), s = run(strong, seed, 25, shocked.c_str());
    for (int t = 9; t < 25; ++t) through_weak += w.rows[t].incidents, through_strong += s.rows[t].incidents;
  }
  CHECK(through_weak > 1.2 * through_strong);
}

TEST_CASE("crime: ordinary homicide follows its rate and grows with impunity", "[mechanism][crime]") {
  // inter-ethnic attacks and public disorder held off, so every murder is an ordinary one
  const std::vector<std::string> quiet = {"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0"};
  auto none = quiet, lawful = quiet, lawless = quiet;
  none.push_back("parameters.crime.homicide_rate=0");
  lawful.insert(lawful.end(), {"parameters.crime.homicide_rate=100", "parameters.crime.lawlessness=0"});
  lawless.insert(lawless.end(), {"parameters.crime.homicide_rate=100", "parameters.crime.lawlessness=10"});
  CHECK(total(none, &MetricsRow::crime_murders) == 0);
  // where impunity does not matter, the count is near its Poisson mean: rate x residents x days
  double murders = 0, crimes = 0, expected = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed)
    for (const auto& row : run(lawful, seed).rows)
      murders += row.murders, crimes += row.crime_murders, expected += 100 / 1e5 / 365 * row.resident;
  CHECK(crimes > 50);  // expected about 150 (some 75,000 residents over 4 x 180 days)
  CHECK(crimes == murders);
  CHECK(crimes > 0.7 * expected);
  CHECK(crimes < 1.3 * expected);
  // impunity multiplies it
  CHECK(total(lawless, &MetricsRow::crime_murders) > 2 * crimes);
}

TEST_CASE("violence: an outnumbered group attacks less where its targets are the stronger",
          "[mechanism][violence][strength]") {
  // incidents committed by each group, summed over the ticks and seeds (public disorder held off)
  auto committed = [](const std::string& exponent) {
    std::vector<double> by_group(2, 0.0);
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      auto loaded = scenario::load_scenario_text(
          kBase, "test",
          {"parameters.unrest.incident_rate=0", "parameters.violence.attack_rate=2", "groups.min.initial_weapons=0.3",
           "parameters.violence.strength_exponent=" + exponent});
      Simulation sim(loaded.scenario, seed);
      sim.limit_ticks(90);
      while (!sim.done()) {
        sim.step();
        const auto& c = sim.world().communities;
        for (std::size_t i = 0; i < c.size(); ++i) by_group[c.group[i]] += c.committed[i];
      }
    }
    return by_group;
  };
  const auto equal = committed("0"), limited = committed("2");
  REQUIRE(equal[1] > 20);  // the minority attacks when its strength does not matter
  REQUIRE(limited[0] > 20);
  const double share_equal = equal[1] / (equal[0] + equal[1]);
  const double share_limited = limited[1] / (limited[0] + limited[1]);
  CHECK(share_limited < 0.5 * share_equal);
}

TEST_CASE("movement: those away judge home by the worst fear they remember", "[mechanism][movement][memory]") {
  // a minority that fled in great fear; the fear fades, the memory of it more slowly
  const std::vector<std::string> fled = {
      R"(displacement=[{"group": "maj", "refugee_share": 0.4}, {"group": "min", "refugee_share": 0.6}])",
      "groups.min.initial_fear=0.9", "contingents.police.strength=1500", "contingents.army.strength=1500"};
  auto forgetful = fled, mindful = fled;
  forgetful.push_back("parameters.movement.return_memory=1");
  mindful.push_back("parameters.movement.return_memory=365");
  double soon = 0, late = 0;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    soon += run(forgetful, seed, 90).rows.back().minority_returns_cumulative;
    late += run(mindful, seed, 90).rows.back().minority_returns_cumulative;
  }
  CHECK(soon > 100);
  CHECK(late < 0.7 * soon);
}

TEST_CASE("institutions: status frustration lowers turnout, and same-day elections share one preparation",
          "[mechanism][institutions][turnout]") {
  // an election on 1 Feb, after the majority's status frustration was raised on 2 Jan
  auto with_events = [](const char* events) {
    std::string s = kBase;
    s.insert(s.rfind('}'), std::string(R"(, "events": [)") + events + "]");
    return s;
  };
  const std::string frustrated = with_events(
      R"({"date": "2000-01-02", "kind": "status", "label": "status deferred", "groups": ["maj"], "intensity": 0.5},
         {"date": "2000-02-01", "kind": "election", "label": "vote"})");
  auto turnout = [](const std::vector<std::string>& sets, const std::string& base, int day) {
    return run(sets, 1, day + 1, base.c_str()).rows[std::size_t(day)].turnout;
  };
  const double indifferent = turnout({"parameters.institutions.turnout_status_weight=0"}, frustrated, 31);
  const double resentful = turnout({"parameters.institutions.turnout_status_weight=2"}, frustrated, 31);
  CHECK(indifferent > 0.1);
  CHECK(resentful < indifferent - 0.1);
  // preparation: two elections on one day both find the preparation the first found (so the
  // second's turnout is the single election's); an election the next day finds a fresh one
  const std::string one = with_events(R"({"date": "2000-02-01", "kind": "election", "label": "vote"})");
  const std::string two = with_events(R"({"date": "2000-02-01", "kind": "election", "label": "municipal"},
                                         {"date": "2000-02-01", "kind": "election", "label": "assembly"})");
  const std::string next_day = with_events(R"({"date": "2000-02-01", "kind": "election", "label": "municipal"},
                                              {"date": "2000-02-02", "kind": "election", "label": "assembly"})");
  const double single = turnout({}, one, 31);
  CHECK(single > 0.1);
  CHECK(turnout({}, two, 31) == Approx(single).epsilon(1e-9));
  CHECK(turnout({}, next_day, 32) > 1.1 * single);
}
