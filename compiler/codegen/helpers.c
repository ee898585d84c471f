/* The helpers compiled policy code calls, compiled to LLVM bitcode with clang at build time and
 * linked (with the runtime's bitcode) into every JIT module, where they inline. They mirror
 * compiler/ir/values.cpp operation for operation (the interpreter is the reference): numbers are
 * exact in 128 bits, money goes through credlex/money.h, dates through credlex/civil_date.h and
 * credlex/working_days.h. No floating point, no allocation, no global state.
 *
 * 128-bit division is the only operation that may become a call (__divti3/__modti3), which the
 * JIT resolves in the host process (libgcc). */
#include <stdint.h>

#include "compiler/codegen/abi.h"
#include "credlex/civil_date.h"
#include "credlex/money.h"
#include "credlex/status.h"
#include "credlex/working_days.h"

typedef __int128 i128;

enum { kMaxScale = 18, kDivisionScale = 10 };

static i128 pow10_128(int n) {
  i128 r = 1;
  while (n-- > 0) r *= 10;
  return r;
}

static const i128 kI128Max = (i128)(((unsigned __int128)1 << 127) - 1);

static int fits64(i128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

/* n / d rounded half away from zero; d != 0. */
static i128 divide_rounded(i128 n, i128 d) {
  i128 q = n / d, r = n % d;
  if (r != 0) {
    i128 twice = r < 0 ? -r * 2 : r * 2;
    i128 ad = d < 0 ? -d : d;
    if (twice >= ad) q += ((n < 0) != (d < 0)) ? -1 : 1;
  }
  return q;
}

/* a * f for f > 0 without overflow, else 0. */
static int mul_pos(i128 a, i128 f, i128 *out) {
  i128 limit = kI128Max / f;
  if (a > limit || a < -limit) return 0;
  *out = a * f;
  return 1;
}

typedef struct number { i128 mantissa; int scale; } number;

static int as_number(const clx_value *v, number *n) {
  if (v->kind == CLX_INT) { n->mantissa = v->i; n->scale = 0; return 1; }
  if (v->kind == CLX_DECIMAL && v->scale >= 0 && v->scale <= kMaxScale) { n->mantissa = v->i; n->scale = v->scale; return 1; }
  return 0;
}

static int scaled(const number *n, int scale, i128 *out) { return mul_pos(n->mantissa, pow10_128(scale - n->scale), out); }

static void set(clx_value *out, uint8_t kind, int64_t i) {
  out->i = i;
  out->text = 0;
  out->len = 0;
  out->scale = 0;
  out->index = 0;
  out->kind = kind;
  out->unit = 0;
  out->currency[0] = out->currency[1] = out->currency[2] = out->currency[3] = 0;
}

static int decimal_result(i128 m, int scale, clx_value *out) {
  while (scale > kMaxScale) {
    m = divide_rounded(m, 10);
    --scale;
  }
  if (!fits64(m)) return CLX_E_OVERFLOW;
  set(out, CLX_DECIMAL, (int64_t)m);
  out->scale = scale;
  return CLX_OK;
}

/* ----- money (values.cpp: amounts, money_arithmetic, money_by_number) ----- */

static int has_currency(const clx_value *v) { return v->currency[0] != 0; }

/* Both amounts as runtime values; a sum of nothing ("") takes the other's code, or XXX. */
static int amounts(const clx_value *a, const clx_value *b, clx_money *x, clx_money *y, const char **currency) {
  if (has_currency(a) && !clx_currency_is_valid(a->currency)) return CLX_E_CURRENCY;
  if (has_currency(b) && !clx_currency_is_valid(b->currency)) return CLX_E_CURRENCY;
  *currency = has_currency(a) ? a->currency : b->currency;
  const char *code = (*currency)[0] ? *currency : "XXX";
  const char *ca = has_currency(a) ? a->currency : code, *cb = has_currency(b) ? b->currency : code;
  x->units = a->i;
  y->units = b->i;
  for (int k = 0; k < 3; ++k) {
    x->currency[k] = ca[k];
    y->currency[k] = cb[k];
  }
  x->currency[3] = y->currency[3] = 0;
  return CLX_OK;
}

static void set_money(clx_value *out, int64_t units, const char *currency) {
  char c[4] = {currency[0], currency[0] ? currency[1] : 0, currency[0] ? currency[2] : 0, 0};
  set(out, CLX_MONEY, units);
  for (int k = 0; k < 4; ++k) out->currency[k] = c[k];
}

static int money_arithmetic(int op, const clx_value *a, const clx_value *b, clx_value *out) {
  clx_money x, y, r;
  const char *currency;
  int s = amounts(a, b, &x, &y, &currency);
  if (s != CLX_OK) return s;
  if (op != CLX_OP_ADD && op != CLX_OP_SUB && op != CLX_OP_DIV) {
    int order = 0;
    s = clx_money_compare(&x, &y, &order);
    return s != CLX_OK ? s : CLX_EVAL_TYPE;
  }
  if (op == CLX_OP_DIV) {
    int64_t mantissa = 0;
    s = clx_money_ratio(&x, &y, kDivisionScale, &mantissa);
    if (s != CLX_OK) return s;
    set(out, CLX_DECIMAL, mantissa);
    out->scale = kDivisionScale;
    return CLX_OK;
  }
  char keep[4] = {currency[0], currency[0] ? currency[1] : 0, currency[0] ? currency[2] : 0, 0};
  s = op == CLX_OP_ADD ? clx_money_add(&x, &y, &r) : clx_money_sub(&x, &y, &r);
  if (s != CLX_OK) return s;
  set_money(out, r.units, keep);
  return CLX_OK;
}

static int money_by_number(int op, const clx_value *m, int64_t mantissa, int32_t scale, clx_value *out) {
  clx_money x, y, r;
  const char *currency;
  int s = amounts(m, m, &x, &y, &currency);
  if (s != CLX_OK) return s;
  char keep[4] = {currency[0], currency[0] ? currency[1] : 0, currency[0] ? currency[2] : 0, 0};
  s = op == CLX_OP_MUL ? clx_money_mul_decimal(&x, mantissa, scale, &r) : clx_money_div_decimal(&x, mantissa, scale, &r);
  if (s != CLX_OK) return s;
  set_money(out, r.units, keep);
  return CLX_OK;
}

/* ----- dates ----- */

/* d + amount x unit, as compiler/ir/calendar.h: CLX_E_RANGE outside years 1..9999. */
int clx_eval_date_add(const clx_calendar *cal, int32_t d, int64_t amount, int unit, int32_t *out) {
  switch (unit) {
    case CLX_DAYS: return clx_add_days(d, amount, out);
    case CLX_MONTHS: return clx_add_months_checked(d, amount, out);
    case CLX_WORKING_DAYS:
      if (amount >= INT32_MIN && amount <= INT32_MAX) return clx_add_working_days(cal, d, (int32_t)amount, out);
      return CLX_E_RANGE;
    default: return CLX_E_RANGE;
  }
}

static int checked(int op, int64_t a, int64_t b, int64_t *r) {
  switch (op) {
    case CLX_OP_ADD: return !__builtin_add_overflow(a, b, r);
    case CLX_OP_SUB: return !__builtin_sub_overflow(a, b, r);
    case CLX_OP_MUL: return !__builtin_mul_overflow(a, b, r);
    default: return 0;
  }
}

/* ----- the operations (values.cpp: arithmetic, compare, negate) ----- */

int clx_eval_arith(int op, const clx_value *a, const clx_value *b, clx_value *out, const clx_calendar *cal) {
  number x, y;
  int nx = as_number(a, &x), ny = as_number(b, &y);
  if (a->kind == CLX_INT && b->kind == CLX_INT && op != CLX_OP_DIV) {
    int64_t r;
    if (!checked(op, a->i, b->i, &r)) return CLX_E_OVERFLOW;
    set(out, CLX_INT, r);
    return CLX_OK;
  }
  if (nx && ny) {
    if (op == CLX_OP_ADD || op == CLX_OP_SUB) {
      int s = x.scale > y.scale ? x.scale : y.scale;
      i128 l, r;
      if (!scaled(&x, s, &l) || !scaled(&y, s, &r)) return CLX_E_OVERFLOW;
      return decimal_result(op == CLX_OP_ADD ? l + r : l - r, s, out);
    }
    if (op == CLX_OP_MUL) return decimal_result(x.mantissa * y.mantissa, x.scale + y.scale, out);
    if (op == CLX_OP_DIV) {
      if (y.mantissa == 0) return CLX_E_DIVISION_BY_ZERO;
      i128 n, d = y.mantissa;
      int e = kDivisionScale + y.scale - x.scale;
      if (e >= 0) {
        if (!mul_pos(x.mantissa, pow10_128(e), &n)) return CLX_E_OVERFLOW;
      } else {
        n = x.mantissa;
        if (!mul_pos(d, pow10_128(-e), &d)) return CLX_E_OVERFLOW;
      }
      return decimal_result(divide_rounded(n, d), kDivisionScale, out);
    }
  }
  if (a->kind == CLX_MONEY && b->kind == CLX_MONEY) return money_arithmetic(op, a, b, out);
  if ((a->kind == CLX_MONEY && ny) || (nx && b->kind == CLX_MONEY && op == CLX_OP_MUL)) {
    const clx_value *m = a->kind == CLX_MONEY ? a : b;
    const number *n = a->kind == CLX_MONEY ? &y : &x;
    if (op != CLX_OP_MUL && op != CLX_OP_DIV) return CLX_EVAL_TYPE;
    return money_by_number(op, m, (int64_t)n->mantissa, n->scale, out);
  }
  if (a->kind == CLX_DURATION && b->kind == CLX_DURATION && (op == CLX_OP_ADD || op == CLX_OP_SUB)) {
    if (a->unit != b->unit) return CLX_EVAL_TYPE;
    int64_t r;
    if (!checked(op, a->i, b->i, &r)) return CLX_E_OVERFLOW;
    uint8_t unit = a->unit;
    set(out, CLX_DURATION, r);
    out->unit = unit;
    return CLX_OK;
  }
  if (op == CLX_OP_MUL && ((a->kind == CLX_DURATION && b->kind == CLX_INT) || (a->kind == CLX_INT && b->kind == CLX_DURATION))) {
    const clx_value *d = a->kind == CLX_DURATION ? a : b;
    const clx_value *n = a->kind == CLX_DURATION ? b : a;
    int64_t r;
    if (!checked(CLX_OP_MUL, d->i, n->i, &r)) return CLX_E_OVERFLOW;
    uint8_t unit = d->unit;
    set(out, CLX_DURATION, r);
    out->unit = unit;
    return CLX_OK;
  }
  if (a->kind == CLX_DATE && b->kind == CLX_DURATION && (op == CLX_OP_ADD || op == CLX_OP_SUB)) {
    if (op == CLX_OP_SUB && b->i == INT64_MIN) return CLX_E_OVERFLOW;
    int32_t r = 0;
    int s = clx_eval_date_add(cal, (int32_t)a->i, op == CLX_OP_ADD ? b->i : -b->i, b->unit, &r);
    if (s != CLX_OK) return CLX_E_RANGE;
    set(out, CLX_DATE, r);
    return CLX_OK;
  }
  if (a->kind == CLX_DATE && b->kind == CLX_DATE && op == CLX_OP_SUB) {
    int64_t r = a->i - b->i;
    set(out, CLX_DURATION, r);
    out->unit = CLX_DAYS;
    return CLX_OK;
  }
  return CLX_EVAL_TYPE;
}

static int text_order(const clx_value *a, const clx_value *b) {
  int64_t n = a->len < b->len ? a->len : b->len;
  for (int64_t k = 0; k < n; ++k) {
    unsigned char x = (unsigned char)a->text[k], y = (unsigned char)b->text[k];
    if (x != y) return x < y ? -1 : 1;
  }
  return a->len < b->len ? -1 : a->len > b->len;
}

int clx_eval_compare(int op, const clx_value *a, const clx_value *b, int32_t *out) {
  int c = 0;
  number x, y;
  if (as_number(a, &x) && as_number(b, &y)) {
    int s = x.scale > y.scale ? x.scale : y.scale;
    i128 l, r;
    if (!scaled(&x, s, &l) || !scaled(&y, s, &r)) return CLX_E_OVERFLOW;
    c = l < r ? -1 : l > r ? 1 : 0;
  } else if (a->kind != b->kind) {
    return CLX_EVAL_TYPE;
  } else {
    switch (a->kind) {
      case CLX_MONEY: {
        clx_money mx, my;
        const char *currency;
        int s = amounts(a, b, &mx, &my, &currency);
        if (s == CLX_OK) s = clx_money_compare(&mx, &my, &c);
        if (s != CLX_OK) return s;
        break;
      }
      case CLX_DURATION:
        if (a->unit != b->unit) return CLX_EVAL_TYPE;
        c = a->i < b->i ? -1 : a->i > b->i;
        break;
      case CLX_TEXT: c = text_order(a, b); break;
      case CLX_CHOICE:
        if (a->index != b->index) return CLX_EVAL_TYPE;
        c = a->i < b->i ? -1 : a->i > b->i;
        break;
      default: c = a->i < b->i ? -1 : a->i > b->i; break;
    }
  }
  switch (op) {
    case CLX_OP_EQ: *out = c == 0; break;
    case CLX_OP_NE: *out = c != 0; break;
    case CLX_OP_LT: *out = c < 0; break;
    case CLX_OP_LE: *out = c <= 0; break;
    case CLX_OP_GT: *out = c > 0; break;
    case CLX_OP_GE: *out = c >= 0; break;
    default: return CLX_EVAL_TYPE;
  }
  return CLX_OK;
}

int clx_eval_negate(const clx_value *a, clx_value *out) {
  if (a->kind == CLX_MONEY) {
    clx_value zero;
    set(&zero, CLX_MONEY, 0);
    for (int k = 0; k < 4; ++k) zero.currency[k] = a->currency[k];
    return money_arithmetic(CLX_OP_SUB, &zero, a, out);
  }
  if (a->i == INT64_MIN) return CLX_E_OVERFLOW;
  *out = *a;
  out->i = -a->i;
  return CLX_OK;
}

/* ----- the history ----- */

/* The field slots[type of event ev] of event ev (kDateSlot = -1: its date). */
int clx_eval_field(const clx_eval_ctx *ctx, const clx_value *ev, const int32_t *slots, clx_value *out) {
  const clx_history *h = ctx->history;
  if (ev->kind != CLX_EVENT || ev->i < 0 || ev->i >= h->event_count) return CLX_EVAL_NOT_EVENT;
  int32_t k = (int32_t)ev->i, type = h->types[k], slot = slots[type];
  if (slot == -1) {
    set(out, CLX_DATE, h->dates[k]);
    return CLX_OK;
  }
  if (slot < 0 || !h->columns || !h->columns[type]) return CLX_EVAL_NO_VALUE;
  const clx_value *cell = &h->columns[type][slot][h->rows[k]];
  if (cell->kind == CLX_ABSENT) return CLX_EVAL_NO_VALUE;
  *out = *cell;
  return CLX_OK;
}

/* clx_eval_field for a field whose kind is plain (bool, int, date, choice: the int64 is the whole
 * value), of the event with index k: only that int64, in *out. */
int clx_eval_field_int(const clx_eval_ctx *ctx, int64_t k, const int32_t *slots, int64_t *out) {
  const clx_history *h = ctx->history;
  if (k < 0 || k >= h->event_count) return CLX_EVAL_NOT_EVENT;
  int32_t type = h->types[k], slot = slots[type];
  if (slot == -1) {
    *out = h->dates[k];
    return CLX_OK;
  }
  if (slot < 0 || !h->columns || !h->columns[type]) return CLX_EVAL_NO_VALUE;
  const clx_value *cell = &h->columns[type][slot][h->rows[k]];
  if (cell->kind == CLX_ABSENT) return CLX_EVAL_NO_VALUE;
  *out = cell->i;
  return CLX_OK;
}

/* 1 when two texts are equal (clx_eval_compare's EQ of two CLX_TEXT values), else 0. */
int32_t clx_eval_text_equal(const clx_value *a, const clx_value *b) { return text_order(a, b) == 0; }

int clx_eval_attribute(const clx_eval_ctx *ctx, const int32_t *slots, clx_value *out) {
  const clx_history *h = ctx->history;
  int32_t slot = slots[h->entity_kind];
  if (slot < 0 || slot >= h->attribute_count || h->attributes[slot].kind == CLX_ABSENT) return CLX_EVAL_NO_VALUE;
  *out = h->attributes[slot];
  return CLX_OK;
}

int32_t clx_eval_entity_kind(const clx_eval_ctx *ctx) { return ctx->history->entity_kind; }

/* The type of event k (`cause`: the caller has checked k >= 0); -1, matching no type, for an index
 * beyond the history (a caller of codegen::evaluate may pass any). */
int32_t clx_eval_event_type(const clx_eval_ctx *ctx, int32_t k) {
  return k < ctx->history->event_count ? ctx->history->types[k] : -1;
}

/* The first day not in the window `within d`: events dated after it (and up to the date) count. */
int clx_eval_window(const clx_eval_ctx *ctx, const clx_value *d, int32_t *after) {
  if (d->kind != CLX_DURATION) return CLX_EVAL_TYPE;
  if (d->i == INT64_MIN) return CLX_E_OVERFLOW;
  if (clx_eval_date_add(ctx->calendar, ctx->date, -d->i, d->unit, after) != CLX_OK) return CLX_E_RANGE;
  return CLX_OK;
}

/* 1 when event k is of `type`, on or before the date and (with a window) after `after`. */
int32_t clx_eval_in_window(const clx_eval_ctx *ctx, int32_t k, int32_t type, int32_t windowed, int32_t after) {
  const clx_history *h = ctx->history;
  int32_t day = h->dates[k];
  return h->types[k] == type && day <= ctx->date && (!windowed || day > after);
}
