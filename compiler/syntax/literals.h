// Reading literal tokens (numbers, decimals, money, dates, text) into values. Private to syntax.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/syntax/ast.h"

namespace credlex::syntax::literals {

std::optional<std::int64_t> parse_int(std::string_view digits);
// "12.50" → {1250, 2}; nullopt when the mantissa does not fit 18 digits.
std::optional<Decimal> parse_decimal(std::string_view text);
// "2020-02-29" → day number; nullopt when it is not a calendar date in years 1..9999.
std::optional<std::int32_t> parse_date(std::string_view text);
bool is_known_currency(std::string_view code);

// The value of a quoted text token. On a bad escape, returns false and sets `bad` to the
// character after the backslash and `bad_offset` to the backslash's byte offset in the token.
bool unquote(std::string_view token, std::string& value, std::string& bad, std::size_t& bad_offset);

}  // namespace credlex::syntax::literals
