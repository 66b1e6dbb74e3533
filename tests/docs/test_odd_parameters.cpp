// Tests docs/ODD.md against the parameter registry (include/peacesim/model/parameters.def): the ODD's parameter table
// lists every parameter with its current default, and no parameter the registry no longer has.

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "peacesim/model/parameters.hpp"
#include "support/temp_dir.hpp"

using peacesim::test::read_text;

namespace {

/// The rows of the ODD's parameter table: the lines starting "| `" between "## Parameters" and the next heading.
std::vector<std::string> parameter_rows(const std::string& odd) {
  std::vector<std::string> rows;
  std::istringstream in(odd);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) {
      inside = line == "## Parameters";
      continue;
    }
    if (inside && line.starts_with("| `")) rows.push_back(line);
  }
  return rows;
}

/// A parameter's name as the table writes it: `section.name`.
std::string quoted_name(const peacesim::ParameterInfo& p) {
  std::string name = "`";  // built by appending: GCC 12 warns falsely (-Wrestrict) on "`" + std::string
  name.append(p.section).append(".").append(p.name).append("`");
  return name;
}

}  // namespace

TEST_CASE("docs: the ODD parameter table matches the parameter registry", "[docs]") {
  const std::string odd = read_text(PEACESIM_SOURCE_DIR "/docs/ODD.md");
  REQUIRE_FALSE(odd.empty());
  const std::vector<std::string> rows = parameter_rows(odd);
  REQUIRE_FALSE(rows.empty());

  // every parameter has a row with its name and its default as `peacesim params --markdown` prints it
  std::set<std::string> registered;
  for (const auto& p : peacesim::parameter_registry()) {
    std::ostringstream expected;
    expected << "| " << quoted_name(p) << " | " << p.default_value << " |";
    registered.insert(quoted_name(p));
    INFO("expected a row starting \"" << expected.str() << "\" in the table of docs/ODD.md; regenerate it with "
                                      << "tools/odd-params (build/dev/peacesim params --markdown)");
    bool found = false;
    for (const auto& row : rows) found = found || row.starts_with(expected.str());
    CHECK(found);
  }

  // and every row names a registered parameter
  for (const auto& row : rows) {
    const std::string name = row.substr(2, row.find(" |", 2) - 2);
    INFO("row of docs/ODD.md: " << row);
    CHECK(registered.count(name) == 1);
  }
}
