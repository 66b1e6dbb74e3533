#pragma once
// Shared helpers of the libFuzzer targets (tests/fuzz, built with -DPEACESIM_FUZZ=ON and clang).
//
// The contract under test (issue #7): every bad input is refused with a
// peacesim::scenario::ScenarioError naming the file, the JSON pointer and the expectation.
// Any other exception escaping the API is a finding: report it and abort() so libFuzzer
// saves the input. Crashes, leaks and undefined behaviour are caught by the sanitizers.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>

#include <cxxabi.h>

#include "peacesim/scenario/error.hpp"
#include "peacesim/scenario/scenario.hpp"
#include "peacesim/sim/simulation.hpp"

namespace peacesim::fuzz {

inline std::string demangled(const std::type_info& t) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? name.get() : t.name();
}

/// Runs `body`; ScenarioError is an expected outcome (returns false), anything else aborts.
template <class Body>
bool expect_scenario_errors_only(const char* what, Body&& body) {
  try {
    body();
    return true;
  } catch (const peacesim::scenario::ScenarioError& e) {
    // the contract also wants a file and an expectation in every error
    if (e.file.empty() || e.expected.empty()) {
      std::fprintf(stderr, "FINDING (%s): ScenarioError without file or expectation: %s\n", what, e.what());
      std::abort();
    }
    return false;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FINDING (%s): %s escaped instead of ScenarioError: %s\n", what,
                 demangled(typeid(e)).c_str(), e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "FINDING (%s): a non-std exception escaped instead of ScenarioError\n", what);
    std::abort();
  }
}

/// A per-process scratch directory under $TMPDIR (removed at exit).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    fs::path d = base / ("peacesim-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir(), ignored);
    });
    return d;
  }();
  return dir;
}

inline void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) {
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
    std::abort();
  }
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz harness: cannot read %s\n", path.c_str());
    std::abort();
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Steps a loaded scenario a few ticks; non-finite metrics are findings. Exceptions from the
/// simulation (there should be none after a successful load) count as findings too.
inline void step_a_few_ticks(const std::shared_ptr<const Scenario>& scenario, int ticks = 3) {
  try {
    Simulation sim(scenario, 1);
    sim.set_check_invariants(true);
    for (int t = 0; t < ticks && !sim.done(); ++t) sim.step();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FINDING (simulation): %s thrown while stepping a scenario that loaded: %s\n",
                 demangled(typeid(e)).c_str(), e.what());
    std::abort();
  }
}

}  // namespace peacesim::fuzz
