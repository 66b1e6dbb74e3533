// Replays saved fuzzer inputs without libFuzzer (any compiler, e.g. the gcc dev build):
//   peacesim_fuzz_replay TARGET PATH...   (TARGET: fuzz_scenario, fuzz_set or fuzz_patterns)
// Every regular file in each PATH (a file or a directory, not recursive; names starting with '.'
// or README skipped) goes through the target's LLVMFuzzerTestOneInput. A finding aborts; a missing
// PATH is not an error (a target without regressions has no directory).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"

// each target's entry points, renamed at compile time (tests/fuzz/CMakeLists.txt)
extern "C" int fuzz_scenario_test_one_input(const std::uint8_t*, std::size_t);
extern "C" int fuzz_set_test_one_input(const std::uint8_t*, std::size_t);
extern "C" int fuzz_set_initialize(int*, char***);
extern "C" int fuzz_patterns_test_one_input(const std::uint8_t*, std::size_t);
extern "C" int fuzz_patterns_initialize(int*, char***);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s fuzz_scenario|fuzz_set|fuzz_patterns PATH...\n", argv[0]);
    return 2;
  }
  const std::string_view target = argv[1];
  int (*one)(const std::uint8_t*, std::size_t) = nullptr;
  int (*init)(int*, char***) = nullptr;
  if (target == "fuzz_scenario") {
    one = fuzz_scenario_test_one_input;
  } else if (target == "fuzz_set") {
    one = fuzz_set_test_one_input, init = fuzz_set_initialize;
  } else if (target == "fuzz_patterns") {
    one = fuzz_patterns_test_one_input, init = fuzz_patterns_initialize;
  } else {
    std::fprintf(stderr, "unknown target '%s'\n", argv[1]);
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    const fs::path p = argv[i];
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      for (const auto& entry : fs::directory_iterator(p)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && !name.starts_with(".") && !name.starts_with("README")) files.push_back(entry.path());
      }
    } else {
      std::printf("%s: no such file or directory, skipped\n", p.c_str());
    }
  }
  std::sort(files.begin(), files.end());
  if (init) init(&argc, &argv);
  for (const auto& f : files) {
    std::printf("%s: %s\n", argv[1], f.c_str());
    std::fflush(stdout);
    const std::string data = peacesim::fuzz::read_file(f);
    one(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  }
  std::printf("%s: %zu inputs replayed, no findings\n", argv[1], files.size());
  return 0;
}
