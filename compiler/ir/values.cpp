#include "compiler/ir/values.h"

#include <fmt/format.h>

#include "compiler/ir/calendar.h"

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

bool same_currency(const Value& a, const Value& b, std::string& error) {
  // A sum over no events has no currency yet: it is zero in every currency.
  if (a.text.empty() || b.text.empty() || a.text == b.text) return true;
  error = fmt::format("money in {} and in {} cannot be combined", a.text, b.text);
  return false;
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

Value zero(ValueKind kind, Unit unit) {
  switch (kind) {
    case ValueKind::Decimal: return Value::decimal(0, 0);
    case ValueKind::Money: return Value::money(0, "");
    case ValueKind::Duration: return Value::duration(0, unit);
    default: return Value::integer(0);
  }
}

bool negate(const Value& a, Value& out, std::string& error) {
  if (a.i == INT64_MIN) return overflow(error);
  out = a;
  out.i = -a.i;
  return true;
}

bool arithmetic(Op op, const Value& a, const Value& b, Value& out, std::string& error) {
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
  if (a.kind == ValueKind::Money && b.kind == ValueKind::Money) {
    if (!same_currency(a, b, error)) return false;
    std::string cur = a.text.empty() ? b.text : a.text;
    if (op == Op::Add || op == Op::Sub) {
      std::int64_t r;
      if (!checked(op, a.i, b.i, r)) return overflow(error);
      out = Value::money(r, cur);
      return true;
    }
    if (op == Op::Div) {
      if (b.i == 0) { error = "division by zero"; return false; }
      return decimal_result(divide_rounded(static_cast<i128>(a.i) * pow10(kDivisionScale), b.i), kDivisionScale, out, error);
    }
  }
  // money × number, number × money, money / number: rounded to 1/10000, half away from zero.
  if ((a.kind == ValueKind::Money && ny) || (nx && b.kind == ValueKind::Money && op == Op::Mul)) {
    const Value& m = a.kind == ValueKind::Money ? a : b;
    const Number& n = a.kind == ValueKind::Money ? y : x;
    i128 r;
    if (op == Op::Mul) {
      if (__builtin_mul_overflow(static_cast<i128>(m.i), n.mantissa, &r)) return overflow(error);
      r = divide_rounded(r, pow10(n.scale));
    } else if (op == Op::Div) {
      if (n.mantissa == 0) { error = "division by zero"; return false; }
      if (__builtin_mul_overflow(static_cast<i128>(m.i), pow10(n.scale), &r)) return overflow(error);
      r = divide_rounded(r, n.mantissa);
    } else {
      error = "money and a number cannot be added";
      return false;
    }
    if (!fits(r)) return overflow(error);
    out = Value::money(static_cast<std::int64_t>(r), m.text);
    return true;
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
    auto r = calendar::add(static_cast<Day>(a.i), op == Op::Add ? b.i : -b.i, b.unit);
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
      case ValueKind::Money:
        if (!same_currency(a, b, error)) return false;
        c = a.i < b.i ? -1 : a.i > b.i;
        break;
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
