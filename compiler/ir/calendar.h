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

// The end (exclusive) of a period of amount × unit that starts on `start`. Plainly start + D.
// With `next_day` (`periods count from the next day`, Civil Code Arts 201-202) the start day is
// not counted and start + D is the period's LAST day, so the end is the day after it; a period
// of zero length stays empty (`eligible after 0 days` allows the start day itself).
inline std::optional<Day> period_end(const clx_calendar* cal, Day start, std::int64_t amount, Unit unit, bool next_day) {
  auto end = add(cal, start, amount, unit);
  if (!end || !next_day || amount <= 0) return end;
  return add(cal, *end, 1, Unit::Days);
}

// A period's end (exclusive) moved by amount × unit. With `next_day` the added period counts from
// the day after the last day (end − 1), whose corresponding day becomes the new last day:
// a listing whose last day is 2021-01-30, extended by 1 month, lasts to 2021-02-28 inclusive
// (moving its exclusive end 2021-01-31 by a month would end it with 2021-02-27).
inline std::optional<Day> extended_end(const clx_calendar* cal, Day end, std::int64_t amount, Unit unit, bool next_day) {
  if (!next_day || amount <= 0) return add(cal, end, amount, unit);
  auto last = add(cal, end, -1, Unit::Days);
  if (!last) return std::nullopt;
  return period_end(cal, *last, amount, unit, true);
}

}  // namespace credlex::ir::calendar
