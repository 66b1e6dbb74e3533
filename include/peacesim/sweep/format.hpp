#pragma once
/// Text of sweep tables: numbers in their shortest round-trip form (std::to_chars, the same
/// digits on every platform), and RFC 4180 CSV cells.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peacesim::sweep {

/// The shortest decimal text that reads back as exactly `v` ("nan", "inf", "-inf" if not finite).
std::string format_number(double v);
/// Parses a whole cell as a number (from_chars); nullopt if anything is left over.
std::optional<double> parse_number(std::string_view text);
/// "fnv1a64:<16 hex digits>": the FNV-1a 64-bit hash of `text`, as scenario hashes are written.
std::string fnv1a64(std::string_view text);
/// Now, in UTC, as ISO 8601 to the second ("2026-12-03T20:30:00Z"): the time stamps of manifests
/// and references.
std::string utc_now_iso();
/// Quotes a cell if it holds a comma, a quote or a line break.
std::string csv_escape(std::string_view cell);
/// Splits one CSV line into cells (RFC 4180 quotes; no line breaks inside cells).
std::vector<std::string> split_csv(std::string_view line);

}  // namespace peacesim::sweep
