// Tests exact reproducibility against a committed constant (ADR 0002, issue #9): Kosovo-1999, seed 1, the full
// horizon, every metrics column of every tick at full precision, hashed; the same hash from a Simulation
// stepped alone and from run_ensemble on 1 and on 2 threads.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

#include "peacesim/model/metrics.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/ensemble.hpp"
#include "peacesim/sim/simulation.hpp"

using namespace peacesim;

namespace {

// The golden hash: FNV-1a 64 of the canonical serialisation of the MetricsRow series (below) of
// scenarios/kosovo-1999.json, seed 1, full horizon, on the reference platform (Debian 12: g++ 12,
// glibc 2.36, x86-64). It changes whenever the model's results change in any bit, on purpose or not.
//
// To regenerate it after an intended change (say why in the commit message):
//   cmake --build --preset ci && build/dev/tests/peacesim_tests "golden*"
// and copy the hash the failure prints ("now: fnv1a64:...") here. Last changed by the speed work (ADR 0011):
// one Poisson draw per community for its summed attack rates, and strike rates and deployments
// written with fewer divisions (other rounding).
constexpr const char* kGoldenKosovoSeed1 = "fnv1a64:e311a3889a171736";

/// One row: tick, ISO date, then every metrics column (metrics_columns() order) as %.17g.
/// Stricter than metrics.csv (fixed decimals): every bit of every double counts.
std::string canonical(const MetricsRow& row) {
  std::string s = std::to_string(row.tick) + "," + row.date.iso();
  char buf[40];
  for (const auto& column : metrics_columns()) {
    std::snprintf(buf, sizeof buf, ",%.17g", row.*column.field);
    s += buf;
  }
  return s + "\n";
}

struct Fnv1a {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add(const std::string& s) {
    for (unsigned char ch : s) h = (h ^ ch) * 0x100000001b3ull;
  }
  std::string hex() const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

std::filesystem::path kosovo() {
  // this file is tests/sim/test_golden.cpp: three levels below the source root
  const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  const auto p = root / "scenarios" / "kosovo-1999.json";
  return std::filesystem::exists(p) ? p : std::filesystem::current_path() / "scenarios" / "kosovo-1999.json";
}

/// Whether this build runs on the platform the constant was made on (else the hash is reported, not failed).
bool reference_platform(std::string& platform) {
  platform.clear();
#if defined(__clang__)
  platform += "clang " __clang_version__;
#elif defined(__GNUC__)
  platform += "g++ " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__);
#else
  platform += "an unknown compiler";
#endif
  bool ok = false;
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12 && defined(__x86_64__)
  ok = true;
#endif
#if defined(__GLIBC__)
  const std::string libc = gnu_get_libc_version();
  platform += ", glibc " + libc;
  ok = ok && libc == "2.36";
#else
  platform += ", not glibc";
  ok = false;
#endif
#if defined(__x86_64__)
  platform += ", x86-64";
#else
  platform += ", not x86-64";
#endif
  return ok;
}

}  // namespace

TEST_CASE("golden: Kosovo-1999 seed 1 reproduces the committed hash, alone and on 1 and 2 threads",
          "[determinism][golden]") {
  const auto loaded = scenario::load_scenario(kosovo());
  const auto& scenario = loaded.scenario;

  Fnv1a alone;
  int ticks = 0;
  {
    Simulation sim(scenario, 1);
    while (!sim.done()) {
      sim.step();
      alone.add(canonical(sim.metrics()));
      ++ticks;
    }
  }
  REQUIRE(ticks == scenario->ticks());
  REQUIRE(ticks > 3000);  // June 1999 to June 2008

  // replicates 0 (seed 1) and 1 (seed 2) on 1 and on 2 threads: each replicate hashes its own rows
  auto ensemble_hashes = [&](int jobs) {
    std::vector<Fnv1a> h(2);
    EnsembleOptions options;
    options.replicates = 2;
    options.jobs = jobs;
    options.first_seed = 1;
    const auto result =
        run_ensemble(scenario, options, [&](int r, const Simulation& sim) { h[std::size_t(r)].add(canonical(sim.metrics())); });
    REQUIRE(result.finished_count() == 2);
    return std::vector<std::string>{h[0].hex(), h[1].hex()};
  };
  const auto one = ensemble_hashes(1), two = ensemble_hashes(2);
  CHECK(one[0] == alone.hex());
  CHECK(two[0] == alone.hex());
  CHECK(two[1] == one[1]);
  CHECK(one[1] != one[0]);  // another seed, another history

  std::string platform;
  if (reference_platform(platform)) {
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
