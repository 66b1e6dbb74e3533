#include "peacesim/sweep/runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "peacesim/io/output.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/sweep/format.hpp"
#include "peacesim/version.hpp"

namespace peacesim::sweep {

namespace fs = std::filesystem;
using nlohmann::json;
using scenario::ScenarioError;

namespace {

constexpr const char* kRuns = "runs.csv";
constexpr const char* kSeries = "series.csv";
constexpr const char* kDesign = "design.csv";
constexpr const char* kManifest = "manifest.json";

/// Every file a sweep folder may hold, temporaries included, for its marker.
std::vector<std::string> owned_files(bool series) {
  std::vector<std::string> f = {kManifest, kDesign, kRuns, "runs.csv.tmp", "manifest.json.tmp",
                                std::string(io::kOutputMarker) + ".tmp"};
  if (series) f.insert(f.end(), {kSeries, "series.csv.tmp"});
  return f;
}

std::string cell(double v) { return std::isnan(v) ? std::string() : format_number(v); }

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

/// The leading run_id of a CSV line, or -1.
std::int64_t leading_id(const std::string& line) {
  std::int64_t id = -1;
  const auto comma = line.find(',');
  const std::string head = line.substr(0, comma);
  if (head.empty() || head.find_first_not_of("0123456789") != std::string::npos) return -1;
  id = std::stoll(head);
  return id;
}

/// Lines of a file after its header; a last line without '\n' (cut by a kill) is dropped.
std::vector<std::string> body_lines(const fs::path& file, std::string& header) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::string> lines;
  std::size_t start = 0;
  bool first = true;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string::npos) break;  // truncated
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (first) {
      header = line;
      first = false;
    } else {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

void write_atomically(const fs::path& file, const std::string& text) {
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::runtime_error("error writing " + tmp.string());
  }
  fs::rename(tmp, file);
}

/// Keeps, per run id, the last line whose id is in `keep` (or every id when keep is empty:
/// the whole multi-line block of series), sorted by id, stable within an id.
std::string sorted_body(const std::vector<std::string>& lines, const std::vector<char>* keep, bool last_only) {
  std::map<std::int64_t, std::vector<const std::string*>> by_id;
  for (const auto& l : lines) {
    const auto id = leading_id(l);
    if (id < 0) continue;
    if (keep && (id >= static_cast<std::int64_t>(keep->size()) || !(*keep)[id])) continue;
    auto& v = by_id[id];
    if (last_only) v.clear();
    v.push_back(&l);
  }
  std::string out;
  for (const auto& [id, v] : by_id)
    for (const auto* l : v) out += *l + "\n";
  return out;
}

}  // namespace

std::string design_hash(const SweepPlan& plan) { return fnv1a64(design_csv_text(*plan.experiment, plan.design)); }

std::string runs_header(const SweepPlan& plan) {
  std::string h = "run_id,design_point,replicate,seed";
  for (const auto& f : plan.experiment->factors) h += "," + f.name;
  for (const auto& n : plan.model->output_names()) h += "," + n;
  return h + ",status,error,wall_s\n";
}

std::string series_header(const SweepPlan& plan) {
  std::string h = "run_id,tick,date";
  for (const auto& n : plan.model->series_names()) h += "," + csv_escape(n);
  return h + "\n";
}

RunResult execute(const SweepPlan& plan, std::int64_t run_id, const std::atomic<bool>* cancel) {
  const auto t0 = std::chrono::steady_clock::now();
  const Experiment& e = *plan.experiment;
  const int point = plan.point_of(run_id), replicate = plan.replicate_of(run_id);
  const std::uint64_t seed = run_seed(e, point, replicate);
  const std::vector<double>& values = plan.design.values.at(static_cast<std::size_t>(point));
  RunResult res;
  res.run_id = run_id;
  std::vector<double> out(plan.model->output_names().size(), std::numeric_limits<double>::quiet_NaN());
  std::string error;
  try {
    auto run = plan.model->build(point, values, seed);
    const std::size_t ns = plan.model->series_names().size();
    const int every = std::max(1, plan.model->series_every());
    std::vector<double> sv(ns);
    const std::string prefix = std::to_string(run_id) + ",";
    while (!run->done()) {
      if (cancel && cancel->load(std::memory_order_relaxed)) {
        res.cancelled = true;
        return res;
      }
      run->step();
      if (ns > 0 && (run->tick() % every == 0 || run->done())) {
        run->series(sv);
        res.series += prefix + std::to_string(run->tick()) + "," + run->date();
        for (double v : sv) res.series += "," + cell(v);
        res.series += "\n";
      }
    }
    run->finish(out);
    res.digest = run->digest();
    res.ok = true;
  } catch (const std::exception& ex) {
    error = ex.what();
    res.series.clear();
    std::fill(out.begin(), out.end(), std::numeric_limits<double>::quiet_NaN());
  }
  std::string row = std::to_string(run_id) + "," + std::to_string(point) + "," + std::to_string(replicate) + "," +
                    std::to_string(seed);
  for (std::size_t f = 0; f < e.factors.size(); ++f) row += "," + csv_escape(e.factors[f].text(values[f]));
  for (double v : out) row += "," + cell(v);
  row += res.ok ? ",ok," : ",failed," + csv_escape(error);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, ",%.4f\n", wall);
  res.row = row + buf;
  return res;
}

int RunsTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

RunsTable read_runs_csv(const fs::path& file) {
  if (!fs::exists(file)) throw ScenarioError(file.string(), "", "expected a runs.csv (is this a sweep folder?)");
  std::string header;
  const auto lines = body_lines(file, header);
  RunsTable t;
  t.header = split_csv(header);
  if (t.header.empty() || t.header[0] != "run_id")
    throw ScenarioError(file.string(), "line 1", "expected a header starting with run_id");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto cells = split_csv(lines[i]);
    if (cells.size() != t.header.size())
      throw ScenarioError(file.string(), "line " + std::to_string(i + 2),
                          "expected " + std::to_string(t.header.size()) + " cells, got " + std::to_string(cells.size()));
    t.rows.push_back(std::move(cells));
  }
  return t;
}

// ---- the folder ---------------------------------------------------------------------------------

SweepFolder::SweepFolder(const SweepPlan& plan, const SweepOptions& options)
    : plan_(&plan), options_(options), dir_(options.out) {
  if (!dir_.empty() && dir_.filename().empty()) dir_ = dir_.parent_path();
  const bool series = !plan.model->series_names().empty();
  design_hash_ = design_hash(plan);
  finished_.assign(static_cast<std::size_t>(plan.runs()), 0);
  const io::OutputOwner owner{"sweep", options.inputs, options.force};
  const json marker = io::read_output_marker(dir_);
  const std::string name = "'" + dir_.string() + "'";
  started_ = utc_now_iso();
  if (options.resume) {
    if (marker.is_null() || marker.value("command", "") != "sweep" || !fs::exists(dir_ / kManifest))
      throw io::OutputFolderError("cannot resume " + name + ": it holds no sweep (no " + std::string(kManifest) +
                                  " and marker of `peacesim sweep`). Run without --resume to start one.");
    json manifest;
    {
      std::ifstream in(dir_ / kManifest);
      manifest = json::parse(in, nullptr, false);
    }
    if (manifest.is_discarded()) throw io::OutputFolderError("cannot resume " + name + ": its manifest.json is not JSON");
    auto mismatch = [&](const char* what) {
      throw io::OutputFolderError("cannot resume " + name + ": its " + std::string(what) +
                                  " differs from this one's, so its runs are not runs of this sweep. Run it into "
                                  "another folder, or start again with --force.");
    };
    if (manifest.value("experiment_hash", "") != plan.experiment->hash) mismatch("experiment (file content)");
    if (manifest.value("design_hash", "") != design_hash_) mismatch("design");
    if (manifest.value("shard", json::object()) != json{{"index", options.shard}, {"count", options.shards}})
      mismatch("shard");
    if (manifest.contains("started")) started_ = manifest["started"].get<std::string>();
    // keep the finished runs; failed ones run again
    std::string header;
    const auto lines = body_lines(dir_ / kRuns, header);
    if (header + "\n" != runs_header(plan)) mismatch("runs.csv header");
    for (const auto& l : lines) {
      const auto id = leading_id(l);
      if (id < 0 || id >= plan.runs()) continue;
      const auto cells = split_csv(l);
      if (cells.size() >= 3 && cells[cells.size() - 3] == "ok") finished_[id] = 1;
    }
    write_atomically(dir_ / kRuns, runs_header(plan) + sorted_body(lines, &finished_, true));
    if (series) {
      std::string sh;
      const auto slines = fs::exists(dir_ / kSeries) ? body_lines(dir_ / kSeries, sh) : std::vector<std::string>{};
      // a series block is kept only with its run's row (written after it)
      write_atomically(dir_ / kSeries, series_header(plan) + sorted_body(slines, &finished_, false));
    }
  } else {
    io::check_output_folder(dir_, owner);
    if (!marker.is_null()) {
      if (marker.value("command", "") == "sweep" && !options.force)
        throw io::OutputFolderError("will not start a new sweep in " + name +
                                    ": it holds a sweep already. Add --resume to continue it (only missing and "
                                    "failed runs are run), --force to start again (its files are replaced), or "
                                    "choose another folder with --out.");
      io::remove_marked_files(dir_);
    }
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw io::OutputFolderError("cannot create the output folder " + name + ": " + ec.message());
    io::write_output_marker(dir_, owner, "running", owned_files(series));
    write_atomically(dir_ / kDesign, design_csv_text(*plan.experiment, plan.design));
    write_atomically(dir_ / kRuns, runs_header(plan));
    if (series) write_atomically(dir_ / kSeries, series_header(plan));
  }
  write_manifest("running", nullptr);
  io::write_output_marker(dir_, owner, "running", owned_files(series));
  runs_ = std::fopen((dir_ / kRuns).c_str(), "ab");
  if (!runs_) throw std::runtime_error("cannot append to " + (dir_ / kRuns).string());
  if (series) {
    series_ = std::fopen((dir_ / kSeries).c_str(), "ab");
    if (!series_) throw std::runtime_error("cannot append to " + (dir_ / kSeries).string());
  }
}

void SweepFolder::append(const RunResult& r) {
  if (r.cancelled) return;
  // the series first: a row in runs.csv means the run's series is complete on disk
  if (series_ && r.ok && !r.series.empty()) {
    std::fwrite(r.series.data(), 1, r.series.size(), series_);
    std::fflush(series_);
  }
  std::fwrite(r.row.data(), 1, r.row.size(), runs_);
  // a write() per run: the row is in the kernel, so it survives SIGKILL of this process
  if (std::fflush(runs_) != 0) throw std::runtime_error("error writing " + (dir_ / kRuns).string());
  if (r.ok) finished_[static_cast<std::size_t>(r.run_id)] = 1;
}

void SweepFolder::write_manifest(const std::string& status, const SweepOutcome* o) {
  const Experiment& e = *plan_->experiment;
  json m = {{"tool", "peacesim"},
            {"peacesim_version", version()},
            {"git_revision", git_revision()},
            {"command", options_.command_line},
            {"experiment", e.file.empty() ? std::string() : std::filesystem::absolute(e.file).lexically_normal().string()},
            {"experiment_name", e.name},
            {"experiment_hash", e.hash},
            {"design_kind", to_string(e.design.kind)},
            {"design_file", e.design.file.empty() ? json(nullptr) : json(e.design.file.string())},
            {"design_points", plan_->design.points()},
            {"design_hash", design_hash_},
            {"factors", json::array()},
            {"factor_specs", json::array()},
            {"replicates", e.replicates},
            {"seed", e.seed},
            {"seeds", e.seeds == SeedPolicy::common ? "common" : "independent"},
            {"runs", plan_->runs()},
            {"shard", {{"index", options_.shard}, {"count", options_.shards}}},
            {"outputs", plan_->model->output_names()},
            {"series", plan_->model->series_names()},
            {"host", host_name()},
            {"started", started_},
            {"status", status}};
  for (const auto& f : e.factors) m["factors"].push_back(f.name), m["factor_specs"].push_back(f.spec);
  // the recorded patterns with their bounds, so `analyze --method calibration` can score each
  // design point as `validate` scores an ensemble, from the folder alone
  if (!e.patterns.empty()) {
    m["patterns_file"] = std::filesystem::absolute(e.patterns).lexically_normal().string();
    m["patterns"] = json::array();
    for (const Recorded& r : e.recorded) {
      if (!r.is_pattern) continue;
      const validate::Pattern& p = r.pattern;
      m["patterns"].push_back({{"id", p.id},
                               {"column", r.name},
                               {"min", p.min ? json(*p.min) : json(nullptr)},
                               {"max", p.max ? json(*p.max) : json(nullptr)},
                               {"observed", p.observed ? json(*p.observed) : json(nullptr)},
                               {"required", p.required}});
    }
  }
  for (const auto& [k, v] : options_.provenance.items()) m[k] = v;
  if (o) {
    m["finished"] = utc_now_iso();
    m["counts"] = {{"total", o->total}, {"done", o->done}, {"failed", o->failed}, {"skipped", o->skipped}};
    m["workers"] = o->workers;
    m["elapsed_s"] = o->elapsed_s;
  }
  write_atomically(dir_ / kManifest, m.dump(2) + "\n");
}

void SweepFolder::close(const SweepOutcome& o) {
  if (runs_) std::fclose(runs_), runs_ = nullptr;
  if (series_) std::fclose(series_), series_ = nullptr;
  std::string header;
  const auto lines = body_lines(dir_ / kRuns, header);
  write_atomically(dir_ / kRuns, runs_header(*plan_) + sorted_body(lines, nullptr, true));
  const bool series = !plan_->model->series_names().empty();
  if (series) {
    std::string sh;
    const auto slines = body_lines(dir_ / kSeries, sh);
    write_atomically(dir_ / kSeries, series_header(*plan_) + sorted_body(slines, &finished_, false));
  }
  write_manifest(o.status, &o);
  io::write_output_marker(dir_, io::OutputOwner{"sweep", options_.inputs, options_.force}, o.status,
                          owned_files(series));
}

std::vector<std::int64_t> pending_runs(const SweepPlan& plan, const SweepOptions& o, const std::vector<char>& finished) {
  std::vector<std::int64_t> ids;
  for (std::int64_t id = 0; id < plan.runs(); ++id)
    if (id % o.shards == o.shard && !finished[static_cast<std::size_t>(id)]) ids.push_back(id);
  return ids;
}

// ---- threads ------------------------------------------------------------------------------------

SweepOutcome run_sweep_threads(const SweepPlan& plan, const SweepOptions& o, SweepFolder& folder) {
  const std::vector<std::int64_t> pending = pending_runs(plan, o, folder.finished());
  std::int64_t skipped = 0;
  for (std::int64_t id = 0; id < plan.runs(); ++id)
    if (id % o.shards == o.shard && folder.finished()[static_cast<std::size_t>(id)]) ++skipped;
  return run_pool(plan, pending, o, [&](const RunResult& r) { folder.append(r); }, skipped);
}

SweepOutcome run_pool(const SweepPlan& plan, const std::vector<std::int64_t>& pending, const SweepOptions& o,
                      const std::function<void(const RunResult&)>& sink, std::int64_t skipped) {
  const auto t0 = std::chrono::steady_clock::now();
  SweepOutcome out;
  out.workers = std::max(1, std::min<int>(o.jobs, static_cast<int>(std::max<std::size_t>(1, pending.size()))));
  out.total = static_cast<std::int64_t>(pending.size());
  out.skipped = skipped;

  std::atomic<bool> halt{false};
  if (o.cancel && o.cancel->load()) out.cancelled = true, halt = true;
  std::atomic<std::size_t> next{0};
  std::atomic<int> running{0};
  std::mutex m;
  std::condition_variable cv;
  std::deque<RunResult> queue;
  int live = out.workers;
  std::exception_ptr worker_error;

  std::vector<std::thread> threads;
  for (int w = 0; w < out.workers; ++w)
    threads.emplace_back([&] {
      try {
        while (!halt.load() && !(o.cancel && o.cancel->load())) {
          const std::size_t i = next.fetch_add(1);
          if (i >= pending.size()) break;
          ++running;
          RunResult r = execute(plan, pending[i], &halt);
          --running;
          std::lock_guard lock(m);
          queue.push_back(std::move(r));
          cv.notify_one();
        }
      } catch (...) {
        std::lock_guard lock(m);
        worker_error = std::current_exception();
        halt = true;
      }
      std::lock_guard lock(m);
      --live;
      cv.notify_one();
    });

  auto last_progress = std::chrono::steady_clock::now();
  auto report = [&] {
    if (!o.progress) return;
    SweepProgress p{out.done, out.failed, running.load(), out.total, out.skipped,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), out.workers};
    o.progress(p);
  };
  std::unique_lock lock(m);
  while (true) {
    cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return !queue.empty() || live == 0; });
    while (!queue.empty()) {
      RunResult r = std::move(queue.front());
      queue.pop_front();
      lock.unlock();
      sink(r);
      if (!r.cancelled) {
        ++out.done;
        if (!r.ok) {
          ++out.failed;
          if (o.fail_fast) out.failed_fast = true, halt = true;
        }
      }
      lock.lock();
    }
    if (o.cancel && o.cancel->load() && !halt) out.cancelled = true, halt = true;
    if (live == 0) break;
    if (std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(1)) {
      lock.unlock();
      report();
      lock.lock();
      last_progress = std::chrono::steady_clock::now();
    }
  }
  lock.unlock();
  for (auto& t : threads) t.join();
  if (worker_error) std::rethrow_exception(worker_error);
  out.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report();
  out.status = out.done == out.total ? "complete" : "incomplete";
  return out;
}

}  // namespace peacesim::sweep
