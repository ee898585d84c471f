/* The timeline engine of compiled policies: the reference interpreter's steps
 * (compiler/ir/interpret.cpp, LANGUAGE.md §3) over a policy's table (policy_table.h), calling the
 * policy's compiled expressions. It is compiled to bitcode with the runtime and linked into every
 * compiled policy, so the JIT and ahead-of-time libraries run the same code. Every function here
 * mirrors the interpreter's function of the same name; tests compare the two item by item
 * (tests/unit/codegen_timeline_test.cpp).
 *
 * Memory: the timeline's arrays and its scratch state grow with realloc and are reused from run to
 * run; nothing else is allocated. Failures are status codes (abi.h), the first one kept.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/codegen/policy_table.h"
#include "credlex/civil_date.h"
#include "credlex/status.h"

int clx_eval_date_add(const clx_calendar *cal, int32_t d, int64_t amount, int unit, int32_t *out);
int clx_eval_arith(int op, const clx_value *a, const clx_value *b, clx_value *out, const clx_calendar *cal);
int clx_eval_compare(int op, const clx_value *a, const clx_value *b, int32_t *out);

/* The interpreter keeps the running measure intervals in a map keyed by (measure, source, listing
 * or grade interval), and the first start of each key. Here each key has a slot: a row of one slot
 * per measure for every listing and every grade interval, and one row for the entity's kind; a
 * slot is two int32: the measure interval's index + 1 (0: none running), and the memo of the
 * measure's condition for that key (measure_holds). Only the first starts of measures on a kind
 * are ever read (a `for` period counts from the first one), so only those are kept. */
typedef struct scratch {
  int32_t *run_listing, *run_grade, *run_kind, *first_kind;
  int32_t run_listing_capacity, run_grade_capacity, run_kind_capacity, first_kind_capacity;
  int32_t *days; /* ascending, distinct: days to visit because a window slides */
  int32_t day_count, day_capacity;
  int32_t *open; /* open listings of one list on one day */
  int32_t open_capacity;
  uint8_t *listed;
  int32_t listed_capacity;
} scratch;

typedef struct engine {
  const int32_t *pool;
  const clx_t_header *hd;
  const clx_expr_fn *exprs;
  const clx_history *h;
  const clx_calendar *cal;
  clx_timeline *t;
  scratch *s;
  int32_t visible, failed, where_event, where_date;
  /* listed[] is recomputed only when the day or the listings changed since it was last filled. */
  int64_t listings_version, listed_version;
  int32_t listed_day;
} engine;

#define REC(type, off) ((const type *)(e->pool + (off)))

/* ----- memory ----- */

static int grow(void **array, int32_t *capacity, int64_t need, size_t size) {
  if (need <= *capacity) return 1;
  int64_t c = *capacity < 8 ? 8 : *capacity;
  while (c < need) c *= 2;
  if (c > INT32_MAX) return 0;
  void *p = realloc(*array, (size_t)c * size);
  if (!p) return 0;
  *array = p;
  *capacity = (int32_t)c;
  return 1;
}

void clx_engine_free(clx_timeline *t) {
  if (!t) return;
  free(t->listings);
  free(t->extensions);
  free(t->measures);
  free(t->grades);
  free(t->decisions);
  scratch *s = (scratch *)t->scratch;
  if (s) {
    free(s->run_listing);
    free(s->run_grade);
    free(s->run_kind);
    free(s->first_kind);
    free(s->days);
    free(s->open);
    free(s->listed);
    free(s);
  }
  memset(t, 0, sizeof *t);
}

/* ----- errors ----- */

static int32_t fail(engine *e, int32_t status) {
  if (!e->failed) {
    e->t->status = status;
    e->t->error_event = e->where_event;
    e->t->error_date = e->where_date;
  }
  e->failed = 1;
  return status;
}

/* ----- time ----- */

static int in_force(int32_t start, int32_t end, int32_t d) { return start <= d && (end == CLX_NO_DAY || d < end); }

static int add(const engine *e, int32_t d, int64_t amount, int unit, int32_t *out) {
  return clx_eval_date_add(e->cal, d, amount, unit, out) == CLX_OK;
}

/* The end (exclusive) of a period from `start`, as calendar::period_end in the interpreter: with
   next_day (`periods count from the next day`) the start day is not counted and start + D is the
   period's last day; a period of zero length stays empty. */
static int period_end(const engine *e, int32_t start, int64_t amount, int unit, int32_t next_day, int32_t *out) {
  if (!add(e, start, amount, unit, out)) return 0;
  return !next_day || amount <= 0 || add(e, *out, 1, CLX_DAYS, out);
}

/* A period's end moved by an extension, as calendar::extended_end: with next_day the added period
   counts from the day after the last day (end - 1). */
static int extended_end(const engine *e, int32_t end, int64_t amount, int unit, int32_t next_day, int32_t *out) {
  int32_t last;
  if (!next_day || amount <= 0) return add(e, end, amount, unit, out);
  return add(e, end, -1, CLX_DAYS, &last) && period_end(e, last, amount, unit, 1, out);
}

static int of_kinds(const engine *e, int32_t count, int32_t off) {
  if (count == 0) return 1;
  for (int32_t k = 0; k < count; ++k)
    if (e->pool[off + k] == e->h->entity_kind) return 1;
  return 0;
}

/* In force on d, or also (`waiting`) a listing `starting after D` that has not started yet:
 * inclusion, extensions and removals see those too; restoration decisions and `listed(L)` do not. */
static int open_on(const clx_listing *l, int32_t d, int waiting) {
  return in_force(l->start, l->end, d) || (waiting && d < l->start && (l->end == CLX_NO_DAY || d < l->end));
}

static int listed(const engine *e, int32_t list, int32_t d, int waiting) {
  for (int32_t k = 0; k < e->t->listing_count; ++k) {
    const clx_listing *l = &e->t->listings[k];
    if (l->list == list && open_on(l, d, waiting)) return 1;
  }
  return 0;
}

/* The open listings of `list` on d, into the scratch array; their number, or -1 (no memory). */
static int32_t open_listings(engine *e, int32_t list, int32_t d, int waiting) {
  scratch *s = e->s;
  if (!grow((void **)&s->open, &s->open_capacity, e->t->listing_count, sizeof(int32_t))) return fail(e, CLX_NO_MEMORY), -1;
  int32_t n = 0;
  for (int32_t k = 0; k < e->t->listing_count; ++k) {
    const clx_listing *l = &e->t->listings[k];
    if (l->list == list && open_on(l, d, waiting)) s->open[n++] = k;
  }
  return n;
}

static int32_t next_end(const engine *e, int has_last, int32_t last, int *found) {
  int32_t out = 0;
  *found = 0;
  for (int32_t k = 0; k < e->t->listing_count; ++k) {
    int32_t start = e->t->listings[k].start, end = e->t->listings[k].end; /* `starting after D`: a day of its own */
    if ((!has_last || start > last) && (!*found || start < out)) out = start, *found = 1;
    if (end != CLX_NO_DAY && (!has_last || end > last) && (!*found || end < out)) out = end, *found = 1;
  }
  for (int32_t k = 0; k < e->t->measure_count; ++k) {
    int32_t end = e->t->measures[k].end;
    if (end != CLX_NO_DAY && (!has_last || end > last) && (!*found || end < out)) out = end, *found = 1;
  }
  return out;
}

/* ----- sliding windows (the interpreter's collect_windows is ir::sliding_windows, written into
 * the table per kind by the code generator) ----- */

static int insert_day(engine *e, int32_t day) {
  scratch *s = e->s;
  int32_t lo = 0, hi = s->day_count;
  while (lo < hi) {
    int32_t mid = lo + (hi - lo) / 2;
    if (s->days[mid] < day) lo = mid + 1; else hi = mid;
  }
  if (lo < s->day_count && s->days[lo] == day) return 1;
  if (!grow((void **)&s->days, &s->day_capacity, (int64_t)s->day_count + 1, sizeof(int32_t))) return fail(e, CLX_NO_MEMORY), 0;
  memmove(s->days + lo + 1, s->days + lo, (size_t)(s->day_count - lo) * sizeof(int32_t));
  s->days[lo] = day;
  ++s->day_count;
  return 1;
}

/* Whether an event of day t is outside the window `amount unit` seen from day d: d - window >= t. */
static int outside(const engine *e, int32_t t, int64_t amount, int unit, int64_t d) {
  int32_t lower;
  return d >= CLX_MIN_DAY && d <= CLX_MAX_DAY && add(e, (int32_t)d, -amount, unit, &lower) && lower >= t;
}

/* The first day on which an event of day t is outside the window `amount unit`, if any: the
 * interpreter's `leaves`, which gallops up from t + window to a day outside, then searches down
 * to the first such day. `outside` does not decrease with the day (adding days, months clamped to
 * the month's end, or working days all keep the order), and the first day is at most a few days
 * before the galloping's end, so stepping down finds the same day with fewer date computations. */
static int leaves(const engine *e, int32_t t, int64_t amount, int unit, int32_t *out) {
  if (amount <= 0) return 0;
  int32_t bound;
  if (!add(e, t, amount, unit, &bound)) return 0;
  int64_t hi = bound, step = 1;
  while (!outside(e, t, amount, unit, hi)) {
    hi += step;
    step *= 2;
    if (hi < CLX_MIN_DAY || hi > CLX_MAX_DAY) return 0;
  }
  while (hi - 1 > t && outside(e, t, amount, unit, hi - 1)) --hi;
  *out = (int32_t)hi;
  return 1;
}

static void schedule_window_days(engine *e, int32_t k) {
  const clx_t_kind *kind = REC(clx_t_kind, e->hd->kinds + e->h->entity_kind * (int32_t)(sizeof(clx_t_kind) / 4));
  for (int32_t w = 0; w < kind->window_count && !e->failed; ++w) {
    const clx_t_window *win = REC(clx_t_window, kind->windows + w * (int32_t)(sizeof(clx_t_window) / 4));
    if (win->event != e->h->types[k]) continue;
    for (int32_t p = 0; p < win->piece_count; ++p) {
      const clx_t_piece *piece = REC(clx_t_piece, win->pieces + p * (int32_t)(sizeof(clx_t_piece) / 4));
      int64_t amount = (int64_t)(((uint64_t)(uint32_t)piece->amount_high << 32) | (uint32_t)piece->amount_low);
      int32_t day;
      if (leaves(e, e->h->dates[k], amount, piece->unit, &day) && day >= piece->from &&
          (!piece->has_until || day < piece->until) && !insert_day(e, day))
        return;
    }
  }
}

static int next_window_day(engine *e, int has_last, int32_t last, int32_t *out) {
  if (!has_last) return 0;
  scratch *s = e->s;
  int32_t drop = 0;
  while (drop < s->day_count && s->days[drop] <= last) ++drop;
  if (drop) {
    memmove(s->days, s->days + drop, (size_t)(s->day_count - drop) * sizeof(int32_t));
    s->day_count -= drop;
  }
  if (s->day_count == 0) return 0;
  *out = s->days[0];
  return 1;
}

/* ----- expressions ----- */

/* Evaluates expression x on d; on failure records it and returns its status. */
static int32_t eval(engine *e, int32_t x, int32_t d, int32_t current, int32_t cause, clx_value *out) {
  scratch *s = e->s;
  if (e->listed_version != e->listings_version || e->listed_day != d) {
    for (int32_t l = 0; l < e->hd->list_count; ++l) s->listed[l] = (uint8_t)listed(e, l, d, 0);
    e->listed_version = e->listings_version;
    e->listed_day = d;
  }
  clx_eval_ctx ctx = {e->h, e->cal, s->listed, d, current, cause, e->visible};
  int32_t status = e->exprs[x](&ctx, out);
  return status == CLX_OK ? CLX_OK : fail(e, status);
}

static int32_t holds(engine *e, int32_t x, int32_t d, int32_t current, int32_t cause, int *out) {
  if (x < 0) { *out = 1; return CLX_OK; }
  clx_value v;
  int32_t status = eval(e, x, d, current, cause, &v);
  if (status == CLX_OK) *out = v.i != 0;
  return status;
}

static int32_t eval_duration(engine *e, int32_t x, int32_t d, int32_t current, int32_t cause, clx_value *out) {
  int32_t status = eval(e, x, d, current, cause, out);
  if (status != CLX_OK) return status;
  return out->kind == CLX_DURATION ? CLX_OK : fail(e, CLX_EVAL_TYPE);
}

static clx_value duration(int64_t amount, int unit) {
  clx_value v;
  memset(&v, 0, sizeof v);
  v.kind = CLX_DURATION;
  v.i = amount;
  v.unit = (uint8_t)unit;
  return v;
}

/* ----- input ----- */

static int valid_currency(const char *c) {
  for (int k = 0; k < 3; ++k)
    if (c[k] < 'A' || c[k] > 'Z') return 0;
  return c[3] == 0;
}

static int32_t packed_currency(const char *c) { return (uint8_t)c[0] | (uint8_t)c[1] << 8 | (uint8_t)c[2] << 16; }

/* 0: fits; otherwise the input error. */
static int32_t check_value(const clx_value *v, const clx_t_field *f, int32_t error) {
  if (!(f->kind == CLX_DECIMAL && v->kind == CLX_INT)) {
    if (v->kind != f->kind) return error;
    if (f->kind == CLX_MONEY && f->currency != 0 && packed_currency(v->currency) != f->currency) return error;
    if (f->kind == CLX_CHOICE && v->index != f->enum_index) return error;
  }
  if (v->kind == CLX_MONEY && !valid_currency(v->currency)) return error;
  return 0;
}

static int validate(engine *e) {
  const clx_history *h = e->h;
  e->where_event = -1;
  e->where_date = 0;
  if (h->entity_kind < 0 || h->entity_kind >= e->hd->kind_count) return fail(e, CLX_INPUT_KIND), 0;
  const clx_t_kind *kind = REC(clx_t_kind, e->hd->kinds + h->entity_kind * (int32_t)(sizeof(clx_t_kind) / 4));
  if (h->attribute_count < 0 || (h->attribute_count > 0 && !h->attributes)) return fail(e, CLX_INPUT_NULL), 0;
  if (h->attribute_count > kind->attribute_count) return fail(e, CLX_INPUT_ATTRIBUTES), 0;
  for (int32_t a = 0; a < h->attribute_count; ++a) {
    if (h->attributes[a].kind == CLX_ABSENT) continue;
    if (check_value(&h->attributes[a], REC(clx_t_field, kind->attributes + a * 3), 1)) return fail(e, CLX_INPUT_ATTRIBUTES), 0;
  }
  if (h->event_count < 0) return fail(e, CLX_INPUT_NULL), 0;
  if (h->event_count > 0 && (!h->dates || !h->types || !h->rows || !h->columns)) return fail(e, CLX_INPUT_NULL), 0;
  for (int32_t k = 0; k < h->event_count; ++k) {
    e->where_event = k;
    e->where_date = h->dates[k];
    if (h->dates[k] < CLX_MIN_DAY || h->dates[k] > CLX_MAX_DAY) return fail(e, CLX_INPUT_DATE), 0;
    if (k > 0 && h->dates[k] < h->dates[k - 1]) return fail(e, CLX_INPUT_ORDER), 0;
    int32_t type = h->types[k];
    if (type < 0 || type >= e->hd->event_count) return fail(e, CLX_INPUT_TYPE), 0;
    const clx_t_event *ev = REC(clx_t_event, e->hd->events + type * (int32_t)(sizeof(clx_t_event) / 4));
    if (!of_kinds(e, ev->kind_count, ev->kinds)) return fail(e, CLX_INPUT_TYPE), 0;
    if (ev->field_count > 0 && (!h->columns[type] || h->rows[k] < 0)) return fail(e, CLX_INPUT_NULL), 0;
    for (int32_t f = 0; f < ev->field_count; ++f) {
      if (!h->columns[type][f]) return fail(e, CLX_INPUT_NULL), 0;
      const clx_value *cell = &h->columns[type][f][h->rows[k]];
      if (cell->kind == CLX_ABSENT || check_value(cell, REC(clx_t_field, ev->fields + f * 3), 1))
        return fail(e, CLX_INPUT_FIELD), 0;
    }
  }
  return 1;
}

/* ----- the slots of running measures ----- */

/* Makes row `row` of a slot table (one slot per measure) exist and be empty. */
static int new_slot_row(engine *e, int32_t **table, int32_t *capacity, int32_t row) {
  int64_t m = 2 * (int64_t)e->hd->measure_count, need = ((int64_t)row + 1) * m;
  if (!grow((void **)table, capacity, need < 1 ? 1 : need, sizeof(int32_t))) return fail(e, CLX_NO_MEMORY), 0;
  if (m) memset(*table + (int64_t)row * m, 0, (size_t)m * sizeof(int32_t));
  return 1;
}

/* The slot's first int32: the running interval; its memo is at [MEMO]. */
enum { MEMO = 1 };
static int32_t *running_slot(engine *e, int32_t m, int32_t source, int32_t k) {
  int64_t at = 2 * ((int64_t)k * e->hd->measure_count + m);
  if (source == CLX_SOURCE_LISTING) return &e->s->run_listing[at];
  if (source == CLX_SOURCE_GRADE) return &e->s->run_grade[at];
  return &e->s->run_kind[2 * m];
}

/* ----- listings ----- */

static clx_listing *new_listing(engine *e) {
  clx_timeline *t = e->t;
  if (!grow((void **)&t->listings, &t->capacity[0], (int64_t)t->listing_count + 1, sizeof(clx_listing))) return fail(e, CLX_NO_MEMORY), NULL;
  if (!new_slot_row(e, &e->s->run_listing, &e->s->run_listing_capacity, t->listing_count)) return NULL;
  clx_listing *l = &t->listings[t->listing_count++];
  ++e->listings_version;
  memset(l, 0, sizeof *l);
  l->end = l->legal_maximum = l->removal_deadline = CLX_NO_DAY;
  l->end_rule = l->end_event = -1;
  l->extended.kind = CLX_ABSENT;
  return l;
}

/* The rules on the event's type, or with restored >= 0 those `on restored(that list)`. */
static void include(engine *e, int32_t li, int32_t i, int32_t restored) {
  const clx_t_list *list = REC(clx_t_list, e->hd->lists + li * (int32_t)(sizeof(clx_t_list) / 4));
  int32_t date = e->h->dates[i];
  if (!of_kinds(e, list->kind_count, list->kinds)) return;
  for (int32_t r = 0; r < list->include_count; ++r) {
    const clx_t_rule *rule = REC(clx_t_rule, list->includes + r * (int32_t)(sizeof(clx_t_rule) / 4));
    if (restored < 0 ? rule->event != e->h->types[i] : rule->restored != restored) continue;
    int ok = 0;
    if (holds(e, rule->condition, date, i, -1, &ok) != CLX_OK) return;
    if (!ok) continue;
    if (!rule->separately && listed(e, li, date, 1)) return;
    int32_t start = date, end = CLX_NO_DAY, maximum = CLX_NO_DAY;
    if (rule->delay >= 0) { /* `starting after D`: counted as the file's periods are */
      clx_value delay;
      if (eval_duration(e, rule->delay, date, i, -1, &delay) != CLX_OK) return;
      if (delay.i < 0) { fail(e, CLX_E_ARGUMENT); return; } /* a negative time read from the data */
      if (!period_end(e, date, delay.i, delay.unit, rule->next_day, &start)) { fail(e, CLX_E_RANGE); return; }
    }
    if (!rule->until_removed) {
      clx_value low, high;
      if (eval_duration(e, rule->low, date, i, -1, &low) != CLX_OK) return;
      if (!period_end(e, start, low.i, low.unit, rule->next_day, &end)) { fail(e, CLX_E_RANGE); return; }
      if (rule->high >= 0) {
        if (eval_duration(e, rule->high, date, i, -1, &high) != CLX_OK) return;
        if (!period_end(e, start, high.i, high.unit, rule->next_day, &maximum)) maximum = CLX_NO_DAY;
      }
      /* `for x.period within a .. b`: the authority's choice, never past the upper bound (`within
         a` alone: a), which is the legal maximum; a choice below `a` applies as decided. */
      if (rule->chosen >= 0) {
        clx_value chosen;
        int32_t picked;
        if (eval_duration(e, rule->chosen, date, i, -1, &chosen) != CLX_OK) return;
        if (chosen.i < 0) { fail(e, CLX_E_ARGUMENT); return; } /* a negative period read from the data */
        if (rule->high < 0) maximum = end;
        if (period_end(e, start, chosen.i, chosen.unit, rule->next_day, &picked) &&
            (maximum == CLX_NO_DAY || picked < maximum))
          end = picked;
        else if (maximum != CLX_NO_DAY)
          end = maximum;
        else { fail(e, CLX_E_RANGE); return; }
      }
      /* `then remove within`: evaluated here for its errors, in the interpreter's order; used by
         deadlines_after_periods once the period's end is final. */
      clx_value within;
      if (rule->deadline >= 0 && eval_duration(e, rule->deadline, date, i, -1, &within) != CLX_OK) return;
      if (rule->chosen >= 0 && end <= start) return; /* the authority chose no time at all: no listing */
    }
    clx_listing *l = new_listing(e);
    if (!l) return;
    l->list = li;
    l->rule = r;
    l->start = start;
    l->cause_event = i;
    l->end = end;
    l->ended_by = end == CLX_NO_DAY ? CLX_END_OPEN : CLX_END_PERIOD;
    l->legal_maximum = maximum;
    return;
  }
}

/* The next of the n open listings (from *o on) for which the rule's condition holds, as extend and
 * remove visit them: 1 with *k the listing and *cause its event; 0 when there is none left or the
 * condition failed (the failure is recorded). */
static int next_holding(engine *e, const clx_t_rule *rule, int32_t i, int32_t n, int32_t *o, int32_t *k, int32_t *cause) {
  while (*o < n) {
    *k = e->s->open[(*o)++];
    *cause = e->t->listings[*k].cause_event;
    int ok = 0;
    if (holds(e, rule->condition, e->h->dates[i], i, *cause, &ok) != CLX_OK) return 0;
    if (ok) return 1;
  }
  return 0;
}

static void extend(engine *e, int32_t li, int32_t r, const clx_t_rule *rule, int32_t i) {
  int32_t date = e->h->dates[i];
  int32_t n = open_listings(e, li, date, 1), o = 0, k, cause;
  while (next_holding(e, rule, i, n, &o, &k, &cause)) {
    if (e->t->listings[k].end == CLX_NO_DAY) continue;
    clx_value step, cap, total, room, added;
    if (eval_duration(e, rule->low, date, i, cause, &step) != CLX_OK) return;
    cap = step;
    if (rule->high >= 0 && eval_duration(e, rule->high, date, i, cause, &cap) != CLX_OK) return;
    /* `by x.period within a .. b`: the authority's choice, capped as the lower bound would be */
    if (rule->chosen >= 0 && eval_duration(e, rule->chosen, date, i, cause, &step) != CLX_OK) return;
    total = e->t->listings[k].extended.kind == CLX_ABSENT ? duration(0, step.unit) : e->t->listings[k].extended;
    int32_t status = clx_eval_arith(CLX_OP_SUB, &cap, &total, &room, e->cal), less = 0;
    if (status != CLX_OK) { fail(e, status); return; }
    if ((status = clx_eval_compare(CLX_OP_LT, &room, &step, &less)) != CLX_OK) { fail(e, status); return; }
    added = less ? room : step;
    if (added.i < 0) added.i = 0;
    int32_t end;
    if (!extended_end(e, e->t->listings[k].end, added.i, added.unit, rule->next_day, &end)) { fail(e, CLX_E_RANGE); return; }
    e->t->listings[k].end = end;
    ++e->listings_version;
    if ((status = clx_eval_arith(CLX_OP_ADD, &total, &added, &total, e->cal)) != CLX_OK) { fail(e, status); return; }
    e->t->listings[k].extended = total;
    clx_timeline *t = e->t;
    if (!grow((void **)&t->extensions, &t->capacity[1], (int64_t)t->extension_count + 1, sizeof(clx_extension))) { fail(e, CLX_NO_MEMORY); return; }
    clx_extension *x = &t->extensions[t->extension_count++];
    memset(x, 0, sizeof *x);
    x->listing = k;
    x->rule = r;
    x->event = i;
    x->date = date;
    x->capped = less != 0;
    x->added = added;
  }
}

static void remove_rule(engine *e, int32_t li, int32_t r, const clx_t_rule *rule, int32_t i) {
  int32_t date = e->h->dates[i];
  int32_t n = open_listings(e, li, date, 1), o = 0, k, cause;
  while (next_holding(e, rule, i, n, &o, &k, &cause)) {
    int32_t deadline = CLX_NO_DAY;
    if (rule->deadline >= 0) {
      clx_value w;
      if (eval_duration(e, rule->deadline, date, i, cause, &w) != CLX_OK) return;
      if (!add(e, date, w.i, w.unit, &deadline)) { fail(e, CLX_E_RANGE); return; }
    }
    clx_listing *l = &e->t->listings[k];
    ++e->listings_version;
    if (l->start > date) l->start = date; /* not started yet: cancelled, in force on no day */
    l->end = date;
    l->ended_by = CLX_END_REMOVAL;
    l->end_rule = r;
    l->end_event = i;
    l->removal_deadline = deadline;
  }
}

/* `extend by D on E x when C`: event i gives D more time on each decision of rule di of
   restoration ri whose deadline it falls within and for which C holds, once per decision (as the
   interpreter's extend_deadlines). */
static void extend_deadlines(engine *e, int32_t ri, int32_t di, const clx_t_decide *rule, int32_t i) {
  int32_t date = e->h->dates[i];
  clx_timeline *t = e->t;
  for (int32_t k = 0; k < t->decision_count; ++k) {
    clx_decision *dec = &t->decisions[k];
    if (dec->restoration != ri || dec->rule != di || dec->extended_by >= 0 || dec->deadline == CLX_NO_DAY) continue;
    if (date < dec->date || date > dec->deadline) continue;
    int32_t cause = t->listings[dec->listing].cause_event;
    int ok = 0;
    if (holds(e, rule->extension_condition, date, i, cause, &ok) != CLX_OK) return;
    if (!ok) continue;
    clx_value w;
    if (eval_duration(e, rule->extension, date, i, cause, &w) != CLX_OK) return;
    if (!add(e, dec->deadline, w.i, w.unit, &dec->deadline)) { fail(e, CLX_E_RANGE); return; }
    dec->extended_by = i;
  }
}

static void decide(engine *e, int32_t ri, int32_t di, int32_t i) {
  const clx_t_restoration *res = REC(clx_t_restoration, e->hd->restorations + ri * (int32_t)(sizeof(clx_t_restoration) / 4));
  const clx_t_decide *rule = REC(clx_t_decide, res->decide + di * (int32_t)(sizeof(clx_t_decide) / 4));
  int32_t date = e->h->dates[i];
  int32_t n = open_listings(e, res->list, date, 0);
  for (int32_t o = 0; o < n; ++o) {
    int32_t k = e->s->open[o];
    int32_t cause = e->t->listings[k].cause_event;
    clx_decision dec;
    memset(&dec, 0, sizeof dec);
    dec.restoration = ri;
    dec.listing = k;
    dec.event = i;
    dec.date = date;
    dec.earliest = dec.deadline = CLX_NO_DAY;
    dec.rule = di;
    dec.never = dec.eligible = dec.extended_by = -1;
    if (rule->within >= 0) {
      clx_value w;
      if (eval_duration(e, rule->within, date, i, cause, &w) != CLX_OK) return;
      if (!add(e, date, w.i, w.unit, &dec.deadline)) { fail(e, CLX_E_RANGE); return; }
    }
    for (int32_t v = 0; v < res->never_count; ++v) {
      int excluded = 0;
      if (holds(e, e->pool[res->never + v], date, i, cause, &excluded) != CLX_OK) return;
      if (excluded) {
        dec.refusal = CLX_REFUSAL_EXCLUDED;
        dec.never = v;
        break;
      }
    }
    if (dec.refusal == CLX_REFUSAL_NONE) {
      dec.refusal = CLX_REFUSAL_CONDITION_NOT_MET;
      int first = 1;
      for (int32_t g = 0; g < res->eligible_count; ++g) {
        const clx_t_eligible *el = REC(clx_t_eligible, res->eligible + g * (int32_t)(sizeof(clx_t_eligible) / 4));
        int32_t reason = CLX_REFUSAL_NONE, earliest = CLX_NO_DAY, from;
        clx_value after = duration(0, CLX_DAYS);
        if (el->after >= 0 && eval_duration(e, el->after, date, i, cause, &after) != CLX_OK) return;
        if (!period_end(e, e->t->listings[k].start, after.i, after.unit, el->next_day, &from)) { fail(e, CLX_E_RANGE); return; }
        if (from > date) {
          reason = CLX_REFUSAL_TOO_EARLY;
          earliest = from;
        } else {
          int ok = 0;
          if (holds(e, el->condition, date, i, cause, &ok) != CLX_OK) return;
          if (!ok) reason = CLX_REFUSAL_CONDITION_NOT_MET;
        }
        if (reason == CLX_REFUSAL_NONE) {
          dec.granted = 1;
          dec.refusal = CLX_REFUSAL_NONE;
          dec.earliest = CLX_NO_DAY;
          dec.eligible = g;
          break;
        }
        if (first) {
          dec.refusal = reason;
          dec.earliest = earliest;
          first = 0;
        }
      }
    }
    if (dec.granted) {
      ++e->listings_version;
      e->t->listings[k].end = date;
      e->t->listings[k].ended_by = CLX_END_RESTORATION;
      /* `then remove within W`: the deletion is owed by the decision's date + W. */
      if (rule->removal >= 0) {
        clx_value w;
        if (eval_duration(e, rule->removal, date, i, cause, &w) != CLX_OK) return;
        if (!add(e, date, w.i, w.unit, &e->t->listings[k].removal_deadline)) { fail(e, CLX_E_RANGE); return; }
      }
    }
    clx_timeline *t = e->t;
    if (!grow((void **)&t->decisions, &t->capacity[4], (int64_t)t->decision_count + 1, sizeof(clx_decision))) { fail(e, CLX_NO_MEMORY); return; }
    t->decisions[t->decision_count++] = dec;
  }
}

static void apply(engine *e, int32_t i) {
  int32_t type = e->h->types[i];
  e->where_event = i;
  e->where_date = e->h->dates[i];
  e->visible = i + 1;
  const clx_t_header *hd = e->hd;
  const int32_t list_words = (int32_t)(sizeof(clx_t_list) / 4), rule_words = (int32_t)(sizeof(clx_t_rule) / 4);
  for (int32_t l = 0; l < hd->list_count && !e->failed; ++l) include(e, l, i, -1);
  for (int32_t l = 0; l < hd->list_count && !e->failed; ++l) {
    const clx_t_list *list = REC(clx_t_list, hd->lists + l * list_words);
    for (int32_t r = 0; r < list->extend_count && !e->failed; ++r) {
      const clx_t_rule *rule = REC(clx_t_rule, list->extends + r * rule_words);
      if (rule->event == type) extend(e, l, r, rule, i);
    }
  }
  for (int32_t l = 0; l < hd->list_count && !e->failed; ++l) {
    const clx_t_list *list = REC(clx_t_list, hd->lists + l * list_words);
    for (int32_t r = 0; r < list->remove_count && !e->failed; ++r) {
      const clx_t_rule *rule = REC(clx_t_rule, list->removes + r * rule_words);
      if (rule->event == type) remove_rule(e, l, r, rule, i);
    }
  }
  const int32_t decide_words = (int32_t)(sizeof(clx_t_decide) / 4);
  /* pending decisions get their longer time before this event's own decisions */
  for (int32_t k = 0; k < hd->restoration_count && !e->failed; ++k) {
    const clx_t_restoration *res = REC(clx_t_restoration, hd->restorations + k * (int32_t)(sizeof(clx_t_restoration) / 4));
    for (int32_t r = 0; r < res->decide_count && !e->failed; ++r) {
      const clx_t_decide *rule = REC(clx_t_decide, res->decide + r * decide_words);
      if (rule->extension_event == type) extend_deadlines(e, k, r, rule, i);
    }
  }
  int32_t decided = e->t->decision_count;
  for (int32_t k = 0; k < hd->restoration_count && !e->failed; ++k) {
    const clx_t_restoration *res = REC(clx_t_restoration, hd->restorations + k * (int32_t)(sizeof(clx_t_restoration) / 4));
    for (int32_t r = 0; r < res->decide_count && !e->failed; ++r)
      if (REC(clx_t_decide, res->decide + r * decide_words)->event == type) decide(e, k, r, i);
  }
  /* `include on restored(L)`: after this event's decisions, once for each list L of which a
     listing was restored, in the order of the lists (as the interpreter's apply). */
  if (e->t->decision_count == decided) return;
  for (int32_t restored = 0; restored < hd->list_count && !e->failed; ++restored) {
    int granted = 0;
    for (int32_t x = decided; x < e->t->decision_count; ++x)
      granted |= e->t->decisions[x].granted && e->t->listings[e->t->decisions[x].listing].list == restored;
    if (!granted) continue;
    for (int32_t l = 0; l < hd->list_count && !e->failed; ++l) include(e, l, i, restored);
  }
}

/* ----- grades and measures ----- */

static void grade(engine *e, int32_t g, int32_t d) {
  const clx_t_grade *gr = REC(clx_t_grade, e->hd->grades + g * (int32_t)(sizeof(clx_t_grade) / 4));
  int32_t level = -1, rule = -1;
  if (of_kinds(e, gr->kind_count, gr->kinds)) {
    for (int32_t r = 0; r < gr->rule_count; ++r) {
      const clx_t_grade_rule *gl = REC(clx_t_grade_rule, gr->rules + r * 2);
      int ok = 0;
      if (holds(e, gl->condition, d, -1, -1, &ok) != CLX_OK) return;
      if (ok) {
        level = gl->level;
        rule = r;
        break;
      }
    }
    if (level < 0 && gr->fallback >= 0) {
      level = gr->fallback;
      rule = -1;
    }
  }
  clx_timeline *t = e->t;
  clx_grade_interval *current = NULL;
  for (int32_t k = 0; k < t->grade_count; ++k)
    if (t->grades[k].grade == g && t->grades[k].end == CLX_NO_DAY) current = &t->grades[k];
  if (current && current->level == level) return;
  if (current) current->end = d;
  if (level < 0) return;
  if (!grow((void **)&t->grades, &t->capacity[3], (int64_t)t->grade_count + 1, sizeof(clx_grade_interval))) { fail(e, CLX_NO_MEMORY); return; }
  if (!new_slot_row(e, &e->s->run_grade, &e->s->run_grade_capacity, t->grade_count)) return;
  clx_grade_interval *gi = &t->grades[t->grade_count++];
  gi->grade = g;
  gi->level = level;
  gi->start = d;
  gi->end = CLX_NO_DAY;
  gi->rule = rule;
  gi->cause_event = e->where_event;
  gi->cause_date = e->where_event >= 0 ? e->h->dates[e->where_event] : d;
}

/* A measure's condition for one slot (same cause, same entity). When the table says its value can
 * only change with a new visible event of certain types (clx_t_measure.memo_types), the value
 * found earlier is kept while no such event has become visible: the interpreter evaluates it again
 * on every visited day and gets the same value, and the same error would have stopped the run the
 * first time. memo: 0, or (visible events when last known << 1 | value) + 1. */
static int32_t measure_holds(engine *e, const clx_t_measure *ms, int32_t *memo, int32_t d, int32_t cause, int *ok) {
  if (ms->memo_type_count < 0) return holds(e, ms->condition, d, -1, cause, ok);
  if (*memo > 0) {
    int32_t seen = (*memo - 1) >> 1, fresh = 0;
    for (int32_t i = seen; i < e->visible && !fresh; ++i)
      for (int32_t t = 0; t < ms->memo_type_count && !fresh; ++t) fresh = e->h->types[i] == e->pool[ms->memo_types + t];
    if (!fresh) {
      *ok = (*memo - 1) & 1;
      *memo = e->visible < (1 << 29) ? ((e->visible << 1) | *ok) + 1 : 0;
      return CLX_OK;
    }
  }
  int32_t status = holds(e, ms->condition, d, -1, cause, ok);
  if (status == CLX_OK && e->visible < (1 << 29)) *memo = ((e->visible << 1) | (*ok != 0)) + 1;
  return status;
}

static void measure(engine *e, int32_t m, int32_t ti, const clx_t_target *tg, int32_t k, int32_t d) {
  const clx_t_measure *ms = REC(clx_t_measure, e->hd->measures + m * (int32_t)(sizeof(clx_t_measure) / 4));
  clx_timeline *t = e->t;
  int32_t source = tg->kind == 0 ? CLX_SOURCE_LISTING : tg->kind == 1 ? CLX_SOURCE_GRADE : CLX_SOURCE_KIND;
  int32_t cause = source == CLX_SOURCE_LISTING ? t->listings[k].cause_event : -1;
  int32_t source_start = d, source_end = CLX_NO_DAY, source_open = 1, has_cause = 0, cause_event = -1, cause_date = 0;
  if (source == CLX_SOURCE_LISTING) {
    const clx_listing *l = &t->listings[k];
    source_start = l->start;
    source_end = l->end;
    source_open = in_force(l->start, l->end, d);
    has_cause = 1;
    cause_event = l->cause_event;
    cause_date = e->h->dates[l->cause_event]; /* the event's date, as the listing's cause */
  } else if (source == CLX_SOURCE_GRADE) {
    const clx_grade_interval *gi = &t->grades[k];
    source_start = gi->start;
    source_end = gi->end;
    int level_ok = 0;
    for (int32_t v = 0; v < tg->level_count; ++v)
      if (e->pool[tg->levels + v] == gi->level) level_ok = 1;
    source_open = in_force(gi->start, gi->end, d) && level_ok;
    has_cause = 1;
    cause_event = gi->cause_event;
    cause_date = gi->cause_date;
  }

  int32_t *slot = running_slot(e, m, source, k);
  if (*slot > 0) {
    clx_measure_interval *mi = &t->measures[*slot - 1];
    if (mi->end != CLX_NO_DAY && mi->end <= d) {
      *slot = 0; /* its `for` period ran out; it may not restart below */
    } else {
      /* `while listed and for D after`: once the source has ended, D more from its end (G5), as
         in the interpreter; D is evaluated on the day the end is seen. */
      if (ms->duration == CLX_DURATION_AFTER_LISTING && !source_open && mi->end == CLX_NO_DAY) {
        int32_t from = source_end != CLX_NO_DAY && source_end <= d ? source_end : d, end = CLX_NO_DAY;
        clx_value low;
        if (eval_duration(e, ms->low, d, -1, cause, &low) != CLX_OK) return;
        /* with next_day, from the day after the last day when the period ran out, as the interpreter */
        int period_ran_out = source == CLX_SOURCE_LISTING && t->listings[k].ended_by == CLX_END_PERIOD;
        if (!(period_ran_out ? extended_end(e, from, low.i, low.unit, ms->next_day, &end)
                             : period_end(e, from, low.i, low.unit, ms->next_day, &end))) {
          fail(e, CLX_E_RANGE);
          return;
        }
        mi = &t->measures[*slot - 1];
        mi->end = end;
        mi->ended_by = CLX_END_PERIOD;
        if (end <= d) { *slot = 0; return; }
      }
      /* `for D` and `for life` (CLX_DURATION_LIFE) do not follow their source: only the period
         or the condition ends them, as in the interpreter. */
      int ends_with_source =
          ms->duration == CLX_DURATION_WHILE_LISTED ||
          (ms->duration == CLX_DURATION_UNTIL_RESTORED &&
           (source != CLX_SOURCE_LISTING || t->listings[k].ended_by == CLX_END_REMOVAL ||
            t->listings[k].ended_by == CLX_END_RESTORATION));
      if (ends_with_source && !source_open) {
        mi->end = source_end != CLX_NO_DAY && source_end <= d ? source_end : d;
        mi->ended_by = CLX_END_SOURCE_ENDED;
        *slot = 0;
        return;
      }
      int ok = 0;
      if (measure_holds(e, ms, &slot[MEMO], d, cause, &ok) != CLX_OK) return;
      if (!ok) {
        mi->end = d;
        mi->ended_by = CLX_END_CONDITION;
        *slot = 0;
      }
      return;
    }
  }
  if (!source_open) return;
  int32_t end = CLX_NO_DAY;
  if (ms->duration == CLX_DURATION_FOR) {
    int32_t from = source_start;
    if (source == CLX_SOURCE_KIND && e->s->first_kind[m] != CLX_NO_DAY) from = e->s->first_kind[m];
    clx_value low;
    if (eval_duration(e, ms->low, d, -1, cause, &low) != CLX_OK) return;
    if (!period_end(e, from, low.i, low.unit, ms->next_day, &end)) { fail(e, CLX_E_RANGE); return; }
    if (end <= d) return;
  }
  int ok = 0;
  if (measure_holds(e, ms, &running_slot(e, m, source, k)[MEMO], d, cause, &ok) != CLX_OK) return;
  if (!ok) return;
  if (source == CLX_SOURCE_KIND && e->s->first_kind[m] == CLX_NO_DAY) e->s->first_kind[m] = d;
  if (!grow((void **)&t->measures, &t->capacity[2], (int64_t)t->measure_count + 1, sizeof(clx_measure_interval))) {
    fail(e, CLX_NO_MEMORY);
    return;
  }
  clx_measure_interval *mi = &t->measures[t->measure_count];
  mi->measure = m;
  mi->start = d;
  mi->end = end;
  mi->ended_by = end != CLX_NO_DAY ? CLX_END_PERIOD : CLX_END_OPEN;
  mi->source = source;
  mi->source_index = k;
  mi->target = ti;
  if (has_cause) {
    mi->cause_event = cause_event;
    mi->cause_date = cause_date;
  } else {
    mi->cause_event = e->where_event;
    mi->cause_date = e->where_event >= 0 ? e->h->dates[e->where_event] : d;
  }
  *running_slot(e, m, source, k) = t->measure_count + 1;
  ++t->measure_count;
}

static void recompute(engine *e, int32_t d) {
  const clx_t_header *hd = e->hd;
  e->where_date = d;
  e->where_event = e->visible > 0 && e->h->dates[e->visible - 1] == d ? e->visible - 1 : -1;
  for (int32_t g = 0; g < hd->grade_count && !e->failed; ++g) grade(e, g, d);
  for (int32_t a = 0; a < hd->applied_count && !e->failed; ++a) {
    int32_t m = e->pool[hd->applied + a];
    const clx_t_measure *ms = REC(clx_t_measure, hd->measures + m * (int32_t)(sizeof(clx_t_measure) / 4));
    for (int32_t ti = 0; ti < ms->target_count && !e->failed; ++ti) {
      const clx_t_target *tg = REC(clx_t_target, ms->targets + ti * (int32_t)(sizeof(clx_t_target) / 4));
      clx_timeline *t = e->t;
      if (tg->kind == 0) {
        /* A listing not in force on d with nothing running from it: measure() would do nothing. */
        for (int32_t k = 0; k < t->listing_count && !e->failed; ++k)
          if (t->listings[k].list == tg->index &&
              (in_force(t->listings[k].start, t->listings[k].end, d) || *running_slot(e, m, CLX_SOURCE_LISTING, k)))
            measure(e, m, ti, tg, k, d);
      } else if (tg->kind == 1) {
        for (int32_t k = 0; k < t->grade_count && !e->failed; ++k)
          if (t->grades[k].grade == tg->index) measure(e, m, ti, tg, k, d);
      } else if (e->h->entity_kind == tg->index) {
        measure(e, m, ti, tg, -1, d);
      }
    }
  }
}

/* A listing whose period ran out under `for D then remove within W`: the authority must delete it
   within W after the period's last day (end - 1), as the interpreter's deadlines_after_periods
   (the same two evaluations: on inclusion for its errors, here for its value).
   W depends on the date alone (E0512), so evaluating it again on the listing's event gives the
   value the include rule saw. */
static void deadlines_after_periods(engine *e) {
  clx_timeline *t = e->t;
  for (int32_t k = 0; k < t->listing_count && !e->failed; ++k) {
    clx_listing *l = &t->listings[k];
    if (l->ended_by != CLX_END_PERIOD || l->end == CLX_NO_DAY) continue;
    const clx_t_list *list = REC(clx_t_list, e->hd->lists + l->list * (int32_t)(sizeof(clx_t_list) / 4));
    const clx_t_rule *rule = REC(clx_t_rule, list->includes + l->rule * (int32_t)(sizeof(clx_t_rule) / 4));
    if (rule->deadline < 0) continue;
    int32_t on = e->h->dates[l->cause_event]; /* as the include rule evaluated it */
    e->where_event = l->cause_event;
    e->where_date = on;
    clx_value w;
    if (eval_duration(e, rule->deadline, on, l->cause_event, -1, &w) != CLX_OK) return;
    if (!add(e, l->end - 1, w.i, w.unit, &l->removal_deadline)) { fail(e, CLX_E_RANGE); return; }
  }
}

/* ----- runs ----- */

static int32_t steps(engine *e) {
  const clx_history *h = e->h;
  if (!validate(e)) return e->t->status;
  const clx_t_kind *kind = REC(clx_t_kind, e->hd->kinds + h->entity_kind * (int32_t)(sizeof(clx_t_kind) / 4));
  for (int32_t k = 0; k < kind->day_count; ++k)
    if (!insert_day(e, e->pool[kind->days + k])) return e->t->status;
  int32_t i = 0, n = h->event_count, last = 0;
  int has_last = 0;
  while (!e->failed) {
    int has_d = 0, found = 0;
    int32_t d = 0, x;
    if (i < n) d = h->dates[i], has_d = 1;
    x = next_end(e, has_last, last, &found);
    if (found && (!has_d || x < d)) d = x, has_d = 1;
    if (next_window_day(e, has_last, last, &x) && (!has_d || x < d)) d = x, has_d = 1;
    if (!has_d) break;
    int32_t today = i;
    for (; i < n && h->dates[i] == d && !e->failed; ++i) apply(e, i);
    if (e->failed) break;
    for (int32_t k = today; k < i && !e->failed; ++k) schedule_window_days(e, k);
    if (e->failed) break;
    e->visible = i;
    recompute(e, d);
    last = d;
    has_last = 1;
  }
  if (!e->failed) deadlines_after_periods(e);
  return e->t->status;
}

static int32_t run_one(const clx_policy_table *p, const clx_history *h, const clx_calendar *cal, clx_timeline *t) {
  t->status = CLX_OK;
  t->error_event = -1;
  t->error_date = 0;
  t->listing_count = t->extension_count = t->measure_count = t->grade_count = t->decision_count = 0;
  if (!t->scratch) {
    t->scratch = calloc(1, sizeof(scratch));
    if (!t->scratch) return t->status = CLX_NO_MEMORY;
  }
  scratch *s = (scratch *)t->scratch;
  s->day_count = 0;
  engine e = {p->pool, (const clx_t_header *)p->pool, p->exprs, h, cal, t, s, 0, 0, -1, 0, 0, -1, 0};
  if (!grow((void **)&s->listed, &s->listed_capacity, e.hd->list_count + 1, 1) ||
      !grow((void **)&s->run_kind, &s->run_kind_capacity, 2 * (int64_t)e.hd->measure_count + 1, sizeof(int32_t)) ||
      !grow((void **)&s->first_kind, &s->first_kind_capacity, e.hd->measure_count + 1, sizeof(int32_t)))
    return t->status = CLX_NO_MEMORY;
  for (int32_t m = 0; m < e.hd->measure_count; ++m) {
    s->run_kind[2 * m] = s->run_kind[2 * m + 1] = 0;
    s->first_kind[m] = CLX_NO_DAY;
  }
  if (!h) return t->status = CLX_INPUT_NULL;
  return steps(&e);
}

int32_t clx_engine_run(const clx_policy_table *p, const clx_history *h, const clx_calendar *cal, clx_timeline *out) {
  if (!out) return CLX_INPUT_NULL;
  int32_t status = cal ? clx_calendar_check(cal) : CLX_OK;
  if (status != CLX_OK) {
    out->status = status;
    out->error_event = -1;
    out->error_date = 0;
    out->listing_count = out->extension_count = out->measure_count = out->grade_count = out->decision_count = 0;
    return status;
  }
  return run_one(p, h, cal, out);
}

int32_t clx_engine_run_batch(const clx_policy_table *p, const clx_batch *b, const clx_calendar *cal, clx_timeline *out) {
  if (!b || !out || b->entity_count < 0) return CLX_INPUT_NULL;
  if (b->entity_count > 0 && (!b->entity_kinds || !b->event_offsets || !b->attribute_counts || !b->attributes))
    return CLX_INPUT_NULL;
  if (cal && clx_calendar_check(cal) != CLX_OK) return CLX_E_ARGUMENT;
  for (int32_t k = 0; k < b->entity_count; ++k) {
    int64_t from = b->event_offsets[k], to = b->event_offsets[k + 1];
    if (from < 0 || to < from || to - from > INT32_MAX) return CLX_INPUT_NULL;
  }
  for (int32_t k = 0; k < b->entity_count; ++k) {
    int64_t from = b->event_offsets[k];
    clx_history h = {b->entity_kinds[k], b->attribute_counts[k], b->attributes[k],
                     (int32_t)(b->event_offsets[k + 1] - from),
                     b->dates ? b->dates + from : NULL, b->types ? b->types + from : NULL,
                     b->rows ? b->rows + from : NULL, b->columns};
    if (run_one(p, &h, cal, &out[k]) == CLX_NO_MEMORY) return CLX_NO_MEMORY;
  }
  return CLX_OK;
}
