#include "peacesim/io/data_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "peacesim/scenario/error.hpp"

// set by CMakeLists.txt on this file only (ADR 0015)
#ifndef PEACESIM_DATA_FROM_BIN
#define PEACESIM_DATA_FROM_BIN "../share/peacesim"
#endif
#ifndef PEACESIM_BINARY_DIR
#define PEACESIM_BINARY_DIR ""
#endif
#ifndef PEACESIM_SOURCE_DIR
#define PEACESIM_SOURCE_DIR ""
#endif

namespace peacesim::io {

namespace fs = std::filesystem;

namespace {

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

/// An existing file that is not a directory (a regular file, or a link to one, or a fifo).
bool is_file(const fs::path& p) {
  std::error_code ec;
  const auto st = fs::status(p, ec);
  return fs::exists(st) && !fs::is_directory(st);
}

/// Whether `inner` lies inside `outer` (both absolute, lexically normal).
bool inside(const fs::path& inner, const fs::path& outer) {
  if (outer.empty()) return false;
  const fs::path rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

fs::path canonical_or_normal(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

}  // namespace

DataSearch DataSearch::from_process() {
  DataSearch s;
  if (const char* env = std::getenv("PEACESIM_DATA_DIR"); env != nullptr && *env != '\0') s.env_dir = fs::path(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && !exe.empty()) s.executable = exe;
  s.data_from_bin = PEACESIM_DATA_FROM_BIN;
  s.source_dir = PEACESIM_SOURCE_DIR;
  s.binary_dir = PEACESIM_BINARY_DIR;
  return s;
}

std::vector<DataRoot> data_roots(const DataSearch& search) {
  std::vector<DataRoot> roots;
  if (search.env_dir) roots.push_back({*search.env_dir, "PEACESIM_DATA_DIR"});
  if (search.executable) {
    const fs::path exe = canonical_or_normal(*search.executable);
    const fs::path installed = (exe.parent_path() / search.data_from_bin).lexically_normal();
    if (is_dir(installed)) roots.push_back({installed, "install"});
    // a binary inside the build tree it was built in reads the source tree's data
    if (!search.source_dir.empty() && inside(exe, canonical_or_normal(search.binary_dir)))
      roots.push_back({search.source_dir, "source tree"});
  }
  return roots;
}

fs::path resolve_data_file(const std::string& argument, std::string_view subdir, const DataSearch& search) {
  const fs::path given(argument);
  if (is_file(given)) return given;

  std::vector<std::string> looked{"./" + argument + " (as given)"};
  std::vector<std::string> shipped;
  if (!argument.empty() && given.is_relative()) {
    const auto roots = data_roots(search);
    for (const auto& root : roots) {
      const fs::path dir = root.dir / std::string(subdir);
      std::vector<fs::path> candidates{dir / given};
      if (!given.has_extension()) candidates.push_back(dir / fs::path(argument + ".json"));
      for (const auto& c : candidates) {
        if (is_file(c)) return c.lexically_normal();
      }
      std::string where = candidates.front().lexically_normal().string();
      if (candidates.size() > 1) where += "[.json]";
      looked.push_back(where + " (" + root.origin + ")");
      if (shipped.empty()) shipped = shipped_scenarios(root.dir);
    }
    if (!search.env_dir) looked.emplace_back("PEACESIM_DATA_DIR (not set)");
  }
  std::string expected = "expected an existing, readable file";
  if (given.is_relative()) {
    expected += ", or the name of a file shipped under " + std::string(subdir) + "/ (e.g. kosovo-1999); looked in: ";
    for (std::size_t i = 0; i < looked.size(); ++i) expected += (i ? "; " : "") + looked[i];
    if (!shipped.empty()) {
      expected += "; shipped scenarios: ";
      for (std::size_t i = 0; i < shipped.size(); ++i) expected += (i ? ", " : "") + shipped[i];
    }
  }
  if (is_dir(given)) expected += " (" + argument + " is a directory)";
  throw scenario::ScenarioError(argument, "", expected);
}

fs::path resolve_scenario_argument(const std::string& argument) {
  return resolve_data_file(argument, "scenarios", DataSearch::from_process());
}

std::vector<std::string> shipped_scenarios(const fs::path& root) {
  std::vector<std::string> names;
  const fs::path dir = root / "scenarios";
  std::error_code ec;
  if (!is_dir(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path p = entry.path();
    if (entry.is_regular_file(ec) && p.extension() == ".json") {
      names.push_back(p.stem().string());
    } else if (entry.is_directory(ec) && !is_file(dir / fs::path(p.filename().string() + ".json"))) {
      // a folder of scenarios (not NAME/ beside NAME.json, which holds NAME's companions)
      for (const auto& inner : fs::directory_iterator(p, ec)) {
        if (inner.is_regular_file(ec) && inner.path().extension() == ".json")
          names.push_back(p.filename().string() + "/" + inner.path().stem().string());
      }
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace peacesim::io
