#pragma once
/// The command line: `peacesim run | inspect | schema | params`, usable in-process by tests.
#include <ostream>

namespace peacesim::cli {

/// Exit codes: 0 success, 1 run failure, 2 bad input or usage, 130 interrupted.
inline constexpr int kExitOk = 0, kExitFailure = 1, kExitBadInput = 2, kExitInterrupted = 130;

/// Runs the command line. Writes results to `out`, logs and errors to `err`; never calls exit().
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace peacesim::cli
