/* The ABI between compiled policy code and its callers (version 0, not frozen: the batch entry
 * point and the ahead-of-time header will build on it). Plain C, shared by the code generator
 * (codegen.cpp mirrors these layouts as LLVM types and checks them with static_assert), the
 * helpers compiled to bitcode (helpers.c) and C++ callers (columns.h).
 *
 * ONE ENTITY'S HISTORY, struct-of-arrays
 *   events are numbered 0..event_count-1 in date order (ties in input order). For event k:
 *     dates[k]  its day number (credlex/civil_date.h), types[k] its event type (ir::Policy::events),
 *     rows[k]   its row among the events of its type,
 *   and the value of field slot s is columns[types[k]][s][rows[k]]. A column is an array of
 *   clx_value cells (v0: one generic cell per value; typed int64/int32 columns are the next step
 *   for the batch ABI). A cell of kind CLX_ABSENT is a missing value. columns[t] may be null for
 *   an event type with no events.
 *   attributes[a] is the entity's attribute slot a (CLX_ABSENT: not known).
 *
 * AN EVALUATION
 *   int32_t clx_expr_<N>(const clx_eval_ctx *ctx, clx_value *out)
 *   computes expression N of the policy on ctx->date, with ctx->current the event being applied
 *   (-1: none), ctx->cause the event of the listing evaluated (-1: none) and the events
 *   0..visible-1 visible to aggregates; listed[l] is 1 when the entity is on list l on that date.
 *   It returns CLX_OK and writes *out, or an error status (runtime codes of credlex/status.h, or
 *   the CLX_EVAL_* codes below) and leaves *out unspecified.
 */
#ifndef CREDLEX_CODEGEN_ABI_H
#define CREDLEX_CODEGEN_ABI_H

#include <stdint.h>

#include "credlex/working_days.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Value kinds: the order of ir::ValueKind, plus CLX_ABSENT for a missing cell. */
enum {
  CLX_BOOL = 0, CLX_INT = 1, CLX_DECIMAL = 2, CLX_MONEY = 3, CLX_TEXT = 4, CLX_DATE = 5,
  CLX_DURATION = 6, CLX_CHOICE = 7, CLX_LEVEL = 8, CLX_EVENT = 9, CLX_ENTITY = 10,
  CLX_ABSENT = 255
};
/* Duration units: the order of ir::Unit. */
enum { CLX_DAYS = 0, CLX_WORKING_DAYS = 1, CLX_MONTHS = 2 };
/* Operators of clx_eval_arith and clx_eval_compare. */
enum { CLX_OP_ADD = 0, CLX_OP_SUB, CLX_OP_MUL, CLX_OP_DIV, CLX_OP_EQ, CLX_OP_NE, CLX_OP_LT, CLX_OP_LE, CLX_OP_GT, CLX_OP_GE };

/* Evaluation errors beyond the runtime's status codes. */
enum {
  CLX_EVAL_TYPE = 100,          /* operands of these types cannot be combined or compared */
  CLX_EVAL_NO_VALUE = 101,      /* a field or attribute without a value, or absent for this type */
  CLX_EVAL_NO_VERSION = 102,    /* a parameter with no version in force on the date */
  CLX_EVAL_NO_EVENT = 103,      /* `latest` / `first` of nothing */
  CLX_EVAL_NO_CURRENT = 104,    /* no event is being applied */
  CLX_EVAL_NO_CAUSE = 105,      /* `cause` where no listing is evaluated */
  CLX_EVAL_UNBOUND = 106,       /* an aggregate's event is not bound */
  CLX_EVAL_NOT_EVENT = 107      /* an event was expected (or its index is outside the history) */
};

/* One value (the meaning of each member follows ir::Value). 40 bytes. */
typedef struct clx_value {
  int64_t i;          /* bool, int, decimal mantissa, money units, day, duration amount, choice, rank, event */
  const char *text;   /* text, level name (not owned, not NUL-terminated) */
  int64_t len;        /* length of text */
  int32_t scale;      /* decimal */
  int32_t index;      /* choice: the enum */
  uint8_t kind;       /* CLX_BOOL .. CLX_ENTITY, CLX_ABSENT */
  uint8_t unit;       /* duration */
  char currency[4];   /* money: three letters A-Z and NUL; "" for a sum of nothing */
} clx_value;

typedef struct clx_history {
  int32_t entity_kind;
  int32_t attribute_count;
  const clx_value *attributes;
  int32_t event_count;
  const int32_t *dates;
  const int32_t *types;
  const int32_t *rows;
  const clx_value *const *const *columns; /* [event type][slot] -> cells by row */
} clx_history;

typedef struct clx_eval_ctx {
  const clx_history *history;
  const clx_calendar *calendar; /* null: weekends only */
  const uint8_t *listed;        /* per list */
  int32_t date;
  int32_t current;
  int32_t cause;
  int32_t visible;
} clx_eval_ctx;

typedef int32_t (*clx_expr_fn)(const clx_eval_ctx *ctx, clx_value *out);

#ifdef __cplusplus
}
#endif

#endif
