#include "common.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>

namespace peacesim::cli {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};

extern "C" void peacesim_cli_on_signal(int sig) {
  g_signal = sig;
  g_interrupted = true;
}

SignalGuard::SignalGuard() {
  g_interrupted = false;
  g_signal = 0;
  prev_int_ = std::signal(SIGINT, peacesim_cli_on_signal);
  prev_term_ = std::signal(SIGTERM, peacesim_cli_on_signal);
}

SignalGuard::~SignalGuard() {
  std::signal(SIGINT, prev_int_);
  std::signal(SIGTERM, prev_term_);
}

std::function<void(const sweep::SweepProgress&)> progress_printer(bool quiet, ProgressLine line) {
  const bool tty = isatty(fileno(stderr));
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [quiet, tty, last, line = std::move(line)](const sweep::SweepProgress& p) {
    if (quiet) return;
    const auto now = std::chrono::steady_clock::now();
    const bool end = p.done >= p.total;
    if (!end && now - *last < std::chrono::seconds(tty ? 1 : 10)) return;
    *last = now;
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0;
    const double eta = end ? 0.0 : rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0;
    std::fprintf(stderr, "%s%s%s", tty ? "\r" : "", line(p, eta, end).c_str(), tty ? "   " : "\n");
    if (tty && end) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  };
}

std::uint64_t parse_seed(const std::string& option, const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (errno == 0 && end != nullptr && *end == 0) return v;
  }
  throw UsageError(option, "expected a whole number from 0 to 18446744073709551615, got \"" + text + "\"");
}

}  // namespace peacesim::cli
