#pragma once
/// A scenario after loading: names resolved to dense indices, defaults applied, then frozen.
///
/// Nothing in here changes during a run; the simulation reads it through `const Scenario&`.
/// Strings stay here (for outputs and reports) and never enter the per-tick loops.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "peacesim/core/date.hpp"
#include "peacesim/model/parameters.hpp"

namespace peacesim {

using Index = std::uint32_t;
inline constexpr Index kNone = 0xffffffffu;
/// A date after any horizon ("open-ended").
inline constexpr Date kForever{1 << 28};

/// What an agency function does (see docs/ODD.md, "Agencies").
enum class FunctionKind : std::uint8_t {
  shelter,
  returns,
  food,
  development,
  institutions,
  crime,
  elections,
  police_training,
  justice,
  dialogue
};
inline constexpr std::size_t kFunctionKinds = 10;
enum class ContingentKind : std::uint8_t { military, police, formed_police, local_police };
/// Tasks a contingent splits its strength over (its posture).
enum class Task : std::uint8_t { patrol, static_guard, escort, checkpoint, weapons_collection, riot_control };
inline constexpr std::size_t kTasks = 6;
enum class CellKind : std::uint8_t { mission_coordination, joint_operations, inter_agency, municipal };
enum class EventKind : std::uint8_t { marker, election, demilitarisation, shock, handover, dialogue, status };

const char* to_string(FunctionKind);
const char* to_string(ContingentKind);
const char* to_string(CellKind);
const char* to_string(EventKind);

struct GroupDef {
  std::string id, name;
  double risk_aversion = 0.5;        ///< Epstein's R, 0..1
  double flight_abroad_share = 0.7;  ///< of those who flee, share leaving the territory
  double initial_trust = 0.4;        ///< 0..1
  double initial_legitimacy = 0.5;   ///< 0..1
  double initial_weapons = 0.1;      ///< share armed, 0..1
  double initial_hardship = 0.5;     ///< 0..1
  double initial_fear = 0.3;         ///< 0..1
  double initial_revenge = 0;        ///< memory of attacks suffered before the start, per 1000 members
};

struct SectorDef {
  std::string id, name, lead_nation;
  Index hq = kNone;  ///< location
};

struct LocationDef {
  std::string id, name;
  bool enclave = false;
  Index parent = kNone;
  Index sector = kNone;
  double lat = 0, lon = 0;
  std::vector<Index> neighbours;   ///< symmetric adjacency
  std::vector<double> population;  ///< (n_groups) pre-displacement persons
  double housing_destroyed = 0;    ///< share uninhabitable at the start, 0..1
  /// (as neighbours) the guarded boundary on the edge to each neighbour, or kNone (ADR 0024)
  std::vector<Index> neighbour_boundary;
  /// the guarded boundary on the edge to neighbours[k], or kNone (also for a location not compiled)
  Index boundary_to(std::size_t k) const { return k < neighbour_boundary.size() ? neighbour_boundary[k] : kNone; }
};

/// One contingent's watch over a boundary for a period (ADR 0024).
struct BoundaryGuardDef {
  Index contingent = kNone;
  Date from, to;            ///< [from, to)
  bool at[2] = {false, false};  ///< the contingent is deployed at between[0] / between[1]
};

/// A guarded boundary on one adjacency (the Ibar bridges, an enclave's perimeter): attacks and a
/// flashpoint's mobilisation across it reach as far as its guard lets them (ADR 0024).
struct BoundaryDef {
  std::string id, name;
  Index between[2] = {kNone, kNone};
  std::vector<BoundaryGuardDef> guards;
};

struct AgencyFunctionDef {
  FunctionKind kind{};
  double capacity = 0;  ///< programme units per day (cadets per day for police_training)
  Date start, end;
};

struct AgencyDef {
  std::string id, name, pillar;
  std::vector<AgencyFunctionDef> functions;
};

struct StrengthPoint {
  Date date;
  double strength = 0;  ///< persons
};

struct ContingentDef {
  std::string id, name, nation;
  ContingentKind kind{};
  Index sector = kNone;
  std::vector<Index> locations;  ///< where its people are spread (resolved from sector/locations)
  double strength = 0;           ///< persons on arrival
  double max_strength = 0;       ///< local police: authorised size
  Date arrival, departure;
  std::vector<StrengthPoint> schedule;   ///< linear between points, flat after the last
  std::vector<Date> rotations;           ///< hand-over dates, sorted
  std::array<double, kTasks> posture{};  ///< shares by Task, sum 1
  bool no_riot_control = false;
  bool no_out_of_sector = false;
  double rigour = 0.6;  ///< national enforcement rigour, 0..1
  /// National priorities (ADR 0022, docs/ODD.md 7.4), normalised to sum 1: force protection makes
  /// a contingent hold back where groups are mobilised; its sector's interest keeps its reserves at
  /// home; the mandate is the rest. Absent: the mandate alone (no holding back).
  double protection_priority = 0, sector_priority = 0, mandate_priority = 1;
};

/// A dated count of judicial staff in post (persons); linear between points, flat after the last, 0 before the first.
struct CountPoint {
  Date date;
  double count = 0;
};

/// Judicial staffing (the `judiciary` block; ADR 0012). Absent: courts are not limited by staff
/// (staffing 1) and there are no international judges or prosecutors.
struct JudiciaryDef {
  bool present = false;
  std::vector<CountPoint> local;                      ///< local professional judges and prosecutors
  std::vector<CountPoint> international_judges;       ///< international judges
  std::vector<CountPoint> international_prosecutors;  ///< international prosecutors
};

/// A count on a date from dated points: 0 before the first, linear between, flat after the last.
double count_on(const std::vector<CountPoint>& points, Date d);

/// Housing and property claims and organised returns (the `property` block; ADR 0017). Absent: no
/// property gate on returns and no programme.
struct PropertyDef {
  bool present = false;
  double claims = 0;                    ///< residential claims the directorate will decide
  std::vector<CountPoint> implemented;  ///< claims implemented so far (cumulative), dated
  Date organised_returns = kForever;    ///< start of organised return programmes for minorities
};

/// One optional policy rule of the mission's strategy (the `strategy` block; ADR 0020): in force
/// from `from` (default time.start) while `enabled`; `share` is how much it moves.
struct StrategyRule {
  bool enabled = false;
  Date from;
  double share = 0.5;  ///< 0..1
};

/// The case study's "flexible strategies": rules off in the historical base (ADR 0020).
struct StrategyDef {
  StrategyRule reserves_to_flashpoints;  ///< riot-capable contingents send reserves where groups are mobilised
  StrategyRule effort_to_unmet_needs;    ///< an agency moves what a met need leaves unspent to its unmet ones
};

struct CellDef {
  std::string id, name;
  CellKind kind{};
  std::vector<Index> agencies, contingents;
  int cadence_days = 0;  ///< 0: never meets
  double quality = 0.7;  ///< 0..1
  int delay_days = 0;    ///< age of the picture a meeting shares (reports travel up and back; ADR 0023)
  Date start, end;
};

struct EventDef {
  Date date;
  EventKind kind{};
  std::string label;
  bool municipal_scope = true;
  std::vector<char> groups;     ///< (n_groups) mask; perpetrators for shocks
  std::vector<char> targets;    ///< (n_groups) mask, shocks
  std::vector<char> boycott;    ///< (n_groups) mask, elections
  std::vector<char> locations;  ///< (n_locations) mask
  double fraction = 0, intensity = 0;
  int duration_days = 30;
  bool relief = false;
};

/// The frozen scenario: everything the engine needs, indexed densely.
struct Scenario {
  std::string name, title, file;
  std::string hash;  ///< of the merged, overridden scenario document
  std::uint64_t seed = 1;
  Date start, end;
  int tick_days = 1;
  std::vector<GroupDef> groups;
  Eigen::MatrixXd initial_trust;  // (n_groups x n_groups), row trusts column
  std::vector<SectorDef> sectors;
  std::vector<LocationDef> locations;
  std::vector<BoundaryDef> boundaries;  ///< guarded boundaries (ADR 0024), after the contingents
  std::vector<double> refugee_share, displaced_share;  // (n_groups)
  std::vector<AgencyDef> agencies;
  std::vector<ContingentDef> contingents;
  std::vector<CellDef> cells;
  JudiciaryDef judiciary;
  PropertyDef property;
  StrategyDef strategy;
  std::vector<EventDef> events;  ///< sorted by date (stable)
  Parameters params;
  int municipal_every_days = 7;
  int group_every_days = 1;   ///< groups.csv cadence (0 = none)
  int series_every_days = 7;  ///< series.csv cadence of ensembles
  bool incident_log = false;

  /// Number of ticks from start to end inclusive.
  int ticks() const { return (end - start) / tick_days + 1; }
  Date date_of(int tick) const { return start + tick * tick_days; }
};

}  // namespace peacesim
