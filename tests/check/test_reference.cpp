// Reference files and the statistics of `peacesim check` (issue #9, ADR 0010): summaries, Welch's
// test against known values, Holm's step-down procedure, the sd-0 rule, strict loading with JSON
// pointers, an exact round trip, and the command end to end on the teaching scenario.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/check/reference.hpp"
#include "peacesim/scenario/error.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

using namespace peacesim;
using check::Stats;
using Catch::Matchers::Contains;

namespace {

check::Entry entry(const std::string& name, Stats s) {
  check::Entry e;
  e.name = name;
  e.metric = name;
  e.checkpoint = "2000-01-01";
  e.stats = s;
  return e;
}

Stats stats(int n, double mean, double sd) {
  Stats s;
  s.n = n;
  s.mean = mean;
  s.sd = sd;
  s.p05 = mean - sd, s.p50 = mean, s.p95 = mean + sd;
  return s;
}

/// A `now` ensemble whose Welch p against `ref` is `p` (bisection on the mean; large n, sd 1).
Stats with_p(const Stats& ref, double p) {
  double lo = 0, hi = 10;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    double t = 0, df = 0;
    (check::welch_p(ref, stats(ref.n, ref.mean + mid, ref.sd), t, df) > p ? lo : hi) = mid;
  }
  return stats(ref.n, ref.mean + (lo + hi) / 2, ref.sd);
}

std::string minimal_reference(const std::string& extra_ensemble = "", const std::string& results = "") {
  return R"({"format": "peacesim-reference-1", "scenario": {"path": "x.json"},
             "ensemble": {"replicates": 3, "seed": 5)" +
         extra_ensemble + R"(}, "record": {"metrics": ["stability"], "at": ["2000-01-31"]})" + results + "}";
}

}  // namespace

TEST_CASE("check: summaries are the mean, the n-1 sd and interpolated quantiles, NaN left out", "[check]") {
  const Stats s = check::summarise({5, 1, std::nan(""), 3, 2, 4});
  CHECK(s.n == 5);
  CHECK(s.mean == Approx(3));
  CHECK(s.sd == Approx(std::sqrt(2.5)));
  CHECK(s.p05 == Approx(1.2));
  CHECK(s.p50 == Approx(3));
  CHECK(s.p95 == Approx(4.8));
  // constant data: sd exactly 0 and the mean exactly the value (no rounding residue)
  const Stats c = check::summarise(std::vector<double>(7, 0.1));
  CHECK(c.sd == 0.0);
  CHECK(c.mean == 0.1);
}

TEST_CASE("check: Welch's t, its degrees of freedom and p match textbook values", "[check]") {
  double t = 0, df = 0;
  // equal sizes and sds: t = 1 / sqrt(0.2), df = 18; two-sided p = 0.0382496 (Simpson's rule on the t(18)
  // density from t to 200, 200000 steps, done independently in Python)
  const double p = check::welch_p(stats(10, 0, 1), stats(10, 1, 1), t, df);
  CHECK(t == Approx(2.2360680).epsilon(1e-6));
  CHECK(df == Approx(18));
  CHECK(p == Approx(0.0382496145).epsilon(1e-6));
  // unequal: n 40 sd 1 vs n 8 sd 2; Welch-Satterthwaite df = (1/40+4/8)^2 / ((1/40)^2/39 + (4/8)^2/7)
  const double p2 = check::welch_p(stats(40, 0, 1), stats(8, 0.5, 2), t, df);
  const double va = 1.0 / 40, vb = 4.0 / 8;
  CHECK(df == Approx((va + vb) * (va + vb) / (va * va / 39 + vb * vb / 7)));
  CHECK(t == Approx(0.5 / std::sqrt(va + vb)));
  CHECK(p2 > 0.4);
  CHECK(p2 < 0.6);
  // one side without spread: df is the other side's n - 1
  check::welch_p(stats(20, 0, 0), stats(8, 1, 1), t, df);
  CHECK(df == Approx(7));
}

TEST_CASE("check: Holm steps down: alpha/m, alpha/(m-1) and so on, stopping at the first pass", "[check]") {
  const Stats ref = stats(1000, 0, 1);
  SECTION("0.004 and 0.009 at alpha 0.01: Bonferroni would fail one, Holm fails both") {
    const std::vector<check::Entry> refs = {entry("a", ref), entry("b", ref)};
    const auto rows = check::compare(refs, {with_p(ref, 0.004), with_p(ref, 0.009)}, 0.01);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].p == Approx(0.004).epsilon(1e-3));
    CHECK(rows[0].level == Approx(0.005));
    CHECK(rows[1].level == Approx(0.01));
    CHECK_FALSE(rows[0].passed);
    CHECK_FALSE(rows[1].passed);
  }
  SECTION("0.008 and 0.008: the smallest misses alpha/2, so neither fails") {
    const std::vector<check::Entry> refs = {entry("a", ref), entry("b", ref)};
    const auto rows = check::compare(refs, {with_p(ref, 0.008), with_p(ref, 0.008)}, 0.01);
    CHECK(rows[0].passed);
    CHECK(rows[1].passed);
  }
  SECTION("an unchanged ensemble passes every quantity; a shifted one fails only where it moved") {
    std::vector<check::Entry> refs;
    std::vector<Stats> now;
    for (int k = 0; k < 20; ++k) refs.push_back(entry("q" + std::to_string(k), stats(40, k, 1))), now.push_back(stats(8, k, 1));
    now[7] = stats(8, 7 + 3, 1);  // three reference sds
    const auto rows = check::compare(refs, now, 0.01);
    for (std::size_t k = 0; k < rows.size(); ++k) CHECK(rows[k].passed == (k != 7));
    CHECK(rows[7].difference_sd == Approx(3));
    CHECK(rows[7].test == "welch");
  }
}

TEST_CASE("check: a small ensemble's sd is floored at the reference's, so a tail it missed is no alarm", "[check]") {
  // measured false alarm (seed 41001, 8 runs): cumulative returns in 2004, reference 890845 (sd 1005,
  // 100 runs), now 890240 (sd 197): plain Welch gives p 8.5e-6, below Holm's 1.4e-4
  const Stats ref = stats(100, 890844.76, 1005.42);
  const Stats now = stats(8, 890240.01, 196.54);
  double t = 0, df = 0;
  CHECK(check::welch_p(ref, now, t, df) < 1e-4);  // the textbook test alone would fail it
  const auto rows = check::compare({entry("returns", ref)}, {now}, 0.01);
  CHECK(rows[0].passed);
  CHECK(rows[0].p > 0.05);
  CHECK(rows[0].t == Approx((890240.01 - 890844.76) / (1005.42 * std::sqrt(1.0 / 100 + 1.0 / 8))));
  // a wider spread now keeps its own sd; a shift of 3 reference sds still fails
  const auto wide = check::compare({entry("returns", ref)}, {stats(8, 890844.76 + 3 * 1005.42, 2000)}, 0.01);
  CHECK(wide[0].t == Approx(3 * 1005.42 / std::sqrt(1005.42 * 1005.42 / 100 + 2000.0 * 2000.0 / 8)));
  CHECK_FALSE(check::compare({entry("returns", ref)}, {stats(8, 890844.76 + 3 * 1005.42, 300)}, 0.01)[0].passed);
}

TEST_CASE("check: means within a relative 1e-9 are equal, deterministic ones that differ fail, fewer than 2 values fail",
          "[check]") {
  const Stats ref = stats(40, 1000, 0);
  // a near-constant quantity: sd of rounding size, means an ulp apart (another summation order)
  const Stats tiny = stats(40, 0.09846156900862665, 7.35e-17);
  const std::vector<check::Entry> refs = {entry("same", ref),  entry("ulps", ref), entry("moved", ref),
                                          entry("empty", ref), entry("tiny", tiny), entry("real", stats(40, 1, 0.1))};
  Stats empty;
  const auto rows = check::compare(refs,
                                   {stats(8, 1000, 0), stats(8, 1000 * (1 + 1e-12), 0), stats(8, 1000.01, 0), empty,
                                    stats(8, 0.09846156900862657, 2.1e-17), stats(8, 1.5, 0.1)},
                                   0.01);
  CHECK(rows[0].test == "equal");
  CHECK(rows[0].passed);
  CHECK(rows[1].test == "equal");
  CHECK(rows[1].passed);
  CHECK(rows[2].test == "exact");
  CHECK_FALSE(rows[2].passed);
  CHECK(std::isnan(rows[2].difference_sd));
  CHECK(rows[3].test == "no data");
  CHECK_FALSE(rows[3].passed);
  CHECK(rows[4].test == "equal");
  CHECK(rows[4].passed);
  // the one Welch test is the whole Holm family: level alpha / 1
  CHECK(rows[5].test == "welch");
  CHECK(rows[5].level == Approx(0.01));
  CHECK_FALSE(rows[5].passed);
}

TEST_CASE("check: reference files load strictly, naming file, JSON pointer and what was expected", "[check]") {
  test::TempDir dir("reference");
  auto error_of = [&](const std::string& text) -> std::string {
    const auto file = dir.write("ref.json", text);
    try {
      (void)check::load_reference(file);
    } catch (const scenario::ScenarioError& e) {
      CHECK(e.file == file.string());
      return e.pointer + " | " + e.expected;
    }
    return "loaded";
  };
  CHECK(error_of(minimal_reference()) == "loaded");
  CHECK_THAT(error_of(R"({"format": "peacesim-reference-1"})"), Contains("scenario"));
  CHECK_THAT(error_of(minimal_reference().replace(minimal_reference().find("\"replicates\": 3"), 15, "\"replicates\": 1")),
             Contains("/ensemble/replicates"));
  CHECK_THAT(error_of(minimal_reference(", \"seeds\": [5, 7, 8]")), Contains("/ensemble/seeds/1 | expected seed 6"));
  CHECK_THAT(error_of(minimal_reference(", \"seeds\": [5]")), Contains("/ensemble/seeds | expected 3 seeds"));
  CHECK_THAT(error_of(minimal_reference("", R"(, "results": [{"name": "a", "metric": "stability", "checkpoint": "x",
             "n": 3, "mean": 1, "sd": 0.1, "p05": 2, "p50": 1, "p95": 3}])")),
             Contains("/results/0 | expected p05 <= p50 <= p95"));
  CHECK_THAT(error_of(minimal_reference("", R"(, "results": [{"name": "a", "metric": "stability", "checkpoint": "x",
             "n": 4, "mean": 1, "sd": 0.1, "p05": 0, "p50": 1, "p95": 3}])")),
             Contains("/results/0/n"));
  CHECK_THAT(error_of(minimal_reference("", R"(, "surprise": 1)")), Contains("surprise"));
  CHECK_THAT(error_of(minimal_reference("", R"(, "digest": {"seed": 1, "value": "md5:00", "ticks": 3, "platform": "x", "reference_platform": true})")),
             Contains("/digest/value"));
  CHECK_THAT(error_of("{not json"), Contains("JSON"));
}

TEST_CASE("check: a reference written and read back is the same, to the last bit", "[check]") {
  test::TempDir dir("reference-roundtrip");
  check::Reference r;
  r.description = "round trip";
  r.scenario_path = "scenarios/x.json";
  r.scenario_name = "x";
  r.scenario_hash = "fnv1a64:0123456789abcdef";
  r.overrides = {"parameters.deterrence.arrest_k=0.088"};
  r.replicates = 3;
  r.seed = 11;
  r.record = {{"metrics", {"stability"}}, {"at", {"2000-01-31"}}};
  Stats s = stats(3, 0.1 + 0.2, 1.0 / 3);
  s.p05 = std::nextafter(s.mean, 0.0);
  r.entries = {entry("stability_2000_01_31", s)};
  r.digest = check::Digest{1, "fnv1a64:aaaaaaaaaaaaaaaa", 31, "g++ 12.2", true};
  const auto file = dir.path() / "sub" / "ref.json";
  check::write_reference(r, file);
  const check::Reference back = check::load_reference(file);
  CHECK(back.scenario_hash == r.scenario_hash);
  CHECK(back.overrides == r.overrides);
  CHECK(back.seed == 11);
  REQUIRE(back.entries.size() == 1);
  CHECK(back.entries[0].stats.mean == s.mean);  // exact
  CHECK(back.entries[0].stats.sd == s.sd);
  CHECK(back.entries[0].stats.p05 == s.p05);
  REQUIRE(back.digest);
  CHECK(back.digest->value == r.digest->value);
  CHECK(back.digest->reference_platform);
  // nothing but the file is left in its folder (the temporary was renamed)
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(file.parent_path())) files += f.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("check: --update writes a reference, check passes against it and fails on a changed model", "[check][cli]") {
  test::TempDir dir("check-cli");
  const std::string ref = (dir.path() / "ref" / "two-towns.json").string();
  const std::string scenario = test::two_towns();
  // a missing reference is bad input (exit 2) unless --update makes one
  auto missing = test::cli({"check", scenario, "--reference", ref, "-q", "--out", (dir.path() / "o0").string()});
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Contains("--update"));

  auto made = test::cli({"check", scenario, "--reference", ref, "--update", "-n", "6", "-j", "2", "-q", "--out",
                         (dir.path() / "o1").string()});
  INFO(made.out << made.err);
  REQUIRE(made.code == 0);
  CHECK_THAT(made.out, Contains("a new reference"));
  const check::Reference r = check::load_reference(ref);
  CHECK(r.replicates == 6);
  CHECK(r.scenario_name == "two-towns");
  CHECK_FALSE(r.entries.empty());
  REQUIRE(r.digest);

  auto same = test::cli({"check", scenario, "--reference", ref, "-j", "2", "-q", "--out", (dir.path() / "o2").string()});
  INFO(same.out << same.err);
  CHECK(same.code == 0);
  CHECK_THAT(same.out, Contains("PASS"));
  CHECK_THAT(same.out, Contains(": equal"));  // same binary, same seeds: the digest is the same
  CHECK(std::filesystem::exists(dir.path() / "o2" / "check.csv"));
  CHECK(std::filesystem::exists(dir.path() / "o2" / "check.json"));
  CHECK(std::filesystem::exists(dir.path() / "o2" / "runs.csv"));

  // a much changed model: no arrests at all
  auto changed = test::cli({"check", scenario, "--reference", ref, "-j", "2", "-q", "--set",
                            "parameters.deterrence.arrest_k=0", "--out", (dir.path() / "o3").string()});
  INFO(changed.out << changed.err);
  CHECK(changed.code == 1);
  CHECK_THAT(changed.out, Contains("FAIL"));

  // --update again on the changed model: prints what moved, rewrites only the reference
  auto moved = test::cli({"check", scenario, "--reference", ref, "--update", "-j", "2", "-q", "--set",
                          "parameters.deterrence.arrest_k=0", "--out", (dir.path() / "o4").string()});
  INFO(moved.out << moved.err);
  CHECK(moved.code == 0);
  CHECK_THAT(moved.out, Contains("MOVED"));
  CHECK(check::load_reference(ref).overrides == std::vector<std::string>{"parameters.deterrence.arrest_k=0"});
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir.path() / "ref")) files += f.is_regular_file();
  CHECK(files == 1);

  // another scenario against this reference: bad input naming the pointer
  test::TempDir other("check-cli-other");
  auto doc = nlohmann::json::parse(test::read_text(scenario));
  doc["name"] = "three-towns";
  const auto renamed = other.write("three.json", doc.dump());
  auto wrong = test::cli({"check", renamed.string(), "--reference", ref, "-q", "--out", (dir.path() / "o5").string()});
  CHECK(wrong.code == 2);
  CHECK_THAT(wrong.err, Contains("/scenario/name"));
}
