// Tests the output-folder rules (ADR 0008, docs/cli.md): a command writes only into a folder it
// creates, an empty one, or one that peacesim wrote; it never deletes a file it did not write.
// Every refusal is checked the same way: exit 2, a message saying why, and the user's files
// still there byte for byte.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/io/output.hpp"
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

constexpr const char* kMine = "my notes, not peacesim's\n";

/// Changes the working folder for the life of the object.
class WorkingFolder {
 public:
  explicit WorkingFolder(const fs::path& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
  ~WorkingFolder() { fs::current_path(previous_); }
  WorkingFolder(const WorkingFolder&) = delete;
  WorkingFolder& operator=(const WorkingFolder&) = delete;

 private:
  fs::path previous_;
};

/// Sets an environment variable for the life of the object.
class Env {
 public:
  Env(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) had_ = true, old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~Env() {
    if (had_)
      setenv(name_, old_.c_str(), 1);
    else
      unsetenv(name_);
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

 private:
  const char* name_;
  bool had_ = false;
  std::string old_;
};

/// A copy of the teaching scenario in `dir`.
fs::path copy_of_two_towns(const TempDir& dir, const std::string& name = "two-towns.json") {
  return dir.write(name, read_text(two_towns()));
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("output folders: --out . is refused and deletes nothing", "[cli][output]") {
  TempDir dir("out-dot");
  const fs::path scenario = copy_of_two_towns(dir);
  const std::string scenario_text = read_text(scenario);
  dir.write("notes.txt", kMine);
  WorkingFolder here(dir.path());
  const auto r = cli({"run", "two-towns.json", "--days", "5", "-q", "--out", "."});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("working folder"));
  CHECK(read_text(dir.path() / "notes.txt") == kMine);
  CHECK(read_text(scenario) == scenario_text);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"notes.txt", "two-towns.json"});
  // the parent of the working folder holds it: refused too
  const auto up = cli({"run", "two-towns.json", "--days", "5", "-q", "--out", ".."});
  CHECK(up.code == 2);
  CHECK_THAT(up.err, Contains("holds the working folder"));
}

TEST_CASE("output folders: a folder of unrelated files is refused, --force or not", "[cli][output]") {
  TempDir dir("out-foreign");
  const fs::path out = dir.path() / "results";
  fs::create_directories(out);
  dir.write("results/thesis.tex", kMine);
  for (const bool force : {false, true}) {
    std::vector<std::string> args{"run", two_towns(), "--days", "5", "-q", "--out", out.string()};
    if (force) args.push_back("--force");
    const auto r = cli(args);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("did not write"));
    CHECK_THAT(r.err, Contains("thesis.tex"));
    CHECK(read_text(out / "thesis.tex") == kMine);
    CHECK(names_in(out) == std::vector<std::string>{"thesis.tex"});
  }
  CHECK(names_in(dir.path()) == std::vector<std::string>{"results"});  // no staging folder left
}

TEST_CASE("output folders: the folder that holds the scenario is refused", "[cli][output]") {
  TempDir dir("out-input");
  const fs::path scenario = copy_of_two_towns(dir, "scenarios/two-towns.json");
  const std::string text = read_text(scenario);
  const auto r = cli({"run", scenario.string(), "--days", "5", "-q", "--out", (dir.path() / "scenarios").string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("an input of this command"));
  CHECK(read_text(scenario) == text);
  // a folder above the input, and the base of an `extends` chain, count as holding it
  const fs::path variant = dir.write("variants/v.json", R"({"extends": "../scenarios/two-towns.json", "name": "v"})");
  const auto base = cli({"run", variant.string(), "--days", "5", "-q", "--out", (dir.path() / "scenarios").string()});
  CHECK(base.code == 2);
  CHECK_THAT(base.err, Contains("two-towns.json"));
  const auto above = cli({"run", scenario.string(), "--days", "5", "-q", "--force", "--out", dir.path().string()});
  CHECK(above.code == 2);
  CHECK(read_text(scenario) == text);
}

TEST_CASE("output folders: the filesystem root and the home folder are refused", "[cli][output]") {
  const auto root = cli({"run", two_towns(), "--days", "5", "-q", "--out", "/"});
  CHECK(root.code == 2);
  CHECK_THAT(root.err, Contains("filesystem root"));
  TempDir home("out-home");
  home.write("diary.txt", kMine);
  Env env("HOME", home.path().string());
  const auto r = cli({"run", two_towns(), "--days", "5", "-q", "--out", home.path().string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("home folder"));
  CHECK(read_text(home.path() / "diary.txt") == kMine);
}

TEST_CASE("output folders: a parent that is a file gives a clear error", "[cli][output]") {
  TempDir dir("out-parent");
  dir.write("report", kMine);
  const auto r =
      cli({"run", two_towns(), "--days", "5", "-q", "--out", (dir.path() / "report" / "sub" / "out").string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("is a file, not a folder"));
  CHECK_THAT(r.err, !Contains("filesystem error"));
  CHECK(read_text(dir.path() / "report") == kMine);
}

TEST_CASE("output folders: a re-run replaces its own folder, with its marker", "[cli][output]") {
  TempDir dir("out-rerun");
  const fs::path out = dir.path() / "run";
  REQUIRE(cli({"run", two_towns(), "--days", "5", "-q", "--out", out.string()}).code == 0);
  const json marker = json::parse(read_text(out / peacesim::io::kOutputMarker));
  CHECK(marker["tool"] == "peacesim");
  CHECK(marker["command"] == "run");
  CHECK(marker["status"] == "complete");
  CHECK(marker["files"] == json({"groups.csv", "metrics.csv", "municipalities.csv", "summary.json"}));
  const auto r = cli({"run", two_towns(), "--days", "9", "-q", "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(json::parse(read_text(out / "summary.json"))["ticks"] == 9);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"run"});  // nothing left beside it
}

TEST_CASE("output folders: a file of the user's in a peacesim folder is never deleted", "[cli][output]") {
  TempDir dir("out-mixed");
  const fs::path out = dir.path() / "run";
  REQUIRE(cli({"run", two_towns(), "--days", "5", "-q", "--out", out.string()}).code == 0);
  const std::string metrics = read_text(out / "metrics.csv");
  dir.write("run/plot.png", kMine);
  const auto r = cli({"run", two_towns(), "--days", "9", "-q", "--force", "--out", out.string()});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Contains("plot.png"));
  CHECK(read_text(out / "plot.png") == kMine);
  CHECK(read_text(out / "metrics.csv") == metrics);  // the previous results too
}

TEST_CASE("output folders: another command's results need --force", "[cli][output]") {
  TempDir dir("out-other");
  const fs::path out = dir.path() / "results";
  REQUIRE(cli({"run", two_towns(), "--days", "5", "-q", "--out", out.string()}).code == 0);
  const std::string summary = read_text(out / "summary.json");
  // a different command
  const auto c = cli({"compare", two_towns(), two_towns(), "-n", "2", "--at", "2000-01-05", "-q", "--out", out.string()});
  CHECK(c.code == 2);
  CHECK_THAT(c.err, Contains("peacesim run two-towns.json"));
  CHECK_THAT(c.err, Contains("--force"));
  CHECK(read_text(out / "summary.json") == summary);
  // the same command on another scenario
  const fs::path other = copy_of_two_towns(dir, "elsewhere/other.json");
  const auto o = cli({"run", other.string(), "--days", "5", "-q", "--out", out.string()});
  CHECK(o.code == 2);
  CHECK(read_text(out / "summary.json") == summary);
  // --force replaces peacesim's own files, and only those
  const auto f = cli({"compare", two_towns(), two_towns(), "-n", "2", "--at", "2000-01-05", "-q", "--force", "--out",
                      out.string()});
  INFO(f.err);
  REQUIRE(f.code == 0);
  CHECK(names_in(out) == std::vector<std::string>{".peacesim-output.json", "compare.csv", "compare.json", "series.csv"});
}

TEST_CASE("output folders: an empty folder, and one written before the marker existed, are used", "[cli][output]") {
  TempDir dir("out-legacy");
  fs::create_directories(dir.path() / "empty");
  CHECK(cli({"run", two_towns(), "--days", "5", "-q", "--out", (dir.path() / "empty").string()}).code == 0);
  CHECK(fs::exists(dir.path() / "empty" / "summary.json"));
  // peacesim 0.1 wrote run folders without a marker: summary.json tagged with its version
  dir.write("old/metrics.csv", "tick,date\n");
  dir.write("old/summary.json", R"({"peacesim_version": "0.1.0", "ticks": 3})");
  const auto r = cli({"run", two_towns(), "--days", "5", "-q", "--out", (dir.path() / "old").string()});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(json::parse(read_text(dir.path() / "old" / "summary.json"))["ticks"] == 5);
  // but a summary.json that is not peacesim's is the user's
  dir.write("notmine/summary.json", R"({"author": "me"})");
  CHECK(cli({"run", two_towns(), "--days", "5", "-q", "--out", (dir.path() / "notmine").string()}).code == 2);
  CHECK(read_text(dir.path() / "notmine" / "summary.json") == R"({"author": "me"})");
}

TEST_CASE("output folders: validate's default folder is distinct per pattern file", "[cli][output]") {
  TempDir dir("out-default");
  const std::string patterns = R"({"name": "p", "patterns": [{"id": "returns", "what": "some returns",
      "metric": "returns_cumulative", "window": {"from": "2000-01-05", "to": "2000-01-05"}, "min": 0,
      "source": "test"}]})";
  const fs::path a = dir.write("in/early.json", patterns), b = dir.write("in/late.json", patterns);
  WorkingFolder here(dir.path());
  CHECK(cli({"validate", two_towns(), "--patterns", a.string(), "-n", "2", "-q"}).code == 0);
  CHECK(cli({"validate", two_towns(), "--patterns", b.string(), "-n", "2", "-q"}).code == 0);
  CHECK(fs::exists(dir.path() / "out" / "two-towns-validation-early" / "validation.json"));
  CHECK(fs::exists(dir.path() / "out" / "two-towns-validation-late" / "validation.json"));
}
