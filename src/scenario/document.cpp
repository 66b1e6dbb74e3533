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
#include <type_traits>
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

/// nlohmann's error text without its "[json.exception...] parse error at ...: " prefix.
std::string parser_detail(const std::string& what) {
  const std::size_t head = what.find("parse error");
  const std::size_t colon = head == std::string::npos ? std::string::npos : what.find(": ", head);
  if (colon != std::string::npos) {
    return what.substr(colon + 2);
  }
  const std::size_t bracket = what.rfind("] ");  // "[json.exception.out_of_range.406] number overflow ..."
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

/// A SAX handler that builds the document with nlohmann's own DOM builder and keeps track of
/// the JSON pointer of the value being read, so that any error the parser reports (a syntax
/// error, a number too large for a double, ...) can name where it is. It never throws: the
/// first error is recorded and parsing stops.
class PointerTrackingSax {
 public:
  explicit PointerTrackingSax(json& result) : dom_(result, false) {}

  bool null() { return scalar(dom_.null()); }
  bool boolean(bool value) { return scalar(dom_.boolean(value)); }
  bool number_integer(json::number_integer_t value) { return scalar(dom_.number_integer(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return scalar(dom_.number_unsigned(value)); }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    return scalar(dom_.number_float(value, text));
  }
  bool string(json::string_t& value) { return scalar(dom_.string(value)); }
  bool binary(json::binary_t& value) { return scalar(dom_.binary(value)); }
  bool start_object(std::size_t size) {
    frames_.push_back({false, {}, 0});
    return dom_.start_object(size);
  }
  bool key(json::string_t& name) {
    frames_.back().key = name;
    return dom_.key(name);
  }
  bool end_object() {
    frames_.pop_back();
    return scalar(dom_.end_object());
  }
  bool start_array(std::size_t size) {
    frames_.push_back({true, {}, 0});
    return dom_.start_array(size);
  }
  bool end_array() {
    frames_.pop_back();
    return scalar(dom_.end_array());
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*token*/, const Exception& error) {
    if (!failed_) {
      failed_ = true;
      position_ = position;
      message_ = parser_detail(error.what());
      // a value the parser cannot represent (a number beyond a double) is at a pointer; a syntax
      // error is between values, so the pointer is only a hint to where the parser had got to
      if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>) {
        pointer_ = pointer();
      } else if (const std::string near = pointer(); !near.empty()) {
        message_ += " (after " + near + ")";
      }
    }
    return false;
  }

  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const std::string& error_pointer() const { return pointer_; }

 private:
  struct Frame {
    bool array;
    std::string key;
    std::size_t index;
  };

  /// A value has been read completely: the next element of an enclosing array comes next.
  bool scalar(bool ok) {
    if (!frames_.empty() && frames_.back().array) {
      ++frames_.back().index;
    }
    return ok;
  }

  /// The pointer of the value being read.
  [[nodiscard]] std::string pointer() const {
    std::string at;
    for (const auto& frame : frames_) {
      at = frame.array ? pointer_append(at, frame.index) : pointer_append(at, frame.key);
    }
    return at;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> frames_;
  bool failed_ = false;
  std::size_t position_ = 0;
  std::string message_, pointer_;
};

}  // namespace

json parse_json_text(const std::string& text, const std::string& name) {
  json doc;
  PointerTrackingSax sax(doc);
  bool ok = false;
  try {
    ok = json::sax_parse(text, &sax);
  } catch (const json::exception& e) {  // not expected: the handler reports errors instead
    throw ScenarioError(name, "", "malformed JSON: " + parser_detail(e.what()));
  }
  if (!ok || sax.failed()) {
    // the parser's position is 1-based (the last byte read)
    const std::size_t offset = sax.position() == 0 ? 0 : sax.position() - 1;
    const auto [line, column] = line_and_column(text, offset);
    throw ScenarioError(name, sax.error_pointer(),
                        "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                            sax.message());
  }
  return doc;
}

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
  json doc = parse_json_text(text, name);
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
