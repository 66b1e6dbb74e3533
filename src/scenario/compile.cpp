// From a schema-valid document to the frozen Scenario: defaults, references, dates, sanity.
#include <algorithm>
#include <map>
#include <set>

#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/loader.hpp"

namespace peacesim {

namespace {
// the names of each enum, in declaration order: printed by to_string and parsed by the loader
constexpr const char* kFunctionNames[] = {"shelter",      "returns", "food",      "development",
                                          "institutions", "crime",   "elections", "police_training",
                                          "justice",      "dialogue"};
constexpr const char* kContingentNames[] = {"military", "police", "formed_police", "local_police"};
constexpr const char* kCellNames[] = {"mission_coordination", "joint_operations", "inter_agency", "municipal"};
constexpr const char* kEventNames[] = {"marker",   "election", "demilitarisation", "shock", "handover",
                                       "dialogue", "status"};
}  // namespace

const char* to_string(FunctionKind k) { return kFunctionNames[static_cast<std::size_t>(k)]; }
const char* to_string(ContingentKind k) { return kContingentNames[static_cast<std::size_t>(k)]; }
const char* to_string(CellKind k) { return kCellNames[static_cast<std::size_t>(k)]; }
const char* to_string(EventKind k) { return kEventNames[static_cast<std::size_t>(k)]; }

double count_on(const std::vector<CountPoint>& points, Date d) {
  if (points.empty() || d < points.front().date) return 0;
  for (std::size_t k = 1; k < points.size(); ++k)
    if (d < points[k].date) {
      const double span = points[k].date - points[k - 1].date;
      return span <= 0 ? points[k].count
                       : points[k - 1].count +
                             (points[k].count - points[k - 1].count) * double(d - points[k - 1].date) / span;
    }
  return points.back().count;
}

namespace scenario {

using nlohmann::json;

namespace {

template <class Enum, std::size_t N>
Enum parse_enum(const std::string& text, const char* const (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (text == names[i]) return static_cast<Enum>(i);
  return static_cast<Enum>(0);  // unreachable after schema validation
}

class Compiler {
 public:
  Compiler(const json& doc, std::string file) : doc_(doc), file_(std::move(file)) {}

  Scenario run() {
    Scenario s;
    s.file = file_;
    s.name = doc_.at("name").get<std::string>();
    s.title = doc_.value("title", s.name);
    s.seed = doc_.value("seed", std::uint64_t{1});
    const json& time = doc_.at("time");
    s.start = date(time.at("start"), "/time/start");
    s.end = date(time.at("end"), "/time/end");
    if (s.end < s.start) fail("/time/end", "an end date on or after the start " + s.start.iso());
    s.tick_days = time.value("tick_days", 1);
    start_ = s.start;
    end_ = s.end;

    groups(s);
    sectors(s);
    locations(s);
    displacement(s);
    agencies(s);
    contingents(s);
    boundaries(s);
    cells(s);
    judiciary(s);
    property(s);
    strategy(s);
    events(s);
    parameters(s);
    if (doc_.contains("output")) {
      s.municipal_every_days = doc_["output"].value("municipal_every_days", 7);
      s.incident_log = doc_["output"].value("incident_log", false);
      s.group_every_days = doc_["output"].value("group_every_days", 1);
      s.series_every_days = doc_["output"].value("series_every_days", 7);
    }
    return s;
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, const std::string& expected) const {
    throw ScenarioError(file_, pointer, "expected " + expected);
  }

  Date date(const json& v, const std::string& pointer) const {
    auto d = Date::parse(v.get<std::string>());
    if (!d) fail(pointer, "a calendar date YYYY-MM-DD, got \"" + v.get<std::string>() + "\"");
    return *d;
  }

  /// The horizon rule: a date the scenario names lies in [time.start, time.end], both included.
  [[nodiscard]] bool in_horizon(Date d) const { return !(d < start_) && !(end_ < d); }

  [[noreturn]] void fail_horizon(const std::string& pointer, Date d, const char* what) const {
    fail(pointer, std::string(what) + " within the scenario's time frame " + start_.iso() + " to " + end_.iso() +
                      " (time.start to time.end, both included), got " + d.iso());
  }

  /// A date that must lie inside the horizon.
  Date horizon_date(const json& v, const std::string& pointer, const char* what = "a date") const {
    const Date d = date(v, pointer);
    if (!in_horizon(d)) fail_horizon(pointer, d, what);
    return d;
  }

  /// An optional date inside the horizon, or `fallback` when absent.
  Date optional_date(const json& obj, const char* key, const std::string& pointer, Date fallback) const {
    return obj.contains(key) ? horizon_date(obj[key], pointer + "/" + key) : fallback;
  }

  /// Builds an id -> index table for one collection, rejecting duplicates.
  std::map<std::string, Index> index_ids(const char* collection) const {
    std::map<std::string, Index> ids;
    if (!doc_.contains(collection)) return ids;
    const json& arr = doc_[collection];
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string id = arr[i].at("id").get<std::string>();
      if (!ids.emplace(id, static_cast<Index>(i)).second)
        fail("/" + std::string(collection) + "/" + std::to_string(i) + "/id",
             "a unique id; \"" + id + "\" is used twice");
    }
    return ids;
  }

  Index resolve(const std::map<std::string, Index>& table, const json& v, const std::string& pointer,
                const char* what) const {
    const std::string id = v.get<std::string>();
    auto it = table.find(id);
    if (it != table.end()) return it->second;
    std::string known;
    for (const auto& [k, _] : table) known += (known.empty() ? "" : ", ") + k;
    if (known.size() > 300) known = known.substr(0, 300) + ", ...";
    fail(pointer, "the id of a known " + std::string(what) + ", got \"" + id + "\" (known: " + known + ")");
  }

  std::vector<char> mask(const json& obj, const char* key, const std::string& pointer,
                         const std::map<std::string, Index>& table, std::size_t n, const char* what,
                         bool default_all) const {
    std::vector<char> m(n, default_all ? 1 : 0);
    if (!obj.contains(key)) return m;
    std::fill(m.begin(), m.end(), 0);
    const json& arr = obj[key];
    for (std::size_t i = 0; i < arr.size(); ++i)
      m[resolve(table, arr[i], pointer + "/" + key + "/" + std::to_string(i), what)] = 1;
    return m;
  }

  void groups(Scenario& s) {
    group_ids_ = index_ids("groups");
    const json& arr = doc_.at("groups");
    for (const json& g : arr) {
      GroupDef d;
      d.id = g.at("id").get<std::string>();
      d.name = g.value("name", d.id);
      d.risk_aversion = g.value("risk_aversion", d.risk_aversion);
      d.flight_abroad_share = g.value("flight_abroad_share", d.flight_abroad_share);
      d.initial_trust = g.value("initial_trust", d.initial_trust);
      d.initial_legitimacy = g.value("initial_legitimacy", d.initial_legitimacy);
      d.initial_weapons = g.value("initial_weapons", d.initial_weapons);
      d.initial_hardship = g.value("initial_hardship", d.initial_hardship);
      d.initial_fear = g.value("initial_fear", d.initial_fear);
      d.initial_revenge = g.value("initial_revenge", d.initial_revenge);
      s.groups.push_back(d);
    }
    const auto n = static_cast<Eigen::Index>(s.groups.size());
    s.initial_trust = Eigen::MatrixXd::Ones(n, n);
    for (Eigen::Index g = 0; g < n; ++g)
      for (Eigen::Index h = 0; h < n; ++h)
        if (g != h) s.initial_trust(g, h) = s.groups[g].initial_trust;
    if (doc_.contains("trust")) {
      const json& t = doc_["trust"];
      for (std::size_t i = 0; i < t.size(); ++i) {
        const std::string p = "/trust/" + std::to_string(i);
        const Index from = resolve(group_ids_, t[i].at("from"), p + "/from", "group");
        const Index to = resolve(group_ids_, t[i].at("to"), p + "/to", "group");
        if (from == to) fail(p + "/to", "a group other than `from` (trust within a group is 1)");
        s.initial_trust(from, to) = t[i].at("value").get<double>();
      }
    }
  }

  void sectors(Scenario& s) {
    sector_ids_ = index_ids("sectors");
    location_ids_ = index_ids("locations");
    if (!doc_.contains("sectors")) return;
    const json& arr = doc_["sectors"];
    for (std::size_t i = 0; i < arr.size(); ++i) {
      SectorDef d;
      d.id = arr[i].at("id").get<std::string>();
      d.name = arr[i].value("name", d.id);
      d.lead_nation = arr[i].value("lead_nation", "");
      if (arr[i].contains("hq"))
        d.hq = resolve(location_ids_, arr[i]["hq"], "/sectors/" + std::to_string(i) + "/hq", "location");
      s.sectors.push_back(d);
    }
  }

  void locations(Scenario& s) {
    const json& arr = doc_.at("locations");
    s.locations.resize(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const json& j = arr[i];
      const std::string p = "/locations/" + std::to_string(i);
      LocationDef& d = s.locations[i];
      d.id = j.at("id").get<std::string>();
      d.name = j.value("name", d.id);
      d.enclave = j.value("kind", "municipality") == "enclave";
      if (j.contains("parent")) d.parent = resolve(location_ids_, j["parent"], p + "/parent", "location");
      if (d.enclave && d.parent == kNone) fail(p, "an enclave to name its `parent` municipality");
      if (d.parent == i) fail(p + "/parent", "a location other than itself");
      if (j.contains("sector")) d.sector = resolve(sector_ids_, j["sector"], p + "/sector", "sector");
      d.lat = j.value("lat", 0.0);
      d.lon = j.value("lon", 0.0);
      d.housing_destroyed = j.value("housing_destroyed", 0.0);
      d.population.assign(s.groups.size(), 0.0);
      double total = 0;
      for (const auto& [gid, v] : j.at("population").items()) {
        const Index g = resolve(group_ids_, json(gid), p + "/population/" + gid, "group");
        d.population[g] = v.get<double>();
        total += d.population[g];
      }
      if (total <= 0) fail(p + "/population", "at least one person in the location");
    }
    // adjacency is symmetric whichever side names it
    for (std::size_t i = 0; i < arr.size(); ++i) {
      if (!arr[i].contains("neighbours")) continue;
      const json& nb = arr[i]["neighbours"];
      for (std::size_t k = 0; k < nb.size(); ++k) {
        const Index j = resolve(location_ids_, nb[k],
                                "/locations/" + std::to_string(i) + "/neighbours/" + std::to_string(k), "location");
        if (j == i)
          fail("/locations/" + std::to_string(i) + "/neighbours/" + std::to_string(k), "a location other than itself");
        auto add = [](std::vector<Index>& v, Index x) {
          if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
        };
        add(s.locations[i].neighbours, j);
        add(s.locations[j].neighbours, static_cast<Index>(i));
      }
    }
    for (auto& d : s.locations) std::sort(d.neighbours.begin(), d.neighbours.end());
  }

  void displacement(Scenario& s) {
    s.refugee_share.assign(s.groups.size(), 0.0);
    s.displaced_share.assign(s.groups.size(), 0.0);
    if (!doc_.contains("displacement")) return;
    const json& arr = doc_["displacement"];
    std::set<Index> seen;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string p = "/displacement/" + std::to_string(i);
      const Index g = resolve(group_ids_, arr[i].at("group"), p + "/group", "group");
      if (!seen.insert(g).second) fail(p + "/group", "one displacement entry per group; this group has two");
      s.refugee_share[g] = arr[i].value("refugee_share", 0.0);
      s.displaced_share[g] = arr[i].value("displaced_share", 0.0);
      if (s.refugee_share[g] + s.displaced_share[g] > 1.0 + 1e-12)
        fail(p,
             "refugee_share + displaced_share <= 1, got " + std::to_string(s.refugee_share[g] + s.displaced_share[g]));
    }
  }

  void agencies(Scenario& s) {
    agency_ids_.clear();
    if (!doc_.contains("agencies")) return;
    index_ids("agencies");
    const json& arr = doc_["agencies"];
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const json& j = arr[i];
      const std::string p = "/agencies/" + std::to_string(i);
      if (!j.value("enabled", true)) continue;
      AgencyDef d;
      d.id = j.at("id").get<std::string>();
      d.name = j.value("name", d.id);
      d.pillar = j.value("pillar", "");
      const Date start = optional_date(j, "start", p, start_), end = optional_date(j, "end", p, kForever);
      if (end < start) fail(p + "/end", "an end on or after the start " + start.iso());
      const json& fs = j.at("functions");
      for (std::size_t k = 0; k < fs.size(); ++k) {
        const std::string fp = p + "/functions/" + std::to_string(k);
        AgencyFunctionDef f;
        f.kind = parse_enum<FunctionKind>(fs[k].at("kind").get<std::string>(), kFunctionNames);
        f.capacity = fs[k].at("capacity").get<double>();
        f.start = std::max(start, optional_date(fs[k], "start", fp, start));
        f.end = std::min(end, optional_date(fs[k], "end", fp, end));
        if (f.end < f.start) fail(fp + "/end", "an end on or after the start " + f.start.iso());
        d.functions.push_back(f);
      }
      agency_ids_[d.id] = static_cast<Index>(s.agencies.size());
      s.agencies.push_back(std::move(d));
    }
  }

  void contingents(Scenario& s) {
    contingent_ids_.clear();
    if (!doc_.contains("contingents")) return;
    index_ids("contingents");
    const json& arr = doc_["contingents"];
    static constexpr const char* tasks[] = {"patrol",     "static_guard",       "escort",
                                            "checkpoint", "weapons_collection", "riot_control"};
    bool have_local = false;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const json& j = arr[i];
      const std::string p = "/contingents/" + std::to_string(i);
      if (!j.value("enabled", true)) continue;
      ContingentDef d;
      d.id = j.at("id").get<std::string>();
      d.name = j.value("name", d.id);
      d.nation = j.value("nation", "");
      d.kind = parse_enum<ContingentKind>(j.at("kind").get<std::string>(), kContingentNames);
      d.strength = j.at("strength").get<double>();
      d.max_strength = j.value("max_strength", 0.0);
      d.rigour = j.value("rigour", d.rigour);
      // an arrival before the start is legitimate: the contingent is already deployed on the first day
      // (its strength is interpolated from the arrival); one after the end would never be present
      d.arrival = start_;
      if (j.contains("arrival")) {
        d.arrival = date(j["arrival"], p + "/arrival");
        if (end_ < d.arrival)
          fail(p + "/arrival", "an arrival on or before the scenario's end " + end_.iso() +
                                   " (an earlier date than time.start " + start_.iso() +
                                   " means already deployed), got " + d.arrival.iso());
      }
      d.departure = optional_date(j, "departure", p, kForever);
      if (d.departure <= d.arrival) fail(p + "/departure", "a departure after the arrival " + d.arrival.iso());
      if (d.kind == ContingentKind::local_police) {
        if (have_local) fail(p + "/kind", "at most one local_police contingent (the local police service)");
        have_local = true;
        if (!j.contains("max_strength")) fail(p, "a `max_strength` (authorised size) for the local police service");
        if (j.contains("schedule"))
          fail(p + "/schedule", "no schedule for local_police: its strength grows by training");
      }
      if (j.contains("sector")) d.sector = resolve(sector_ids_, j["sector"], p + "/sector", "sector");
      if (j.contains("locations")) {
        const json& ls = j["locations"];
        for (std::size_t k = 0; k < ls.size(); ++k)
          d.locations.push_back(resolve(location_ids_, ls[k], p + "/locations/" + std::to_string(k), "location"));
      } else {
        for (Index l = 0; l < s.locations.size(); ++l)
          if (d.sector == kNone || s.locations[l].sector == d.sector) d.locations.push_back(l);
        if (d.locations.empty()) fail(p + "/sector", "a sector with at least one location in it");
      }
      if (j.contains("schedule")) {
        const json& sc = j["schedule"];
        Date prev = d.arrival;
        for (std::size_t k = 0; k < sc.size(); ++k) {
          const std::string sp = p + "/schedule/" + std::to_string(k);
          StrengthPoint pt{horizon_date(sc[k].at("date"), sp + "/date"), sc[k].at("strength").get<double>()};
          if (pt.date < prev) fail(sp + "/date", "dates in increasing order, on or after " + prev.iso());
          prev = pt.date;
          d.schedule.push_back(pt);
        }
      }
      if (j.contains("rotations")) {
        const json& rs = j["rotations"];
        for (std::size_t k = 0; k < rs.size(); ++k)
          d.rotations.push_back(horizon_date(rs[k], p + "/rotations/" + std::to_string(k)));
        std::sort(d.rotations.begin(), d.rotations.end());
      }
      // posture: default all on patrol; shares normalised
      d.posture = {1, 0, 0, 0, 0, 0};
      if (j.contains("posture")) {
        d.posture = {};
        double sum = 0;
        for (std::size_t t = 0; t < kTasks; ++t) sum += d.posture[t] = j["posture"].value(tasks[t], 0.0);
        if (sum <= 0) fail(p + "/posture", "at least one task with a share above 0");
        for (double& x : d.posture) x /= sum;
      }
      if (j.contains("priorities")) {
        const json& q = j["priorities"];
        const double fp = q.value("force_protection", 0.0), sec = q.value("sector", 0.0), man = q.value("mandate", 0.0);
        const double sum = fp + sec + man;
        if (!(sum > 0))
          fail(p + "/priorities", "at least one priority above 0 (force_protection, sector, mandate; they are normalised by their sum)");
        d.protection_priority = fp / sum, d.sector_priority = sec / sum, d.mandate_priority = man / sum;
      }
      if (j.contains("caveats")) {
        d.no_riot_control = j["caveats"].value("no_riot_control", false);
        d.no_out_of_sector = j["caveats"].value("no_out_of_sector", false);
      }
      contingent_ids_[d.id] = static_cast<Index>(s.contingents.size());
      s.contingents.push_back(std::move(d));
    }
  }

  // guarded boundaries (ADR 0024): one adjacency each, guarded by contingents for periods
  void boundaries(Scenario& s) {
    for (auto& d : s.locations) d.neighbour_boundary.assign(d.neighbours.size(), kNone);
    if (!doc_.contains("boundaries")) return;
    index_ids("boundaries");
    const auto all_contingents = index_ids("contingents");
    const json& arr = doc_["boundaries"];
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const json& j = arr[i];
      const std::string p = "/boundaries/" + std::to_string(i);
      BoundaryDef d;
      d.id = j.at("id").get<std::string>();
      d.name = j.value("name", d.id);
      const json& between = j.at("between");
      if (between.size() != 2) fail(p + "/between", "two location ids (the two sides of one adjacency)");
      for (std::size_t e = 0; e < 2; ++e)
        d.between[e] = resolve(location_ids_, between[e], p + "/between/" + std::to_string(e), "location");
      if (d.between[0] == d.between[1]) fail(p + "/between/1", "a location other than between/0");
      const auto b = static_cast<Index>(s.boundaries.size());
      for (std::size_t e = 0; e < 2; ++e) {
        LocationDef& from = s.locations[d.between[e]];
        const auto it = std::find(from.neighbours.begin(), from.neighbours.end(), d.between[1 - e]);
        if (it == from.neighbours.end())
          fail(p + "/between", "two neighbouring locations (\"" + from.id + "\" does not list \"" +
                                   s.locations[d.between[1 - e]].id + "\" as a neighbour, nor it \"" + from.id + "\")");
        Index& slot = from.neighbour_boundary[std::size_t(it - from.neighbours.begin())];
        if (slot != kNone)
          fail(p + "/between", "an adjacency without another boundary (boundary \"" + s.boundaries[slot].id +
                                   "\" is already on it)");
        slot = b;
      }
      const json& guards = j.at("guards");
      for (std::size_t k = 0; k < guards.size(); ++k) {
        const std::string gp = p + "/guards/" + std::to_string(k);
        BoundaryGuardDef g;
        // a contingent disabled in this scenario simply is not on watch
        const json& who = guards[k].at("contingent");
        if (!contingent_ids_.count(who.get<std::string>()) && all_contingents.count(who.get<std::string>())) continue;
        g.contingent = resolve(contingent_ids_, who, gp + "/contingent", "contingent");
        g.from = optional_date(guards[k], "from", gp, start_);
        g.to = optional_date(guards[k], "to", gp, kForever);
        if (!(g.from < g.to)) fail(gp + "/to", "a date after `from` " + g.from.iso());
        const auto& where = s.contingents[g.contingent].locations;
        for (std::size_t e = 0; e < 2; ++e)
          g.at[e] = std::find(where.begin(), where.end(), d.between[e]) != where.end();
        if (!g.at[0] && !g.at[1])
          fail(gp + "/contingent", "a contingent deployed at \"" + s.locations[d.between[0]].id + "\" or \"" +
                                       s.locations[d.between[1]].id + "\" (its sector or locations), got \"" +
                                       s.contingents[g.contingent].id + "\"");
        d.guards.push_back(g);
      }
      s.boundaries.push_back(std::move(d));
    }
  }

  void cells(Scenario& s) {
    if (!doc_.contains("cells")) return;
    index_ids("cells");
    const json& arr = doc_["cells"];
    const auto all_agencies = index_ids("agencies");
    const auto all_contingents = index_ids("contingents");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const json& j = arr[i];
      const std::string p = "/cells/" + std::to_string(i);
      if (!j.value("enabled", true)) continue;
      CellDef d;
      d.id = j.at("id").get<std::string>();
      d.name = j.value("name", d.id);
      d.kind = parse_enum<CellKind>(j.at("kind").get<std::string>(), kCellNames);
      d.cadence_days = j.at("cadence_days").get<int>();
      d.quality = j.value("quality", d.quality);
      d.delay_days = j.value("delay_days", d.delay_days);
      d.start = optional_date(j, "start", p, start_);
      d.end = optional_date(j, "end", p, kForever);
      if (d.end < d.start) fail(p + "/end", "an end on or after the start " + d.start.iso());
      const json& ms = j.at("members");
      bool names_contingent = false;  // enabled or not
      for (std::size_t k = 0; k < ms.size(); ++k) {
        const std::string id = ms[k].get<std::string>(), mp = p + "/members/" + std::to_string(k);
        names_contingent = names_contingent || all_contingents.count(id) > 0;
        // members that are disabled in this scenario simply are not at the table
        if (auto a = agency_ids_.find(id); a != agency_ids_.end())
          d.agencies.push_back(a->second);
        else if (auto c = contingent_ids_.find(id); c != contingent_ids_.end())
          d.contingents.push_back(c->second);
        else if (!all_agencies.count(id) && !all_contingents.count(id))
          fail(mp, "the id of an agency or contingent, got \"" + id + "\"");
      }
      // the joint operations centre's picture is what the forces at a flashpoint share (ADR 0025)
      if (d.kind == CellKind::joint_operations && !names_contingent)
        fail(p + "/members",
             "at least one contingent among the members of a joint_operations cell (its picture is what the "
             "forces at a flashpoint share; a cell of agencies only is an inter_agency or mission_coordination cell)");
      s.cells.push_back(std::move(d));
    }
  }

  void judiciary(Scenario& s) {
    if (!doc_.contains("judiciary")) return;
    const json& j = doc_["judiciary"];
    s.judiciary.present = true;
    auto series = [&](const char* key, std::vector<CountPoint>& out) {
      if (!j.contains(key)) return;
      const json& arr = j[key];
      for (std::size_t k = 0; k < arr.size(); ++k) {
        const std::string p = "/judiciary/" + std::string(key) + "/" + std::to_string(k);
        CountPoint pt{date(arr[k].at("date"), p + "/date"), arr[k].at("count").get<double>()};
        if (!out.empty() && pt.date < out.back().date)
          fail(p + "/date", "dates in increasing order (on or after " + out.back().date.iso() + ")");
        out.push_back(pt);
      }
    };
    series("local", s.judiciary.local);
    series("international_judges", s.judiciary.international_judges);
    series("international_prosecutors", s.judiciary.international_prosecutors);
  }

  void property(Scenario& s) {
    if (!doc_.contains("property")) return;
    const json& j = doc_["property"];
    s.property.present = true;
    s.property.claims = j.at("claims").get<double>();
    if (j.contains("implemented")) {
      const json& arr = j["implemented"];
      for (std::size_t k = 0; k < arr.size(); ++k) {
        const std::string p = "/property/implemented/" + std::to_string(k);
        CountPoint pt{date(arr[k].at("date"), p + "/date"), arr[k].at("count").get<double>()};
        if (!s.property.implemented.empty() && pt.date < s.property.implemented.back().date)
          fail(p + "/date", "dates in increasing order (on or after " + s.property.implemented.back().date.iso() + ")");
        if (pt.count > s.property.claims) fail(p + "/count", "at most property.claims");
        s.property.implemented.push_back(pt);
      }
    }
    if (j.contains("organised_returns")) s.property.organised_returns = date(j["organised_returns"], "/property/organised_returns");
  }

  void strategy(Scenario& s) {
    if (!doc_.contains("strategy")) return;
    const json& j = doc_["strategy"];
    auto rule = [&](const char* key, StrategyRule& out) {
      out.from = s.start;
      if (!j.contains(key)) return;
      const json& r = j[key];
      const std::string p = "/strategy/" + std::string(key);
      out.enabled = r.value("enabled", true);
      if (r.contains("from")) out.from = horizon_date(r["from"], p + "/from", "a first day");
      out.share = r.value("share", out.share);
    };
    rule("reserves_to_flashpoints", s.strategy.reserves_to_flashpoints);
    rule("effort_to_unmet_needs", s.strategy.effort_to_unmet_needs);
  }

  void events(Scenario& s) {
    if (!doc_.contains("events")) return;
    const json& arr = doc_["events"];
    // which optional fields each kind reads; any other is a mistake worth reporting
    static const std::map<std::string, std::set<std::string>> allowed = {
        {"marker", {}},
        {"election", {"scope", "boycott", "locations"}},
        {"demilitarisation", {"fraction", "groups", "locations"}},
        {"shock", {"groups", "targets", "locations", "intensity", "duration_days"}},
        {"handover", {"fraction"}},
        {"dialogue", {"fraction", "groups", "locations"}},
        {"status", {"groups", "intensity", "relief"}},
    };
    static const std::map<std::string, std::set<std::string>> required = {{"demilitarisation", {"fraction"}},
                                                                          {"shock", {"intensity", "duration_days"}},
                                                                          {"handover", {"fraction"}},
                                                                          {"dialogue", {"fraction"}},
                                                                          {"status", {"intensity"}}};
    const std::set<std::string> common = {"date", "kind", "label", "source", "confidence", "notes"};
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const json& j = arr[i];
      const std::string p = "/events/" + std::to_string(i);
      const std::string kind = j.at("kind").get<std::string>();
      for (const auto& [key, _] : j.items())
        if (!common.count(key) && !allowed.at(kind).count(key))
          fail(p + "/" + key, "no `" + key + "` on an event of kind " + kind + " (it is not used by that kind)");
      if (auto r = required.find(kind); r != required.end())
        for (const auto& key : r->second)
          if (!j.contains(key)) fail(p, "a `" + key + "` on an event of kind " + kind);
      EventDef e;
      e.date = horizon_date(j.at("date"), p + "/date");
      e.kind = parse_enum<EventKind>(kind, kEventNames);
      e.label = j.at("label").get<std::string>();
      e.municipal_scope = j.value("scope", "municipal") == "municipal";
      e.groups = mask(j, "groups", p, group_ids_, s.groups.size(), "group", true);
      e.targets = mask(j, "targets", p, group_ids_, s.groups.size(), "group", true);
      e.boycott = mask(j, "boycott", p, group_ids_, s.groups.size(), "group", false);
      e.locations = mask(j, "locations", p, location_ids_, s.locations.size(), "location", true);
      e.fraction = j.value("fraction", 0.0);
      e.intensity = j.value("intensity", 0.0);
      e.duration_days = j.value("duration_days", 30);
      e.relief = j.value("relief", false);
      s.events.push_back(std::move(e));
    }
    std::stable_sort(s.events.begin(), s.events.end(),
                     [](const EventDef& a, const EventDef& b) { return a.date < b.date; });
  }

  void parameters(Scenario& s) {
    if (!doc_.contains("parameters")) return;
    const json& ps = doc_["parameters"];
    for (const ParameterInfo& info : parameter_registry()) {
      const std::string sec(info.section), name(info.name);
      if (ps.contains(sec) && ps[sec].contains(name)) s.params.*info.field = ps[sec][name].get<double>();
    }
  }

  const json& doc_;
  std::string file_;
  Date start_, end_;
  std::map<std::string, Index> group_ids_, sector_ids_, location_ids_, agency_ids_, contingent_ids_;
};

}  // namespace

Scenario compile(const json& document, const std::string& file) { return Compiler(document, file).run(); }

}  // namespace scenario
}  // namespace peacesim
