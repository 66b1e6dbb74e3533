#include "peacesim/io/output.hpp"

#include <random>
#include <stdexcept>
#include <system_error>

#include "peacesim/version.hpp"

namespace peacesim::io {

namespace fs = std::filesystem;

OutputFolder::OutputFolder(fs::path final_dir) : final_(std::move(final_dir)) {
  if (final_.filename().empty()) final_ = final_.parent_path();
  const fs::path parent = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  fs::create_directories(parent);
  // a unique staging name; not random across runs in a way that matters to results
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = ".";
    name += final_.filename().string();
    name += ".partial-";
    name += std::to_string(rd() % 1000000);
    fs::path candidate = parent / name;
    if (fs::create_directory(candidate)) {
      staging_ = candidate;
      return;
    }
  }
  throw std::runtime_error("could not create a staging folder beside " + final_.string());
}

OutputFolder::~OutputFolder() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void OutputFolder::commit() {
  if (fs::exists(final_)) {
    if (!fs::is_directory(final_)) throw std::runtime_error(final_.string() + " exists and is not a folder");
    fs::remove_all(final_);
  }
  fs::rename(staging_, final_);
  committed_ = true;
}

CsvFile::CsvFile(const fs::path& path) : path_(path) {
  f_ = std::fopen(path.c_str(), "w");
  if (!f_) throw std::runtime_error("cannot write " + path.string());
}
CsvFile::~CsvFile() {
  if (f_) std::fclose(f_);
}
void CsvFile::sep(bool last) { std::fputc(last ? '\n' : ',', f_); }
void CsvFile::text(std::string_view s, bool last) {
  const bool quote = s.find_first_of(",\"\n") != std::string_view::npos;
  if (quote) std::fputc('"', f_);
  for (char ch : s) {
    if (ch == '"') std::fputc('"', f_);
    std::fputc(ch, f_);
  }
  if (quote) std::fputc('"', f_);
  sep(last);
}
void CsvFile::number(double v, int decimals, bool last) {
  if (v == 0) v = 0;  // no "-0.0"
  std::fprintf(f_, "%.*f", decimals, v);
  sep(last);
}
void CsvFile::integer(long long v, bool last) {
  std::fprintf(f_, "%lld", v);
  sep(last);
}
void CsvFile::close() {
  if (!f_) return;
  const bool bad = std::ferror(f_) != 0;
  const int rc = std::fclose(f_);
  f_ = nullptr;
  if (bad || rc != 0) throw std::runtime_error("error writing " + path_.string());
}

MetricsWriter::MetricsWriter(const fs::path& path) : csv_(path) {
  csv_.text("tick");
  csv_.text("date");
  const auto cols = metrics_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) csv_.text(cols[i].name, i + 1 == cols.size());
}
void MetricsWriter::write(const MetricsRow& row) {
  csv_.integer(row.tick);
  csv_.text(row.date.iso());
  const auto cols = metrics_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) csv_.number(row.*cols[i].field, cols[i].decimals, i + 1 == cols.size());
}

LocationWriter::LocationWriter(const fs::path& path) : csv_(path) {
  for (const char* h : {"tick", "date", "location", "name", "sector"}) csv_.text(h);
  const auto cols = location_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) csv_.text(cols[i].name, i + 1 == cols.size());
}
void LocationWriter::write(const Scenario& s, const World& w, const MetricsRow& row) {
  const auto cols = location_columns();
  for (Index l = 0; l < s.locations.size(); ++l) {
    const LocationRow r = compute_location_row(s, w, l);
    csv_.integer(row.tick);
    csv_.text(row.date.iso());
    csv_.text(s.locations[l].id);
    csv_.text(s.locations[l].name);
    csv_.text(s.locations[l].sector == kNone ? "" : s.sectors[s.locations[l].sector].id);
    for (std::size_t i = 0; i < cols.size(); ++i) csv_.number(r.*cols[i].field, cols[i].decimals, i + 1 == cols.size());
  }
}

IncidentWriter::IncidentWriter(const fs::path& path) : csv_(path) {
  for (const char* h : {"tick", "date", "location", "perpetrator_group", "perpetrator_location", "target_group"})
    csv_.text(h);
  csv_.text("incidents");
  csv_.text("murders", true);
}
void IncidentWriter::write(const Scenario& s, const World& w, const MetricsRow& row) {
  const auto& c = w.communities;
  for (const auto& e : w.pairs) {
    csv_.integer(row.tick);
    csv_.text(row.date.iso());
    csv_.text(s.locations[c.location[e.against]].id);
    csv_.text(s.groups[c.group[e.by]].id);
    csv_.text(s.locations[c.location[e.by]].id);
    csv_.text(s.groups[c.group[e.against]].id);
    csv_.number(e.count, 0);
    csv_.number(e.murders, 0, true);
  }
}

void PeakTracker::update(const MetricsRow& row) {
  const auto cols = metrics_columns();
  if (value.empty()) {
    value.assign(cols.size(), -1e300);
    date.assign(cols.size(), row.date);
  }
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (row.*cols[i].field > value[i]) value[i] = row.*cols[i].field, date[i] = row.date;
}

nlohmann::json make_summary(const Simulation& sim, const nlohmann::json& scenario_info, double wall_seconds,
                            const PeakTracker& peaks, const std::vector<std::string>& files) {
  const Scenario& s = sim.scenario();
  const World& w = sim.world();
  nlohmann::json j;
  j["peacesim_version"] = version();
  j["git_revision"] = git_revision();
  j["scenario"] = scenario_info;
  j["seed"] = sim.seed();
  j["start_date"] = s.start.iso();
  j["end_date"] = w.tick > 0 ? sim.metrics().date.iso() : s.start.iso();
  j["tick_days"] = s.tick_days;
  j["ticks"] = w.tick;
  j["wall_seconds"] = wall_seconds;
  j["agents"] = {{"communities", w.communities.size()}, {"agencies", s.agencies.size()},
                 {"contingents", s.contingents.size()}, {"cells", s.cells.size()},
                 {"locations", s.locations.size()},     {"groups", s.groups.size()}};
  j["agent_updates"] = sim.agent_updates();
  nlohmann::json profile = nlohmann::json::object();
  for (std::size_t p = 0; p < kPhases; ++p) profile[to_string(Phase(p))] = sim.profile()[p];
  j["profile"] = profile;
  nlohmann::json final_row = nlohmann::json::object(), peak = nlohmann::json::object();
  const auto cols = metrics_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    final_row[std::string(cols[i].name)] = sim.metrics().*cols[i].field;
    if (!peaks.value.empty())
      peak[std::string(cols[i].name)] = {{"value", peaks.value[i]}, {"date", peaks.date[i].iso()}};
  }
  j["final"] = final_row;
  j["peak"] = peak;
  j["totals"] = {{"incidents", w.cumulative_incidents},
                 {"murders", w.cumulative_murders},
                 {"crime_murders", w.cumulative_crime_murders},
                 {"returns", w.cumulative_returns},
                 {"minority_returns", w.cumulative_minority_returns}};
  j["files"] = files;
  return j;
}

}  // namespace peacesim::io
