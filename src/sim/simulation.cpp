#include "peacesim/sim/simulation.hpp"

#include <stdexcept>

#include "peacesim/model/systems.hpp"

namespace peacesim {

const char* to_string(Phase p) {
  static constexpr const char* names[] = {"events",    "coordination", "agencies", "contingents",    "communities",
                                          "incidents", "institutions", "movement", "reconciliation", "metrics"};
  return names[static_cast<std::size_t>(p)];
}

Simulation::Simulation(std::shared_ptr<const Scenario> scenario, std::uint64_t seed)
    : scenario_(std::move(scenario)), seed_(seed), ticks_(scenario_->ticks()), world_(make_world(*scenario_)) {}

void Simulation::limit_ticks(int ticks) { ticks_ = std::min(ticks_, std::max(0, ticks)); }

std::uint64_t Simulation::agent_updates() const {
  const Scenario& s = *scenario_;
  return std::uint64_t(world_.tick) *
         (world_.communities.size() + s.agencies.size() + s.contingents.size() + s.cells.size());
}

void Simulation::step() {
  const Scenario& s = *scenario_;
  World& w = world_;
  w.date = s.date_of(w.tick);
  w.tally = TickTally{};
  using clock = std::chrono::steady_clock;
  auto mark = clock::now();
  auto timed = [&](Phase phase, auto&& run) {
    run();
    const auto now = clock::now();
    profile_[static_cast<std::size_t>(phase)] += std::chrono::duration<double>(now - mark).count();
    mark = now;
    if (check_) {
      if (auto problem = check_invariants(s, w); !problem.empty())
        throw std::logic_error("invariant broken after phase " + std::string(to_string(phase)) + " on " + w.date.iso() +
                               ": " + problem);
    }
  };

  // the schedule of docs/ODD.md, one phase per line
  timed(Phase::events, [&] { apply_events(s, w); });
  timed(Phase::coordination, [&] { run_coordination(s, w); });
  timed(Phase::agencies, [&] { run_agencies(s, w); });
  timed(Phase::contingents, [&] { deploy_contingents(s, w); });
  timed(Phase::communities, [&] { update_communities(s, w); });
  timed(Phase::incidents, [&] { resolve_incidents(s, w, seed_); });
  timed(Phase::institutions, [&] { police_and_institutions(s, w, seed_); });
  timed(Phase::movement, [&] { move_people(s, w); });
  timed(Phase::reconciliation, [&] { reconcile(s, w); });
  timed(Phase::metrics, [&] { metrics_ = compute_metrics(s, w); });
  ++w.tick;
}

}  // namespace peacesim
