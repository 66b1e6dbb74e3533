#pragma once
/// The mutable state of one run: struct-of-arrays stores indexed by dense ids.
///
/// A community is one group in one location. Its hot state lives in Eigen columns, one entry
/// per community, so every system is a loop over plain arrays. Locations, agencies,
/// contingents and cells keep their own stores. Nothing here holds a pointer across ticks.
#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "peacesim/core/date.hpp"
#include "peacesim/scenario/scenario.hpp"

namespace peacesim {

/// Communities (group x location with people), sorted by location then group.
struct CommunityStore {
  std::vector<Index> group, location;  // (n)
  // population, persons
  Eigen::ArrayXd prewar, resident, displaced, refugee;
  // Epstein state, 0..1
  Eigen::ArrayXd hardship, legitimacy, risk_aversion, fear, weapons;
  // the two legitimacies (7.13, ADR 0018): `legitimacy` above is their mix by who governs
  Eigen::ArrayXd legitimacy_international;  ///< of the international administration (UNMIK), 0..1
  Eigen::ArrayXd legitimacy_local;          ///< of the local institutions (PISG from 2001), 0..1
  Eigen::ArrayXd expectation;               ///< the services the community expects, 0..1 (rises with services)
  Eigen::ArrayXd active;               ///< share active in unrest against authority
  Eigen::ArrayXd hostile;              ///< share hostile toward some other group (max over groups)
  Eigen::ArrayXd participation;        ///< share taking part in elected institutions
  Eigen::ArrayXd safety;               ///< 1 - (1 - P) * exposure: how safe members are
  Eigen::ArrayXd victimisation;        ///< decaying memory of attacks suffered, per 1000 members
  Eigen::ArrayXd revenge;              ///< decaying memory of attacks on the group nearby, per 1000
  Eigen::ArrayXd remembered_fear;      ///< the worst fear at home, fading: what those away judge home by
  Eigen::ArrayXd suffered, committed;  ///< this tick's incidents against / by the community
  Eigen::ArrayXd flight_memory;        ///< re-flights remembered: times the community came home and fled again, fading (7.8)
  Eigen::ArrayXd last_move;            ///< sign of the last net movement of at least one person: -1 away, +1 home, 0 none
  Eigen::MatrixXd trust;               // (n x n_groups) trust of the community toward each group
  std::size_t size() const { return group.size(); }
};

/// Per-location state (municipalities and enclaves).
struct LocationStore {
  std::vector<Index> first, last;  ///< communities of location l are [first[l], last[l])
  Eigen::MatrixXi community_of;    // (n_locations x n_groups) community index or -1
  Eigen::ArrayXd prewar;           ///< persons
  Eigen::ArrayXd resident;         ///< persons at home now (refreshed by count_residents)
  Eigen::ArrayXd minority;         ///< residents not of the location's majority group
  Eigen::ArrayXd housing;          ///< habitable share of pre-war housing, 0..1
  Eigen::ArrayXd economy;          ///< 0..1
  Eigen::ArrayXd capacity;         ///< local institutional capacity, 0..1
  Eigen::ArrayXd courts;           ///< court capacity, 0..1
  Eigen::ArrayXd crime;            ///< organised crime, 0..1
  Eigen::ArrayXd impunity;         ///< ordinary impunity: 1 - conviction probability of ordinary crime, smoothed
  Eigen::ArrayXd impunity_political;  ///< the same for inter-ethnic and political violence (and organised crime)
  Eigen::ArrayXd clearance;           ///< share of ordinary cases an investigation solves, this tick
  Eigen::ArrayXd food_cover;       ///< share of food needs met by aid, 0..1
  Eigen::ArrayXd return_support;   ///< return facilitation, 0..1
  Eigen::ArrayXd dialogue;         ///< trust gain per day from dialogue programmes
  Eigen::ArrayXd cooperation;      ///< local authorities' cooperation with supervision, 0..1 (7.13)
  // presence, persons deployed here this tick
  Eigen::ArrayXd police, military, local_police, guards, riot, collectors, enforcers;
  Eigen::ArrayXd p_arrest;                     ///< Epstein's P, 0..1
  /// share of its call for the joint operations pool that has reached a mobilised location, 0..1:
  /// builds up at 1 / response time while the location calls, fades once it no longer does (ADR 0025)
  Eigen::ArrayXd joint_help;
  Eigen::ArrayXd incidents, murders, arrests;  ///< this tick (murders: lethal incidents)
  Eigen::ArrayXd deaths;                       ///< persons killed this tick (a lethal incident kills 1 or more, ADR 0021)
  Eigen::ArrayXd ordinary;                     ///< ordinary (intra-group) homicides this tick, also in incidents
  Eigen::ArrayXd rolling_incidents;            ///< sum over the metrics window
  Eigen::MatrixXd incident_ring;               // (window x n_locations) daily incidents, a ring buffer
  Eigen::MatrixXd shock;                       // (n_locations x n_groups*n_groups) scripted extra hostility, decaying
  Eigen::MatrixXd shock_decay;                 // same shape: daily decay factor
  std::size_t size() const { return first.size(); }
};

/// One row per agency function (an agency with two functions has two rows).
struct AgencyStore {
  std::vector<Index> agency;  ///< owning agency
  std::vector<FunctionKind> kind;
  std::vector<double> capacity;
  std::vector<Date> start, end;
  Eigen::MatrixXd belief;       // (n_functions x n_locations) need as the agency believes it
  Eigen::MatrixXd effort;       // (n_functions x n_locations) units spent this tick
  Eigen::MatrixXd need;         // (kFunctionKinds x n_locations) true need this tick
  /// the true needs of the last ticks, for cells whose meetings share an old picture (cells[].delay_days):
  /// need_history[t % size] is tick t's; empty when no cell has a delay
  std::vector<Eigen::MatrixXd> need_history;
  Eigen::ArrayXd coordination;  // (n_agencies) 0..1, this tick
  /// The functions of each kind, in row order: rows by_kind[kind_begin[k] .. kind_begin[k + 1]).
  std::vector<Index> by_kind;
  std::array<std::size_t, kFunctionKinds + 1> kind_begin{};
  // per-tick scratch of run_agencies, sized once (issue #8: a step allocates nothing)
  Eigen::MatrixXd claimed;      // (kFunctionKinds x n_locations)
  std::vector<double> weight;   // (n_locations)
  std::size_t size() const { return agency.size(); }
};

struct ContingentStore {
  Eigen::ArrayXd strength;      ///< persons this tick
  Eigen::ArrayXd coordination;  ///< 0..1
  Eigen::ArrayXd rigour;        ///< effective rigour after coordination
  Eigen::ArrayXd engagement;    ///< 0..1, share of its guards, riot control and enforcement a contingent commits this tick (national priorities)
};

struct CellStore {
  std::vector<Date> last_meeting;  ///< kNone-like: Date{-1<<28} before the first
  Eigen::ArrayXd level;            ///< 0..1 this tick
  std::vector<int> meetings;
};

/// Mission-wide state.
struct MissionState {
  double competencies = 0;   ///< share of competencies handed to local institutions (implemented)
  double competencies_scheduled = 0;  ///< share the scripted handovers have decided; implemented at a rate set by cooperation
  double cooperation = 1;    ///< residents-weighted mean of the locations' cooperation, 0..1
  double election_prep = 0;  ///< 0..1
  double kps_strength = 0;   ///< trained local police, persons
  double kps_max = 0;
  Index kps = kNone;                       ///< the local police contingent, if any
  double last_turnout = 0;                 ///< share of eligible residents voting at the last election
  std::vector<double> status_frustration;  ///< (n_groups)
  std::vector<char> status_resolved;       ///< (n_groups)
  // the judiciary (7.7, ADR 0012)
  double judicial_staffing = 0;    ///< local courts' staffing relative to justice.judges_reference, 0..1
  double international_share = 0;  ///< share of serious cases international teams can take, 0..1
  double serious_caseload = 0;     ///< cleared serious cases per day, moving average
  // property and returns (7.8, ADR 0017)
  double unresolved_claims = 0;    ///< share of the scenario's property claims not yet implemented, 0..1 (0 without claims)
  bool organised_returns = false;  ///< an organised return programme is running
};

/// Work done this tick, for the metrics.
struct TickTally {
  double returns = 0, minority_returns = 0, displaced_returned = 0, fled = 0;
  double agency_effort = 0, duplicated_effort = 0;
  double gap_share_sum = 0;  ///< over located function kinds with need: the share of it no agency worked on
  int gap_kinds = 0;
  double graduates = 0;
  int flashpoints = 0;
  int crime_murders = 0;  ///< ordinary (intra-group) homicides, also counted in the murders
  int riots = 0;            ///< public-order incidents (Model I) this tick
  int riots_dispersed = 0;  ///< of them, crowds riot control dispersed (they kill nobody, ADR 0021)
  double rioters = 0;       ///< persons in this tick's public-order incidents
  double attackers = 0;     ///< persons in this tick's inter-ethnic attacks: 1 each, a mob's crowd counted (ADR 0027)
  int attacks_dispersed = 0;  ///< mob attacks riot control dispersed before they killed or burned (ADR 0027)
  double convictions = 0; ///< expected convictions of this tick's incidents (ordinary and serious)
  double turnout = -1;    ///< set on election days
  int events = 0;
};

/// Incidents between two communities this tick (scratch, reused across ticks).
struct PairIncidents {
  Index by, against;
  double count, murders;
  double deaths;    ///< persons killed (murders counts the lethal attacks, ADR 0021)
  bool flashpoint;  ///< a killing that set off a retaliating mob
};

/// Per-tick scratch of the systems, sized on first use and reused (issue #8: a step allocates
/// nothing). Nothing in it carries over from one tick to the next.
struct Scratch {
  std::vector<double> flee, from_abroad, home_from_displacement;  ///< move_people, (n_communities)
  // resolve_incidents: per location, riot damping and the share of attacks that get through there
  std::vector<double> riot_damp, exposure;
  /// One community's strikes with a rate this tick (target community and location), in strike order.
  struct Strike {
    Index location, target;
    double rate;
    double mobilised;  ///< the mob multiplier of the strike (1 + shock_mobilisation * shock)
    double crowd;      ///< mean persons beyond the first in one of its attacks: 0 unless a mob (ADR 0027)
  };
  std::vector<Strike> strikes;
  std::vector<double> suffix;  ///< sums of the strike rates from each strike to the last
  /// deploy_contingents under strategy.reserves_to_flashpoints: each location's share of the
  /// reserves (residents x mobilisation above the threshold, normalised; all 0 when none is mobilised)
  std::vector<double> reserve_focus;
  /// deploy_contingents: each location's mobilisation (summed shock over all group pairs)
  std::vector<double> danger;
  /// deploy_contingents, the joint operations centre (ADR 0025): each location's share of the pool's
  /// call (like reserve_focus, at coordination.call_threshold); each contingent's picture level (the
  /// freshest joint-operations cell it sits in) and that cell's delay, (n_contingents); and per location
  /// the presence weighted by the picture level, and by level times delay
  std::vector<double> joint_call, joint_level, joint_delay, shared, shared_delay;
  /// run_agencies under strategy.effort_to_unmet_needs, (n_functions): units of its own capacity a
  /// function could not usefully spend and need it could not cover (both from the last tick), and
  /// the extra units it receives this tick
  std::vector<double> unspent, unmet, extra;
};

/// One strike a community can make on another group's community (resolve_incidents, ADR 0016): fixed
/// by the map, so it is listed once by make_world instead of looked up on every tick.
struct StrikeTarget {
  Index target;      ///< the target community
  Index location;    ///< where it lives: the attackers' own location or a neighbour
  int own_there;     ///< the attackers' group's community there (-1 at home or when there is none)
  Index boundary;    ///< the guarded boundary the strike crosses (ADR 0024), or kNone
  bool neighbour;    ///< at a neighbour's reach (violence.neighbour_reach), not at home
  bool majority;     ///< the target group is the location's majority (never shielded by guards)
};

struct World {
  int tick = 0;
  Date date;
  CommunityStore communities;
  LocationStore locations;
  AgencyStore agencies;
  ContingentStore contingents;
  CellStore cells;
  MissionState mission;
  TickTally tally;
  std::vector<PairIncidents> pairs;
  Scratch scratch;
  std::size_t next_event = 0;
  double cumulative_returns = 0, cumulative_minority_returns = 0;
  double cumulative_incidents = 0, cumulative_murders = 0, cumulative_crime_murders = 0;
  double cumulative_deaths = 0;  ///< persons killed since the start (ADR 0021)
  double cumulative_dwellings_burned = 0;  ///< dwellings burned by inter-ethnic attacks (6, ADR 0017)
  double reversals = 0;  ///< times a community's net movement changed direction (away to home or back), summed
  std::vector<double> cross_group_ring;  ///< (metrics window) cross-group incidents a tick, a ring buffer
  double rolling_cross_group = 0;        ///< their sum over the metrics window (phase 9)
  std::vector<double> group_returns;   ///< (n_groups) cumulative returns from abroad
  std::vector<double> group_murdered;  ///< (n_groups) victims of lethal incidents and ordinary crime this tick
  std::vector<double> group_fled;      ///< (n_groups) residents who fled home this tick
  std::vector<double> group_turnout;   ///< (n_groups) turnout at the group's most recent election, 0 before
  std::vector<Index> majority;         ///< (n_locations) largest pre-war group
  std::vector<double> group_prewar;    ///< (n_groups)
  /// Community i's strikes on group h, in strike order (home, then neighbours in the scenario's order):
  /// strike_targets[strike_begin[i * n_groups + h] .. strike_begin[i * n_groups + h + 1]).
  std::vector<StrikeTarget> strike_targets;
  std::vector<std::uint32_t> strike_begin;  ///< (n_communities * n_groups + 1)
  /// (n_boundaries) guard persons on duty at each guarded boundary this tick: the checkpoint persons
  /// of its guarding contingents at its two locations, less what force protection holds back
  /// (deploy_contingents, phase 4; ADR 0024)
  std::vector<double> boundary_guard;
};

/// Recounts each location's residents and minority residents from the communities (after
/// anything that moves people).
void count_residents(World& world);

/// Builds the initial world for a scenario (tick 0, before the first step).
World make_world(const Scenario& scenario);

/// Checks invariants (non-negative populations, shares in [0, 1]); returns a description of the
/// first violation, or an empty string.
std::string check_invariants(const Scenario& scenario, const World& world);

}  // namespace peacesim
