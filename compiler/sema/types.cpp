#include "compiler/sema/types.h"

namespace credlex::sema {

std::string describe(const Type& t) {
  switch (t.kind) {
    case TypeKind::Error: return "an erroneous value";
    case TypeKind::Bool: return "a yes/no condition";
    case TypeKind::Int: return "a whole number";
    case TypeKind::Decimal: return "a decimal number";
    case TypeKind::Money: return t.currency.empty() ? "an amount of money" : "money in " + t.currency;
    case TypeKind::Text: return "text";
    case TypeKind::Date: return "a date";
    case TypeKind::Duration:
      switch (t.duration) {
        case DurationClass::Days: return "a duration in days";
        case DurationClass::WorkingDays: return "a duration in working days";
        case DurationClass::Calendar: return "a duration in months or years";
        case DurationClass::Any: return "a duration";
      }
      return "a duration";
    case TypeKind::Enum: return "a value of `" + t.name + "`";
    case TypeKind::Level: return "a level of seriousness";
    case TypeKind::Entity: return "an entity";
    case TypeKind::Event:
      if (t.events.size() == 1) return "an event `" + t.events[0]->name.text + "`";
      return "an event";
  }
  return "a value";
}

bool compatible(const Type& a, const Type& b) {
  if (a.error() || b.error()) return true;
  if (a.numeric() && b.numeric()) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::Money: return a.currency.empty() || b.currency.empty() || a.currency == b.currency;
    case TypeKind::Duration:
      return a.duration == DurationClass::Any || b.duration == DurationClass::Any || a.duration == b.duration;
    case TypeKind::Enum: return a.name == b.name;
    case TypeKind::Event: return true;
    default: return true;
  }
}

bool assignable(const Type& target, const Type& value) {
  if (target.kind == TypeKind::Int && value.kind == TypeKind::Decimal) return false;
  return compatible(target, value);
}

DurationClass duration_class(syntax::DurationUnit unit) {
  switch (unit) {
    case syntax::DurationUnit::Days: return DurationClass::Days;
    case syntax::DurationUnit::WorkingDays: return DurationClass::WorkingDays;
    default: return DurationClass::Calendar;
  }
}

}  // namespace credlex::sema
