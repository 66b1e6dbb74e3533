#pragma once
/// Run outputs: tidy CSV tables and a JSON summary, written into a staging folder that becomes
/// the output folder only when the run has finished (so a failed or interrupted run never
/// leaves a folder that looks complete).
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/model/metrics.hpp"
#include "peacesim/sim/simulation.hpp"

namespace peacesim::io {

/// An output folder the command may not write: it holds files peacesim did not write, it holds
/// an input of the command, it is the working folder, the home folder or a root, or another
/// command's results are there. The CLI maps it to exit 2 (bad input); nothing has been written.
struct OutputFolderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// What a command tells its output folder about itself, so the folder can be recognised later.
struct OutputOwner {
  std::string command;                    ///< e.g. "run", "validate", "compare"
  std::vector<std::filesystem::path> inputs;  ///< files the command reads (none may lie inside the folder)
  bool force = false;                     ///< replace a folder another peacesim command wrote
};

/// The marker file every output folder holds: a JSON manifest naming the tool, the command, its
/// inputs, the files it wrote and its status. Only folders with a marker are ever replaced, and
/// only the files the marker lists are ever deleted.
inline constexpr const char* kOutputMarker = ".peacesim-output.json";

/// A staging folder beside the final one; `commit()` swaps it into place (ADR 0008).
///
/// The constructor decides, before any work is done, whether the final folder may be written:
/// it may if it does not exist, if it is empty, or if its marker says the same command with the
/// same inputs wrote it (a re-run) and it holds nothing but the files listed there; with
/// `force`, also when another peacesim command wrote it. Anything else throws
/// OutputFolderError with the reason and what to do.
class OutputFolder {
 public:
  OutputFolder(std::filesystem::path final_dir, OutputOwner owner);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;
  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& final_dir() const { return final_; }
  /// Writes the marker (status "complete" or "incomplete"), then replaces the previous output
  /// folder, if any, with the staging one. Of the previous folder only the files its marker
  /// lists are deleted; if anything else has appeared in it meanwhile, it is kept, renamed
  /// beside the output as `.<name>.previous-<n>`, and `previous_kept()` names it.
  void commit(const std::string& status = "complete");
  const std::filesystem::path& previous_kept() const { return previous_kept_; }

 private:
  std::filesystem::path final_, staging_, previous_kept_;
  OutputOwner owner_;
  bool committed_ = false;
};

/// Checks that `dir` may receive the output of `owner` (the rules of OutputFolder), without
/// creating anything; throws OutputFolderError.
void check_output_folder(const std::filesystem::path& dir, const OutputOwner& owner);

/// For a command that writes its folder in place as it goes (a sweep, so that finished runs
/// survive a crash): writes the folder's marker with `status` and the files it owns.
void write_output_marker(const std::filesystem::path& dir, const OutputOwner& owner, const std::string& status,
                         const std::vector<std::string>& files);
/// A folder's marker, or null when it has none (or not peacesim's).
nlohmann::json read_output_marker(const std::filesystem::path& dir);
/// Deletes the files that a folder's marker lists, and the marker; nothing else (used by --force).
void remove_marked_files(const std::filesystem::path& dir);

/// A CSV file written row by row with a fixed, locale-free number format (std::to_chars into a
/// 64 KiB buffer, written out as it fills and on close).
class CsvFile {
 public:
  explicit CsvFile(const std::filesystem::path& path);
  ~CsvFile();
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  void text(std::string_view s, bool last = false);
  void number(double v, int decimals, bool last = false);
  void integer(long long v, bool last = false);
  void close();  ///< flushes; throws std::runtime_error on a write error

 private:
  static constexpr std::size_t kBuffer = 64 * 1024;
  void sep(bool last);
  /// At least `n` free bytes at the end of the buffer (flushing it first if need be).
  char* room(std::size_t n);
  void flush_buffer();
  std::FILE* f_ = nullptr;
  std::filesystem::path path_;
  std::vector<char> buf_;
  std::size_t used_ = 0;
  bool failed_ = false;
};

/// Writes metrics.csv: tick, date, then metrics_columns().
class MetricsWriter {
 public:
  explicit MetricsWriter(const std::filesystem::path& path);
  void write(const MetricsRow& row);
  void close() { csv_.close(); }

 private:
  CsvFile csv_;
};

/// Writes municipalities.csv: tick, date, location, name, sector, then location_columns().
class LocationWriter {
 public:
  explicit LocationWriter(const std::filesystem::path& path);
  /// Writes every location for the tick `row` describes.
  void write(const Scenario& s, const World& w, const MetricsRow& row);
  void close() { csv_.close(); }

 private:
  CsvFile csv_;
};

/// Writes incidents.csv (optional): one row per pair of communities with incidents in a tick.
class IncidentWriter {
 public:
  explicit IncidentWriter(const std::filesystem::path& path);
  void write(const Scenario& s, const World& w, const MetricsRow& row);
  void close() { csv_.close(); }

 private:
  CsvFile csv_;
};

/// Tracks the peak of every metric over a run.
struct PeakTracker {
  std::vector<double> value;
  std::vector<Date> date;
  void update(const MetricsRow& row);
};

/// The run summary (summary.json).
nlohmann::json make_summary(const Simulation& sim, const nlohmann::json& scenario_info, double wall_seconds,
                            const PeakTracker& peaks, const std::vector<std::string>& files);

}  // namespace peacesim::io
