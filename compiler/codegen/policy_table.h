/* Internal: a policy's declarations as the timeline engine (engine.c) reads them. The code
 * generator (table.cpp) writes them as one constant array of int32 (the pool) into each compiled
 * policy; every record below is a run of int32 in that pool, and "off" members are indices into
 * it. Expressions are referred to by their position in the policy's table of compiled functions
 * (-1: the clause is absent). Nothing here is part of the public ABI (abi.h).
 */
#ifndef CREDLEX_CODEGEN_POLICY_TABLE_H
#define CREDLEX_CODEGEN_POLICY_TABLE_H

#include <stdint.h>

#include "compiler/codegen/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clx_policy_table {
  const int32_t *pool;
  const clx_expr_fn *exprs;
} clx_policy_table;

/* pool[0 ..]: the header. */
typedef struct clx_t_header {
  int32_t list_count, lists;               /* clx_t_list records */
  int32_t restoration_count, restorations; /* clx_t_restoration */
  int32_t measure_count, measures;         /* clx_t_measure */
  int32_t grade_count, grades;             /* clx_t_grade */
  int32_t kind_count, kinds;               /* clx_t_kind */
  int32_t event_count, events;             /* clx_t_event */
  int32_t applied_count, applied;          /* int32: the applied measures, ascending (recompute visits only these) */
} clx_t_header;

/* A value's type (ir::FieldType): kind, currency as three letters packed ('A' | 'B' << 8 | 'C'
 * << 16; 0: any), enum. */
typedef struct clx_t_field { int32_t kind, currency, enum_index; } clx_t_field;

/* A window's duration on [from, until) (ir::WindowPiece); amount split into two halves. */
typedef struct clx_t_piece { int32_t amount_low, amount_high, unit, from, until, has_until; } clx_t_piece;
typedef struct clx_t_window { int32_t event, piece_count, pieces; } clx_t_window;

typedef struct clx_t_kind {
  int32_t attribute_count, attributes; /* clx_t_field */
  int32_t window_count, windows;       /* clx_t_window: the sliding windows an entity of this kind has */
  int32_t day_count, days;             /* int32: days to visit from the start (parameter versions) */
} clx_t_kind;

typedef struct clx_t_event {
  int32_t kind_count, kinds;  /* int32; none: any kind */
  int32_t field_count, fields; /* clx_t_field */
} clx_t_event;

/* include (low/high: `for`, or the range of `chosen`: `for x.period within low .. high`; deadline:
 * `then remove within`), extend (low/high: `by`, or the range of `chosen`: `by x.period within
 * low .. high`), remove (deadline: `within`). next_day: the
 * period counts from the next day (ir::Span::next_day). restored: `include on restored(L)`, the
 * list L (event is then -1); -1 otherwise. */
typedef struct clx_t_rule {
  int32_t event, condition, separately, until_removed, low, high, deadline, next_day, chosen, delay, restored;
} clx_t_rule;

typedef struct clx_t_list {
  int32_t kind_count, kinds;
  int32_t include_count, includes, extend_count, extends, remove_count, removes; /* clx_t_rule */
} clx_t_list;

typedef struct clx_t_eligible { int32_t after, condition, next_day; } clx_t_eligible;
/* decide: within (the decision's deadline), removal (`then remove within`, after a grant),
   extension, extension_event and extension_condition (`extend by D on E x when C`: D more time
   once an E for which C holds is recorded; -1 each when absent) */
typedef struct clx_t_decide { int32_t event, within, removal, extension, extension_event, extension_condition; } clx_t_decide;
typedef struct clx_t_restoration {
  int32_t list;
  int32_t eligible_count, eligible; /* clx_t_eligible */
  int32_t decide_count, decide;     /* clx_t_decide */
  int32_t never_count, never;       /* int32 conditions */
} clx_t_restoration;

typedef struct clx_t_target { int32_t kind, index, level_count, levels; } clx_t_target; /* kind: ir::Target::Kind */
/* ir::Measure::Duration. CLX_DURATION_LIFE: no end date, and the source's end does not end it.
   CLX_DURATION_AFTER_LISTING: open while the source is in force, then `low` more from its end. */
enum { CLX_DURATION_WHILE_LISTED = 0, CLX_DURATION_FOR, CLX_DURATION_UNTIL_RESTORED, CLX_DURATION_LIFE, CLX_DURATION_AFTER_LISTING };
/* memo_type_count >= 0: the condition's value changes only when an event of one of the
   memo_type_count event types at pool[memo_types ..] becomes visible (it reads no parameter, no
   `listed`, no window and no evaluation date), so the engine may keep it from one visited day to the
   next; -1: it is evaluated on every visited day. */
typedef struct clx_t_measure {
  int32_t applied, duration, low, condition, next_day; /* next_day: of the `for` period */
  int32_t target_count, targets; /* clx_t_target */
  int32_t memo_type_count, memo_types;
} clx_t_measure;

typedef struct clx_t_grade_rule { int32_t level, condition; } clx_t_grade_rule;
typedef struct clx_t_grade {
  int32_t kind_count, kinds;
  int32_t rule_count, rules; /* clx_t_grade_rule */
  int32_t fallback;
} clx_t_grade;

/* The engine (engine.c): the interpreter's steps over the table. */
int32_t clx_engine_run(const clx_policy_table *p, const clx_history *h, const clx_calendar *cal, clx_timeline *out);
int32_t clx_engine_run_batch(const clx_policy_table *p, const clx_batch *b, const clx_calendar *cal, clx_timeline *out);
void clx_engine_free(clx_timeline *t);

#ifdef __cplusplus
}
#endif

#endif
