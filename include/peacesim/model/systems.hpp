#pragma once
/// The phases of one step, in schedule order (docs/ODD.md, "Process overview and scheduling").
///
/// Each phase is a plain function over the frozen scenario and the world's stores. A phase
/// reads what earlier phases of the same tick wrote; none keeps state of its own.
#include <cstdint>

#include "peacesim/model/world.hpp"

namespace peacesim {

/// 1. Scripted events dated today: elections, disarmament, shocks, handovers, dialogue, status.
void apply_events(const Scenario& s, World& w);
/// 2. Coordination cells meet on their cadence: members' pictures converge; levels decay between meetings.
void run_coordination(const Scenario& s, World& w);
/// 3. Agencies allocate capacity by the needs they believe in, and deliver (shelter, food, courts, ...).
void run_agencies(const Scenario& s, World& w);
/// 4. Contingents take their scheduled strength and deploy it by posture; presence sets arrest risk.
void deploy_contingents(const Scenario& s, World& w);
/// 5. Communities update hardship, legitimacy and fear.
void update_communities(const Scenario& s, World& w);
/// 6. Unrest and inter-ethnic incidents (Epstein 2002, Models I and II, mean-field).
void resolve_incidents(const Scenario& s, World& w, std::uint64_t seed);
/// 7. Policing, courts and local institutions: arrests, impunity, disarmament, decay, status.
void police_and_institutions(const Scenario& s, World& w, std::uint64_t seed);
/// 8. Movement: flight from fear, returns that follow safety, housing and support.
void move_people(const Scenario& s, World& w);
/// 9. Reconciliation: contact, dialogue and incidents move inter-group trust.
void reconcile(const Scenario& s, World& w);

/// Epstein's need per location for one agency function, as it truly is now.
double true_need(const World& w, FunctionKind kind, Index location, const Parameters& p);

}  // namespace peacesim
