// The syntax phase: source text → AST. ANTLR stays behind this header.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostics.h"
#include "compiler/syntax/ast.h"

namespace credlex::syntax {

struct ParseOptions {
  std::size_t max_file_bytes = std::size_t{8} << 20;  // a 20,000-line policy is about 0.6 MiB
  int max_nesting = 200;          // brackets, `not`/`-` runs and open `if`s
  int max_expression_depth = 400;  // operators chained in one expression
  std::size_t max_errors = 50;     // per file; after that the file is abandoned with a note
};

// Parses one file. Every problem is reported to `sink`; the result is always usable, with
// `syntax_ok` false when the file had syntax errors (its AST then holds what could be read).
File parse(const diag::SourceManager& sources, diag::FileId file, diag::Sink& sink,
           const ParseOptions& options = {});

// Whether credlex knows an ISO 4217 currency code (`CNY`).
bool known_currency(std::string_view code);

struct Token {
  std::string kind;  // the grammar's token name, e.g. ID, DATE, INCLUDE
  std::string text;
  SourceRange range;
  bool comment = false;
};

// The tokens of a file (for `--emit=tokens`), comments included, white space left out.
std::vector<Token> tokenize(const diag::SourceManager& sources, diag::FileId file, diag::Sink& sink,
                            const ParseOptions& options = {});

}  // namespace credlex::syntax
