/* Civil calendar arithmetic. The day-number conversions follow the well-known era/day-of-era
 * decomposition (400-year eras of 146097 days), which needs no tables and no floating point. */
#include "credlex/civil_date.h"

int clx_is_leap_year(int32_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int32_t clx_days_in_month(int32_t year, int32_t month) {
  static const int32_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && clx_is_leap_year(year) ? 29 : days[month - 1];
}

int clx_date_is_valid(int32_t year, int32_t month, int32_t day) {
  if (year < CLX_MIN_YEAR || year > CLX_MAX_YEAR) return 0;
  if (month < 1 || month > 12) return 0;
  return day >= 1 && day <= clx_days_in_month(year, month);
}

int32_t clx_days_from_civil(int32_t year, int32_t month, int32_t day) {
  int32_t y = month <= 2 ? year - 1 : year;
  int32_t era = (y >= 0 ? y : y - 399) / 400;
  int32_t year_of_era = y - era * 400;
  int32_t month_from_march = month > 2 ? month - 3 : month + 9;
  int32_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
  int32_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void clx_civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day) {
  int32_t z = days + 719468;
  int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  int32_t day_of_era = z - era * 146097;
  int32_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int32_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int32_t mp = (5 * day_of_year + 2) / 153;
  int32_t d = day_of_year - (153 * mp + 2) / 5 + 1;
  int32_t m = mp < 10 ? mp + 3 : mp - 9;
  int32_t y = year_of_era + era * 400 + (m <= 2);
  if (year) *year = y;
  if (month) *month = m;
  if (day) *day = d;
}

int32_t clx_add_months(int32_t days, int32_t months) {
  int32_t y, m, d;
  clx_civil_from_days(days, &y, &m, &d);
  int32_t total = y * 12 + (m - 1) + months;
  int32_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
  int32_t nm = total - ny * 12 + 1;
  int32_t last = clx_days_in_month(ny, nm);
  return clx_days_from_civil(ny, nm, d < last ? d : last);
}

static int in_date_range(int64_t day) { return day >= CLX_MIN_DAY && day <= CLX_MAX_DAY; }

int clx_add_days(int32_t day, int64_t n, int32_t *out) {
  if (!out) return CLX_E_ARGUMENT;
  if (!in_date_range(day)) return CLX_E_RANGE;
  /* Bounding n first keeps day + n far from int64 overflow. */
  if (n > (int64_t)CLX_MAX_DAY - CLX_MIN_DAY || n < (int64_t)CLX_MIN_DAY - CLX_MAX_DAY) return CLX_E_RANGE;
  int64_t result = (int64_t)day + n;
  if (!in_date_range(result)) return CLX_E_RANGE;
  *out = (int32_t)result;
  return CLX_OK;
}

int clx_add_months_checked(int32_t day, int64_t months, int32_t *out) {
  if (!out) return CLX_E_ARGUMENT;
  if (!in_date_range(day)) return CLX_E_RANGE;
  /* More than 12 * 10000 months in either direction leaves years 1..9999 from any day in them. */
  if (months > (int64_t)12 * CLX_MAX_YEAR || months < -(int64_t)12 * CLX_MAX_YEAR) return CLX_E_RANGE;
  int32_t y, m, d;
  clx_civil_from_days(day, &y, &m, &d);
  int64_t total = (int64_t)y * 12 + (m - 1) + months; /* months since the start of year 0 */
  if (total < (int64_t)CLX_MIN_YEAR * 12 || total > (int64_t)CLX_MAX_YEAR * 12 + 11) return CLX_E_RANGE;
  *out = clx_add_months(day, (int32_t)months);
  return CLX_OK;
}

int32_t clx_weekday(int32_t days) {
  /* 1970-01-01 was a Thursday (3 when Monday is 0). Reduce first so that no day number, not even
   * INT32_MAX (the open end of an interval), can overflow: days % 7 + 10 lies in 4..16. */
  return (days % 7 + 10) % 7;
}
