/* Exact money. Magnitudes are handled as uint64 (so INT64_MIN needs no special negation); the
 * 128-bit product of a multiplication is formed from 32-bit halves and divided by 10^scale with
 * 32-bit limbs (a divisor of 2^32 or more, in clx_money_div_decimal and clx_money_ratio, by binary
 * long division in 64-bit words), so the code needs neither unsigned __int128 nor the
 * compiler-runtime helpers (__udivti3) that 128-bit division calls, which JIT-linked code could
 * not count on. Every overflow is caught with __builtin_*_overflow or an explicit bound. */
#include "credlex/money.h"

#define INT64_MAGNITUDE_MAX ((uint64_t)INT64_MAX + 1u) /* |INT64_MIN| */

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

int clx_currency_is_valid(const char *code) {
  return code && is_upper(code[0]) && is_upper(code[1]) && is_upper(code[2]);
}

static int same_currency(const clx_money *a, const clx_money *b) {
  return clx_currency_is_valid(a->currency) && clx_currency_is_valid(b->currency) &&
         a->currency[0] == b->currency[0] && a->currency[1] == b->currency[1] &&
         a->currency[2] == b->currency[2];
}

static void set_currency(clx_money *out, const char *code) {
  out->currency[0] = code[0];
  out->currency[1] = code[1];
  out->currency[2] = code[2];
  out->currency[3] = '\0';
}

static uint64_t magnitude(int64_t v) { return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; }

/* The int64 with sign `negative` and magnitude mag, or 0 on overflow. */
static int signed_from(int negative, uint64_t mag, int64_t *v) {
  if (negative) {
    if (mag > INT64_MAGNITUDE_MAX) return 0;
    *v = mag == INT64_MAGNITUDE_MAX ? INT64_MIN : -(int64_t)mag;
  } else {
    if (mag > (uint64_t)INT64_MAX) return 0;
    *v = (int64_t)mag;
  }
  return 1;
}

int clx_money_parse(const char *text, size_t len, clx_money *out) {
  if (!out || (!text && len)) return CLX_E_ARGUMENT;
  size_t i = 0;
  int negative = 0;
  if (i < len && text[i] == '-') {
    negative = 1;
    ++i;
  }
  uint64_t whole = 0;
  size_t whole_digits = 0;
  int whole_overflow = 0;
  for (; i < len && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    if (__builtin_mul_overflow(whole, 10u, &whole)) whole_overflow = 1;
    if (__builtin_add_overflow(whole, (uint64_t)(text[i] - '0'), &whole)) whole_overflow = 1;
  }
  if (whole_digits == 0) return CLX_E_SYNTAX;
  uint64_t fraction = 0;
  size_t decimals = 0;
  if (i < len && text[i] == '.') {
    ++i;
    for (; i < len && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals)
      if (decimals < CLX_MONEY_DECIMALS) fraction = fraction * 10u + (uint64_t)(text[i] - '0');
    if (decimals == 0) return CLX_E_SYNTAX;
  }
  /* The rest must be exactly " XYZ". */
  if (len - i != 4 || text[i] != ' ' || !clx_currency_is_valid(text + i + 1)) return CLX_E_SYNTAX;
  if (decimals > CLX_MONEY_DECIMALS) return CLX_E_PRECISION;
  for (size_t d = decimals; d < CLX_MONEY_DECIMALS; ++d) fraction *= 10u;
  uint64_t mag;
  if (whole_overflow || __builtin_mul_overflow(whole, (uint64_t)CLX_MONEY_UNITS_PER_WHOLE, &mag) ||
      __builtin_add_overflow(mag, fraction, &mag))
    return CLX_E_OVERFLOW;
  int64_t units;
  if (!signed_from(negative, mag, &units)) return CLX_E_OVERFLOW;
  out->units = units;
  set_currency(out, text + i + 1);
  return CLX_OK;
}

int clx_money_format(const clx_money *m, char *buf, size_t capacity, size_t *len) {
  if (!m || !buf) return CLX_E_ARGUMENT;
  if (!clx_currency_is_valid(m->currency)) return CLX_E_CURRENCY;
  char tmp[CLX_MONEY_FORMAT_SIZE];
  size_t n = 0;
  uint64_t mag = magnitude(m->units);
  uint64_t whole = mag / CLX_MONEY_UNITS_PER_WHOLE;
  uint64_t fraction = mag % CLX_MONEY_UNITS_PER_WHOLE;
  if (m->units < 0) tmp[n++] = '-';
  char digits[20];
  size_t nd = 0;
  do {
    digits[nd++] = (char)('0' + whole % 10u);
    whole /= 10u;
  } while (whole);
  while (nd) tmp[n++] = digits[--nd];
  tmp[n++] = '.';
  char frac[CLX_MONEY_DECIMALS];
  for (int k = CLX_MONEY_DECIMALS - 1; k >= 0; --k) {
    frac[k] = (char)('0' + fraction % 10u);
    fraction /= 10u;
  }
  int keep = CLX_MONEY_DECIMALS;
  while (keep > 2 && frac[keep - 1] == '0') --keep;
  for (int k = 0; k < keep; ++k) tmp[n++] = frac[k];
  tmp[n++] = ' ';
  tmp[n++] = m->currency[0];
  tmp[n++] = m->currency[1];
  tmp[n++] = m->currency[2];
  if (capacity < n + 1) return CLX_E_BUFFER;
  for (size_t k = 0; k < n; ++k) buf[k] = tmp[k];
  buf[n] = '\0';
  if (len) *len = n;
  return CLX_OK;
}

int clx_money_add(const clx_money *a, const clx_money *b, clx_money *out) {
  if (!a || !b || !out) return CLX_E_ARGUMENT;
  if (!same_currency(a, b)) return CLX_E_CURRENCY;
  int64_t sum;
  if (__builtin_add_overflow(a->units, b->units, &sum)) return CLX_E_OVERFLOW;
  char code[3] = {a->currency[0], a->currency[1], a->currency[2]};
  out->units = sum;
  set_currency(out, code);
  return CLX_OK;
}

int clx_money_sub(const clx_money *a, const clx_money *b, clx_money *out) {
  if (!a || !b || !out) return CLX_E_ARGUMENT;
  if (!same_currency(a, b)) return CLX_E_CURRENCY;
  int64_t difference;
  if (__builtin_sub_overflow(a->units, b->units, &difference)) return CLX_E_OVERFLOW;
  char code[3] = {a->currency[0], a->currency[1], a->currency[2]};
  out->units = difference;
  set_currency(out, code);
  return CLX_OK;
}

int clx_money_compare(const clx_money *a, const clx_money *b, int *order) {
  if (!a || !b || !order) return CLX_E_ARGUMENT;
  if (!same_currency(a, b)) return CLX_E_CURRENCY;
  *order = (a->units > b->units) - (a->units < b->units);
  return CLX_OK;
}

static uint64_t power_of_ten(int32_t exponent) {
  uint64_t p = 1;
  for (int32_t k = 0; k < exponent; ++k) p *= 10u;
  return p;
}

/* A 128-bit unsigned number hi * 2^64 + lo. */
typedef struct {
  uint64_t hi, lo;
} wide;

static wide multiply(uint64_t a, uint64_t b) {
  uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t middle = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu); /* < 3 * 2^32 */
  wide w;
  w.lo = (middle << 32) | (p00 & 0xFFFFFFFFu);
  w.hi = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
  return w;
}

/* *w /= divisor (1 <= divisor < 2^32), returning the remainder: long division in 32-bit limbs,
 * where each step's dividend (remainder * 2^32 + limb) stays below 2^64. */
static uint64_t divide_small(wide *w, uint64_t divisor) {
  uint64_t limbs[4] = {w->hi >> 32, w->hi & 0xFFFFFFFFu, w->lo >> 32, w->lo & 0xFFFFFFFFu};
  uint64_t remainder = 0;
  for (int k = 0; k < 4; ++k) {
    uint64_t current = (remainder << 32) | limbs[k];
    limbs[k] = current / divisor;
    remainder = current % divisor;
  }
  w->hi = (limbs[0] << 32) | limbs[1];
  w->lo = (limbs[2] << 32) | limbs[3];
  return remainder;
}

/* The magnitude mag / 10^scale (scale 0..18) rounded half away from zero, or 0 when it exceeds
 * |INT64_MIN| (= 2^63). 10^scale is split as 10^s1 * 10^s2 with both factors below 2^32:
 * mag = (q * 10^s2 + r2) * 10^s1 + r1, so the full remainder is r2 * 10^s1 + r1 < 10^scale. */
static int divide_rounding(wide mag, int32_t scale, uint64_t *quotient) {
  int32_t s1 = scale < 9 ? scale : 9, s2 = scale - s1;
  uint64_t r1 = divide_small(&mag, power_of_ten(s1));
  uint64_t r2 = divide_small(&mag, power_of_ten(s2));
  uint64_t remainder = r2 * power_of_ten(s1) + r1; /* < 10^18 < 2^63: doubling cannot overflow */
  if (mag.hi != 0 || mag.lo > INT64_MAGNITUDE_MAX) return 0;
  uint64_t q = mag.lo;
  if (remainder * 2u >= power_of_ten(scale)) ++q; /* q <= 2^63 here, so no wrap */
  if (q > INT64_MAGNITUDE_MAX) return 0;
  *quotient = q;
  return 1;
}

int clx_money_mul_decimal(const clx_money *a, int64_t mantissa, int32_t scale, clx_money *out) {
  if (!a || !out || scale < 0 || scale > CLX_MONEY_MAX_SCALE) return CLX_E_ARGUMENT;
  if (!clx_currency_is_valid(a->currency)) return CLX_E_CURRENCY;
  /* Both magnitudes are at most 2^63, so the product (at most 2^126) is exact in 128 bits. */
  uint64_t rounded;
  if (!divide_rounding(multiply(magnitude(a->units), magnitude(mantissa)), scale, &rounded))
    return CLX_E_OVERFLOW;
  int64_t units;
  if (!signed_from((a->units < 0) != (mantissa < 0), rounded, &units)) return CLX_E_OVERFLOW;
  char code[3] = {a->currency[0], a->currency[1], a->currency[2]};
  out->units = units;
  set_currency(out, code);
  return CLX_OK;
}

/* *w /= divisor (1 <= divisor <= 2^63), returning the remainder: binary long division, one bit of
 * the dividend at a time. The running remainder stays below the divisor, so doubling it and
 * adding a bit stays below 2^64. */
static uint64_t divide_wide(wide *w, uint64_t divisor) {
  if (divisor < ((uint64_t)1 << 32)) return divide_small(w, divisor);
  uint64_t remainder = 0, hi = 0, lo = 0;
  for (int bit = 127; bit >= 0; --bit) {
    uint64_t next = bit >= 64 ? (w->hi >> (bit - 64)) & 1u : (w->lo >> bit) & 1u;
    remainder = (remainder << 1) | next;
    uint64_t q = 0;
    if (remainder >= divisor) {
      remainder -= divisor;
      q = 1;
    }
    hi = (hi << 1) | (lo >> 63);
    lo = (lo << 1) | q;
  }
  w->hi = hi;
  w->lo = lo;
  return remainder;
}

/* The magnitude (mag * 10^scale) / divisor, rounded half away from zero, or 0 when it exceeds
 * |INT64_MIN| (= 2^63). mag <= 2^63 and 10^scale < 2^60, so the dividend is exact in 128 bits. */
static int divide_scaled(uint64_t mag, int32_t scale, uint64_t divisor, uint64_t *quotient) {
  wide w = multiply(mag, power_of_ten(scale));
  uint64_t remainder = divide_wide(&w, divisor);
  if (w.hi != 0 || w.lo > INT64_MAGNITUDE_MAX) return 0;
  uint64_t q = w.lo;
  if (remainder >= divisor - remainder) ++q; /* 2 * remainder >= divisor, without overflow */
  if (q > INT64_MAGNITUDE_MAX) return 0;
  *quotient = q;
  return 1;
}

int clx_money_div_decimal(const clx_money *a, int64_t mantissa, int32_t scale, clx_money *out) {
  if (!a || !out || scale < 0 || scale > CLX_MONEY_MAX_SCALE) return CLX_E_ARGUMENT;
  if (!clx_currency_is_valid(a->currency)) return CLX_E_CURRENCY;
  if (mantissa == 0) return CLX_E_DIVISION_BY_ZERO;
  /* a / (m / 10^s) = a * 10^s / m. */
  uint64_t rounded;
  if (!divide_scaled(magnitude(a->units), scale, magnitude(mantissa), &rounded)) return CLX_E_OVERFLOW;
  int64_t units;
  if (!signed_from((a->units < 0) != (mantissa < 0), rounded, &units)) return CLX_E_OVERFLOW;
  char code[3] = {a->currency[0], a->currency[1], a->currency[2]};
  out->units = units;
  set_currency(out, code);
  return CLX_OK;
}

int clx_money_ratio(const clx_money *a, const clx_money *b, int32_t scale, int64_t *mantissa) {
  if (!a || !b || !mantissa || scale < 0 || scale > CLX_MONEY_MAX_SCALE) return CLX_E_ARGUMENT;
  if (!same_currency(a, b)) return CLX_E_CURRENCY;
  if (b->units == 0) return CLX_E_DIVISION_BY_ZERO;
  /* (ua / 10^4) / (ub / 10^4) = ua / ub, as a mantissa of `scale` digits: ua * 10^scale / ub. */
  uint64_t rounded;
  if (!divide_scaled(magnitude(a->units), scale, magnitude(b->units), &rounded)) return CLX_E_OVERFLOW;
  int64_t result;
  if (!signed_from((a->units < 0) != (b->units < 0), rounded, &result)) return CLX_E_OVERFLOW;
  *mantissa = result;
  return CLX_OK;
}

int clx_money_round(const clx_money *a, int32_t decimals, clx_money *out) {
  if (!a || !out || decimals < 0 || decimals > CLX_MONEY_DECIMALS) return CLX_E_ARGUMENT;
  if (!clx_currency_is_valid(a->currency)) return CLX_E_CURRENCY;
  uint64_t step = power_of_ten(CLX_MONEY_DECIMALS - decimals);
  uint64_t mag = magnitude(a->units);
  uint64_t steps = mag / step, remainder = mag % step;
  if (remainder * 2u >= step) ++steps; /* half away from zero */
  uint64_t rounded;
  int64_t units;
  if (__builtin_mul_overflow(steps, step, &rounded) || !signed_from(a->units < 0, rounded, &units))
    return CLX_E_OVERFLOW;
  char code[3] = {a->currency[0], a->currency[1], a->currency[2]};
  out->units = units;
  set_currency(out, code);
  return CLX_OK;
}
