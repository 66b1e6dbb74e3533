#pragma once
/// The exact digest of a run (ADR 0002): FNV-1a 64 over the canonical serialisation of every
/// metrics row of every tick (tick, ISO date, then every metrics column as %.17g). One bit moved
/// anywhere changes it. The golden-hash test (tests/sim/test_golden.cpp) and the reference files
/// of `peacesim check` (ADR 0010) both use this, so the two always agree.
#include <cstdint>
#include <string>

#include "peacesim/model/metrics.hpp"

namespace peacesim {

/// One row: tick, ISO date, then every metrics column (metrics_columns() order) as %.17g, '\n'.
/// Stricter than metrics.csv (fixed decimals): every bit of every double counts.
std::string canonical_metrics_row(const MetricsRow& row);

/// FNV-1a 64 over the canonical rows of a run, fed one tick at a time.
class RunDigest {
 public:
  void add(const MetricsRow& row);
  void add_text(const std::string& text);
  /// "fnv1a64:<16 hex digits>"
  [[nodiscard]] std::string hex() const;
  [[nodiscard]] int rows() const { return rows_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ull;
  int rows_ = 0;
};

/// This build's platform, e.g. "g++ 12.2, glibc 2.36, x86-64".
std::string platform_description();
/// Whether this build runs on the platform the committed digests were made on: Debian 12's
/// toolchain (g++ 12 on x86-64, glibc 2.36). Elsewhere a digest is reported, never failed.
bool is_reference_platform();
/// The reference platform, in words, for messages.
inline constexpr const char* kReferencePlatform = "Debian 12: g++ 12, glibc 2.36, x86-64";

}  // namespace peacesim
