// The rule-of-law chain (docs/ODD.md 7.7, ADR 0012): investigation -> prosecution and courts -> impunity,
// and organised crime. First each link in isolation on a hand-built World (phase 7 called once, the
// expected values computed here from the formulas), then the chain over time in a synthetic scenario:
// violence declines as the chain builds, and does not when any link is missing.
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

// two neighbouring towns in one sector, a majority and a minority; every number invented for the
// test. The judiciary block is appended by `with_judiciary`.
test::TwoTowns towns() {
  test::TwoTowns t;
  t.name = "rule-of-law";
  t.end = "2003-12-31";
  t.maj_fear = 0.3;
  t.min_weapons = 0.1;
  t.trust_min_to_maj = 0.2;
  t.one_sector_neighbours = true;
  t.pop_a_min = 8000;
  t.pop_b_maj = 30000;
  t.pop_b_min = 6000;
  return t;
}
const std::string kTowns = test::with_blocks(
    test::two_towns_json(towns()),
    R"("agencies": [{"id": "anticrime", "name": "Anti-crime programme", "functions": [{"kind": "crime", "capacity": 0}]}],
  "contingents": [
    {"id": "army", "kind": "military", "strength": 500, "posture": {"patrol": 1}},
    {"id": "police", "kind": "police", "strength": 300, "posture": {"patrol": 1}}
  ])");

/// The scenario with a judiciary: `local` judges and prosecutors from `from` (none before), and
/// `international` judges with as many prosecutors (teams = international / 2) from the start.
std::string with_judiciary(double local, double international, const char* from = "2000-01-01") {
  std::string s = kTowns;
  std::string local_series = R"([{"date": ")" + std::string(from) + R"(", "count": )" + std::to_string(local) + "}]";
  if (std::string(from) != "2000-01-01")
    local_series = R"([{"date": "2000-01-01", "count": 0}, {"date": ")" + std::string(from) +
                   R"(", "count": 0}, {"date": ")" + std::string(from) + R"(", "count": )" + std::to_string(local) +
                   "}]";
  const std::string block =
      R"(, "judiciary": {"local": )" + local_series + R"(, "international_judges": [{"date": "2000-01-01", "count": )" +
      std::to_string(international) + R"(}], "international_prosecutors": [{"date": "2000-01-01", "count": )" +
      std::to_string(international) + "}]}";
  s.insert(s.rfind('}'), block);
  return s;
}

using test::Built;

Built build(const std::string& json, const std::vector<std::string>& sets = {}) {
  return test::build(json, "rule-of-law", sets);
}

std::vector<MetricsRow> rows_of(const std::string& json, const std::vector<std::string>& sets, int days,
                                std::uint64_t seed = 1) {
  return test::rows_of(json, "rule-of-law", sets, days, seed);
}

/// Sum of a metric over ticks [from, to) of runs with seeds 1..seeds.
double total(const std::string& json, const std::vector<std::string>& sets, double MetricsRow::*field, int from, int to,
             int seeds = 4) {
  double sum = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    const auto rows = rows_of(json, sets, to, std::uint64_t(seed));
    for (int t = from; t < to; ++t) sum += rows[std::size_t(t)].*field;
  }
  return sum;
}

// ordinary crime only: no inter-ethnic attacks, no unrest, a high homicide rate so counts are large,
// and enough police that nearly every case is solved
const std::vector<std::string> kOrdinaryOnly = {
    "parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0", "parameters.crime.homicide_rate=300",
    "parameters.crime.lawlessness=3", "contingents.police.strength=1500",
    // organised crime held still: its capture of convictions is tested on its own
    "parameters.justice.organised_growth=0"};

}  // namespace

TEST_CASE("rule of law: clearance, courts and impunity follow the chain's formulas exactly",
          "[mechanism][isolated][justice]") {
  // 17 local judges and prosecutors for 84,000 residents: about 20 per 100k, below the reference
  Built b = build(with_judiciary(17, 4));
  const auto& p = b.s->params;
  auto& L = b.w.locations;
  const double res_all = L.resident.sum();
  // presence and court capacity set by hand: phase 7 reads them
  L.police[0] = 96, L.local_police[0] = 40, L.military[0] = 200;
  L.courts[0] = 0.4;
  L.crime[0] = 0.6;
  L.incidents[0] = 5, L.ordinary[0] = 3, L.murders[0] = 4;  // 3 ordinary homicides, 2 serious incidents, 1 killing
  b.w.mission.serious_caseload = 0.05;
  police_and_institutions(*b.s, b.w, 1);

  const double investigators = 96 + p.justice_kps_investigation * 40 + p.justice_military_investigation * 200;
  const double clear = 1 - std::exp(-p.justice_clearance_k * investigators / (L.resident[0] / 1000));
  CHECK(L.clearance[0] == Approx(clear).epsilon(1e-12));
  const double staffing = std::min(1.0, 17 * 1e5 / res_all / p.justice_judges_reference);
  CHECK(b.w.mission.judicial_staffing == Approx(staffing).epsilon(1e-12));
  const double capacity = 2 * p.justice_international_cases / 365;  // two teams of two judges and a prosecutor
  const double international = capacity / (capacity + 0.05);
  CHECK(b.w.mission.international_share == Approx(international).epsilon(1e-12));

  const double court = staffing * (p.justice_court_support_floor + (1 - p.justice_court_support_floor) * 0.4);
  const double captured = 1 - p.institutions_crime_capture * 0.6;
  const double conviction = clear * court * captured;
  const double fair = 1 - (1 - court * p.justice_local_impartiality) * (1 - international);
  const double serious = clear * p.justice_witness_cooperation * fair * captured;
  const double rate = 1.0 / p.institutions_impunity_tau;
  CHECK(L.impunity[0] == Approx(1 - rate * conviction).epsilon(1e-12));
  CHECK(L.impunity_political[0] == Approx(1 - rate * serious).epsilon(1e-12));
  CHECK(b.w.tally.convictions == Approx(3 * conviction + 1 * serious).epsilon(1e-12));
  // organised crime: grows with political impunity, shrinks with serious convictions
  const double imp_pol = 1 - rate * serious;
  CHECK(L.crime[0] ==
        Approx(0.6 + p.justice_organised_growth * 0.4 * imp_pol - p.justice_organised_suppression * serious * 0.6)
            .epsilon(1e-12));
  // the serious caseload is a moving average of cleared serious killings
  const double cleared = clear * p.justice_witness_cooperation * 1;
  CHECK(b.w.mission.serious_caseload == Approx(0.05 + (cleared - 0.05) / p.justice_caseload_tau).epsilon(1e-12));
  // in location B nobody investigates: no clearance, no conviction, impunity stays complete
  CHECK(L.clearance[1] == 0);
  CHECK(L.impunity[1] == 1);
  CHECK(L.impunity_political[1] == 1);

  SECTION("no judges and prosecutors: staffing 0, no conviction however good the police") {
    Built nb = build(with_judiciary(0, 0));
    nb.w.locations.police[0] = 1000;
    police_and_institutions(*nb.s, nb.w, 1);
    CHECK(nb.w.locations.clearance[0] > 0.9);
    CHECK(nb.w.mission.judicial_staffing == 0);
    CHECK(nb.w.locations.impunity[0] == 1);
    CHECK(nb.w.locations.impunity_political[0] == 1);
  }
  SECTION("no judiciary block: courts are not limited by staff, and there are no international teams") {
    Built nb = build(kTowns);
    police_and_institutions(*nb.s, nb.w, 1);
    CHECK(nb.w.mission.judicial_staffing == 1);
    CHECK(nb.w.mission.international_share == 0);
  }
  SECTION("staffing is judges per 100k residents over the reference, below saturation") {
    Built nb = build(with_judiciary(10, 0));
    police_and_institutions(*nb.s, nb.w, 1);
    CHECK(nb.w.mission.judicial_staffing ==
          Approx(10 * 1e5 / nb.w.locations.resident.sum() / p.justice_judges_reference).epsilon(1e-12));
  }
}

TEST_CASE("rule of law: a judiciary's counts are read on their dates, linear between, flat after",
          "[mechanism][isolated][justice]") {
  std::string s = kTowns;
  s.insert(s.rfind('}'),
           R"(, "judiciary": {"local": [{"date": "2000-02-01", "count": 10}, {"date": "2000-03-02", "count": 40}]})");
  const auto loaded = scenario::load_scenario_text(s, "rule-of-law", {});
  const auto& local = loaded.scenario->judiciary.local;
  CHECK(count_on(local, *Date::parse("2000-01-31")) == 0);
  CHECK(count_on(local, *Date::parse("2000-02-01")) == 10);
  CHECK(count_on(local, *Date::parse("2000-02-16")) == Approx(25));
  CHECK(count_on(local, *Date::parse("2001-01-01")) == 40);
  // out-of-order dates are bad input, named by pointer
  std::string bad = kTowns;
  bad.insert(bad.rfind('}'),
             R"(, "judiciary": {"local": [{"date": "2000-03-01", "count": 10}, {"date": "2000-02-01", "count": 40}]})");
  CHECK_THROWS_WITH(scenario::load_scenario_text(bad, "rule-of-law", {}),
                    Catch::Contains("/judiciary/local/1/date") && Catch::Contains("increasing order"));
}

TEST_CASE("rule of law: ordinary crime declines as the chain builds, and not when a link is missing",
          "[mechanism][justice]") {
  // police from the start, judges and prosecutors from day 180: conviction rises, impunity falls,
  // ordinary murders fall
  const std::string built = with_judiciary(40, 0, "2000-06-29");
  const std::string no_courts = with_judiciary(0, 0);
  const int year = 365, days = 3 * 365, window = 180;
  const double first = total(built, kOrdinaryOnly, &MetricsRow::crime_murders, 0, window);
  const double late = total(built, kOrdinaryOnly, &MetricsRow::crime_murders, days - window, days);
  const auto rows = rows_of(built, kOrdinaryOnly, days);
  CHECK(rows[std::size_t(window) - 1].impunity == 1.0);
  CHECK(rows.back().impunity < 0.8);
  CHECK(late < 0.85 * first);
  // without courts the police solve cases but nobody convicts: impunity and murders stay where they were
  const auto stuck = rows_of(no_courts, kOrdinaryOnly, days);
  CHECK(stuck.back().impunity == 1.0);
  CHECK(stuck.back().clearance == Approx(rows.back().clearance).epsilon(1e-4));
  const double stuck_first = total(no_courts, kOrdinaryOnly, &MetricsRow::crime_murders, 0, window);
  const double stuck_late = total(no_courts, kOrdinaryOnly, &MetricsRow::crime_murders, days - window, days);
  CHECK(stuck_late > 0.9 * stuck_first);
  CHECK(late < 0.85 * stuck_late);
  // without investigators courts have nothing to try
  auto no_police = kOrdinaryOnly;
  no_police.insert(no_police.end(), {"contingents.police.strength=0", "contingents.army.strength=0"});
  CHECK(rows_of(built, no_police, year).back().impunity == 1.0);
  // more court support (the justice programme's court capacity) lowers impunity further
  auto supported = kOrdinaryOnly;
  supported.insert(supported.end(),
                   {"agencies.anticrime.functions.0.kind=justice", "agencies.anticrime.functions.0.capacity=200"});
  CHECK(rows_of(built, supported, year).back().impunity < rows_of(built, kOrdinaryOnly, year).back().impunity - 0.01);
}

TEST_CASE("rule of law: international teams convict inter-ethnic violence that local courts do not",
          "[mechanism][justice][international]") {
  // attacks on, ordinary crime off; local courts fully staffed in both, international teams in one
  // impunity's weight in hostility raised and the threshold with it, so that hostility sits where
  // impunity moves it (not saturated by fear and revenge); nobody flees, so targets stay the same
  const std::vector<std::string> political = {
      "parameters.crime.homicide_rate=0",        "parameters.unrest.incident_rate=0",
      "parameters.violence.attack_rate=0.3",     "parameters.violence.threshold=1",
      "parameters.violence.impunity_weight=1.2", "parameters.movement.flight_rate=0",
      "contingents.police.strength=1500"};
  const std::string local_only = with_judiciary(40, 0), with_internationals = with_judiciary(40, 20);
  const int days = 2 * 365;
  const auto local_rows = rows_of(local_only, political, days);
  const auto intl_rows = rows_of(with_internationals, political, days);
  CHECK(local_rows.back().international_share == 0);
  CHECK(intl_rows.back().international_share > 0.5);
  CHECK(intl_rows.back().impunity_political < local_rows.back().impunity_political - 0.02);
  // the ordinary chain is no worse for them (less organised crime captures fewer convictions)
  CHECK(intl_rows.back().impunity <= local_rows.back().impunity + 1e-9);
  // and with it the violence that impunity feeds: fewer attacks in the second year
  const double local_attacks = total(local_only, political, &MetricsRow::incidents, 365, days);
  const double intl_attacks = total(with_internationals, political, &MetricsRow::incidents, 365, days);
  CHECK(intl_attacks < 0.8 * local_attacks);
}

TEST_CASE(
    "rule of law: organised crime grows with impunity, is fought by convictions and an anti-crime programme, "
    "and costs the economy and legitimacy",
    "[mechanism][justice][organised_crime]") {
  const std::vector<std::string> quiet = {"parameters.violence.attack_rate=0", "parameters.unrest.incident_rate=0",
                                          "parameters.crime.homicide_rate=0"};
  const int days = 3 * 365;
  // unchecked: no judges, no programme; it grows from 0.5 toward 1
  const auto unchecked = rows_of(with_judiciary(0, 0), quiet, days);
  CHECK(unchecked.back().organised_crime > unchecked.front().organised_crime + 0.1);
  // international teams convict serious crime: crime grows less
  auto strong = quiet;
  strong.insert(strong.end(), {"contingents.police.strength=3000", "parameters.justice.witness_cooperation=1"});
  const auto prosecuted = rows_of(with_judiciary(40, 20), strong, days);
  const auto unprosecuted = rows_of(with_judiciary(0, 0), strong, days);
  CHECK(prosecuted.back().organised_crime < unprosecuted.back().organised_crime - 0.05);
  // the anti-crime programme (UNODC's function) removes it directly
  auto programme = quiet;
  programme.push_back("agencies.anticrime.functions.0.capacity=100");
  const auto fought = rows_of(with_judiciary(0, 0), programme, days);
  CHECK(fought.back().organised_crime < unchecked.back().organised_crime - 0.05);
  // its costs: a lower economy and lower legitimacy where it is higher, all else equal
  auto no_drag = quiet;
  no_drag.insert(no_drag.end(),
                 {"parameters.justice.organised_economy_drag=0", "parameters.legitimacy.weight_crime=0"});
  const auto costless = rows_of(with_judiciary(0, 0), no_drag, days);
  CHECK(unchecked.back().economy < costless.back().economy - 0.01);
  CHECK(unchecked.back().legitimacy < costless.back().legitimacy);
}
