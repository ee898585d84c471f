// Internal: byte-level text helpers shared by the CSV and JSON readers and the messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace credlex::population::text {

// Offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates and
// code points beyond U+10FFFF are ill-formed), or npos.
std::size_t invalid_utf8(std::string_view s);

// 1-based column in characters of byte `offset` in `line` (a continuation byte does not count).
std::int32_t column(std::string_view line, std::size_t offset);

// Input quoted for a message: `like this`, at most 40 characters, with control characters,
// backticks and bytes that are not UTF-8 written as \xNN, so a message is always one clean line.
std::string quote(std::string_view s);

// "a, b, c" (names as given), at most `limit` of them, then ", … (N in all)".
std::string join(const std::vector<std::string>& names, std::size_t limit = 12);

}  // namespace credlex::population::text
