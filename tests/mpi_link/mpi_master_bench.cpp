// How many results per second can a sweep's rank 0 take? A stand-in for the master loop of
// `peacesim sweep` under MPI (src/sweep/mpi.cpp), with the same message shapes and the same
// per-run work on rank 0, but runs that cost nothing, so that rank 0 is the bottleneck:
//   workers: send a batch of results (each a runs.csv row of ROW_BYTES, plus ids and flags, as a
//            Boost.Serialization'd vector, packed once up front), receive the next batch of run ids;
//   rank 0:  receive a batch from any worker, write each row with fwrite + fflush (one write()
//            per run, as the sweep does, so a SIGKILL loses nothing), send the next batch.
// Prints rank 0's rows/s and its time per run split into messaging and writing; docs/cluster.md
// uses these for the throughput model. Not a test (it checks nothing but its counts); run by hand:
//   mpirun -n 2 build/dev/tests/mpi_link/mpi_master_bench [RUNS] [BATCH] [ROW_BYTES] [OUT_FILE]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/packed_oarchive.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

namespace {

/// The shape of a sweep's result message (run id, flags, the formatted row, an error, timing).
struct Result {
  std::int64_t run_id = 0;
  bool ok = true;
  bool cancelled = false;
  double wall_s = 0;
  std::string row, series, error;
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & run_id & ok & cancelled & wall_s & row & series & error;
  }
};

using clock_type = std::chrono::steady_clock;
double seconds(clock_type::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  boost::mpi::environment env(argc, argv);
  boost::mpi::communicator world;
  const std::int64_t runs = argc > 1 ? std::atoll(argv[1]) : 200000;
  const std::size_t batch_size = argc > 2 ? static_cast<std::size_t>(std::atoll(argv[2])) : 1;
  const std::size_t row_bytes = argc > 3 ? static_cast<std::size_t>(std::atoll(argv[3])) : 200;
  const std::string out_file = argc > 4 ? argv[4] : "/tmp/peacesim-mpi-master-bench.csv";
  const int workers = world.size() - 1;
  if (workers < 1) {
    std::fprintf(stderr, "needs at least 2 ranks (mpirun -n 2 ...)\n");
    return 2;
  }
  enum : int { kWork = 2, kResult = 3 };

  if (world.rank() != 0) {
    // the reply to a batch of b runs, serialized once: a worker here costs nothing but the send
    std::string row(row_bytes - 1, '7');
    row += '\n';
    std::vector<Result> results(batch_size);
    for (std::size_t i = 0; i < batch_size; ++i) {
      results[i].run_id = static_cast<std::int64_t>(i);
      results[i].row = row;
    }
    boost::mpi::packed_oarchive none(world), full(world);
    none << std::vector<Result>{};
    full << results;
    bool first = true;
    while (true) {
      world.send(0, kResult, first ? none : full);
      first = false;
      std::vector<std::int64_t> batch;
      world.recv(0, kWork, batch);
      if (batch.front() < 0) break;
    }
    return 0;
  }

  std::FILE* f = std::fopen(out_file.c_str(), "w");
  if (!f) {
    std::perror(out_file.c_str());
    return 1;
  }
  std::int64_t next = 0, received = 0;
  int stopped = 0;
  clock_type::duration writing{};
  const auto t0 = clock_type::now();
  while (stopped < workers) {
    std::vector<Result> results;
    const boost::mpi::status st = world.recv(boost::mpi::any_source, kResult, results);
    const auto w0 = clock_type::now();
    for (const Result& r : results) {
      std::fwrite(r.row.data(), 1, r.row.size(), f);
      std::fflush(f);
      ++received;
    }
    writing += clock_type::now() - w0;
    std::vector<std::int64_t> batch;
    if (next < runs)  // whole batches: a worker's reply always holds batch_size results
      for (std::size_t i = 0; i < batch_size; ++i) batch.push_back(next++);
    // "stop" is {-1}, not an empty vector: Boost 1.74's send of an empty vector of a primitive type
    // binds a reference to v[0] of nothing (UBSan: communicator.hpp:1298, null reference)
    if (batch.empty()) {
      ++stopped;
      batch.push_back(-1);
    }
    world.send(st.source(), kWork, batch);
  }
  const double total = seconds(clock_type::now() - t0);
  std::fclose(f);
  std::remove(out_file.c_str());
  const double per_run_us = 1e6 * total / static_cast<double>(received);
  const double write_us = 1e6 * seconds(writing) / static_cast<double>(received);
  std::printf("mpi master bench: %d workers, %lld runs, batch %zu, row %zu B: %.0f runs/s at rank 0; "
              "%.2f us per run = %.2f us writing + %.2f us messaging (%.2f us per message)\n",
              workers, static_cast<long long>(received), batch_size, row_bytes, static_cast<double>(received) / total,
              per_run_us, write_us, per_run_us - write_us,
              (per_run_us - write_us) * static_cast<double>(batch_size));
  return received >= runs ? 0 : 1;
}
