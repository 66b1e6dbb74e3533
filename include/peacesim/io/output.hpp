#pragma once
/// Run outputs: tidy CSV tables and a JSON summary, written into a staging folder that becomes
/// the output folder only when the run has finished (so a failed or interrupted run never
/// leaves a folder that looks complete).
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peacesim/model/metrics.hpp"
#include "peacesim/sim/simulation.hpp"

namespace peacesim::io {

/// A staging folder beside the final one; `commit()` swaps it into place.
class OutputFolder {
 public:
  explicit OutputFolder(std::filesystem::path final_dir);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;
  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& final_dir() const { return final_; }
  /// Replaces any previous output folder with the staging one.
  void commit();

 private:
  std::filesystem::path final_, staging_;
  bool committed_ = false;
};

/// A CSV file written row by row with a fixed, locale-free number format.
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
  void sep(bool last);
  std::FILE* f_ = nullptr;
  std::filesystem::path path_;
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
