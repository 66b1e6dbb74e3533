#include "peacesim/cli/cli.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "peacesim/io/output.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/simulation.hpp"
#include "peacesim/version.hpp"

namespace peacesim::cli {

namespace {

// SIGINT/SIGTERM during a run: finish the tick, discard the partial output, exit 130.
// (A signal handler can only reach process-wide state; this flag is the one exception to
// "no global mutable state", and it lives in the CLI, not the engine.)
std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted = true; }

struct RunOptions {
  std::string scenario;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::string until;
  int days = -1;
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false, verbose = false, check = false;
};

std::string fmt(double v, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

std::string human(double v) {
  if (std::abs(v) >= 1e6) return fmt(v / 1e6, 2) + "M";
  if (std::abs(v) >= 1e4) return fmt(v / 1e3, 1) + "k";
  if (std::abs(v) >= 100) return fmt(v, 0);
  return fmt(v, 2);
}

/// The table printed at the end of a run: headline metrics at checkpoints.
void print_summary(std::ostream& out, const Scenario& s, const std::vector<MetricsRow>& checkpoints, const nlohmann::json& summary,
                   const std::string& out_dir) {
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
      {"returns (cumulative)", &MetricsRow::returns_cumulative, true},
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
    for (const auto& c : checkpoints) out << std::right << std::setw(12) << (line.count ? human(c.*line.field) : fmt(c.*line.field, 3));
    out << "\n";
  }
  const auto& t = summary["totals"];
  out << "\ntotals: " << human(t["incidents"].get<double>()) << " incidents, " << human(t["murders"].get<double>())
      << " killed, " << human(t["returns"].get<double>()) << " returns from abroad\n";
  out << summary["ticks"].get<int>() << " ticks in " << fmt(summary["wall_seconds"].get<double>(), 3) << " s; outputs in "
      << out_dir << "/ (metrics.csv, municipalities.csv, summary.json)\n";
}

int do_run(const RunOptions& o, std::ostream& out, spdlog::logger& log) {
  const auto loaded = scenario::load_scenario(o.scenario, o.sets);
  const Scenario& s = *loaded.scenario;
  const std::uint64_t seed = o.seed_given ? o.seed : s.seed;
  Simulation sim(loaded.scenario, seed);
  sim.set_check_invariants(o.check);
  if (!o.until.empty()) {
    const auto until = Date::parse(o.until);
    if (!until) throw scenario::ScenarioError("--until", "", "expected a date YYYY-MM-DD, got \"" + o.until + "\"");
    if (*until < s.start) throw scenario::ScenarioError("--until", "", "a date on or after the scenario start " + s.start.iso());
    sim.limit_ticks((*until - s.start) / s.tick_days + 1);
  }
  if (o.days >= 0) sim.limit_ticks((o.days + s.tick_days - 1) / s.tick_days);
  const std::string out_dir = o.out.empty() ? "out/" + s.name : o.out;
  log.info("scenario {} ({}), {} communities, {} agencies, {} contingents, {} cells; seed {}; {} ticks", s.name, s.hash,
           sim.world().communities.size(), s.agencies.size(), s.contingents.size(), s.cells.size(), seed, sim.ticks());

  io::OutputFolder folder(out_dir);
  io::MetricsWriter metrics(folder.staging() / "metrics.csv");
  std::optional<io::LocationWriter> locations;
  if (s.municipal_every_days > 0) locations.emplace(folder.staging() / "municipalities.csv");
  std::optional<io::IncidentWriter> incidents;
  if (s.incident_log) incidents.emplace(folder.staging() / "incidents.csv");
  io::PeakTracker peaks;

  // checkpoints for the on-screen table
  std::vector<int> checkpoint_ticks;
  for (int days : {0, 30, 182, 365, 730, 1826}) checkpoint_ticks.push_back(days / s.tick_days);
  std::vector<MetricsRow> checkpoints;

  g_interrupted = false;
  auto prev_int = std::signal(SIGINT, on_signal);
  auto prev_term = std::signal(SIGTERM, on_signal);
  const bool tty = isatty(fileno(stderr));
  const auto t0 = std::chrono::steady_clock::now();
  auto last_progress = t0;
  while (!sim.done()) {
    if (g_interrupted) {
      std::signal(SIGINT, prev_int);
      std::signal(SIGTERM, prev_term);
      log.error("interrupted on {}: no output written ({} left as it was)", sim.world().date.iso(), out_dir);
      return kExitInterrupted;
    }
    sim.step();
    const MetricsRow& row = sim.metrics();
    metrics.write(row);
    peaks.update(row);
    if (locations && (row.tick % std::max(1, s.municipal_every_days / s.tick_days) == 0 || sim.done()))
      locations->write(s, sim.world(), row);
    if (incidents) incidents->write(s, sim.world(), row);
    if (std::find(checkpoint_ticks.begin(), checkpoint_ticks.end(), row.tick) != checkpoint_ticks.end()) checkpoints.push_back(row);
    // progress on stderr once a run has taken more than a second
    const auto now = std::chrono::steady_clock::now();
    if (!o.quiet && now - t0 > std::chrono::seconds(1) && now - last_progress > std::chrono::milliseconds(tty ? 200 : 5000)) {
      last_progress = now;
      const double pct = 100.0 * sim.world().tick / sim.ticks();
      std::fprintf(stderr, tty ? "\r[peacesim] %s  tick %d/%d  %5.1f%%" : "[peacesim] %s  tick %d/%d  %5.1f%%\n",
                   row.date.iso().c_str(), sim.world().tick, sim.ticks(), pct);
      std::fflush(stderr);
    }
  }
  std::signal(SIGINT, prev_int);
  std::signal(SIGTERM, prev_term);
  if (tty && !o.quiet && std::chrono::steady_clock::now() - t0 > std::chrono::seconds(1)) std::fprintf(stderr, "\n");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (sim.world().tick > 0 && (checkpoints.empty() || checkpoints.back().tick != sim.metrics().tick)) checkpoints.push_back(sim.metrics());

  metrics.close();
  std::vector<std::string> files = {"metrics.csv"};
  if (locations) locations->close(), files.push_back("municipalities.csv");
  if (incidents) incidents->close(), files.push_back("incidents.csv");
  files.push_back("summary.json");
  nlohmann::json chain = nlohmann::json::array();
  for (const auto& f : loaded.chain) chain.push_back(f.string());
  const nlohmann::json info = {{"name", s.name}, {"title", s.title}, {"file", o.scenario}, {"hash", s.hash},
                               {"extends_chain", chain}, {"overrides", o.sets}};
  const nlohmann::json summary = io::make_summary(sim, info, wall, peaks, files);
  {
    std::ofstream json_out(folder.staging() / "summary.json");
    json_out << summary.dump(2) << "\n";
    if (!json_out.flush()) throw std::runtime_error("error writing summary.json");
  }
  folder.commit();
  log.info("wrote {}/ in {:.3f} s", out_dir, wall);
  if (!o.quiet) print_summary(out, s, checkpoints, summary, out_dir);
  return kExitOk;
}

int do_inspect(const std::string& file, const std::vector<std::string>& sets, std::ostream& out) {
  const auto loaded = scenario::load_scenario(file, sets);
  const Scenario& s = *loaded.scenario;
  const World w = make_world(s);
  out << s.title << " (" << s.name << ")\n";
  out << "  file " << file << ", hash " << s.hash << "\n";
  out << "  time " << s.start.iso() << " to " << s.end.iso() << ", " << s.ticks() << " ticks of " << s.tick_days << " day(s)\n";
  double pop = 0;
  for (const auto& l : s.locations)
    for (double p : l.population) pop += p;
  out << "  " << s.groups.size() << " groups, " << s.locations.size() << " locations, " << w.communities.size()
      << " communities, pre-war population " << static_cast<long long>(pop) << "\n";
  out << "  groups:";
  for (Index g = 0; g < s.groups.size(); ++g)
    out << " " << s.groups[g].id << " (" << static_cast<long long>(w.group_prewar[g]) << ", " << fmt(100 * s.refugee_share[g], 0)
        << "% abroad at start)";
  out << "\n  sectors:";
  for (const auto& sec : s.sectors) out << " " << sec.id << (sec.lead_nation.empty() ? "" : " (" + sec.lead_nation + ")");
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
    out << "    " << std::left << std::setw(22) << k.id << std::setw(14) << to_string(k.kind) << std::setw(16) << k.nation
        << std::right << std::setw(7) << static_cast<long long>(k.strength) << "  " << k.arrival.iso() << "  "
        << k.locations.size() << " location(s)" << (k.no_riot_control ? "  caveat: no riot control" : "")
        << (k.no_out_of_sector ? "  caveat: in sector only" : "") << "\n";
  out << "  cells (" << s.cells.size() << "):";
  for (const auto& c : s.cells)
    out << " " << c.id << " (" << to_string(c.kind) << ", every " << c.cadence_days << " d, " << c.agencies.size() + c.contingents.size()
        << " members)";
  out << "\n  events (" << s.events.size() << "):\n";
  for (const auto& e : s.events) out << "    " << e.date.iso() << "  " << std::left << std::setw(17) << to_string(e.kind) << e.label << "\n";
  out << "ok: the scenario is valid\n";
  return kExitOk;
}

int do_params(bool markdown, std::ostream& out) {
  if (markdown) {
    out << "| parameter | default | range | unit | meaning | source |\n|---|---|---|---|---|---|\n";
    for (const auto& p : parameter_registry())
      out << "| `" << p.section << "." << p.name << "` | " << p.default_value << " | " << p.minimum << " to " << p.maximum << " | "
          << p.unit << " | " << p.description << " | " << p.source << " |\n";
  } else {
    for (const auto& p : parameter_registry())
      out << std::left << std::setw(40) << (std::string(p.section) + "." + std::string(p.name)) << std::setw(10) << p.default_value
          << " " << p.unit << "\n";
  }
  return kExitOk;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"peacesim: an agent-based simulator of multinational peace operations.\n\n"
               "A scenario (JSON) describes ethnic communities in locations, civilian agencies, national military and\n"
               "police contingents, coordination cells and a timeline of events; `run` steps it day by day and writes\n"
               "stability, public-order and reconciliation metrics. Examples:\n"
               "  peacesim run scenarios/kosovo-1999.json --out out/kosovo\n"
               "  peacesim run scenarios/kosovo-1999.json --seed 7 --until 2000-06-10 --set parameters.unrest.threshold=0.2\n"
               "  peacesim inspect scenarios/kosovo-1999.json\n"
               "  peacesim schema > scenario.schema.json",
               "peacesim"};
  app.set_version_flag("--version", std::string(version()) + " (" + git_revision() + ")");
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::help);

  RunOptions ro;
  auto* run = app.add_subcommand("run", "Run a scenario and write metrics.csv, municipalities.csv and summary.json.");
  run->add_option("scenario", ro.scenario, "Scenario file (JSON), e.g. scenarios/kosovo-1999.json")->required();
  run->add_option("--seed", ro.seed, "Random seed (default: the scenario's `seed`). Same scenario + seed = same output.")
      ->each([&](const std::string&) { ro.seed_given = true; });
  auto* until = run->add_option("--until", ro.until, "Stop after this date (YYYY-MM-DD) instead of the scenario's end.");
  run->add_option("--days", ro.days, "Stop after this many days.")->check(CLI::NonNegativeNumber)->excludes(until);
  run->add_option("--out", ro.out, "Output folder (default out/<scenario name>). Replaced only when the run succeeds.");
  run->add_option("--set", ro.sets,
                  "Override any scenario field for this run: PATH=VALUE, e.g. parameters.unrest.threshold=0.2 or\n"
                  "contingents.kfor_us.strength=7000 (array elements by id). Repeatable.")
      ->allow_extra_args(false);
  auto* quiet = run->add_flag("--quiet,-q", ro.quiet, "No summary table, no progress; errors only.");
  run->add_flag("--verbose,-v", ro.verbose, "More log lines on stderr.")->excludes(quiet);
  run->add_flag("--check", ro.check, "Check model invariants after every phase (slower).");
  run->footer("\nOutputs (in --out, written to a hidden staging folder and moved into place only on success):\n"
              "  metrics.csv         one row per tick: indices and their components (docs/metrics.md)\n"
              "  municipalities.csv  one row per location every output.municipal_every_days days\n"
              "  summary.json        version, git revision, scenario hash, seed, wall time, final and peak metrics\n"
              "Exit codes: 0 done, 2 bad input (file, JSON pointer and what was expected are printed), 1 failure,\n"
              "130 interrupted (nothing written).");

  std::string inspect_file;
  std::vector<std::string> inspect_sets;
  auto* inspect = app.add_subcommand("inspect", "Validate a scenario and summarise its agents, sectors and timeline.");
  inspect->add_option("scenario", inspect_file, "Scenario file (JSON)")->required();
  inspect->add_option("--set", inspect_sets, "Override a field, as for `run`.");

  auto* schema = app.add_subcommand("schema", "Print the scenario JSON Schema (draft 2020-12), parameters included.");
  bool markdown = false;
  auto* params = app.add_subcommand("params", "List the model parameters with defaults and units.");
  params->add_flag("--markdown", markdown, "As a Markdown table (for docs/ODD.md).");

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
    if (*run) return do_run(ro, out, log);
    if (*inspect) return do_inspect(inspect_file, inspect_sets, out);
    if (*schema) {
      out << scenario::scenario_schema().dump(2) << "\n";
      return kExitOk;
    }
    if (*params) return do_params(markdown, out);
  } catch (const scenario::ScenarioError& e) {
    err << "peacesim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    err << "peacesim: failed: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace peacesim::cli
