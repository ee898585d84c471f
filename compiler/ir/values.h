// Internal: typed, exact, overflow-checked operations on IR values. Each returns false and sets
// `error` (a plain reason for the run's report) instead of overflowing or mixing currencies.
#pragma once

#include <string>

#include "compiler/ir/ir.h"

namespace credlex::ir::values {

// Digits kept by a division whose result is a decimal (money / money, number / number).
inline constexpr int kDivisionScale = 10;

bool arithmetic(Op op, const Value& a, const Value& b, Value& out, std::string& error);
bool compare(Op op, const Value& a, const Value& b, bool& out, std::string& error);
bool negate(const Value& a, Value& out, std::string& error);
// The zero of a summed field (Int, Decimal, Money without currency, Duration of `unit`).
Value zero(ValueKind kind, Unit unit = Unit::Days);

}  // namespace credlex::ir::values
