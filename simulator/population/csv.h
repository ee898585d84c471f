// Internal: one CSV line split into fields (RFC 4180 within a line).
//
// A field is either bare (no `"` in it) or quoted: `"…"` with `""` for a quote, commas allowed
// inside. A quoted field must be followed by a comma or the end of the line. A line break inside
// a quoted field is not supported: the line reader has already split the file, so an unclosed
// quote is reported as such, which keeps every record on exactly one line and every line number
// exact.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace credlex::population::csv {

struct Field {
  std::string text;        // unquoted, `""` resolved
  std::size_t offset = 0;  // byte offset of the field's first character in the line
};

struct Error {
  std::size_t offset = 0;   // byte offset in the line
  std::string reason;
};

// Splits `line` (without its line end) into `fields`. False, with `error`, for a malformed line.
// An empty line gives one empty field.
bool split(std::string_view line, std::vector<Field>& fields, Error& error);

}  // namespace credlex::population::csv
