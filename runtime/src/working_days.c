/* Working-day arithmetic. The weekend rule is applied with closed formulas over a count of
 * Mondays-to-Fridays; calendar entries are visited only where they differ from the weekend rule
 * ("exceptions": holidays on Monday..Friday, workdays on Saturday/Sunday). No allocation, no
 * global state, no floating point; all intermediate arithmetic is in int64, where day numbers
 * (int32) and counts of them cannot overflow. */
#include "credlex/working_days.h"
#include "sorted.h"

/* 1970-01-05, day 4, was a Monday. */
#define CLX_A_MONDAY 4

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/* The number of Mondays-to-Fridays in (CLX_A_MONDAY - 1, x] (negative before it): a running count
 * that grows by one on each weekday, so the weekdays in (a, b] number through(b) - through(a). */
static int64_t weekdays_through(int64_t x) {
  int64_t k = x - CLX_A_MONDAY;
  int64_t weeks = floor_div(k, 7);
  int64_t dow = k - 7 * weeks; /* 0 = Monday */
  return 5 * weeks + (dow < 5 ? dow + 1 : 5);
}

/* The weekday x with weekdays_through(x) == t: the inverse of weekdays_through on weekdays. */
static int64_t weekday_numbered(int64_t t) {
  int64_t weeks = floor_div(t - 1, 5);
  int64_t dow = (t - 1) - 5 * weeks;
  return CLX_A_MONDAY + 7 * weeks + dow;
}

static int is_weekend(int32_t day) { return clx_weekday(day) >= 5; }

/* Index of the first element greater than x (n if none). */
static size_t upper_bound(const int32_t *a, size_t n, int32_t x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a[mid] <= x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static int contains(const int32_t *a, size_t n, int32_t x) {
  size_t i = upper_bound(a, n, x);
  return i > 0 && a[i - 1] == x;
}

/* The arrays of a calendar, with null treated as empty. */
typedef struct {
  const int32_t *h;
  size_t nh;
  const int32_t *w;
  size_t nw;
} arrays;

static arrays arrays_of(const clx_calendar *cal) {
  arrays a = {0, 0, 0, 0};
  if (cal) {
    if (cal->holidays) {
      a.h = cal->holidays;
      a.nh = cal->holiday_count;
    }
    if (cal->workdays) {
      a.w = cal->workdays;
      a.nw = cal->workday_count;
    }
  }
  return a;
}

int clx_is_working_day(const clx_calendar *cal, int32_t day) {
  arrays a = arrays_of(cal);
  if (contains(a.w, a.nw, day)) return 1;
  if (is_weekend(day)) return 0;
  return !contains(a.h, a.nh, day);
}

/* Walks the exceptions after a given day in ascending order. Entries not greater than the last
 * one returned are skipped, so even an unsorted array cannot make the walk go backwards or
 * repeat a day; the indices only grow, so the walk always ends. */
typedef struct {
  arrays a;
  size_t ih, iw;
  int64_t last;
} exception_walk;

static exception_walk walk_after(const clx_calendar *cal, int32_t day) {
  exception_walk it;
  it.a = arrays_of(cal);
  it.ih = upper_bound(it.a.h, it.a.nh, day);
  it.iw = upper_bound(it.a.w, it.a.nw, day);
  it.last = day;
  return it;
}

/* The next exception: 1 and its day and whether it is a working day, or 0 when there are none. */
static int next_exception(exception_walk *it, int32_t *day, int *working) {
  for (;;) {
    int has_h = it->ih < it->a.nh, has_w = it->iw < it->a.nw;
    if (!has_h && !has_w) return 0;
    int32_t x = has_h && (!has_w || it->a.h[it->ih] <= it->a.w[it->iw]) ? it->a.h[it->ih] : it->a.w[it->iw];
    int in_h = 0, in_w = 0;
    if (has_h && it->a.h[it->ih] == x) {
      in_h = 1;
      ++it->ih;
    }
    if (has_w && it->a.w[it->iw] == x) {
      in_w = 1;
      ++it->iw;
    }
    if (x <= it->last) continue;
    it->last = x;
    int weekday = !is_weekend(x);
    int work = in_w || (weekday && !in_h);
    if (work == weekday) continue; /* agrees with the weekend rule: not an exception */
    *day = x;
    *working = work;
    return 1;
  }
}

/* The same walk backwards: exceptions before a given day, in descending order. */
typedef struct {
  arrays a;
  size_t ih, iw; /* one past the next candidate */
  int64_t last;
} exception_walk_back;



static exception_walk_back walk_before(const clx_calendar *cal, int32_t day) {
  exception_walk_back it;
  it.a = arrays_of(cal);
  it.ih = lower_bound(it.a.h, it.a.nh, day);
  it.iw = lower_bound(it.a.w, it.a.nw, day);
  it.last = day;
  return it;
}

static int previous_exception(exception_walk_back *it, int32_t *day, int *working) {
  for (;;) {
    int has_h = it->ih > 0, has_w = it->iw > 0;
    if (!has_h && !has_w) return 0;
    int32_t x = has_h && (!has_w || it->a.h[it->ih - 1] >= it->a.w[it->iw - 1]) ? it->a.h[it->ih - 1]
                                                                               : it->a.w[it->iw - 1];
    int in_h = 0, in_w = 0;
    if (has_h && it->a.h[it->ih - 1] == x) {
      in_h = 1;
      --it->ih;
    }
    if (has_w && it->a.w[it->iw - 1] == x) {
      in_w = 1;
      --it->iw;
    }
    if (x >= it->last) continue;
    it->last = x;
    int weekday = !is_weekend(x);
    int work = in_w || (weekday && !in_h);
    if (work == weekday) continue;
    *day = x;
    *working = work;
    return 1;
  }
}

static int in_date_range(int64_t day) { return day >= CLX_MIN_DAY && day <= CLX_MAX_DAY; }

/* The `count`-th working day strictly before `day` (count >= 1). */
static int64_t subtract_working_days(const clx_calendar *cal, int32_t day, int64_t count) {
  exception_walk_back it = walk_before(cal, day);
  int64_t p = day;      /* every working day in [p, day) has been counted */
  int64_t left = count; /* working days still to count before p */
  for (;;) {
    int32_t x;
    int working;
    if (!previous_exception(&it, &x, &working)) break;
    int64_t plain = weekdays_through(p - 1) - weekdays_through(x); /* weekdays in (x, p) */
    if (plain >= left) break;
    left -= plain;
    if (working && --left == 0) return x;
    p = x;
    if (p < CLX_MIN_DAY) return p; /* out of range already; the caller reports it */
  }
  return weekday_numbered(weekdays_through(p - 1) - left + 1);
}

int clx_add_working_days(const clx_calendar *cal, int32_t day, int32_t n, int32_t *out) {
  if (!out) return CLX_E_ARGUMENT;
  if (!in_date_range(day)) return CLX_E_RANGE;
  if (n == 0) {
    *out = day;
    return CLX_OK;
  }
  if (n < 0) {
    int64_t back = subtract_working_days(cal, day, -(int64_t)n);
    if (!in_date_range(back)) return CLX_E_RANGE;
    *out = (int32_t)back;
    return CLX_OK;
  }
  exception_walk it = walk_after(cal, day);
  int64_t p = day;   /* every working day in (day, p] has been counted */
  int64_t left = n;  /* working days still to count after p; always >= 1 here */
  int64_t result;
  for (;;) {
    int32_t x;
    int working;
    if (!next_exception(&it, &x, &working)) {
      result = weekday_numbered(weekdays_through(p) + left);
      break;
    }
    /* Between p and the exception x only the weekend rule applies. */
    int64_t plain = weekdays_through((int64_t)x - 1) - weekdays_through(p);
    if (plain >= left) {
      result = weekday_numbered(weekdays_through(p) + left);
      break;
    }
    left -= plain;
    if (working && --left == 0) {
      result = x;
      break;
    }
    p = x;
    if (p > CLX_MAX_DAY) return CLX_E_RANGE;
  }
  if (!in_date_range(result)) return CLX_E_RANGE;
  *out = (int32_t)result;
  return CLX_OK;
}

int64_t clx_working_days_between(const clx_calendar *cal, int32_t from, int32_t to) {
  if (from == to) return 0;
  int32_t a = from < to ? from : to, b = from < to ? to : from;
  int64_t count = weekdays_through(b) - weekdays_through(a);
  exception_walk it = walk_after(cal, a);
  int32_t x;
  int working;
  while (next_exception(&it, &x, &working) && x <= b) count += working ? 1 : -1;
  return from < to ? count : -count;
}

int clx_next_working_day(const clx_calendar *cal, int32_t day, int32_t *out) {
  if (!out) return CLX_E_ARGUMENT;
  if (!in_date_range(day)) return CLX_E_RANGE;
  if (clx_is_working_day(cal, day)) {
    *out = day;
    return CLX_OK;
  }
  return clx_add_working_days(cal, day, 1, out);
}

int clx_deadline_after_days(const clx_calendar *cal, int32_t day, int32_t n, int32_t *out) {
  if (!out || n < 0) return CLX_E_ARGUMENT;
  if (!in_date_range(day)) return CLX_E_RANGE;
  int64_t last = (int64_t)day + n;
  if (!in_date_range(last)) return CLX_E_RANGE;
  return clx_next_working_day(cal, (int32_t)last, out);
}

static int check_array(const int32_t *a, size_t n) {
  if (!a) return n ? CLX_E_ARGUMENT : CLX_OK;
  for (size_t i = 0; i < n; ++i) {
    if (!in_date_range(a[i])) return CLX_E_RANGE;
    if (i > 0 && a[i - 1] >= a[i]) return CLX_E_UNSORTED;
  }
  return CLX_OK;
}

int clx_calendar_check(const clx_calendar *cal) {
  if (!cal) return CLX_OK;
  int status = check_array(cal->holidays, cal->holiday_count);
  if (status == CLX_OK) status = check_array(cal->workdays, cal->workday_count);
  if (status != CLX_OK) return status;
  arrays a = arrays_of(cal);
  for (size_t i = 0, j = 0; i < a.nh && j < a.nw;) {
    if (a.h[i] == a.w[j]) return CLX_E_OVERLAP;
    if (a.h[i] < a.w[j])
      ++i;
    else
      ++j;
  }
  return CLX_OK;
}
