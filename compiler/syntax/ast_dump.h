// `--emit=ast`: the structure of a parsed file, one node a line with its position, for people
// looking inside the compiler (not a stable format).
#pragma once

#include <string>

#include "compiler/diag/source.h"
#include "compiler/syntax/ast.h"

namespace credlex::syntax {

std::string dump_ast(const File& file, const diag::SourceManager& sources);

}  // namespace credlex::syntax
