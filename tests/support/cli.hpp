// Test support: run the peacesim CLI in-process and capture its exit code and output; find the teaching scenario.
#pragma once

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "peacesim/cli/cli.hpp"

namespace peacesim::test {

/// One CLI invocation: its exit code and what it wrote to stdout and stderr.
struct CliResult {
  int code = -1;
  std::string out, err;
};

/// Runs `peacesim <args...>` through run_cli, capturing both streams.
inline CliResult cli(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"peacesim"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliResult r;
  r.code = peacesim::cli::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

/// The shipped teaching scenario (found from this source file, or from the working directory).
inline std::string two_towns() {
  const std::filesystem::path rel = std::filesystem::path("scenarios") / "examples" / "two-towns.json";
  // this file is tests/support/cli.hpp: three levels below the source root
  const std::filesystem::path from_source =
      std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / rel;
  if (std::filesystem::exists(from_source)) return from_source.string();
  return (std::filesystem::current_path() / rel).string();
}

}  // namespace peacesim::test
