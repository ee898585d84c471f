// Internal: the date calls the interpreter makes, behind one small header. Every date the
// interpreter computes comes from the runtime (credlex/civil_date.h, credlex/working_days.h):
// days with clx_add_days, months with clx_add_months_checked (clamped to the month's end),
// working days forward and back with clx_add_working_days and the run's holiday calendar (null:
// weekends only). Nothing is counted here.
#pragma once

#include <cstdint>
#include <optional>

#include "compiler/ir/ir.h"
#include "credlex/civil_date.h"
#include "credlex/status.h"
#include "credlex/working_days.h"

namespace credlex::ir::calendar {

inline bool in_range(std::int64_t d) { return d >= CLX_MIN_DAY && d <= CLX_MAX_DAY; }

// d + amount × unit (amount < 0 goes back), or nothing when d or the result leaves years 1..9999.
// Working days: the amount-th working day after d (before d when amount < 0, d itself for 0).
inline std::optional<Day> add(const clx_calendar* cal, Day d, std::int64_t amount, Unit unit) {
  std::int32_t out = 0;
  int status = CLX_E_RANGE;
  switch (unit) {
    case Unit::Days: status = clx_add_days(d, amount, &out); break;
    case Unit::Months: status = clx_add_months_checked(d, amount, &out); break;
    case Unit::WorkingDays:
      // Beyond int32 the result is far outside the range (about 2.6 million working days).
      if (amount >= INT32_MIN && amount <= INT32_MAX)
        status = clx_add_working_days(cal, d, static_cast<std::int32_t>(amount), &out);
      break;
  }
  if (status != CLX_OK) return std::nullopt;
  return out;
}

}  // namespace credlex::ir::calendar
