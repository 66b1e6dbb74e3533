#pragma once
/// Sweeps under MPI: rank 0 hands out runs in batches to ranks 1 .. P-1 and writes the folder.
///
/// Dynamic hand-out (runs differ in length): a worker asks for work by sending the results of its
/// last batch; batches shrink as the sweep nears its end (remaining / (4 x workers), 1 .. 64 runs)
/// so that no worker idles long at the end. Every rank loads the experiment and makes the design
/// itself (both deterministic), so only run ids go out and formatted rows come back.
#include <filesystem>
#include <optional>
#include <utility>

#include "peacesim/sweep/runner.hpp"

namespace peacesim::sweep {

/// True when this process was started by an MPI launcher with more than one process (Open MPI's
/// OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX/Slurm's equivalents). Throws std::runtime_error if so
/// and this binary was built without MPI (every rank would otherwise run the whole sweep).
bool mpi_launched();

/// Runs the sweep as master (rank 0) and workers; on rank 0 returns the outcome and the folder it
/// wrote, on workers nullopt. Errors on rank 0 before the start (e.g. the output folder) reach
/// every worker, which then stop.
std::optional<std::pair<SweepOutcome, std::filesystem::path>> run_sweep_mpi(const SweepPlan& plan,
                                                                            const SweepOptions& options);

}  // namespace peacesim::sweep
