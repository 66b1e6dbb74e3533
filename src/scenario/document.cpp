// Reading scenario files: JSON with line/column errors, `extends` chains, overlay merging,
// and provenance (which file of the chain set each value).
//
// Provenance is a map from pointers of the merged document to the file that last set them.
// Only replaced values are recorded (a replaced value drops the records below it); a key merged
// into an existing object records nothing, so a lookup falls back to its nearest ancestor.
// Pointers are those of the merged document: an element appended to an id'd array is recorded
// at its index in the merged array, not at its index in the overlay.

#include "peacesim/scenario/document.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unordered_map>

#include "peacesim/scenario/error.hpp"

namespace peacesim::scenario {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Where merged values are recorded, and the file they come from.
struct Provenance {
  std::map<std::string, std::string>& origin;
  const std::string& file;
};

/// The kind of a JSON value in a modeller's words.
std::string kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

/// Records that `file` replaced the value at `pointer`: older records below it are gone.
void record(Provenance* provenance, const std::string& pointer) {
  if (provenance == nullptr) {
    return;
  }
  auto& origin = provenance->origin;
  const std::string prefix = pointer + "/";
  auto it = origin.lower_bound(prefix);
  while (it != origin.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    it = origin.erase(it);
  }
  origin[pointer] = provenance->file;
}

/// True for an array whose elements are all objects with a string "id".
bool is_id_array(const json& value) {
  return value.is_array() && std::all_of(value.begin(), value.end(), [](const json& element) {
           const auto id = element.find("id");
           return element.is_object() && id != element.end() && id->is_string();
         });
}

void merge_value(json& base, const json& overlay, const std::string& pointer, Provenance* provenance) {
  // objects: key by key
  if (base.is_object() && overlay.is_object()) {
    for (const auto& [key, value] : overlay.items()) {
      const std::string child = pointer_append(pointer, key);
      if (const auto it = base.find(key); it != base.end()) {
        merge_value(*it, value, child, provenance);
      } else {
        base[key] = value;
        record(provenance, child);
      }
    }
    return;
  }
  // arrays of id'd objects: element by element, new ids appended in overlay order
  if (!overlay.empty() && is_id_array(overlay) && is_id_array(base)) {
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < base.size(); ++i) {
      index_of.emplace(base[i]["id"].get<std::string>(), i);
    }
    for (const auto& element : overlay) {
      const auto& id = element["id"].get_ref<const std::string&>();
      if (const auto it = index_of.find(id); it != index_of.end()) {
        merge_value(base[it->second], element, pointer_append(pointer, it->second), provenance);
      } else {
        base.push_back(element);
        index_of.emplace(id, base.size() - 1);
        record(provenance, pointer_append(pointer, base.size() - 1));
      }
    }
    return;
  }
  // anything else replaces
  base = overlay;
  record(provenance, pointer);
}

/// 1-based line and column (in code points) of the 0-based byte `offset` of `text`.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto begin = text.begin();
  const auto at = begin + static_cast<std::ptrdiff_t>(offset);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(begin, at, '\n'));
  const std::size_t newline = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  const std::size_t line_start = newline == std::string::npos ? 0 : newline + 1;
  const auto column_bytes = std::count_if(begin + static_cast<std::ptrdiff_t>(line_start), at,
                                          [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; });
  return {line, 1 + static_cast<std::size_t>(column_bytes)};
}

/// nlohmann's parse error text without its "[json.exception...] parse error at ...: " prefix.
std::string parser_detail(const std::string& what) {
  const std::size_t head = what.find("parse error");
  const std::size_t colon = head == std::string::npos ? std::string::npos : what.find(": ", head);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

json read_json_file(const fs::path& file) {
  const std::string name = file.string();
  // the file must exist and be a file
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (!fs::exists(status)) {
    throw ScenarioError(name, "", "expected an existing, readable file");
  }
  if (fs::is_directory(status)) {
    throw ScenarioError(name, "", "expected a file, got a directory");
  }
  // read it whole
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ScenarioError(name, "", "expected an existing, readable file");
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    throw ScenarioError(name, "", "expected an existing, readable file");
  }
  // parse, turning the parser's byte offset (1-based, last byte read) into line and column
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_and_column(text, e.byte == 0 ? 0 : e.byte - 1);
    throw ScenarioError(name, "",
                        "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                            parser_detail(e.what()));
  }
  if (!doc.is_object()) {
    throw ScenarioError(name, "", "expected a JSON object at the top level, got " + kind_of(doc));
  }
  return doc;
}

void merge_overlay(json& base, const json& overlay) { merge_value(base, overlay, "", nullptr); }

std::string ScenarioDocument::origin_of(std::string_view pointer) const {
  // the most specific record at or above the pointer
  std::string at(pointer);
  while (true) {
    if (const auto it = origin.find(at); it != origin.end()) {
      return it->second;
    }
    if (at.empty()) {
      return {};
    }
    const std::size_t slash = at.rfind('/');
    at.resize(slash == std::string::npos ? 0 : slash);
  }
}

ScenarioDocument load_document(const fs::path& file) {
  // follow `extends` from the file down to its base, each file read once
  std::vector<fs::path> chain;  // the file first, its base last
  std::vector<fs::path> identities;
  std::vector<json> layers;
  fs::path current = file;
  while (true) {
    std::error_code ec;
    fs::path identity = fs::weakly_canonical(current, ec);
    if (ec) {
      identity = fs::absolute(current).lexically_normal();
    }
    if (std::find(identities.begin(), identities.end(), identity) != identities.end()) {
      std::string cycle;
      for (const auto& link : chain) {
        cycle += link.string() + " -> ";
      }
      throw ScenarioError(chain.back().string(), "/extends",
                          "expected no cycle of extends, got " + cycle + current.string());
    }
    identities.push_back(identity);
    json layer = read_json_file(current);
    chain.push_back(current);
    const auto extends = layer.find("extends");
    if (extends == layer.end()) {
      layers.push_back(std::move(layer));
      break;
    }
    if (!extends->is_string() || extends->get_ref<const std::string&>().empty()) {
      throw ScenarioError(current.string(), "/extends",
                          "expected the path (relative to this file) of the scenario it extends, got " +
                              extends->dump(-1, ' ', false, json::error_handler_t::replace));
    }
    const fs::path next = (current.parent_path() / extends->get<std::string>()).lexically_normal();
    if (!fs::exists(next, ec)) {
      throw ScenarioError(current.string(), "/extends",
                          "expected an existing file to extend, got " + extends->dump() + " (" + next.string() + ")");
    }
    layer.erase("extends");
    layers.push_back(std::move(layer));
    current = next;
  }

  // merge base first, recording which file set what
  std::reverse(chain.begin(), chain.end());
  std::reverse(layers.begin(), layers.end());
  ScenarioDocument document;
  document.file = file;
  document.json = std::move(layers.front());
  document.origin[""] = chain.front().string();
  for (std::size_t i = 1; i < layers.size(); ++i) {
    const std::string source = chain[i].string();
    Provenance provenance{document.origin, source};
    merge_value(document.json, layers[i], "", &provenance);
  }
  document.chain = std::move(chain);
  return document;
}

}  // namespace peacesim::scenario
