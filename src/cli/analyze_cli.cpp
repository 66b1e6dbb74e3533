// `peacesim analyze SWEEP_DIR`: Sobol' indices, Morris screening, PRCC and per-point summaries of a
// sweep's runs.csv (the estimators are in src/sweep/analysis.cpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "common.hpp"
#include "peacesim/cli/cli.hpp"
#include "peacesim/io/output.hpp"
#include "peacesim/scenario/document.hpp"
#include "peacesim/scenario/error.hpp"
#include "peacesim/sweep/analysis.hpp"
#include "peacesim/sweep/experiment.hpp"
#include "peacesim/sweep/format.hpp"
#include "sweep_cli.hpp"

namespace peacesim::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string num(double v, int decimals = 4) {
  if (std::isnan(v)) return "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// A table printed with aligned columns and written as CSV.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t print_columns = 0;  ///< print only the first this many columns (0: all); the CSV has all
  void print(std::ostream& out, std::size_t max_rows = 60) const {
    const std::size_t cols = print_columns ? std::min(print_columns, header.size()) : header.size();
    std::vector<std::size_t> w(cols);
    for (std::size_t c = 0; c < cols; ++c) w[c] = header[c].size();
    for (const auto& r : rows)
      for (std::size_t c = 0; c < cols && c < r.size(); ++c) w[c] = std::max(w[c], r[c].size());
    auto line = [&](const std::vector<std::string>& r) {
      for (std::size_t c = 0; c < cols && c < r.size(); ++c) {
        const bool left = c < 2;
        const std::string pad(w[c] - r[c].size(), ' ');
        out << (c ? "  " : "") << (left ? r[c] + pad : pad + r[c]);
      }
      out << "\n";
    };
    line(header);
    for (std::size_t i = 0; i < rows.size() && i < max_rows; ++i) line(rows[i]);
    if (rows.size() > max_rows) out << "... " << rows.size() - max_rows << " more rows in the CSV\n";
  }
  std::string csv() const {
    std::string s;
    for (std::size_t c = 0; c < header.size(); ++c) s += (c ? "," : "") + header[c];
    s += "\n";
    for (const auto& r : rows) {
      for (std::size_t c = 0; c < r.size(); ++c) s += (c ? "," : "") + sweep::csv_escape(r[c]);
      s += "\n";
    }
    return s;
  }
};

/// Scores every design point against the sweep's recorded patterns, as `validate` scores an
/// ensemble, and ranks them (best first; points failing a required pattern last; ties in design
/// order). The score is the one tools/calibrate always used (docs/calibration.md).
Table calibration_table(const json& manifest, const sweep::RunsTable& runs, const std::vector<std::string>& factors,
                        int points, const fs::path& dir) {
  if (!manifest.contains("patterns") || manifest["patterns"].empty())
    throw UsageError("--method", "expected a sweep that recorded a patterns file (\"record\": {\"patterns\": ...}); " +
                                     dir.string() + " recorded none");
  struct Bound {
    std::string id;
    int column;
    std::optional<double> min, max, observed;
    bool required;
  };
  std::vector<Bound> bounds;
  auto opt = [](const json& v) { return v.is_null() ? std::optional<double>() : std::optional<double>(v.get<double>()); };
  for (const json& p : manifest["patterns"]) {
    const int c = runs.column(p.at("column").get<std::string>());
    if (c < 0) throw UsageError(dir.string(), "expected a column " + p.at("column").get<std::string>() + " in runs.csv");
    bounds.push_back({p.at("id").get<std::string>(), c, opt(p.at("min")), opt(p.at("max")), opt(p.at("observed")),
                      p.at("required").get<bool>()});
  }
  const int pcol = runs.column("design_point"), scol = runs.column("status");
  std::vector<int> fcol;
  for (const auto& f : factors) fcol.push_back(runs.column(f));
  // per point: the sum and count of each pattern's quantity over the replicates that finished
  std::vector<std::vector<double>> sum(static_cast<std::size_t>(points), std::vector<double>(bounds.size(), 0.0));
  std::vector<std::vector<int>> n(static_cast<std::size_t>(points), std::vector<int>(bounds.size(), 0));
  std::vector<std::vector<std::string>> fvalues(static_cast<std::size_t>(points));
  std::vector<int> replicates(static_cast<std::size_t>(points), 0);
  for (const auto& row : runs.rows) {
    if (row[scol] != "ok") continue;
    const int p = std::stoi(row[pcol]);
    if (p < 0 || p >= points) continue;
    const auto up = static_cast<std::size_t>(p);
    ++replicates[up];
    if (fvalues[up].empty())
      for (const int c : fcol) fvalues[up].push_back(c >= 0 ? row[c] : std::string());
    for (std::size_t b = 0; b < bounds.size(); ++b) {
      const auto v = sweep::parse_number(row[bounds[b].column]);
      if (v && std::isfinite(*v)) sum[up][b] += *v, ++n[up][b];
    }
  }
  struct Scored {
    int point, passed, required_failed;
    double score;
    std::vector<double> mean;
  };
  std::vector<Scored> scored;
  for (int p = 0; p < points; ++p) {
    const auto up = static_cast<std::size_t>(p);
    if (replicates[up] == 0) continue;  // no finished run: not scored (the table says how many were)
    Scored s{p, 0, 0, 0.0, {}};
    double misses = 0, closeness = 0;
    for (std::size_t b = 0; b < bounds.size(); ++b) {
      const Bound& bd = bounds[b];
      const double m = n[up][b] > 0 ? sum[up][b] / n[up][b] : std::numeric_limits<double>::quiet_NaN();
      s.mean.push_back(m);
      const double width = bd.min && bd.max ? *bd.max - *bd.min
                                            : (std::fabs(bd.min ? *bd.min : *bd.max) > 0 ? std::fabs(bd.min ? *bd.min : *bd.max) : 1.0);
      double miss = 0;
      if (std::isnan(m)) miss = 1;  // the runs did not reach the window: as far off as a whole width
      else if (bd.min && m < *bd.min) miss = (*bd.min - m) / width;
      else if (bd.max && m > *bd.max) miss = (m - *bd.max) / width;
      if (miss == 0) ++s.passed;
      else if (bd.required) ++s.required_failed;
      misses += miss;
      if (bd.observed && !std::isnan(m)) closeness += std::fabs(m - *bd.observed) / width;
    }
    s.score = s.passed - misses - 0.01 * closeness;
    scored.push_back(std::move(s));
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.required_failed != b.required_failed) return a.required_failed < b.required_failed;
    return a.score > b.score;
  });
  Table t;
  t.header = {"rank", "design_point", "score", "passed", "total", "required_failed"};
  for (const auto& f : factors) t.header.push_back(f);
  for (const Bound& b : bounds) t.header.push_back("mean_" + b.id);
  t.header.push_back("replicates");
  for (std::size_t r = 0; r < scored.size(); ++r) {
    const Scored& s = scored[r];
    std::vector<std::string> row = {std::to_string(r + 1), std::to_string(s.point), num(s.score),
                                    std::to_string(s.passed), std::to_string(bounds.size()),
                                    std::to_string(s.required_failed)};
    for (const auto& v : fvalues[static_cast<std::size_t>(s.point)]) row.push_back(v);
    for (const double m : s.mean) row.push_back(sweep::format_number(m));
    row.push_back(std::to_string(replicates[static_cast<std::size_t>(s.point)]));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

int do_analyze(const SweepCli& o, std::ostream& out, spdlog::logger& log) {
  const fs::path dir = o.sweep_dir;
  const fs::path mfile = dir / "manifest.json";
  if (!fs::exists(mfile))
    throw scenario::ScenarioError(mfile.string(), "", "expected the manifest.json of a sweep folder (peacesim sweep)");
  const json manifest = scenario::read_json_file(mfile);
  if (manifest.value("status", "") != "complete")
    log.warn("{} is {}: analysing the runs that finished", dir.string(), manifest.value("status", "?"));
  const std::string kind = manifest.value("design_kind", "");
  const std::string method = !o.method.empty()                   ? o.method
                             : (kind == "sobol" || kind == "morris") ? kind
                             : kind == "latin_hypercube"             ? "prcc"
                                                                     : "summary";
  const std::vector<std::string> factors = manifest.at("factors").get<std::vector<std::string>>();
  const int k = static_cast<int>(factors.size());
  const int points = manifest.at("design_points").get<int>();

  const sweep::RunsTable runs = sweep::read_runs_csv(dir / "runs.csv");
  std::vector<std::string> outputs = o.outputs;
  if (outputs.empty()) outputs = manifest.at("outputs").get<std::vector<std::string>>();
  std::vector<int> ocol;
  for (const auto& name : outputs) {
    const int c = runs.column(name);
    if (c < 0) throw UsageError("--output", "expected an output column of runs.csv, got \"" + name + "\"");
    ocol.push_back(c);
  }
  const int pcol = runs.column("design_point"), scol = runs.column("status");
  // replicate values per (output, point)
  std::vector<std::vector<std::vector<double>>> values(outputs.size(), std::vector<std::vector<double>>(points));
  for (const auto& row : runs.rows) {
    if (row[scol] != "ok") continue;
    const int p = std::stoi(row[pcol]);
    if (p < 0 || p >= points) continue;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const auto v = sweep::parse_number(row[ocol[i]]);
      values[i][p].push_back(v ? *v : std::numeric_limits<double>::quiet_NaN());
    }
  }
  auto point_means = [&](std::size_t i) {
    Eigen::VectorXd y(points);
    for (int p = 0; p < points; ++p) {
      const sweep::Summary s = sweep::summarise(values[i][p]);
      y(p) = s.n > 0 ? s.mean : std::numeric_limits<double>::quiet_NaN();
    }
    return y;
  };
  auto missing = [&](const Eigen::VectorXd& y, const std::string& name) {
    for (int p = 0; p < y.size(); ++p)
      if (std::isnan(y(p)))
        throw UsageError(dir.string(), "expected a value of " + name + " at every design point; design point " +
                                           std::to_string(p) + " has none (failed or missing runs: finish the sweep "
                                           "with --resume, or analyse other outputs with --output)");
  };

  // the design's factor values, one row per point, through `value` (the factors' specs are in the manifest,
  // so the experiment file is not needed)
  auto design_matrix = [&](auto value) {
    sweep::Experiment e;
    const json& specs = manifest.at("factor_specs");
    for (std::size_t f = 0; f < specs.size(); ++f)
      e.factors.push_back(sweep::parse_factor(specs[f], mfile.string(), "/factor_specs/" + std::to_string(f)));
    const sweep::DesignTable d = sweep::read_design_csv(e, dir / "design.csv");
    Eigen::MatrixXd x(points, k);
    for (int p = 0; p < points; ++p)
      for (int f = 0; f < k; ++f) x(p, f) = value(e.factors[f], d.values[p][f]);
    return x;
  };

  Table t;
  std::size_t max_rows = 60;
  const std::uint64_t seed = 1;
  if (method == "sobol") {
    if (kind != "sobol")
      throw UsageError("--method", "expected a sobol design for Sobol' indices; this sweep's design is " + kind);
    if (points % (k + 2) != 0)
      throw UsageError(dir.string(), "expected N (k + 2) design points for a sobol design of " + std::to_string(k) +
                                         " factors, got " + std::to_string(points));
    t.header = {"output", "factor", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"};
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const Eigen::VectorXd y = point_means(i);
      missing(y, outputs[i]);
      const auto idx = sweep::sobol_indices(y, k, o.bootstrap, 0.95, seed);
      for (int f = 0; f < k; ++f)
        t.rows.push_back({outputs[i], factors[f], num(idx[f].first.value), num(idx[f].first.lo), num(idx[f].first.hi),
                          num(idx[f].total.value), num(idx[f].total.lo), num(idx[f].total.hi)});
    }
  } else if (method == "morris") {
    if (kind != "morris")
      throw UsageError("--method", "expected a morris design for Morris screening; this sweep's design is " + kind);
    // unit-hypercube coordinates of the design, through the factors' ranges
    const Eigen::MatrixXd x = design_matrix([](const sweep::Factor& f, double v) { return f.unit_of(v); });
    t.header = {"output", "factor", "mu_star", "mu_star_lo", "mu_star_hi", "mu", "sigma", "effects"};
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const Eigen::VectorXd y = point_means(i);
      missing(y, outputs[i]);
      const auto idx = sweep::morris_indices(x, y, o.bootstrap, 0.95, seed);
      for (int f = 0; f < k; ++f)
        t.rows.push_back({outputs[i], factors[f], num(idx[f].mu_star), num(idx[f].mu_star_ci.lo),
                          num(idx[f].mu_star_ci.hi), num(idx[f].mu), num(idx[f].sigma), std::to_string(idx[f].effects)});
    }
  } else if (method == "prcc") {
    // any design: the factors' values as design.csv gives them (a level factor: its level's index)
    if (points < k + 2)
      throw UsageError(dir.string(), "expected at least factors + 2 = " + std::to_string(k + 2) +
                                         " design points for PRCC, got " + std::to_string(points));
    const Eigen::MatrixXd x = design_matrix([](const sweep::Factor&, double v) { return v; });
    t.header = {"output", "factor", "prcc", "prcc_lo", "prcc_hi", "p_value", "src", "r2", "r2_rank"};
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      const Eigen::VectorXd y = point_means(i);
      missing(y, outputs[i]);
      const auto a = sweep::correlation_indices(x, y, o.bootstrap, 0.95, seed);
      for (int f = 0; f < k; ++f) {
        const auto& c = a.factors[static_cast<std::size_t>(f)];
        char pv[32];
        std::snprintf(pv, sizeof pv, "%.2g", c.p_value);
        t.rows.push_back({outputs[i], factors[f], num(c.prcc.value), num(c.prcc.lo), num(c.prcc.hi),
                          std::isnan(c.p_value) ? "nan" : pv, num(c.src), num(a.r2), num(a.r2_rank)});
      }
    }
  } else if (method == "calibration") {
    t = calibration_table(manifest, runs, factors, points, dir);
    t.print_columns = 6 + factors.size();  // rank .. required_failed, the factors; the means are in the CSV
    max_rows = 10;
  } else {
    t.header = {"output", "design_point", "n", "mean", "sd", "q05", "q50", "q95", "min", "max"};
    for (std::size_t i = 0; i < outputs.size(); ++i)
      for (int p = 0; p < points; ++p) {
        const sweep::Summary s = sweep::summarise(values[i][p]);
        t.rows.push_back({outputs[i], std::to_string(p), std::to_string(s.n), num(s.mean), num(s.sd), num(s.q05),
                          num(s.q50), num(s.q95), num(s.min), num(s.max)});
      }
  }
  out << method << " analysis of " << dir.string() << " (" << points << " design points, " << runs.rows.size()
      << " runs)\n";
  t.print(out, max_rows);
  if (method == "prcc")
    out << "(PRCC read how monotone an output is in each factor, the others held fixed; SRC apportion its variance\n"
           " only where r2, the linear regression's R^2, is near 1; r2_rank is the R^2 of the regression of ranks)\n";
  if (method == "calibration" && !t.rows.empty()) {
    out << "(each pattern's ensemble mean per point: the mean_<pattern> columns of the CSV)\n";
    out << "\nbest point (design point " << t.rows[0][1] << "), as overrides:\n";
    for (int f = 0; f < k; ++f) {
      const json& spec = manifest.at("factor_specs")[static_cast<std::size_t>(f)];
      const std::string path = spec.contains("parameter") ? "parameters." + spec["parameter"].get<std::string>()
                               : spec.contains("set")     ? spec["set"].get<std::string>()
                                                          : "(scale " + spec.value("scale", std::string()) + ")";
      out << "  --set " << path << "=" << t.rows[0][static_cast<std::size_t>(6 + f)] << "\n";
    }
  }

  // the CSV: inside the sweep folder it joins the folder's own files (its marker lists it)
  const std::string name = "analysis-" + method + ".csv";
  const fs::path target = o.out.empty() ? dir / name : fs::path(o.out);
  const bool inside = o.out.empty();
  if (!inside && fs::exists(target) && !o.force)
    throw io::OutputFolderError("will not replace " + target.string() + ": it exists. Add --force, or choose another --out.");
  {
    const fs::path tmp = target.string() + ".tmp";
    std::ofstream f(tmp, std::ios::binary);
    f << t.csv();
    if (!f.flush()) throw std::runtime_error("error writing " + tmp.string());
    f.close();
    fs::rename(tmp, target);
  }
  if (inside) {
    json marker = io::read_output_marker(dir);
    if (!marker.is_null()) {
      bool listed = false;
      for (const auto& f : marker["files"]) listed = listed || f == name;
      if (!listed) {
        marker["files"].push_back(name);
        std::ofstream m(dir / io::kOutputMarker);
        m << marker.dump(2) << "\n";
      }
    }
  }
  out << "wrote " << target.string() << "\n";
  return kExitOk;
}

}  // namespace peacesim::cli
