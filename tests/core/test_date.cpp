// Tests src/core/date.cpp: parsing and formatting ISO dates, leap years, day arithmetic and rejected strings.

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "peacesim/core/date.hpp"

using peacesim::Date;

namespace {

Date parsed(const std::string& text) {
  const std::optional<Date> d = Date::parse(text);
  INFO("parsing " << text);
  REQUIRE(d.has_value());
  return *d;
}

}  // namespace

TEST_CASE("date: parse and format round trip", "[date]") {
  for (const char* text : {"1970-01-01", "1999-06-10", "1999-06-12", "2000-01-01", "2000-12-31", "2024-02-29",
                           "1900-03-01", "0001-01-01", "9999-12-31", "1969-12-31"}) {
    INFO(text);
    CHECK(parsed(text).iso() == text);
  }
  CHECK(parsed("1970-01-01").days == 0);
  CHECK(parsed("1970-01-02").days == 1);
  CHECK(parsed("1969-12-31").days == -1);
  CHECK(parsed("2000-01-01").days == 10957);
  CHECK(Date::from_ymd(1999, 6, 12) == parsed("1999-06-12"));
  int y = 0;
  unsigned m = 0, d = 0;
  parsed("2008-02-29").ymd(y, m, d);
  CHECK(y == 2008);
  CHECK(m == 2u);
  CHECK(d == 29u);
}

TEST_CASE("date: leap years", "[date]") {
  CHECK(Date::parse("2000-02-29").has_value());        // divisible by 400
  CHECK_FALSE(Date::parse("1900-02-29").has_value());  // divisible by 100, not 400
  CHECK(Date::parse("2008-02-29").has_value());        // divisible by 4
  CHECK_FALSE(Date::parse("1999-02-29").has_value());
  CHECK_FALSE(Date::parse("2100-02-29").has_value());
  CHECK(parsed("2000-03-01") - parsed("2000-02-28") == 2);
  CHECK(parsed("1900-03-01") - parsed("1900-02-28") == 1);
  CHECK(parsed("2001-01-01") - parsed("2000-01-01") == 366);
  CHECK(parsed("2000-01-01") - parsed("1999-01-01") == 365);
}

TEST_CASE("date: day arithmetic", "[date]") {
  CHECK((parsed("1999-06-10") + 365).iso() == "2000-06-09");
  CHECK((parsed("2000-02-28") + 1).iso() == "2000-02-29");
  CHECK((parsed("1999-12-31") + 1).iso() == "2000-01-01");
  CHECK((parsed("2000-01-01") + -1).iso() == "1999-12-31");
  CHECK(parsed("2000-06-09") - parsed("1999-06-10") == 365);
  CHECK(parsed("1999-06-10") < parsed("1999-06-11"));
  CHECK(parsed("2000-01-01") > parsed("1999-12-31"));
}

TEST_CASE("date: invalid strings are rejected", "[date]") {
  for (const char* text : {"", "2000-1-01", "2000-01-1", "20000101", "2000/01/01", "2000-13-01", "2000-00-10",
                           "2000-01-00", "2000-01-32", "2000-04-31", "1999-02-30", "abcd-ef-gh", " 2000-01-01",
                           "2000-01-01 ", "2000-01-01T00:00", "+200-01-01", "2000-+1-01", "2000-01-+1"}) {
    INFO("\"" << text << "\"");
    CHECK_FALSE(Date::parse(text).has_value());
  }
}

TEST_CASE("date: a signed year is not YYYY-MM-DD", "[date]") {
  // the schema's date format rejects these too; a parser that takes a sign lets `--until -200-01-01` through as a date
  CHECK_FALSE(Date::parse("-200-01-01").has_value());
  CHECK_FALSE(Date::parse("-001-01-01").has_value());
}

TEST_CASE("date: iso() writes what printf's %04d-%02u-%02u writes, for every day of years -1 to 10000", "[date]") {
  // iso() formats digits by hand (issue #8: it runs for every CSV row); printf is the reference
  int mismatches = 0;
  std::string first;
  for (std::int32_t days = Date::from_ymd(-1, 1, 1).days; days <= Date::from_ymd(10000, 12, 31).days; ++days) {
    const Date date{days};
    int y = 0;
    unsigned m = 0, d = 0;
    date.ymd(y, m, d);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    if (date.iso() != buf && mismatches++ == 0) first = date.iso() + " vs " + buf;
  }
  INFO(first);
  CHECK(mismatches == 0);
}
