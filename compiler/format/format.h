// `credlex fmt`: the canonical text of a policy file. The layout rules are in README.md.
#pragma once

#include <string>
#include <string_view>

#include "compiler/syntax/ast.h"

namespace credlex::format {

struct Options {
  int indent = 2;        // spaces per block level
  int max_width = 100;   // wider lines break between clauses; a clause itself never breaks
};

// The canonical text of `file`, whose source is `source_text`. The file must have parsed without
// errors: given a file with syntax errors (`!file.syntax_ok`) it returns `source_text` unchanged,
// since a partial AST would lose text. Every comment is kept; the result ends with one newline
// (an empty file stays empty) and formatting it again changes nothing.
std::string format(const syntax::File& file, std::string_view source_text, const Options& options = {});

}  // namespace credlex::format
