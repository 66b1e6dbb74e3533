#pragma once
/// Where peacesim finds the data it ships (scenarios, pattern files, experiments) when it is run
/// from an install, from a build tree, or with PEACESIM_DATA_DIR set, so that
/// `peacesim run kosovo-1999` works on a cluster login node as well as in a checkout (ADR 0015).
///
/// A data root is a folder laid out like `<prefix>/share/peacesim`: `scenarios/` (the shipped
/// scenarios, their pattern files, variants and experiments), `schema/`, `docs/`, `slurm/`.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peacesim::io {

/// What the search depends on, outside the argument: taken from the process by `from_process()`,
/// given by hand in tests.
struct DataSearch {
  std::optional<std::filesystem::path> env_dir;     ///< PEACESIM_DATA_DIR, if set and not empty
  std::optional<std::filesystem::path> executable;  ///< this program, canonical (/proc/self/exe)
  std::filesystem::path data_from_bin;  ///< install layout: the data root relative to the binary's folder
  std::filesystem::path source_dir;     ///< the source tree this binary was built from
  std::filesystem::path binary_dir;     ///< the build tree this binary was built in

  /// PEACESIM_DATA_DIR, /proc/self/exe, and the install layout and trees this build was configured with.
  static DataSearch from_process();
};

/// One place data is searched, and why it is searched.
struct DataRoot {
  std::filesystem::path dir;  ///< the data root (holds scenarios/ ...)
  std::string origin;         ///< "PEACESIM_DATA_DIR", "install", "source tree"
};

/// The data roots, in search order: PEACESIM_DATA_DIR; the install's `<prefix>/share/peacesim`,
/// found from the executable's own location (only if that folder exists); the source tree, only
/// for a binary that lives inside the build tree it was built in.
std::vector<DataRoot> data_roots(const DataSearch& search);

/// The file an input argument names, for a command that reads a file of `subdir` (e.g.
/// "scenarios"): the argument itself when it is an existing file (returned as given); else, for a
/// relative argument, `<root>/<subdir>/<argument>` and, without an extension,
/// `<root>/<subdir>/<argument>.json`, in each data root in order. So `kosovo-1999`,
/// `kosovo-1999.json`, `kosovo-1999/patterns.json` and `kosovo-1999/variants/police-early` all
/// name shipped files. Throws scenario::ScenarioError (exit 2) naming the argument, every place
/// it looked and the shipped names, when none exists.
std::filesystem::path resolve_data_file(const std::string& argument, std::string_view subdir,
                                        const DataSearch& search);
/// resolve_data_file(argument, "scenarios", DataSearch::from_process()).
std::filesystem::path resolve_scenario_argument(const std::string& argument);

/// The names of the main scenarios shipped in a data root, for messages (`examples/two-towns`,
/// `kosovo-1999`), sorted: `scenarios/NAME.json`, and the .json files of a subfolder of
/// `scenarios/` that is not a scenario's companion folder (`scenarios/NAME/` holds NAME's
/// patterns, variants and experiments). Empty if there are none.
std::vector<std::string> shipped_scenarios(const std::filesystem::path& root);

}  // namespace peacesim::io
