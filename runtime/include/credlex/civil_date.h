/* Civil (proleptic Gregorian) calendar arithmetic on day numbers.
 *
 * A date is an int32 count of days since 1970-01-01 (day 0). All functions are total: they never
 * read memory they are not given and never overflow for years 1..9999, the range credlex accepts.
 */
#ifndef CREDLEX_CIVIL_DATE_H
#define CREDLEX_CIVIL_DATE_H

#include <stdint.h>

#include "credlex/status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { CLX_MIN_YEAR = 1, CLX_MAX_YEAR = 9999 };

/* Day numbers of 0001-01-01 and 9999-12-31, the first and last day credlex accepts. */
enum { CLX_MIN_DAY = -719162, CLX_MAX_DAY = 2932896 };

/* 1 when year/month/day names a real calendar day within CLX_MIN_YEAR..CLX_MAX_YEAR. */
int clx_date_is_valid(int32_t year, int32_t month, int32_t day);

/* 1 for leap years of the Gregorian calendar. */
int clx_is_leap_year(int32_t year);

/* Number of days in the month (1-12) of the year. */
int32_t clx_days_in_month(int32_t year, int32_t month);

/* Day number of a valid civil date. */
int32_t clx_days_from_civil(int32_t year, int32_t month, int32_t day);

/* The civil date of a day number; any output pointer may be null. */
void clx_civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day);

/* Adds months, clamping to the end of the target month (2020-01-31 + 1 month = 2020-02-29). */
int32_t clx_add_months(int32_t days, int32_t months);

/* day + n calendar days. Errors: CLX_E_ARGUMENT (out null), CLX_E_RANGE (`day` or the result
 * outside CLX_MIN_DAY..CLX_MAX_DAY). Any int64 n is accepted. */
int clx_add_days(int32_t day, int64_t n, int32_t *out);

/* clx_add_months with the range checked and any int64 count of months (negative goes back):
 * 2020-01-31 + 1 = 2020-02-29, 2021-03-31 - 1 = 2021-02-28. Errors: CLX_E_ARGUMENT (out null),
 * CLX_E_RANGE (`day` or the result outside CLX_MIN_DAY..CLX_MAX_DAY). */
int clx_add_months_checked(int32_t day, int64_t months, int32_t *out);

/* Day of the week, 0 = Monday .. 6 = Sunday. Defined for every int32 day number. */
int32_t clx_weekday(int32_t days);

#ifdef __cplusplus
}
#endif

#endif
