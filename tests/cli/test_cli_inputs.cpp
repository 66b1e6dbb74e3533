// Tests that the command line says what it means (issue 7): unknown commands named, seeds that
// are whole numbers, run lengths and checkpoint dates inside the scenario, JSON that the parser
// cannot read reported with file, line, column and pointer. Each refusal is exit 2 and writes
// nothing.

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/ensemble.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using peacesim::test::cli;
using peacesim::test::read_text;
using peacesim::test::TempDir;
using peacesim::test::two_towns;
using Catch::Matchers::Contains;

TEST_CASE("cli inputs: an unknown command is named", "[cli][inputs]") {
  const auto r = cli({"simulate", "x.json"});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("unknown command 'simulate'"));
  CHECK_THAT(r.err, !Contains("A subcommand is required"));
}

TEST_CASE("cli inputs: seeds are whole numbers from 0 to 2^64-1", "[cli][inputs]") {
  TempDir dir("seeds");
  const std::string out = (dir.path() / "o").string();
  for (const std::string bad : {"-3", "1.5", "1e3", "abc", "18446744073709551616", ""}) {
    INFO("seed " << bad);
    const auto r = cli({"run", two_towns(), "--days", "2", "-q", "--seed", bad, "--out", out});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--seed"));
    const auto v = cli({"compare", two_towns(), two_towns(), "-n", "1", "-q", "--seed", bad, "--out", out});
    CHECK(v.code == 2);
  }
  CHECK_FALSE(fs::exists(out));
  const auto big = cli({"run", two_towns(), "--days", "2", "-q", "--seed", "18446744073709551615", "--out", out});
  INFO(big.err);
  CHECK(big.code == 0);
  CHECK(nlohmann::json::parse(read_text(fs::path(out) / "summary.json"))["seed"] == 18446744073709551615ULL);
}

TEST_CASE("cli inputs: --until and --days past the scenario's end are errors", "[cli][inputs]") {
  TempDir dir("until");
  const std::string out = (dir.path() / "o").string();
  // two-towns runs from 2000-01-01 to 2001-12-31 (731 days)
  const auto u = cli({"run", two_towns(), "-q", "--until", "2002-01-01", "--out", out});
  CHECK(u.code == 2);
  CHECK_THAT(u.err, Contains("2001-12-31"));
  CHECK_THAT(u.err, Contains("time.end"));
  const auto d = cli({"run", two_towns(), "-q", "--days", "732", "--out", out});
  CHECK(d.code == 2);
  CHECK_THAT(d.err, Contains("at most 731"));
  CHECK_FALSE(fs::exists(out));
  // the end itself is allowed
  CHECK(cli({"run", two_towns(), "-q", "--until", "2001-12-31", "--out", out}).code == 0);
}

TEST_CASE("cli inputs: compare --at outside the run is exit 2", "[cli][inputs]") {
  TempDir dir("at");
  const std::string out = (dir.path() / "c").string();
  for (const std::string at : {"2012-01-01", "1999-01-01", "2002-01-01"}) {
    INFO("--at " << at);
    const auto r = cli({"compare", two_towns(), two_towns(), "-n", "2", "-q", "--at", at, "--out", out});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--at"));
    CHECK_THAT(r.err, Contains("2000-01-01 to 2001-12-31"));
  }
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("cli inputs: a number beyond a double is exit 2 with line, column and pointer", "[cli][inputs]") {
  TempDir dir("overflow");
  nlohmann::json doc = nlohmann::json::parse(read_text(two_towns()));
  std::string text = doc.dump(2);
  // put the overflowing literal where a real number was: the first group's risk aversion
  const std::string key = "\"risk_aversion\": ";
  const std::size_t at = text.find(key);
  REQUIRE(at != std::string::npos);
  const std::size_t value = at + key.size(), end = text.find_first_of(",\n}", value);
  text.replace(value, end - value, "1e999");
  const fs::path file = dir.write("huge.json", text);
  const auto r = cli({"run", file.string(), "-q", "--out", (dir.path() / "o").string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains(file.string()));
  CHECK_THAT(r.err, Contains("/groups/0/risk_aversion"));
  CHECK_THAT(r.err, Contains("line "));
  CHECK_THAT(r.err, Contains("number overflow"));
  CHECK_THAT(r.err, !Contains("json.exception"));
  CHECK_FALSE(fs::exists(dir.path() / "o"));
  // the same through the text loader and in an array
  using peacesim::scenario::ScenarioError;
  try {
    peacesim::scenario::parse_json_text("{\"a\": [1, 2, -1e400]}", "inline");
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.file == "inline");
    CHECK(e.pointer == "/a/2");
    CHECK_THAT(e.expected, Contains("line 1, column "));
  }
}

TEST_CASE("ensembles: a cancel keeps the runs that finished and marks the rest", "[ensemble][interrupt]") {
  const auto loaded = peacesim::scenario::load_scenario(two_towns());
  std::atomic<bool> cancel{false};
  peacesim::EnsembleOptions o;
  o.replicates = 8;
  o.jobs = 1;
  o.max_ticks = 30;
  o.cancel = &cancel;
  int steps_after_cancel = 0;
  const auto result = peacesim::run_ensemble(loaded.scenario, o, [&](int r, const peacesim::Simulation& sim) {
    if (cancel) ++steps_after_cancel;
    if (r == 3 && sim.world().tick == 10) cancel = true;  // mid-way through replicate 3
  });
  CHECK(result.cancelled);
  CHECK(result.finished == std::vector<char>{1, 1, 1, 0, 0, 0, 0, 0});
  CHECK(result.finished_count() == 3);
  CHECK(steps_after_cancel == 0);  // replicate 3 stopped at its next tick, no new run started
  // without a cancel, every run finishes
  cancel = false;
  o.cancel = nullptr;
  const auto all = peacesim::run_ensemble(loaded.scenario, o, [](int, const peacesim::Simulation&) {});
  CHECK_FALSE(all.cancelled);
  CHECK(all.finished_count() == 8);
}
