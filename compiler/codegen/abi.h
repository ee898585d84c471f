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

/* ---------------------------------------------------------------------------------------------
 * TIMELINES: what a compiled policy computes for one entity (the interpreter's ir::Timeline,
 * compiler/ir/interpret.h, item for item, without the parameter values behind each cause: those
 * are the interpreter's explanation). Days are day numbers; CLX_NO_DAY means "none" (an open end,
 * no deadline, no legal maximum). Indices of rules count from 0 within their kind in their list
 * (or restoration, or grade).
 */
#define CLX_ABI_VERSION 2
#define CLX_NO_DAY INT32_MIN

/* How an item ended: the order of ir::End. */
enum {
  CLX_END_OPEN = 0, CLX_END_PERIOD, CLX_END_REMOVAL, CLX_END_RESTORATION, CLX_END_SOURCE_ENDED,
  CLX_END_CONDITION, CLX_END_REPLACED, CLX_END_RELATION_ENDED
};
/* Where a measure interval comes from: the order of ir::MeasureInterval::Source. */
enum { CLX_SOURCE_LISTING = 0, CLX_SOURCE_GRADE, CLX_SOURCE_KIND, CLX_SOURCE_REACH };
/* Why a restoration was refused: the order of ir::Decision::Refusal. */
enum { CLX_REFUSAL_NONE = 0, CLX_REFUSAL_EXCLUDED, CLX_REFUSAL_TOO_EARLY, CLX_REFUSAL_CONDITION_NOT_MET };

/* Bad input to a run (beyond the runtime's CLX_E_* and the CLX_EVAL_* codes above). */
enum {
  CLX_INPUT_KIND = 120,        /* the entity's kind is not one of the policy's */
  CLX_INPUT_ATTRIBUTES = 121,  /* more attributes than the kind has, or one of the wrong type */
  CLX_INPUT_DATE = 122,        /* an event date outside the years 1 to 9999 */
  CLX_INPUT_ORDER = 123,       /* the events are not in date order */
  CLX_INPUT_TYPE = 124,        /* an unknown event type, or one that cannot happen to this kind */
  CLX_INPUT_FIELD = 125,       /* a field missing, of the wrong type, or money without a valid currency */
  CLX_INPUT_NULL = 126,        /* a required pointer is null or a count is negative */
  CLX_NO_MEMORY = 127          /* the timeline could not grow */
};

typedef struct clx_listing {
  int32_t list, rule;            /* the include rule that listed the entity */
  int32_t start, end;            /* [start, end); end CLX_NO_DAY: open. start: the event's date, or
                                    the day `starting after D` has passed; start == end: removed
                                    before it started */
  int32_t ended_by;              /* CLX_END_OPEN, _PERIOD, _REMOVAL or _RESTORATION */
  int32_t cause_event;           /* the event that triggered the listing */
  int32_t legal_maximum;         /* start + the upper bound of `for a .. b`, or CLX_NO_DAY */
  int32_t removal_deadline;      /* removal: its date + `within`; a period that ran out under
                                    `for D then remove within W`: its last day (end - 1) + W;
                                    a restoration granted under `decide … then remove within
                                    W`: the decision's date + W; else CLX_NO_DAY */
  int32_t end_rule, end_event;   /* removal: the remove rule and its event; -1 otherwise */
  clx_value extended;            /* the total extension so far; kind CLX_ABSENT: never extended */
} clx_listing;

typedef struct clx_extension {
  int32_t listing, rule, event, date;
  int32_t capped;                /* 1: less than the step (the lower bound, or the authority's
                                    choice: `by x.period within …`) was added (the cap) */
  int32_t reserved;
  clx_value added;               /* a duration; zero when the cap was already reached */
} clx_extension;

typedef struct clx_measure_interval {
  int32_t measure, start, end, ended_by;
  int32_t source;                /* CLX_SOURCE_*: what it applies through */
  int32_t source_index;          /* the listing or grade interval; -1 for a kind */
  int32_t target;                /* the measure's `applies to` target it came from */
  int32_t cause_event, cause_date; /* the event behind it (-1: none) and that event's date */
} clx_measure_interval;

typedef struct clx_grade_interval {
  int32_t grade, level, start, end;
  int32_t rule;                  /* the level rule that holds; -1: the grade's `otherwise` */
  int32_t cause_event, cause_date;
} clx_grade_interval;

typedef struct clx_decision {
  int32_t restoration, listing, event, date;
  int32_t granted, refusal;      /* CLX_REFUSAL_* */
  int32_t earliest;              /* too early: the first day the minimum period has passed */
  int32_t deadline;              /* the date by which the authority must decide, or CLX_NO_DAY */
  int32_t rule;                  /* the `decide` rule */
  int32_t never;                 /* the `never` rule that excluded it, or -1 */
  int32_t eligible;              /* the `eligible` rule that granted it, or -1 */
  int32_t extended_by;           /* `extend by D on E`: the event that gave D more time (deadline
                                    includes it), or -1 */
} clx_decision;

/* One entity's timeline. Zero it before the first run; a run resets the counts and reuses the
 * arrays (grown as needed); <prefix>_timeline_free releases them. status is CLX_OK, or the
 * first error (then error_event / error_date say where; -1 / 0 when no event is at fault) and
 * the items are not a result. */
typedef struct clx_timeline {
  int32_t status, error_event, error_date;
  int32_t listing_count, extension_count, measure_count, grade_count, decision_count;
  clx_listing *listings;
  clx_extension *extensions;
  clx_measure_interval *measures;
  clx_grade_interval *grades;
  clx_decision *decisions;
  void *scratch;                 /* the run's working state; owned */
  int32_t capacity[6];           /* owned: sizes of the five arrays above; [5] reserved */
} clx_timeline;

/* A block of entities, struct-of-arrays: entity e's events are event_offsets[e] ..
 * event_offsets[e+1]-1 of dates / types / rows, sorted by date within the entity; rows index the
 * shared columns (as in clx_history). attributes[e] points to entity e's attribute cells. */
typedef struct clx_batch {
  int32_t entity_count;
  const int32_t *entity_kinds;
  const int32_t *attribute_counts;
  const clx_value *const *attributes;
  const int64_t *event_offsets;  /* entity_count + 1 offsets */
  const int32_t *dates;
  const int32_t *types;
  const int32_t *rows;
  const clx_value *const *const *columns;
} clx_batch;

/* What a compiled policy says about itself. */
typedef struct clx_policy_info {
  int32_t abi_version;           /* CLX_ABI_VERSION */
  const char *name, *title, *version;
  const char *source_sha256;     /* of the policy's main file: 64 lowercase hex digits, "" in the JIT */
  const char *sources_sha256;    /* of every file the policy is made of ("" in the JIT) */
  int32_t kind_count, event_type_count, list_count, measure_count, grade_count;
  const char *const *kind_names, *const *event_type_names, *const *list_names, *const *measure_names,
      *const *grade_names;
} clx_policy_info;

/* The entry points of a compiled policy with symbol prefix P:
 *   int32_t P_run(const clx_history *h, const clx_calendar *cal, clx_timeline *out);
 *   int32_t P_run_batch(const clx_batch *b, const clx_calendar *cal, clx_timeline *out);
 *     out[e] for entity e; returns CLX_OK, or CLX_INPUT_NULL / CLX_NO_MEMORY for the batch as a
 *     whole (an entity's own errors are in its timeline's status)
 *   void P_timeline_free(clx_timeline *t);
 *   const clx_policy_info *P_info(void);
 * P_run returns the timeline's status. A null calendar means weekends only. */
typedef int32_t (*clx_run_fn)(const clx_history *h, const clx_calendar *cal, clx_timeline *out);
typedef int32_t (*clx_run_batch_fn)(const clx_batch *b, const clx_calendar *cal, clx_timeline *out);
typedef void (*clx_timeline_free_fn)(clx_timeline *t);
typedef const clx_policy_info *(*clx_info_fn)(void);

#ifdef __cplusplus
}
#endif

#endif
