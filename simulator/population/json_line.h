// Internal: a strict parser for one flat JSON object on one line (RFC 8259), the shape of a line
// of events.jsonl. Values are scalars only: a nested object or array is an error. Strings are
// decoded (every escape, \uXXXX with surrogate pairs); numbers are kept as their exact text, to
// be typed later by the field they fill (no floating point anywhere).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace credlex::population::json {

enum class Type { String, Number, True, False, Null };

struct Member {
  std::string key;
  std::size_t key_offset = 0;    // byte offset of the key's opening quote
  Type type = Type::Null;
  std::string value;             // String: decoded; Number: as written; otherwise empty
  std::size_t value_offset = 0;  // byte offset of the value's first character
};

struct Error {
  std::size_t offset = 0;
  std::string reason;
};

// Parses `line` (already checked to be UTF-8) into its members in order; duplicates are kept (the
// caller reports them with both positions). False, with `error`, on the first syntax error.
bool parse_object(std::string_view line, std::vector<Member>& members, Error& error);

// The name of a JSON type for messages: "a string", "a number", "true", "false", "null".
const char* describe(Type type);

}  // namespace credlex::population::json
