// Tests src/report: `peacesim report` and `run --report` (what goes into the page, what it refuses),
// series.csv of the ensembles, and the sparklines. The pages themselves are checked in a browser by
// tests/report/browser_test.py.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "peacesim/report/report.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using peacesim::test::cli;
using peacesim::test::read_text;
using peacesim::test::TempDir;
using peacesim::test::two_towns;
using Catch::Matchers::Contains;

namespace {

/// The JSON document a page carries.
json data_of(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"peacesim-data\">";
  const auto a = html.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = html.find("</script>", a);
  REQUIRE(b != std::string::npos);
  return json::parse(html.substr(a + open.size(), b - a - open.size()));
}

/// Sets an environment variable for the scope.
struct Env {
  std::string name;
  std::string old;
  bool had;
  Env(const char* n, const std::string& v) : name(n) {
    const char* o = std::getenv(n);
    had = o != nullptr;
    if (had) old = o;
    setenv(n, v.c_str(), 1);
  }
  ~Env() {
    if (had)
      setenv(name.c_str(), old.c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("report: a run folder becomes one page with its data, libraries and provenance", "[report]") {
  TempDir dir("report");
  const fs::path run = dir.path() / "run";
  REQUIRE(cli({"run", two_towns(), "--days", "60", "--seed", "9", "-q", "--out", run.string()}).code == 0);
  const fs::path page = dir.path() / "page.html";
  const auto r = cli({"report", run.string(), "--out", page.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string html = read_text(page);
  CHECK_THAT(html, Contains("<meta name=\"generator\" content=\"peacesim report\">"));
  CHECK_THAT(html, Contains("Dygraph"));   // dygraphs inlined
  CHECK_THAT(html, Contains("d3.geom"));   // d3 inlined
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("sourceMappingURL") == std::string::npos);
  const json d = data_of(html);
  REQUIRE(d["folders"].size() == 1);
  const json& f = d["folders"][0];
  CHECK(f["command"] == "run");
  CHECK(f["provenance"]["seed"] == 9);
  CHECK(f["href"] == "run");  // data files linked relative to the page
  const json& sc = f["scenarios"][0];
  CHECK(sc["ticks"].size() == 60);
  CHECK(sc["series"]["stability"]["mean"].size() == 60);
  CHECK(sc["group_series"].contains("resident:red"));
  CHECK(sc["group_series"].contains("murdered_by_blue:red"));
  CHECK(sc["map"]["locations"] == json({"hilltown", "rivertown"}));
  CHECK(sc["layout"]["events"].size() >= 1);
  CHECK(sc["layout"]["locations"][0]["population"]["blue"] == 40000);
}

TEST_CASE("report: run --report writes report.html into the run folder, listed in its marker", "[report]") {
  TempDir dir("report-run");
  const fs::path run = dir.path() / "run";
  const auto r = cli({"run", two_towns(), "--days", "10", "--report", "--out", run.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Contains("report.html"));
  const json marker = json::parse(read_text(run / ".peacesim-output.json"));
  CHECK(std::find(marker["files"].begin(), marker["files"].end(), "report.html") != marker["files"].end());
  const json d = data_of(read_text(run / "report.html"));
  CHECK(fs::path(d["folders"][0]["folder"].get<std::string>()).filename() == "run");  // not the staging folder
  CHECK(d["folders"][0]["href"] == ".");
  // a re-run replaces the folder, report included
  CHECK(cli({"run", two_towns(), "--days", "12", "--report", "-q", "--out", run.string()}).code == 0);
  CHECK(data_of(read_text(run / "report.html"))["folders"][0]["scenarios"][0]["ticks"].size() == 12);
}

TEST_CASE("report: refusals are exit 2 and leave everything as it was", "[report]") {
  TempDir dir("report-refuse");
  const fs::path run = dir.path() / "run";
  REQUIRE(cli({"run", two_towns(), "--days", "5", "-q", "--out", run.string()}).code == 0);
  SECTION("a file that is not a report is never replaced") {
    const fs::path mine = dir.write("notes.html", "<p>mine</p>");
    const auto r = cli({"report", run.string(), "--out", mine.string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("not a peacesim report"));
    CHECK(read_text(mine) == "<p>mine</p>");
  }
  SECTION("a report replaces an earlier report") {
    const fs::path page = dir.path() / "page.html";
    REQUIRE(cli({"report", run.string(), "--out", page.string()}).code == 0);
    CHECK(cli({"report", run.string(), "--out", page.string()}).code == 0);
  }
  SECTION("not into another command's output folder") {
    const auto r = cli({"report", run.string(), "--out", (run / "extra.html").string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("run --report"));
    CHECK(!fs::exists(run / "extra.html"));
  }
  SECTION("a folder that is not peacesim's") {
    const auto r = cli({"report", dir.path().string(), "--out", (dir.path() / "x.html").string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("not a peacesim output folder"));
  }
  SECTION("missing libraries name the package, and run --report fails before the run") {
    Env js("PEACESIM_JS_DIR", (dir.path() / "nothing").string());
    const auto r = cli({"report", run.string(), "--out", (dir.path() / "x.html").string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("libjs-dygraphs"));
    CHECK(!fs::exists(dir.path() / "x.html"));
    const auto r2 = cli({"run", two_towns(), "--days", "5", "--report", "-q", "--out", (dir.path() / "r2").string()});
    CHECK(r2.code == 2);
    CHECK_THAT(r2.err, Contains("install Debian's"));
    CHECK(!fs::exists(dir.path() / "r2"));
  }
}

TEST_CASE("report: validate and compare write series.csv, and the report draws both with bands", "[report]") {
  TempDir dir("report-ensemble");
  const fs::path cmp = dir.path() / "cmp";
  const auto r = cli({"compare", two_towns(), two_towns(), "-n", "4", "-j", "2", "--at", "2000-03-01", "-q", "--out",
                      cmp.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::ifstream in(cmp / "series.csv");
  std::string header;
  std::getline(in, header);
  CHECK(header == "scenario,tick,date,metric,mean,p05,p95,replicates");
  int rows = 0, ordered = 0;
  for (std::string line; std::getline(in, line); ++rows) {
    std::vector<std::string> c;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) c.push_back(cell);
    REQUIRE(c.size() == 8);
    CHECK(c[7] == "4");
    ordered += std::stod(c[5]) <= std::stod(c[4]) + 1e-9 && std::stod(c[4]) <= std::stod(c[6]) + 1e-9;
  }
  CHECK(rows > 0);
  CHECK(ordered == rows);  // p05 <= mean <= p95
  // the same on one thread
  const fs::path one = dir.path() / "one";
  REQUIRE(cli({"compare", two_towns(), two_towns(), "-n", "4", "-j", "1", "--at", "2000-03-01", "-q", "--out",
               one.string()})
              .code == 0);
  CHECK(read_text(one / "series.csv") == read_text(cmp / "series.csv"));
  const fs::path page = dir.path() / "cmp.html";
  REQUIRE(cli({"report", cmp.string(), "--out", page.string()}).code == 0);
  const json d = data_of(read_text(page));
  const json& f = d["folders"][0];
  CHECK(f["command"] == "compare");
  REQUIRE(f["scenarios"].size() == 2);
  CHECK(f["scenarios"][0]["role"] == "base");
  CHECK(f["scenarios"][1]["role"] == "variant");
  CHECK(f["scenarios"][0]["series"]["stability"].contains("lo"));
  CHECK(f["scenarios"][0]["map"]["locations"].size() == 2);
  CHECK(f["paired"].size() > 0);  // the paired differences of compare.csv
}

TEST_CASE("report: a sweep folder becomes its own page: factors, patterns, runs and the analyses in it", "[report][sweep]") {
  TempDir dir("report-sweep");
  const fs::path patterns = dir.write("patterns.json", R"({"name": "t", "patterns": [{"id": "red-stays", "what": "reds at home",
      "metric": "remaining:red", "window": {"from": "2000-06-30", "to": "2000-06-30"}, "min": 0.5, "source": "test"}]})");
  const json e = {{"name", "tt"},
                  {"scenario", two_towns()},
                  {"until", "2000-06-30"},
                  {"factors",
                   {{{"name", "threshold"}, {"parameter", "unrest.threshold"}, {"range", {0.05, 0.3}}},
                    {{"name", "police_arrival"}, {"set", "contingents.intl_police.arrival"}, {"range", {"2000-01-15", "2000-05-01"}}}}},
                  {"design", {{"kind", "latin_hypercube"}, {"points", 6}, {"seed", 2}}},
                  {"replicates", 2},
                  {"record", {{"metrics", {"stability"}}, {"at", {"2000-06-30"}}, {"patterns", patterns.string()},
                              {"series", {{"metrics", {"order"}}, {"every_days", 30}}}}}};
  const fs::path experiment = dir.write("experiment.json", e.dump());
  const fs::path sweep = dir.path() / "sweep", page = dir.path() / "sweep.html";
  REQUIRE(cli({"sweep", experiment.string(), "--out", sweep.string(), "--quiet"}).code == 0);
  SECTION("before analyze: the runs, and no analysis") {
    const auto r = cli({"report", sweep.string(), "--out", page.string()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json f = data_of(read_text(page))["folders"][0];
    CHECK(f["command"] == "sweep");
    CHECK(f["provenance"]["design_kind"] == "latin_hypercube");
    const json& sw = f["sweep"];
    CHECK(sw["factors"] == json({"threshold", "police_arrival"}));
    CHECK(sw["outputs"] == json({"stability_2000_06_30", "pattern_red_stays"}));  // not the pass/fail column
    CHECK(sw["runs"]["run_id"].size() == 12);
    CHECK(sw["runs"]["police_arrival"][0].is_string());  // a date factor as written
    CHECK(sw["runs"]["threshold"][0].is_number());
    CHECK(sw["runs"]["pattern_red_stays_ok"].size() == 12);
    CHECK(sw["runs_shown"] == 12);
    CHECK(sw["patterns"][0]["id"] == "red-stays");
    CHECK(sw["analyses"].empty());
    // the recorded series: per reporting tick the mean between the 5% and 95% quantiles, and the runs one by one
    const json& se = sw["series"];
    CHECK(se["metrics"] == json({"order"}));
    CHECK(se["runs_in_band"] == 12);
    CHECK(se["runs"].size() == 12);
    const json& v = se["values"]["order"];
    REQUIRE(se["dates"].size() >= 6);  // every 30 days over half a year, and the last tick
    REQUIRE(v["mean"].size() == se["dates"].size());
    for (std::size_t k = 0; k < v["mean"].size(); ++k) {
      CHECK(v["p05"][k].get<double>() <= v["mean"][k].get<double>());
      CHECK(v["mean"][k].get<double>() <= v["p95"][k].get<double>());
    }
    CHECK(v["runs"].size() == 12);
  }
  SECTION("after analyze: its table comes along") {
    REQUIRE(cli({"analyze", sweep.string(), "--bootstrap", "20"}).code == 0);
    REQUIRE(cli({"report", sweep.string(), "--out", page.string()}).code == 0);
    const json a = data_of(read_text(page))["folders"][0]["sweep"]["analyses"];
    REQUIRE(a.contains("prcc"));
    CHECK(a["prcc"]["header"][2] == "prcc");
    CHECK(a["prcc"]["rows"].size() == 2 * 3);  // (2 outputs + the pattern's pass/fail) x 2 factors
  }
  SECTION("a sweep is reported alone") {
    const fs::path run = dir.path() / "run";
    REQUIRE(cli({"run", two_towns(), "--days", "5", "-q", "--out", run.string()}).code == 0);
    const auto r = cli({"report", run.string(), "--compare", sweep.string(), "--out", page.string()});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("without --compare"));
    CHECK(!fs::exists(page));
  }
}

TEST_CASE("report: sparklines", "[report]") {
  using peacesim::report::sparkline;
  CHECK(sparkline({0, 0.5, 1}, 3, 0, 1) == "▁▅█");
  CHECK(sparkline({}, 10, 0, 1).empty());
  // bins show their mean; never wider than asked
  CHECK(sparkline({0, 0, 1, 1}, 2, 0, 1) == "▁█");
  CHECK(sparkline(std::vector<double>(1000, 0.3), 60, 0, 1).size() == 60 * std::string("▃").size());
  // outside the scale: clamped
  CHECK(sparkline({-5, 5}, 2, 0, 1) == "▁█");
}
