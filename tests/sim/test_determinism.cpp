// Tests determinism of src/sim/simulation.cpp and src/core/rng.cpp: same (scenario, seed) gives the same bytes across
// runs and threads, another seed another history, and Philox4x32-10 matches its known answers.

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "peacesim/core/rng.hpp"
#include "peacesim/model/metrics.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"
#include "support/cli.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using peacesim::CounterRng;
using peacesim::MetricsRow;
using peacesim::Simulation;
using peacesim::Stream;
using peacesim::test::cli;
using peacesim::test::read_text;
using peacesim::test::TempDir;
using peacesim::test::two_towns;

namespace {

/// One row at full precision: tick, date, then every metrics column as %.17g.
std::string serialise(const MetricsRow& row) {
  std::string s = std::to_string(row.tick) + "," + row.date.iso();
  char buf[32];
  for (const auto& column : peacesim::metrics_columns()) {
    std::snprintf(buf, sizeof buf, ",%.17g", row.*column.field);
    s += buf;
  }
  return s + "\n";
}

/// Steps a simulation `ticks` ticks (or to its end) and returns every row, serialised.
std::string run_rows(const std::shared_ptr<const peacesim::Scenario>& scenario, std::uint64_t seed, int ticks) {
  Simulation sim(scenario, seed);
  sim.limit_ticks(ticks);
  std::string rows;
  while (!sim.done()) {
    sim.step();
    rows += serialise(sim.metrics());
  }
  return rows;
}

/// The incidents column over `ticks` ticks.
std::vector<double> incident_series(const std::shared_ptr<const peacesim::Scenario>& scenario, std::uint64_t seed,
                                    int ticks) {
  Simulation sim(scenario, seed);
  sim.limit_ticks(ticks);
  std::vector<double> series;
  while (!sim.done()) {
    sim.step();
    series.push_back(sim.metrics().incidents);
  }
  return series;
}

}  // namespace

TEST_CASE("determinism: the same scenario and seed give byte-identical CLI outputs", "[determinism]") {
  TempDir dir("determinism");
  const fs::path a = dir.path() / "a", b = dir.path() / "b";
  REQUIRE(cli({"run", two_towns(), "--days", "365", "--seed", "7", "--quiet", "--out", a.string()}).code == 0);
  REQUIRE(cli({"run", two_towns(), "--days", "365", "--seed", "7", "--quiet", "--out", b.string()}).code == 0);
  const std::string metrics_a = read_text(a / "metrics.csv");
  REQUIRE(metrics_a.size() > 1000);
  CHECK(metrics_a == read_text(b / "metrics.csv"));
  CHECK(read_text(a / "municipalities.csv") == read_text(b / "municipalities.csv"));

  // and a different seed gives a different file
  const fs::path c = dir.path() / "c";
  REQUIRE(cli({"run", two_towns(), "--days", "365", "--seed", "8", "--quiet", "--out", c.string()}).code == 0);
  CHECK(metrics_a != read_text(c / "metrics.csv"));
}

TEST_CASE("determinism: the same scenario and seed give identical rows in-process", "[determinism]") {
  const auto loaded = peacesim::scenario::load_scenario(two_towns());
  Simulation one(loaded.scenario, 11), two(loaded.scenario, 11);
  // a second, separately loaded copy of the scenario behaves the same too
  const auto reloaded = peacesim::scenario::load_scenario(two_towns());
  Simulation three(reloaded.scenario, 11);
  REQUIRE(one.ticks() == 731);
  int ticks = 0;
  while (!one.done()) {
    one.step();
    two.step();
    three.step();
    const MetricsRow &x = one.metrics(), &y = two.metrics(), &z = three.metrics();
    REQUIRE(x.tick == ticks);
    REQUIRE(y.tick == x.tick);
    REQUIRE(y.date == x.date);
    for (const auto& column : peacesim::metrics_columns()) {
      INFO("tick " << x.tick << ", column " << column.name);
      // bitwise: the same operations in the same order
      REQUIRE(x.*column.field == y.*column.field);
      REQUIRE(x.*column.field == z.*column.field);
    }
    ++ticks;
  }
  CHECK(ticks == 731);
  CHECK(two.done());
  CHECK(one.world().cumulative_incidents == two.world().cumulative_incidents);
}

TEST_CASE("determinism: another seed gives another incident series", "[determinism]") {
  const auto loaded = peacesim::scenario::load_scenario(two_towns());
  const auto a = incident_series(loaded.scenario, 1, 365);
  const auto b = incident_series(loaded.scenario, 2, 365);
  REQUIRE(a.size() == 365);
  REQUIRE(b.size() == 365);
  double total_a = 0, total_b = 0;
  int differing_days = 0;
  for (std::size_t t = 0; t < a.size(); ++t) {
    total_a += a[t];
    total_b += b[t];
    differing_days += a[t] != b[t] ? 1 : 0;
  }
  // the teaching scenario is violent enough to tell seeds apart
  CHECK(total_a > 50);
  CHECK(total_b > 50);
  CHECK(differing_days > 30);
  CHECK(a != b);
  // and the same seed gives the same series again
  CHECK(incident_series(loaded.scenario, 1, 365) == a);
}

TEST_CASE("determinism: results do not depend on threads (no global mutable state)", "[determinism][threads]") {
  const auto loaded = peacesim::scenario::load_scenario(two_towns());
  constexpr int kTicks = 731;
  const std::string reference = run_rows(loaded.scenario, 3, kTicks);
  REQUIRE(std::count(reference.begin(), reference.end(), '\n') == kTicks);

  // four simulations of the same (scenario, seed), sharing the frozen scenario, stepped concurrently
  constexpr std::size_t kThreads = 4;
  std::array<std::string, kThreads> results;
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] { results[i] = run_rows(loaded.scenario, 3, kTicks); });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < kThreads; ++i) {
    INFO("thread " << i);
    CHECK(results[i] == reference);
  }

  // and a different seed on a concurrent thread does not disturb them
  std::string other, same;
  std::thread t1([&] { other = run_rows(loaded.scenario, 4, kTicks); });
  std::thread t2([&] { same = run_rows(loaded.scenario, 3, kTicks); });
  t1.join();
  t2.join();
  CHECK(same == reference);
  CHECK(other != reference);
}

TEST_CASE("rng: Philox4x32-10 matches the Random123 known answers", "[rng]") {
  using Block = std::array<std::uint32_t, 4>;
  CHECK(peacesim::philox4x32({0, 0, 0, 0}, {0, 0}) == Block{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(peacesim::philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}) ==
        Block{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  // the third Random123 vector (digits of pi)
  CHECK(peacesim::philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}) ==
        Block{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("rng: a CounterRng is a pure function of (seed, tick, agent, stream)", "[rng]") {
  const auto draw = [](CounterRng rng) {
    std::vector<std::uint32_t> v;
    for (int i = 0; i < 11; ++i) v.push_back(rng());  // crosses two block boundaries
    return v;
  };
  const auto base = draw(CounterRng(42, 5, 9, Stream::incidents));
  CHECK(base == draw(CounterRng(42, 5, 9, Stream::incidents)));
  CHECK(base != draw(CounterRng(43, 5, 9, Stream::incidents)));
  CHECK(base != draw(CounterRng(42ull | (1ull << 32), 5, 9, Stream::incidents)));  // the seed's high word counts
  CHECK(base != draw(CounterRng(42, 6, 9, Stream::incidents)));
  CHECK(base != draw(CounterRng(42, 5, 10, Stream::incidents)));
  CHECK(base != draw(CounterRng(42, 5, 9, Stream::lethality)));
  // consecutive draws are not repeats of one block
  CHECK(std::vector<std::uint32_t>(base.begin(), base.begin() + 4) !=
        std::vector<std::uint32_t>(base.begin() + 4, base.begin() + 8));

  // the first block is Philox of (tick, agent, stream, 0) under the key (seed low, seed high)
  CounterRng rng(0x0000000200000001ull, 5, 9, Stream::arrests);
  const auto block = peacesim::philox4x32({5, 9, static_cast<std::uint32_t>(Stream::arrests), 0}, {1, 2});
  for (int i = 0; i < 4; ++i) CHECK(rng() == block[static_cast<std::size_t>(i)]);
  const auto next = peacesim::philox4x32({5, 9, static_cast<std::uint32_t>(Stream::arrests), 1}, {1, 2});
  CHECK(rng() == next[0]);

  // uniform() lies in [0, 1) and repeats with the generator
  CounterRng u1(7, 1, 2, Stream::unrest), u2(7, 1, 2, Stream::unrest);
  double sum = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = u1.uniform();
    REQUIRE(x >= 0.0);
    REQUIRE(x < 1.0);
    REQUIRE(x == u2.uniform());
    sum += x;
  }
  CHECK(sum / 1000 == Approx(0.5).margin(0.05));
}
