#pragma once
// Shared by the command implementations in src/cli/ (not a public header).
#include <atomic>
#include <csignal>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "peacesim/sweep/runner.hpp"

namespace peacesim::cli {

// SIGINT/SIGTERM: `run` finishes the tick and writes nothing; the ensemble and sweep commands stop
// at a run boundary and write what finished, marked incomplete. All exit 130 (kExitInterrupted).
// (A signal handler can only reach process-wide state; this flag is the one exception to
// "no global mutable state", and it lives in the CLI, not the engine.)
extern std::atomic<bool> g_interrupted;
extern std::atomic<int> g_signal;

/// Catches SIGINT and SIGTERM for the life of a command, and restores the previous handlers.
class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
  static const char* name() { return g_signal == SIGTERM ? "SIGTERM" : "SIGINT"; }

 private:
  void (*prev_int_)(int) = SIG_DFL;
  void (*prev_term_)(int) = SIG_DFL;
};

/// A command-line value that cannot be used: exit 2, naming the option.
struct UsageError : std::runtime_error {
  UsageError(const std::string& option, const std::string& expected) : std::runtime_error(option + ": " + expected) {}
};

/// A progress line on stderr for an ensemble or a sweep: every second on a terminal (redrawn in
/// place), every 10 s in a log, and always the last; nothing if `quiet`. `line` writes the text
/// of one (no "\r", no line break); `end` says the work is done (an ETA of 0).
using ProgressLine = std::function<std::string(const sweep::SweepProgress&, double eta_s, bool end)>;
std::function<void(const sweep::SweepProgress&)> progress_printer(bool quiet, ProgressLine line);

/// A seed: a whole number 0 .. 2^64-1, written in decimal (no sign, no fraction, no exponent).
std::uint64_t parse_seed(const std::string& option, const std::string& text);

}  // namespace peacesim::cli
