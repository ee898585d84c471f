// Working days (runtime/include/credlex/working_days.h): the weekend rule, the holiday calendar
// file shipped in runtime/calendars/, deadlines, and the calendar-file parser. The runtime is
// checked against a naive model written here (walk the days one by one) and against dates worked
// out by hand from the State Council notices.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "credlex/civil_date.h"
#include "credlex/working_days.h"

namespace {

std::int32_t day(int y, int m, int d) { return clx_days_from_civil(y, m, d); }

std::string iso(std::int32_t n) {
  std::int32_t y, m, d;
  clx_civil_from_days(n, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// 0 = Monday; computed here without the runtime.
int naive_weekday(std::int64_t n) { return static_cast<int>(((n % 7) + 7 + 3) % 7); }

// A parsed calendar with its storage.
struct Calendar {
  std::vector<std::int32_t> holidays, workdays;
  std::vector<clx_calendar_diagnostic> diags;
  std::size_t diag_count = 0;
  int status = -1;
  clx_calendar cal{};
  const clx_calendar* get() const { return &cal; }
};

Calendar parse(const std::string& text, std::size_t capacity = 0, std::size_t diag_capacity = 16) {
  Calendar c;
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (capacity == 0) capacity = lines;
  c.holidays.assign(capacity, 0);
  c.workdays.assign(capacity, 0);
  c.diags.assign(diag_capacity, clx_calendar_diagnostic{-1, 0, 0});
  c.status = clx_calendar_parse(text.data(), text.size(), c.holidays.data(), capacity, c.workdays.data(), capacity,
                                &c.cal, diag_capacity ? c.diags.data() : nullptr, diag_capacity, &c.diag_count);
  c.holidays.resize(c.cal.holiday_count);
  c.workdays.resize(c.cal.workday_count);
  c.cal.holidays = c.holidays.data();
  c.cal.workdays = c.workdays.data();
  c.diags.resize(std::min(c.diag_count, diag_capacity));
  return c;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Calendar& china() {
  static const Calendar c = parse(read_file(CREDLEX_SOURCE_DIR "/runtime/calendars/cn-2024-2026.txt"));
  return c;
}

// The naive model: a day is a working day iff listed as workday, or Monday..Friday and not a holiday.
struct Naive {
  std::set<std::int32_t> holidays, workdays;
  explicit Naive(const clx_calendar* cal) {
    if (!cal) return;
    holidays.insert(cal->holidays, cal->holidays + cal->holiday_count);
    workdays.insert(cal->workdays, cal->workdays + cal->workday_count);
  }
  bool working(std::int64_t d) const {
    if (workdays.count(static_cast<std::int32_t>(d))) return true;
    return naive_weekday(d) < 5 && !holidays.count(static_cast<std::int32_t>(d));
  }
  std::int64_t add(std::int64_t d, std::int64_t n) const {
    while (n > 0)
      if (working(++d)) --n;
    return d;
  }
  std::int64_t add_back(std::int64_t d, std::int64_t n) const {
    while (n > 0)
      if (working(--d)) --n;
    return d;
  }
  std::int64_t between(std::int64_t from, std::int64_t to) const {
    std::int64_t c = 0;
    for (std::int64_t d = std::min(from, to) + 1; d <= std::max(from, to); ++d) c += working(d);
    return from <= to ? c : -c;
  }
};

std::int32_t add(const clx_calendar* cal, std::int32_t d, std::int32_t n) {
  std::int32_t out = INT32_MIN;
  int status = clx_add_working_days(cal, d, n, &out);
  INFO("add " << iso(d) << " + " << n << " working days");
  REQUIRE(status == CLX_OK);
  return out;
}

std::int32_t deadline_days(const clx_calendar* cal, std::int32_t d, std::int32_t n) {
  std::int32_t out = INT32_MIN;
  REQUIRE(clx_deadline_after_days(cal, d, n, &out) == CLX_OK);
  return out;
}

// One break of an official notice: first and last day, and the working weekend days around it.
struct Break {
  const char* name;
  int y1, m1, d1, w1;  // first day and its weekday as the notice gives it (0 = Monday, -1 if not given)
  int y2, m2, d2, w2;
  int days;            // "共N天"
};

}  // namespace

TEST_CASE("weekends only: Monday to Friday work, Saturday and Sunday do not", "[runtime][workdays]") {
  // 2024-03-04 was a Monday.
  for (int i = 0; i < 7; ++i) CHECK(clx_is_working_day(nullptr, day(2024, 3, 4) + i) == (i < 5 ? 1 : 0));
  const std::int32_t fri = day(2024, 3, 8), sat = fri + 1, sun = fri + 2, mon = fri + 3;
  CHECK(add(nullptr, fri, 1) == mon);
  CHECK(add(nullptr, sat, 1) == mon);
  CHECK(add(nullptr, sun, 1) == mon);
  CHECK(add(nullptr, day(2024, 3, 7), 2) == mon);   // Thursday + 2 = Monday
  CHECK(add(nullptr, fri, 5) == fri + 7);           // a full week
  CHECK(add(nullptr, mon, 4) == fri + 7);           // Monday + 4 = Friday
  CHECK(add(nullptr, mon, 5) == mon + 7);
  CHECK(add(nullptr, day(2024, 3, 4), 10) == day(2024, 3, 18));
  // n = 0 is the day itself, whatever day it is.
  CHECK(add(nullptr, fri, 0) == fri);
  CHECK(add(nullptr, sun, 0) == sun);
  // Counting: (from, to].
  CHECK(clx_working_days_between(nullptr, fri, mon) == 1);
  CHECK(clx_working_days_between(nullptr, fri, sun) == 0);
  CHECK(clx_working_days_between(nullptr, day(2024, 3, 4), fri + 7) == 9);  // Mon 4 Mar to Fri 15 Mar
  CHECK(clx_working_days_between(nullptr, mon, fri + 7) == 4);
  CHECK(clx_working_days_between(nullptr, mon, mon) == 0);
  CHECK(clx_working_days_between(nullptr, mon, fri) == -1);  // (fri, mon] holds one working day
  // An empty calendar (non-null, no entries, null arrays) behaves like no calendar.
  clx_calendar empty{nullptr, 0, nullptr, 0};
  CHECK(add(&empty, fri, 1) == mon);
  clx_calendar null_with_counts{nullptr, 5, nullptr, 7};  // null arrays count as empty
  CHECK(add(&null_with_counts, fri, 1) == mon);
  CHECK(clx_is_working_day(&null_with_counts, sat) == 0);
}

TEST_CASE("the shipped calendar parses cleanly and matches the State Council notices", "[runtime][workdays]") {
  const Calendar& cn = china();
  INFO("first diagnostic line " << (cn.diags.empty() ? 0 : cn.diags[0].line));
  REQUIRE(cn.status == CLX_OK);
  REQUIRE(cn.diag_count == 0);
  REQUIRE(clx_calendar_check(cn.get()) == CLX_OK);

  // The breaks as the notices state them, typed in again independently of the file, with the
  // weekdays the notices print (checked against the civil calendar: a transcription error in
  // either place fails here). 0 = Monday .. 6 = Sunday.
  const Break breaks[] = {
      {"2024 New Year", 2024, 1, 1, 0, 2024, 1, 1, 0, 1},
      {"2024 Spring Festival", 2024, 2, 10, 5, 2024, 2, 17, 5, 8},
      {"2024 Qingming", 2024, 4, 4, 3, 2024, 4, 6, 5, 3},
      {"2024 Labour Day", 2024, 5, 1, 2, 2024, 5, 5, 6, 5},
      {"2024 Dragon Boat", 2024, 6, 10, 0, 2024, 6, 10, 0, 1},
      {"2024 Mid-Autumn", 2024, 9, 15, 6, 2024, 9, 17, 1, 3},
      {"2024 National Day", 2024, 10, 1, 1, 2024, 10, 7, 0, 7},
      {"2025 New Year", 2025, 1, 1, 2, 2025, 1, 1, 2, 1},
      {"2025 Spring Festival", 2025, 1, 28, 1, 2025, 2, 4, 1, 8},
      {"2025 Qingming", 2025, 4, 4, 4, 2025, 4, 6, 6, 3},
      {"2025 Labour Day", 2025, 5, 1, 3, 2025, 5, 5, 0, 5},
      {"2025 Dragon Boat", 2025, 5, 31, 5, 2025, 6, 2, 0, 3},
      {"2025 National Day + Mid-Autumn", 2025, 10, 1, 2, 2025, 10, 8, 2, 8},
      {"2026 New Year", 2026, 1, 1, 3, 2026, 1, 3, 5, 3},
      {"2026 Spring Festival", 2026, 2, 15, 6, 2026, 2, 23, 0, 9},
      {"2026 Qingming", 2026, 4, 4, 5, 2026, 4, 6, 0, 3},
      {"2026 Labour Day", 2026, 5, 1, 4, 2026, 5, 5, 1, 5},
      {"2026 Dragon Boat", 2026, 6, 19, 4, 2026, 6, 21, 6, 3},
      {"2026 Mid-Autumn", 2026, 9, 25, 4, 2026, 9, 27, 6, 3},
      {"2026 National Day", 2026, 10, 1, 3, 2026, 10, 7, 2, 7},
  };
  std::set<std::int32_t> expected_holidays;
  for (const Break& b : breaks) {
    INFO(b.name);
    std::int32_t first = day(b.y1, b.m1, b.d1), last = day(b.y2, b.m2, b.d2);
    CHECK(clx_weekday(first) == b.w1);
    CHECK(clx_weekday(last) == b.w2);
    CHECK(last - first + 1 == b.days);
    for (std::int32_t d = first; d <= last; ++d) expected_holidays.insert(d);
  }
  // The working weekend days (上班), with the weekday the notice prints.
  struct Workday { int y, m, d, w; };
  const Workday workdays[] = {
      {2024, 2, 4, 6},  {2024, 2, 18, 6}, {2024, 4, 7, 6},  {2024, 4, 28, 6}, {2024, 5, 11, 5},
      {2024, 9, 14, 5}, {2024, 9, 29, 6}, {2024, 10, 12, 5},
      {2025, 1, 26, 6}, {2025, 2, 8, 5},  {2025, 4, 27, 6}, {2025, 9, 28, 6}, {2025, 10, 11, 5},
      {2026, 1, 4, 6},  {2026, 2, 14, 5}, {2026, 2, 28, 5}, {2026, 5, 9, 5},  {2026, 9, 20, 6},
      {2026, 10, 10, 5},
  };
  std::set<std::int32_t> expected_workdays;
  for (const Workday& w : workdays) {
    INFO(w.y << "-" << w.m << "-" << w.d);
    CHECK(clx_weekday(day(w.y, w.m, w.d)) == w.w);
    expected_workdays.insert(day(w.y, w.m, w.d));
  }
  CHECK(std::set<std::int32_t>(cn.holidays.begin(), cn.holidays.end()) == expected_holidays);
  CHECK(std::set<std::int32_t>(cn.workdays.begin(), cn.workdays.end()) == expected_workdays);
  CHECK(cn.holidays.size() == 89);
  CHECK(cn.workdays.size() == 19);
  // Not in the calendar: days the notice only encourages employers to give off.
  CHECK(clx_is_working_day(cn.get(), day(2024, 2, 9)) == 1);  // 2024 Spring Festival Eve, a Friday
}

TEST_CASE("a holiday week: National Day 2024", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  // The worked example of working_days.h: a decision on Friday 2024-09-27, "within 3 working
  // days": Sat 28 not counted, Sun 29 (adjusted working day) = 1, Mon 30 = 2, 1-7 Oct holidays,
  // Tue 8 Oct = 3.
  CHECK(add(cn, day(2024, 9, 27), 1) == day(2024, 9, 29));
  CHECK(add(cn, day(2024, 9, 27), 2) == day(2024, 9, 30));
  CHECK(add(cn, day(2024, 9, 27), 3) == day(2024, 10, 8));
  CHECK(add(nullptr, day(2024, 9, 27), 3) == day(2024, 10, 2));  // without the calendar
  for (int d = 1; d <= 7; ++d) CHECK(clx_is_working_day(cn, day(2024, 10, d)) == 0);
  CHECK(clx_is_working_day(cn, day(2024, 10, 8)) == 1);
  // The Saturday after is a working day too: Fri 11 Oct + 1 = Sat 12 Oct.
  CHECK(add(cn, day(2024, 10, 11), 1) == day(2024, 10, 12));
  CHECK(add(cn, day(2024, 10, 12), 1) == day(2024, 10, 14));  // Sunday 13 is not
  // A decision during the break: counting starts the next day, the first working day is 8 Oct.
  CHECK(add(cn, day(2024, 10, 3), 1) == day(2024, 10, 8));
  CHECK(add(cn, day(2024, 10, 3), 5) == day(2024, 10, 12));  // 8, 9, 10, 11, Sat 12
  CHECK(clx_working_days_between(cn, day(2024, 9, 27), day(2024, 10, 8)) == 3);
  CHECK(clx_working_days_between(cn, day(2024, 9, 30), day(2024, 10, 7)) == 0);
  CHECK(clx_working_days_between(cn, day(2024, 9, 26), day(2024, 10, 14)) == 1 + 2 + 5 + 1);
}

TEST_CASE("adjusted working Saturdays and Sundays", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  CHECK(clx_is_working_day(cn, day(2024, 5, 11)) == 1);   // Saturday, works
  CHECK(clx_is_working_day(nullptr, day(2024, 5, 11)) == 0);
  CHECK(add(cn, day(2024, 5, 10), 1) == day(2024, 5, 11));
  CHECK(add(cn, day(2024, 5, 10), 2) == day(2024, 5, 13));
  CHECK(clx_working_days_between(cn, day(2024, 5, 10), day(2024, 5, 13)) == 2);
  // Spring Festival 2024: Thursday 8 Feb + 1 working day = Sunday 18 Feb (adjusted), + 2 = Mon 19.
  CHECK(add(cn, day(2024, 2, 8), 1) == day(2024, 2, 9));    // Eve is a normal Friday
  CHECK(add(cn, day(2024, 2, 9), 1) == day(2024, 2, 18));
  CHECK(add(cn, day(2024, 2, 9), 2) == day(2024, 2, 19));
  // The Sunday before it (4 Feb) works: Sat 3 Feb + 1 = Sun 4 Feb.
  CHECK(add(cn, day(2024, 2, 3), 1) == day(2024, 2, 4));
  // A run where a working Sunday follows a Saturday off: 2025-01-26 (Sun) works.
  CHECK(add(cn, day(2025, 1, 24), 1) == day(2025, 1, 26));
  CHECK(add(cn, day(2025, 1, 24), 2) == day(2025, 1, 27));
  CHECK(add(cn, day(2025, 1, 24), 3) == day(2025, 2, 5));   // 28 Jan - 4 Feb off
  CHECK(add(cn, day(2025, 1, 24), 6) == day(2025, 2, 8));   // 5, 6, 7 Feb then Saturday 8 Feb works
}

TEST_CASE("deadlines across weekends and year ends", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  // Tue 2024-12-31 + 3: 1 Jan 2025 is a holiday; Thu 2 = 1, Fri 3 = 2, Mon 6 = 3.
  CHECK(add(cn, day(2024, 12, 31), 3) == day(2025, 1, 6));
  CHECK(add(nullptr, day(2024, 12, 31), 3) == day(2025, 1, 3));
  // Wed 2025-12-31 + 1: 1-3 Jan 2026 off, Sunday 4 Jan works.
  CHECK(add(cn, day(2025, 12, 31), 1) == day(2026, 1, 4));
  CHECK(add(cn, day(2025, 12, 31), 2) == day(2026, 1, 5));
  // Friday 2021-12-31 (outside the calendar's years: weekends only) + 1 = Monday 2022-01-03.
  CHECK(add(cn, day(2021, 12, 31), 1) == day(2022, 1, 3));
  // Across the whole calendar: from the last working day of 2023 to the first of 2027.
  Naive naive(cn);
  std::int32_t from = day(2023, 12, 29), to = day(2027, 1, 4);
  std::int64_t n = clx_working_days_between(cn, from, to);
  CHECK(n == naive.between(from, to));
  CHECK(n == clx_working_days_between(nullptr, from, to) - 89 + 19 + /* the 89 holidays less those on weekends */
                 static_cast<std::int64_t>(std::count_if(china().holidays.begin(), china().holidays.end(),
                                                         [](std::int32_t d) { return naive_weekday(d) >= 5; })));
  CHECK(add(cn, from, static_cast<std::int32_t>(n)) == to);
}

TEST_CASE("leap days", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  CHECK(add(cn, day(2024, 2, 28), 1) == day(2024, 2, 29));  // Wed -> Thu 29 Feb
  CHECK(add(cn, day(2024, 2, 29), 1) == day(2024, 3, 1));
  CHECK(add(cn, day(2024, 2, 26), 5) == day(2024, 3, 4));
  CHECK(clx_working_days_between(cn, day(2024, 2, 28), day(2024, 3, 1)) == 2);
  CHECK(add(nullptr, day(2028, 2, 28), 1) == day(2028, 2, 29));  // Mon -> Tue 29 Feb 2028
  CHECK(add(nullptr, day(2100, 2, 26), 1) == day(2100, 3, 1));   // 2100 has no 29 Feb: Fri -> Mon 1 Mar
  CHECK(clx_weekday(day(2100, 3, 1)) == 0);
  CHECK(deadline_days(nullptr, day(2024, 1, 29), 31) == day(2024, 2, 29));  // a Thursday: no move
}

TEST_CASE("n = 0 and the identities of counting", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  for (std::int32_t d = day(2024, 9, 25); d < day(2024, 10, 15); ++d) {
    INFO(iso(d));
    CHECK(add(cn, d, 0) == d);
    CHECK(clx_working_days_between(cn, d, d) == 0);
    // The result of a positive count is always a working day, so the "next working day" rule of
    // procedural law never moves a deadline counted in working days.
    for (int n = 1; n <= 12; ++n) {
      std::int32_t e = add(cn, d, n);
      CHECK(clx_is_working_day(cn, e) == 1);
      CHECK(clx_working_days_between(cn, d, e) == n);
      CHECK(clx_working_days_between(cn, e, d) == -n);
      CHECK(add(cn, add(cn, d, 1), n - 1) == e);  // composition
    }
  }
}

TEST_CASE("agrees with the naive model on random dates, counts and pairs", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  Naive naive(cn), plain(nullptr);
  std::mt19937 rng(20240929);
  std::uniform_int_distribution<std::int32_t> days(day(2023, 6, 1), day(2027, 6, 30));
  std::uniform_int_distribution<std::int32_t> counts(0, 400);
  for (int i = 0; i < 3000; ++i) {
    std::int32_t d = days(rng), n = counts(rng), other = days(rng);
    INFO(iso(d) << " + " << n << ", pair with " << iso(other));
    REQUIRE(clx_is_working_day(cn, d) == static_cast<int>(naive.working(d)));
    REQUIRE(add(cn, d, n) == naive.add(d, n));
    REQUIRE(add(nullptr, d, n) == plain.add(d, n));
    REQUIRE(clx_working_days_between(cn, d, other) == naive.between(d, other));
    REQUIRE(clx_working_days_between(nullptr, d, other) == plain.between(d, other));
  }
}

TEST_CASE("counting backwards: the n-th working day before", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  const std::int32_t mon = day(2024, 3, 11);
  CHECK(add(nullptr, mon, -1) == mon - 3);      // Friday
  CHECK(add(nullptr, mon + 6, -1) == mon + 4);  // Sunday - 1 = Friday
  CHECK(add(nullptr, mon + 5, -1) == mon + 4);  // Saturday - 1 = Friday
  CHECK(add(nullptr, mon, -5) == mon - 7);
  CHECK(add(nullptr, mon, -6) == mon - 10);     // the Friday before that
  // Across National Day 2024: Tue 8 Oct - 1 = Mon 30 Sep, - 2 = Sun 29 Sep (adjusted), - 3 = Fri 27.
  CHECK(add(cn, day(2024, 10, 8), -1) == day(2024, 9, 30));
  CHECK(add(cn, day(2024, 10, 8), -2) == day(2024, 9, 29));
  CHECK(add(cn, day(2024, 10, 8), -3) == day(2024, 9, 27));
  CHECK(add(cn, day(2024, 10, 14), -1) == day(2024, 10, 12));  // Monday - 1 = working Saturday
  // Across a year end: Mon 2025-01-06 - 3 = Tue 2024-12-31 (1 Jan is a holiday).
  CHECK(add(cn, day(2025, 1, 6), -3) == day(2024, 12, 31));
  // Across a leap day.
  CHECK(add(cn, day(2024, 3, 1), -1) == day(2024, 2, 29));
  CHECK(add(nullptr, day(2100, 3, 1), -1) == day(2100, 2, 26));  // no 29 Feb in 2100; 27-28 a weekend
  // Back and forth again.
  Naive naive(cn), plain(nullptr);
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::int32_t> days(day(2023, 6, 1), day(2027, 6, 30));
  for (int i = 0; i < 3000; ++i) {
    std::int32_t d = days(rng), n = static_cast<std::int32_t>(rng() % 400);
    INFO(iso(d) << " - " << n);
    std::int32_t e = add(cn, d, -n);
    REQUIRE(e == naive.add_back(d, n));
    REQUIRE(add(nullptr, d, -n) == plain.add_back(d, n));
    if (n > 0) {
      REQUIRE(clx_is_working_day(cn, e) == 1);
      std::int32_t next = 0;
      REQUIRE(clx_next_working_day(cn, d, &next) == CLX_OK);
      REQUIRE(add(cn, e, n) == next);  // == d when d is a working day
    }
  }
}

TEST_CASE("huge counts run in bounded time and stop at 9999-12-31", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  Naive naive(cn), plain(nullptr);
  // Millions of working days: the runtime uses closed formulas, the naive model walks (once).
  std::int32_t start = day(2020, 1, 1);
  for (std::int32_t n : {1000000, 2000000}) {
    INFO("n = " << n);
    CHECK(add(cn, start, n) == naive.add(start, n));
    CHECK(add(nullptr, start, n) == plain.add(start, n));
  }
  // The last reachable working day: 9999-12-31 is a Friday.
  std::int64_t max_n = clx_working_days_between(cn, start, CLX_MAX_DAY);
  CHECK(add(cn, start, static_cast<std::int32_t>(max_n)) == CLX_MAX_DAY);
  std::int32_t out = 12345;
  CHECK(clx_add_working_days(cn, start, static_cast<std::int32_t>(max_n + 1), &out) == CLX_E_RANGE);
  CHECK(out == 12345);  // untouched on error
  CHECK(clx_add_working_days(cn, start, INT32_MAX, &out) == CLX_E_RANGE);
  CHECK(clx_add_working_days(nullptr, CLX_MIN_DAY, INT32_MAX, &out) == CLX_E_RANGE);
  // Weekdays from 0001-01-01 (a Monday) to 9999-12-31, counted naively once.
  std::int64_t all = plain.between(CLX_MIN_DAY, CLX_MAX_DAY);
  CHECK(clx_working_days_between(nullptr, CLX_MIN_DAY, CLX_MAX_DAY) == all);
  CHECK(add(nullptr, CLX_MIN_DAY, static_cast<std::int32_t>(all)) == CLX_MAX_DAY);
  CHECK(add(nullptr, CLX_MIN_DAY, 1) == CLX_MIN_DAY + 1);
  // The same backwards, down to 0001-01-01 (a Monday).
  std::int64_t back_n = clx_working_days_between(cn, CLX_MIN_DAY - 1, start - 1);  // all before start
  CHECK(add(cn, start, static_cast<std::int32_t>(-back_n)) == CLX_MIN_DAY);
  CHECK(clx_add_working_days(cn, start, static_cast<std::int32_t>(-back_n - 1), &out) == CLX_E_RANGE);
  CHECK(add(cn, CLX_MAX_DAY, -1000000) == naive.add_back(CLX_MAX_DAY, 1000000));
  // Timing is not asserted (it would be flaky); 100000 calls with n ~ 1.5 million (about 5800
  // years) must simply not take the minutes a day-by-day loop would.
  std::int64_t sum = 0;
  for (int i = 0; i < 100000; ++i) sum += add(cn, start + i % 1000, 1500000 + i);
  CHECK(sum != 0);
}

TEST_CASE("every int32 day is accepted where the API says so", "[runtime][workdays]") {
  // Weekday and working-day predicates are total, even at the int32 extremes (the open end of an
  // interval is INT32_MAX): no overflow, as UBSan would report.
  CHECK(clx_weekday(INT32_MAX) == 4);  // INT32_MAX = 7k + 1, and day 1 was a Friday
  CHECK(clx_weekday(INT32_MIN) == 1);
  CHECK(clx_weekday(INT32_MAX - 1) == 3);
  CHECK(clx_is_working_day(nullptr, INT32_MAX) == 1);
  CHECK(clx_is_working_day(china().get(), INT32_MIN) == 1);
  // 2^32 - 1 days, five sevenths of them weekdays.
  CHECK(clx_working_days_between(nullptr, INT32_MIN, INT32_MAX) == 3067833783LL);
  CHECK(clx_working_days_between(china().get(), INT32_MAX, INT32_MIN) ==
        -(3067833783LL - 89 + 19 + static_cast<std::int64_t>(std::count_if(
                                         china().holidays.begin(), china().holidays.end(),
                                         [](std::int32_t d) { return naive_weekday(d) >= 5; }))));
}

TEST_CASE("deadlines in calendar days move to the next working day", "[runtime][workdays]") {
  const clx_calendar* cn = china().get();
  // Mon 2024-09-16 + 15 days = Tue 1 Oct, a holiday: the period ends on Tue 8 Oct.
  CHECK(deadline_days(cn, day(2024, 9, 16), 15) == day(2024, 10, 8));
  CHECK(deadline_days(nullptr, day(2024, 9, 16), 15) == day(2024, 10, 1));
  // Holidays inside the period are not skipped: Fri 2024-09-20 + 10 = Mon 30 Sep.
  CHECK(deadline_days(cn, day(2024, 9, 20), 10) == day(2024, 9, 30));
  // Ending on a Saturday: Mon 2024-03-04 + 5 = Sat 9 Mar -> Mon 11 Mar; an adjusted working
  // Saturday stays: Mon 2024-05-06 + 5 = Sat 11 May, which works.
  CHECK(deadline_days(cn, day(2024, 3, 4), 5) == day(2024, 3, 11));
  CHECK(deadline_days(cn, day(2024, 5, 6), 5) == day(2024, 5, 11));
  CHECK(deadline_days(cn, day(2024, 5, 6), 0) == day(2024, 5, 6));
  CHECK(deadline_days(cn, day(2024, 5, 5), 0) == day(2024, 5, 6));  // Sunday holiday -> Monday
  std::int32_t out = 0;
  CHECK(clx_next_working_day(cn, day(2024, 10, 1), &out) == CLX_OK);
  CHECK(out == day(2024, 10, 8));
  CHECK(clx_next_working_day(cn, day(2024, 10, 8), &out) == CLX_OK);
  CHECK(out == day(2024, 10, 8));
  CHECK(clx_next_working_day(cn, day(2026, 2, 14), &out) == CLX_OK);  // adjusted Saturday
  CHECK(out == day(2026, 2, 14));
  CHECK(clx_next_working_day(cn, day(2026, 2, 15), &out) == CLX_OK);
  CHECK(out == day(2026, 2, 24));
}

TEST_CASE("working-day errors", "[runtime][workdays]") {
  std::int32_t out = 777;
  CHECK(clx_add_working_days(nullptr, 0, INT32_MIN, &out) == CLX_E_RANGE);  // before 0001-01-01
  CHECK(clx_add_working_days(nullptr, CLX_MIN_DAY, -1, &out) == CLX_E_RANGE);
  CHECK(clx_add_working_days(nullptr, 0, 1, nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_add_working_days(nullptr, CLX_MIN_DAY - 1, 1, &out) == CLX_E_RANGE);
  CHECK(clx_add_working_days(nullptr, CLX_MAX_DAY + 1, 0, &out) == CLX_E_RANGE);
  CHECK(clx_add_working_days(nullptr, INT32_MAX, 1, &out) == CLX_E_RANGE);
  CHECK(clx_add_working_days(nullptr, CLX_MAX_DAY, 1, &out) == CLX_E_RANGE);  // after 9999-12-31
  CHECK(clx_next_working_day(nullptr, CLX_MAX_DAY + 1, &out) == CLX_E_RANGE);
  const std::int32_t last_day_off[] = {CLX_MAX_DAY};  // no working day left after it
  clx_calendar end_of_time{last_day_off, 1, nullptr, 0};
  CHECK(clx_next_working_day(&end_of_time, CLX_MAX_DAY, &out) == CLX_E_RANGE);
  CHECK(clx_deadline_after_days(&end_of_time, CLX_MAX_DAY - 1, 1, &out) == CLX_E_RANGE);
  CHECK(clx_add_working_days(&end_of_time, CLX_MAX_DAY - 2, 2, &out) == CLX_E_RANGE);
  CHECK(clx_next_working_day(nullptr, 0, nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_deadline_after_days(nullptr, 0, -1, &out) == CLX_E_ARGUMENT);
  CHECK(clx_deadline_after_days(nullptr, CLX_MAX_DAY, 1, &out) == CLX_E_RANGE);
  CHECK(clx_deadline_after_days(nullptr, 0, INT32_MAX, &out) == CLX_E_RANGE);
  CHECK(clx_deadline_after_days(nullptr, 0, 1, nullptr) == CLX_E_ARGUMENT);
  CHECK(out == 777);
  CHECK(clx_add_working_days(&end_of_time, CLX_MAX_DAY - 2, 1, &out) == CLX_OK);  // Thursday
  CHECK(out == CLX_MAX_DAY - 1);
  CHECK(clx_add_working_days(nullptr, CLX_MAX_DAY, 0, &out) == CLX_OK);
  CHECK(out == CLX_MAX_DAY);
}

TEST_CASE("calendar_check finds every kind of invalid calendar", "[runtime][workdays]") {
  const std::int32_t sorted[] = {day(2024, 10, 1), day(2024, 10, 2)};
  const std::int32_t unsorted[] = {day(2024, 10, 2), day(2024, 10, 1)};
  const std::int32_t repeated[] = {day(2024, 10, 1), day(2024, 10, 1)};
  const std::int32_t weekend[] = {day(2024, 9, 29)};
  const std::int32_t overlapping[] = {day(2024, 10, 2)};
  const std::int32_t far[] = {CLX_MAX_DAY + 1};
  clx_calendar ok{sorted, 2, weekend, 1};
  CHECK(clx_calendar_check(&ok) == CLX_OK);
  CHECK(clx_calendar_check(nullptr) == CLX_OK);
  clx_calendar c1{unsorted, 2, nullptr, 0};
  CHECK(clx_calendar_check(&c1) == CLX_E_UNSORTED);
  clx_calendar c2{repeated, 2, nullptr, 0};
  CHECK(clx_calendar_check(&c2) == CLX_E_UNSORTED);
  clx_calendar c3{sorted, 2, overlapping, 1};
  CHECK(clx_calendar_check(&c3) == CLX_E_OVERLAP);
  clx_calendar c4{far, 1, nullptr, 0};
  CHECK(clx_calendar_check(&c4) == CLX_E_RANGE);
  clx_calendar c5{nullptr, 0, nullptr, 3};
  CHECK(clx_calendar_check(&c5) == CLX_E_ARGUMENT);
  clx_calendar c6{sorted, 2, unsorted, 2};
  CHECK(clx_calendar_check(&c6) == CLX_E_UNSORTED);
  // A date in both arrays: the workday wins (documented), and nothing crashes.
  CHECK(clx_is_working_day(&c3, day(2024, 10, 2)) == 1);
}

TEST_CASE("invalid calendars still give an answer, in range, without crashing", "[runtime][workdays]") {
  // Unsorted, repeated and overlapping entries: results are unspecified but every call must
  // terminate, stay within the arrays (ASan) and return a date in range or an error.
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::int32_t> days(day(2024, 1, 1), day(2024, 3, 1));
  for (int round = 0; round < 200; ++round) {
    std::vector<std::int32_t> h(rng() % 30), w(rng() % 10);
    for (auto& d : h) d = days(rng);
    for (auto& d : w) d = days(rng);
    clx_calendar cal{h.data(), h.size(), w.data(), w.size()};
    for (int k = 0; k < 20; ++k) {
      std::int32_t d = days(rng), out = 0;
      int status = clx_add_working_days(&cal, d, static_cast<std::int32_t>(rng() % 50), &out);
      CHECK(status == CLX_OK);
      CHECK(out >= d);
      (void)clx_working_days_between(&cal, d, days(rng));
      (void)clx_is_working_day(&cal, d);
    }
  }
}

TEST_CASE("calendar file: comments, blank lines, names, CRLF, BOM, any order", "[runtime][workdays][calendar]") {
  Calendar c = parse(
      "\xEF\xBB\xBF# a header comment\n"
      "\n"
      "   \t  \n"
      "2024-10-02 holiday 国庆节 National Day\r\n"
      "2024-10-01\tholiday\t# no name, a trailing comment\n"
      "  2024-09-29   workday   调休 (Sunday)   \n"
      "2024-10-03 holiday#comment right after the kind\n"
      "2024-10-12 workday");  // no newline at the end
  REQUIRE(c.status == CLX_OK);
  REQUIRE(c.diag_count == 0);
  CHECK(c.holidays == std::vector<std::int32_t>{day(2024, 10, 1), day(2024, 10, 2), day(2024, 10, 3)});
  CHECK(c.workdays == std::vector<std::int32_t>{day(2024, 9, 29), day(2024, 10, 12)});
  CHECK(clx_calendar_check(c.get()) == CLX_OK);

  Calendar reversed = parse("2024-10-07 holiday\n2024-10-05 holiday\n2024-10-06 holiday\n2024-10-01 holiday\n");
  CHECK(reversed.status == CLX_OK);
  CHECK(reversed.holidays ==
        std::vector<std::int32_t>{day(2024, 10, 1), day(2024, 10, 5), day(2024, 10, 6), day(2024, 10, 7)});

  for (const char* empty : {"", "\n", "# only a comment", "\r\n\r\n", "\xEF\xBB\xBF"}) {
    Calendar e = parse(empty);
    CHECK(e.status == CLX_OK);
    CHECK(e.cal.holiday_count == 0);
    CHECK(e.cal.workday_count == 0);
  }
  // No text at all.
  clx_calendar cal{};
  std::size_t n = 99;
  CHECK(clx_calendar_parse(nullptr, 0, nullptr, 0, nullptr, 0, &cal, nullptr, 0, &n) == CLX_OK);
  CHECK(n == 0);
  CHECK(cal.holiday_count == 0);
}

TEST_CASE("calendar file: each error has its line and reason", "[runtime][workdays][calendar]") {
  struct Case {
    const char* line;
    int code;
  };
  const Case cases[] = {
      {"2023-02-29 holiday", CLX_E_CAL_BAD_DATE},        // not a leap year
      {"2024-13-01 holiday", CLX_E_CAL_BAD_DATE},
      {"2024-00-10 holiday", CLX_E_CAL_BAD_DATE},
      {"2024-04-31 holiday", CLX_E_CAL_BAD_DATE},
      {"0000-01-01 holiday", CLX_E_CAL_BAD_DATE},        // no year 0
      {"2024-1-01 holiday", CLX_E_CAL_BAD_DATE},
      {"2024/01/01 holiday", CLX_E_CAL_BAD_DATE},
      {"20240101 holiday", CLX_E_CAL_BAD_DATE},
      {"2024-01-01holiday", CLX_E_CAL_BAD_DATE},
      {"+024-01-01 holiday", CLX_E_CAL_BAD_DATE},
      {"2024-01-0a holiday", CLX_E_CAL_BAD_DATE},
      {"holiday 2024-01-01", CLX_E_CAL_BAD_DATE},
      {"2024-01-01", CLX_E_CAL_MISSING_KIND},
      {"2024-01-01   # a comment", CLX_E_CAL_MISSING_KIND},
      {"2024-01-01 Holiday", CLX_E_CAL_UNKNOWN_KIND},     // keywords are lower case
      {"2024-01-01 holidays", CLX_E_CAL_UNKNOWN_KIND},
      {"2024-01-01 rest", CLX_E_CAL_UNKNOWN_KIND},
      {"2024-01-01 假日", CLX_E_CAL_UNKNOWN_KIND},
      {"2024-10-08 workday", CLX_E_CAL_WORKDAY_NOT_WEEKEND},  // a Tuesday
  };
  for (const Case& k : cases) {
    INFO(k.line);
    std::string text = std::string("# header\n2024-10-01 holiday\n") + k.line + "\n2024-10-02 holiday\n";
    Calendar c = parse(text);
    CHECK(c.status == k.code);
    REQUIRE(c.diag_count == 1);
    CHECK(c.diags[0].code == k.code);
    CHECK(c.diags[0].line == 3);
    // The good lines around the bad one are still read.
    CHECK(c.holidays == std::vector<std::int32_t>{day(2024, 10, 1), day(2024, 10, 2)});
    CHECK(std::string(clx_status_message(k.code)).size() > 10);
  }
  // The message names the problem in plain words.
  CHECK(std::string(clx_status_message(CLX_E_CAL_BAD_DATE)).find("bad date") == 0);
  CHECK(std::string(clx_status_message(CLX_E_CAL_UNKNOWN_KIND)).find("unknown kind") == 0);
  CHECK(std::string(clx_status_message(CLX_E_CAL_DUPLICATE)).find("duplicate date") == 0);
  CHECK(std::string(clx_status_message(CLX_E_CAL_BOTH)).find("both") != std::string::npos);
  CHECK(std::string(clx_status_message(9999)) == "unknown status code");
}

TEST_CASE("calendar file: duplicates and dates listed as both kinds", "[runtime][workdays][calendar]") {
  Calendar c = parse(
      "2024-09-29 workday\n"   // 1
      "2024-10-01 holiday\n"   // 2
      "2024-10-01 holiday\n"   // 3 duplicate
      "2024-09-29 holiday\n"   // 4 both (already a workday)
      "2024-10-05 holiday\n"   // 5 (a Saturday: allowed)
      "2024-10-05 workday\n"   // 6 both (already a holiday)
      "2024-09-29 workday\n"); // 7 duplicate
  CHECK(c.status == CLX_E_CAL_DUPLICATE);  // the first problem
  REQUIRE(c.diag_count == 4);
  CHECK(c.diags[0].code == CLX_E_CAL_DUPLICATE);
  CHECK(c.diags[0].line == 3);
  CHECK(c.diags[0].day == day(2024, 10, 1));
  CHECK(c.diags[1].code == CLX_E_CAL_BOTH);
  CHECK(c.diags[1].line == 4);
  CHECK(c.diags[1].day == day(2024, 9, 29));
  CHECK(c.diags[2].code == CLX_E_CAL_BOTH);
  CHECK(c.diags[2].line == 6);
  CHECK(c.diags[3].code == CLX_E_CAL_DUPLICATE);
  CHECK(c.diags[3].line == 7);
  CHECK(c.holidays == std::vector<std::int32_t>{day(2024, 10, 1), day(2024, 10, 5)});
  CHECK(c.workdays == std::vector<std::int32_t>{day(2024, 9, 29)});
  CHECK(clx_calendar_check(c.get()) == CLX_OK);  // what was accepted is a valid calendar
}

TEST_CASE("calendar file: diagnostics beyond the capacity are counted, not stored", "[runtime][workdays][calendar]") {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "bad line\n";
  Calendar c = parse(text, 0, 3);
  CHECK(c.status == CLX_E_CAL_BAD_DATE);
  CHECK(c.diag_count == 10);
  REQUIRE(c.diags.size() == 3);
  CHECK(c.diags[2].line == 3);
  CHECK(c.diags[2].day == CLX_NO_DAY);
  Calendar none = parse(text, 0, 0);  // no room at all: still counted
  CHECK(none.diag_count == 10);
  CHECK(none.status == CLX_E_CAL_BAD_DATE);
  // The status is the first problem's, not the last one's.
  Calendar mixed = parse("2024-10-01 rest\n2024-13-01 holiday\n2024-10-08 workday\n", 0, 0);
  CHECK(mixed.diag_count == 3);
  CHECK(mixed.status == CLX_E_CAL_UNKNOWN_KIND);
}

TEST_CASE("calendar file: too many entries for the caller's arrays", "[runtime][workdays][calendar]") {
  Calendar c = parse("2024-10-01 holiday\n2024-10-02 holiday\n2024-10-03 holiday\n2024-10-05 workday\n", 2);
  CHECK(c.status == CLX_E_CAL_TOO_MANY);
  REQUIRE(c.diag_count == 1);
  CHECK(c.diags[0].line == 3);
  CHECK(c.holidays.size() == 2);
  CHECK(c.workdays == std::vector<std::int32_t>{day(2024, 10, 5)});  // the other array had room
}

TEST_CASE("calendar file: bad arguments", "[runtime][workdays][calendar]") {
  std::int32_t h[4], w[4];
  clx_calendar cal{};
  clx_calendar_diagnostic d[2];
  std::size_t n = 0;
  const char text[] = "2024-10-01 holiday\n";
  CHECK(clx_calendar_parse(nullptr, 5, h, 4, w, 4, &cal, d, 2, &n) == CLX_E_ARGUMENT);
  CHECK(clx_calendar_parse(text, sizeof text - 1, nullptr, 4, w, 4, &cal, d, 2, &n) == CLX_E_ARGUMENT);
  CHECK(clx_calendar_parse(text, sizeof text - 1, h, 4, nullptr, 4, &cal, d, 2, &n) == CLX_E_ARGUMENT);
  CHECK(clx_calendar_parse(text, sizeof text - 1, h, 4, w, 4, nullptr, d, 2, &n) == CLX_E_ARGUMENT);
  CHECK(clx_calendar_parse(text, sizeof text - 1, h, 4, w, 4, &cal, nullptr, 2, &n) == CLX_E_ARGUMENT);
  CHECK(clx_calendar_parse(text, sizeof text - 1, h, 4, w, 4, &cal, d, 2, nullptr) == CLX_E_ARGUMENT);
  // Null arrays with capacity 0 are fine: every entry is then "too many".
  CHECK(clx_calendar_parse(text, sizeof text - 1, nullptr, 0, nullptr, 0, &cal, d, 2, &n) == CLX_E_CAL_TOO_MANY);
  CHECK(n == 1);
}

TEST_CASE("calendar file: arbitrary bytes never crash the parser", "[runtime][workdays][calendar]") {
  // Random mutations of a valid file, NUL bytes included, plus pure noise; under ASan/UBSan any
  // out-of-bounds read or overflow fails the run. Whatever is accepted is a valid calendar.
  const std::string base = read_file(CREDLEX_SOURCE_DIR "/runtime/calendars/cn-2024-2026.txt");
  REQUIRE(!base.empty());
  std::mt19937 rng(42);
  const char alphabet[] = "0123456789-# \t\r\nholidaywrk\xEF\xBB\xBF\x00\xFF";
  for (int round = 0; round < 300; ++round) {
    std::string text = round % 3 == 0 ? std::string() : base;
    std::size_t edits = 1 + rng() % 40;
    for (std::size_t e = 0; e < edits; ++e) {
      char ch = alphabet[rng() % (sizeof alphabet - 1)];
      std::size_t at = text.empty() ? 0 : rng() % text.size();
      switch (rng() % 3) {
        case 0: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), ch); break;
        case 1: if (!text.empty()) text[at] = ch; break;
        default: if (!text.empty()) text.erase(at, 1 + rng() % 8); break;
      }
    }
    // Copy into an exactly sized heap buffer so that ASan catches a read past the end.
    std::vector<char> exact(text.begin(), text.end());
    Calendar c;
    std::size_t cap = text.size() + 1;
    c.holidays.assign(cap, 0);
    c.workdays.assign(cap, 0);
    std::vector<clx_calendar_diagnostic> diags(4);
    std::size_t count = 0;
    int status = clx_calendar_parse(exact.empty() ? nullptr : exact.data(), exact.size(), c.holidays.data(), cap,
                                    c.workdays.data(), cap, &c.cal, diags.data(), diags.size(), &count);
    CHECK((status == CLX_OK) == (count == 0));
    CHECK(clx_calendar_check(&c.cal) == CLX_OK);
    for (std::size_t k = 0; k < std::min<std::size_t>(count, diags.size()); ++k) {
      CHECK(diags[k].line >= 1);
      CHECK(diags[k].code >= CLX_E_CAL_BAD_DATE);
      CHECK(diags[k].code <= CLX_E_CAL_TOO_MANY);
    }
  }
}
