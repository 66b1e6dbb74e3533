// A link and launch check of the MPI build (not peacesim code): Boost.MPI over the MPI library
// CMake found, with Boost.Serialization for a non-trivial message. Run by ctest as
// `mpiexec -n 3 mpi_link_check`; prints one line on rank 0 and exits non-zero on any mismatch.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include <mpi.h>

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

int main(int argc, char** argv) {
  boost::mpi::environment env(argc, argv);
  boost::mpi::communicator world;
  const int rank = world.rank();
  const int size = world.size();

  // a serialized message (string + vector) from every worker to rank 0, as a master/worker sweep does
  if (rank != 0) {
    const std::vector<int> payload(static_cast<std::size_t>(rank), rank);
    world.send(0, 7, std::string("rank ") + std::to_string(rank));
    world.send(0, 8, payload);
  }
  int bad = 0;
  if (rank == 0) {
    for (int r = 1; r < size; ++r) {
      std::string text;
      std::vector<int> payload;
      world.recv(r, 7, text);
      world.recv(r, 8, payload);
      if (text != "rank " + std::to_string(r) || payload != std::vector<int>(static_cast<std::size_t>(r), r)) ++bad;
    }
  }
  // a collective: the sum of the ranks
  const int sum = boost::mpi::all_reduce(world, rank, std::plus<int>());
  if (sum != size * (size - 1) / 2) ++bad;
  if (rank == 0) {
    char library[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int length = 0;
    MPI_Get_library_version(library, &length);
    const std::string first_line(library, std::find(library, library + length, ','));
    std::printf("mpi link check: %d ranks, %s, %d bad messages\n", size, first_line.c_str(), bad);
  }
  return bad == 0 ? 0 : 1;
}
