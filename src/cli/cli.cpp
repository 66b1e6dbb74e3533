#include "peacesim/cli/cli.hpp"

#include "check_cli.hpp"
#include "common.hpp"
#include "sweep_cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <thread>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "peacesim/check/reference.hpp"
#include "peacesim/io/data_dir.hpp"
#include "peacesim/io/groups.hpp"
#include "peacesim/io/output.hpp"
#include "peacesim/report/report.hpp"
#include "peacesim/report/series.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/ensemble.hpp"
#include "peacesim/sim/simulation.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/replay.hpp"
#include "peacesim/validate/patterns.hpp"
#include "peacesim/version.hpp"

namespace peacesim::cli {

namespace {

using fs_path = std::filesystem::path;

/// Dates a run can report: the tick dates from the scenario's start to its end.
void check_run_date(const std::string& option, const Date& d, const Scenario& s) {
  if (d < s.start || s.end < d)
    throw UsageError(option, "expected a date from " + s.start.iso() + " to " + s.end.iso() +
                                 " (the scenario's start and end), got " + d.iso());
  if ((d - s.start) % s.tick_days != 0)
    throw UsageError(option, "expected a date on a tick (every " + std::to_string(s.tick_days) + " days from " +
                                 s.start.iso() + "), got " + d.iso());
}

struct RunOptions {
  std::string scenario;
  std::string seed;
  bool seed_given = false;  ///< else the scenario's own
  bool force = false;
  std::string until;
  int days = -1;
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false, verbose = false, check = false, report = false;
  std::string from;  ///< --from SWEEP_DIR: replay run --run of a sweep
  long long run_id = -1;
};

std::string fmt(double v, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

/// A count or a measure, short: 2.17M, 43.5k, 1426, 0.25 (counts never show decimals).
std::string human(double v, bool count = false) {
  if (std::abs(v) >= 1e6) return fmt(v / 1e6, 2) + "M";
  if (std::abs(v) >= 1e4) return fmt(v / 1e3, 1) + "k";
  if (count || std::abs(v) >= 100) return fmt(v, 0);
  return fmt(v, 2);
}

/// The table printed at the end of a run: headline metrics at checkpoints.
void print_summary(std::ostream& out, const Scenario& s, const std::vector<MetricsRow>& checkpoints,
                   const nlohmann::json& summary, const std::string& out_dir,
                   const std::vector<std::vector<double>>& headline) {
  struct Line {
    const char* label;
    double MetricsRow::*field;
    bool count;
  };
  const Line lines[] = {
      {"stability index (0-1)", &MetricsRow::stability, false},
      {"order index (0-1)", &MetricsRow::order, false},
      {"reconciliation index (0-1)", &MetricsRow::reconciliation, false},
      {"incidents / 100k / 30 days", &MetricsRow::incidents_per_100k_30d, false},
      {"residents", &MetricsRow::resident, true},
      {"refugees abroad", &MetricsRow::refugees, true},
      {"displaced inside", &MetricsRow::displaced, true},
      {"returns from abroad (gross)", &MetricsRow::returns_cumulative, true},
      {"minorities remaining (share)", &MetricsRow::minority_remaining, false},
      {"mean inter-group trust", &MetricsRow::mean_trust, false},
      {"legitimacy", &MetricsRow::legitimacy, false},
      {"institutional capacity", &MetricsRow::institutional_capacity, false},
      {"military strength", &MetricsRow::military_strength, true},
      {"international police", &MetricsRow::police_strength, true},
      {"local police", &MetricsRow::local_police_strength, true},
      {"agency effort duplicated", &MetricsRow::duplication, false},
  };
  out << "\npeacesim " << version() << " - " << s.title << " (seed " << summary["seed"].get<std::uint64_t>() << ")\n\n";
  out << std::left << std::setw(30) << "metric";
  for (const auto& c : checkpoints) out << std::right << std::setw(12) << c.date.iso();
  out << "\n" << std::string(30 + 12 * checkpoints.size(), '-') << "\n";
  for (const auto& line : lines) {
    out << std::left << std::setw(30) << line.label;
    for (const auto& c : checkpoints)
      out << std::right << std::setw(12) << (line.count ? human(c.*line.field, true) : fmt(c.*line.field, 3));
    out << "\n";
  }
  const auto& t = summary["totals"];
  out << "\ntotals: " << human(t["incidents"].get<double>(), true) << " incidents, "
      << human(t["murders"].get<double>(), true) << " killed (" << human(t["crime_murders"].get<double>(), true)
      << " by ordinary crime), " << human(t["returns"].get<double>(), true)
      << " returns from abroad (gross: a person who flees twice returns twice)\n";
  out << summary["ticks"].get<int>() << " ticks in " << fmt(summary["wall_seconds"].get<double>(), 3)
      << " s; outputs in " << out_dir << "/ (metrics.csv, municipalities.csv, groups.csv, summary.json)\n";
  // one line per headline index over the whole run, on the 0-1 scale of the index
  const char* names[] = {"stability", "order", "reconciliation"};
  out << "\n" << std::left << std::setw(16) << "index (0-1)" << s.start.iso() << std::string(40, ' ')
      << summary["end_date"].get<std::string>() << "  min    max\n";
  for (std::size_t k = 0; k < headline.size(); ++k) {
    const auto& v = headline[k];
    if (v.empty()) continue;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const std::string line = report::sparkline(v, 60, 0, 1);
    out << std::left << std::setw(16) << names[k] << line << std::string(60 - std::min<std::size_t>(60, v.size()), ' ')
        << "  " << fmt(*lo, 2) << "   " << fmt(*hi, 2) << "\n";
  }
}

int do_run(const RunOptions& o, std::ostream& out, spdlog::logger& log) {
  // --from DIR --run K: the scenario, seed and horizon of run K of a sweep, exactly
  std::optional<sweep::ReplayedRun> replay;
  if (!o.from.empty()) replay = sweep::replay_run(o.from, o.run_id);
  const auto loaded = replay ? replay->loaded : scenario::load_scenario(o.scenario, o.sets);
  const Scenario& s = *loaded.scenario;
  const std::uint64_t seed = replay ? replay->seed : o.seed_given ? parse_seed("--seed", o.seed) : s.seed;
  for (const auto& w : loaded.warnings) log.warn("{}", w);
  Simulation sim(loaded.scenario, seed);
  sim.set_check_invariants(o.check);
  if (!o.until.empty()) {
    const auto until = Date::parse(o.until);
    if (!until) throw UsageError("--until", "expected a date YYYY-MM-DD, got \"" + o.until + "\"");
    if (*until < s.start || s.end < *until)
      throw UsageError("--until", "expected a date from " + s.start.iso() + " to " + s.end.iso() +
                                      " (the scenario's start and end), got " + until->iso() +
                                      "; to run longer, set time.end (e.g. --set time.end=" + until->iso() + ")");
    sim.limit_ticks((*until - s.start) / s.tick_days + 1);
  }
  if (o.days >= 0) {
    const int span = s.end - s.start + 1;  // days from the start to the end, both included
    if (o.days > span)
      throw UsageError("--days", "expected at most " + std::to_string(span) + " (the scenario runs from " +
                                     s.start.iso() + " to " + s.end.iso() + "), got " + std::to_string(o.days));
    sim.limit_ticks((o.days + s.tick_days - 1) / s.tick_days);
  }
  if (replay && replay->until && o.until.empty() && o.days < 0)
    sim.limit_ticks((*replay->until - s.start) / s.tick_days + 1);
  const std::string out_dir =
      !o.out.empty() ? o.out : replay ? "out/" + replay->experiment_name + "-run-" + std::to_string(o.run_id) : "out/" + s.name;
  SignalGuard signals;
  log.info("scenario {} ({}), {} communities, {} agencies, {} contingents, {} cells; seed {}; {} ticks", s.name, s.hash,
           sim.world().communities.size(), s.agencies.size(), s.contingents.size(), s.cells.size(), seed, sim.ticks());

  if (o.report) report::check_libraries();  // before the run, not after
  std::vector<fs_path> inputs = loaded.chain;
  if (replay) inputs.push_back(o.from);
  io::OutputFolder folder(out_dir, {"run", inputs, o.force});
  io::MetricsWriter metrics(folder.staging() / "metrics.csv");
  std::optional<io::LocationWriter> locations;
  if (s.municipal_every_days > 0) locations.emplace(folder.staging() / "municipalities.csv");
  std::optional<io::IncidentWriter> incidents;
  if (s.incident_log) incidents.emplace(folder.staging() / "incidents.csv");
  std::optional<io::GroupWriter> groups;
  if (s.group_every_days > 0) groups.emplace(folder.staging() / "groups.csv", s);
  io::PeakTracker peaks;

  // checkpoints for the on-screen table
  std::vector<int> checkpoint_ticks;
  for (int days : {0, 30, 182, 365, 730, 1826}) checkpoint_ticks.push_back(days / s.tick_days);
  std::vector<MetricsRow> checkpoints;
  std::vector<std::vector<double>> headline(3);

  const bool tty = isatty(fileno(stderr));
  const auto t0 = std::chrono::steady_clock::now();
  auto last_progress = t0;
  while (!sim.done()) {
    if (g_interrupted) {
      log.error("interrupted by {} on {}: no output written ({} left as it was)", SignalGuard::name(),
                sim.world().date.iso(), out_dir);
      return kExitInterrupted;
    }
    sim.step();
    const MetricsRow& row = sim.metrics();
    metrics.write(row);
    peaks.update(row);
    for (auto [k, v] : {std::pair{0, row.stability}, {1, row.order}, {2, row.reconciliation}})
      headline[std::size_t(k)].push_back(v);
    if (locations && (row.tick % std::max(1, s.municipal_every_days / s.tick_days) == 0 || sim.done()))
      locations->write(s, sim.world(), row);
    if (incidents) incidents->write(s, sim.world(), row);
    if (groups) groups->observe(s, sim.world(), row, sim.done());
    if (std::find(checkpoint_ticks.begin(), checkpoint_ticks.end(), row.tick) != checkpoint_ticks.end())
      checkpoints.push_back(row);
    // progress on stderr once a run has taken more than a second
    const auto now = std::chrono::steady_clock::now();
    if (!o.quiet && now - t0 > std::chrono::seconds(1) &&
        now - last_progress > std::chrono::milliseconds(tty ? 200 : 5000)) {
      last_progress = now;
      const double pct = 100.0 * sim.world().tick / sim.ticks();
      std::fprintf(stderr, tty ? "\r[peacesim] %s  tick %d/%d  %5.1f%%" : "[peacesim] %s  tick %d/%d  %5.1f%%\n",
                   row.date.iso().c_str(), sim.world().tick, sim.ticks(), pct);
      std::fflush(stderr);
    }
  }
  if (tty && !o.quiet && std::chrono::steady_clock::now() - t0 > std::chrono::seconds(1)) std::fprintf(stderr, "\n");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (sim.world().tick > 0 && (checkpoints.empty() || checkpoints.back().tick != sim.metrics().tick))
    checkpoints.push_back(sim.metrics());

  metrics.close();
  std::vector<std::string> files = {"metrics.csv"};
  if (locations) locations->close(), files.push_back("municipalities.csv");
  if (incidents) incidents->close(), files.push_back("incidents.csv");
  if (groups) groups->close(), files.push_back("groups.csv");
  files.push_back("summary.json");
  if (o.report) files.push_back("report.html");
  nlohmann::json chain = nlohmann::json::array();
  for (const auto& f : loaded.chain) chain.push_back(f.string());
  const nlohmann::json info = {{"name", s.name},
                               {"title", s.title},
                               {"file", replay ? replay->scenario_file : o.scenario},
                               {"hash", s.hash},
                               {"extends_chain", chain},
                               {"overrides", replay ? replay->overrides : nlohmann::json(o.sets)},
                               {"layout", report::scenario_layout(s)}};
  const nlohmann::json summary = io::make_summary(sim, info, wall, peaks, files);
  {
    std::ofstream json_out(folder.staging() / "summary.json");
    json_out << summary.dump(2) << "\n";
    if (!json_out.flush()) throw std::runtime_error("error writing summary.json");
  }
  if (o.report) report::write_report(folder.staging(), {}, folder.staging() / "report.html", out_dir);
  folder.commit();
  if (!folder.previous_kept().empty())
    log.warn("the previous {}/ held files peacesim did not write: kept them in {}", out_dir,
             folder.previous_kept().string());
  log.info("wrote {}/ in {:.3f} s", out_dir, wall);
  if (!o.quiet) print_summary(out, s, checkpoints, summary, out_dir, headline);
  if (o.report && !o.quiet) out << "report: " << out_dir << "/report.html\n";
  return kExitOk;
}

int do_inspect(const std::string& file, const std::vector<std::string>& sets, std::ostream& out) {
  const auto loaded = scenario::load_scenario(file, sets);
  const Scenario& s = *loaded.scenario;
  const World w = make_world(s);
  out << s.title << " (" << s.name << ")\n";
  out << "  file " << file << ", hash " << s.hash << "\n";
  out << "  time " << s.start.iso() << " to " << s.end.iso() << ", " << s.ticks() << " ticks of " << s.tick_days
      << " day(s)\n";
  double pop = 0;
  for (const auto& l : s.locations)
    for (double p : l.population) pop += p;
  out << "  " << s.groups.size() << " groups, " << s.locations.size() << " locations, " << w.communities.size()
      << " communities, pre-war population " << static_cast<long long>(pop) << "\n";
  out << "  groups:";
  for (Index g = 0; g < s.groups.size(); ++g)
    out << " " << s.groups[g].id << " (" << static_cast<long long>(w.group_prewar[g]) << ", "
        << fmt(100 * s.refugee_share[g], 0) << "% abroad at start)";
  out << "\n  sectors:";
  for (const auto& sec : s.sectors)
    out << " " << sec.id << (sec.lead_nation.empty() ? "" : " (" + sec.lead_nation + ")");
  out << "\n  agencies (" << s.agencies.size() << "):";
  for (const auto& a : s.agencies) {
    out << " " << a.id << "[";
    for (std::size_t k = 0; k < a.functions.size(); ++k) out << (k ? "," : "") << to_string(a.functions[k].kind);
    out << "]";
  }
  double mil = 0, pol = 0;
  for (const auto& k : s.contingents) (k.kind == ContingentKind::military ? mil : pol) += k.strength;
  out << "\n  contingents (" << s.contingents.size() << "): " << static_cast<long long>(mil) << " military and "
      << static_cast<long long>(pol) << " police on arrival\n";
  for (const auto& k : s.contingents)
    out << "    " << std::left << std::setw(22) << k.id << std::setw(14) << to_string(k.kind) << std::setw(16)
        << (k.nation.size() > 15 ? k.nation.substr(0, 14) + "~" : k.nation) << std::right << std::setw(7)
        << static_cast<long long>(k.strength) << "  " << k.arrival.iso() << "  " << k.locations.size() << " location(s)"
        << (k.no_riot_control ? "  caveat: no riot control" : "")
        << (k.no_out_of_sector ? "  caveat: in sector only" : "") << "\n";
  out << "  cells (" << s.cells.size() << "):";
  for (const auto& c : s.cells)
    out << " " << c.id << " (" << to_string(c.kind) << ", every " << c.cadence_days << " d, "
        << c.agencies.size() + c.contingents.size() << " members)";
  out << "\n  events (" << s.events.size() << "):\n";
  for (const auto& e : s.events)
    out << "    " << e.date.iso() << "  " << std::left << std::setw(17) << to_string(e.kind) << e.label << "\n";
  out << "ok: the scenario is valid\n";
  return kExitOk;
}

struct EnsembleCli {
  std::string scenario, variant, patterns, out;
  std::vector<std::string> sets;
  int replicates = 20, jobs = 0, days = -1;
  std::string seed = "1";
  bool quiet = false, force = false;
};

EnsembleOptions ensemble_options(const EnsembleCli& o, spdlog::logger& log, const char* what) {
  EnsembleOptions e;
  e.replicates = o.replicates;
  e.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  e.first_seed = parse_seed("--seed", o.seed);
  if (e.first_seed > std::numeric_limits<std::uint64_t>::max() - std::uint64_t(e.replicates))
    throw UsageError("--seed", "expected a first seed that leaves room for " + std::to_string(e.replicates) +
                                   " replicates below 2^64, got " + o.seed);
  e.max_ticks = o.days;
  e.cancel = &g_interrupted;
  const auto t0 = std::chrono::steady_clock::now();
  const bool tty = isatty(fileno(stderr));
  e.progress = [t0, tty, what, quiet = o.quiet, last = t0](int done, int total) mutable {
    const auto now = std::chrono::steady_clock::now();
    if (quiet || now - t0 < std::chrono::seconds(1)) return;
    if (done != total && now - last < std::chrono::milliseconds(tty ? 100 : 5000)) return;
    last = now;
    std::fprintf(stderr, tty ? "\r[peacesim] %s: %d/%d replicates" : "[peacesim] %s: %d/%d replicates\n", what, done,
                 total);
    if (tty && done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
  log.info("{}: {} replicates (seeds {}..{}) on {} threads", what, e.replicates, e.first_seed,
           e.first_seed + std::uint64_t(std::max(0, e.replicates - 1)), e.jobs);
  return e;
}

std::string bounds_text(const validate::Pattern& p) {
  if (p.min && p.max) return "[" + human(*p.min) + ", " + human(*p.max) + "]";
  if (p.min) return ">= " + human(*p.min);
  return "<= " + human(*p.max);
}

int do_validate(const EnsembleCli& o, std::ostream& out, spdlog::logger& log) {
  const auto loaded = scenario::load_scenario(o.scenario, o.sets);
  const Scenario& s = *loaded.scenario;
  const validate::PatternSet set = validate::load_patterns(o.patterns);
  // probes are built once per replicate; building one here checks every metric name up front
  auto make_probes = [&] {
    std::vector<validate::PatternProbe> probes;
    for (std::size_t k = 0; k < set.patterns.size(); ++k)
      probes.emplace_back(set.patterns[k], s, o.patterns, "/patterns/" + std::to_string(k) + "/metric");
    return probes;
  };
  make_probes();
  Date last = s.start;
  for (const auto& p : set.patterns)
    last = std::max({last, p.window.to, p.relative_to ? p.relative_to->to : p.window.to});
  EnsembleCli limited = o;
  if (limited.days < 0)
    limited.days = std::min(s.ticks(), (last - s.start) / s.tick_days + 1);  // no need to run past the last window
  const EnsembleOptions e = ensemble_options(limited, log, "validate");
  SignalGuard signals;  // before the folder and the per-replicate buffers: a signal from here on is an interruption
  std::vector<std::vector<validate::PatternProbe>> probes(static_cast<std::size_t>(e.replicates));
  for (auto& p : probes) p = make_probes();
  const fs_path out_dir = o.out.empty() ? "out/" + s.name + "-validation-" + fs_path(o.patterns).stem().string() : o.out;
  std::vector<fs_path> inputs = loaded.chain;
  inputs.push_back(o.patterns);
  io::OutputFolder folder(out_dir, {"validate", inputs, o.force});  // refused before any run, not after
  const auto t0 = std::chrono::steady_clock::now();
  report::EnsembleSeries series(s, e.replicates, e.max_ticks >= 0 ? std::min(s.ticks(), e.max_ticks) : s.ticks());
  const EnsembleResult done = run_ensemble(loaded.scenario, e, [&](int r, const Simulation& sim) {
    for (auto& probe : probes[static_cast<std::size_t>(r)]) probe.observe(sim);
    series.observe(r, sim);
  });
  {
    io::CsvFile csv(folder.staging() / "series.csv");
    report::EnsembleSeries::write_header(csv);
    series.write(csv, "ensemble", done.finished);
    csv.close();
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::vector<double>> values(set.patterns.size());
  for (std::size_t r = 0; r < probes.size(); ++r)
    if (done.finished[r])
      for (std::size_t k = 0; k < probes[r].size(); ++k) values[k].push_back(probes[r][k].result());
  const auto results = validate::score(set, values);
  const int finished = done.finished_count();
  if (done.cancelled)
    log.warn("interrupted by {}: {} of {} replicates finished; scoring those, marked incomplete", SignalGuard::name(),
             finished, e.replicates);

  // the table, then the same as CSV and JSON
  int passed = 0, required_failed = 0;
  out << "\npeacesim validate - " << s.title << " against " << set.name << " (" << finished << " replicates, seeds "
      << e.first_seed << "-" << e.first_seed + std::uint64_t(e.replicates - 1)
      << (done.cancelled ? "; INCOMPLETE: interrupted" : "") << ")\n\n";
  out << std::left << std::setw(18) << "pattern" << std::right << std::setw(12) << "observed" << std::setw(22)
      << "bounds" << std::setw(12) << "sim mean" << std::setw(24) << "sim 5-95%"
      << "  result\n";
  out << std::string(96, '-') << "\n";
  nlohmann::json rows = nlohmann::json::array();
  io::CsvFile csv(folder.staging() / "validation.csv");
  for (const char* h :
       {"id", "metric", "observed", "min", "max", "sim_mean", "sim_p05", "sim_p95", "replicates", "required"})
    csv.text(h);
  csv.text("passed", true);
  for (const auto& r : results) {
    const auto& p = *r.pattern;
    passed += r.passed;
    required_failed += p.required && !r.passed;
    const std::string verdict = r.replicates == 0 ? "NO DATA"
                                : r.passed        ? "pass"
                                                  : (p.required ? "FAIL (required)" : "fail");
    out << std::left << std::setw(18) << p.id << std::right << std::setw(12) << (p.observed ? human(*p.observed) : "-")
        << std::setw(22) << bounds_text(p) << std::setw(12) << human(r.mean) << std::setw(24)
        << (human(r.p05) + " - " + human(r.p95)) << "  " << verdict << "\n";
    csv.text(p.id);
    csv.text(p.metric);
    if (p.observed)
      csv.number(*p.observed, 6);
    else
      csv.text("");
    if (p.min)
      csv.number(*p.min, 6);
    else
      csv.text("");
    if (p.max)
      csv.number(*p.max, 6);
    else
      csv.text("");
    csv.number(r.mean, 6);
    csv.number(r.p05, 6);
    csv.number(r.p95, 6);
    csv.integer(r.replicates);
    csv.text(p.required ? "true" : "false");
    csv.text(r.passed ? "true" : "false", true);
    nlohmann::json row = {{"id", p.id},         {"what", p.what},         {"metric", p.metric},
                          {"source", p.source}, {"required", p.required}, {"sim_mean", r.mean},
                          {"sim_p05", r.p05},   {"sim_p95", r.p95},       {"replicates", r.replicates},
                          {"passed", r.passed}};
    if (p.observed) row["observed"] = *p.observed;
    if (p.min) row["min"] = *p.min;
    if (p.max) row["max"] = *p.max;
    rows.push_back(row);
  }
  csv.close();
  const double score = results.empty() ? 0 : double(passed) / double(results.size());
  nlohmann::json summary = {
      {"peacesim_version", version()},
      {"git_revision", git_revision()},
      {"scenario",
       {{"name", s.name},
        {"title", s.title},
        {"file", o.scenario},
        {"hash", s.hash},
        {"overrides", o.sets},
        {"layout", report::scenario_layout(s)}}},
      {"patterns", {{"name", set.name}, {"file", o.patterns}}},
      {"status", done.cancelled ? "incomplete" : "complete"},
      {"replicates", finished},
      {"replicates_requested", e.replicates},
      {"first_seed", e.first_seed},
      {"wall_seconds", wall},
      {"passed", passed},
      {"total", results.size()},
      {"score", score},
      {"required_failed", required_failed},
      {"results", rows}};
  {
    std::ofstream json_out(folder.staging() / "validation.json");
    json_out << summary.dump(2) << "\n";
    if (!json_out.flush()) throw std::runtime_error("error writing validation.json");
  }
  folder.commit(done.cancelled ? "incomplete" : "complete");
  out << "\nscore: " << passed << " of " << results.size() << " patterns pass (" << fmt(100 * score, 0) << "%)";
  if (required_failed) out << "; " << required_failed << " required pattern(s) FAIL";
  out << "\n"
      << finished << " runs in " << fmt(wall, 2) << " s; table in " << out_dir.string()
      << "/ (validation.csv, validation.json, series.csv)\n";
  if (done.cancelled) {
    log.error("incomplete: {} of {} replicates in {}/ (status \"incomplete\"); exit {}", finished, e.replicates,
              out_dir.string(), kExitInterrupted);
    return kExitInterrupted;
  }
  return required_failed ? kExitFailure : kExitOk;
}

int do_compare(const EnsembleCli& o, const std::vector<std::string>& checkpoint_dates, std::ostream& out,
               spdlog::logger& log) {
  const auto base = scenario::load_scenario(o.scenario, o.sets);
  const auto variant = scenario::load_scenario(o.variant, o.sets);
  const Scenario& s = *base.scenario;
  if (variant.scenario->start != s.start || variant.scenario->tick_days != s.tick_days)
    throw scenario::ScenarioError(o.variant, "/time",
                                  "expected the same start date and tick length as the base " + o.scenario);
  std::vector<Date> checkpoints;
  for (const auto& text : checkpoint_dates) {
    const auto d = Date::parse(text);
    if (!d) throw UsageError("--at", "expected dates YYYY-MM-DD, got \"" + text + "\"");
    check_run_date("--at", *d, s);
    check_run_date("--at", *d, *variant.scenario);
    checkpoints.push_back(*d);
  }
  if (checkpoints.empty())
    for (int days : {30, 182, 365, 730, 1826, 3285})
      if (s.start + days <= std::min(s.end, variant.scenario->end) && days % s.tick_days == 0)
        checkpoints.push_back(s.start + days);
  if (checkpoints.empty()) checkpoints.push_back(s.start + (s.ticks() - 1) * s.tick_days);
  std::sort(checkpoints.begin(), checkpoints.end());
  checkpoints.erase(std::unique(checkpoints.begin(), checkpoints.end()), checkpoints.end());
  if (o.days >= 0 && s.start + o.days <= checkpoints.back())
    throw UsageError("--days", "expected more days than the last checkpoint " + checkpoints.back().iso() + " needs");
  for (const auto& w : base.warnings) log.warn("{}", w);
  for (const auto& w : variant.warnings) log.warn("{}", w);
  struct Line {
    const char* name;
    double MetricsRow::*field;
  };
  const Line lines[] = {{"stability", &MetricsRow::stability},
                        {"order", &MetricsRow::order},
                        {"reconciliation", &MetricsRow::reconciliation},
                        {"incidents_per_100k_30d", &MetricsRow::incidents_per_100k_30d},
                        {"minority_remaining", &MetricsRow::minority_remaining},
                        {"displaced", &MetricsRow::displaced},
                        {"mean_trust", &MetricsRow::mean_trust},
                        {"duplication", &MetricsRow::duplication}};
  const std::size_t nl = std::size(lines), nc = checkpoints.size();
  EnsembleCli limited = o;
  if (limited.days < 0) limited.days = std::min(s.ticks(), (checkpoints.back() - s.start) / s.tick_days + 1);
  const EnsembleOptions e = ensemble_options(limited, log, "compare");
  const fs_path out_dir = o.out.empty() ? "out/compare-" + variant.scenario->name : o.out;
  std::vector<fs_path> inputs = base.chain;
  inputs.insert(inputs.end(), variant.chain.begin(), variant.chain.end());
  SignalGuard signals;  // before the folder and the per-replicate buffers: a signal from here on is an interruption
  io::OutputFolder folder(out_dir, {"compare", inputs, o.force});  // refused before any run, not after
  // values[which][replicate][line * nc + checkpoint]
  std::vector<std::vector<std::vector<double>>> values(
      2, std::vector<std::vector<double>>(static_cast<std::size_t>(e.replicates),
                                          std::vector<double>(nl * nc, std::nan(""))));
  const int ticks = e.max_ticks >= 0 ? std::min(s.ticks(), e.max_ticks) : s.ticks();
  std::vector<report::EnsembleSeries> series = {report::EnsembleSeries(s, e.replicates, ticks),
                                                report::EnsembleSeries(*variant.scenario, e.replicates, ticks)};
  // base and variant replicate by replicate, so that an interrupted compare keeps whole pairs
  const EnsembleResult done =
      run_ensembles({base.scenario, variant.scenario}, e, [&](int which, int r, const Simulation& sim) {
        series[std::size_t(which)].observe(r, sim);
        const Date d = sim.metrics().date;
        for (std::size_t c = 0; c < nc; ++c)
          if (d == checkpoints[c])
            for (std::size_t l = 0; l < nl; ++l)
              values[std::size_t(which)][std::size_t(r)][l * nc + c] = sim.metrics().*lines[l].field;
      });
  int pairs = 0;
  for (std::size_t r = 0; r < std::size_t(e.replicates); ++r) {
    const bool pair = done.finished[2 * r] && done.finished[2 * r + 1];
    pairs += pair;
    if (!pair)
      for (auto& v : values[0][r]) v = std::nan("");  // an unfinished pair counts for nothing
  }
  if (done.cancelled)
    log.warn("interrupted by {}: {} of {} paired replicates finished; comparing those, marked incomplete",
             SignalGuard::name(), pairs, e.replicates);
  {
    // the ensemble series of both, over the same whole pairs as the table
    std::vector<char> paired(std::size_t(e.replicates));
    for (std::size_t r = 0; r < paired.size(); ++r) paired[r] = done.finished[2 * r] && done.finished[2 * r + 1];
    io::CsvFile csv(folder.staging() / "series.csv");
    report::EnsembleSeries::write_header(csv);
    series[0].write(csv, "base", paired);
    series[1].write(csv, "variant", paired);
    csv.close();
  }
  io::CsvFile csv(folder.staging() / "compare.csv");
  for (const char* h :
       {"metric", "date", "base_mean", "variant_mean", "difference_mean", "difference_p05", "difference_p95"})
    csv.text(h);
  csv.text("replicates", true);
  out << "\npeacesim compare - " << variant.scenario->title << "\n  minus base " << s.title << "\n  " << pairs
      << " paired replicates (same seeds)" << (done.cancelled ? ", INCOMPLETE: interrupted" : "")
      << "; difference = variant - base, mean [5%, 95%]\n\n";
  out << std::left << std::setw(24) << "metric";
  for (const Date& d : checkpoints) out << std::right << std::setw(26) << d.iso();
  out << "\n" << std::string(24 + 26 * nc, '-') << "\n";
  for (std::size_t l = 0; l < nl; ++l) {
    out << std::left << std::setw(24) << lines[l].name;
    for (std::size_t c = 0; c < nc; ++c) {
      std::vector<double> diff;
      double base_sum = 0, var_sum = 0;
      for (std::size_t r = 0; r < std::size_t(e.replicates); ++r) {
        const double b = values[0][r][l * nc + c], v = values[1][r][l * nc + c];
        if (std::isnan(b) || std::isnan(v)) continue;
        diff.push_back(v - b);
        base_sum += b;
        var_sum += v;
      }
      const double n = double(std::max<std::size_t>(1, diff.size()));
      double mean = 0;
      for (double x : diff) mean += x / n;
      const double p05 = quantile(diff, 0.05), p95 = quantile(diff, 0.95);
      const double largest = std::max({std::abs(mean), std::abs(p05), std::abs(p95)});
      const int decimals = largest >= 100 ? 0 : 3;
      out << std::right << " " << std::setw(25)
          << (fmt(mean, decimals) + " [" + fmt(p05, decimals) + ", " + fmt(p95, decimals) + "]");
      csv.text(lines[l].name);
      csv.text(checkpoints[c].iso());
      csv.number(base_sum / n, 6);
      csv.number(var_sum / n, 6);
      csv.number(mean, 6);
      csv.number(p05, 6);
      csv.number(p95, 6);
      csv.integer(static_cast<long long>(diff.size()), true);
    }
    out << "\n";
  }
  csv.close();
  const nlohmann::json summary = {
      {"peacesim_version", version()},
      {"git_revision", git_revision()},
      {"status", done.cancelled ? "incomplete" : "complete"},
      {"base",
       {{"name", s.name},
        {"title", s.title},
        {"file", o.scenario},
        {"hash", s.hash},
        {"layout", report::scenario_layout(s)}}},
      {"variant",
       {{"name", variant.scenario->name},
        {"title", variant.scenario->title},
        {"file", o.variant},
        {"hash", variant.scenario->hash},
        {"layout", report::scenario_layout(*variant.scenario)}}},
      {"overrides", o.sets},
      {"replicates", pairs},
      {"replicates_requested", e.replicates},
      {"first_seed", e.first_seed},
      {"files", {"compare.csv", "compare.json", "series.csv"}}};
  {
    std::ofstream json_out(folder.staging() / "compare.json");
    json_out << summary.dump(2) << "\n";
    if (!json_out.flush()) throw std::runtime_error("error writing compare.json");
  }
  folder.commit(done.cancelled ? "incomplete" : "complete");
  out << "\ntable in " << out_dir.string() << "/compare.csv (status in compare.json, ensemble series in series.csv)\n";
  if (done.cancelled) {
    log.error("incomplete: {} of {} paired replicates in {}/ (status \"incomplete\"); exit {}", pairs, e.replicates,
              out_dir.string(), kExitInterrupted);
    return kExitInterrupted;
  }
  return kExitOk;
}

int do_params(bool markdown, std::ostream& out) {
  if (markdown) {
    out << "| parameter | default | range | unit | meaning | source |\n|---|---|---|---|---|---|\n";
    for (const auto& p : parameter_registry())
      out << "| `" << p.section << "." << p.name << "` | " << p.default_value << " | " << p.minimum << " to "
          << p.maximum << " | " << p.unit << " | " << p.description << " | " << p.source << " |\n";
  } else {
    for (const auto& p : parameter_registry())
      out << std::left << std::setw(40) << (std::string(p.section) + "." + std::string(p.name)) << std::setw(10)
          << p.default_value << " " << p.unit << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "peacesim: an agent-based simulator of multinational peace operations.\n\n"
      "A scenario (JSON) describes ethnic communities in locations, civilian agencies, national military and\n"
      "police contingents, coordination cells and a timeline of events; `run` steps it day by day and writes\n"
      "stability, public-order and reconciliation metrics. Examples:\n"
      "  peacesim run scenarios/kosovo-1999.json --out out/kosovo\n"
      "  peacesim run scenarios/kosovo-1999.json --seed 7 --until 2000-06-10 --set parameters.unrest.threshold=0.2\n"
      "  peacesim inspect scenarios/kosovo-1999.json\n"
      "  peacesim validate scenarios/kosovo-1999.json --patterns scenarios/kosovo-1999/patterns.json -n 40\n"
      "  peacesim compare scenarios/kosovo-1999.json scenarios/kosovo-1999/variants/no-coordination.json\n"
      "  peacesim check scenarios/kosovo-1999.json --reference tests/reference/kosovo-1999.json\n"
      "  peacesim report out/kosovo-1999 --out kosovo.html\n"
      "  peacesim schema > scenario.schema.json\n"
      "  peacesim sweep scenarios/kosovo-1999/experiments/kfor-police-coordination.json --out out/kpc -j 2\n"
      "  peacesim analyze out/kpc --method summary --output order_2002_06_10\n"
      "Documentation: docs/ODD.md (the model), docs/metrics.md (every output column), docs/experiments.md\n"
      "(sweeps, designs, sensitivity analysis), docs/cluster.md (MPI and Slurm).",
      "peacesim"};
  app.set_version_flag("--version", std::string(version()) + " (" + git_revision() + ")");
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::help);

  RunOptions ro;
  auto* run = app.add_subcommand("run", "Run a scenario and write metrics.csv, municipalities.csv and summary.json.");
  auto* run_scenario =
      run->add_option("scenario", ro.scenario, "Scenario file (JSON), e.g. scenarios/kosovo-1999.json");
  auto* run_from = run->add_option("--from", ro.from,
                                   "A sweep folder: run one of its runs again, exactly (its scenario, factor values,\n"
                                   "seed and horizon), with every output file; needs --run.")
                       ->excludes(run_scenario);
  run->add_option("--run", ro.run_id, "With --from: the run_id (a row of the sweep's runs.csv).")
      ->needs(run_from)
      ->check(CLI::NonNegativeNumber);
  run->add_option("--seed", ro.seed,
                  "Random seed, a whole number 0 to 2^64-1 (default: the scenario's `seed`).\n"
                  "Same scenario + seed = same output.")
      ->each([&](const std::string&) { ro.seed_given = true; });
  auto* until = run->add_option("--until", ro.until,
                                "Stop after this date (YYYY-MM-DD), at most the scenario's end (time.end; an error\n"
                                "if later: set time.end to run longer).");
  run->add_option("--days", ro.days, "Stop after this many days (at most the scenario's length).")
      ->check(CLI::NonNegativeNumber)
      ->excludes(until);
  run->add_option("--out", ro.out,
                  "Output folder (default out/<scenario name>): a new or empty folder, or one that this same\n"
                  "command wrote before (replaced only when the run succeeds).");
  run->add_flag("--force", ro.force,
                "Also replace a folder that another peacesim command wrote. Never deletes files peacesim\n"
                "did not write.");
  run->add_option("--set", ro.sets,
                  "Override any scenario field for this run: PATH=VALUE, e.g. parameters.unrest.threshold=0.2 or\n"
                  "contingents.kfor_us.strength=7000 (array elements by id). Repeatable.")
      ->allow_extra_args(false);
  auto* quiet = run->add_flag("--quiet,-q", ro.quiet, "No summary table, no progress; errors only.");
  run->add_flag("--verbose,-v", ro.verbose, "More log lines on stderr.")->excludes(quiet);
  run->add_flag("--check", ro.check, "Check model invariants after every phase (slower).");
  run->add_flag("--report", ro.report, "Also write report.html, the HTML report of the run (see `peacesim report`).");
  run->footer(
      "\nOutputs (in --out, written to a hidden staging folder and moved into place only on success):\n"
      "  metrics.csv         one row per tick: indices and their components (docs/metrics.md)\n"
      "  municipalities.csv  one row per location every output.municipal_every_days days\n"
      "  groups.csv          one row per group every output.group_every_days days\n"
      "  summary.json        version, git revision, scenario hash, seed, wall time, final and peak metrics\n"
      "  report.html         with --report: the HTML report (charts, map, provenance; peacesim report)\n"
      "Exit codes: 0 done, 2 bad input or an output folder it may not write (file, JSON pointer and what\n"
      "was expected are printed), 1 failure, 130 interrupted by SIGINT/SIGTERM (nothing written).\n"
      "Output folders and exit codes of every command: docs/cli.md.");

  std::string inspect_file;
  std::vector<std::string> inspect_sets;
  auto* inspect = app.add_subcommand("inspect", "Validate a scenario and summarise its agents, sectors and timeline.");
  inspect->add_option("scenario", inspect_file, "Scenario file (JSON)")->required();
  inspect->add_option("--set", inspect_sets, "Override a field, as for `run`.");

  EnsembleCli vo;
  auto* validate_cmd = app.add_subcommand(
      "validate", "Run an ensemble and score it against historical patterns (exit 1 if a required one fails).");
  validate_cmd->add_option("scenario", vo.scenario, "Scenario file (JSON)")->required();
  validate_cmd->add_option("--patterns", vo.patterns, "Pattern file (JSON), e.g. scenarios/kosovo-1999/patterns.json")
      ->required();
  validate_cmd->add_option("--replicates,-n", vo.replicates, "Replicates (seeds --seed, --seed+1, ...)")
      ->check(CLI::Range(1, 1000000));
  validate_cmd->add_option("--jobs,-j", vo.jobs, "Worker threads (default: all cores). Results do not depend on it.")
      ->check(CLI::NonNegativeNumber);
  validate_cmd->add_option("--seed", vo.seed, "First seed, a whole number (default 1)");
  validate_cmd->add_option(
      "--out", vo.out,
      "Output folder for validation.csv and validation.json\n(default out/<scenario name>-validation-<pattern file name>)");
  validate_cmd->add_flag("--force", vo.force, "Also replace a folder that another peacesim command wrote.");
  validate_cmd->add_option("--set", vo.sets, "Override a scenario field, as for `run` (e.g. to try a calibration).");
  validate_cmd->add_flag("--quiet,-q", vo.quiet, "No progress.");
  validate_cmd->footer(
      "\nA pattern passes when the ensemble mean lies within its bounds; the 5-95% range of the replicates\n"
      "is shown beside it. Pattern files are checked against `peacesim schema --patterns`.\n"
      "Exit codes: 0 every required pattern passes, 1 one fails, 2 bad input, 130 interrupted (SIGINT or\n"
      "SIGTERM: the finished replicates are scored and written, with \"status\": \"incomplete\").");

  EnsembleCli co;
  std::vector<std::string> at;
  auto* compare = app.add_subcommand(
      "compare", "Paired ensembles of a base and a variant: the difference in headline metrics at checkpoints.");
  compare->add_option("base", co.scenario, "Base scenario (JSON)")->required();
  compare->add_option("variant", co.variant, "Variant scenario (JSON), usually one that `extends` the base")
      ->required();
  compare
      ->add_option("--replicates,-n", co.replicates, "Replicates per scenario (seeds --seed, --seed+1, ... for both)")
      ->check(CLI::Range(1, 1000000));
  compare->add_option("--jobs,-j", co.jobs, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  compare->add_option("--seed", co.seed, "First seed, a whole number (default 1)");
  compare->add_option("--at", at,
                      "Checkpoint dates YYYY-MM-DD inside both runs (default: 1 month, 6 months, 1, 2, 5 and\n"
                      "9 years, as far as the scenario goes)");
  compare->add_option("--out", co.out,
                      "Output folder for compare.csv and compare.json (default out/compare-<variant name>)");
  compare->add_flag("--force", co.force, "Also replace a folder that another peacesim command wrote.");
  compare->add_flag("--quiet,-q", co.quiet, "No progress.");
  compare->footer(
      "\nExit codes: 0 done, 2 bad input, 130 interrupted (SIGINT or SIGTERM: the finished pairs are\n"
      "compared and written, with \"status\": \"incomplete\" in compare.json).");

  std::string report_dir, report_out;
  std::vector<std::string> report_compare;
  auto* report_cmd = app.add_subcommand(
      "report", "Write one self-contained HTML page of charts, a map and provenance for an output folder.");
  report_cmd->add_option("folder", report_dir, "Output folder of peacesim run, validate, compare or sweep")->required();
  report_cmd->add_option("--compare", report_compare, "Other output folders to draw beside it, each in its colour")
      ->allow_extra_args(false);
  report_cmd->add_option("--out", report_out, "The HTML file to write (default FOLDER-report.html beside the folder)");
  report_cmd->footer(
      "\nA run, ensemble or comparison gets time series with bands, per-group charts, a map and tables. A sweep\n"
      "folder gets its own page: the factors, how many runs pass each recorded pattern, every output against\n"
      "every factor (a dot per run), and the sensitivity indices `peacesim analyze` wrote into it (run analyze\n"
      "first); a sweep is reported alone, without --compare.\n"
      "The page works opened from disk, offline: dygraphs and d3 (Debian's libjs-dygraphs, libjs-d3) are\n"
      "inlined. Exit codes: 0 done, 2 a folder it cannot read, a missing library, a file it may not replace.");

  bool patterns_schema = false;
  auto* schema = app.add_subcommand("schema", "Print the scenario JSON Schema (draft 2020-12), parameters included.");
  auto* schema_patterns =
      schema->add_flag("--patterns", patterns_schema, "Print the schema of pattern files (peacesim validate) instead.");
  bool experiment_schema = false;
  auto* schema_experiment =
      schema->add_flag("--experiment", experiment_schema, "Print the schema of experiment files (peacesim sweep) instead.")
          ->excludes(schema_patterns);
  bool reference_schema = false;
  schema->add_flag("--reference", reference_schema, "Print the schema of reference files (peacesim check) instead.")
      ->excludes(schema_patterns)
      ->excludes(schema_experiment);

  CheckCli check_options;
  auto* check_cmd = add_check_command(app, check_options);

  SweepCli sweep_options;
  const SweepCommands sweep_commands = add_sweep_commands(app, sweep_options);
  bool markdown = false;
  auto* params = app.add_subcommand("params", "List the model parameters with defaults and units.");
  params->add_flag("--markdown", markdown, "As a Markdown table (for docs/ODD.md).");

  // a first word that is not an option must name a command
  const auto commands = app.get_subcommands({});
  if (argc >= 2 && argv[1][0] != '-' && std::none_of(commands.begin(), commands.end(), [&](const CLI::App* sub) {
        return sub->check_name(argv[1]);
      })) {
    std::string names;
    for (const auto* sub : commands) names += (names.empty() ? "" : ", ") + sub->get_name();
    err << "peacesim: unknown command '" << argv[1] << "' (the commands are " << names << ")\n";
    err << "run 'peacesim --help' for what each does\n";
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      out << app.help();
      return kExitOk;
    }
    err << "peacesim: " << e.what() << "\n";
    err << "run 'peacesim --help' or 'peacesim <command> --help'\n";
    return kExitBadInput;
  }

  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  spdlog::logger log("peacesim", sink);
  log.set_pattern("[peacesim] %^%l%$: %v");
  log.set_level(ro.quiet ? spdlog::level::err : ro.verbose ? spdlog::level::debug : spdlog::level::warn);

  try {
    // a scenario or pattern argument that is not a file may name a shipped one (ADR 0015)
    for (std::string* arg : {&ro.scenario, &inspect_file, &vo.scenario, &vo.patterns, &co.scenario, &co.variant,
                             &sweep_options.experiment,
                             &check_options.scenario})
      if (!arg->empty()) *arg = io::resolve_scenario_argument(*arg).string();
    if (*run) {
      if (ro.scenario.empty() && ro.from.empty())
        throw UsageError("run", "expected a scenario file, or --from SWEEP_DIR --run K");
      if (!ro.from.empty() && ro.run_id < 0) throw UsageError("--from", "expected --run K (a run_id of its runs.csv)");
      return do_run(ro, out, log);
    }
    if (*inspect) return do_inspect(inspect_file, inspect_sets, out);
    if (*validate_cmd) return do_validate(vo, out, log);
    if (*compare) return do_compare(co, at, out, log);
    if (*schema) {
      out << (patterns_schema     ? validate::patterns_schema()
              : experiment_schema ? sweep::experiment_schema()
              : reference_schema  ? check::reference_schema()
                                  : scenario::scenario_schema())
                 .dump(2)
          << "\n";
      return kExitOk;
    }
    if (*params) return do_params(markdown, out);
    if (*check_cmd) return do_check(check_options, argc, argv, out, log);
    if (auto code = run_sweep_commands(sweep_commands, sweep_options, argc, argv, out, log)) return *code;
    if (*report_cmd) {
      std::vector<fs_path> others(report_compare.begin(), report_compare.end());
      fs_path dir = report_dir;
      if (dir.filename().empty()) dir = dir.parent_path();
      const fs_path file = report_out.empty() ? fs_path(dir.string() + "-report.html") : fs_path(report_out);
      report::write_report(dir, others, file);
      out << "wrote " << file.string() << "\n";
      return kExitOk;
    }
  } catch (const scenario::ScenarioError& e) {
    err << "peacesim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const UsageError& e) {
    err << "peacesim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const report::ReportError& e) {
    err << "peacesim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const io::OutputFolderError& e) {
    err << "peacesim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    err << "peacesim: failed: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace peacesim::cli
