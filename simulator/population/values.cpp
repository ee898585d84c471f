// One cell or JSON scalar → a typed value. The syntax of each type is in README.md; money and
// dates go through the runtime (clx_money_parse, clx_date_is_valid), the one implementation the
// whole toolchain shares.
#include <fmt/format.h>

#include <cstdint>
#include <limits>

#include "credlex/civil_date.h"
#include "credlex/money.h"
#include "credlex/status.h"
#include "simulator/population/population.h"
#include "simulator/population/text.h"
#include "simulator/population/values.h"

namespace credlex::population {

namespace {

using ir::Value;
using ir::ValueKind;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits into `out`, refusing anything beyond int64.
bool digits_value(std::string_view d, std::int64_t& out) {
  std::int64_t v = 0;
  for (char c : d) {
    if (__builtin_mul_overflow(v, std::int64_t{10}, &v) || __builtin_add_overflow(v, std::int64_t{c - '0'}, &v)) return false;
  }
  out = v;
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

std::optional<Value> parse_int(std::string_view s, std::string& why) {
  bool negative = !s.empty() && s[0] == '-';
  std::string_view d = negative ? s.substr(1) : s;
  if (!all_digits(d)) {
    why = fmt::format("expected a whole number (digits with an optional leading `-`), not {}", text::quote(s));
    return std::nullopt;
  }
  std::int64_t v = 0;
  // Accumulate negatively so that the int64 minimum is accepted.
  for (char c : d) {
    if (__builtin_mul_overflow(v, std::int64_t{10}, &v) || __builtin_sub_overflow(v, std::int64_t{c - '0'}, &v)) {
      why = fmt::format("the number {} does not fit in 64 bits", text::quote(s));
      return std::nullopt;
    }
  }
  if (!negative) {
    if (v == std::numeric_limits<std::int64_t>::min()) {
      why = fmt::format("the number {} does not fit in 64 bits", text::quote(s));
      return std::nullopt;
    }
    v = -v;
  }
  return Value::integer(v);
}

// [-]DIGITS[.DIGITS], at most 18 decimals (the IR's decimal scale), mantissa within int64.
std::optional<Value> parse_decimal(std::string_view s, std::string& why) {
  bool negative = !s.empty() && s[0] == '-';
  std::string_view body = negative ? s.substr(1) : s;
  std::size_t point = body.find('.');
  std::string_view whole = body.substr(0, point);
  std::string_view frac = point == std::string_view::npos ? std::string_view{} : body.substr(point + 1);
  if (!all_digits(whole) || (point != std::string_view::npos && !all_digits(frac))) {
    why = fmt::format("expected a decimal number like `12.5` (digits, an optional `.` and digits, an optional leading `-`), not {}",
                      text::quote(s));
    return std::nullopt;
  }
  if (frac.size() > 18) {
    why = fmt::format("{} has more than 18 decimals", text::quote(s));
    return std::nullopt;
  }
  std::string digits(whole);
  digits += frac;
  std::int64_t mantissa = 0;
  if (!digits_value(digits, mantissa)) {
    why = fmt::format("the number {} has too many digits (more than 64 bits)", text::quote(s));
    return std::nullopt;
  }
  return Value::decimal(negative ? -mantissa : mantissa, static_cast<std::int32_t>(frac.size()));
}

std::optional<Value> parse_money(std::string_view s, const ir::FieldType& type, std::string& why) {
  clx_money m;
  int status = clx_money_parse(s.data(), s.size(), &m);
  std::string example = fmt::format("`10000.00 {}`", type.currency.empty() ? "CNY" : type.currency);
  if (status == CLX_E_PRECISION) {
    why = fmt::format("{} has more than 4 decimals (money is exact to 1/10000 of the currency unit)", text::quote(s));
    return std::nullopt;
  }
  if (status == CLX_E_OVERFLOW) {
    why = fmt::format("the amount {} is too large", text::quote(s));
    return std::nullopt;
  }
  if (status != CLX_OK) {
    why = fmt::format("expected an amount and a currency like {} (one space, a three-letter upper-case code), not {}", example,
                      text::quote(s));
    return std::nullopt;
  }
  std::string currency(m.currency, 3);
  if (!type.currency.empty() && currency != type.currency) {
    why = fmt::format("expected an amount in {}, not in {}", type.currency, currency);
    return std::nullopt;
  }
  return Value::money(m.units, std::move(currency));
}

std::optional<Value> parse_date(std::string_view s, std::string& why) {
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) shape = shape && is_digit(s[i]);
  if (!shape) {
    why = fmt::format("expected a date `YYYY-MM-DD`, not {}", text::quote(s));
    return std::nullopt;
  }
  auto num = [&](std::size_t at, std::size_t n) {
    std::int32_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v * 10 + (s[at + k] - '0');
    return v;
  };
  std::int32_t y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (!clx_date_is_valid(y, m, d)) {
    why = fmt::format("{} is not a real date in the years 1 to 9999", text::quote(s));
    return std::nullopt;
  }
  return Value::date(clx_days_from_civil(y, m, d));
}

// N UNIT with exactly one space: day(s), working day(s), month(s), year(s) (= 12 months, as the
// IR lowers them). N is a whole number >= 0.
std::optional<Value> parse_duration(std::string_view s, std::string& why) {
  auto bad = [&] {
    why = fmt::format("expected a duration like `15 days`, `3 working days`, `6 months` or `2 years`, not {}", text::quote(s));
    return std::nullopt;
  };
  std::size_t space = s.find(' ');
  if (space == std::string_view::npos) return bad();
  std::string_view amount = s.substr(0, space), unit = s.substr(space + 1);
  if (!all_digits(amount)) return bad();
  ir::Unit u;
  std::int64_t factor = 1;
  if (unit == "day" || unit == "days") u = ir::Unit::Days;
  else if (unit == "working day" || unit == "working days") u = ir::Unit::WorkingDays;
  else if (unit == "month" || unit == "months") u = ir::Unit::Months;
  else if (unit == "year" || unit == "years") { u = ir::Unit::Months; factor = 12; }
  else return bad();
  std::int64_t n = 0;
  if (!digits_value(amount, n) || __builtin_mul_overflow(n, factor, &n)) {
    why = fmt::format("the duration {} is too long", text::quote(s));
    return std::nullopt;
  }
  return Value::duration(n, u);
}

std::optional<Value> parse_choice(std::string_view s, const ir::FieldType& type, const ir::Policy& policy, std::string& why) {
  if (type.index < 0 || static_cast<std::size_t>(type.index) >= policy.enums.size()) {
    why = "the policy declares no choices for this field";
    return std::nullopt;
  }
  const ir::Enum& e = policy.enums[static_cast<std::size_t>(type.index)];
  for (std::size_t i = 0; i < e.choices.size(); ++i)
    if (e.choices[i] == s) return Value::choice(type.index, static_cast<std::int64_t>(i));
  why = fmt::format("{} is not a choice of `{}`; expected one of {}", text::quote(s), e.name, text::join(e.choices));
  return std::nullopt;
}

}  // namespace

std::optional<Value> parse_value(std::string_view s, const ir::FieldType& type, const ir::Policy& policy, std::string& why) {
  switch (type.kind) {
    case ValueKind::Bool:
      if (s == "true") return Value::boolean(true);
      if (s == "false") return Value::boolean(false);
      why = fmt::format("expected `true` or `false`, not {}", text::quote(s));
      return std::nullopt;
    case ValueKind::Int: return parse_int(s, why);
    case ValueKind::Decimal: return parse_decimal(s, why);
    case ValueKind::Money: return parse_money(s, type, why);
    case ValueKind::Text: return Value::of_text(std::string(s));
    case ValueKind::Date: return parse_date(s, why);
    case ValueKind::Duration: return parse_duration(s, why);
    case ValueKind::Choice: return parse_choice(s, type, policy, why);
    case ValueKind::Entity: {
      if (s.empty()) {
        why = "expected the id of an entity, not an empty text";
        return std::nullopt;
      }
      Value v = Value::entity();
      v.text = std::string(s);
      return v;
    }
    case ValueKind::Level:
    case ValueKind::Event: break;
  }
  why = "a field of this type cannot be given in a population";
  return std::nullopt;
}

std::string type_name(const ir::FieldType& type, const ir::Policy& policy) {
  switch (type.kind) {
    case ValueKind::Bool: return "true or false";
    case ValueKind::Int: return "a whole number";
    case ValueKind::Decimal: return "a decimal number";
    case ValueKind::Money: return type.currency.empty() ? "an amount of money" : fmt::format("an amount in {}", type.currency);
    case ValueKind::Text: return "a text";
    case ValueKind::Date: return "a date";
    case ValueKind::Duration: return "a duration";
    case ValueKind::Choice:
      if (type.index >= 0 && static_cast<std::size_t>(type.index) < policy.enums.size())
        return fmt::format("one of the choices of `{}`", policy.enums[static_cast<std::size_t>(type.index)].name);
      return "a choice";
    case ValueKind::Entity: return "an entity id";
    case ValueKind::Level:
    case ValueKind::Event: break;
  }
  return "a value";
}

std::optional<Value> json_value(const json::Member& m, const ir::FieldType& type, const ir::Policy& policy, std::string& why) {
  using json::Type;
  if (m.type == Type::Null) {
    why = fmt::format("`{}` is null; every field needs a value ({})", m.key, type_name(type, policy));
    return std::nullopt;
  }
  auto wrong = [&](const std::string& expected) {
    why = fmt::format("`{}` is {}; expected {}", m.key, json::describe(m.type), expected);
    return std::nullopt;
  };
  auto in_field = [&](std::optional<Value> v) {
    if (!v) why = fmt::format("`{}`: {}", m.key, why);
    return v;
  };
  switch (type.kind) {
    case ValueKind::Bool:
      if (m.type == Type::True) return Value::boolean(true);
      if (m.type == Type::False) return Value::boolean(false);
      return wrong("true or false (JSON booleans, not strings)");
    case ValueKind::Int:
      if (m.type != Type::Number) return wrong("a whole number (a JSON number)");
      if (m.value.find_first_of(".eE") != std::string::npos) return wrong("a whole number, without a fraction or an exponent");
      return in_field(parse_int(m.value, why));
    case ValueKind::Decimal:
      if (m.type == Type::Number && m.value.find_first_of("eE") != std::string::npos)
        return wrong("a decimal number written without an exponent, like `0.25`");
      if (m.type != Type::Number && m.type != Type::String) return wrong("a decimal number (a JSON number or a string like \"0.25\")");
      return in_field(parse_decimal(m.value, why));
    case ValueKind::Money:
      if (m.type != Type::String)
        return wrong(fmt::format("{} in a string, like \"10000.00 {}\"", type_name(type, policy), type.currency.empty() ? "CNY" : type.currency));
      break;
    default:
      if (m.type != Type::String) return wrong(type_name(type, policy) + " in a string");
      break;
  }
  return in_field(parse_value(m.value, type, policy, why));
}

}  // namespace credlex::population
