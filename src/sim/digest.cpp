#include "peacesim/sim/digest.hpp"

#include <cstdio>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

namespace peacesim {

std::string canonical_metrics_row(const MetricsRow& row) {
  std::string s = std::to_string(row.tick) + "," + row.date.iso();
  char buf[40];
  for (const auto& column : metrics_columns()) {
    std::snprintf(buf, sizeof buf, ",%.17g", row.*column.field);
    s += buf;
  }
  return s + "\n";
}

void RunDigest::add_text(const std::string& text) {
  for (unsigned char ch : text) h_ = (h_ ^ ch) * 0x100000001b3ull;
}

void RunDigest::add(const MetricsRow& row) {
  add_text(canonical_metrics_row(row));
  ++rows_;
}

std::string RunDigest::hex() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

std::string platform_description() {
  std::string platform;
#if defined(__clang__)
  platform += "clang " __clang_version__;
#elif defined(__GNUC__)
  platform += "g++ " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__);
#else
  platform += "an unknown compiler";
#endif
#if defined(__GLIBC__)
  platform += ", glibc " + std::string(gnu_get_libc_version());
#else
  platform += ", not glibc";
#endif
#if defined(__x86_64__)
  platform += ", x86-64";
#else
  platform += ", not x86-64";
#endif
  return platform;
}

bool is_reference_platform() {
  bool ok = false;
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12 && defined(__x86_64__)
  ok = true;
#endif
#if defined(__GLIBC__)
  ok = ok && std::string(gnu_get_libc_version()) == "2.36";
#else
  ok = false;
#endif
  return ok;
}

}  // namespace peacesim
