// Tests src/cli/cli.cpp through run_cli in-process: help, usage errors, exit codes, the output folder (staged, never
// half-written) and the files of a run.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/cli/cli.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using peacesim::test::cli;
using peacesim::test::read_text;
using peacesim::test::TempDir;
using peacesim::test::two_towns;
using Result = peacesim::test::CliResult;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Staging folders (".<name>.partial-*") left beside `final_dir`.
std::vector<std::string> leftovers(const fs::path& final_dir) {
  std::vector<std::string> found;
  const std::string prefix = "." + final_dir.filename().string() + ".partial-";
  for (const auto& entry : fs::directory_iterator(final_dir.parent_path()))
    if (entry.path().filename().string().starts_with(prefix)) found.push_back(entry.path().string());
  return found;
}

json summary_of(const fs::path& dir) {
  const std::string text = read_text(dir / "summary.json");
  INFO("summary.json starts: " << text.substr(0, 80));
  json j;
  REQUIRE_NOTHROW(j = json::parse(text));
  return j;
}

}  // namespace

TEST_CASE("cli: --help lists the commands", "[cli]") {
  const Result r = cli({"--help"});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Contains("run"));
  CHECK_THAT(r.out, Contains("inspect"));
  CHECK_THAT(r.out, Contains("schema"));
  CHECK_THAT(r.out, Contains("params"));
}

TEST_CASE("cli: run --help describes the run options", "[cli]") {
  const Result r = cli({"run", "--help"});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("--seed"));
  CHECK_THAT(r.out, Contains("--set"));
  CHECK_THAT(r.out, Contains("--until"));
  CHECK_THAT(r.out, Contains("--out"));
}

TEST_CASE("cli: usage errors exit 2", "[cli]") {
  SECTION("an unknown option") {
    const Result r = cli({"run", two_towns(), "--frobnicate"});
    CHECK(r.code == peacesim::cli::kExitBadInput);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--frobnicate"));
  }
  SECTION("an unknown command") {
    const Result r = cli({"fly"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("unknown command 'fly'"));
    CHECK_THAT(r.err, Contains("run, inspect, validate"));
  }
  SECTION("no command") {
    const Result r = cli({});
    CHECK(r.code == 2);
    CHECK_FALSE(r.err.empty());
  }
  SECTION("--days and --until together") {
    TempDir dir("cli");
    const Result r =
        cli({"run", two_towns(), "--days", "3", "--until", "2000-01-10", "--out", (dir.path() / "o").string()});
    CHECK(r.code == 2);
    CHECK_FALSE(fs::exists(dir.path() / "o"));
  }
}

TEST_CASE("cli: run on a missing file exits 2 and creates no output folder", "[cli]") {
  TempDir dir("cli");
  const fs::path missing = dir.path() / "no-such-scenario.json";
  const fs::path out = dir.path() / "result";
  const Result r = cli({"run", missing.string(), "--quiet", "--out", out.string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains(missing.string()));
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(out));
  CHECK(leftovers(out).empty());
}

TEST_CASE("cli: a bad scenario leaves the previous output folder untouched", "[cli]") {
  TempDir dir("cli");
  const fs::path out = dir.path() / "result";
  fs::create_directories(out);
  std::ofstream(out / "marker.txt") << "previous run";
  const fs::path bad = dir.write("bad.json", R"({"name": "bad", "time": {"start": "2000-01-01", "end": "2000-12-31"},
    "groups": [{"id": "blue", "name": "Blue", "risk_aversion": 1.5}],
    "locations": [{"id": "town", "name": "Town", "population": {"blue": 1000}}]})");
  const Result r = cli({"run", bad.string(), "--quiet", "--out", out.string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains(bad.string()));
  CHECK_THAT(r.err, Contains("/groups/0/risk_aversion"));
  CHECK(read_text(out / "marker.txt") == "previous run");
  CHECK_FALSE(fs::exists(out / "metrics.csv"));
  CHECK(leftovers(out).empty());
}

TEST_CASE("cli: a bad --until exits 2 and writes nothing", "[cli]") {
  TempDir dir("cli");
  const fs::path out = dir.path() / "result";
  SECTION("not a date") {
    const Result r = cli({"run", two_towns(), "--quiet", "--until", "2000-02-30", "--out", out.string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--until"));
    CHECK_THAT(r.err, Contains("2000-02-30"));
  }
  SECTION("before the start") {
    const Result r = cli({"run", two_towns(), "--quiet", "--until", "1999-12-31", "--out", out.string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("--until"));
    CHECK_THAT(r.err, Contains("2000-01-01"));
  }
  CHECK_FALSE(fs::exists(out));
  CHECK(leftovers(out).empty());
}

TEST_CASE("cli: a 30-day run writes metrics, municipalities and summary", "[cli]") {
  TempDir dir("cli");
  const fs::path out = dir.path() / "result";
  const Result r = cli({"run", two_towns(), "--days", "30", "--seed", "42", "--quiet", "--out", out.string()});
  INFO("err: " << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
  // no staging folder is left (replacing folders: tests/cli/test_output_folders.cpp)
  CHECK(leftovers(out).empty());

  const auto metrics = lines_of(out / "metrics.csv");
  REQUIRE(metrics.size() == 31);
  CHECK_THAT(metrics[0], StartsWith("tick,date,stability,order,reconciliation"));
  CHECK_THAT(metrics[1], StartsWith("0,2000-01-01,"));
  CHECK_THAT(metrics[30], StartsWith("29,2000-01-30,"));

  // every 7 days and on the last day, one row per location; ticks numbered as in metrics.csv
  const auto municipalities = lines_of(out / "municipalities.csv");
  REQUIRE(municipalities.size() == 1 + 6 * 2);
  CHECK_THAT(municipalities[0], StartsWith("tick,date,location,name,sector"));
  CHECK_THAT(municipalities[1], StartsWith("0,2000-01-01,hilltown,Hilltown,north,"));
  CHECK_THAT(municipalities[2], StartsWith("0,2000-01-01,rivertown,Rivertown,north,"));
  CHECK_THAT(municipalities[3], StartsWith("7,2000-01-08,hilltown,"));
  CHECK_THAT(municipalities[12], StartsWith("29,2000-01-30,rivertown,"));

  // every tick, one row per group
  const auto groups = lines_of(out / "groups.csv");
  REQUIRE(groups.size() == 1 + 30 * 2);
  CHECK_THAT(groups[0], StartsWith("tick,date,group,prewar,resident,displaced,refugees,remaining,"));
  CHECK_THAT(groups[0], Contains(",murdered_by_blue,murdered_by_red,trust,trust_in_blue,trust_in_red,"));
  CHECK_THAT(groups[1], StartsWith("0,2000-01-01,blue,"));
  CHECK_THAT(groups[60], StartsWith("29,2000-01-30,red,"));

  const json summary = summary_of(out);
  CHECK(summary["ticks"] == 30);
  CHECK(summary["seed"] == 42);
  CHECK(summary["end_date"] == "2000-01-30");
  REQUIRE(summary["scenario"]["hash"].is_string());
  CHECK_THAT(summary["scenario"]["hash"].get<std::string>(), StartsWith("fnv1a64:"));
  CHECK(summary["scenario"]["name"] == "two-towns");
  CHECK(summary["scenario"]["overrides"] == json::array());
}

TEST_CASE("cli: --until stops after that date", "[cli]") {
  TempDir dir("cli");
  const fs::path out = dir.path() / "result";
  const Result r = cli({"run", two_towns(), "--until", "2000-01-10", "--quiet", "--out", out.string()});
  INFO("err: " << r.err);
  REQUIRE(r.code == 0);
  const auto metrics = lines_of(out / "metrics.csv");
  REQUIRE(metrics.size() == 11);
  CHECK_THAT(metrics[10], StartsWith("9,2000-01-10,"));
}

TEST_CASE("cli: --set is recorded in the summary and changes the hash", "[cli]") {
  TempDir dir("cli");
  const fs::path plain = dir.path() / "plain", changed = dir.path() / "changed";
  REQUIRE(cli({"run", two_towns(), "--days", "5", "--quiet", "--out", plain.string()}).code == 0);
  const Result r = cli({"run", two_towns(), "--days", "5", "--quiet", "--out", changed.string(), "--set",
                        "parameters.unrest.threshold=0.2", "--set", "contingents.battalion.strength=1000"});
  INFO("err: " << r.err);
  REQUIRE(r.code == 0);
  const json a = summary_of(plain), b = summary_of(changed);
  CHECK(b["scenario"]["overrides"] ==
        json::array({"parameters.unrest.threshold=0.2", "contingents.battalion.strength=1000"}));
  CHECK(b["scenario"]["hash"] != a["scenario"]["hash"]);
  // without --seed, the scenario's own seed
  CHECK(b["seed"] == 1);
}

TEST_CASE("cli: a bad --set exits 2 naming --set", "[cli]") {
  TempDir dir("cli");
  const fs::path out = dir.path() / "result";
  const Result r = cli({"run", two_towns(), "--quiet", "--out", out.string(), "--set", "contingents.ghost.strength=5"});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("--set"));
  CHECK_THAT(r.err, Contains("ghost"));
  CHECK_FALSE(fs::exists(out));
  CHECK(leftovers(out).empty());
}

TEST_CASE("cli: schema prints the full JSON Schema", "[cli]") {
  const Result r = cli({"schema"});
  REQUIRE(r.code == 0);
  json schema;
  REQUIRE_NOTHROW(schema = json::parse(r.out));
  const json::json_pointer threshold("/$defs/parameters/properties/unrest/properties/threshold/default");
  REQUIRE(schema.contains(threshold));
  CHECK(schema.at(threshold) == 0.1);
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
}

TEST_CASE("cli: params --markdown prints a table row per parameter", "[cli]") {
  const Result r = cli({"params", "--markdown"});
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, StartsWith("| parameter | default |"));
  CHECK_THAT(r.out, Contains("\n| `unrest.threshold` | 0.1 | 0 to 1 |"));
  const Result plain = cli({"params"});
  CHECK(plain.code == 0);
  CHECK_THAT(plain.out, Contains("unrest.threshold"));
}

TEST_CASE("cli: inspect validates and summarises a scenario", "[cli]") {
  const Result r = cli({"inspect", two_towns()});
  INFO("err: " << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Contains("(two-towns)"));
  CHECK_THAT(r.out, Contains("ok: the scenario is valid"));
  CHECK_THAT(r.out, Contains("2 groups, 2 locations"));

  TempDir dir("cli");
  const fs::path bad = dir.write("bad.json", R"({"name": "bad"})");
  const Result b = cli({"inspect", bad.string()});
  CHECK(b.code == 2);
  CHECK_THAT(b.err, Contains(bad.string()));
  CHECK_THAT(b.err, Contains("missing required key \"time\""));
  CHECK_THAT(b.out, !Contains("ok: the scenario is valid"));
}
