#include "sweep_cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "common.hpp"
#include "peacesim/cli/cli.hpp"
#include "peacesim/io/output.hpp"
#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/format.hpp"
#include "peacesim/sweep/mpi.hpp"
#include "peacesim/sweep/runner.hpp"
#include "peacesim/sweep/scenario_model.hpp"

namespace peacesim::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string human_seconds(double s) {
  char buf[64];
  if (s < 120) std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 7200) std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
  else std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  return buf;
}

/// --shard I/N, or from a Slurm job array's environment; (0, 1) when neither.
std::pair<int, int> shard_of(const std::string& text) {
  auto parse_int = [](const std::string& t, int& v) {
    if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos || t.size() > 9) return false;
    v = std::stoi(t);
    return true;
  };
  int i = 0, n = 1;
  if (!text.empty()) {
    const auto slash = text.find('/');
    if (slash == std::string::npos || !parse_int(text.substr(0, slash), i) || !parse_int(text.substr(slash + 1), n) ||
        n < 1 || i >= n)
      throw UsageError("--shard", "expected I/N with 0 <= I < N (shard I of N, counted from 0), got \"" + text + "\"");
    return {i, n};
  }
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (id && count) {
    const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
    int idv = 0, cv = 0, mv = 0;
    if (!parse_int(id, idv) || !parse_int(count, cv) || (min && !parse_int(min, mv)) || cv < 1 || idv - mv < 0 ||
        idv - mv >= cv)
      throw UsageError("SLURM_ARRAY_TASK_ID", std::string("expected a job array index inside 0 .. ") +
                                                  "SLURM_ARRAY_TASK_COUNT - 1 (after SLURM_ARRAY_TASK_MIN); got ID " +
                                                  id + ", COUNT " + count + (min ? std::string(", MIN ") + min : ""));
    return {idv - mv, cv};
  }
  return {0, 1};
}

std::string command_line(int argc, const char* const* argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

std::string file_hash(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return sweep::fnv1a64(ss.str());
}

/// The progress line of a sweep: runs done, failed and running, runs/s, ETA.
ProgressLine sweep_line() {
  return [](const sweep::SweepProgress& p, double eta, bool end) {
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "[peacesim] sweep: %lld/%lld runs done, %lld failed, %lld running, %.2f runs/s, ETA %s",
                  static_cast<long long>(p.done), static_cast<long long>(p.total), static_cast<long long>(p.failed),
                  static_cast<long long>(p.running), rate, end ? "0 s" : human_seconds(eta).c_str());
    return std::string(buf);
  };
}

int do_sweep(const SweepCli& o, int argc, const char* const* argv, std::ostream& out, spdlog::logger& log) {
  const sweep::Experiment e = sweep::load_experiment(o.experiment);
  const sweep::ScenarioModel model(e);
  for (const auto& w : model.base().warnings) log.warn("{}", w);
  sweep::SweepPlan plan{&e, &model, sweep::make_design(e)};
  sweep::SweepOptions so;
  std::tie(so.shard, so.shards) = shard_of(o.shard);
  so.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.resume = o.resume;
  so.force = o.force;
  so.fail_fast = o.fail_fast;
  so.cancel = &g_interrupted;
  so.progress = progress_printer(o.quiet, sweep_line());
  so.inputs = {e.file, e.scenario};
  if (!e.patterns.empty()) so.inputs.push_back(e.patterns);
  if (!e.design.file.empty()) so.inputs.push_back(e.design.file);
  so.command_line = command_line(argc, argv);
  so.provenance = {{"scenario", e.scenario.string()},
                   {"scenario_hash", model.base().scenario->hash},
                   {"scenario_file_hash", file_hash(e.scenario)}};
  so.out = !o.out.empty() ? fs::path(o.out)
           : so.shards > 1 ? fs::path("out/" + e.name + "-shard-" + std::to_string(so.shard) + "-of-" +
                                      std::to_string(so.shards))
                           : fs::path("out/" + e.name);
  SignalGuard signals;
  if (sweep::mpi_launched()) {
    const auto r = sweep::run_sweep_mpi(plan, so);
    return r ? report_outcome(r->first, r->second, out, log, SignalGuard::name()) : kExitOk;  // workers: no report
  }
  sweep::SweepFolder folder(plan, so);
  const std::int64_t todo = static_cast<std::int64_t>(sweep::pending_runs(plan, so, folder.finished()).size());
  log.info("sweep {}: {} design points x {} replicates = {} runs{}; {} to do on {} threads", e.name,
           plan.design.points(), e.replicates, plan.runs(),
           so.shards > 1 ? " (shard " + std::to_string(so.shard) + " of " + std::to_string(so.shards) + ")" : "",
           todo, so.jobs);
  const sweep::SweepOutcome r = sweep::run_sweep_threads(plan, so, folder);
  folder.close(r);
  return report_outcome(r, folder.dir(), out, log, SignalGuard::name());
}

int do_design(const SweepCli& o, std::ostream& out, spdlog::logger& log) {
  const sweep::Experiment e = sweep::load_experiment(o.experiment);
  const sweep::DesignTable d = sweep::make_design(e);
  if (o.to_stdout) {
    out << sweep::design_csv_text(e, d);
    return kExitOk;
  }
  const fs::path dir = o.out.empty() ? fs::path("out/" + e.name + "-design") : fs::path(o.out);
  io::OutputFolder folder(dir, {"design", {e.file}, o.force});
  sweep::write_design_csv(e, d, folder.staging() / "design.csv");
  folder.commit();
  const int k = static_cast<int>(e.factors.size());
  out << "design " << sweep::to_string(e.design.kind) << " of " << k << " factors: " << d.points()
      << " design points x " << e.replicates << " replicates = " << std::int64_t(d.points()) * e.replicates
      << " runs\nwrote " << (dir / "design.csv").string() << "\n";
  log.info("design hash {}", "ok");
  return kExitOk;
}

/// The manifest of a sweep or merged folder.
json read_manifest(const fs::path& dir) {
  const fs::path file = dir / "manifest.json";
  if (!fs::exists(file))
    throw scenario::ScenarioError(file.string(), "", "expected the manifest.json of a sweep folder");
  return scenario::read_json_file(file);
}

int do_merge(const SweepCli& o, std::ostream& out, spdlog::logger& log) {
  if (o.shard_dirs.empty()) throw UsageError("merge", "expected the shard folders to merge");
  std::vector<json> manifests;
  for (const auto& d : o.shard_dirs) manifests.push_back(read_manifest(d));
  const json& m0 = manifests.front();
  const int count = m0["shard"].value("count", 1);
  std::map<int, std::size_t> by_index;
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    const json& m = manifests[i];
    const std::string name = o.shard_dirs[i];
    for (const char* key : {"experiment_hash", "design_hash"})
      if (m.value(key, "") != m0.value(key, ""))
        throw UsageError(name, std::string("expected the same ") + key + " as " + o.shard_dirs[0] +
                                   ": these shards are not of one sweep");
    if (m["shard"].value("count", 1) != count)
      throw UsageError(name, "expected a shard of " + std::to_string(count) + " like " + o.shard_dirs[0]);
    const int index = m["shard"].value("index", 0);
    if (by_index.count(index)) throw UsageError(name, "expected each shard once; shard " + std::to_string(index) + " is given twice");
    by_index[index] = i;
    if (m.value("status", "") != "complete")
      throw UsageError(name, "expected a complete shard, its status is \"" + m.value("status", "?") +
                                 "\": finish it with `peacesim sweep ... --shard " + std::to_string(index) + "/" +
                                 std::to_string(count) + " --resume` first");
  }
  for (int i = 0; i < count; ++i)
    if (!by_index.count(i))
      throw UsageError("merge", "expected all " + std::to_string(count) + " shards; shard " + std::to_string(i) +
                                    " is missing");
  // rows: every run id exactly once
  std::string header, series_header;
  std::map<std::int64_t, std::string> rows;
  std::map<std::int64_t, std::string> series;
  for (std::size_t i = 0; i < o.shard_dirs.size(); ++i) {
    const fs::path dir = o.shard_dirs[i];
    std::ifstream in(dir / "runs.csv", std::ios::binary);
    std::string line, h;
    std::getline(in, h);
    if (header.empty()) header = h;
    if (h != header) throw UsageError(o.shard_dirs[i], "expected the same runs.csv columns as " + o.shard_dirs[0]);
    while (std::getline(in, line)) {
      const auto id = std::stoll(line.substr(0, line.find(',')));
      if (!rows.emplace(id, line).second)
        throw UsageError(o.shard_dirs[i], "expected each run once; run " + std::to_string(id) + " is in two shards");
    }
    if (fs::exists(dir / "series.csv")) {
      std::ifstream sin(dir / "series.csv", std::ios::binary);
      std::getline(sin, h);
      if (series_header.empty()) series_header = h;
      while (std::getline(sin, line)) series[std::stoll(line.substr(0, line.find(',')))] += line + "\n";
    }
  }
  const std::int64_t runs = m0.value("runs", std::int64_t{0});
  if (static_cast<std::int64_t>(rows.size()) != runs)
    throw UsageError("merge", "expected " + std::to_string(runs) + " runs in all, the shards hold " +
                                  std::to_string(rows.size()));
  const fs::path dir = o.out.empty() ? fs::path("out/" + m0.value("experiment_name", std::string("sweep"))) : fs::path(o.out);
  std::vector<fs::path> inputs;
  for (const auto& d : o.shard_dirs) inputs.push_back(d);
  io::OutputFolder folder(dir, {"merge", inputs, o.force});
  {
    std::ofstream f(folder.staging() / "runs.csv", std::ios::binary);
    f << header << "\n";
    for (const auto& [id, line] : rows) f << line << "\n";
    if (!f.flush()) throw std::runtime_error("error writing runs.csv");
  }
  if (!series_header.empty()) {
    std::ofstream f(folder.staging() / "series.csv", std::ios::binary);
    f << series_header << "\n";
    for (const auto& [id, text] : series) f << text;
    if (!f.flush()) throw std::runtime_error("error writing series.csv");
  }
  fs::copy_file(fs::path(o.shard_dirs[0]) / "design.csv", folder.staging() / "design.csv");
  json m = m0;
  m["shard"] = {{"index", 0}, {"count", 1}};
  m["merged_from"] = json::array();
  std::int64_t failed = 0;
  for (int i = 0; i < count; ++i) {
    const json& mi = manifests[by_index[i]];
    m["merged_from"].push_back({{"folder", o.shard_dirs[by_index[i]]}, {"host", mi.value("host", "")},
                                {"started", mi.value("started", "")}, {"finished", mi.value("finished", "")}});
    if (mi.contains("counts")) failed += mi["counts"].value("failed", std::int64_t{0});
  }
  m["counts"] = {{"total", runs}, {"done", runs}, {"failed", failed}, {"skipped", 0}};
  m["status"] = "complete";
  {
    std::ofstream f(folder.staging() / "manifest.json");
    f << m.dump(2) << "\n";
  }
  folder.commit();
  out << "merged " << count << " shards: " << runs << " runs (" << failed << " failed) into " << dir.string() << "/\n";
  log.info("merge done");
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

int report_outcome(const sweep::SweepOutcome& r, const fs::path& dir, std::ostream& out, spdlog::logger& log,
                   const char* signal_name) {
  const double per_run = r.done > 0 ? r.elapsed_s * r.workers / static_cast<double>(r.done) : 0;
  out << "sweep: " << r.done << " of " << r.total << " runs done";
  if (r.skipped > 0) out << " (+" << r.skipped << " already on disk)";
  out << ", " << r.failed << " failed, on " << r.workers << " worker" << (r.workers == 1 ? "" : "s") << " in "
      << human_seconds(r.elapsed_s);
  char buf[64];
  std::snprintf(buf, sizeof buf, " (%.3f s per run per worker)", per_run);
  out << (r.done > 0 ? buf : "") << "\n";
  out << "wrote " << dir.string() << "/ (manifest.json, design.csv, runs.csv";
  if (std::filesystem::exists(dir / "series.csv")) out << ", series.csv";
  out << "), status " << r.status << "\n";
  if (r.cancelled) {
    log.error("interrupted by {}: {} finished runs kept in {}/ (status incomplete); continue with --resume",
              signal_name, r.done, dir.string());
    return kExitInterrupted;
  }
  if (r.failed_fast) {
    log.error("stopped at the first failed run (--fail-fast); see the error column of {}/runs.csv", dir.string());
    return kExitFailure;
  }
  if (r.failed > 0) {
    log.error("{} runs failed; their rows in {}/runs.csv say why (--resume runs them again)", r.failed, dir.string());
    return kExitFailure;
  }
  return kExitOk;
}

SweepCommands add_sweep_commands(CLI::App& app, SweepCli& o) {
  SweepCommands c;
  c.sweep = app.add_subcommand(
      "sweep", "Run an experiment: every design point x replicate, on threads, under MPI or in Slurm shards.");
  c.sweep->add_option("experiment", o.experiment,
                      "Experiment file (JSON; `peacesim schema --experiment`), e.g.\n"
                      "scenarios/kosovo-1999/experiments/kfor-police-coordination.json")
      ->required();
  c.sweep->add_option("--out", o.out, "Sweep folder (default out/<experiment name>, or ...-shard-I-of-N)");
  c.sweep->add_option("--jobs,-j", o.jobs, "Worker threads (default: all cores). Results do not depend on it.")
      ->check(CLI::NonNegativeNumber);
  c.sweep->add_option("--shard", o.shard,
                      "Run only shard I of N (run ids with id % N == I), e.g. 0/4; default from a Slurm job\n"
                      "array (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT). Join\n"
                      "the shards with `peacesim merge`.");
  c.sweep->add_flag("--resume", o.resume,
                    "Continue a sweep in --out that was interrupted or killed: runs only what is missing\n"
                    "or failed.");
  c.sweep->add_flag("--force", o.force, "Start again in a folder that holds a sweep (its files are replaced).");
  c.sweep->add_flag("--fail-fast", o.fail_fast, "Stop at the first failed run (default: record it and go on).");
  c.sweep->add_flag("--quiet,-q", o.quiet, "No progress line.");
  c.sweep->footer(
      "\nThe sweep folder (docs/experiments.md): manifest.json (versions, hashes, counts, status), design.csv\n"
      "(one row per design point), runs.csv (one row per run: run_id, design_point, replicate, seed, factor\n"
      "values, recorded outputs, status, error, wall_s), series.csv (per-tick series, if recorded). Each run\n"
      "is appended to runs.csv as it finishes, so a killed sweep loses only the runs in progress: continue it\n"
      "with --resume. Under `mpirun -n P` (P > 1) rank 0 hands out runs to P - 1 workers and writes the folder.\n"
      "Reproduce run K exactly: peacesim run --from DIR --run K.\n"
      "Exit codes: 0 every run done, 1 some runs failed (their rows say why), 2 bad input, 130 interrupted\n"
      "(finished runs kept, \"status\": \"incomplete\"; continue with --resume).");

  c.design = app.add_subcommand("design", "Write an experiment's design.csv without running it.");
  c.design->add_option("experiment", o.experiment, "Experiment file (JSON)")->required();
  c.design->add_option("--out", o.out, "Folder for design.csv (default out/<experiment name>-design)");
  c.design->add_flag("--stdout", o.to_stdout, "Print design.csv instead of writing a folder.");
  c.design->add_flag("--force", o.force, "Also replace a folder that another peacesim command wrote.");
  c.design->footer(
      "\nA design made here (or elsewhere: SALib, R, a spreadsheet) can be given to an experiment as\n"
      "\"design\": {\"kind\": ..., \"file\": \"design.csv\"}: one column per factor, named as the factors.");

  c.merge = app.add_subcommand("merge", "Join the shard folders of one sweep (--shard I/N) into one sweep folder.");
  c.merge->add_option("shards", o.shard_dirs, "Shard folders, every shard of the sweep once")->required();
  c.merge->add_option("--out", o.out, "Merged folder (default out/<experiment name>)");
  c.merge->add_flag("--force", o.force, "Also replace a folder that another peacesim command wrote.");
  c.merge->footer("\nThe merged runs.csv is the one a single sweep would write (rows sorted by run_id).");

  c.analyze = app.add_subcommand("analyze", "Sensitivity analysis of a sweep: Sobol' indices, Morris screening, PRCC, summaries.");
  c.analyze->add_option("sweep", o.sweep_dir, "Sweep folder (of `peacesim sweep` or `peacesim merge`)")->required();
  c.analyze->add_option("--method", o.method, "sobol | morris | prcc | summary | calibration (default: the design's own:\nsobol for a sobol design, morris for morris, prcc for a latin hypercube, else summary)")
      ->check(CLI::IsMember({"sobol", "morris", "prcc", "summary", "calibration"}));
  c.analyze->add_option("--output", o.outputs,
                        "Output column(s) of runs.csv to analyse (default: every recorded output). Repeatable.");
  c.analyze->add_option("--bootstrap", o.bootstrap, "Bootstrap resamples for confidence intervals (default 1000)")
      ->check(CLI::Range(10, 1000000));
  c.analyze->add_option("--out", o.out, "CSV file for the table (default SWEEP/analysis-<method>.csv)");
  c.analyze->add_flag("--force", o.force, "Replace the CSV file if a previous analyze wrote it.");
  c.analyze->footer(
      "\nsobol: first-order S1 (Saltelli 2010) and total ST (Jansen) indices with 95% bootstrap intervals, from a\n"
      "sobol design; morris: mu*, mu, sigma of elementary effects from a morris design; prcc, from any design (a\n"
      "latin hypercube above all): partial rank correlation coefficients with 95% bootstrap intervals and p-values\n"
      "(Marino et al. 2008), standardised regression coefficients, and the R^2 of both regressions; summary: per design point\n"
      "mean, sd and 5/50/95% quantiles over replicates. Each output is first averaged over replicates.\n"
      "calibration: for a sweep that recorded a patterns file, scores every design point as `peacesim validate`\n"
      "scores an ensemble (a pattern passes when the replicates' mean lies in its bounds) and ranks the points:\n"
      "score = patterns passed - sum over failed patterns of the distance outside the bounds / their width\n"
      "- 0.01 x summed distance from the observed values / width; points failing a required pattern rank last;\n"
      "ties keep design order. This is what tools/calibrate runs (docs/calibration.md).\n"
      "See docs/experiments.md for what the indices mean and when to trust them.");
  return c;
}

std::optional<int> run_sweep_commands(const SweepCommands& c, const SweepCli& o, int argc, const char* const* argv,
                                      std::ostream& out, spdlog::logger& log) {
  if (*c.sweep) return do_sweep(o, argc, argv, out, log);
  if (*c.design) return do_design(o, out, log);
  if (*c.merge) return do_merge(o, out, log);
  if (*c.analyze) return do_analyze(o, out, log);
  return std::nullopt;
}

}  // namespace peacesim::cli
