// Sweeps: experiment files, factors, seeds, the runner's identity across threads and resume, and
// the sensitivity indices of analytic functions through the same code path as a scenario sweep.
#include <atomic>
#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include <catch2/catch.hpp>

#include "peacesim/scenario/error.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/format.hpp"
#include "peacesim/sweep/runner.hpp"
#include "peacesim/sweep/scale.hpp"
#include "peacesim/sweep/scenario_model.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using namespace peacesim;
using namespace peacesim::sweep;
using nlohmann::json;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// runs.csv without its last column (wall_s): the part that must be identical on every backend.
std::string without_wall(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

std::string read_json_status(const std::filesystem::path& dir) {
  return json::parse(slurp(dir / "manifest.json")).value("status", "");
}

/// A CSV as rows of cells (header first).
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(file));
  std::string line;
  while (std::getline(in, line)) rows.push_back(split_csv(line));
  return rows;
}

int column_of(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

/// An experiment on the two-towns example, written into `dir`.
std::filesystem::path two_towns_experiment(const std::filesystem::path& dir, const json& patch = json::object()) {
  json e = {{"name", "tt"},
            {"scenario", test::two_towns()},
            {"until", "2000-06-30"},
            {"factors",
             {{{"name", "battalion_scale"}, {"scale", "contingents.battalion.schedule.*.strength"}, {"range", {0.5, 1.5}}},
              {{"name", "threshold"}, {"parameter", "unrest.threshold"}, {"range", {0.05, 0.3}}},
              {{"name", "police_arrival"}, {"set", "contingents.intl_police.arrival"}, {"range", {"2000-01-15", "2000-05-01"}}}}},
            {"design", {{"kind", "latin_hypercube"}, {"points", 5}, {"seed", 2}}},
            {"replicates", 2},
            {"record",
             {{"metrics", {"stability", "remaining:red"}},
              {"at", {"2000-03-01", "2000-06-30"}},
              {"windows", {{{"name", "incidents_spring"}, {"metric", "incidents"}, {"from", "2000-03-01"}, {"to", "2000-05-31"}, {"statistic", "sum"}}}},
              {"series", {{"metrics", {"order"}}, {"every_days", 10}}}}}};
  e.merge_patch(patch);
  const auto file = dir / "experiment.json";
  std::ofstream(file) << e.dump(2);
  return file;
}

/// The scenario error of loading an experiment, or a failure if it loads.
scenario::ScenarioError load_error(const std::filesystem::path& file) {
  try {
    (void)load_experiment(file);
  } catch (const scenario::ScenarioError& e) {
    return e;
  }
  FAIL("the experiment loaded");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("experiment files are checked against the schema and the scenario, naming the pointer", "[sweep]") {
  test::TempDir tmp("sweep-errors");
  SECTION("an unknown registry parameter") {
    const auto f = two_towns_experiment(tmp.path(), {{"factors", {{{"name", "x"}, {"parameter", "unrest.treshold"}, {"range", {0, 1}}}}}});
    const auto e = load_error(f);
    CHECK(e.pointer == "/factors/0/parameter");
    CHECK(e.expected.find("peacesim params") != std::string::npos);
  }
  SECTION("a set path the scenario does not have (a typo would add a field)") {
    const auto f = two_towns_experiment(tmp.path(), {{"factors", {{{"name", "x"}, {"set", "cells.coordination.cadense_days"}, {"range", {1, 9}}}}}});
    CHECK(load_error(f).pointer == "/factors/0/set");
  }
  SECTION("a set path with an id the scenario does not have names the experiment, not --set") {
    const auto f = two_towns_experiment(tmp.path(), {{"factors", {{{"name", "x"}, {"set", "cells.coordinaton.cadence_days"}, {"range", {1, 9}}}}}});
    const auto e = load_error(f);
    CHECK(e.file == f.string());
    CHECK(e.pointer == "/factors/0/set");
    CHECK(e.expected.find("coordinaton") != std::string::npos);
    CHECK(e.expected.find("/cells") != std::string::npos);
  }
  SECTION("a scale path that matches no number") {
    const auto f = two_towns_experiment(tmp.path(), {{"factors", {{{"name", "x"}, {"scale", "contingents.kfor_*.strength"}, {"range", {0.5, 2}}}}}});
    CHECK(load_error(f).pointer == "/factors/0/scale");
  }
  SECTION("two targets in one factor") {
    const auto f = two_towns_experiment(
        tmp.path(), {{"factors", {{{"name", "x"}, {"parameter", "unrest.threshold"}, {"set", "seed"}, {"range", {0, 1}}}}}});
    CHECK(load_error(f).pointer == "/factors/0");
  }
  SECTION("values outside a parameter's range") {
    const auto f = two_towns_experiment(tmp.path(), {{"factors", {{{"name", "x"}, {"parameter", "unrest.threshold"}, {"range", {0.5, 2}}}}}});
    const auto e = load_error(f);
    CHECK(e.pointer == "/factors/0");
    CHECK(e.expected.find("range") != std::string::npos);
  }
  SECTION("values the scenario refuses (a negative strength)") {
    const auto f = two_towns_experiment(
        tmp.path(), {{"factors", {{{"name", "x"}, {"scale", "contingents.battalion.schedule.*.strength"}, {"range", {-1, 1}}}}}});
    CHECK(load_error(f).pointer == "/factors/0");
  }
  SECTION("an unknown metric") {
    const auto f = two_towns_experiment(tmp.path(), {{"record", {{"metrics", {"stabilty"}}}}});
    CHECK(load_error(f).pointer == "/record/metrics/0");
  }
  SECTION("a checkpoint after `until`") {
    const auto f = two_towns_experiment(tmp.path(), {{"record", {{"at", {"2001-01-01"}}}}});
    CHECK(load_error(f).pointer == "/record/at/0");
  }
  SECTION("a misspelt key, by the schema") {
    const auto f = two_towns_experiment(tmp.path(), {{"replicate", 3}});
    const auto e = load_error(f);
    INFO(e.what());
    CHECK(e.pointer == "/replicate");
  }
  SECTION("a Morris design with an odd number of levels") {
    const auto f = two_towns_experiment(tmp.path(), {{"design", {{"kind", "morris"}, {"trajectories", 4}, {"levels", 5}, {"points", nullptr}}}});
    CHECK(load_error(f).pointer == "/design/levels");
  }
}

TEST_CASE("factors map the unit interval to values and back", "[sweep]") {
  const Factor u = parse_factor({{"name", "u"}, {"set", "a"}, {"range", {2, 6}}}, "t", "/f");
  CHECK(u.value_at(0) == 2);
  CHECK(u.value_at(0.5) == 4);
  CHECK(u.unit_of(5) == Approx(0.75));
  const Factor lg = parse_factor({{"name", "l"}, {"set", "a"}, {"distribution", {{"kind", "log_uniform"}, {"min", 1}, {"max", 100}}}}, "t", "/f");
  CHECK(lg.value_at(0.5) == Approx(10));
  CHECK(lg.unit_of(10) == Approx(0.5));
  const Factor n = parse_factor({{"name", "n"}, {"set", "a"}, {"distribution", {{"kind", "normal"}, {"mean", 5}, {"sd", 2}}}}, "t", "/f");
  CHECK(n.value_at(0.5) == Approx(5));
  CHECK(n.value_at(0.8413447) == Approx(7).epsilon(1e-4));
  const Factor tri = parse_factor({{"name", "t"}, {"set", "a"}, {"distribution", {{"kind", "triangular"}, {"min", 0}, {"mode", 1}, {"max", 4}}}}, "t", "/f");
  CHECK(tri.value_at(0.25) == Approx(1));  // the mode holds the CDF's value (1 - 0) / (4 - 0)
  CHECK(tri.unit_of(tri.value_at(0.7)) == Approx(0.7));
  // whole numbers: each of 1 .. 4 takes a quarter of [0, 1]
  const Factor w = parse_factor({{"name", "w"}, {"set", "a"}, {"range", {1, 4}}, {"integer", true}}, "t", "/f");
  CHECK(w.value_at(0.0) == 1);
  CHECK(w.value_at(0.24) == 1);
  CHECK(w.value_at(0.26) == 2);
  CHECK(w.value_at(0.99) == 4);
  CHECK(w.value_at(1.0) == 4);
  // dates travel as day numbers and print as ISO dates
  const Factor d = parse_factor({{"name", "d"}, {"set", "a"}, {"range", {"2000-01-01", "2000-01-11"}}}, "t", "/f");
  CHECK(d.text(d.value_at(0.5)) == "2000-01-06");
  CHECK(d.to_json(d.value_at(0)) == "2000-01-01");
  // levels: any JSON value, chosen by index
  const Factor lv = parse_factor({{"name", "v"}, {"set", "a"}, {"levels", {"low", "high"}}}, "t", "/f");
  CHECK(lv.value_at(0.4) == 0);
  CHECK(lv.text(lv.value_at(0.6)) == "high");
  CHECK(lv.parse("high") == 1.0);
  CHECK_FALSE(lv.parse("medium"));
}

TEST_CASE("scale factors multiply every matched number, integers stay integers", "[sweep]") {
  json doc = {{"contingents",
               {{{"id", "kfor_us"}, {"strength", 100}, {"schedule", {{{"date", "x"}, {"strength", 1000}}}}},
                {{"id", "kfor_uk"}, {"strength", 50}, {"schedule", {{{"date", "x"}, {"strength", 300}}, {{"date", "y"}, {"strength", 10.5}}}}},
                {{"id", "civpol"}, {"strength", 7}, {"schedule", {{{"date", "x"}, {"strength", 70}}}}}}}};
  CHECK(scale_matches(doc, "contingents.kfor_*.schedule.*.strength").size() == 3);
  CHECK(apply_scale(doc, "contingents.kfor_*.schedule.*.strength", 1.5) == 3);
  CHECK(doc["contingents"][0]["schedule"][0]["strength"] == 1500);
  CHECK(doc["contingents"][0]["schedule"][0]["strength"].is_number_integer());
  CHECK(doc["contingents"][1]["schedule"][1]["strength"].get<double>() == Approx(15.75));
  CHECK(doc["contingents"][2]["schedule"][0]["strength"] == 70);  // not matched
  CHECK(doc["contingents"][0]["strength"] == 100);                 // not matched
  CHECK(apply_set(doc, "contingents.*.strength", 5) == 3);
  CHECK(doc["contingents"][2]["strength"] == 5);
}

TEST_CASE("seeds: common random numbers by default, independent streams on request", "[sweep]") {
  Experiment e;
  e.seed = 10;
  CHECK(run_seed(e, 0, 0) == 10);
  CHECK(run_seed(e, 7, 3) == 13);  // replicate r shares its seed across points: seed + r, as `validate`
  e.seeds = SeedPolicy::independent;
  CHECK(run_seed(e, 0, 0) != run_seed(e, 1, 0));
  CHECK(run_seed(e, 0, 0) != run_seed(e, 0, 1));
  CHECK(run_seed(e, 4, 2) == run_seed(e, 4, 2));
}

TEST_CASE("a sweep's runs.csv is the same on 1 and 3 threads, and after an interrupted sweep is resumed", "[sweep]") {
  test::TempDir tmp("sweep-identity");
  const Experiment e = load_experiment(two_towns_experiment(tmp.path()));
  const ScenarioModel model(e);
  const SweepPlan plan{&e, &model, make_design(e)};
  REQUIRE(plan.runs() == 10);
  auto sweep = [&](const std::string& name, int jobs, const std::atomic<bool>* cancel = nullptr, bool resume = false) {
    SweepOptions o;
    o.out = tmp.path() / name;
    o.jobs = jobs;
    o.cancel = cancel;
    o.resume = resume;
    SweepFolder folder(plan, o);
    const SweepOutcome r = run_sweep_threads(plan, o, folder);
    folder.close(r);
    return r;
  };
  const SweepOutcome one = sweep("one", 1);
  CHECK(one.status == "complete");
  CHECK(one.done == 10);
  sweep("three", 3);
  const std::string a = slurp(tmp.path() / "one" / "runs.csv"), b = slurp(tmp.path() / "three" / "runs.csv");
  CHECK(without_wall(a) == without_wall(b));
  CHECK(slurp(tmp.path() / "one" / "series.csv") == slurp(tmp.path() / "three" / "series.csv"));
  // each row carries its seed and factor values; different points differ
  const RunsTable t = read_runs_csv(tmp.path() / "one" / "runs.csv");
  REQUIRE(t.rows.size() == 10);
  CHECK(t.rows[3][t.column("seed")] == "2");  // point 1, replicate 1: seed 1 + 1
  CHECK(t.rows[0][t.column("battalion_scale")] != t.rows[2][t.column("battalion_scale")]);
  CHECK(t.rows[0][t.column("stability_2000_06_30")] != t.rows[1][t.column("stability_2000_06_30")]);

  // interrupted: the cancel flag is set before the start, so nothing finishes; then half by hand
  std::atomic<bool> cancel{true};
  const SweepOutcome stopped = sweep("resumed", 2, &cancel);
  CHECK(stopped.cancelled);
  CHECK(stopped.status == "incomplete");
  CHECK(read_json_status(tmp.path() / "resumed") == "incomplete");
  {
    // a killed sweep: some rows, the last one cut mid-line
    std::ofstream runs(tmp.path() / "resumed" / "runs.csv", std::ios::app | std::ios::binary);
    std::istringstream in(a);
    std::string line;
    std::getline(in, line);
    for (int i = 0; i < 4 && std::getline(in, line); ++i) runs << line << "\n";
    std::getline(in, line);
    runs << line.substr(0, line.size() / 2);
  }
  const SweepOutcome resumed = sweep("resumed", 2, nullptr, true);
  CHECK(resumed.skipped == 4);
  CHECK(resumed.done == 6);
  CHECK(without_wall(slurp(tmp.path() / "resumed" / "runs.csv")) == without_wall(a));
}

TEST_CASE("shards of a sweep, merged, equal the whole sweep", "[sweep]") {
  test::TempDir tmp("sweep-shards");
  const auto file = two_towns_experiment(tmp.path());
  const std::string whole = (tmp.path() / "whole").string();
  REQUIRE(test::cli({"sweep", file.string(), "--out", whole, "-j", "2", "-q"}).code == 0);
  std::vector<std::string> merge = {"merge"};
  for (int i = 0; i < 3; ++i) {
    const std::string dir = (tmp.path() / ("s" + std::to_string(i))).string();
    const auto r = test::cli({"sweep", file.string(), "--out", dir, "--shard", std::to_string(i) + "/3", "-q"});
    REQUIRE(r.code == 0);
    merge.push_back(dir);
  }
  // a missing shard is refused, naming it
  auto partial = std::vector<std::string>(merge.begin(), merge.end() - 1);
  partial.insert(partial.end(), {"--out", (tmp.path() / "partial").string()});
  const auto refused = test::cli(partial);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("shard 2 is missing") != std::string::npos);
  merge.insert(merge.end(), {"--out", (tmp.path() / "merged").string()});
  const auto r = test::cli(merge);
  REQUIRE(r.code == 0);
  CHECK(without_wall(slurp(tmp.path() / "merged" / "runs.csv")) == without_wall(slurp(tmp.path() / "whole" / "runs.csv")));
  CHECK(slurp(tmp.path() / "merged" / "series.csv") == slurp(tmp.path() / "whole" / "series.csv"));
  // and run --from reproduces run 7's series exactly
  const std::string replay = (tmp.path() / "run7").string();
  REQUIRE(test::cli({"run", "--from", whole, "--run", "7", "--out", replay, "-q"}).code == 0);
  const auto metrics = read_csv(std::filesystem::path(replay) / "metrics.csv");
  const auto series = read_csv(tmp.path() / "whole" / "series.csv");
  const int order_m = column_of(metrics[0], "order"), order_s = column_of(series[0], "order");
  REQUIRE(order_m > 0);
  int compared = 0;
  for (std::size_t i = 1; i < series.size(); ++i) {
    if (series[i][0] != "7") continue;
    const int tick = std::stoi(series[i][1]);
    CHECK(metrics[tick + 1][1] == series[i][2]);  // the same date
    CHECK(std::stod(metrics[tick + 1][order_m]) == Approx(std::stod(series[i][order_s])).margin(5e-7));
    ++compared;
  }
  CHECK(compared >= 10);
}

TEST_CASE("bad command lines of sweep are exit 2 with a reason", "[sweep]") {
  test::TempDir tmp("sweep-cli");
  const auto file = two_towns_experiment(tmp.path());
  CHECK(test::cli({"sweep", file.string(), "--shard", "3/3", "--out", (tmp.path() / "x").string()}).code == 2);
  CHECK(test::cli({"sweep", file.string(), "--shard", "a/b", "--out", (tmp.path() / "x").string()}).code == 2);
  CHECK(test::cli({"sweep", (tmp.path() / "none.json").string()}).code == 2);
  // a folder with a user's file is refused, and the file stays
  std::filesystem::create_directories(tmp.path() / "mine");
  std::ofstream(tmp.path() / "mine" / "notes.txt") << "mine";
  const auto r = test::cli({"sweep", file.string(), "--out", (tmp.path() / "mine").string(), "-q"});
  CHECK(r.code == 2);
  CHECK(std::filesystem::exists(tmp.path() / "mine" / "notes.txt"));
  // --resume of a folder with no sweep
  CHECK(test::cli({"sweep", file.string(), "--out", (tmp.path() / "empty").string(), "--resume", "-q"}).code == 2);
  // the schema is printed
  const auto s = test::cli({"schema", "--experiment"});
  CHECK(s.code == 0);
  CHECK(s.out.find("\"factors\"") != std::string::npos);
}

namespace {

/// The Ishigami function as a Model: no scenario, one tick, output y = f(x1, x2, x3).
class IshigamiModel final : public Model {
 public:
  const std::vector<std::string>& output_names() const override { return names_; }
  const std::vector<std::string>& series_names() const override { return none_; }
  std::unique_ptr<ModelRun> build(int, std::span<const double> x, std::uint64_t) const override {
    return std::make_unique<Run>(x[0], x[1], x[2]);
  }

 private:
  struct Run final : ModelRun {
    Run(double a, double b, double c) : x1(a), x2(b), x3(c) {}
    bool done() const override { return stepped; }
    void step() override { stepped = true; }
    int tick() const override { return 0; }
    std::string date() const override { return ""; }
    void finish(std::span<double> out) override {
      out[0] = std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
    }
    void series(std::span<double>) const override {}
    double x1, x2, x3;
    bool stepped = false;
  };
  std::vector<std::string> names_{"y"}, none_;
};

Experiment ishigami_experiment(DesignKind kind, int points) {
  Experiment e;
  e.name = "ishigami";
  e.hash = "test";
  for (const char* n : {"x1", "x2", "x3"})
    e.factors.push_back(parse_factor({{"name", n}, {"set", "none"}, {"range", {-std::numbers::pi, std::numbers::pi}}}, "t", "/f"));
  e.design.kind = kind;
  e.design.points = points;
  e.design.levels = 4;
  e.design.seed = 5;
  return e;
}

/// Sweeps the Ishigami model over a design of `kind` with `points` points into tmp/sweep on `jobs` threads;
/// returns the folder, after checking that all `runs` runs finished.
std::filesystem::path sweep_ishigami(const test::TempDir& tmp, DesignKind kind, int points, int runs, int jobs = 1) {
  const Experiment e = ishigami_experiment(kind, points);
  const IshigamiModel model;
  const SweepPlan plan{&e, &model, make_design(e)};
  SweepOptions o;
  o.out = tmp.path() / "sweep";
  o.jobs = jobs;
  SweepFolder folder(plan, o);
  const SweepOutcome r = run_sweep_threads(plan, o, folder);
  folder.close(r);
  REQUIRE(r.done == runs);
  return o.out;
}

}  // namespace

TEST_CASE("Sobol' indices of the Ishigami function, through the sweep runner and analyze, match the analytic values",
          "[sweep][analysis]") {
  test::TempDir tmp("sweep-ishigami");
  const auto out = sweep_ishigami(tmp, DesignKind::sobol, 2048, 2048 * 5, 2);
  const auto a = test::cli({"analyze", out.string(), "--method", "sobol", "--bootstrap", "200"});
  INFO(a.err);
  REQUIRE(a.code == 0);
  const auto rows = read_csv(out / "analysis-sobol.csv");
  REQUIRE(rows.size() == 4);
  // analytic: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437 (a = 7, b = 0.1)
  const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
  for (int f = 0; f < 3; ++f) {
    const auto& row = rows[f + 1];
    INFO("factor " << row[1] << ": S1 " << row[2] << " [" << row[3] << ", " << row[4] << "], ST " << row[5] << " [" << row[6] << ", " << row[7] << "]");
    CHECK(std::stod(row[3]) - 0.02 <= s1[f]);
    CHECK(s1[f] <= std::stod(row[4]) + 0.02);
    CHECK(std::stod(row[6]) - 0.02 <= st[f]);
    CHECK(st[f] <= std::stod(row[7]) + 0.02);
    CHECK(std::stod(row[4]) - std::stod(row[3]) < 0.2);  // an interval narrow enough to mean something
  }
}

TEST_CASE("Morris screening of the Ishigami function ranks x3's effect as pure interaction", "[sweep][analysis]") {
  test::TempDir tmp("sweep-morris");
  const auto out = sweep_ishigami(tmp, DesignKind::morris, 200, 200 * 4);
  const auto a = test::cli({"analyze", out.string(), "--bootstrap", "100"});
  INFO(a.err);
  REQUIRE(a.code == 0);
  CHECK(a.out.find("morris analysis") != std::string::npos);
  const auto rows = read_csv(out / "analysis-morris.csv");
  REQUIRE(rows.size() == 4);
  const double mu_star1 = std::stod(rows[1][2]), mu_star2 = std::stod(rows[2][2]), mu_star3 = std::stod(rows[3][2]);
  const double mu3 = std::stod(rows[3][5]), sigma3 = std::stod(rows[3][6]);
  CHECK(mu_star1 > 0.5);
  CHECK(mu_star2 > 0.5);
  CHECK(mu_star3 > 0.5);  // x3 matters ...
  CHECK(std::abs(mu3) < 0.5 * mu_star3);  // ... only with x1: effects of both signs cancel in mu
  CHECK(sigma3 > 0.5 * mu_star3);
}

TEST_CASE("a Latin hypercube of the Ishigami function is analysed by PRCC by default, which sees x1 and not sin squared",
          "[sweep][analysis]") {
  test::TempDir tmp("sweep-prcc");
  const auto out = sweep_ishigami(tmp, DesignKind::latin_hypercube, 500, 500);
  const auto a = test::cli({"analyze", out.string(), "--bootstrap", "100"});
  INFO(a.err);
  REQUIRE(a.code == 0);
  CHECK(a.out.find("prcc analysis") != std::string::npos);
  const auto rows = read_csv(out / "analysis-prcc.csv");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{"output", "factor", "prcc", "prcc_lo", "prcc_hi", "p_value", "src", "r2", "r2_rank"});
  const double prcc1 = std::stod(rows[1][2]), prcc2 = std::stod(rows[2][2]), prcc3 = std::stod(rows[3][2]);
  INFO("PRCC " << prcc1 << ", " << prcc2 << ", " << prcc3 << "; R^2 " << rows[1][7]);
  CHECK(prcc1 > 0.3);               // sin(x1) rises on most of [-pi, pi] in rank terms
  CHECK(std::abs(prcc2) < 0.15);    // 7 sin^2(x2), the largest first-order effect, is not monotone: PRCC misses it
  CHECK(std::abs(prcc3) < 0.15);    // x3 acts only through x3^4 sin(x1), symmetric in x3
  CHECK(std::stod(rows[1][5]) < 1e-6);
  CHECK(std::stod(rows[1][7]) < 0.5);  // and R^2 says a linear reading explains little
}

TEST_CASE("analyze --method calibration scores each design point as validate scores its ensemble", "[sweep][calibration]") {
  test::TempDir tmp("sweep-calibration");
  // two patterns on the two-towns example; their bounds are arbitrary: what is checked is that the
  // sweep's per-point means and verdicts are validate's, and that the ranking follows the score
  const json patterns = {
      {"name", "tt patterns"},
      {"patterns",
       {{{"id", "incidents-spring"}, {"what", "incidents in spring 2000"}, {"metric", "incidents"},
         {"window", {{"from", "2000-03-01"}, {"to", "2000-05-31"}, {"statistic", "sum"}}},
         {"observed", 5}, {"min", 0}, {"max", 10}, {"source", "test"}},
        {{"id", "red-remaining"}, {"what", "red residents remaining"}, {"metric", "remaining:red"},
         {"window", {{"from", "2000-06-30"}, {"to", "2000-06-30"}}},
         {"observed", 0.9}, {"min", 0.8}, {"max", 1.0}, {"required", true}, {"source", "test"}},
        {{"id", "incidents-ratio"}, {"what", "spring incidents relative to January"}, {"metric", "incidents"},
         {"window", {{"from", "2000-03-01"}, {"to", "2000-05-31"}, {"statistic", "mean"}}},
         {"relative_to", {{"from", "2000-01-01"}, {"to", "2000-01-31"}, {"statistic", "mean"}}},
         {"max", 0.5}, {"source", "test"}}}}};
  std::ofstream(tmp.path() / "patterns.json") << patterns.dump(2);
  const std::vector<double> thresholds = {0.05, 0.3, 0.6};
  json e = {{"name", "ttcal"},
            {"scenario", test::two_towns()},
            {"until", "2000-06-30"},
            {"factors", {{{"name", "threshold"}, {"parameter", "unrest.threshold"}, {"levels", thresholds}}}},
            {"design", {{"kind", "factorial"}}},
            {"replicates", 3},
            {"record", {{"patterns", (tmp.path() / "patterns.json").string()}}}};
  std::ofstream(tmp.path() / "experiment.json") << e.dump(2);
  const auto out = tmp.path() / "sweep";
  const auto s = test::cli({"sweep", (tmp.path() / "experiment.json").string(), "--out", out.string(), "-j", "2", "-q"});
  INFO(s.err);
  REQUIRE(s.code == 0);
  const auto a = test::cli({"analyze", out.string(), "--method", "calibration"});
  INFO(a.err);
  REQUIRE(a.code == 0);
  CHECK(a.out.find("best point") != std::string::npos);
  CHECK(a.out.find("--set parameters.unrest.threshold=") != std::string::npos);
  const auto rows = read_csv(out / "analysis-calibration.csv");
  REQUIRE(rows.size() == thresholds.size() + 1);
  const auto& h = rows[0];
  const int c_point = column_of(h, "design_point"), c_score = column_of(h, "score"), c_passed = column_of(h, "passed"),
            c_req = column_of(h, "required_failed");
  REQUIRE(c_point >= 0);
  for (std::size_t r = 2; r < rows.size(); ++r) {  // best first: required failures, then score
    const int q0 = std::stoi(rows[r - 1][c_req]), q1 = std::stoi(rows[r][c_req]);
    CHECK(q0 <= q1);
    if (q0 == q1) CHECK(std::stod(rows[r - 1][c_score]) >= std::stod(rows[r][c_score]));
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const int p = std::stoi(rows[r][c_point]);
    const auto vdir = tmp.path() / ("validate-" + std::to_string(p));
    const auto v = test::cli({"validate", test::two_towns(), "--patterns", (tmp.path() / "patterns.json").string(), "-n",
                              "3", "--out", vdir.string(), "-q", "--set",
                              "parameters.unrest.threshold=" + format_number(thresholds[static_cast<std::size_t>(p)])});
    INFO(v.err);
    REQUIRE((v.code == 0 || v.code == 1));
    const json vj = json::parse(slurp(vdir / "validation.json"));
    CHECK(std::stoi(rows[r][c_passed]) == vj.at("passed").get<int>());
    CHECK(std::stoi(rows[r][c_req]) == vj.at("required_failed").get<int>());
    for (const auto& res : vj.at("results")) {
      const int c = column_of(h, "mean_" + res.at("id").get<std::string>());
      REQUIRE(c >= 0);
      CHECK(std::stod(rows[r][c]) == Approx(res.at("sim_mean").get<double>()).epsilon(1e-12));
    }
  }
  // a registry parameter takes numbers: a text level is refused at load time, naming the level
  {
    json bad_levels = e;
    bad_levels["factors"][0]["levels"] = {0.1, "high"};
    std::ofstream(tmp.path() / "bad-levels.json") << bad_levels.dump(2);
    const auto err = load_error(tmp.path() / "bad-levels.json");
    CHECK(err.pointer == "/factors/0/levels/1");
  }
  // a sweep without patterns cannot be calibrated: exit 2 with a reason
  const auto plain = test::cli({"sweep", two_towns_experiment(tmp.path()).string(), "--out", (tmp.path() / "plain").string(), "-q"});
  REQUIRE(plain.code == 0);
  const auto bad = test::cli({"analyze", (tmp.path() / "plain").string(), "--method", "calibration"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("patterns") != std::string::npos);
}
