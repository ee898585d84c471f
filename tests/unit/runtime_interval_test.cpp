// Half-open day intervals (runtime/include/credlex/interval.h), checked by hand on edge cases and
// against a naive model (sets of days) on random inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "credlex/interval.h"

// In the global namespace, where argument-dependent lookup finds them for clx_interval (a C type).
static bool operator==(const clx_interval& a, const clx_interval& b) { return a.start == b.start && a.end == b.end; }

static std::ostream& operator<<(std::ostream& os, const clx_interval& a) {
  return os << "[" << a.start << ", " << (a.end == CLX_OPEN_END ? std::string("open") : std::to_string(a.end)) << ")";
}

namespace {

clx_interval iv(std::int32_t start, std::int32_t end) { return clx_interval{start, end}; }

std::vector<clx_interval> merged(std::vector<clx_interval> items) {
  std::size_t n = 12345;
  REQUIRE(clx_interval_merge(items.data(), items.size(), &n) == CLX_OK);
  REQUIRE(n <= items.size());
  items.resize(n);
  return items;
}

std::set<std::int32_t> days_of(const std::vector<clx_interval>& items) {
  std::set<std::int32_t> s;
  for (const clx_interval& a : items)
    for (std::int32_t d = a.start; d < a.end; ++d) s.insert(d);
  return s;
}

}  // namespace

TEST_CASE("contains: the start is in, the end is out", "[runtime][interval]") {
  clx_interval a = iv(10, 20);
  CHECK_FALSE(clx_interval_contains(&a, 9));
  CHECK(clx_interval_contains(&a, 10));
  CHECK(clx_interval_contains(&a, 19));
  CHECK_FALSE(clx_interval_contains(&a, 20));
  // Same-day start and end: empty, contains nothing.
  clx_interval same = iv(10, 10);
  CHECK(clx_interval_is_empty(&same));
  CHECK_FALSE(clx_interval_contains(&same, 10));
  clx_interval reversed = iv(20, 10);
  CHECK(clx_interval_is_empty(&reversed));
  CHECK_FALSE(clx_interval_contains(&reversed, 15));
  // One day.
  clx_interval one = iv(10, 11);
  CHECK_FALSE(clx_interval_is_empty(&one));
  CHECK(clx_interval_contains(&one, 10));
  CHECK_FALSE(clx_interval_contains(&one, 11));
  // Open-ended: every day from the start, up to (not including) INT32_MAX.
  clx_interval open = iv(10, CLX_OPEN_END);
  CHECK(clx_interval_is_open_ended(&open));
  CHECK_FALSE(clx_interval_is_open_ended(&a));
  CHECK(clx_interval_contains(&open, 2932896));  // 9999-12-31
  CHECK(clx_interval_contains(&open, INT32_MAX - 1));
  CHECK_FALSE(clx_interval_contains(&open, INT32_MAX));
  CHECK_FALSE(clx_interval_contains(&open, 9));
  clx_interval open_empty = iv(CLX_OPEN_END, CLX_OPEN_END);
  CHECK(clx_interval_is_empty(&open_empty));
  CHECK_FALSE(clx_interval_is_open_ended(&open_empty));
  clx_interval everything = iv(INT32_MIN, CLX_OPEN_END);
  CHECK(clx_interval_contains(&everything, INT32_MIN));
  CHECK(clx_interval_contains(&everything, 0));
}

TEST_CASE("overlap: touching intervals do not overlap", "[runtime][interval]") {
  clx_interval ab = iv(10, 20), bc = iv(20, 30), overlap_one = iv(19, 30), inside = iv(12, 15);
  CHECK_FALSE(clx_interval_overlaps(&ab, &bc));
  CHECK_FALSE(clx_interval_overlaps(&bc, &ab));
  CHECK(clx_interval_overlaps(&ab, &overlap_one));
  CHECK(clx_interval_overlaps(&overlap_one, &ab));
  CHECK(clx_interval_overlaps(&ab, &inside));
  CHECK(clx_interval_overlaps(&inside, &ab));
  CHECK(clx_interval_overlaps(&ab, &ab));
  clx_interval far = iv(40, 50);
  CHECK_FALSE(clx_interval_overlaps(&ab, &far));
  // Empty intervals overlap nothing, not even an interval around them, nor themselves.
  clx_interval empty = iv(15, 15), reversed = iv(18, 12);
  CHECK_FALSE(clx_interval_overlaps(&ab, &empty));
  CHECK_FALSE(clx_interval_overlaps(&empty, &ab));
  CHECK_FALSE(clx_interval_overlaps(&empty, &empty));
  CHECK_FALSE(clx_interval_overlaps(&ab, &reversed));
  // Open-ended.
  clx_interval open = iv(25, CLX_OPEN_END), open2 = iv(1000, CLX_OPEN_END);
  CHECK(clx_interval_overlaps(&open, &bc));
  CHECK_FALSE(clx_interval_overlaps(&open, &ab));
  CHECK(clx_interval_overlaps(&open, &open2));
  clx_interval starts_at_end = iv(20, CLX_OPEN_END);
  CHECK_FALSE(clx_interval_overlaps(&ab, &starts_at_end));
}

TEST_CASE("intersection", "[runtime][interval]") {
  clx_interval out = iv(-1, -1);
  clx_interval a = iv(10, 20), b = iv(15, 30);
  CHECK(clx_interval_intersect(&a, &b, &out) == 1);
  CHECK(out == iv(15, 20));
  clx_interval bc = iv(20, 30);
  CHECK(clx_interval_intersect(&a, &bc, &out) == 0);  // touching
  CHECK(out == iv(20, 20));
  clx_interval far = iv(40, 50);
  CHECK(clx_interval_intersect(&a, &far, &out) == 0);
  CHECK(out == iv(40, 40));
  CHECK(clx_interval_is_empty(&out));
  clx_interval open = iv(12, CLX_OPEN_END);
  CHECK(clx_interval_intersect(&a, &open, &out) == 1);
  CHECK(out == iv(12, 20));
  clx_interval open2 = iv(5, CLX_OPEN_END);
  CHECK(clx_interval_intersect(&open, &open2, &out) == 1);
  CHECK(out == iv(12, CLX_OPEN_END));
  CHECK(clx_interval_is_open_ended(&out));
  // out may alias an input.
  clx_interval x = iv(0, 100);
  CHECK(clx_interval_intersect(&x, &a, &x) == 1);
  CHECK(x == iv(10, 20));
  // Null pointers.
  CHECK(clx_interval_intersect(nullptr, &a, &out) == 0);
  CHECK(clx_interval_intersect(&a, nullptr, &out) == 0);
  CHECK(clx_interval_intersect(&a, &b, nullptr) == 0);
}

TEST_CASE("length in days, with a sentinel for open-ended intervals", "[runtime][interval]") {
  clx_interval a = iv(10, 20), one = iv(10, 11), empty = iv(10, 10), reversed = iv(20, 10);
  CHECK(clx_interval_length(&a) == 10);
  CHECK(clx_interval_length(&one) == 1);
  CHECK(clx_interval_length(&empty) == 0);
  CHECK(clx_interval_length(&reversed) == 0);
  clx_interval open = iv(10, CLX_OPEN_END);
  CHECK(clx_interval_length(&open) == CLX_LENGTH_UNBOUNDED);
  CHECK(CLX_LENGTH_UNBOUNDED == -1);
  clx_interval open_empty = iv(CLX_OPEN_END, CLX_OPEN_END);
  CHECK(clx_interval_length(&open_empty) == 0);
  // The widest bounded interval: 2^32 - 2 days, no int32 overflow.
  clx_interval widest = iv(INT32_MIN, INT32_MAX - 1);
  CHECK(clx_interval_length(&widest) == INT64_C(4294967294));
  CHECK(clx_interval_length(nullptr) == 0);
}

TEST_CASE("merging a sorted array in place", "[runtime][interval]") {
  CHECK(merged({}).empty());
  CHECK(merged({iv(1, 5)}) == std::vector<clx_interval>{iv(1, 5)});
  // Touching intervals cover the same days as one interval.
  CHECK(merged({iv(1, 5), iv(5, 9)}) == std::vector<clx_interval>{iv(1, 9)});
  CHECK(merged({iv(1, 5), iv(6, 9)}) == std::vector<clx_interval>{iv(1, 5), iv(6, 9)});  // a gap of one day
  CHECK(merged({iv(1, 5), iv(3, 9)}) == std::vector<clx_interval>{iv(1, 9)});
  CHECK(merged({iv(1, 10), iv(2, 3), iv(4, 5)}) == std::vector<clx_interval>{iv(1, 10)});  // nested
  CHECK(merged({iv(1, 5), iv(1, 3), iv(1, 8)}) == std::vector<clx_interval>{iv(1, 8)});    // equal starts
  CHECK(merged({iv(1, 5), iv(3, CLX_OPEN_END), iv(100, 200)}) == std::vector<clx_interval>{iv(1, CLX_OPEN_END)});
  CHECK(merged({iv(1, 5), iv(7, 7), iv(2, 2), iv(5, 6)}) == std::vector<clx_interval>{iv(1, 6)});  // empties dropped
  CHECK(merged({iv(3, 3), iv(9, 1)}).empty());
  CHECK(merged({iv(INT32_MIN, 0), iv(0, CLX_OPEN_END)}) == std::vector<clx_interval>{iv(INT32_MIN, CLX_OPEN_END)});
  // Empty intervals may sit anywhere, even out of order.
  CHECK(merged({iv(1, 5), iv(0, 0), iv(4, 8)}) == std::vector<clx_interval>{iv(1, 8)});
}

TEST_CASE("merge errors leave the array unchanged", "[runtime][interval]") {
  std::vector<clx_interval> items = {iv(5, 9), iv(1, 3), iv(10, 12)};
  std::vector<clx_interval> before = items;
  std::size_t n = 77;
  CHECK(clx_interval_merge(items.data(), items.size(), &n) == CLX_E_UNSORTED);
  CHECK(items == before);
  CHECK(n == 77);
  CHECK(clx_interval_merge(nullptr, 3, &n) == CLX_E_ARGUMENT);
  CHECK(clx_interval_merge(items.data(), items.size(), nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_interval_merge(nullptr, 0, &n) == CLX_OK);
  CHECK(n == 0);
}

TEST_CASE("merge agrees with a set of days on random inputs", "[runtime][interval]") {
  std::mt19937 rng(99);
  std::uniform_int_distribution<std::int32_t> pos(-30, 30);
  for (int round = 0; round < 3000; ++round) {
    std::vector<clx_interval> items(rng() % 12);
    for (auto& a : items) {
      std::int32_t s = pos(rng), e = pos(rng);
      a = iv(s, rng() % 5 == 0 ? s : e);  // some empty, some reversed
    }
    std::stable_sort(items.begin(), items.end(), [](const clx_interval& a, const clx_interval& b) {
      return a.start < b.start;
    });
    std::vector<clx_interval> out = merged(items);
    INFO("round " << round);
    CHECK(days_of(out) == days_of(items));
    for (std::size_t i = 0; i < out.size(); ++i) {
      CHECK_FALSE(clx_interval_is_empty(&out[i]));
      if (i > 0) CHECK(out[i - 1].end < out[i].start);  // disjoint and not touching
    }
    // Pairwise predicates against the day sets.
    if (items.size() >= 2) {
      const clx_interval &a = items[0], &b = items[1];
      std::set<std::int32_t> da = days_of({a}), db = days_of({b}), both;
      std::set_intersection(da.begin(), da.end(), db.begin(), db.end(), std::inserter(both, both.end()));
      CHECK(static_cast<bool>(clx_interval_overlaps(&a, &b)) == !both.empty());
      clx_interval x;
      CHECK(static_cast<bool>(clx_interval_intersect(&a, &b, &x)) == !both.empty());
      CHECK(days_of({x}) == both);
      CHECK(clx_interval_length(&a) == static_cast<std::int64_t>(da.size()));
      for (std::int32_t d = -31; d <= 31; ++d) CHECK(static_cast<bool>(clx_interval_contains(&a, d)) == (da.count(d) == 1));
    }
  }
}

TEST_CASE("interval predicates with null pointers answer 0", "[runtime][interval]") {
  clx_interval a = iv(1, 5);
  CHECK(clx_interval_is_empty(nullptr) == 0);
  CHECK(clx_interval_is_open_ended(nullptr) == 0);
  CHECK(clx_interval_contains(nullptr, 1) == 0);
  CHECK(clx_interval_overlaps(nullptr, &a) == 0);
  CHECK(clx_interval_overlaps(&a, nullptr) == 0);
}
