// The layout of a formatted file: one Item per output line (a block is a header line, its
// children and a closing brace). Each Item remembers the source extent it was printed from, so
// that comments and blank lines can be put back next to the same code. Private to format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/syntax/ast.h"

namespace credlex::format {

struct Item {
  // What a top-level item is, for the blank-line rule (documents, params and uses group).
  enum class Kind { Header, Use, Document, Param, Other } kind = Kind::Other;
  // The line's clauses, without indentation (a block's header without ` {`). They print joined
  // by spaces, or one per line when the line would be too wide: every clause starts with its
  // own keyword, so a break between clauses never changes the meaning.
  std::vector<std::string> clauses;
  bool one_clause_per_line = false;  // even when they would fit (a document's `authorises` lines)
  std::uint32_t begin = 0, end = 0;  // source extent
  int rank = 0;                      // print order among siblings; ties keep source order
  std::size_t source_index = 0;      // position among siblings in the source (set when attaching)
  // A block's children are lines between `{` and `}`. A list (enum values, a test record) prints
  // inline, `{ a, b }`, when it fits and holds no comment; otherwise one entry per line, each
  // ending with `,`.
  enum class Body { None, Block, List } body = Body::None;
  std::uint32_t open = 0, close = 0;  // source offsets of the body's `{` and `}`
  std::vector<Item> children;

  // Filled by attach_comments.
  std::vector<const syntax::Comment*> leading;      // own lines before the item
  const syntax::Comment* trailing = nullptr;        // at the end of its (last) line
  const syntax::Comment* open_trailing = nullptr;   // after a block's `{`
  std::vector<const syntax::Comment*> closing;      // own lines before a block's `}`
};

struct Layout {
  std::vector<Item> items;
  std::vector<const syntax::Comment*> closing;  // after the last item of the file
};

// Gives every comment a place (see README.md), then puts siblings in print order (`rank`).
void attach_comments(Layout& layout, const std::vector<syntax::Comment>& comments, std::string_view src);

// The text of the layout; ends with one newline unless there is nothing to print.
std::string render(const Layout& layout, std::string_view src, int indent, int max_width);

}  // namespace credlex::format
