/* Working days: weekends, an optional holiday calendar, and deadlines counted in working days.
 *
 * WHICH DAYS ARE WORKING DAYS
 *   Monday to Friday are working days and Saturday and Sunday are not, except that a calendar may
 *   list
 *     - holidays: days that are not working days (e.g. 2024-10-01 .. 2024-10-07, National Day), and
 *     - workdays: weekend days that are working days (China's 调休 "adjusted working days", e.g.
 *       Sunday 2024-09-29).
 *   Precisely: a day is a working day iff it is listed as a workday, or it is a Monday..Friday not
 *   listed as a holiday. A holiday on a weekend changes nothing (the official notices list whole
 *   breaks, weekends included, and a calendar may copy them as they are).
 *
 * DEADLINES ("within n working days")
 *   credlex follows the counting rule of Chinese procedural law for periods: the day of the event
 *   is not counted, counting starts on the next day, and a period whose last day is not a working
 *   day ends on the next working day. (Civil Code arts. 201 and 203 and the article on periods
 *   (期间) of the Civil Procedure Law state it for periods in days; credlex applies the same rule to
 *   periods in working days. This is a credlex convention, not a legal opinion.)
 *
 *   "Within n working days of an event on day d" (n >= 1) therefore means: on or before the n-th
 *   working day strictly after d, which is clx_add_working_days(cal, d, n). That day is a working
 *   day by construction, so the "next working day" rule never moves it. Example, with the 2024
 *   calendar: an act due "within 3 working days" of a decision on Friday 2024-09-27 is in time up
 *   to and including Tuesday 2024-10-08 (Sat 09-28 is not counted; Sun 09-29, an adjusted working
 *   day, is the 1st; Mon 09-30 the 2nd; 10-01..10-07 are holidays; Tue 10-08 is the 3rd).
 *   n = 0 gives d itself, so that "date + 0 working days" is the date, like any other addition.
 *
 *   For periods in calendar days ("within 15 days") use clx_deadline_after_days: d + n, moved to the
 *   next working day when it is not one (days in the middle of the period are never skipped).
 *
 * CALENDAR VALUES
 *   A clx_calendar only points at arrays the caller owns; the runtime never copies, frees or keeps
 *   them. A null calendar pointer means "weekends only". Both arrays must be strictly ascending,
 *   lie within CLX_MIN_DAY..CLX_MAX_DAY and share no date (clx_calendar_check tests exactly this;
 *   clx_calendar_parse always produces such a calendar). A null array pointer counts as empty
 *   whatever its count. With an invalid calendar every function still terminates, reads no memory
 *   outside the arrays and returns a value, but which value is unspecified.
 *
 * COST
 *   clx_is_working_day is O(log H + log W) for H holidays and W workdays. clx_add_working_days,
 *   clx_working_days_between, clx_next_working_day and clx_deadline_after_days are
 *   O(log H + log W + k), where k is the number of calendar entries between the two dates: the
 *   weekend rule is applied arithmetically, never day by day, so n = 2 000 000 costs the same as
 *   n = 2 when no calendar entry lies in between.
 */
#ifndef CREDLEX_WORKING_DAYS_H
#define CREDLEX_WORKING_DAYS_H

#include <stddef.h>
#include <stdint.h>

#include "credlex/civil_date.h"
#include "credlex/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clx_calendar {
  const int32_t *holidays; /* strictly ascending day numbers that are not working days */
  size_t holiday_count;
  const int32_t *workdays; /* strictly ascending weekend day numbers that are working days */
  size_t workday_count;
} clx_calendar;

/* CLX_OK when the calendar is valid (see above; a null calendar is valid). Otherwise:
 * CLX_E_ARGUMENT (null array with a non-zero count), CLX_E_RANGE (a date outside
 * CLX_MIN_DAY..CLX_MAX_DAY), CLX_E_UNSORTED (an array not strictly ascending: out of order or a
 * repeated date), CLX_E_OVERLAP (a date in both arrays). The first problem found is reported. */
int clx_calendar_check(const clx_calendar *cal);

/* 1 if `day` is a working day, else 0. Defined for every int32 day number. */
int clx_is_working_day(const clx_calendar *cal, int32_t day);

/* The n-th working day strictly after `day` (n >= 1), or `day` itself when n == 0; i.e. the last
 * day on which an act due "within n working days" of an event on `day` is in time.
 * n < 0 counts backwards: the |n|-th working day strictly before `day` (Monday - 1 = Friday,
 * Sunday - 1 = Friday). When `day` is a working day, going back and forth again returns to it:
 * add(add(day, -k), k) == day; when it is not, add(add(day, -k), k) is the next working day.
 * Errors: CLX_E_ARGUMENT (out null), CLX_E_RANGE (`day` or the result outside
 * CLX_MIN_DAY..CLX_MAX_DAY). */
int clx_add_working_days(const clx_calendar *cal, int32_t day, int32_t n, int32_t *out);

/* The number of working days in (from, to]: after `from`, up to and including `to`; negative
 * (minus the number in (to, from]) when to < from. So clx_add_working_days(cal, d, n) == e with
 * n >= 0 implies clx_working_days_between(cal, d, e) == n, and between(a, b) + between(b, c) ==
 * between(a, c). Defined for every pair of int32 day numbers; no error is possible. */
int64_t clx_working_days_between(const clx_calendar *cal, int32_t from, int32_t to);

/* The first working day on or after `day`.
 * Errors: CLX_E_ARGUMENT (out null), CLX_E_RANGE (`day` or the result outside the date range). */
int clx_next_working_day(const clx_calendar *cal, int32_t day, int32_t *out);

/* The last day of a period of n calendar days (n >= 0) after an event on `day`: day + n, or the
 * next working day after it when day + n is not a working day.
 * Errors: CLX_E_ARGUMENT (out null, n < 0), CLX_E_RANGE (`day` or the result out of range). */
int clx_deadline_after_days(const clx_calendar *cal, int32_t day, int32_t n, int32_t *out);

/* ---- Calendar files ------------------------------------------------------------------------
 * One entry a line:   YYYY-MM-DD holiday [name...]   or   YYYY-MM-DD workday [name...]
 * Fields are separated by spaces or tabs; the name is free text and is not stored. `#` starts a
 * comment that runs to the end of the line (so names cannot contain `#`). Blank and comment-only
 * lines are ignored; lines may end in \n or \r\n; a UTF-8 byte-order mark at the very start is
 * skipped. Lines may come in any order. Keywords are lower case. */

enum { CLX_NO_DAY = INT32_MIN };

typedef struct clx_calendar_diagnostic {
  int code;    /* a CLX_E_CAL_* code; clx_status_message gives the reason */
  size_t line; /* 1-based line number */
  int32_t day; /* the date of the line when it parsed, else CLX_NO_DAY */
} clx_calendar_diagnostic;

/* Parses `len` bytes of `text` (no terminator needed; any bytes are accepted, NULs included)
 * into the caller's arrays, sorted, and points *out at them. Every bad line is diagnosed, not
 * just the first: *diag_count receives the number of problems found, of which the first
 * diag_capacity are stored in `diags` (which may be null when diag_capacity is 0). A capacity of
 * one per line of text is always enough for each array. Lines in error are skipped; *out always
 * describes the entries that were accepted and is a valid calendar.
 * Returns CLX_OK when there were no problems, CLX_E_ARGUMENT when a required pointer is null
 * (text may be null only when len is 0; arrays only when their capacity is 0), else the code of
 * the first problem. */
int clx_calendar_parse(const char *text, size_t len,
                       int32_t *holidays, size_t holiday_capacity,
                       int32_t *workdays, size_t workday_capacity,
                       clx_calendar *out,
                       clx_calendar_diagnostic *diags, size_t diag_capacity, size_t *diag_count);

#ifdef __cplusplus
}
#endif

#endif
