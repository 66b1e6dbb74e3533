#pragma once
// `peacesim check`: an ensemble compared with a reference file, or the reference rewritten
// (src/cli/check_cli.cpp; ADR 0010, docs/regression.md).
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

namespace peacesim::cli {

struct CheckCli {
  std::string scenario, reference, out, seed;
  std::vector<std::string> sets;
  int replicates = 0, jobs = 0;
  bool update = false, force = false, quiet = false;
};

CLI::App* add_check_command(CLI::App& app, CheckCli& options);
int do_check(const CheckCli& options, int argc, const char* const* argv, std::ostream& out, spdlog::logger& log);

}  // namespace peacesim::cli
