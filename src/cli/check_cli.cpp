#include "check_cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "common.hpp"
#include "peacesim/check/reference.hpp"
#include "peacesim/cli/cli.hpp"
#include "peacesim/io/output.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/loader.hpp"
#include "peacesim/sim/digest.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/format.hpp"
#include "peacesim/sweep/runner.hpp"
#include "peacesim/sweep/scenario_model.hpp"
#include "peacesim/version.hpp"

namespace peacesim::cli {

namespace fs = std::filesystem;
using nlohmann::json;
using scenario::ScenarioError;

namespace {

/// Replicates of a new reference when neither the file nor --replicates says.
constexpr int kDefaultReplicates = 40;

/// A number for the table: 4 significant digits, no exponent for ordinary magnitudes.
std::string num(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[48];
  const double a = std::abs(v);
  if (a != 0 && (a < 1e-3 || a >= 1e7))
    std::snprintf(buf, sizeof buf, "%.3e", v);
  else if (a >= 1000)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string signed_num(double v, int decimals) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, v);
  return buf;
}

std::string p_text(double p) {
  char buf[32];
  if (p < 1e-4)
    std::snprintf(buf, sizeof buf, "%.1e", p);
  else
    std::snprintf(buf, sizeof buf, "%.4f", p);
  return buf;
}

std::string command_line(int argc, const char* const* argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

/// What a new reference records when the file does not exist yet: the headline indices and a few
/// outcomes at one, two and five years and at the end, and the first year's violence.
json default_record(const Scenario& s, Date last) {
  auto on_tick = [&](int days) { return s.start + (days / s.tick_days) * s.tick_days; };
  std::vector<std::string> at;
  for (int days : {365, 730, 1826})
    if (on_tick(days) < last) at.push_back(on_tick(days).iso());
  const Date end = s.start + ((last - s.start) / s.tick_days) * s.tick_days;
  at.push_back(end.iso());
  at.erase(std::unique(at.begin(), at.end()), at.end());
  const Date year = std::min(end, on_tick(364));
  return {{"metrics",
           {"stability", "order", "reconciliation", "incidents_per_100k_30d", "minority_remaining", "displaced",
            "refugees", "mean_trust", "legitimacy", "institutional_capacity"}},
          {"at", at},
          {"windows",
           {{{"name", "incidents_first_year"},
             {"metric", "incidents"},
             {"from", s.start.iso()},
             {"to", year.iso()},
             {"statistic", "sum"}},
            {{"name", "murders_first_year"},
             {"metric", "murders"},
             {"from", s.start.iso()},
             {"to", year.iso()},
             {"statistic", "sum"}}}}};
}

std::string checkpoint_text(const sweep::Recorded& r) {
  const auto& w = r.pattern.window;
  if (w.from == w.to && w.statistic == validate::Statistic::value) return w.from.iso();
  static constexpr const char* names[] = {"value", "mean", "sum", "max", "min"};
  std::string t = w.from.iso() + ".." + w.to.iso() + " " + names[static_cast<int>(w.statistic)];
  if (r.pattern.scale != 1) t += " x" + sweep::format_number(r.pattern.scale);
  return t;
}

/// The progress line of an ensemble: replicates done and running, elapsed, ETA.
ProgressLine ensemble_line(const char* what) {
  return [what](const sweep::SweepProgress& p, double eta, bool) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "[peacesim] %s: %lld/%lld replicates done, %lld running, %.1f s elapsed, ETA %.0f s",
                  what, static_cast<long long>(p.done), static_cast<long long>(p.total),
                  static_cast<long long>(p.running), p.elapsed_s, eta);
    return std::string(buf);
  };
}

struct Ensemble {
  std::vector<check::Stats> stats;            ///< per recorded quantity
  std::vector<std::vector<double>> values;    ///< [quantity][replicate]
  std::string runs_csv;                       ///< runs.csv of the ensemble (the sweep's format)
  std::optional<std::string> digest;          ///< of the replicate with the digest seed
  int digest_ticks = 0;
  double wall_s = 0;
};

}  // namespace

CLI::App* add_check_command(CLI::App& app, CheckCli& o) {
  auto* c = app.add_subcommand(
      "check", "Run a scenario's ensemble and compare it with a reference file (exit 1 if a quantity moved).");
  c->add_option("scenario", o.scenario, "Scenario file (JSON), e.g. scenarios/kosovo-1999.json")->required();
  c->add_option("--reference,-r", o.reference, "Reference file (JSON), e.g. tests/reference/kosovo-1999.json")
      ->required();
  c->add_option("--replicates,-n", o.replicates,
                "Replicates now (default: as many as the reference). Fewer is faster and still a valid\n"
                "test (Welch's t allows for both sizes), with less power to see small changes.")
      ->check(CLI::Range(2, 100000));
  c->add_option("--jobs,-j", o.jobs, "Worker threads (default: all cores). Results do not depend on it.")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--seed", o.seed,
                "Base seed now (default: the reference's): replicate r runs with seed + r. Another base\n"
                "seed gives independent replicates; the check must pass for them too.");
  c->add_option("--set", o.sets,
                "Override a scenario field on top of the reference's overrides, as for `run`\n"
                "(e.g. parameters.deterrence.arrest_k=0.088 to see that the check notices).")
      ->allow_extra_args(false);
  c->add_option("--out", o.out, "Output folder for check.csv, check.json and runs.csv (default out/check-<reference name>)");
  c->add_flag("--force", o.force, "Also replace a folder that another peacesim command wrote.");
  c->add_flag("--update", o.update,
              "Rewrite the reference from this ensemble (atomically; only FILE) and print what moved and\n"
              "by how much. Creates FILE if it does not exist, or fills a stub that holds only `record`.");
  c->add_flag("--quiet,-q", o.quiet, "No progress.");
  c->footer(
      "\nHow it decides (docs/regression.md): for every quantity (a metric at a checkpoint, or over a\n"
      "window) Welch's two-sample t test compares the ensemble now with the reference's mean, sd and\n"
      "size; Holm's step-down correction over all quantities keeps the chance that an unchanged model\n"
      "fails at most the reference's `alpha` (default 0.01). Means within a relative 1e-9 are equal\n"
      "(rounding); quantities with sd 0 in both that differ fail. The exact digest of seed 1's run is\n"
      "compared on the reference platform (Debian 12, g++ 12, glibc 2.36, x86-64), only reported\n"
      "elsewhere.\n"
      "Examples:\n"
      "  peacesim check scenarios/kosovo-1999.json --reference tests/reference/kosovo-1999.json\n"
      "  peacesim check scenarios/kosovo-1999.json -r tests/reference/kosovo-1999.json -n 10 --seed 1001\n"
      "  peacesim check scenarios/kosovo-1999.json -r tests/reference/kosovo-1999.json --update\n"
      "Exit codes: 0 every quantity passes (or --update wrote the file), 1 one fails (or the digest\n"
      "differs on the reference platform, or a run failed), 2 bad input (file, JSON pointer, what was\n"
      "expected), 130 interrupted (nothing written).\n"
      "The reference format: `peacesim schema --reference`.");
  return c;
}

int do_check(const CheckCli& o, int argc, const char* const* argv, std::ostream& out, spdlog::logger& log) {
  const fs::path ref_file = o.reference;
  const std::string ref_label = ref_file.string();
  const bool exists = fs::exists(ref_file);
  if (!exists && !o.update)
    throw ScenarioError(ref_label, "",
                        "expected an existing reference file; make one with `peacesim check " + o.scenario +
                            " --reference " + ref_label + " --update`");
  check::Reference ref;
  if (exists) {
    ref = check::load_reference(ref_file);
  } else {
    ref.file = ref_file;
    ref.replicates = 0;  // set below
  }

  // the scenario, with the reference's overrides and then --set
  std::vector<std::string> sets = ref.overrides;
  sets.insert(sets.end(), o.sets.begin(), o.sets.end());
  const auto loaded = scenario::load_scenario(o.scenario, sets);
  const Scenario& s = *loaded.scenario;
  for (const auto& w : loaded.warnings) log.warn("{}", w);
  if (exists && !ref.scenario_name.empty() && ref.scenario_name != s.name)
    throw ScenarioError(ref_label, "/scenario/name",
                        "expected the scenario the reference was made from (\"" + ref.scenario_name + "\", " +
                            ref.scenario_path + "); " + o.scenario + " is \"" + s.name + "\"");
  if (ref.until && (*ref.until < s.start || *ref.until > s.end))
    throw ScenarioError(ref_label, "/ensemble/until",
                        "expected a date inside the scenario's time frame " + s.start.iso() + " .. " + s.end.iso());
  const Date last = ref.until.value_or(s.end);
  if (!exists) ref.record = default_record(s, last);

  // the ensemble: a sweep of one design point and N replicates (common seeds: seed + r)
  sweep::Experiment e;
  e.name = "check-" + ref_file.stem().string();
  e.file = ref_file;
  e.scenario = o.scenario;
  e.sets = sets;
  e.replicates = o.replicates > 0 ? o.replicates : ref.replicates > 0 ? ref.replicates : kDefaultReplicates;
  e.seed = !o.seed.empty() ? parse_seed("--seed", o.seed) : exists ? ref.seed : 1;
  if (e.seed > std::numeric_limits<std::uint64_t>::max() - std::uint64_t(e.replicates))
    throw UsageError("--seed", "expected a base seed that leaves room for " + std::to_string(e.replicates) +
                                   " replicates below 2^64, got " + o.seed);
  e.seeds = sweep::SeedPolicy::common;
  e.until = ref.until;
  const std::uint64_t digest_seed = ref.digest ? ref.digest->seed : 1;
  e.digest_seed = digest_seed;
  sweep::read_record(e, ref.record, s, last, ref_file.parent_path(), ref_label, "/record");
  if (!e.series.empty() || !e.patterns.empty())
    throw ScenarioError(ref_label, "/record", "expected only metrics, at and windows");
  if (e.recorded.empty())
    throw ScenarioError(ref_label, "/record", "expected something to record: metrics (with `at`) or windows");
  {
    std::map<std::string, std::size_t> seen;
    for (std::size_t k = 0; k < e.recorded.size(); ++k)
      if (!seen.emplace(e.recorded[k].name, k).second)
        throw ScenarioError(ref_label, "/record", "expected distinct quantities; \"" + e.recorded[k].name + "\" is recorded twice");
  }
  const bool have_results = exists && !ref.stub();
  if (!have_results && !o.update)
    throw ScenarioError(ref_label, "/results", "expected results (this reference is a stub): fill it with --update");
  if (have_results && !o.update) {
    for (std::size_t k = 0; k < std::max(e.recorded.size(), ref.entries.size()); ++k) {
      const std::string p = scenario::pointer_append("/results", std::min(k, ref.entries.size()));
      if (k >= ref.entries.size())
        throw ScenarioError(ref_label, "/results",
                            "expected an entry for every recorded quantity; \"" + e.recorded[k].name +
                                "\" has none (the record changed: re-baseline with --update)");
      if (k >= e.recorded.size())
        throw ScenarioError(ref_label, p,
                            "expected no more entries than recorded quantities (" +
                                std::to_string(e.recorded.size()) + ")");
      if (ref.entries[k].name != e.recorded[k].name)
        throw ScenarioError(ref_label, p + "/name",
                            "expected \"" + e.recorded[k].name + "\" (quantity " + std::to_string(k) +
                                " of the record), got \"" + ref.entries[k].name +
                                "\" (the record changed: re-baseline with --update)");
    }
  }
  if (!o.sets.empty() && !o.update)
    log.warn("--set changes the scenario from the reference's: a check that fails shows the change is seen");
  if (exists && !ref.scenario_hash.empty() && ref.scenario_hash != s.hash)
    log.warn("the scenario's content differs from the reference's (hash {} now, {} in {}): the outcomes are compared "
             "all the same",
             s.hash, ref.scenario_hash, ref_label);

  // refuse a folder we may not write before any run
  const fs::path out_dir = o.out.empty() ? fs::path("out/check-" + ref_file.stem().string()) : fs::path(o.out);
  std::vector<fs::path> inputs = loaded.chain;
  inputs.push_back(ref_file);
  io::OutputFolder folder(out_dir, {"check", inputs, o.force});

  const sweep::ScenarioModel model(e);
  sweep::SweepPlan plan{&e, &model, sweep::DesignTable{{std::vector<double>{}}}};
  sweep::SweepOptions so;
  so.jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  so.cancel = &g_interrupted;
  so.progress = progress_printer(o.quiet, ensemble_line(o.update ? "check --update" : "check"));
  std::vector<std::int64_t> ids(static_cast<std::size_t>(e.replicates));
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<std::int64_t>(i);
  log.info("check {}: {} replicates (seeds {}..{}) of {} on {} threads", ref_label, e.replicates, e.seed,
           e.seed + std::uint64_t(e.replicates - 1), s.name, so.jobs);

  SignalGuard signals;
  std::vector<sweep::RunResult> results(ids.size());
  const sweep::SweepOutcome outcome =
      sweep::run_pool(plan, ids, so, [&](const sweep::RunResult& r) {
        if (!r.cancelled) results[static_cast<std::size_t>(r.run_id)] = r;
      });
  if (outcome.cancelled || g_interrupted) {
    log.error("interrupted by {}: nothing written ({} and {} left as they were)", SignalGuard::name(), ref_label,
              out_dir.string());
    return kExitInterrupted;
  }
  Ensemble now;
  now.wall_s = outcome.elapsed_s;
  const std::size_t nq = e.recorded.size();
  now.values.assign(nq, std::vector<double>(ids.size(), std::numeric_limits<double>::quiet_NaN()));
  now.runs_csv = sweep::runs_header(plan);
  for (std::size_t r = 0; r < results.size(); ++r) {
    const sweep::RunResult& rr = results[r];
    if (!rr.ok) {
      const auto cells = sweep::split_csv(rr.row.substr(0, rr.row.find('\n')));
      throw std::runtime_error("replicate " + std::to_string(r) + " (seed " + std::to_string(e.seed + r) +
                               ") failed: " + (cells.size() >= 2 ? cells[cells.size() - 2] : std::string("?")));
    }
    now.runs_csv += rr.row;
    const auto cells = sweep::split_csv(rr.row.substr(0, rr.row.find('\n')));
    for (std::size_t k = 0; k < nq; ++k) {
      const std::string& c = cells.at(4 + k);  // run_id, design_point, replicate, seed, then the outputs
      if (auto v = sweep::parse_number(c)) now.values[k][r] = *v;
    }
    if (e.seed + r == digest_seed) {
      now.digest = rr.digest;
      now.digest_ticks = (last - s.start) / s.tick_days + 1;
    }
  }
  for (std::size_t k = 0; k < nq; ++k) now.stats.push_back(check::summarise(now.values[k]));

  // the new entries (for --update), and the comparison with the reference's
  std::vector<check::Entry> fresh(nq);
  for (std::size_t k = 0; k < nq; ++k) {
    fresh[k].name = e.recorded[k].name;
    fresh[k].metric = e.recorded[k].pattern.metric;
    fresh[k].checkpoint = checkpoint_text(e.recorded[k]);
    fresh[k].stats = now.stats[k];
  }
  // against the old reference: by name (an --update may have changed the record)
  std::vector<check::Entry> matched_ref;
  std::vector<check::Stats> matched_now;
  std::vector<std::size_t> matched_k;
  for (std::size_t k = 0; k < nq; ++k)
    for (const auto& old : ref.entries)
      if (old.name == fresh[k].name) {
        matched_ref.push_back(old);
        matched_now.push_back(now.stats[k]);
        matched_k.push_back(k);
      }
  const std::vector<check::Comparison> rows = check::compare(matched_ref, matched_now, ref.alpha);
  int failed = 0;
  for (const auto& c : rows) failed += !c.passed;

  // the digest of the digest seed's run
  const bool on_platform = is_reference_platform();
  std::string digest_verdict;
  bool digest_failed = false;
  if (!ref.digest) {
    digest_verdict = "none in the reference";
  } else if (!now.digest || now.digest->empty()) {
    digest_verdict = "not compared: seed " + std::to_string(digest_seed) + " is not in this ensemble";
  } else if (!o.sets.empty() && !o.update) {
    digest_verdict = std::string(*now.digest == ref.digest->value ? "equal" : "differs") +
                     " (not failed: --set changed the scenario)";
  } else if (*now.digest == ref.digest->value) {
    digest_verdict = "equal";
  } else if (on_platform && ref.digest->reference_platform) {
    digest_verdict = "DIFFERS on the reference platform";
    digest_failed = true;
  } else {
    digest_verdict = "differs (reported, not failed: " +
                     (on_platform ? "the reference was not made on the reference platform"
                                  : "this is " + platform_description() + ", not the reference platform") +
                     ")";
  }

  // the table
  const int ref_n = ref.replicates;
  out << "\npeacesim check - " << s.title << "\n  against " << ref_label;
  if (exists)
    out << " (" << ref_n << " replicates, seeds " << ref.seed << "-" << ref.seed + std::uint64_t(std::max(0, ref_n - 1))
        << ")";
  out << "\n  now: " << e.replicates << " replicates, seeds " << e.seed << "-"
      << e.seed + std::uint64_t(e.replicates - 1);
  if (!o.sets.empty()) {
    out << ", with";
    for (const auto& x : o.sets) out << " --set " << x;
  }
  out << "\n";
  if (!rows.empty()) {
    out << "  Welch t per quantity, Holm-corrected over " << rows.size() << " at family-wise alpha "
        << sweep::format_number(ref.alpha) << "; diff in reference sd\n\n";
    std::size_t wm = 6, wc = 10;
    for (const auto& c : rows) wm = std::max(wm, c.reference->metric.size()), wc = std::max(wc, c.reference->checkpoint.size());
    wm = std::min<std::size_t>(wm, 28);
    out << std::left << std::setw(int(wm)) << "metric" << "  " << std::setw(int(wc)) << "checkpoint" << std::right
        << std::setw(22) << "reference mean (sd)" << std::setw(22) << "now mean (sd)" << std::setw(10) << "diff/sd"
        << std::setw(10) << "p" << "  verdict\n";
    out << std::string(wm + 2 + wc + 22 + 22 + 10 + 10 + 9, '-') << "\n";
    for (const auto& c : rows) {
      const auto& r = c.reference->stats;
      std::string verdict = c.passed ? "pass" : "FAIL";
      if (c.test == "exact" || c.test == "equal") verdict += " (" + c.test + ")";
      if (c.test == "no data") verdict = "FAIL (no data)";
      out << std::left << std::setw(int(wm)) << c.reference->metric.substr(0, wm) << "  " << std::setw(int(wc))
          << c.reference->checkpoint << std::right << std::setw(22) << (num(r.mean) + " (" + num(r.sd) + ")")
          << std::setw(22) << (num(c.now.mean) + " (" + num(c.now.sd) + ")") << std::setw(10)
          << (r.sd > 0 ? signed_num(c.difference_sd, 2) : c.difference == 0 ? "0" : "inf") << std::setw(10)
          << (c.test == "welch" ? p_text(c.p) : "-") << "  " << verdict << "\n";
    }
  }
  out << "\ndigest (seed " << digest_seed << "): " << (now.digest && !now.digest->empty() ? *now.digest : "-");
  if (ref.digest) out << ", reference " << ref.digest->value << " (" << ref.digest->platform << ")";
  out << ": " << digest_verdict << "\n";

  // check.csv, check.json, runs.csv
  {
    io::CsvFile csv(folder.staging() / "check.csv");
    for (const char* h : {"name", "metric", "checkpoint", "ref_n", "ref_mean", "ref_sd", "ref_p05", "ref_p50", "ref_p95",
                          "now_n", "now_mean", "now_sd", "now_p05", "now_p50", "now_p95", "difference",
                          "difference_in_ref_sd", "test", "t", "df", "p", "holm_level"})
      csv.text(h);
    csv.text("verdict", true);
    auto n = [&](double v) { csv.text(sweep::format_number(v)); };
    for (const auto& c : rows) {
      const auto& r = c.reference->stats;
      csv.text(c.reference->name);
      csv.text(c.reference->metric);
      csv.text(c.reference->checkpoint);
      csv.integer(r.n);
      n(r.mean), n(r.sd), n(r.p05), n(r.p50), n(r.p95);
      csv.integer(c.now.n);
      n(c.now.mean), n(c.now.sd), n(c.now.p05), n(c.now.p50), n(c.now.p95);
      n(c.difference), n(c.difference_sd);
      csv.text(c.test);
      n(c.t), n(c.df), n(c.p), n(c.level);
      csv.text(c.passed ? "pass" : "fail", true);
    }
    csv.close();
  }
  {
    std::ofstream runs(folder.staging() / "runs.csv", std::ios::binary);
    runs << now.runs_csv;
    if (!runs.flush()) throw std::runtime_error("error writing runs.csv");
  }
  json jrows = json::array();
  for (const auto& c : rows) {
    auto stats = [](const check::Stats& x) {
      return json{{"n", x.n}, {"mean", x.mean}, {"sd", x.sd}, {"p05", x.p05}, {"p50", x.p50}, {"p95", x.p95}};
    };
    auto finite = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    jrows.push_back({{"name", c.reference->name},
                     {"metric", c.reference->metric},
                     {"checkpoint", c.reference->checkpoint},
                     {"reference", stats(c.reference->stats)},
                     {"now", stats(c.now)},
                     {"difference", c.difference},
                     {"difference_in_ref_sd", finite(c.difference_sd)},
                     {"test", c.test},
                     {"t", finite(c.t)},
                     {"df", c.df},
                     {"p", c.p},
                     {"holm_level", c.level},
                     {"passed", c.passed}});
  }
  const bool passed = failed == 0 && !digest_failed;
  json summary = {{"peacesim_version", version()},
                  {"git_revision", git_revision()},
                  {"command", command_line(argc, argv)},
                  {"reference", ref_label},
                  {"update", o.update},
                  {"scenario", {{"file", o.scenario}, {"name", s.name}, {"hash", s.hash}, {"overrides", sets}}},
                  {"reference_replicates", ref_n},
                  {"reference_seed", ref.seed},
                  {"replicates", e.replicates},
                  {"seed", e.seed},
                  {"alpha", ref.alpha},
                  {"method", "Welch two-sample t per quantity; Holm step-down over the quantities with a p-value; "
                             "sd 0 in both: equal to a relative 1e-9"},
                  {"quantities", rows.size()},
                  {"failed", failed},
                  {"digest",
                   {{"seed", digest_seed},
                    {"now", now.digest ? json(*now.digest) : json(nullptr)},
                    {"reference", ref.digest ? json(ref.digest->value) : json(nullptr)},
                    {"platform", platform_description()},
                    {"reference_platform", on_platform},
                    {"verdict", digest_verdict},
                    {"failed", digest_failed}}},
                  {"passed", passed},
                  {"wall_seconds", now.wall_s},
                  {"results", jrows}};
  {
    std::ofstream jout(folder.staging() / "check.json");
    jout << summary.dump(2) << "\n";
    if (!jout.flush()) throw std::runtime_error("error writing check.json");
  }

  if (!o.update) {
    folder.commit();
    out << "\n" << (rows.size() - std::size_t(failed)) << " of " << rows.size() << " quantities pass"
        << (digest_failed ? "; the digest differs" : "") << " - " << (passed ? "PASS" : "FAIL") << "\n"
        << e.replicates << " runs in " << std::fixed << std::setprecision(1) << now.wall_s << " s; table in "
        << out_dir.string() << "/ (check.csv, check.json, runs.csv)\n";
    return passed ? kExitOk : kExitFailure;
  }

  // --update: the new reference, and what moved
  check::Reference next = ref;
  next.file = ref_file;
  next.scenario_path = o.scenario;
  next.scenario_name = s.name;
  next.scenario_hash = s.hash;
  next.overrides = sets;
  next.replicates = e.replicates;
  next.seed = e.seed;
  next.entries = fresh;
  if (now.digest && !now.digest->empty())
    next.digest = check::Digest{digest_seed, *now.digest, now.digest_ticks, platform_description(), on_platform};
  else
    next.digest.reset();
  next.made_by = {{"peacesim_version", version()},
                  {"git_revision", git_revision()},
                  {"date", sweep::utc_now_iso()},
                  {"command", "peacesim check " + o.scenario + " --reference " + ref_label + " --update" +
                                  (o.replicates > 0 ? " --replicates " + std::to_string(o.replicates) : "") +
                                  (o.seed.empty() ? "" : " --seed " + o.seed)}};
  folder.commit();
  check::write_reference(next, ref_file);

  out << "\nwrote " << ref_label << " (" << e.replicates << " replicates, seeds " << e.seed << "-"
      << e.seed + std::uint64_t(e.replicates - 1) << ", " << nq << " quantities)\n";
  if (!exists || ref.stub()) {
    out << "a new reference: nothing to compare with\n";
  } else {
    // what moved, largest first (in the old reference's sd)
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto size = [&](std::size_t i) {
      const auto& c = rows[i];
      if (c.difference == 0) return 0.0;
      return std::isfinite(c.difference_sd) ? std::abs(c.difference_sd) : std::numeric_limits<double>::infinity();
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size(a) > size(b); });
    int unchanged = 0;
    out << "\nmoved (new - old), largest first in the old sd; verdict = what `check` says of the new ensemble\n"
        << "against the old reference:\n\n";
    out << std::left << std::setw(34) << "quantity" << std::right << std::setw(14) << "old mean" << std::setw(14)
        << "new mean" << std::setw(14) << "change" << std::setw(10) << "in sd" << std::setw(10) << "%"
        << "  verdict\n";
    for (std::size_t i : order) {
      const auto& c = rows[i];
      if (c.difference == 0 && c.now.sd == c.reference->stats.sd) {
        ++unchanged;
        continue;
      }
      const double pct = c.reference->stats.mean != 0 ? 100 * c.difference / std::abs(c.reference->stats.mean)
                                                      : std::numeric_limits<double>::quiet_NaN();
      out << std::left << std::setw(34) << c.reference->name << std::right << std::setw(14)
          << num(c.reference->stats.mean) << std::setw(14) << num(c.now.mean) << std::setw(14)
          << signed_num(c.difference, std::abs(c.difference) >= 100 ? 0 : 4) << std::setw(10)
          << (c.reference->stats.sd > 0 ? signed_num(c.difference_sd, 2) : "inf") << std::setw(10)
          << signed_num(pct, 1) << "  " << (c.passed ? "within noise" : "MOVED") << "\n";
    }
    out << "\n" << unchanged << " of " << rows.size() << " quantities unchanged (mean and sd exactly)";
    if (rows.size() != nq) out << "; " << nq - rows.size() << " new quantities";
    if (ref.entries.size() > rows.size()) out << "; " << ref.entries.size() - rows.size() << " dropped";
    out << "\n";
    if (ref.replicates != e.replicates || ref.seed != e.seed)
      out << "ensemble: " << ref.replicates << " replicates from seed " << ref.seed << " -> " << e.replicates
          << " from seed " << e.seed << "\n";
  }
  if (ref.digest || next.digest)
    out << "digest (seed " << digest_seed << "): " << (ref.digest ? ref.digest->value : "-") << " -> "
        << (next.digest ? next.digest->value : "-") << "\n";
  if (exists && ref.scenario_hash != s.hash)
    out << "scenario hash: " << (ref.scenario_hash.empty() ? "-" : ref.scenario_hash) << " -> " << s.hash << "\n";
  out << "review the diff of " << ref_label << " before committing it (docs/regression.md)\n";
  return kExitOk;
}

}  // namespace peacesim::cli
