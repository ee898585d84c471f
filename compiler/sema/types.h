// The types of credlex values. There are no implicit conversions except that whole numbers
// may meet decimals (both are exact).
#pragma once

#include <string>
#include <vector>

#include "compiler/syntax/ast.h"

namespace credlex::sema {

using syntax::SourceRange;

enum class TypeKind {
  Error,        // already reported; silences follow-on errors
  Bool, Int, Decimal, Money, Text, Date, Duration,
  Enum,         // `name` is the enum
  Level,        // a level of the seriousness scale
  Entity,       // `kinds` are the kinds it may be
  Event,        // `events` are the event types it may be (several for `cause`)
};

// Durations measured in days, in working days and in calendar months/years are not comparable.
enum class DurationClass { Days, WorkingDays, Calendar, Any };

struct Type {
  TypeKind kind = TypeKind::Error;
  std::string currency;                // Money: empty when the currency is not fixed
  DurationClass duration = DurationClass::Any;
  std::string name;                    // Enum: qualified enum name
  std::vector<std::string> kinds;      // Entity
  std::vector<const syntax::EventDecl*> events;  // Event

  static Type of(TypeKind k) { Type t; t.kind = k; return t; }
  static Type money(std::string currency) { Type t; t.kind = TypeKind::Money; t.currency = std::move(currency); return t; }
  static Type duration_of(DurationClass c) { Type t; t.kind = TypeKind::Duration; t.duration = c; return t; }
  bool error() const { return kind == TypeKind::Error; }
  bool numeric() const { return kind == TypeKind::Int || kind == TypeKind::Decimal; }
};

// Plain words: "a yes/no value", "money in CNY", "a duration in calendar months or years", …
std::string describe(const Type& t);

// Same type for assignment and comparison purposes (money with an unfixed currency and a
// duration of class Any match their kind).
bool compatible(const Type& a, const Type& b);

DurationClass duration_class(syntax::DurationUnit unit);

// Whether a value of type `value` may be stored where `target` is declared: like compatible(),
// except that a decimal does not fit a whole number.
bool assignable(const Type& target, const Type& value);

}  // namespace credlex::sema
