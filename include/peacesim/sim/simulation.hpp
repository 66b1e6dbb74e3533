#pragma once
/// A run: a frozen scenario, a seed and the world, stepped one tick at a time.
///
/// A run is a pure function of (scenario, seed): no globals, no files, no terminal. Many
/// simulations can live in one process and step concurrently on different threads.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "peacesim/model/metrics.hpp"
#include "peacesim/model/world.hpp"
#include "peacesim/scenario/scenario.hpp"

namespace peacesim {

/// The phases of a step, in schedule order.
enum class Phase : std::uint8_t {
  events,
  coordination,
  agencies,
  contingents,
  communities,
  incidents,
  institutions,
  movement,
  reconciliation,
  metrics
};
inline constexpr std::size_t kPhases = 10;
const char* to_string(Phase);

/// A metrics row with a NaN or infinite column: the run cannot go on, and nothing it wrote is a result.
///
/// Thrown by Simulation::step (in every build) when check_finite fails. The loader's ranges keep
/// every input physical, so this is a backstop: it names the tick, the date, the column and the
/// inputs that feed that column.
struct NonFiniteError : std::runtime_error {
  /// `also_non_finite`: the other non-finite columns, comma-separated, for the message.
  NonFiniteError(int tick_number, Date tick_date, std::string column_name, double column_value,
                 const std::string& also_non_finite = {});

  int tick;            ///< the tick whose metrics are not finite
  Date date;           ///< its date
  std::string column;  ///< the metrics.csv column (the one closest to the inputs, if several)
  double value;        ///< NaN, +inf or -inf
};

/// Throws NonFiniteError if any metrics column of `row` is NaN or infinite (about 40 std::isfinite).
void check_finite(const MetricsRow& row);

/// The scenario inputs and parameters that feed a metrics column, for NonFiniteError's message.
std::string likely_inputs(std::string_view column);

/// Seconds spent in each phase, summed over the run.
using StepProfile = std::array<double, kPhases>;

class Simulation {
 public:
  Simulation(std::shared_ptr<const Scenario> scenario, std::uint64_t seed);

  /// Advances one tick through every phase; then `metrics()` describes the tick just run.
  void step();
  /// True once the tick on the scenario's end date has run (or `until` has been passed).
  bool done() const { return world_.tick >= ticks_; }
  /// Stops the run earlier than the scenario's end: after `ticks` ticks.
  void limit_ticks(int ticks);

  int ticks() const { return ticks_; }
  const Scenario& scenario() const { return *scenario_; }
  const World& world() const { return world_; }
  const MetricsRow& metrics() const { return metrics_; }
  const StepProfile& profile() const { return profile_; }
  std::uint64_t seed() const { return seed_; }
  /// Agent updates so far: communities + agencies + contingents + cells, per tick.
  std::uint64_t agent_updates() const;
  /// Runs invariant checks after each phase (slow; for tests and --check).
  void set_check_invariants(bool on) { check_ = on; }

 private:
  std::shared_ptr<const Scenario> scenario_;
  std::uint64_t seed_;
  int ticks_;
  World world_;
  MetricsRow metrics_;
  StepProfile profile_{};
  bool check_ = false;
};

}  // namespace peacesim
