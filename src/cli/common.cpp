#include "common.hpp"

#include <algorithm>
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
