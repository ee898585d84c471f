// Questions about the source text that the AST does not answer: where a block's `{` is, where a
// clause keyword stands, whether two positions are separated by a blank line. Private to format.
#pragma once

#include <cstdint>
#include <string_view>

namespace credlex::format {

// The offset of the first `token` in [from, to) outside comments and text literals; a word
// token matches only as a whole word. Returns `to` when there is none.
std::uint32_t find_code(std::string_view src, std::uint32_t from, std::uint32_t to, std::string_view token);

// True when [a, b) contains an empty (or white-space-only) line. False when a >= b.
bool has_blank_line(std::string_view src, std::uint32_t a, std::uint32_t b);

// True when [a, b) contains no line break.
bool same_line(std::string_view src, std::uint32_t a, std::uint32_t b);

}  // namespace credlex::format
