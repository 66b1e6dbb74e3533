#pragma once
// The batch commands: sweep, design, merge, analyze (src/cli/sweep_cli.cpp, analyze_cli.cpp).
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "peacesim/sweep/runner.hpp"

namespace peacesim::cli {

struct SweepCli {
  std::string experiment, out, shard, sweep_dir, method;
  std::vector<std::string> shard_dirs, outputs;
  int jobs = 0, bootstrap = 1000;
  bool resume = false, force = false, fail_fast = false, quiet = false, to_stdout = false;
};

struct SweepCommands {
  CLI::App* sweep = nullptr;
  CLI::App* design = nullptr;
  CLI::App* merge = nullptr;
  CLI::App* analyze = nullptr;
};

SweepCommands add_sweep_commands(CLI::App& app, SweepCli& options);
/// The exit code of the batch command that was given, or nullopt if none was.
std::optional<int> run_sweep_commands(const SweepCommands& commands, const SweepCli& options, int argc,
                                      const char* const* argv, std::ostream& out, spdlog::logger& log);

/// Prints the end summary of a sweep and returns its exit code.
int report_outcome(const sweep::SweepOutcome& r, const std::filesystem::path& dir, std::ostream& out,
                   spdlog::logger& log, const char* signal_name);

/// `peacesim analyze` (src/cli/analyze_cli.cpp).
int do_analyze(const SweepCli& options, std::ostream& out, spdlog::logger& log);

}  // namespace peacesim::cli
