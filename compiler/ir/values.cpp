#include "compiler/ir/values.h"

#include <fmt/format.h>

#include "compiler/ir/calendar.h"
#include "credlex/money.h"

namespace credlex::ir::values {
namespace {

using i128 = __int128;
constexpr int kMaxScale = 18;

i128 pow10(int n) {
  i128 r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

bool fits(i128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// q = n / d rounded half away from zero; d != 0.
i128 divide_rounded(i128 n, i128 d) {
  i128 q = n / d, r = n % d;
  if (r != 0) {
    i128 twice = r < 0 ? -r * 2 : r * 2;
    i128 ad = d < 0 ? -d : d;
    if (twice >= ad) q += ((n < 0) != (d < 0)) ? -1 : 1;
  }
  return q;
}

struct Number {
  i128 mantissa;
  int scale;
};
bool number(const Value& v, Number& n) {
  if (v.kind == ValueKind::Int) { n = {v.i, 0}; return true; }
  if (v.kind == ValueKind::Decimal && v.scale >= 0 && v.scale <= kMaxScale) { n = {v.i, v.scale}; return true; }
  return false;
}

bool scaled(const Number& n, int scale, i128& out) {
  i128 f = pow10(scale - n.scale);
  return !__builtin_mul_overflow(n.mantissa, f, &out);
}

bool overflow(std::string& error) {
  error = "arithmetic overflow";
  return false;
}

bool decimal_result(i128 m, int scale, Value& out, std::string& error) {
  while (scale > kMaxScale) {
    m = divide_rounded(m, 10);
    --scale;
  }
  if (!fits(m)) return overflow(error);
  out = Value::decimal(static_cast<std::int64_t>(m), scale);
  return true;
}

// ----- money: every operation is the runtime's (credlex/money.h) -----

// Two IR amounts as the runtime's values. A sum over no events has no currency yet (""): it is
// zero in every currency, so it takes the other amount's code, or "XXX" (ISO 4217's "no
// currency") when neither has one; `currency` is the code of the result ("" in that case).
struct Amounts {
  clx_money x{}, y{};
  std::string currency;
};

clx_money to_runtime(const Value& v, const std::string& code) {
  clx_money m{};
  m.units = v.i;
  const std::string& c = v.text.empty() ? code : v.text;
  for (std::size_t k = 0; k < 3; ++k) m.currency[k] = c[k];
  m.currency[3] = '\0';
  return m;
}

bool amounts(const Value& a, const Value& b, Amounts& out, std::string& error) {
  for (const Value* v : {&a, &b})
    if (!v->text.empty() && !valid_currency(v->text)) {
      error = fmt::format("`{}` is not a currency code", v->text);
      return false;
    }
  out.currency = a.text.empty() ? b.text : a.text;
  const std::string code = out.currency.empty() ? std::string("XXX") : out.currency;
  out.x = to_runtime(a, code);
  out.y = to_runtime(b, code);
  return true;
}

bool money_status(int status, const Value& a, const Value& b, std::string& error) {
  switch (status) {
    case CLX_OK: return true;
    case CLX_E_OVERFLOW: return overflow(error);
    case CLX_E_DIVISION_BY_ZERO: error = "division by zero"; return false;
    case CLX_E_CURRENCY: error = fmt::format("money in {} and in {} cannot be combined", a.text, b.text); return false;
    default: error = clx_status_message(status); return false;
  }
}

// money ± money, money / money (a decimal of kDivisionScale digits).
bool money_arithmetic(Op op, const Value& a, const Value& b, Value& out, std::string& error) {
  Amounts m;
  if (!amounts(a, b, m, error)) return false;
  if (op != Op::Add && op != Op::Sub && op != Op::Div) {
    // Different currencies are reported first, as for every other operation on two amounts.
    int order = 0;
    if (!money_status(clx_money_compare(&m.x, &m.y, &order), a, b, error)) return false;
    error = "operands of these types cannot be combined";
    return false;
  }
  if (op == Op::Div) {
    std::int64_t mantissa = 0;
    if (!money_status(clx_money_ratio(&m.x, &m.y, kDivisionScale, &mantissa), a, b, error)) return false;
    out = Value::decimal(mantissa, kDivisionScale);
    return true;
  }
  clx_money r{};
  int status = op == Op::Add ? clx_money_add(&m.x, &m.y, &r) : clx_money_sub(&m.x, &m.y, &r);
  if (!money_status(status, a, b, error)) return false;
  out = Value::money(r.units, m.currency);
  return true;
}

// money × number, money / number: rounded to 1/10000, half away from zero.
bool money_by_number(Op op, const Value& money, std::int64_t mantissa, int scale, Value& out, std::string& error) {
  Amounts m;
  if (!amounts(money, money, m, error)) return false;
  clx_money r{};
  int status = op == Op::Mul ? clx_money_mul_decimal(&m.x, mantissa, scale, &r)
                             : clx_money_div_decimal(&m.x, mantissa, scale, &r);
  if (!money_status(status, money, money, error)) return false;
  out = Value::money(r.units, m.currency);
  return true;
}

const char* unit_word(Unit u) {
  switch (u) {
    case Unit::Days: return "days";
    case Unit::WorkingDays: return "working days";
    case Unit::Months: return "months";
  }
  return "?";
}

bool same_unit(const Value& a, const Value& b, std::string& error) {
  if (a.unit == b.unit) return true;
  error = fmt::format("a duration in {} and one in {} cannot be combined", unit_word(a.unit), unit_word(b.unit));
  return false;
}

bool checked(Op op, std::int64_t a, std::int64_t b, std::int64_t& r) {
  switch (op) {
    case Op::Add: return !__builtin_add_overflow(a, b, &r);
    case Op::Sub: return !__builtin_sub_overflow(a, b, &r);
    case Op::Mul: return !__builtin_mul_overflow(a, b, &r);
    default: return false;
  }
}

}  // namespace

bool valid_currency(const std::string& code) { return code.size() == 3 && clx_currency_is_valid(code.c_str()); }

Value zero(ValueKind kind, Unit unit) {
  switch (kind) {
    case ValueKind::Decimal: return Value::decimal(0, 0);
    case ValueKind::Money: return Value::money(0, "");
    case ValueKind::Duration: return Value::duration(0, unit);
    default: return Value::integer(0);
  }
}

bool negate(const Value& a, Value& out, std::string& error) {
  if (a.kind == ValueKind::Money) return money_arithmetic(Op::Sub, Value::money(0, a.text), a, out, error);
  if (a.i == INT64_MIN) return overflow(error);
  out = a;
  out.i = -a.i;
  return true;
}

bool arithmetic(Op op, const Value& a, const Value& b, Value& out, std::string& error, const clx_calendar* calendar) {
  Number x, y;
  bool nx = number(a, x), ny = number(b, y);
  // Whole numbers stay whole, except that division gives a decimal.
  if (a.kind == ValueKind::Int && b.kind == ValueKind::Int && op != Op::Div) {
    std::int64_t r;
    if (!checked(op, a.i, b.i, r)) return overflow(error);
    out = Value::integer(r);
    return true;
  }
  if (nx && ny) {
    if (op == Op::Add || op == Op::Sub) {
      int s = std::max(x.scale, y.scale);
      i128 l, r;
      if (!scaled(x, s, l) || !scaled(y, s, r)) return overflow(error);
      return decimal_result(op == Op::Add ? l + r : l - r, s, out, error);
    }
    if (op == Op::Mul) return decimal_result(x.mantissa * y.mantissa, x.scale + y.scale, out, error);
    if (op == Op::Div) {
      if (y.mantissa == 0) { error = "division by zero"; return false; }
      // x / y = (mx / 10^sx) / (my / 10^sy), kept to kDivisionScale digits.
      i128 n;
      int e = kDivisionScale + y.scale - x.scale;
      i128 d = y.mantissa;
      if (e >= 0) {
        if (__builtin_mul_overflow(x.mantissa, pow10(e), &n)) return overflow(error);
      } else {
        n = x.mantissa;
        if (__builtin_mul_overflow(d, pow10(-e), &d)) return overflow(error);
      }
      return decimal_result(divide_rounded(n, d), kDivisionScale, out, error);
    }
  }
  if (a.kind == ValueKind::Money && b.kind == ValueKind::Money) return money_arithmetic(op, a, b, out, error);
  // money × number, number × money, money / number: rounded to 1/10000, half away from zero.
  if ((a.kind == ValueKind::Money && ny) || (nx && b.kind == ValueKind::Money && op == Op::Mul)) {
    const Value& m = a.kind == ValueKind::Money ? a : b;
    const Number& n = a.kind == ValueKind::Money ? y : x;
    if (op != Op::Mul && op != Op::Div) {
      error = "money and a number cannot be added";
      return false;
    }
    return money_by_number(op, m, static_cast<std::int64_t>(n.mantissa), n.scale, out, error);
  }
  if (a.kind == ValueKind::Duration && b.kind == ValueKind::Duration && (op == Op::Add || op == Op::Sub)) {
    if (!same_unit(a, b, error)) return false;
    std::int64_t r;
    if (!checked(op, a.i, b.i, r)) return overflow(error);
    out = Value::duration(r, a.unit);
    return true;
  }
  if (op == Op::Mul && ((a.kind == ValueKind::Duration && b.kind == ValueKind::Int) ||
                        (a.kind == ValueKind::Int && b.kind == ValueKind::Duration))) {
    const Value& d = a.kind == ValueKind::Duration ? a : b;
    const Value& n = a.kind == ValueKind::Duration ? b : a;
    std::int64_t r;
    if (!checked(Op::Mul, d.i, n.i, r)) return overflow(error);
    out = Value::duration(r, d.unit);
    return true;
  }
  if (a.kind == ValueKind::Date && b.kind == ValueKind::Duration && (op == Op::Add || op == Op::Sub)) {
    if (op == Op::Sub && b.i == INT64_MIN) return overflow(error);
    auto r = calendar::add(calendar, static_cast<Day>(a.i), op == Op::Add ? b.i : -b.i, b.unit);
    if (!r) { error = "a date outside the years 1 to 9999"; return false; }
    out = Value::date(*r);
    return true;
  }
  if (a.kind == ValueKind::Date && b.kind == ValueKind::Date && op == Op::Sub) {
    out = Value::duration(a.i - b.i, Unit::Days);
    return true;
  }
  error = "operands of these types cannot be combined";
  return false;
}

bool compare(Op op, const Value& a, const Value& b, bool& out, std::string& error) {
  int c = 0;  // <0, 0, >0
  Number x, y;
  if (number(a, x) && number(b, y)) {
    int s = std::max(x.scale, y.scale);
    i128 l, r;
    if (!scaled(x, s, l) || !scaled(y, s, r)) return overflow(error);
    c = l < r ? -1 : l > r ? 1 : 0;
  } else if (a.kind != b.kind) {
    error = "values of different types cannot be compared";
    return false;
  } else {
    switch (a.kind) {
      case ValueKind::Money: {
        Amounts m;
        if (!amounts(a, b, m, error) || !money_status(clx_money_compare(&m.x, &m.y, &c), a, b, error)) return false;
        break;
      }
      case ValueKind::Duration:
        if (!same_unit(a, b, error)) return false;
        c = a.i < b.i ? -1 : a.i > b.i;
        break;
      case ValueKind::Text: c = a.text < b.text ? -1 : a.text > b.text; break;
      case ValueKind::Choice:
        if (a.index != b.index) { error = "choices of different sets cannot be compared"; return false; }
        c = a.i < b.i ? -1 : a.i > b.i;
        break;
      default: c = a.i < b.i ? -1 : a.i > b.i; break;
    }
  }
  switch (op) {
    case Op::Eq: out = c == 0; break;
    case Op::Ne: out = c != 0; break;
    case Op::Lt: out = c < 0; break;
    case Op::Le: out = c <= 0; break;
    case Op::Gt: out = c > 0; break;
    case Op::Ge: out = c >= 0; break;
    default: error = "not a comparison"; return false;
  }
  return true;
}

}  // namespace credlex::ir::values
