// The text format of golden cases: expected diagnostics written as comments inside the case,
// and `// golden:` directives. Pure text functions, no compiler involved, so the format can be
// read from any bytes (invalid UTF-8 and NUL bytes included).
//
//   // @-1 error[E0301]: there is no list named `x`      the line above this comment
//   // @+2 warning[W0704]: …                             two lines below
//   include on e   // @0 error[E0501]: …                 this line (trailing comments only)
//   // @other error[E0304]: …                            another file, or no location
//   // golden: max_file_bytes=64                        lowers the parser's file-size limit
//   // golden: also "missing.clx"                       checks one more root, relative to the case
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credlex::golden {

// One diagnostic as a case states it or as the compiler produced it. `line` is 1-based in the
// case file; absent for a diagnostic in another file or without a location (`@other`).
struct Expected {
  std::optional<std::uint32_t> line;
  std::string severity;  // "error" | "warning"
  std::string code;      // "E0301"
  std::string message;
  friend auto operator<=>(const Expected&, const Expected&) = default;
};

struct Directives {
  std::optional<std::size_t> max_file_bytes;
  std::vector<std::string> also;  // extra root paths, relative to the case's folder
};

struct ParsedCase {
  std::vector<Expected> expected;
  std::vector<std::uint32_t> expected_at;  // the line of each expectation's comment
  Directives directives;
  std::vector<std::string> problems;            // malformed expectations, with their line
  std::vector<std::string> directive_problems;  // malformed directives, with their line
};

// The lines of a text as the compiler counts them: split at '\n' only, so a text ending with
// '\n' has an empty last line (where the end of the file is).
std::vector<std::string_view> split_lines(std::string_view text);

// Reads the expectations and directives of a case.
ParsedCase parse_case(std::string_view text);

// The case text without any expectation comment: own-line ones are dropped, trailing `@0` ones
// cut off. A non-empty result always ends with '\n', so re-recorded cases end with a newline.
std::string strip_expectations(std::string_view text);

// Inserts expectation comments into a stripped text (see strip_expectations): each diagnostic
// of line L on its own line below L (`@-1`, `@-2`, … for several), `@other` ones at the end,
// and those at the very end of the file (the empty line after the last '\n') after everything
// else with `@+N`, so that the end of the file stays where they point. `diagnostics` must be
// in the order they are to be written; those with a line past the end are an error.
std::string insert_expectations(std::string_view stripped, const std::vector<Expected>& diagnostics);

// `error[E0301]: message`, as written after the offset.
std::string describe(const Expected& e);

}  // namespace credlex::golden
