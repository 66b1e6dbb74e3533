#include "peacesim/core/date.hpp"

#include <charconv>
#include <cstdio>

namespace peacesim {

// days_from_civil / civil_from_days: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
Date Date::from_ymd(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + static_cast<int>(doe) - 719468};
}

void Date::ymd(int& year, unsigned& month, unsigned& day) const {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(yoe) + era * 400 + (month <= 2);
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t len, auto& out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + len, out);
    return r.ec == std::errc{} && r.ptr == s.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  const Date date = from_ymd(y, m, d);
  int y2;
  unsigned m2, d2;
  date.ymd(y2, m2, d2);
  if (y2 != y || m2 != m || d2 != d) return std::nullopt;  // e.g. 1999-02-30
  return date;
}

std::string Date::iso() const {
  int y;
  unsigned m, d;
  ymd(y, m, d);
  if (y < 0 || y > 9999) {  // outside what a scenario can hold: printf's form (e.g. "-001-01-01")
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
  }
  // the common case without snprintf (issue #8: written for every row of every CSV)
  const auto year = static_cast<unsigned>(y);
  std::string s(10, '-');
  s[0] = static_cast<char>('0' + year / 1000);
  s[1] = static_cast<char>('0' + year / 100 % 10);
  s[2] = static_cast<char>('0' + year / 10 % 10);
  s[3] = static_cast<char>('0' + year % 10);
  s[5] = static_cast<char>('0' + m / 10);
  s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + d / 10);
  s[9] = static_cast<char>('0' + d % 10);
  return s;
}

}  // namespace peacesim
