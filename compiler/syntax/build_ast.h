// Converting the ANTLR parse tree into the AST. Private to the syntax layer.
#pragma once

#include <cstdint>
#include <vector>

#include "CredlexParser.h"
#include "compiler/diag/diagnostics.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/parse.h"

namespace credlex::syntax {

// ANTLR counts positions in code points; the AST counts bytes. For pure ASCII files the two
// agree and no table is kept.
class OffsetMap {
 public:
  explicit OffsetMap(std::string_view text);
  std::uint32_t byte(std::size_t code_point) const {
    if (bytes_.empty()) return static_cast<std::uint32_t>(code_point);
    return bytes_[std::min(code_point, bytes_.size() - 1)];
  }

 private:
  std::vector<std::uint32_t> bytes_;  // empty for ASCII; else byte offset of each code point + end
};

SourceRange token_range(const antlr4::Token* token, const OffsetMap& map, diag::FileId file);

// Builds the AST of a file that parsed without syntax errors.
File build_ast(grammar::CredlexParser::FileContext* tree, const OffsetMap& map, diag::FileId file,
               std::string_view text, diag::Sink& sink, const ParseOptions& options);

}  // namespace credlex::syntax
