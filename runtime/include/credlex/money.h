/* Exact money: a signed count of 1/10000 of a currency unit, tagged with an ISO 4217-style code.
 *
 * REPRESENTATION
 *   units is the amount times 10000 (so 10000.50 CNY is 100005000 units): four decimals cover the
 *   fen (0.01) and the li (0.001) with room to spare, and int64 still holds amounts up to about
 *   922 trillion (9.2e14) units of currency, far beyond any fine or debt. currency holds three
 *   upper-case ASCII letters and a NUL. The runtime checks the shape of the code, not that it is
 *   an assigned ISO 4217 code (that list belongs to the compiler and to input validation).
 *
 * TEXT FORMAT (the population format: "10000.50 CNY")
 *   [-]DIGITS[.DIGITS] SPACE CODE, with 1 to 4 decimals when a point is present, exactly one space,
 *   nothing before or after. Parsing is exact (no floating point). Formatting writes the canonical
 *   form: no leading zeros, at least 2 decimals, trailing zeros beyond the second dropped
 *   ("5.00 CNY", "0.50 CNY", "1.2345 CNY", "-3.10 CNY"). parse(format(m)) == m for every m.
 *
 * ROUNDING (a credlex convention, not a rule of law the runtime can cite)
 *   Where a result has more precision than the target, it is rounded to the nearest value, and a
 *   result exactly half-way is rounded away from zero (0.00005 -> 0.0001, -0.00005 -> -0.0001):
 *   the 四舍五入 rule of everyday Chinese accounting, which is what a drafter expects. Nothing is
 *   rounded implicitly except by clx_money_mul_decimal and clx_money_div_decimal (to 4 decimals)
 *   and clx_money_ratio (to the digits asked for); rounding to the cent or to the yuan is an
 *   explicit clx_money_round, applied where a policy says so.
 *
 * ERRORS
 *   Every function returns a status (credlex/status.h) and writes its result only on CLX_OK. Output
 *   pointers may alias inputs. Overflow is detected (never undefined behaviour).
 */
#ifndef CREDLEX_MONEY_H
#define CREDLEX_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "credlex/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clx_money {
  int64_t units;    /* amount in 1/10000 of the currency unit */
  char currency[4]; /* e.g. "CNY": three letters A-Z and a NUL */
} clx_money;

enum {
  CLX_MONEY_DECIMALS = 4,
  CLX_MONEY_UNITS_PER_WHOLE = 10000,
  /* Enough for any formatted amount and its NUL ("-922337203685477.5808 CNY" is 25 characters). */
  CLX_MONEY_FORMAT_SIZE = 32,
  /* Largest scale accepted by clx_money_mul_decimal (the compiler's decimals have at most 18). */
  CLX_MONEY_MAX_SCALE = 18
};

/* 1 when code points at three letters A-Z (what follows them is not read). */
int clx_currency_is_valid(const char *code);

/* Parses exactly `len` bytes. Errors: CLX_E_ARGUMENT (out null, or text null with len > 0),
 * CLX_E_SYNTAX (any other shape, including a missing or lower-case code, extra spaces, a sign
 * other than a leading '-', a point without digits on both sides), CLX_E_PRECISION (more than 4
 * decimals, even if they are zeros), CLX_E_OVERFLOW (beyond int64 units). */
int clx_money_parse(const char *text, size_t len, clx_money *out);

/* Writes the canonical text and a NUL into buf; *len (if not null) gets the length without the
 * NUL. Errors: CLX_E_ARGUMENT (m or buf null), CLX_E_CURRENCY (invalid code), CLX_E_BUFFER
 * (capacity too small; CLX_MONEY_FORMAT_SIZE always suffices). */
int clx_money_format(const clx_money *m, char *buf, size_t capacity, size_t *len);

/* *out = a + b, a - b. Errors: CLX_E_ARGUMENT (a null pointer), CLX_E_CURRENCY (codes differ or are
 * invalid), CLX_E_OVERFLOW. */
int clx_money_add(const clx_money *a, const clx_money *b, clx_money *out);
int clx_money_sub(const clx_money *a, const clx_money *b, clx_money *out);

/* *order = -1, 0 or 1 as a <, ==, > b. Errors: CLX_E_ARGUMENT, CLX_E_CURRENCY. */
int clx_money_compare(const clx_money *a, const clx_money *b, int *order);

/* *out = a * (mantissa / 10^scale), rounded to 4 decimals half away from zero. The product is
 * computed exactly in 128 bits before rounding. Errors: CLX_E_ARGUMENT (a null pointer, scale
 * outside 0..CLX_MONEY_MAX_SCALE), CLX_E_CURRENCY (invalid code), CLX_E_OVERFLOW. */
int clx_money_mul_decimal(const clx_money *a, int64_t mantissa, int32_t scale, clx_money *out);

/* *out = a / (mantissa / 10^scale) = a * 10^scale / mantissa, rounded to 4 decimals half away
 * from zero (10.00 CNY / 3 = 3.3333 CNY, 0.0005 CNY / 10 = 0.0001 CNY). Exact: the dividend is
 * formed in 128 bits. Errors: CLX_E_ARGUMENT (a null pointer, scale outside
 * 0..CLX_MONEY_MAX_SCALE), CLX_E_CURRENCY (invalid code), CLX_E_DIVISION_BY_ZERO (mantissa 0),
 * CLX_E_OVERFLOW. */
int clx_money_div_decimal(const clx_money *a, int64_t mantissa, int32_t scale, clx_money *out);

/* The ratio a / b of two amounts in the same currency, as a decimal *mantissa / 10^scale with
 * `scale` digits (0..CLX_MONEY_MAX_SCALE), rounded half away from zero (1.00 CNY / 3.00 CNY with
 * scale 4 is 3333, i.e. 0.3333). Errors: CLX_E_ARGUMENT (a null pointer, scale out of range),
 * CLX_E_CURRENCY (codes differ or are invalid), CLX_E_DIVISION_BY_ZERO (b is zero),
 * CLX_E_OVERFLOW (the mantissa does not fit in int64). */
int clx_money_ratio(const clx_money *a, const clx_money *b, int32_t scale, int64_t *mantissa);

/* *out = a rounded to `decimals` decimals (0..4), half away from zero: 0.125 CNY to 2 decimals is
 * 0.13 CNY, -0.125 CNY is -0.13 CNY. Errors: CLX_E_ARGUMENT (null pointer, decimals outside 0..4),
 * CLX_E_CURRENCY (invalid code), CLX_E_OVERFLOW (rounding away from zero past int64). */
int clx_money_round(const clx_money *a, int32_t decimals, clx_money *out);

#ifdef __cplusplus
}
#endif

#endif
