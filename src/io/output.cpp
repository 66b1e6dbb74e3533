#include "peacesim/io/output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "peacesim/version.hpp"

namespace peacesim::io {

namespace fs = std::filesystem;

namespace {

/// True when `inner` is `outer` or lies below it (both absolute and normalised).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty() && std::next(o) == outer.end()) break;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

/// The absolute, normalised path, with symbolic links resolved as far as the path exists.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) r = fs::absolute(p, ec).lexically_normal();
  return r;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// The marker of a folder, or null when it has none or it is not peacesim's.
nlohmann::json read_marker(const fs::path& dir) {
  std::ifstream in(dir / kOutputMarker);
  if (!in) return nullptr;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("tool", "") != "peacesim" || !j.contains("files") ||
      !j["files"].is_array())
    return nullptr;
  return j;
}

/// A folder written by a peacesim from before the marker (0.1): only that command's files, and
/// its JSON output tagged with peacesim_version. Read as a marker with unknown inputs.
nlohmann::json legacy_marker(const fs::path& dir, const std::vector<std::string>& names) {
  struct Kind {
    const char* command;
    const char* tagged;  ///< the file that must hold "peacesim_version" ("" = none)
    std::vector<std::string> files;
  };
  const Kind kinds[] = {
      {"run", "summary.json", {"metrics.csv", "municipalities.csv", "incidents.csv", "summary.json"}},
      {"validate", "validation.json", {"validation.csv", "validation.json"}},
      {"compare", "", {"compare.csv"}}};
  for (const auto& kind : kinds) {
    const bool only_these = std::all_of(names.begin(), names.end(), [&](const std::string& n) {
      return std::find(kind.files.begin(), kind.files.end(), n) != kind.files.end();
    });
    if (!only_these) continue;
    bool tagged = false;
    if (*kind.tagged != 0) {
      std::ifstream in(dir / kind.tagged);
      const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
      tagged = !j.is_discarded() && j.is_object() && j.contains("peacesim_version");
    } else {
      std::ifstream in(dir / kind.files.front());
      std::string header;
      std::getline(in, header);
      tagged = header.rfind("metric,date,base_mean,variant_mean", 0) == 0;
    }
    if (tagged) return {{"tool", "peacesim"}, {"command", kind.command}, {"legacy", true}, {"files", names}};
  }
  return nullptr;
}

/// The names of a folder's entries, sorted.
std::vector<std::string> entries_of(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Entries of `dir` that its marker does not list (the marker itself excepted).
std::vector<std::string> foreign_entries(const fs::path& dir, const nlohmann::json& marker) {
  std::vector<std::string> foreign;
  for (const auto& name : entries_of(dir)) {
    if (name == kOutputMarker) continue;
    bool listed = false;
    for (const auto& f : marker["files"])
      if (f.is_string() && f.get<std::string>() == name) listed = true;
    if (!listed) foreign.push_back(name);
  }
  return foreign;
}

std::string some_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 4; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 4) text += " and " + std::to_string(names.size() - 4) + " more";
  return text;
}

std::vector<std::string> input_identities(const OutputOwner& owner) {
  std::vector<std::string> ids;
  for (const auto& f : owner.inputs) ids.push_back(resolved(f).string());
  return ids;
}

std::string command_text(const nlohmann::json& marker) {
  std::string text = "peacesim " + marker.value("command", std::string("?"));
  if (marker.contains("inputs") && marker["inputs"].is_array())
    for (const auto& f : marker["inputs"])
      if (f.is_string()) text += " " + fs::path(f.get<std::string>()).filename().string();
  return text;
}

}  // namespace

void check_output_folder(const fs::path& dir, const OutputOwner& owner) {
  if (dir.empty()) throw OutputFolderError("the output folder is empty: give a folder name, e.g. --out out/mine");
  const fs::path target = resolved(dir);
  const std::string name = quoted(dir);
  const std::string choose = " Choose another folder with --out (a new one is best, e.g. --out out/" +
                             (target.filename().empty() ? std::string("results") : target.filename().string()) + ").";
  if (target == target.root_path())
    throw OutputFolderError("will not write output into " + name + ": it is a filesystem root." + choose);
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != 0 && resolved(home) == target)
    throw OutputFolderError("will not write output into " + name + ": it is your home folder." + choose);
  std::error_code ec;
  const fs::path cwd = resolved(fs::current_path(ec));
  if (!ec && is_within(cwd, target))
    throw OutputFolderError("will not write output into " + name +
                            (cwd == target ? ": it is the working folder." : ": it holds the working folder.") +
                            choose);
  for (const auto& input : owner.inputs)
    if (is_within(resolved(input), target))
      throw OutputFolderError("will not write output into " + name + ": it holds " + quoted(input) +
                              ", an input of this command, and writing there could replace it." + choose);
  // the nearest existing ancestor must be a folder
  for (fs::path up = target.parent_path(); !up.empty(); up = up.parent_path()) {
    const auto st = fs::status(up, ec);
    if (fs::exists(st)) {
      if (!fs::is_directory(st))
        throw OutputFolderError("cannot create the output folder " + name + ": " + quoted(up) +
                                " is a file, not a folder." + choose);
      break;
    }
    if (up == up.root_path()) break;
  }
  const auto st = fs::status(target, ec);
  if (!fs::exists(st)) return;
  if (!fs::is_directory(st))
    throw OutputFolderError("will not write output into " + name + ": it is a file, not a folder." + choose);
  const auto names = entries_of(target);
  if (names.empty()) return;
  nlohmann::json marker = read_marker(target);
  if (marker.is_null() && !fs::exists(target / kOutputMarker)) marker = legacy_marker(target, names);
  if (marker.is_null())
    throw OutputFolderError("will not write output into " + name + ": it holds files that peacesim did not write (" +
                            some_names(names) +
                            "). peacesim writes only into a new folder, an empty one, or one that it wrote itself "
                            "(recognised by its " + std::string(kOutputMarker) + "), and never deletes anything else." +
                            choose);
  if (const auto foreign = foreign_entries(target, marker); !foreign.empty())
    throw OutputFolderError("will not replace " + name + ": besides the output of `" + command_text(marker) +
                            "` it holds files that peacesim did not write (" + some_names(foreign) +
                            "), and peacesim never deletes those. Move them elsewhere, or choose another folder "
                            "with --out.");
  // a re-run: the same command on the same inputs (a folder from before the marker: same command)
  const bool same = marker.value("command", std::string()) == owner.command &&
                    (marker.value("legacy", false) ||
                     (marker.contains("inputs") && marker["inputs"] == nlohmann::json(input_identities(owner))));
  if (!same && !owner.force)
    throw OutputFolderError("will not replace " + name + ": it holds the results of `" + command_text(marker) +
                            "`. Add --force to replace them, or choose another folder with --out.");
}

OutputFolder::OutputFolder(fs::path final_dir, OutputOwner owner)
    : final_(std::move(final_dir)), owner_(std::move(owner)) {
  if (!final_.empty() && final_.filename().empty()) final_ = final_.parent_path();
  check_output_folder(final_, owner_);
  const fs::path parent = final_.has_parent_path() ? final_.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw OutputFolderError("cannot create the folder " + quoted(parent) + " for the output: " + ec.message() +
                            ". Choose another folder with --out.");
  // a unique staging name beside the target (same filesystem, so the final rename is atomic)
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate = parent / ("." + final_.filename().string() + ".partial-" + std::to_string(getpid()) +
                                         "-" + std::to_string(counter++));
    if (fs::create_directory(candidate, ec)) {
      staging_ = candidate;
      return;
    }
    if (ec)
      throw OutputFolderError("cannot create a staging folder in " + quoted(parent) + ": " + ec.message() +
                              ". Choose another folder with --out.");
  }
  throw OutputFolderError("could not create a staging folder beside " + quoted(final_));
}

OutputFolder::~OutputFolder() {
  if (!committed_ && !staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);  // the staging folder is ours, all of it
  }
}

void OutputFolder::commit(const std::string& status) {
  // the marker: what wrote this folder, from what, and which files are its own
  nlohmann::json marker = {{"tool", "peacesim"},
                           {"peacesim_version", version()},
                           {"git_revision", git_revision()},
                           {"command", owner_.command},
                           {"inputs", input_identities(owner_)},
                           {"status", status},
                           {"files", entries_of(staging_)}};
  {
    std::ofstream out(staging_ / kOutputMarker);
    out << marker.dump(2) << "\n";
    if (!out.flush()) throw std::runtime_error("error writing " + (staging_ / kOutputMarker).string());
  }
  // the folder may have changed while the command ran: check again
  check_output_folder(final_, owner_);
  std::error_code ec;
  const bool replacing = fs::exists(final_, ec) && !fs::is_empty(final_, ec);
  if (!replacing) {
    fs::rename(staging_, final_);  // onto nothing, or onto an empty folder
    committed_ = true;
    return;
  }
  // swap the two folders in one step; the previous output is then at the staging path
  fs::path previous = staging_;
  if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) != 0) {
    // a filesystem without the exchange: move the previous folder aside first
    previous = staging_.parent_path() / ("." + final_.filename().string() + ".previous-" + std::to_string(getpid()));
    fs::rename(final_, previous);
    fs::rename(staging_, final_);
  }
  committed_ = true;
  // of the previous folder, delete only what its marker lists
  nlohmann::json old = read_marker(previous);
  if (old.is_null() && !fs::exists(previous / kOutputMarker)) old = legacy_marker(previous, entries_of(previous));
  if (!old.is_null()) {
    for (const auto& f : old["files"])
      if (f.is_string() && !f.get<std::string>().empty() && f.get<std::string>().find('/') == std::string::npos)
        fs::remove_all(previous / f.get<std::string>(), ec);
    fs::remove(previous / kOutputMarker, ec);
  }
  if (!fs::remove(previous, ec)) {
    // something that is not ours appeared: keep it, under a name that says what it is
    const fs::path kept =
        previous.parent_path() / ("." + final_.filename().string() + ".previous-" + std::to_string(getpid()));
    if (kept != previous) fs::rename(previous, kept, ec);
    previous_kept_ = ec ? previous : kept;
  }
}

void write_output_marker(const fs::path& dir, const OutputOwner& owner, const std::string& status,
                         const std::vector<std::string>& files) {
  const nlohmann::json marker = {{"tool", "peacesim"},
                                 {"peacesim_version", version()},
                                 {"git_revision", git_revision()},
                                 {"command", owner.command},
                                 {"inputs", input_identities(owner)},
                                 {"status", status},
                                 {"files", files}};
  const fs::path tmp = dir / (std::string(kOutputMarker) + ".tmp");
  {
    std::ofstream out(tmp);
    out << marker.dump(2) << "\n";
    if (!out.flush()) throw std::runtime_error("error writing " + tmp.string());
  }
  fs::rename(tmp, dir / kOutputMarker);
}

nlohmann::json read_output_marker(const fs::path& dir) { return read_marker(dir); }

void remove_marked_files(const fs::path& dir) {
  const nlohmann::json old = read_marker(dir);
  if (old.is_null()) return;
  std::error_code ec;
  for (const auto& f : old["files"])
    if (f.is_string() && !f.get<std::string>().empty() && f.get<std::string>().find('/') == std::string::npos)
      fs::remove_all(dir / f.get<std::string>(), ec);
  fs::remove(dir / kOutputMarker, ec);
}

CsvFile::CsvFile(const fs::path& path) : path_(path), buf_(kBuffer) {
  f_ = std::fopen(path.c_str(), "w");
  if (!f_) throw std::runtime_error("cannot write " + path.string());
}
CsvFile::~CsvFile() {
  if (!f_) return;
  flush_buffer();
  std::fclose(f_);
}
void CsvFile::flush_buffer() {
  if (used_ > 0 && std::fwrite(buf_.data(), 1, used_, f_) != used_) failed_ = true;
  used_ = 0;
}
char* CsvFile::room(std::size_t n) {
  if (buf_.size() - used_ < n) {
    flush_buffer();
    if (buf_.size() < n) buf_.resize(n);
  }
  return buf_.data() + used_;
}
void CsvFile::sep(bool last) {
  *room(1) = last ? '\n' : ',';
  ++used_;
}
void CsvFile::text(std::string_view s, bool last) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) {
    std::memcpy(room(s.size()), s.data(), s.size());
    used_ += s.size();
  } else {
    char* out = room(2 * s.size() + 2);
    char* p = out;
    *p++ = '"';
    for (char ch : s) {
      if (ch == '"') *p++ = '"';
      *p++ = ch;
    }
    *p++ = '"';
    used_ += static_cast<std::size_t>(p - out);
  }
  sep(last);
}
namespace {

constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
constexpr std::uint64_t kPow10i[] = {1ull,
                                     10ull,
                                     100ull,
                                     1000ull,
                                     10000ull,
                                     100000ull,
                                     1000000ull,
                                     10000000ull,
                                     100000000ull,
                                     1000000000ull,
                                     10000000000ull,
                                     100000000000ull,
                                     1000000000000ull,
                                     10000000000000ull,
                                     100000000000000ull,
                                     1000000000000000ull};

/// printf's "%.*f" of a finite v with 0 <= decimals <= 15 and |v| * 10^decimals < 2^52, written to
/// `out` (room for 40 bytes); returns the end, or nullptr outside that range (issue #8: libstdc++'s
/// fixed to_chars was a fifth of a run). Exact, not approximate: 10^d is a double for d <= 22, so
/// |v| * 10^d = p + e exactly with p the rounded product and e = fma(|v|, 10^d, -p) its error; with
/// n = floor(p), the exact fraction minus a half is (p - n - 0.5) + e, whose sign the rounded sum
/// keeps (a sum of two doubles rounds to 0 only when it is 0). printf rounds the exact value to the
/// nearest, ties to even: so does this. A test compares it with snprintf byte for byte.
char* fixed_exact(char* out, double v, int decimals) {
  const double a = std::fabs(v), scale = kPow10[decimals];
  const double p = a * scale;
  if (!(p < 0x1p52)) return nullptr;  // also NaN and infinity
  const double e = std::fma(a, scale, -p);
  const double n = std::floor(p);
  const double above_half = (p - n - 0.5) + e;
  auto q = static_cast<std::uint64_t>(n);
  if (above_half > 0 || (above_half == 0 && (q & 1) != 0)) ++q;
  if (std::signbit(v)) *out++ = '-';
  const std::uint64_t unit = kPow10i[decimals];
  const std::uint64_t whole = q / unit, frac = q - whole * unit;
  char digits[24];
  int k = 0;
  std::uint64_t w = whole;
  do {
    digits[k++] = static_cast<char>('0' + w % 10);
    w /= 10;
  } while (w != 0);
  while (k > 0) *out++ = digits[--k];
  if (decimals > 0) {
    *out++ = '.';
    std::uint64_t f = frac;
    for (int i = decimals - 1; i >= 0; --i) {
      out[i] = static_cast<char>('0' + f % 10);
      f /= 10;
    }
    out += decimals;
  }
  return out;
}

}  // namespace

void CsvFile::number(double v, int decimals, bool last) {
  if (v == 0) v = 0;  // no "-0.0"
  if (decimals >= 0 && decimals <= 15) {
    char* out = room(40);
    if (char* end = fixed_exact(out, v, decimals)) {
      used_ += static_cast<std::size_t>(end - out);
      sep(last);
      return;
    }
  }
  // std::to_chars in fixed notation writes exactly what printf's "%.*f" writes in the C locale (the
  // standard defines it so), without the locale and stdio machinery: issue #8 measured printf at a
  // fifth of a run. Not-finite values (never in metrics: check_finite) keep printf's spelling.
  if (std::isfinite(v)) {
    // the longest fixed form of a double: sign, 309 integer digits, point, the decimals
    const std::size_t most = 312 + static_cast<std::size_t>(std::max(decimals, 0));
    char* out = room(most);
    const auto r = std::to_chars(out, out + most, v, std::chars_format::fixed, decimals);
    if (r.ec == std::errc{}) {
      used_ += static_cast<std::size_t>(r.ptr - out);
      sep(last);
      return;
    }
  }
  char tmp[400];
  const int n = std::snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
  if (n > 0) {
    const auto len = std::min(static_cast<std::size_t>(n), sizeof tmp - 1);
    std::memcpy(room(len), tmp, len);
    used_ += len;
  }
  sep(last);
}
void CsvFile::integer(long long v, bool last) {
  char* out = room(24);
  used_ += static_cast<std::size_t>(std::to_chars(out, out + 24, v).ptr - out);
  sep(last);
}
void CsvFile::close() {
  if (!f_) return;
  flush_buffer();
  const bool bad = failed_ || std::ferror(f_) != 0;
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
  const std::string date = row.date.iso();
  for (Index l = 0; l < s.locations.size(); ++l) {
    const LocationRow r = compute_location_row(s, w, l);
    csv_.integer(row.tick);
    csv_.text(date);
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
  csv_.text("murders");
  csv_.text("deaths", true);
}
void IncidentWriter::write(const Scenario& s, const World& w, const MetricsRow& row) {
  const auto& c = w.communities;
  if (w.pairs.empty()) return;
  const std::string date = row.date.iso();
  for (const auto& e : w.pairs) {
    csv_.integer(row.tick);
    csv_.text(date);
    csv_.text(s.locations[c.location[e.against]].id);
    csv_.text(s.groups[c.group[e.by]].id);
    csv_.text(s.locations[c.location[e.by]].id);
    csv_.text(s.groups[c.group[e.against]].id);
    csv_.number(e.count, 0);
    csv_.number(e.murders, 0);
    csv_.number(e.deaths, 0, true);
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
                 {"deaths", w.cumulative_deaths},
                 {"returns", w.cumulative_returns},
                 {"minority_returns", w.cumulative_minority_returns}};
  j["files"] = files;
  return j;
}

}  // namespace peacesim::io
