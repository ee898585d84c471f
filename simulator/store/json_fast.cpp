// simdjson on one line, with the reference parser behind it (json_fast.h says when).
#include "simulator/store/json_fast.h"

#include <simdjson.h>

#include <cstring>

namespace credlex::store {

namespace json = population::json;

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
bool json_number(std::string_view s) {
  std::size_t k = 0, n = s.size();
  if (k < n && s[k] == '-') ++k;
  if (k >= n) return false;
  if (s[k] == '0') ++k;
  else if (is_digit(s[k])) while (k < n && is_digit(s[k])) ++k;
  else return false;
  if (k < n && s[k] == '.') {
    if (++k >= n || !is_digit(s[k])) return false;
    while (k < n && is_digit(s[k])) ++k;
  }
  if (k < n && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < n && (s[k] == '+' || s[k] == '-')) ++k;
    if (k >= n || !is_digit(s[k])) return false;
    while (k < n && is_digit(s[k])) ++k;
  }
  return k == n;
}

}  // namespace

struct JsonLines::Simdjson {
  bool fast(std::string_view line, std::vector<json::Member>& members);
  simdjson::ondemand::parser parser;
  std::string buffer;  // the line, followed by simdjson::SIMDJSON_PADDING bytes
};

JsonLines::JsonLines() : simdjson_(std::make_unique<Simdjson>()) {}
JsonLines::~JsonLines() = default;

bool JsonLines::parse(std::string_view line, std::vector<json::Member>& members, json::Error& error) {
  if (simdjson_->fast(line, members)) return true;
  ++fallbacks_;
  return json::parse_object(line, members, error);
}

bool JsonLines::Simdjson::fast(std::string_view line, std::vector<json::Member>& members) {
  // Members are overwritten in place and trimmed at the end, so their strings keep their memory
  // from line to line.
  std::size_t count = 0;
  auto next = [&]() -> json::Member& {
    if (count == members.size()) members.emplace_back();
    return members[count++];
  };
  // Control bytes (a raw tab or control character in a string is the reference's error; outside
  // strings tabs are fine, but such lines are rare enough to leave to it).
  for (char c : line)
    if (static_cast<unsigned char>(c) < 0x20) return false;
  buffer.resize(line.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buffer.data(), line.data(), line.size());
  const char* base = buffer.data();
  simdjson::padded_string_view input(buffer.data(), line.size(), buffer.size());
  simdjson::ondemand::document doc;
  if (parser.iterate(input).get(doc)) return false;
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return false;
  std::string_view last;  // the raw token of the last value (where the closing brace must follow)
  for (auto result : object) {
    simdjson::ondemand::field field;
    if (std::move(result).get(field)) return false;
    json::Member& m = next();
    simdjson::ondemand::raw_json_string raw = field.key();
    m.key_offset = static_cast<std::size_t>(raw.raw() - 1 - base);
    std::string_view key;
    if (field.unescaped_key().get(key)) return false;
    if (key.find('\0') != std::string_view::npos) return false;
    m.key.assign(key);
    simdjson::ondemand::value value = field.value();
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) return false;
    std::string_view token = value.raw_json_token();
    m.value_offset = static_cast<std::size_t>(token.data() - base);
    last = token;
    std::string_view bare = trim_end(token);
    switch (type) {
      case simdjson::ondemand::json_type::string: {
        std::string_view s;
        if (value.get_string().get(s)) return false;
        if (s.find('\0') != std::string_view::npos) return false;
        m.type = json::Type::String;
        m.value.assign(s);
        break;
      }
      case simdjson::ondemand::json_type::number:
        if (!json_number(bare)) return false;
        m.type = json::Type::Number;
        m.value.assign(bare);
        break;
      case simdjson::ondemand::json_type::boolean:
        if (bare == "true") m.type = json::Type::True;
        else if (bare == "false") m.type = json::Type::False;
        else return false;
        m.value.clear();
        break;
      case simdjson::ondemand::json_type::null:
        if (bare != "null") return false;
        m.type = json::Type::Null;
        m.value.clear();
        break;
      default: return false;  // nested: the reference says so
    }
  }
  members.resize(count);
  // Nothing but whitespace after the closing brace.
  std::size_t end;
  if (count == 0) {
    std::string_view s = trim_end(line);
    std::size_t k = 0;
    while (k < s.size() && is_space(s[k])) ++k;
    if (s.substr(k) != "{}") {
      // "{ }" and the like: still an empty object
      if (k >= s.size() || s[k] != '{') return false;
      std::size_t j = k + 1;
      while (j < s.size() && is_space(s[j])) ++j;
      if (j + 1 != s.size() || s[j] != '}') return false;
    }
    return true;
  }
  end = static_cast<std::size_t>(last.data() - base) + trim_end(last).size();
  while (end < line.size() && is_space(line[end])) ++end;
  if (end >= line.size() || line[end] != '}') return false;
  ++end;
  while (end < line.size() && is_space(line[end])) ++end;
  return end == line.size();
}

}  // namespace credlex::store
