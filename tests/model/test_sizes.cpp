// Violence with sizes (ADR 0021, docs/ODD.md 7.6): a lethal incident kills 1 + a geometric number of
// persons, a mob more; a riot's crowd is counted in persons; riot control disperses a crowd with a
// chance rising with riot-control persons per rioter, and a dispersed crowd kills nobody. Each on the
// synthetic two-town world with the incidents phase called by hand, the other paths switched off.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "peacesim/model/systems.hpp"
#include "support/synthetic.hpp"

using namespace peacesim;

namespace {

const std::string kTowns = test::two_towns_json({});  // towns a and b, not neighbours, 40,000 + 10,000 each

test::Built build(std::vector<std::string> sets) { return test::build(kTowns, "sizes", sets); }

struct Attacks {
  double lethal = 0, dead = 0;  // lethal attacks and persons they killed
};

/// Inter-ethnic attacks only, every attack lethal; `calls` calls of the incidents phase. Pairs by
/// `mob` (a community index, -1 none) are counted apart from the others in `by_mob`.
Attacks attacks(const std::vector<std::string>& sets, int calls, int mob = -1, double shock = 0, Attacks* by_mob = nullptr) {
  std::vector<std::string> all = {"parameters.violence.attack_rate=3", "parameters.violence.lethality=1",
                                  "parameters.violence.flashpoint_probability=0", "parameters.unrest.incident_rate=0",
                                  "parameters.crime.homicide_rate=0", "groups.min.initial_fear=0.8"};
  all.insert(all.end(), sets.begin(), sets.end());  // the test's own settings last: they win
  test::Built b = build(all);
  auto& w = b.w;
  if (mob >= 0) {
    const Index m = static_cast<Index>(mob), g = w.communities.group[m], h = 1 - g, l = w.communities.location[m];
    w.locations.shock(l, static_cast<Eigen::Index>(g * 2 + h)) = shock;  // shock_decay 1: it stays
  }
  Attacks out;
  for (int k = 0; k < calls; ++k) {
    w.tally = TickTally{};
    w.tick = k;
    resolve_incidents(*b.s, w, 7);
    double deaths = 0;
    for (Index l = 0; l < w.locations.size(); ++l) deaths += w.locations.deaths[l];
    double pair_deaths = 0;
    for (const auto& e : w.pairs) {
      pair_deaths += e.deaths;
      CHECK(e.murders == e.count);  // lethality 1
      CHECK(e.deaths >= e.murders);
      Attacks& into = (by_mob && mob >= 0 && e.by == static_cast<Index>(mob)) ? *by_mob : out;
      into.lethal += e.murders;
      into.dead += e.deaths;
    }
    CHECK(deaths == pair_deaths);  // attacks are all the killing here
  }
  return out;
}

}  // namespace

TEST_CASE("sizes: a lethal attack kills 1 + a geometric number with the configured mean, and 0 restores one death",
          "[mechanism][isolated][sizes]") {
  SECTION("mean extra deaths 2") {
    const Attacks a = attacks({"parameters.violence.extra_deaths=2", "parameters.violence.mob_extra_deaths=0"}, 150);
    REQUIRE(a.lethal > 3000);
    // geometric with mean 2: variance 6, standard error of the mean about 0.04 at 3000
    CHECK((a.dead - a.lethal) / a.lethal == Approx(2).margin(0.2));
  }
  SECTION("mean extra deaths 0: one death per lethal attack, exactly") {
    const Attacks a = attacks({"parameters.violence.extra_deaths=0", "parameters.violence.mob_extra_deaths=0"}, 60);
    REQUIRE(a.lethal > 500);
    CHECK(a.dead == a.lethal);
  }
  SECTION("a mob kills more: mean extra = extra_deaths + mob_extra_deaths * (mobilised - 1)") {
    // town a's majority (community 0) mobilised against the minority by shock 0.2: mobilised = 1 + 5 * 0.2 = 2
    Attacks mob;
    const Attacks rest = attacks({"parameters.violence.extra_deaths=0.5", "parameters.violence.mob_extra_deaths=1",
                                  "parameters.violence.shock_mobilisation=5"},
                                 150, 0, 0.2, &mob);
    REQUIRE(mob.lethal > 2000);
    REQUIRE(rest.lethal > 2000);
    CHECK((mob.dead - mob.lethal) / mob.lethal == Approx(1.5).margin(0.15));
    CHECK((rest.dead - rest.lethal) / rest.lethal == Approx(0.5).margin(0.08));
  }
}

namespace {

struct Riots {
  double riots = 0, dispersed = 0, rioters = 0, murders = 0, deaths = 0, expected_dispersed = 0;
  double expected_rioters = 0;
};

/// Unrest only, everyone active, every riot not dispersed lethal; `riot` riot-control persons in each
/// town (set by hand: no contingent), `calls` calls of the incidents phase.
Riots riots(double riot, const std::vector<std::string>& sets, int calls = 100) {
  std::vector<std::string> all = {"parameters.violence.attack_rate=0", "parameters.crime.homicide_rate=0",
                                  "parameters.unrest.incident_rate=1", "parameters.unrest.threshold=0",
                                  "parameters.unrest.lethality=1", "parameters.unrest.extra_deaths=0",
                                  "parameters.deterrence.riot_damping=0"};
  all.insert(all.end(), sets.begin(), sets.end());  // the test's own settings last: they win
  test::Built b = build(all);
  auto& w = b.w;
  const auto& p = b.s->params;
  const auto& c = w.communities;
  Riots out;
  for (int k = 0; k < calls; ++k) {
    w.tally = TickTally{};
    w.tick = k;
    w.locations.riot.setConstant(riot);
    resolve_incidents(*b.s, w, 11);
    out.riots += w.tally.riots;
    out.dispersed += w.tally.riots_dispersed;
    out.rioters += w.tally.rioters;
    for (Index l = 0; l < w.locations.size(); ++l) {
      out.murders += w.locations.murders[l];
      out.deaths += w.locations.deaths[l];
    }
    // what the formula expects, community by community (committed = its riots here): the crowd's mean
    // size, and the dispersal chance at that size (the Poisson spread of the crowd is small next to it)
    for (Index i = 0; i < c.size(); ++i) {
      const double crowd = 1 + p.unrest_turnout * c.active[i] * c.resident[i];
      const double force = p.unrest_dispersal * riot / crowd;
      out.expected_rioters += c.committed[i] * crowd;
      out.expected_dispersed += c.committed[i] * force / (1 + force);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("sizes: riot control disperses crowds more often the more riot-control persons per rioter, and a dispersed crowd kills nobody",
          "[mechanism][isolated][sizes][dispersal]") {
  const Riots none = riots(0, {}), few = riots(200, {}), many = riots(2000, {}), off = riots(2000, {"parameters.unrest.dispersal=0"});
  REQUIRE(none.riots > 3000);
  // rioters are persons: 1 + Poisson(turnout * active * residents) a crowd
  CHECK(many.rioters == Approx(many.expected_rioters).epsilon(0.01));
  CHECK(many.rioters / many.riots > 100);
  // no riot control, or dispersal off: no crowd dispersed, and every riot kills (lethality 1)
  CHECK(none.dispersed == 0);
  CHECK(off.dispersed == 0);
  CHECK(none.murders == none.riots);
  CHECK(off.murders == off.riots);
  // dispersal rises with riot control per rioter, at the formula's rate
  CHECK(few.dispersed / few.riots > 0.05);
  CHECK(many.dispersed / many.riots > few.dispersed / few.riots + 0.2);
  CHECK(few.dispersed == Approx(few.expected_dispersed).epsilon(0.05));
  CHECK(many.dispersed == Approx(many.expected_dispersed).epsilon(0.05));
  // a dispersed crowd kills nobody: the lethal riots are exactly those not dispersed
  CHECK(few.murders == few.riots - few.dispersed);
  CHECK(many.murders == many.riots - many.dispersed);
  CHECK(many.deaths == many.murders);  // unrest.extra_deaths 0
}

TEST_CASE("sizes: a lethal riot kills 1 + a geometric number with mean unrest.extra_deaths", "[mechanism][isolated][sizes]") {
  const Riots r = riots(0, {"parameters.unrest.extra_deaths=1.5"}, 60);
  REQUIRE(r.murders > 2000);
  CHECK((r.deaths - r.murders) / r.murders == Approx(1.5).margin(0.15));
}

namespace {

struct Mobs {
  double attacks = 0, attackers = 0, dispersed = 0, lethal = 0, burned = 0;
  double expected_attackers = 0, expected_dispersed = 0;
};

/// Inter-ethnic attacks only, every attack that gets through lethal; town a's majority (community 0)
/// mobilised against the minority by `shock` (0: lone attacks only), `riot` riot-control persons in each
/// town set by hand, riot damping off so riot control acts only by dispersal; `calls` calls.
Mobs mobs(double shock, double riot, const std::vector<std::string>& sets, int calls = 60) {
  std::vector<std::string> all = {"parameters.violence.attack_rate=3", "parameters.violence.lethality=1",
                                  "parameters.violence.flashpoint_probability=0", "parameters.unrest.incident_rate=0",
                                  "parameters.crime.homicide_rate=0", "groups.min.initial_fear=0.8",
                                  "parameters.deterrence.riot_damping=0", "parameters.violence.shock_mobilisation=5",
                                  "parameters.violence.arson=0.1"};
  all.insert(all.end(), sets.begin(), sets.end());
  test::Built b = build(all);
  auto& w = b.w;
  const auto& p = b.s->params;
  const auto& c = w.communities;
  const Index m = 0, g = c.group[m], h = 1 - g, l = c.location[m];
  w.locations.shock(l, static_cast<Eigen::Index>(g * 2 + h)) = shock;  // shock_decay 1: it stays
  const double mobilised = 1 + p.violence_shock_mobilisation * shock;
  Mobs out;
  for (int k = 0; k < calls; ++k) {
    w.tally = TickTally{};
    w.tick = k;
    w.locations.riot.setConstant(riot);
    w.locations.housing.setConstant(1.0);
    const double burned_before = w.cumulative_dwellings_burned;
    resolve_incidents(*b.s, w, 13);
    out.attackers += w.tally.attackers;
    out.dispersed += w.tally.attacks_dispersed;
    out.burned += w.cumulative_dwellings_burned - burned_before;
    for (const auto& e : w.pairs) {
      out.attacks += e.count;
      out.lethal += e.murders;
    }
    // what the formulas expect for the mobilised community (its attacks are at home: the towns are not
    // neighbours): crowds of 1 + turnout * (1 - 1/mobilised) * hostile members, dispersed at k r / (1 + k r)
    for (Index i = 0; i < c.size(); ++i) {
      const double crowd =
          i == m && mobilised > 1 ? 1 + p.violence_mob_turnout * (1 - 1 / mobilised) * c.hostile[i] * c.resident[i] : 1.0;
      out.expected_attackers += c.committed[i] * crowd;
      if (crowd > 1) {
        const double force = p.unrest_dispersal * riot / crowd;
        out.expected_dispersed += c.committed[i] * force / (1 + force);
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("crowds: a mob's attacks are crowds of persons and riot control disperses them, a lone attack is one person",
          "[mechanism][isolated][sizes][crowds]") {
  // lone attacks: one person each, never dispersed, whatever riot control stands by
  const Mobs lone = mobs(0, 2000, {});
  REQUIRE(lone.attacks > 1000);
  CHECK(lone.attackers == lone.attacks);
  CHECK(lone.dispersed == 0);
  CHECK(lone.lethal == lone.attacks);
  // the same lone attacks with dispersal switched off: the same draws, so dispersal does not touch them
  const Mobs lone_off = mobs(0, 2000, {"parameters.unrest.dispersal=0"});
  CHECK(lone_off.attacks == lone.attacks);
  CHECK(lone_off.lethal == lone.lethal);

  // a mob (shock 0.2: mobilised 2) without riot control: crowds at the formula's mean size, none dispersed
  const Mobs free = mobs(0.2, 0, {});
  REQUIRE(free.attacks > 1000);
  CHECK(free.attackers == Approx(free.expected_attackers).epsilon(0.02));
  CHECK(free.attackers / free.attacks > 50);
  CHECK(free.dispersed == 0);
  CHECK(free.lethal == free.attacks);

  // with riot control: dispersal at the formula's rate, more with more riot control, and a dispersed attack
  // kills nobody and burns nothing
  const Mobs few = mobs(0.2, 100, {}), many = mobs(0.2, 2000, {});
  CHECK(few.dispersed == Approx(few.expected_dispersed).epsilon(0.1));
  CHECK(many.dispersed == Approx(many.expected_dispersed).epsilon(0.05));
  CHECK(many.dispersed / many.attacks > few.dispersed / few.attacks + 0.2);
  CHECK(few.lethal == few.attacks - few.dispersed);
  CHECK(many.lethal == many.attacks - many.dispersed);
  CHECK(many.burned / many.attacks < 0.5 * free.burned / free.attacks);
  // turnout 0: every attack one person again, and none dispersed
  const Mobs alone = mobs(0.2, 2000, {"parameters.violence.mob_turnout=0"});
  CHECK(alone.attackers == alone.attacks);
  CHECK(alone.dispersed == 0);
}
