/* Status codes shared by every credlex runtime function that can fail.
 *
 * A function that can fail returns an `int` status: CLX_OK (0) on success, one of the codes below
 * otherwise. On failure, output parameters are left untouched unless the function's comment says
 * otherwise. No function sets errno, allocates, or keeps state between calls.
 */
#ifndef CREDLEX_STATUS_H
#define CREDLEX_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
  CLX_OK = 0,
  /* General. */
  CLX_E_ARGUMENT = 1,  /* a required pointer is null, a count is negative, a scale is out of range */
  CLX_E_RANGE = 2,     /* a date (given or computed) lies outside 0001-01-01 .. 9999-12-31 */
  CLX_E_OVERFLOW = 3,  /* a money amount does not fit in int64 units of 1/10000 */
  CLX_E_CURRENCY = 4,  /* two different currencies combined, or a code that is not three letters A-Z */
  CLX_E_SYNTAX = 5,    /* text is not in the expected shape */
  CLX_E_PRECISION = 6, /* a money amount with more than 4 decimals */
  CLX_E_BUFFER = 7,    /* the caller's output buffer is too small */
  CLX_E_UNSORTED = 8,  /* an array that must be sorted (strictly, where documented) is not */
  CLX_E_OVERLAP = 9,   /* a calendar lists a date both as a holiday and as a working day */
  CLX_E_DIVISION_BY_ZERO = 10, /* a money amount divided by zero */
  /* Calendar files (clx_calendar_parse); each is reported with its line. */
  CLX_E_CAL_BAD_DATE = 20,     /* first field is not YYYY-MM-DD naming a real day in years 1..9999 */
  CLX_E_CAL_MISSING_KIND = 21, /* a date with nothing after it */
  CLX_E_CAL_UNKNOWN_KIND = 22, /* second field is neither `holiday` nor `workday` */
  CLX_E_CAL_DUPLICATE = 23,    /* the date is already listed with the same kind */
  CLX_E_CAL_BOTH = 24,         /* the date is already listed with the other kind */
  CLX_E_CAL_WORKDAY_NOT_WEEKEND = 25, /* a `workday` on Monday..Friday, which is a working day anyway */
  CLX_E_CAL_TOO_MANY = 26      /* more entries of a kind than the caller's array holds */
};

/* A short, plain English reason for a status code (a static string; never null). */
const char *clx_status_message(int status);

#ifdef __cplusplus
}
#endif

#endif
