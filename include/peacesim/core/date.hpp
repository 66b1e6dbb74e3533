#pragma once
/// Calendar dates as day numbers (proleptic Gregorian, days since 1970-01-01).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace peacesim {

/// A calendar day. Arithmetic is in days; formatting is ISO 8601 (YYYY-MM-DD).
struct Date {
  std::int32_t days = 0;  ///< days since 1970-01-01

  static Date from_ymd(int year, unsigned month, unsigned day);
  /// Parses "YYYY-MM-DD"; nullopt unless it is a real calendar date.
  static std::optional<Date> parse(std::string_view text);
  std::string iso() const;
  void ymd(int& year, unsigned& month, unsigned& day) const;

  friend auto operator<=>(const Date&, const Date&) = default;
  friend Date operator+(Date d, std::int32_t n) { return Date{d.days + n}; }
  friend std::int32_t operator-(Date a, Date b) { return a.days - b.days; }
};

}  // namespace peacesim
