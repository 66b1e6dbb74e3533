#pragma once
/// The HTML report (`peacesim report`, `peacesim run --report`): one self-contained file with
/// charts (dygraphs), a map (d3) and the provenance of a run, an ensemble or a comparison.
/// The libraries are Debian's libjs-dygraphs and libjs-d3, read at run time and inlined; the
/// page template is embedded at build time (ADR 0014).
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/scenario/scenario.hpp"

namespace peacesim::report {

/// A folder that cannot be reported on, a missing library, an output file we may not replace:
/// the CLI maps it to exit 2.
struct ReportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// What a run or ensemble folder records about its scenario for the report: groups, locations
/// (seat coordinates, pre-war make-up), scripted events, time frame.
nlohmann::json scenario_layout(const Scenario& s);

/// Reads one output folder (`run`, `validate`, `compare` or `sweep`) into the report's data:
/// {"folder", "command", "provenance", "scenarios": [...], "checkpoints": [...]}.
nlohmann::json read_folder(const std::filesystem::path& dir);

/// The folder with the JavaScript libraries: $PEACESIM_JS_DIR, else /usr/share/javascript.
std::filesystem::path javascript_dir();

/// Throws ReportError naming the Debian package if a library the report inlines is missing.
void check_libraries();

/// The whole HTML page for a folder and the folders it is compared with; `shown_as` names the
/// folder on the page (default: `dir` itself; `run --report` reads its staging folder);
/// `report_file`, where the page will be, makes its links to the data files relative.
std::string render(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& compare,
                   const std::filesystem::path& shown_as = {}, const std::filesystem::path& report_file = {});

/// Writes `render(...)` to `out` (via a temporary file and a rename). Refuses to replace a file
/// that is not a peacesim report, and to add one to another command's output folder (whose
/// marker would not list it).
void write_report(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& compare,
                  const std::filesystem::path& out, const std::filesystem::path& shown_as = {});

/// A one-line chart of `values` in Unicode blocks (▁▂▃▄▅▆▇█), `width` characters, scaled from
/// `lo` to `hi`; bins of several values show their mean.
std::string sparkline(const std::vector<double>& values, int width, double lo, double hi);

}  // namespace peacesim::report
