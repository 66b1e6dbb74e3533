// Tests exact reproducibility against a committed constant (ADR 0002, issue #9): Kosovo-1999, seed 1, the full
// horizon, every metrics column of every tick at full precision, hashed; the same hash from a Simulation
// stepped alone and from run_ensemble on 1 and on 2 threads.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "peacesim/check/reference.hpp"
#include "peacesim/model/metrics.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/digest.hpp"
#include "peacesim/sim/ensemble.hpp"
#include "peacesim/sim/simulation.hpp"

using namespace peacesim;

namespace {

// The golden hash: FNV-1a 64 of the canonical serialisation of the MetricsRow series (RunDigest,
// include/peacesim/sim/digest.hpp, the digest `peacesim check` records too) of
// scenarios/kosovo-1999.json, seed 1, full horizon, on the reference platform (Debian 12: g++ 12,
// glibc 2.36, x86-64). It changes whenever the model's results change in any bit, on purpose or not.
//
// To regenerate it after an intended change (say why in the commit message):
//   cmake --build --preset ci && build/dev/tests/peacesim_tests "golden*"
// and copy the hash the failure prints ("now: fnv1a64:...") here. Changed by the speed work (ADR 0011:
// one Poisson draw per community for its summed attack rates, other rounding), then by the
// rule-of-law chain (ADR 0012: new dynamics after early 2000, arrests drawn on clearance), then by the
// reconciliation index of relations between groups (ADR 0019: new metrics columns, no new dynamics), then by
// the two legitimacies and cooperation with supervision (ADR 0018: new dynamics from the first tick), then by
// national priorities (ADR 0022: contingents hold back under danger; movement.flight_threshold 0.5 -> 0.52), then by
// consistency with the mandate and the enforcement_spread and gaps columns (ADR 0023: outputs only), then by
// violence with sizes (ADR 0021: crowds and sizes drawn, new metrics columns, new dynamics from the first tick), then by
// property and returns (ADR 0017: the re-flight memory, the property gate and arson act from the first tick), then by
// guarded boundaries (ADR 0024: the Ibar bridges and four enclave perimeters stop attacks and flashpoint mobilisation
// across them in proportion to the guard on duty, from the first tick), then by the joint operations centre's
// response time (ADR 0025: the coordinated pool reaches flashpoints at 1/T, from the first flashpoint on), then by
// crowds of attacks (ADR 0027: a mob's attacks are crowds that riot control disperses; new metrics columns; new
// dynamics on days with a shock or flashpoint).
constexpr const char* kGoldenKosovoSeed1 = "fnv1a64:8948f877a095db51";

std::filesystem::path kosovo() {
  // this file is tests/sim/test_golden.cpp: three levels below the source root
  const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  const auto p = root / "scenarios" / "kosovo-1999.json";
  return std::filesystem::exists(p) ? p : std::filesystem::current_path() / "scenarios" / "kosovo-1999.json";
}

}  // namespace

TEST_CASE("golden: Kosovo-1999 seed 1 reproduces the committed hash, alone and on 1 and 2 threads",
          "[determinism][golden]") {
  const auto loaded = scenario::load_scenario(kosovo());
  const auto& scenario = loaded.scenario;

  RunDigest alone;
  int ticks = 0;
  {
    Simulation sim(scenario, 1);
    while (!sim.done()) {
      sim.step();
      alone.add(sim.metrics());
      ++ticks;
    }
  }
  REQUIRE(ticks == scenario->ticks());
  REQUIRE(ticks > 3000);  // June 1999 to June 2008

  // replicates 0 (seed 1) and 1 (seed 2) on 1 and on 2 threads: each replicate hashes its own rows
  auto ensemble_hashes = [&](int jobs) {
    std::vector<RunDigest> h(2);
    EnsembleOptions options;
    options.replicates = 2;
    options.jobs = jobs;
    options.first_seed = 1;
    const auto result =
        run_ensemble(scenario, options, [&](int r, const Simulation& sim) { h[std::size_t(r)].add(sim.metrics()); });
    REQUIRE(result.finished_count() == 2);
    return std::vector<std::string>{h[0].hex(), h[1].hex()};
  };
  const auto one = ensemble_hashes(1), two = ensemble_hashes(2);
  CHECK(one[0] == alone.hex());
  CHECK(two[0] == alone.hex());
  CHECK(two[1] == one[1]);
  CHECK(one[1] != one[0]);  // another seed, another history

  const std::string platform = platform_description();
  if (is_reference_platform()) {
    INFO("reference platform (" << platform << "); now: " << alone.hex() << ", committed: " << kGoldenKosovoSeed1
                                << ". If the model changed on purpose, update kGoldenKosovoSeed1 (see its comment).");
    CHECK(alone.hex() == kGoldenKosovoSeed1);
  } else {
    // libm's exp/pow and the compiler may differ in the last bit elsewhere (ADR 0002): reported, not failed
    WARN("golden hash not compared on " << platform << " (reference: Debian 12, g++ 12, glibc 2.36, x86-64); now: "
                                        << alone.hex() << ", committed: " << kGoldenKosovoSeed1
                                        << (alone.hex() == kGoldenKosovoSeed1 ? " (equal)" : " (differs)"));
    SUCCEED("reported");
  }
}

TEST_CASE("golden: the Kosovo-1999 reference of peacesim check records the same digest as the golden hash",
          "[determinism][golden][check]") {
  // both are RunDigest of seed 1 over the full horizon, made on the reference platform: whoever
  // changes the model on purpose updates both (kGoldenKosovoSeed1 by hand, the reference with
  // `peacesim check scenarios/kosovo-1999.json --reference tests/reference/kosovo-1999.json --update`)
  const auto file = kosovo().parent_path().parent_path() / "tests" / "reference" / "kosovo-1999.json";
  const auto reference = check::load_reference(file);
  REQUIRE(reference.digest);
  CHECK(reference.digest->seed == 1);
  CHECK(reference.digest->reference_platform);
  CHECK(reference.overrides.empty());
  CHECK_FALSE(reference.until);
  INFO("golden " << kGoldenKosovoSeed1 << ", reference " << reference.digest->value << " (" << file.string() << ")");
  CHECK(reference.digest->value == kGoldenKosovoSeed1);
}
