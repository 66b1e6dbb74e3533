// Tests validation: pattern files, the metric readers, scoring, ensembles on threads, and `peacesim validate` /
// `compare`.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/ensemble.hpp"
#include "peacesim/validate/patterns.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using namespace peacesim;

using Catch::Matchers::Contains;
using peacesim::test::TempDir;
using peacesim::test::two_towns;

namespace {

// patterns on the teaching scenario (2000-01-01 to 2001-12-31); bounds chosen so that one
// passes, one fails and one required fails, whatever the seeds
constexpr const char* kPatterns = R"json({
  "name": "test patterns",
  "patterns": [
    {"id": "some-returns", "what": "Some refugees come back in the first month", "metric": "returns_cumulative",
     "window": {"from": "2000-01-31", "to": "2000-01-31"}, "min": 1, "source": "test"},
    {"id": "impossible", "what": "More residents than ever lived there", "metric": "resident",
     "window": {"from": "2000-03-01", "to": "2000-03-01"}, "min": 1e9, "source": "test"},
    {"id": "required-impossible", "what": "No minority left at all", "metric": "remaining:red",
     "window": {"from": "2000-06-01", "to": "2000-06-01"}, "max": -1, "source": "test", "required": true}
  ]
})json";

}  // namespace

TEST_CASE("ensembles give the same replicates on 1 thread and on 4", "[validate][ensemble][determinism]") {
  const auto loaded = scenario::load_scenario(two_towns());
  auto collect = [&](int jobs) {
    EnsembleOptions o;
    o.replicates = 6;
    o.jobs = jobs;
    o.first_seed = 11;
    o.max_ticks = 120;
    std::vector<std::vector<double>> series(6);
    run_ensemble(loaded.scenario, o, [&](int r, const Simulation& sim) {
      series[std::size_t(r)].push_back(sim.metrics().incidents);
      series[std::size_t(r)].push_back(sim.metrics().stability);
    });
    return series;
  };
  const auto one = collect(1), four = collect(4);
  CHECK(one == four);
  CHECK(one[0] != one[1]);  // different seeds, different histories
  // replicate r is seed first_seed + r, exactly as a single run
  Simulation single(loaded.scenario, 13);
  single.limit_ticks(120);
  std::vector<double> s;
  while (!single.done()) {
    single.step();
    s.push_back(single.metrics().incidents);
    s.push_back(single.metrics().stability);
  }
  CHECK(s == one[2]);
}

TEST_CASE("quantiles interpolate between order statistics", "[validate]") {
  CHECK(quantile({3, 1, 2}, 0.5) == Approx(2));
  CHECK(quantile({0, 10}, 0.05) == Approx(0.5));
  CHECK(quantile({0, 10}, 0.95) == Approx(9.5));
  CHECK(quantile({}, 0.5) == 0);
}

TEST_CASE("pattern files are checked with file, pointer and expectation", "[validate][patterns]") {
  TempDir dir("validate");
  CHECK(validate::load_patterns(dir.write("ok.json", kPatterns)).patterns.size() == 3);
  auto error_of = [&](const std::string& text) {
    try {
      validate::load_patterns(dir.write("bad.json", text));
    } catch (const scenario::ScenarioError& e) {
      return e;
    }
    FAIL("no error");
    return scenario::ScenarioError("", "", "");
  };
  nlohmann::json doc = nlohmann::json::parse(kPatterns);
  doc["patterns"][0]["windw"] = doc["patterns"][0]["window"];
  auto e = error_of(doc.dump());
  CHECK(e.pointer == "/patterns/0/windw");
  CHECK_THAT(e.expected, Contains("window"));

  doc = nlohmann::json::parse(kPatterns);
  doc["patterns"][1].erase("min");
  e = error_of(doc.dump());
  CHECK(e.pointer == "/patterns/1");
  CHECK_THAT(e.expected, Contains("min"));

  doc = nlohmann::json::parse(kPatterns);
  doc["patterns"][1]["id"] = "some-returns";
  e = error_of(doc.dump());
  CHECK(e.pointer == "/patterns/1/id");
  CHECK_THAT(e.expected, Contains("unique"));

  doc = nlohmann::json::parse(kPatterns);
  doc["patterns"][0]["window"]["to"] = "1999-01-01";
  e = error_of(doc.dump());
  CHECK(e.pointer == "/patterns/0/window/to");
}

TEST_CASE("metric readers know the metrics.csv columns and group quantities", "[validate][patterns]") {
  const auto loaded = scenario::load_scenario(two_towns());
  const Scenario& s = *loaded.scenario;
  CHECK_NOTHROW(validate::MetricReader("murders", s, "f", "/p"));
  CHECK_NOTHROW(validate::MetricReader("remaining:red", s, "f", "/p"));
  CHECK_THROWS_AS(validate::MetricReader("murder", s, "f", "/p"), scenario::ScenarioError);
  CHECK_THROWS_AS(validate::MetricReader("remaining:green", s, "f", "/p"), scenario::ScenarioError);
  CHECK_THROWS_AS(validate::MetricReader("happiness:red", s, "f", "/p"), scenario::ScenarioError);
  // group quantities add up to the totals
  Simulation sim(loaded.scenario, 1);
  sim.limit_ticks(40);
  while (!sim.done()) sim.step();
  const double blue = validate::MetricReader("resident:blue", s, "f", "/p").read(sim);
  const double red = validate::MetricReader("resident:red", s, "f", "/p").read(sim);
  CHECK(blue + red == Approx(sim.metrics().resident));
  CHECK(validate::MetricReader("returns_cumulative:blue", s, "f", "/p").read(sim) +
            validate::MetricReader("returns_cumulative:red", s, "f", "/p").read(sim) ==
        Approx(sim.metrics().returns_cumulative));
}

TEST_CASE("murdered:GROUP counts each tick's victims by group, all but those of unrest", "[validate][patterns]") {
  // unrest kills without a victim group; without it, victims by group add up to the persons killed
  // (deaths: a lethal attack can kill several, ADR 0021; murders count the lethal incidents). Lethal
  // attacks (lethality 0.5) over three seeds: inter-ethnic killings in 200 days are then all but certain
  // (at the default lethality about half the seeds have none)
  const auto loaded = scenario::load_scenario(
      two_towns(),
      {"parameters.unrest.incident_rate=0", "parameters.crime.homicide_rate=200", "parameters.violence.lethality=0.5"});
  const Scenario& s = *loaded.scenario;
  const validate::MetricReader blue("murdered:blue", s, "f", "/p"), red("murdered:red", s, "f", "/p");
  double victims = 0, murders = 0, crime = 0, deaths = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    Simulation sim(loaded.scenario, seed);
    sim.limit_ticks(200);
    while (!sim.done()) {
      sim.step();
      victims += blue.read(sim) + red.read(sim);
      murders += sim.metrics().murders;
      deaths += sim.metrics().deaths;
      crime += sim.metrics().crime_murders;
    }
  }
  CHECK(crime > 0);
  CHECK(murders > crime);  // some inter-ethnic killings too
  CHECK(deaths >= murders);
  CHECK(victims == deaths);
}

TEST_CASE("peacesim validate scores patterns, writes tables and exits 1 on a required failure", "[validate][cli]") {
  TempDir dir("validate-cli");
  const auto patterns = dir.write("patterns.json", kPatterns).string();
  const auto run = [&](const std::string& jobs, const std::string& out) {
    return peacesim::test::cli({"validate", two_towns(), "--patterns", patterns, "-n", "6", "-j", jobs, "--out",
                                (dir.path() / out).string(), "-q"});
  };
  const auto r1 = run("1", "v1");
  CHECK(r1.code == 1);
  CHECK_THAT(r1.out, Contains("some-returns"));
  CHECK_THAT(r1.out, Contains("FAIL (required)"));
  CHECK_THAT(r1.out, Contains("1 of 3 patterns pass"));
  const auto v = nlohmann::json::parse(std::ifstream(dir.path() / "v1" / "validation.json"));
  CHECK(v["passed"] == 1);
  CHECK(v["required_failed"] == 1);
  CHECK(v["results"][0]["passed"] == true);
  CHECK(v["results"][1]["passed"] == false);
  CHECK(v["results"][0]["replicates"] == 6);
  // the same table whatever the number of threads
  const auto r3 = run("3", "v3");
  CHECK(r3.code == 1);
  CHECK(peacesim::test::read_text(dir.path() / "v1" / "validation.csv") ==
        peacesim::test::read_text(dir.path() / "v3" / "validation.csv"));
  // an unknown metric is bad input, reported before any run
  nlohmann::json doc = nlohmann::json::parse(kPatterns);
  doc["patterns"][2]["metric"] = "remaining:green";
  const auto bad =
      peacesim::test::cli({"validate", two_towns(), "--patterns", dir.write("bad.json", doc.dump()).string(), "-n", "2",
                           "--out", (dir.path() / "bad").string(), "-q"});
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Contains("/patterns/2/metric"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

TEST_CASE("peacesim compare pairs seeds: a scenario against itself differs by exactly zero",
          "[validate][cli][compare]") {
  TempDir dir("compare");
  const auto r = peacesim::test::cli({"compare", two_towns(), two_towns(), "-n", "4", "--at", "2000-02-01", "--at",
                                      "2000-06-01", "--out", (dir.path() / "c").string(), "-q"});
  REQUIRE(r.code == 0);
  const std::string csv = peacesim::test::read_text(dir.path() / "c" / "compare.csv");
  CHECK_THAT(csv,
             Contains("metric,date,base_mean,variant_mean,difference_mean,difference_p05,difference_p95,replicates"));
  CHECK_THAT(csv, Contains("stability,2000-02-01,"));
  // every difference column is zero
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    CHECK_THAT(line, Contains(",0.000000,0.000000,0.000000,4"));
  }
  CHECK(rows == 16);  // 8 metrics x 2 dates
  // a variant that removes all police and soldiers is worse on order
  TempDir vdir("compare-variant");
  const std::string variant =
      R"({"extends": ")" + two_towns() +
      R"(", "name": "two-towns-no-forces", "contingents": [{"id": "battalion", "enabled": false}, {"id": "intl_police", "enabled": false}]})";
  const auto v = peacesim::test::cli({"compare", two_towns(), vdir.write("v.json", variant).string(), "-n", "6", "--at",
                                      "2000-09-01", "--out", (dir.path() / "v").string(), "-q"});
  REQUIRE(v.code == 0);
  const std::string vcsv = peacesim::test::read_text(dir.path() / "v" / "compare.csv");
  const auto at = vcsv.find("order,2000-09-01,");
  REQUIRE(at != std::string::npos);
  std::istringstream row(vcsv.substr(at));
  std::string field;
  std::vector<std::string> fields;
  while (std::getline(row, field, ',') && fields.size() < 5) fields.push_back(field);
  CHECK(std::stod(fields[4]) < 0);  // difference_mean of order
}
