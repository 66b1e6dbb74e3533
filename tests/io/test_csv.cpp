// Tests src/io/output.cpp's CsvFile: numbers formatted with std::to_chars into its buffer (issue #8) are
// byte for byte what printf's "%.*f" and "%lld" write, across magnitudes, rounding ties and the buffer's edge.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "peacesim/io/output.hpp"
#include "support/temp_dir.hpp"

using peacesim::io::CsvFile;

namespace {

std::string printf_number(double v, int decimals) {
  if (v == 0) v = 0;
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

TEST_CASE("csv: numbers and integers are written as printf writes them", "[io][csv]") {
  std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.375, -0.125, 1e-7, -1e-7, 5e-7,
                                0.0000005, 0.9999995, 123456.78949999999, 1e15, 1e22, 1e300, -1e300,
                                std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::denorm_min(), 1.0 / 3.0, 2.0 / 3.0, 0.05, 0.15, 0.25};
  // exact binary ties at every decimal count the tables use (k / 2^m), and a random spread of magnitudes
  for (int k = 1; k < 64; k += 2) values.push_back(k / 128.0);
  std::mt19937_64 gen(8);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-12, 12);
  for (int i = 0; i < 20000; ++i) values.push_back(mantissa(gen) * std::pow(10.0, exponent(gen)));
  const std::vector<long long> integers = {0, 1, -1, 3290, std::numeric_limits<long long>::max(),
                                           std::numeric_limits<long long>::min()};

  peacesim::test::TempDir dir("csv");
  const auto file = dir.path() / "numbers.csv";
  std::string expected;
  {
    CsvFile csv(file);  // more than 64 KiB: the buffer fills and is written out mid-row
    for (const int decimals : {0, 1, 4, 6}) {
      for (const double v : values) {
        csv.number(v, decimals);
        expected += printf_number(v, decimals) + ",";
      }
      csv.text("a \"quoted\", text");
      expected += "\"a \"\"quoted\"\", text\",";
      for (const long long n : integers) {
        csv.integer(n);
        expected += std::to_string(n) + ",";
      }
      csv.text("end", true);
      expected += "end\n";
    }
    csv.close();
  }
  REQUIRE(expected.size() > 2 * 64 * 1024);
  const std::string written = peacesim::test::read_text(file);
  REQUIRE(written.size() == expected.size());
  // the first difference, if any, with its context
  std::size_t at = 0;
  while (at < written.size() && written[at] == expected[at]) ++at;
  INFO("first difference at byte " << at << ": written '" << written.substr(at > 40 ? at - 40 : 0, 80)
                                   << "' expected '" << expected.substr(at > 40 ? at - 40 : 0, 80) << "'");
  CHECK(at == written.size());
}

TEST_CASE("csv: a file closed without close() still holds everything written", "[io][csv]") {
  peacesim::test::TempDir dir("csv");
  const auto file = dir.path() / "t.csv";
  {
    CsvFile csv(file);
    csv.integer(7);
    csv.number(0.25, 2, true);
  }
  CHECK(peacesim::test::read_text(file) == "7,0.25\n");
}

TEST_CASE("csv: the exact fixed-point fast path agrees with printf at every decimal count it takes", "[io][csv]") {
  // CsvFile::number formats |v| * 10^d < 2^52, d <= 15 itself (issue #8); everything else goes to
  // to_chars. Values where rounding is hardest: binary ties (k / 2^m), decimal near-ties (x.5 / 10^d
  // one ulp either side), the edge of the range (2^52 / 10^d), and random magnitudes.
  std::vector<double> values;
  std::mt19937_64 gen(16);
  std::uniform_real_distribution<double> unit(0, 1);
  std::uniform_int_distribution<int> exponent(-20, 16);
  std::uniform_int_distribution<std::int64_t> big(0, std::int64_t{1} << 52);
  for (int m = 1; m <= 20; ++m)
    for (int k = 1; k < 200; k += 2) values.push_back(std::ldexp(double(k), -m));
  for (int d = 0; d <= 15; ++d) {
    const double edge = std::ldexp(1.0, 52) / std::pow(10.0, d);
    for (const double x : {edge, std::nextafter(edge, 0.0), std::nextafter(edge, 1e300)}) values.push_back(x);
    for (int i = 0; i < 300; ++i) {
      const double tie = (double(big(gen) % 100000) + 0.5) / std::pow(10.0, d);
      values.push_back(tie);
      values.push_back(std::nextafter(tie, 0.0));
      values.push_back(std::nextafter(tie, 1e300));
    }
  }
  for (int i = 0; i < 6000; ++i) values.push_back(unit(gen) * std::pow(10.0, exponent(gen)));
  for (int i = 0; i < 2000; ++i) values.push_back(double(big(gen)) / std::pow(2.0, i % 40));
  const std::size_t positives = values.size();
  for (std::size_t i = 0; i < positives; ++i) values.push_back(-values[i]);

  peacesim::test::TempDir dir("csv-fast");
  const auto file = dir.path() / "numbers.csv";
  std::string expected;
  {
    CsvFile csv(file);
    for (int decimals = 0; decimals <= 16; ++decimals) {
      for (const double v : values) {
        csv.number(v, decimals);
        expected += printf_number(v, decimals) + ",";
      }
      csv.text("end", true);
      expected += "end\n";
    }
    csv.close();
  }
  const std::string written = peacesim::test::read_text(file);
  REQUIRE(values.size() > 40000);
  REQUIRE(written.size() == expected.size());
  std::size_t at = 0;
  while (at < written.size() && written[at] == expected[at]) ++at;
  INFO("first difference at byte " << at << ": written '" << written.substr(at > 40 ? at - 40 : 0, 80)
                                   << "' expected '" << expected.substr(at > 40 ? at - 40 : 0, 80) << "'");
  CHECK(at == written.size());
}
