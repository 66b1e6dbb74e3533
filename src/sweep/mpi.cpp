#include "peacesim/sweep/mpi.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#ifdef PEACESIM_WITH_MPI
#include <boost/mpi.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace peacesim::sweep {

namespace {

int to_int(const char* v) {
  try {
    return v && *v ? std::stoi(v) : 0;
  } catch (...) {
    return 0;
  }
}

/// The number of processes an MPI launcher started: mpirun (Open MPI, MPICH/Hydra's PMI), or
/// srun with an MPI plugin (PMIx or PMI2: then Slurm's task count of the step).
int launcher_size() {
  if (int n = to_int(std::getenv("OMPI_COMM_WORLD_SIZE"))) return n;
  if (int n = to_int(std::getenv("PMI_SIZE"))) return n;
  if (std::getenv("PMIX_RANK") || std::getenv("PMI_RANK"))
    for (const char* var : {"SLURM_STEP_NUM_TASKS", "SLURM_NTASKS"})
      if (int n = to_int(std::getenv(var))) return n;
  return 0;
}

}  // namespace

bool mpi_launched() {
  const int size = launcher_size();
  if (size <= 1) return false;
#ifdef PEACESIM_WITH_MPI
  return true;
#else
  throw std::runtime_error("started by mpirun with " + std::to_string(size) +
                           " processes, but this peacesim was built without MPI: every process would run the whole "
                           "sweep. Rebuild with Open MPI and Boost.MPI (tools/setup installs them; docs/cluster.md), "
                           "or run `peacesim sweep --jobs N` on one machine, or `--shard I/N` per process.");
#endif
}

#ifndef PEACESIM_WITH_MPI

std::optional<std::pair<SweepOutcome, std::filesystem::path>> run_sweep_mpi(const SweepPlan&, const SweepOptions&) {
  throw std::runtime_error("this peacesim was built without MPI (docs/cluster.md)");
}

#else

namespace {
enum Tag : int { kStart = 1, kWork = 2, kResult = 3 };
constexpr std::int64_t kStop = -1;  // the batch {-1}: no more work
const std::string kGo = "go";       // rank 0's start message; anything else is its error

/// Waits for the next message with `tag` from any rank without keeping a core busy. Open MPI's blocking
/// receive spins (with mpi_yield_when_idle it only yields between spins), and rank 0 has no runs of its
/// own: spinning, it burns the core it was given (P ranks on P cores run P - 1 workers), or half of a
/// worker's when there are more ranks than cores. Probing with sleeps that grow from 20 us to 1 ms
/// (ADR 0028) delays a worker's next batch by at most about 1 ms, against runs of ~0.1 s each.
boost::mpi::status wait_for(const boost::mpi::communicator& world, int tag) {
  auto pause = std::chrono::microseconds(20);
  while (true) {
    if (const auto st = world.iprobe(boost::mpi::any_source, tag)) return *st;
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(1));
  }
}
}

std::optional<std::pair<SweepOutcome, std::filesystem::path>> run_sweep_mpi(const SweepPlan& plan,
                                                                            const SweepOptions& options) {
  static boost::mpi::environment env(boost::mpi::threading::single);  // MPI_Finalize at exit
  boost::mpi::communicator world;
  const int workers = world.size() - 1;
  if (world.rank() != 0) {
    // a worker: wait for the go, then ask for work by sending results (none at first)
    std::string start;
    boost::mpi::broadcast(world, start, 0);
    if (start != kGo) return std::nullopt;
    std::vector<RunResult> results;
    while (true) {
      world.send(0, kResult, results);
      std::vector<std::int64_t> batch;
      world.recv(0, kWork, batch);
      if (batch.size() == 1 && batch[0] == kStop) break;
      results.clear();
      for (std::int64_t id : batch) results.push_back(execute(plan, id, options.cancel));
    }
    return std::nullopt;
  }

  // rank 0: the master
  std::optional<SweepFolder> folder;
  std::string start_error;
  try {
    folder.emplace(plan, options);
  } catch (const std::exception& e) {
    start_error = e.what();
    if (start_error.empty() || start_error == kGo) start_error = "error";
    boost::mpi::broadcast(world, start_error, 0);
    throw;
  }
  start_error = kGo;
  boost::mpi::broadcast(world, start_error, 0);
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<std::int64_t> pending = pending_runs(plan, options, folder->finished());
  SweepOutcome out;
  out.workers = workers;
  out.total = static_cast<std::int64_t>(pending.size());
  for (std::int64_t id = 0; id < plan.runs(); ++id)
    if (id % options.shards == options.shard && folder->finished()[static_cast<std::size_t>(id)]) ++out.skipped;
  std::size_t next = 0;
  std::int64_t out_for = 0;  // runs handed out and not yet back
  bool halt = false;
  int stopped = 0;
  while (stopped < workers) {
    std::vector<RunResult> results;
    const boost::mpi::status st = world.recv(wait_for(world, kResult).source(), kResult, results);
    for (const RunResult& r : results) {
      --out_for;
      folder->append(r);
      if (r.cancelled) continue;
      ++out.done;
      if (!r.ok) {
        ++out.failed;
        if (options.fail_fast) out.failed_fast = true, halt = true;
      }
    }
    if (options.cancel && options.cancel->load() && !halt) out.cancelled = true, halt = true;
    std::vector<std::int64_t> batch;
    if (!halt && next < pending.size()) {
      const std::size_t remaining = pending.size() - next;
      const std::size_t size = std::clamp<std::size_t>(remaining / (4 * static_cast<std::size_t>(workers)), 1, 64);
      batch.assign(pending.begin() + static_cast<std::ptrdiff_t>(next),
                   pending.begin() + static_cast<std::ptrdiff_t>(next + std::min(size, remaining)));
      next += batch.size();
      out_for += static_cast<std::int64_t>(batch.size());
    }
    if (batch.empty()) {
      // the stop message: never an empty vector (Boost 1.74 indexes element 0 of it: UBSan)
      batch.push_back(kStop);
      ++stopped;
    }
    world.send(st.source(), kWork, batch);
    if (options.progress) {
      SweepProgress p{out.done, out.failed, out_for, out.total, out.skipped,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), workers};
      options.progress(p);
    }
  }
  out.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.status = out.done == out.total ? "complete" : "incomplete";
  folder->close(out);
  return std::make_pair(out, folder->dir());
}

#endif

}  // namespace peacesim::sweep
