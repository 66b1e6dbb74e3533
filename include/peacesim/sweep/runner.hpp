#pragma once
/// The sweep engine: every (design point, replicate) of an experiment run once, on a pool of
/// threads or under MPI, each finished run appended to runs.csv as it finishes, resumable.
///
/// Identity: runs.csv, sorted by run_id and without its last column (wall_s), is byte-identical
/// whatever ran it: 1 or N threads, MPI, merged shards, or a sweep killed and resumed. Each row
/// is a pure function of (experiment, design, run_id): the worker formats the whole row (numbers
/// in shortest round-trip form) and the writer only appends it.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/model.hpp"

namespace peacesim::sweep {

/// What every worker needs to run any run id.
struct SweepPlan {
  const Experiment* experiment = nullptr;
  const Model* model = nullptr;
  DesignTable design;
  [[nodiscard]] std::int64_t runs() const {
    return static_cast<std::int64_t>(design.points()) * experiment->replicates;
  }
  /// run_id = design_point * replicates + replicate
  [[nodiscard]] int point_of(std::int64_t run_id) const { return static_cast<int>(run_id / experiment->replicates); }
  [[nodiscard]] int replicate_of(std::int64_t run_id) const { return static_cast<int>(run_id % experiment->replicates); }
};

/// One finished (or failed) run, formatted.
struct RunResult {
  std::int64_t run_id = -1;
  bool ok = false;
  bool cancelled = false;  ///< stopped by the cancel flag: not a result, not written
  std::string row;         ///< the runs.csv line, with its '\n'
  std::string series;      ///< its series.csv lines (may be empty)
  std::string digest;      ///< ModelRun::digest() of a finished run (usually empty)
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & run_id & ok & cancelled & row & series & digest;
  }
};

/// The runs.csv header line (with '\n').
std::string runs_header(const SweepPlan& plan);
/// The series.csv header line (with '\n'): run_id, tick, date, then the series metrics.
std::string series_header(const SweepPlan& plan);

/// Runs one run id to its end (or until `cancel`), catching any error into a failed row.
RunResult execute(const SweepPlan& plan, std::int64_t run_id, const std::atomic<bool>* cancel);

/// Progress of a sweep, for the progress line.
struct SweepProgress {
  std::int64_t done = 0, failed = 0, running = 0, total = 0;  ///< total: runs this sweep has to do
  std::int64_t skipped = 0;                                  ///< already on disk (resume)
  double elapsed_s = 0;
  int workers = 1;
};

struct SweepOptions {
  std::filesystem::path out;
  int jobs = 1;
  int shard = 0, shards = 1;  ///< this process runs run ids with run_id % shards == shard
  bool resume = false;
  bool force = false;
  bool fail_fast = false;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(const SweepProgress&)> progress;  ///< about once a second, and at the end
  std::vector<std::filesystem::path> inputs;           ///< files of the command (output-folder rules)
  std::string command_line;                            ///< for the manifest
  nlohmann::json provenance = nlohmann::json::object();  ///< more manifest fields (scenario hash, ...)
};

/// How a sweep ended.
struct SweepOutcome {
  std::int64_t total = 0, done = 0, failed = 0, skipped = 0;
  bool cancelled = false;
  bool failed_fast = false;
  double elapsed_s = 0;
  int workers = 1;
  std::string status;  ///< "complete" (every run of this shard has a row, failed ones too) or "incomplete"
};

/// The sweep folder: manifest.json, design.csv, runs.csv, series.csv; appends runs as they
/// finish (a row in runs.csv means the run and its series are on disk), and on finish rewrites
/// runs.csv and series.csv sorted by run_id (atomically: a temporary file renamed into place).
class SweepFolder {
 public:
  /// Opens or creates the folder per the output-folder rules (ADR 0008); with `resume`, reads
  /// the runs already there (a truncated last line is dropped) and checks the experiment and
  /// design hashes match. Throws io::OutputFolderError or scenario::ScenarioError.
  SweepFolder(const SweepPlan& plan, const SweepOptions& options);
  /// Run ids already finished (status ok) on disk: resume skips them.
  [[nodiscard]] const std::vector<char>& finished() const { return finished_; }
  void append(const RunResult& r);
  /// Sorts runs.csv and series.csv, writes manifest.json and the marker with the final status.
  void close(const SweepOutcome& outcome);
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

 private:
  void write_manifest(const std::string& status, const SweepOutcome* outcome);
  const SweepPlan* plan_;
  SweepOptions options_;
  std::filesystem::path dir_;
  std::vector<char> finished_;
  std::FILE* runs_ = nullptr;
  std::FILE* series_ = nullptr;
  std::string started_;
  std::string design_hash_;
};

/// The run ids this process has to do: those of its shard that are not finished.
std::vector<std::int64_t> pending_runs(const SweepPlan& plan, const SweepOptions& options,
                                       const std::vector<char>& finished);

/// Runs the sweep on `options.jobs` threads, writing into `folder`.
SweepOutcome run_sweep_threads(const SweepPlan& plan, const SweepOptions& options, SweepFolder& folder);

/// The thread pool under run_sweep_threads: runs `ids` with execute() on up to `jobs` threads and
/// hands every result (cancelled ones included) to `sink` on the calling thread, as runs finish.
/// `options` supplies cancel, fail_fast and progress (its folder fields are not used); `skipped`
/// is reported in the progress. Also used by `peacesim check` (one design point, N replicates),
/// so that there is one ensemble runner.
SweepOutcome run_pool(const SweepPlan& plan, const std::vector<std::int64_t>& ids, const SweepOptions& options,
                      const std::function<void(const RunResult&)>& sink, std::int64_t skipped = 0);

/// Hash of a design (FNV-1a over design.csv's text).
std::string design_hash(const SweepPlan& plan);

/// Reads a sweep folder's runs.csv into (header, rows by run_id); rows that are not "ok" are
/// kept too. Throws scenario::ScenarioError on a malformed file.
struct RunsTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] int column(const std::string& name) const;  ///< -1 if absent
};
RunsTable read_runs_csv(const std::filesystem::path& file);

}  // namespace peacesim::sweep
