// Tests src/io/data_dir.cpp: where shipped data is searched (PEACESIM_DATA_DIR, the install beside the
// executable, the source tree for a build-tree binary) and how an argument resolves (ADR 0015).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "peacesim/io/data_dir.hpp"
#include "peacesim/scenario/error.hpp"
#include "support/temp_dir.hpp"

using peacesim::io::data_roots;
using peacesim::io::DataSearch;
using peacesim::io::resolve_data_file;
using peacesim::io::shipped_scenarios;
using peacesim::scenario::ScenarioError;
using peacesim::test::TempDir;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

/// A fake install: <root>/prefix/bin/peacesim and <root>/prefix/share/peacesim/scenarios/...
struct FakeInstall {
  TempDir dir{"data-dir"};
  fs::path prefix = dir.path() / "prefix";
  fs::path exe = prefix / "bin" / "peacesim";
  fs::path data = prefix / "share" / "peacesim";
  FakeInstall() {
    dir.write("prefix/bin/peacesim", "");
    dir.write("prefix/share/peacesim/scenarios/alpha.json", "{}");
    dir.write("prefix/share/peacesim/scenarios/alpha/patterns.json", "{}");
    dir.write("prefix/share/peacesim/scenarios/alpha/variants/fast.json", "{}");
    dir.write("prefix/share/peacesim/scenarios/examples/small.json", "{}");
  }
  DataSearch search() const {
    DataSearch s;
    s.executable = exe;
    s.data_from_bin = "../share/peacesim";
    s.source_dir = dir.path() / "src";
    s.binary_dir = dir.path() / "build";
    return s;
  }
};

std::string message_of(const std::string& argument, const DataSearch& search) {
  try {
    resolve_data_file(argument, "scenarios", search);
  } catch (const ScenarioError& e) {
    CHECK(e.file == argument);
    return e.what();
  }
  FAIL("expected a ScenarioError for " << argument);
  return {};
}

}  // namespace

TEST_CASE("data dir: an installed binary finds share/peacesim beside its bin folder", "[io]") {
  const FakeInstall fake;
  const auto roots = data_roots(fake.search());
  REQUIRE(roots.size() == 1);
  CHECK(roots[0].dir == fake.data);
  CHECK(roots[0].origin == "install");
}

TEST_CASE("data dir: PEACESIM_DATA_DIR comes first, the source tree only for a binary in the build tree", "[io]") {
  const FakeInstall fake;
  DataSearch s = fake.search();
  s.env_dir = fake.dir.path() / "elsewhere";
  s.executable = fake.dir.path() / "build" / "peacesim";  // no share/ beside it: not an install
  fake.dir.write("build/peacesim", "");
  const auto roots = data_roots(s);
  REQUIRE(roots.size() == 2);
  CHECK(roots[0].dir == fake.dir.path() / "elsewhere");
  CHECK(roots[0].origin == "PEACESIM_DATA_DIR");
  CHECK(roots[1].dir == fake.dir.path() / "src");
  CHECK(roots[1].origin == "source tree");
  // a binary outside its build tree (installed, or copied) never reads the source tree
  s.executable = fake.dir.path() / "copied" / "peacesim";
  s.env_dir.reset();
  CHECK(data_roots(s).empty());
  // a sibling folder whose name starts like the build tree's is outside it
  s.executable = fake.dir.path() / "build-other" / "peacesim";
  CHECK(data_roots(s).empty());
}

TEST_CASE("data dir: a shipped scenario by name, with or without .json, and companion files by path", "[io]") {
  const FakeInstall fake;
  const DataSearch s = fake.search();
  CHECK(resolve_data_file("alpha", "scenarios", s) == fake.data / "scenarios" / "alpha.json");
  CHECK(resolve_data_file("alpha.json", "scenarios", s) == fake.data / "scenarios" / "alpha.json");
  CHECK(resolve_data_file("alpha/patterns.json", "scenarios", s) == fake.data / "scenarios" / "alpha" / "patterns.json");
  CHECK(resolve_data_file("alpha/variants/fast", "scenarios", s) ==
        fake.data / "scenarios" / "alpha" / "variants" / "fast.json");
  CHECK(resolve_data_file("examples/small", "scenarios", s) == fake.data / "scenarios" / "examples" / "small.json");
}

TEST_CASE("data dir: an existing file is used as given, before any shipped one", "[io]") {
  const FakeInstall fake;
  const fs::path own = fake.dir.write("mine/alpha.json", "{}");
  CHECK(resolve_data_file(own.string(), "scenarios", fake.search()) == own);
  // PEACESIM_DATA_DIR shadows the install
  DataSearch s = fake.search();
  s.env_dir = fake.dir.path() / "mine-root";
  const fs::path shadow = fake.dir.write("mine-root/scenarios/alpha.json", "{}");
  CHECK(resolve_data_file("alpha", "scenarios", s) == shadow);
}

TEST_CASE("data dir: an unknown name is an error naming every place searched and the shipped scenarios", "[io]") {
  const FakeInstall fake;
  DataSearch s = fake.search();
  s.env_dir = fake.dir.path() / "env-root";
  const std::string what = message_of("beta", s);
  CHECK_THAT(what, Contains("beta (as given)"));
  CHECK_THAT(what, Contains((fake.dir.path() / "env-root" / "scenarios" / "beta").string() + "[.json] (PEACESIM_DATA_DIR)"));
  CHECK_THAT(what, Contains((fake.data / "scenarios" / "beta").string() + "[.json] (install)"));
  CHECK_THAT(what, Contains("shipped scenarios: alpha, examples/small"));
  // without PEACESIM_DATA_DIR the message says it is not set
  CHECK_THAT(message_of("beta", fake.search()), Contains("PEACESIM_DATA_DIR (not set)"));
  // an absolute path is not searched for
  const std::string abs = (fake.dir.path() / "nowhere.json").string();
  const std::string abs_what = message_of(abs, fake.search());
  CHECK_THAT(abs_what, Contains("expected an existing, readable file"));
  CHECK_THAT(abs_what, !Contains("install"));
}

TEST_CASE("data dir: the shipped scenarios are NAME.json and the files of non-companion folders", "[io]") {
  const FakeInstall fake;
  const auto names = shipped_scenarios(fake.data);
  REQUIRE(names.size() == 2);
  CHECK(names[0] == "alpha");
  CHECK(names[1] == "examples/small");
  CHECK(shipped_scenarios(fake.dir.path() / "none").empty());
}

TEST_CASE("data dir: this build's own binary reads the source tree's scenarios", "[io]") {
  // the test binary lives in the build tree, so its real search ends in the checkout
  DataSearch s = DataSearch::from_process();
  s.env_dir.reset();  // whatever the caller's environment says
  const auto roots = data_roots(s);
  REQUIRE_FALSE(roots.empty());
  CHECK(roots.back().origin == "source tree");
  CHECK(roots.back().dir == fs::path(PEACESIM_SOURCE_DIR));
  CHECK(resolve_data_file("kosovo-1999", "scenarios", s) == fs::path(PEACESIM_SOURCE_DIR) / "scenarios" / "kosovo-1999.json");
}
