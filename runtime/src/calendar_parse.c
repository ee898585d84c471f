/* The holiday calendar file format (see working_days.h). Entries are inserted into the caller's
 * arrays in sorted position as they are read, so a duplicate or a date listed with both kinds is
 * caught on its own line. A file in date order (the usual case) costs O(1) per line; the worst
 * case, a file in reverse order, costs O(n^2) moves of 4 bytes, which for any real calendar (tens
 * of entries a year) is negligible. */
#include <string.h>
#include "sorted.h"

#include "credlex/working_days.h"

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static int digit(char c) { return c >= '0' && c <= '9' ? c - '0' : -1; }

/* A YYYY-MM-DD token naming a valid date, or 0. */
static int parse_date(const char *s, size_t n, int32_t *day) {
  static const int digit_positions[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  int v[8];
  if (n != 10 || s[4] != '-' || s[7] != '-') return 0;
  for (int i = 0; i < 8; ++i)
    if ((v[i] = digit(s[digit_positions[i]])) < 0) return 0;
  int32_t y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  int32_t m = v[4] * 10 + v[5];
  int32_t d = v[6] * 10 + v[7];
  if (!clx_date_is_valid(y, m, d)) return 0;
  *day = clx_days_from_civil(y, m, d);
  return 1;
}

static int token_is(const char *s, size_t n, const char *word) {
  size_t w = strlen(word);
  return n == w && memcmp(s, word, w) == 0;
}



static int sorted_contains(const int32_t *a, size_t n, int32_t x) {
  size_t i = lower_bound(a, n, x);
  return i < n && a[i] == x;
}

typedef struct {
  clx_calendar_diagnostic *diags;
  size_t capacity;
  size_t count;
  int first;
} reporter;

static void report(reporter *r, int code, size_t line, int32_t day) {
  if (r->count < r->capacity) {
    r->diags[r->count].code = code;
    r->diags[r->count].line = line;
    r->diags[r->count].day = day;
  }
  if (r->count == 0) r->first = code;
  ++r->count;
}

int clx_calendar_parse(const char *text, size_t len,
                       int32_t *holidays, size_t holiday_capacity,
                       int32_t *workdays, size_t workday_capacity,
                       clx_calendar *out,
                       clx_calendar_diagnostic *diags, size_t diag_capacity, size_t *diag_count) {
  if ((!text && len) || (!holidays && holiday_capacity) || (!workdays && workday_capacity) || !out ||
      (!diags && diag_capacity) || !diag_count)
    return CLX_E_ARGUMENT;
  reporter r = {diags, diag_capacity, 0, CLX_OK};
  size_t nh = 0, nw = 0;
  size_t pos = 0, line = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3;
  while (pos < len) {
    ++line;
    size_t end = pos;
    while (end < len && text[end] != '\n') ++end;
    size_t next = end < len ? end + 1 : end;
    /* The line is text[pos, end): cut the comment, a trailing \r, and surrounding blanks. */
    const char *hash = memchr(text + pos, '#', end - pos);
    if (hash) end = (size_t)(hash - text);
    if (end > pos && text[end - 1] == '\r') --end;
    while (pos < end && is_blank(text[pos])) ++pos;
    if (pos == end) {
      pos = next;
      continue;
    }
    size_t date_end = pos;
    while (date_end < end && !is_blank(text[date_end])) ++date_end;
    int32_t day;
    if (!parse_date(text + pos, date_end - pos, &day)) {
      report(&r, CLX_E_CAL_BAD_DATE, line, CLX_NO_DAY);
      pos = next;
      continue;
    }
    size_t kind = date_end;
    while (kind < end && is_blank(text[kind])) ++kind;
    size_t kind_end = kind;
    while (kind_end < end && !is_blank(text[kind_end])) ++kind_end;
    int is_holiday = token_is(text + kind, kind_end - kind, "holiday");
    int is_workday = token_is(text + kind, kind_end - kind, "workday");
    pos = next;
    if (kind == kind_end) {
      report(&r, CLX_E_CAL_MISSING_KIND, line, day);
      continue;
    }
    if (!is_holiday && !is_workday) {
      report(&r, CLX_E_CAL_UNKNOWN_KIND, line, day);
      continue;
    }
    if (is_workday && clx_weekday(day) < 5) {
      report(&r, CLX_E_CAL_WORKDAY_NOT_WEEKEND, line, day);
      continue;
    }
    int32_t *same = is_holiday ? holidays : workdays;
    size_t *same_n = is_holiday ? &nh : &nw;
    size_t same_capacity = is_holiday ? holiday_capacity : workday_capacity;
    const int32_t *other = is_holiday ? workdays : holidays;
    size_t other_n = is_holiday ? nw : nh;
    size_t at = lower_bound(same, *same_n, day);
    if (at < *same_n && same[at] == day) {
      report(&r, CLX_E_CAL_DUPLICATE, line, day);
      continue;
    }
    if (sorted_contains(other, other_n, day)) {
      report(&r, CLX_E_CAL_BOTH, line, day);
      continue;
    }
    if (*same_n >= same_capacity) {
      report(&r, CLX_E_CAL_TOO_MANY, line, day);
      continue;
    }
    if (at < *same_n) memmove(same + at + 1, same + at, (*same_n - at) * sizeof *same);
    same[at] = day;
    ++*same_n;
  }
  out->holidays = holidays;
  out->holiday_count = nh;
  out->workdays = workdays;
  out->workday_count = nw;
  *diag_count = r.count;
  return r.first;
}
