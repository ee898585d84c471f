// The civil calendar of the runtime (runtime/include/credlex/civil_date.h), checked against an
// independent, deliberately naive model of the Gregorian calendar written here (count the days
// one by one), and against dates whose day numbers and weekdays are well known.
#include <catch2/catch.hpp>

#include <cstdint>
#include <tuple>

#include "credlex/civil_date.h"

namespace {

// The naive model: the Gregorian rules spelled out, nothing shared with the runtime.
bool naive_leap(int y) {
  if (y % 400 == 0) return true;
  if (y % 100 == 0) return false;
  return y % 4 == 0;
}

int naive_days_in_month(int y, int m) {
  switch (m) {
    case 1: case 3: case 5: case 7: case 8: case 10: case 12: return 31;
    case 4: case 6: case 9: case 11: return 30;
    default: return naive_leap(y) ? 29 : 28;
  }
}

struct Ymd {
  std::int32_t y, m, d;
  bool operator==(const Ymd& o) const { return y == o.y && m == o.m && d == o.d; }
};

Ymd civil(std::int32_t days) {
  Ymd r{0, 0, 0};
  clx_civil_from_days(days, &r.y, &r.m, &r.d);
  return r;
}

std::int32_t day(std::int32_t y, std::int32_t m, std::int32_t d) { return clx_days_from_civil(y, m, d); }

}  // namespace

TEST_CASE("day 0 is 1970-01-01, and the days around it", "[runtime][date]") {
  CHECK(day(1970, 1, 1) == 0);
  CHECK(civil(0) == Ymd{1970, 1, 1});
  CHECK(day(1970, 1, 2) == 1);
  CHECK(day(1969, 12, 31) == -1);
  CHECK(civil(-1) == Ymd{1969, 12, 31});
  CHECK(day(1971, 1, 1) == 365);  // 1970 is not a leap year
  CHECK(day(1973, 1, 1) == 365 + 365 + 366);  // 1972 is
}

TEST_CASE("well-known day numbers", "[runtime][date]") {
  // 30 years from 1970 to 2000, seven of them leap (72 76 80 84 88 92 96).
  CHECK(day(2000, 1, 1) == 30 * 365 + 7);
  CHECK(day(2000, 1, 1) == 10957);
  CHECK(day(2000, 3, 1) - day(2000, 2, 28) == 2);  // 2000-02-29 exists
  CHECK(day(1900, 3, 1) - day(1900, 2, 28) == 1);  // 1900-02-29 does not
  CHECK(day(2024, 2, 29) == 19782);
  // 0001-01-01 to 1970-01-01: 1969 years of 365 days plus 477 leap days (492 - 19 + 4).
  CHECK(day(1, 1, 1) == -(1969 * 365 + 477));
  CHECK(day(9999, 12, 31) == 2932896);
  CHECK(civil(2932896) == Ymd{9999, 12, 31});
  CHECK(civil(-719162) == Ymd{1, 1, 1});
}

TEST_CASE("leap years follow the Gregorian rule", "[runtime][date]") {
  CHECK_FALSE(clx_is_leap_year(1900));
  CHECK_FALSE(clx_is_leap_year(2100));
  CHECK(clx_is_leap_year(2000));
  CHECK(clx_is_leap_year(1600));
  CHECK(clx_is_leap_year(2024));
  CHECK(clx_is_leap_year(4));
  CHECK_FALSE(clx_is_leap_year(2023));
  CHECK_FALSE(clx_is_leap_year(1));
  for (int y = 1; y <= 9999; ++y) {
    INFO("year " << y);
    REQUIRE(static_cast<bool>(clx_is_leap_year(y)) == naive_leap(y));
  }
  CHECK(clx_days_in_month(1900, 2) == 28);
  CHECK(clx_days_in_month(2000, 2) == 29);
  CHECK(clx_days_in_month(2024, 2) == 29);
  CHECK(clx_days_in_month(2023, 2) == 28);
  CHECK(clx_days_in_month(2023, 4) == 30);
  CHECK(clx_days_in_month(2023, 12) == 31);
  CHECK(clx_days_in_month(2023, 0) == 0);
  CHECK(clx_days_in_month(2023, 13) == 0);
}

// Every day from 0001-01-01 to 9999-12-31, walked one by one with the naive model: the day
// number grows by one each step, and the conversion back gives the same date. (All 3.65 million
// days: it takes well under a second.)
TEST_CASE("round trip over every day of years 1 to 9999", "[runtime][date]") {
  std::int32_t expected = day(1, 1, 1);
  std::int64_t count = 0, mismatches = 0;
  bool passed_epoch = false;
  for (int y = 1; y <= 9999; ++y)
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= naive_days_in_month(y, m); ++d, ++expected, ++count) {
        if (y == 1970 && m == 1 && d == 1) passed_epoch = expected == 0;
        bool ok = clx_date_is_valid(y, m, d) && day(y, m, d) == expected && civil(expected) == Ymd{y, m, d};
        if (!ok && mismatches++ < 5) FAIL_CHECK("mismatch at " << y << "-" << m << "-" << d << " (day " << expected << ")");
      }
  CHECK(mismatches == 0);
  CHECK(passed_epoch);
  // 400 years are exactly 146097 days; 9999 years are 24 such cycles less one year (the
  // 400th year of a cycle, 10000, is a leap year).
  CHECK(count == 25 * 146097 - 366);
}

TEST_CASE("civil_from_days accepts null outputs", "[runtime][date]") {
  std::int32_t y = 0;
  clx_civil_from_days(19782, &y, nullptr, nullptr);
  CHECK(y == 2024);
  std::int32_t d = 0;
  clx_civil_from_days(19782, nullptr, nullptr, &d);
  CHECK(d == 29);
  clx_civil_from_days(19782, nullptr, nullptr, nullptr);  // must not crash
}

TEST_CASE("adding months clamps to the end of the month", "[runtime][date]") {
  auto add = [](int y, int m, int d, int months) { return civil(clx_add_months(day(y, m, d), months)); };
  CHECK(add(2020, 1, 31, 1) == Ymd{2020, 2, 29});  // leap year
  CHECK(add(2021, 1, 31, 1) == Ymd{2021, 2, 28});
  CHECK(add(1900, 1, 31, 1) == Ymd{1900, 2, 28});  // 1900 is not a leap year
  CHECK(add(2000, 1, 31, 1) == Ymd{2000, 2, 29});  // 2000 is
  CHECK(add(2020, 1, 31, 3) == Ymd{2020, 4, 30});
  CHECK(add(2020, 1, 15, 1) == Ymd{2020, 2, 15});
  CHECK(add(2020, 5, 31, 0) == Ymd{2020, 5, 31});
  CHECK(add(2020, 11, 30, 2) == Ymd{2021, 1, 30});  // across a year end
  CHECK(add(2020, 2, 29, 12) == Ymd{2021, 2, 28});  // a year later there is no 29 February
  CHECK(add(2020, 2, 29, 48) == Ymd{2024, 2, 29});
  CHECK(add(2017, 5, 1, 24) == Ymd{2019, 5, 1});
  // Clamping does not carry over: Jan 31 + 1 + 1 month is Mar 29, not Mar 31.
  CHECK(civil(clx_add_months(clx_add_months(day(2020, 1, 31), 1), 1)) == Ymd{2020, 3, 29});
}

TEST_CASE("adding negative months", "[runtime][date]") {
  auto add = [](int y, int m, int d, int months) { return civil(clx_add_months(day(y, m, d), months)); };
  CHECK(add(2020, 3, 31, -1) == Ymd{2020, 2, 29});
  CHECK(add(2021, 3, 31, -1) == Ymd{2021, 2, 28});
  CHECK(add(2020, 1, 15, -1) == Ymd{2019, 12, 15});  // across a year start
  CHECK(add(2020, 1, 31, -13) == Ymd{2018, 12, 31});
  CHECK(add(2020, 2, 29, -12) == Ymd{2019, 2, 28});
  CHECK(add(2020, 12, 31, -10) == Ymd{2020, 2, 29});
  CHECK(add(1970, 1, 1, -1) == Ymd{1969, 12, 1});   // before day 0
  CHECK(add(1, 2, 28, -1) == Ymd{1, 1, 28});        // the first month of the calendar
  CHECK(add(9999, 12, 31, -119976) == Ymd{1, 12, 31});  // 9998 years back
  // Going forward and back again lands on the same day when no clamping happened.
  for (int months : {-1200, -25, -1, 1, 7, 1200}) CHECK(clx_add_months(clx_add_months(day(2001, 6, 15), months), -months) == day(2001, 6, 15));
}

TEST_CASE("weekdays of known dates (0 = Monday)", "[runtime][date]") {
  CHECK(clx_weekday(day(1970, 1, 1)) == 3);   // a Thursday
  CHECK(clx_weekday(day(1969, 12, 31)) == 2); // a Wednesday, before day 0
  CHECK(clx_weekday(day(2000, 1, 1)) == 5);   // a Saturday
  CHECK(clx_weekday(day(2024, 2, 29)) == 3);  // a Thursday
  CHECK(clx_weekday(day(2001, 9, 11)) == 1);  // a Tuesday
  CHECK(clx_weekday(day(1949, 10, 1)) == 5);  // a Saturday
  CHECK(clx_weekday(day(1, 1, 1)) == 0);      // proleptic Gregorian: a Monday
  CHECK(clx_weekday(day(9999, 12, 31)) == 4); // a Friday
  // Consecutive days cycle through the week, also across negative day numbers.
  for (std::int32_t n = -800000; n < 3000000; n += 99991) {
    INFO("day " << n);
    CHECK(clx_weekday(n + 1) == (clx_weekday(n) + 1) % 7);
    CHECK(clx_weekday(n + 7) == clx_weekday(n));
    CHECK(clx_weekday(n) >= 0);
    CHECK(clx_weekday(n) <= 6);
  }
}

TEST_CASE("invalid dates are rejected", "[runtime][date]") {
  CHECK(clx_date_is_valid(2024, 2, 29));
  CHECK(clx_date_is_valid(2000, 2, 29));
  CHECK(clx_date_is_valid(1, 1, 1));
  CHECK(clx_date_is_valid(9999, 12, 31));
  CHECK_FALSE(clx_date_is_valid(2023, 2, 29));
  CHECK_FALSE(clx_date_is_valid(1900, 2, 29));
  CHECK_FALSE(clx_date_is_valid(2021, 2, 30));
  CHECK_FALSE(clx_date_is_valid(2021, 4, 31));
  CHECK_FALSE(clx_date_is_valid(2021, 1, 32));
  CHECK_FALSE(clx_date_is_valid(2021, 1, 0));
  CHECK_FALSE(clx_date_is_valid(2021, 0, 1));
  CHECK_FALSE(clx_date_is_valid(2021, 13, 1));
  CHECK_FALSE(clx_date_is_valid(0, 1, 1));      // there is no year 0 in credlex
  CHECK_FALSE(clx_date_is_valid(10000, 1, 1));
  CHECK_FALSE(clx_date_is_valid(-1, 1, 1));
  CHECK_FALSE(clx_date_is_valid(2021, -1, 1));
  CHECK_FALSE(clx_date_is_valid(2021, 1, -1));
  CHECK_FALSE(clx_date_is_valid(INT32_MAX, INT32_MAX, INT32_MAX));
  CHECK_FALSE(clx_date_is_valid(INT32_MIN, 1, 1));
}
