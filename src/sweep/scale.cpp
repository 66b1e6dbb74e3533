#include "peacesim/sweep/scale.hpp"

#include <cmath>

#include "peacesim/scenario/error.hpp"

namespace peacesim::sweep {

using nlohmann::json;

namespace {

/// Glob match with '*' only.
bool glob(std::string_view pat, std::string_view s) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < s.size()) {
    if (p < pat.size() && pat[p] == s[t]) {
      ++p, ++t;
    } else if (p < pat.size() && pat[p] == '*') {
      star = p++, mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1, t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

template <class Json, class Fn>
void walk(Json& node, const std::vector<std::string>& segs, std::size_t i, const std::string& pointer, Fn&& fn,
          bool numbers_only = true) {
  if (i == segs.size()) {
    if (node.is_number() || !numbers_only) fn(node, pointer);
    return;
  }
  const std::string& seg = segs[i];
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it)
      if (glob(seg, it.key()))
        walk(it.value(), segs, i + 1, scenario::pointer_append(pointer, it.key()), fn, numbers_only);
  } else if (node.is_array()) {
    for (std::size_t k = 0; k < node.size(); ++k) {
      auto& el = node[k];
      const bool by_id = el.is_object() && el.contains("id") && el["id"].is_string() &&
                         glob(seg, el["id"].template get<std::string>());
      if (by_id || glob(seg, std::to_string(k)))
        walk(el, segs, i + 1, scenario::pointer_append(pointer, k), fn, numbers_only);
    }
  }
}

}  // namespace

std::vector<std::string> path_matches(const json& doc, std::string_view pattern) {
  std::vector<std::string> out;
  walk(doc, split(pattern), 0, "", [&](const json&, const std::string& p) { out.push_back(p); }, false);
  return out;
}

int apply_set(json& doc, std::string_view pattern, const json& value) {
  int n = 0;
  walk(doc, split(pattern), 0, "", [&](json& v, const std::string&) { v = value, ++n; }, false);
  return n;
}

std::vector<std::string> scale_matches(const json& doc, std::string_view pattern) {
  std::vector<std::string> out;
  walk(doc, split(pattern), 0, "", [&](const json&, const std::string& p) { out.push_back(p); });
  return out;
}

int apply_scale(json& doc, std::string_view pattern, double factor) {
  int n = 0;
  walk(doc, split(pattern), 0, "", [&](json& v, const std::string&) {
    if (v.is_number_integer()) v = static_cast<long long>(std::llround(v.get<double>() * factor));
    else v = v.get<double>() * factor;
    ++n;
  });
  return n;
}

}  // namespace peacesim::sweep
