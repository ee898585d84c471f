// Internal: typed, exact, overflow-checked operations on IR values. Each returns false and sets
// `error` (a plain reason for the run's report) instead of overflowing or mixing currencies.
// Money goes through the runtime (credlex/money.h: add, subtract, compare, multiply and divide by
// a number, the ratio of two amounts), dates through calendar.h; numbers (int, decimal) are
// computed here, since the runtime has no decimal type.
#pragma once

#include <string>

#include "compiler/ir/ir.h"
#include "credlex/working_days.h"

namespace credlex::ir::values {

// Digits kept by a division whose result is a decimal (money / money, number / number).
inline constexpr int kDivisionScale = 10;

// `calendar` is the run's holiday calendar for `date ± working days` (null: weekends only).
bool arithmetic(Op op, const Value& a, const Value& b, Value& out, std::string& error, const clx_calendar* calendar);
bool compare(Op op, const Value& a, const Value& b, bool& out, std::string& error);
bool negate(const Value& a, Value& out, std::string& error);
// A currency code the runtime accepts: three letters A to Z.
bool valid_currency(const std::string& code);
// The zero of a summed field (Int, Decimal, Money without currency, Duration of `unit`).
Value zero(ValueKind kind, Unit unit = Unit::Days);

}  // namespace credlex::ir::values
