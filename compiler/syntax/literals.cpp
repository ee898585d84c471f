#include "compiler/syntax/literals.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "credlex/civil_date.h"

namespace credlex::syntax::literals {

std::optional<std::int64_t> parse_int(std::string_view digits) {
  // At most 18 significant digits, like decimals: every value then fits with room to spare.
  auto first = digits.find_first_not_of('0');
  if (first != std::string_view::npos && digits.size() - first > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<Decimal> parse_decimal(std::string_view text) {
  auto dot = text.find('.');
  std::string digits(text.substr(0, dot));
  int scale = 0;
  if (dot != std::string_view::npos) {
    digits += text.substr(dot + 1);
    scale = static_cast<int>(text.size() - dot - 1);
  }
  // 18 significant digits always fit an int64 without overflow checks downstream.
  auto first = digits.find_first_not_of('0');
  if (first != std::string::npos && digits.size() - first > 18) return std::nullopt;
  auto mantissa = parse_int(digits);
  if (!mantissa || scale > 18) return std::nullopt;
  return Decimal{*mantissa, scale};
}

std::optional<std::int32_t> parse_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  auto year = parse_int(text.substr(0, 4));
  auto month = parse_int(text.substr(5, 2));
  auto day = parse_int(text.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  auto y = static_cast<std::int32_t>(*year), m = static_cast<std::int32_t>(*month),
       d = static_cast<std::int32_t>(*day);
  if (!clx_date_is_valid(y, m, d)) return std::nullopt;
  return clx_days_from_civil(y, m, d);
}

bool is_known_currency(std::string_view code) {
  // The currencies an agency export may plausibly carry; extend as policies need.
  static constexpr std::array<std::string_view, 16> kCodes = {
      "AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "JPY",
      "KRW", "MOP", "NZD", "RUB", "SGD", "TWD", "USD", "XDR"};
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

bool unquote(std::string_view token, std::string& value, std::string& bad, std::size_t& bad_offset) {
  value.clear();
  std::string_view body = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      value += body[i];
      continue;
    }
    char next = i + 1 < body.size() ? body[i + 1] : '\0';
    switch (next) {
      case '"': value += '"'; break;
      case '\\': value += '\\'; break;
      case 'n': value += '\n'; break;
      case 't': value += '\t'; break;
      default: {
        // Report the whole (possibly multi-byte) character after the backslash.
        std::size_t len = 1;
        while (i + 1 + len < body.size() && (static_cast<unsigned char>(body[i + 1 + len]) & 0xC0) == 0x80)
          ++len;
        bad = std::string(body.substr(i + 1, len));
        bad_offset = i + 1;  // +1 for the opening quote
        return false;
      }
    }
    ++i;
  }
  return true;
}

}  // namespace credlex::syntax::literals
