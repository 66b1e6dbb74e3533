// Tests src/io/groups.cpp: groups.csv holds every quantity a pattern can read per group, with the
// same values as the pattern readers, flows that add up, and its cadence.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "peacesim/io/groups.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/validate/patterns.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using namespace peacesim;
using peacesim::test::TempDir;

namespace {

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

/// The GroupRow field that a pattern's QUANTITY:GROUP reads.
double field(const io::GroupRow& r, const std::string& quantity) {
  if (quantity == "remaining") return r.remaining;
  if (quantity == "resident") return r.resident;
  if (quantity == "displaced") return r.displaced;
  if (quantity == "refugees") return r.refugees;
  if (quantity == "returns_cumulative") return r.returns_cumulative;
  if (quantity == "murdered") return r.murdered;
  if (quantity == "participation") return r.participation;
  if (quantity == "fear") return r.fear;
  if (quantity == "legitimacy") return r.legitimacy;
  if (quantity == "legitimacy_international") return r.legitimacy_international;
  if (quantity == "legitimacy_local") return r.legitimacy_local;
  if (quantity == "trust") return r.trust;
  FAIL("no groups.csv column for " << quantity);
  return 0;
}

const char* const kQuantities[] = {"remaining", "resident",      "displaced", "refugees",   "returns_cumulative",
                                   "murdered",  "participation", "fear",      "legitimacy", "legitimacy_international",
                                   "legitimacy_local", "trust"};

}  // namespace

TEST_CASE("groups.csv: every pattern quantity, with the value the pattern reader reads", "[io][groups]") {
  const std::string file = GENERATE(std::string("scenarios/kosovo-1999.json"), peacesim::test::two_towns());
  const auto loaded = scenario::load_scenario(file);
  const Scenario& s = *loaded.scenario;
  TempDir dir("groups");
  io::GroupWriter writer(dir.path() / "groups.csv", s);
  const auto cols = io::group_columns(s);
  std::vector<std::pair<std::string, validate::MetricReader>> readers;
  for (const char* q : kQuantities) {
    CHECK(std::find(cols.begin(), cols.end(), q) != cols.end());  // a column of that name
    for (const auto& g : s.groups) readers.emplace_back(q, validate::MetricReader(std::string(q) + ":" + g.id, s, file, ""));
  }
  Simulation sim(loaded.scenario, 3);
  sim.limit_ticks(400 / s.tick_days);
  double killed = 0;
  while (!sim.done()) {
    sim.step();
    writer.observe(s, sim.world(), sim.metrics(), sim.done());
    REQUIRE(writer.rows().size() == s.groups.size());
    for (std::size_t k = 0; k < readers.size(); ++k) {
      const std::size_t g = k % s.groups.size();
      const double expected = readers[k].second.read(sim), got = field(writer.rows()[g], readers[k].first);
      INFO(file << " tick " << sim.metrics().tick << " " << readers[k].first << ":" << s.groups[g].id);
      REQUIRE(got == Approx(expected).margin(1e-9));
    }
    for (const auto& r : writer.rows()) {
      // victims by perpetrator and ordinary crime add up to the victims
      double by = r.crime_murdered;
      for (double v : r.murdered_by) by += v;
      REQUIRE(by == Approx(r.murdered).margin(1e-9));
      killed += r.murdered;
    }
  }
  writer.close();
  CHECK(killed > 0);  // the check above saw killings, not only zeros
  const auto rows = read_csv(dir.path() / "groups.csv");
  REQUIRE(rows.size() == 1 + s.groups.size() * std::size_t(sim.world().tick));
  CHECK(rows[0].size() == 3 + cols.size());
  CHECK(rows[0][2] == "group");
  CHECK(rows[1][2] == s.groups[0].id);
}

TEST_CASE("groups.csv: rows every group_every_days, flows summed between rows", "[io][groups]") {
  const auto loaded = scenario::load_scenario(peacesim::test::two_towns(), {"output.group_every_days=7"});
  const Scenario& s = *loaded.scenario;
  REQUIRE(s.group_every_days == 7);
  TempDir dir("groups-weekly");
  io::GroupWriter writer(dir.path() / "groups.csv", s);
  Simulation sim(loaded.scenario, 5);
  sim.limit_ticks(100 / s.tick_days);  // the last tick is not on the cadence: written too
  std::vector<double> murdered(s.groups.size(), 0.0), fled(s.groups.size(), 0.0);
  int written = 0;
  while (!sim.done()) {
    sim.step();
    writer.observe(s, sim.world(), sim.metrics(), sim.done());
    if (sim.metrics().tick % (7 / s.tick_days) == 0 || sim.done()) {
      ++written;
      for (std::size_t g = 0; g < s.groups.size(); ++g)
        murdered[g] += writer.rows()[g].murdered, fled[g] += writer.rows()[g].fled;
    }
  }
  writer.close();
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    CHECK(murdered[g] == Approx(writer.rows()[g].murdered_cumulative));
    CHECK(fled[g] == Approx(writer.rows()[g].fled_cumulative));
  }
  const auto rows = read_csv(dir.path() / "groups.csv");
  CHECK(rows.size() == 1 + s.groups.size() * std::size_t(written));
  CHECK(rows.back()[0] == std::to_string(sim.metrics().tick));
}

TEST_CASE("groups.csv: group_every_days and series_every_days are checked by the schema", "[io][groups]") {
  CHECK_THROWS_AS(scenario::load_scenario(peacesim::test::two_towns(), {"output.group_every_days=-1"}),
                  scenario::ScenarioError);
  CHECK_THROWS_AS(scenario::load_scenario(peacesim::test::two_towns(), {"output.group_every_days=4000"}),
                  scenario::ScenarioError);
  CHECK(scenario::load_scenario(peacesim::test::two_towns(), {"output.group_every_days=0"}).scenario->group_every_days == 0);
  // series.csv of the ensembles: at least every 1 day
  CHECK_THROWS_AS(scenario::load_scenario(peacesim::test::two_towns(), {"output.series_every_days=0"}),
                  scenario::ScenarioError);
  CHECK(scenario::load_scenario(peacesim::test::two_towns(), {"output.series_every_days=30"}).scenario->series_every_days == 30);
}
