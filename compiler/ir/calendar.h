// Internal: the runtime calls the interpreter makes for dates, behind one small header.
// Civil-date arithmetic is the runtime's (credlex/civil_date.h); working days forward are the
// runtime's too (credlex/working_days.h, no holiday calendar yet: weekends only). Going back
// (the start of a `within N working days` window) has no runtime function yet: it is counted
// here, weekends only, and should move to the runtime with the holiday calendar.
#pragma once

#include <cstdint>
#include <optional>

#include "compiler/ir/ir.h"
#include "credlex/civil_date.h"
#include "credlex/status.h"
#include "credlex/working_days.h"

namespace credlex::ir::calendar {

inline Day first_day() { return clx_days_from_civil(CLX_MIN_YEAR, 1, 1); }
inline Day last_day() { return clx_days_from_civil(CLX_MAX_YEAR, 12, 31); }
inline bool in_range(std::int64_t d) { return d >= first_day() && d <= last_day(); }

// The n-th working day (Monday to Friday) after d; before d when n < 0; d itself when n = 0.
inline std::optional<Day> add_working_days(Day d, std::int64_t n) {
  if (n > 3'700'000 || n < -3'700'000) return std::nullopt;  // beyond the calendar's range
  if (n >= 0) {
    std::int32_t out = 0;
    if (clx_add_working_days(nullptr, d, static_cast<std::int32_t>(n), &out) != CLX_OK) return std::nullopt;
    return out;
  }
  std::int64_t day = d + (n / 5) * 7;  // any 7 consecutive days hold exactly 5 working days
  std::int64_t rest = n % 5;
  int step = rest < 0 ? -1 : 1;
  while (rest != 0) {
    day += step;
    if (clx_weekday(static_cast<Day>(day)) < 5) rest -= step;
  }
  if (!in_range(day)) return std::nullopt;
  return static_cast<Day>(day);
}

// d + sign × duration, or nothing when the result leaves years 1..9999.
inline std::optional<Day> add(Day d, std::int64_t amount, Unit unit) {
  if (!in_range(d)) return std::nullopt;
  switch (unit) {
    case Unit::Days: {
      std::int64_t r = static_cast<std::int64_t>(d) + amount;
      if (amount > 4'000'000 || amount < -4'000'000 || !in_range(r)) return std::nullopt;
      return static_cast<Day>(r);
    }
    case Unit::Months: {
      if (amount > 120'000 || amount < -120'000) return std::nullopt;
      std::int32_t y, m, dd;
      clx_civil_from_days(d, &y, &m, &dd);
      std::int64_t months = static_cast<std::int64_t>(y) * 12 + (m - 1) + amount;
      if (months / 12 < CLX_MIN_YEAR || months / 12 > CLX_MAX_YEAR || months < 0) return std::nullopt;
      return clx_add_months(d, static_cast<std::int32_t>(amount));
    }
    case Unit::WorkingDays: return add_working_days(d, amount);
  }
  return std::nullopt;
}

}  // namespace credlex::ir::calendar
