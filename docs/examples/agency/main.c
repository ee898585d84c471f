/* An agency's program running the compiled SPC judgment-defaulter policy
 * (policies/spc/judgment_defaulters_2017.clx) on one person's court records, through the shared
 * library and header made by
 *
 *   credlex build policies/spc/judgment_defaulters_2017.clx --emit shared -o libspc.so --header spc.h
 *
 * It fills a clx_history (the layout is described in spc.h), runs the policy, prints the
 * listings, measures and grades by name, and frees the timeline. README.md has the commands. */
#include <stdio.h>
#include <string.h>

#include "spc.h"

/* Short names for the generated constants (the functions keep their full names). */
#define P(name) CREDLEX_SPC_JUDGMENT_DEFAULTERS_##name

/* Day numbers count days since 1970-01-01 (spc.h, "Day numbers"). This is the usual conversion
 * from a civil date of the proleptic Gregorian calendar. */
static int32_t day_number(int32_t y, int32_t m, int32_t d) {
  y -= m <= 2;
  const int32_t era = (y >= 0 ? y : y - 399) / 400;
  const int32_t yoe = y - era * 400;
  const int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The inverse, for printing. */
static void print_day(int32_t day) {
  if (day == CLX_NO_DAY) {
    printf("(open)    ");
    return;
  }
  int32_t z = day + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  printf("%04d-%02d-%02d", (int)(yoe + era * 400 + (m <= 2)), (int)m, (int)d);
}

/* "  START to END  " (END "(open)": no end yet). Intervals are half-open: END is the first day after. */
static void print_interval(int32_t start, int32_t end) {
  printf("  ");
  print_day(start);
  printf(" to ");
  print_day(end);
  printf("  ");
}

static clx_value boolean(int b) { clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_BOOL; v.i = b; return v; }
static clx_value integer(int64_t n) { clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_INT; v.i = n; return v; }
static clx_value date(int32_t day) { clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_DATE; v.i = day; return v; }
static clx_value text(const char *s) {
  clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_TEXT; v.text = s; v.len = (int64_t)strlen(s); return v;
}
/* Money in 1/10000 of a yuan. */
static clx_value cny(int64_t yuan) {
  clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_MONEY; v.i = yuan * 10000; memcpy(v.currency, "CNY", 4); return v;
}
static clx_value decimal(int64_t mantissa, int32_t scale) {
  clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_DECIMAL; v.i = mantissa; v.scale = scale; return v;
}
static clx_value choice(int32_t enum_index, int64_t value) {
  clx_value v; memset(&v, 0, sizeof v); v.kind = CLX_CHOICE; v.index = enum_index; v.i = value; return v;
}

#define JU(field) P(FIELD_JUDGMENT_UNPERFORMED_##field)
#define OP(field) P(FIELD_OBLIGATION_PERFORMED_##field)
enum { JU_FIELDS = 11, OP_FIELDS = 3, JU_ROWS = 2, OP_ROWS = 1 };

int main(void) {
  const clx_policy_info *info = credlex_spc_judgment_defaulters_info();
  printf("policy %s version %s\nsource SHA-256 %s\n\n", info->name, info->version, info->source_sha256);

  /* Two court findings against one person (rows 0 and 1 of judgment_unperformed) and one full
   * performance of the first case (row 0 of obligation_performed). */
  clx_value ju[JU_FIELDS][JU_ROWS], op[OP_FIELDS][OP_ROWS];
  const char *cases[JU_ROWS] = {"(2020) Jing 0105 Zhi 101", "(2021) Jing 0105 Zhi 202"};
  const int64_t grounds[JU_ROWS] = {P(CHOICE_LISTING_GROUND_ABLE_BUT_REFUSES), P(CHOICE_LISTING_GROUND_BREACHES_ASSET_REPORTING)};
  for (int r = 0; r < JU_ROWS; ++r) {
    ju[JU(CASE)][r] = text(cases[r]);
    ju[JU(GROUND)][r] = choice(P(ENUM_LISTING_GROUND), grounds[r]);
    ju[JU(AMOUNT)][r] = cny(100000);
    ju[JU(FULL_GUARANTEE)][r] = boolean(0);
    ju[JU(SEIZED_ASSETS)][r] = cny(0);
    ju[JU(LATER_IN_ORDER)][r] = boolean(0);
    ju[JU(ABLE_TO_PERFORM)][r] = boolean(1);
    ju[JU(VIOLENCE_OR_THREATS_SERIOUS)][r] = boolean(0);
    ju[JU(ACTS)][r] = integer(1);
    ju[JU(CREDITOR_APPLIED)][r] = boolean(1);
    ju[JU(LARGE_DEBT)][r] = boolean(0);
  }
  op[OP(CASE)][0] = text(cases[0]);
  op[OP(AMOUNT)][0] = cny(100000);
  op[OP(PERFORMED_SHARE)][0] = decimal(10, 1); /* 1.0: fully performed */

  /* columns[event type][field slot] -> the cells of that field, by row. */
  const clx_value *ju_slots[JU_FIELDS], *op_slots[OP_FIELDS];
  for (int s = 0; s < JU_FIELDS; ++s) ju_slots[s] = ju[s];
  for (int s = 0; s < OP_FIELDS; ++s) op_slots[s] = op[s];
  const clx_value *const *columns[P(COUNT_EVENTS)];
  memset(columns, 0, sizeof columns); /* null: no events of that type */
  columns[P(EVENT_JUDGMENT_UNPERFORMED)] = ju_slots;
  columns[P(EVENT_OBLIGATION_PERFORMED)] = op_slots;

  /* The events in date order: their dates, types and rows. */
  const int32_t dates[] = {day_number(2020, 1, 10), day_number(2020, 6, 5), day_number(2021, 3, 4)};
  const int32_t types[] = {P(EVENT_JUDGMENT_UNPERFORMED), P(EVENT_OBLIGATION_PERFORMED), P(EVENT_JUDGMENT_UNPERFORMED)};
  const int32_t rows[] = {0, 0, 1};
  const clx_value attributes[] = {date(day_number(1980, 5, 1))}; /* NaturalPerson: birth_date */

  clx_history history;
  memset(&history, 0, sizeof history);
  history.entity_kind = P(KIND_NATURALPERSON);
  history.attribute_count = 1;
  history.attributes = attributes;
  history.event_count = 3;
  history.dates = dates;
  history.types = types;
  history.rows = rows;
  history.columns = columns;

  clx_timeline timeline;
  memset(&timeline, 0, sizeof timeline); /* zeroed once; runs reuse its arrays */
  int32_t status = credlex_spc_judgment_defaulters_run(&history, NULL /* Monday to Friday */, &timeline);
  if (status != CLX_OK) {
    printf("the policy could not be applied: status %d at event %d\n", (int)status, (int)timeline.error_event);
    credlex_spc_judgment_defaulters_timeline_free(&timeline);
    return 1;
  }

  printf("listings:\n");
  for (int32_t i = 0; i < timeline.listing_count; ++i) {
    const clx_listing *l = &timeline.listings[i];
    print_interval(l->start, l->end);
    printf("%s (include rule %d, event %d)", info->list_names[l->list], (int)l->rule + 1, (int)l->cause_event);
    if (l->removal_deadline != CLX_NO_DAY) { /* a removal, a period that ran out (Art 10 para 2) or a
                                                granted early deletion (Art 12 para 1) */
      printf(l->ended_by == CLX_END_PERIOD        ? ", period ran out; deletion due by "
             : l->ended_by == CLX_END_RESTORATION ? ", restoration granted; deletion due by "
                                                  : ", removed; deletion due by ");
      print_day(l->removal_deadline);
    }
    printf("\n");
  }
  printf("measures:\n");
  for (int32_t i = 0; i < timeline.measure_count; ++i) {
    const clx_measure_interval *m = &timeline.measures[i];
    print_interval(m->start, m->end);
    printf("%s\n", info->measure_names[m->measure]);
  }
  static const char *const levels[] = {
      [P(LEVEL_CONSUMPTION_RESTRICTION_MUST_RESTRICT)] = "must_restrict",
      [P(LEVEL_CONSUMPTION_RESTRICTION_MAY_RESTRICT)] = "may_restrict",
      [P(LEVEL_CONSUMPTION_RESTRICTION_NOT_APPLICABLE)] = "not_applicable",
  };
  printf("grades:\n");
  for (int32_t i = 0; i < timeline.grade_count; ++i) {
    const clx_grade_interval *g = &timeline.grades[i];
    print_interval(g->start, g->end);
    printf("%s: %s\n", info->grade_names[g->grade],
           g->grade == P(GRADE_CONSUMPTION_RESTRICTION) ? levels[g->level] : "(level)");
  }
  credlex_spc_judgment_defaulters_timeline_free(&timeline);
  return 0;
}
