// The reference interpreter's time: working days (with and without a holiday calendar), sliding
// `within` windows (the days an event leaves a window are visited even when nothing happens on
// them), reach at the edges of a relation, and agreement with the runtime it calls. The rules are
// in compiler/ir/README.md ("The steps", "Runtime calls").
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/calendar_file.h"
#include "compiler/ir/interpret.h"
#include "credlex/civil_date.h"
#include "credlex/working_days.h"
#include "lowered.h"
#include "ir_testing.h"

using namespace credlex;
using namespace credlex::testing;

namespace {

const char* kNational = R"(policy nat "National" basic list
document law "National law"
entity Person { birth_date: date }
measure restrict "Restrict" {
  basis law art 1
  category consumption
  severity 3
  applies to Person
  while listed
}
measure record "Record" {
  basis law art 3
  category credit_record
  severity 1
  applies to Person
  until restored
}
)";

const char* kHead = R"(policy t "Test"
use "nat.clx" as nat
document rules "Local rules"
event offence for Person { case: text }
event paid for Person { case: text }
event applied for Person { case: text }
event probe for Person {
  shift: duration
  forward: date
  back: date
}
param lookback: duration = 1 year basis rules art 1
param lookback: duration = 6 months from 2021-01-01 basis rules art 2
)";

std::unique_ptr<Lowered> compile(const std::string& body) {
  return lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", std::string(kHead) + body}, {"nat.clx", kNational}});
}



struct Builder {
  const ir::Policy& p;
  ir::History h;
  explicit Builder(const ir::Policy& policy) : p(policy), h(entity(policy, "p", "Person")) {}

  Builder& on(const std::string& date, const std::string& event, std::vector<std::pair<std::string, ir::Value>> fields) {
    h.events.push_back(testing::event(p, date, event, std::move(fields)));
    return *this;
  }

  Builder& ev(const std::string& date, const std::string& event, const char* c = "A") {
    return on(date, event, {{"case", ir::Value::of_text(c)}});
  }
  ir::Timeline run(const ir::RunOptions& options = {}) const { return ir::run(p, h, options); }
  ir::Timeline run_cn() const { return run(ir::RunOptions{china().get()}); }
};


// Removal and decision deadlines in working days; restoration is never granted (after 10 years),
// so the listing stays open and each decision only records its deadline.
const char* kDeadlines = R"(list debtors of Person {
  basis rules art 10
  include on offence e until removed
  remove on paid p when p.case == cause.case within 3 working days basis rules art 11
}
list short of Person {
  basis rules art 12
  include on offence e for 3 working days
}
restoration debtors {
  basis rules art 30
  eligible after 10 years
  on applied decide within 2 working days
}
)";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Working days

TEST_CASE("working days: removal and decision deadlines across a weekend", "[ir][run]") {
  auto c = compile(kDeadlines);
  const auto& p = c->policy;
  // Removal on Thursday 2020-06-04: Fri 5 = 1, (Sat 6, Sun 7), Mon 8 = 2, Tue 9 = 3.
  CHECK(brief(p, Builder(p).ev("2020-06-01", "offence").ev("2020-06-04", "paid").run()) ==
        "in debtors [2020-06-01, 2020-06-04) removal due 2020-06-09\n"
        "in short [2020-06-01, 2020-06-04) period\n");
  // Removal on a Saturday: counting starts on Sunday, which does not count: Mon, Tue, Wed.
  CHECK(brief(p, Builder(p).ev("2020-06-01", "offence").ev("2020-06-06", "paid").run()) ==
        "in debtors [2020-06-01, 2020-06-06) removal due 2020-06-10\n"
        "in short [2020-06-01, 2020-06-04) period\n");
  // A listing `for 3 working days` from a Friday ends on Wednesday.
  CHECK(brief(p, Builder(p).ev("2020-06-05", "offence").run()) ==
        "in debtors [2020-06-05, open) open\n"
        "in short [2020-06-05, 2020-06-10) period\n");
  // Decisions: Thursday + 2 working days = Monday; Sunday + 2 = Tuesday; Friday + 2 = Tuesday.
  CHECK(brief(p, Builder(p)
                     .ev("2020-06-01", "offence")
                     .ev("2020-06-04", "applied")
                     .ev("2020-06-07", "applied")
                     .ev("2020-06-12", "applied")
                     .run()) ==
        "in debtors [2020-06-01, open) open\n"
        "in short [2020-06-01, 2020-06-04) period\n"
        "decision #0 2020-06-04 refused: too early earliest 2030-06-01 due 2020-06-08\n"
        "decision #0 2020-06-07 refused: too early earliest 2030-06-01 due 2020-06-09\n"
        "decision #0 2020-06-12 refused: too early earliest 2030-06-01 due 2020-06-16\n");
}

TEST_CASE("working days with China's calendar: National Day 2024 and its make-up working days", "[ir][run]") {
  auto c = compile(kDeadlines);
  const auto& p = c->policy;
  Builder b(p);
  b.ev("2024-09-02", "offence")
      .ev("2024-09-27", "applied")   // Fri: Sun 29 Sep (make-up) = 1, Mon 30 = 2
      .ev("2024-09-30", "applied")   // Mon: 1-7 Oct off; Tue 8 = 1, Wed 9 = 2
      .ev("2024-10-11", "applied")   // Fri: Sat 12 Oct (make-up) = 1, Mon 14 = 2
      .ev("2024-10-12", "paid");     // removed on the make-up Saturday: Mon 14, Tue 15, Wed 16
  CHECK(brief(p, b.run_cn()) ==
        "in debtors [2024-09-02, 2024-10-12) removal due 2024-10-16\n"
        "in short [2024-09-02, 2024-09-05) period\n"
        "decision #0 2024-09-27 refused: too early earliest 2034-09-02 due 2024-09-30\n"
        "decision #0 2024-09-30 refused: too early earliest 2034-09-02 due 2024-10-09\n"
        "decision #0 2024-10-11 refused: too early earliest 2034-09-02 due 2024-10-14\n");
  // The same history without a calendar: weekends only.
  CHECK(brief(p, b.run()) ==
        "in debtors [2024-09-02, 2024-10-12) removal due 2024-10-16\n"
        "in short [2024-09-02, 2024-09-05) period\n"
        "decision #0 2024-09-27 refused: too early earliest 2034-09-02 due 2024-10-01\n"
        "decision #0 2024-09-30 refused: too early earliest 2034-09-02 due 2024-10-02\n"
        "decision #0 2024-10-11 refused: too early earliest 2034-09-02 due 2024-10-15\n");
  // Removal on Friday 2024-09-27 within 3 working days: Sun 29, Mon 30, then Tue 8 Oct (the
  // worked example of working_days.h); a listing `for 3 working days` from that Friday too.
  Builder r(p);
  r.ev("2024-09-27", "offence").ev("2024-09-27", "paid");
  CHECK(brief(p, r.run_cn()) ==
        "in debtors [2024-09-27, 2024-09-27) removal due 2024-10-08\n"
        "in short [2024-09-27, 2024-10-08) period\n");
  CHECK(brief(p, r.run()) ==
        "in debtors [2024-09-27, 2024-09-27) removal due 2024-10-02\n"
        "in short [2024-09-27, 2024-10-02) period\n");
}

TEST_CASE("a `within 3 working days` window of an aggregate spans the weekend", "[ir][run]") {
  auto c = compile(R"(list repeat of Person {
  basis rules art 10
  include on offence e when count(offence within 3 working days) >= 2 for 1 year
}
)");
  const auto& p = c->policy;
  // Tuesday 2020-06-09 - 3 working days = Thursday 2020-06-04: the window is (Thu, Tue].
  CHECK(brief(p, Builder(p).ev("2020-06-05", "offence").ev("2020-06-09", "offence").run()) ==
        "in repeat [2020-06-09, 2021-06-09) period\n");
  CHECK(brief(p, Builder(p).ev("2020-06-04", "offence").ev("2020-06-09", "offence").run()).empty());
  // With China's calendar the National Day week does not count: Tue 2024-10-08 - 3 working days
  // = Fri 2024-09-27 (Mon 30 Sep, Sun 29 Sep, Fri 27 Sep).
  CHECK(brief(p, Builder(p).ev("2024-09-30", "offence").ev("2024-10-08", "offence").run_cn()) ==
        "in repeat [2024-10-08, 2025-10-08) period\n");
  CHECK(brief(p, Builder(p).ev("2024-09-29", "offence").ev("2024-10-08", "offence").run_cn()) ==
        "in repeat [2024-10-08, 2025-10-08) period\n");  // the make-up Sunday is inside
  CHECK(brief(p, Builder(p).ev("2024-09-27", "offence").ev("2024-10-08", "offence").run_cn()).empty());
  // Without the calendar, 2024-10-08 - 3 working days is Thursday 2024-10-03: 30 Sep is outside.
  CHECK(brief(p, Builder(p).ev("2024-09-30", "offence").ev("2024-10-08", "offence").run()).empty());
}

TEST_CASE("a working-day window ending on a weekend day starts at the runtime's n-th working day before it", "[ir][run]") {
  // Saturday 2020-06-06 - 5 working days = Monday 2020-06-01 (the 5th working day strictly
  // before it), so the window is (Mon, Sat]: Tuesday to Saturday. (Before the interpreter called
  // the runtime for this, it counted back to Saturday 2020-05-30, a day that is not a working day.)
  auto c = compile(R"(list repeat of Person {
  basis rules art 10
  include on offence e when count(offence within 5 working days) >= 2 for 1 year
}
)");
  const auto& p = c->policy;
  CHECK(brief(p, Builder(p).ev("2020-06-01", "offence").ev("2020-06-06", "offence").run()).empty());
  CHECK(brief(p, Builder(p).ev("2020-06-02", "offence").ev("2020-06-06", "offence").run()) ==
        "in repeat [2020-06-06, 2021-06-06) period\n");
  // Sunday 2020-06-07 - 5 working days is Monday 2020-06-01 too (formerly Sunday 2020-05-31).
  CHECK(brief(p, Builder(p).ev("2020-06-01", "offence").ev("2020-06-07", "offence").run()).empty());
}

TEST_CASE("the interpreter's date plus N working days is the runtime's, with China's calendar", "[ir][run]") {
  // Each probe event checks `e.date + e.shift == e.forward` and `e.date - e.shift == e.back`
  // against clx_add_working_days; a mismatch lists the entity on `wrong`, a match on `right`.
  auto c = compile(R"(list right of Person {
  basis rules art 10
  include separately on probe e when e.date + e.shift == e.forward and e.date - e.shift == e.back for 1 day
}
list wrong of Person {
  basis rules art 10
  include separately on probe e when e.date + e.shift != e.forward or e.date - e.shift != e.back for 1 day
}
)");
  const auto& p = c->policy;
  const clx_calendar* cn = china().get();
  const ir::Day first = day("2023-12-01"), last = day("2027-01-31");
  std::int32_t right = p.list_index("right"), wrong = p.list_index("wrong");
  bool calendar_mattered = false;
  for (std::int32_t n = -20; n <= 20; ++n) {
    Builder b(p);
    for (ir::Day d = first; d <= last; ++d) {
      std::int32_t forward = 0, back = 0;
      REQUIRE(clx_add_working_days(cn, d, n, &forward) == CLX_OK);
      REQUIRE(clx_add_working_days(cn, d, -n, &back) == CLX_OK);
      std::int32_t plain = 0;
      REQUIRE(clx_add_working_days(nullptr, d, n, &plain) == CLX_OK);
      calendar_mattered = calendar_mattered || plain != forward;
      ir::Event e;
      e.date = d;
      e.type = p.event_index("probe");
      e.fields.resize(3);
      e.fields[p.field_slot(e.type, "shift")] = ir::Value::duration(n, ir::Unit::WorkingDays);
      e.fields[p.field_slot(e.type, "forward")] = ir::Value::date(forward);
      e.fields[p.field_slot(e.type, "back")] = ir::Value::date(back);
      b.h.events.push_back(std::move(e));
    }
    auto t = b.run_cn();
    REQUIRE(t.ok());
    std::size_t rights = 0;
    for (const auto& l : t.listings) {
      if (l.list == wrong) FAIL_CHECK("N = " << n << ": the interpreter disagrees on " << ir::date_text(l.start));
      rights += l.list == right;
    }
    INFO("N = " << n);
    CHECK(rights == b.h.events.size());
  }
  CHECK(calendar_mattered);  // the sweep crosses holidays: without the calendar it would differ
}

// ---------------------------------------------------------------------------------------------
// Sliding windows: the day an event leaves a window is visited

namespace {
std::string grade_policy(const std::string& window) {
  return R"(grade standing of Person {
  basis rules art 50
  levels watch, good
  level watch when count(offence within )" + window + R"() >= 1
  otherwise good
}
)";
}
}  // namespace

TEST_CASE("a grade changes on the day an event leaves a `within 1 year` window, with no event that day", "[ir][run]") {
  auto c = compile(grade_policy("1 year"));
  const auto& p = c->policy;
  // 2021-01-10 - 1 year = 2020-01-10: the window (2020-01-10, 2021-01-10] no longer holds it.
  auto t = Builder(p).ev("2020-01-10", "offence").run();
  CHECK(brief(p, t) ==
        "grade standing watch [2020-01-10, 2021-01-10)\n"
        "grade standing good [2021-01-10, open)\n");
  REQUIRE(t.grades.size() == 2);
  CHECK(t.grades[1].cause.rule == "grade standing, otherwise");
  CHECK(t.grades[1].cause.event == -1);  // no event on that day
  CHECK(ir::date_text(t.grades[1].cause.date) == "2021-01-10");
  // A second event keeps it: the first one's day is visited, nothing changes, no new interval.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").ev("2020-06-01", "offence").run()) ==
        "grade standing watch [2020-01-10, 2021-06-01)\n"
        "grade standing good [2021-06-01, open)\n");
  // Events of another type do not leave this window.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "paid").run()) == "grade standing good [2020-01-10, open)\n");
}

TEST_CASE("the day an event leaves a window of days", "[ir][run]") {
  auto c = compile(grade_policy("365 days"));
  const auto& p = c->policy;
  // 2020 is a leap year: 2020-01-10 + 365 days = 2021-01-09.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").run()) ==
        "grade standing watch [2020-01-10, 2021-01-09)\n"
        "grade standing good [2021-01-09, open)\n");
  auto d = compile(grade_policy("1 day"));
  CHECK(brief(d->policy, Builder(d->policy).ev("2020-01-10", "offence").run()) ==
        "grade standing watch [2020-01-10, 2020-01-11)\n"
        "grade standing good [2020-01-11, open)\n");
}

TEST_CASE("windows over 29 February: the event stays until the window no longer reaches back to it", "[ir][run]") {
  auto c = compile(grade_policy("1 year"));
  const auto& p = c->policy;
  // 2021-02-28 - 1 year = 2020-02-28, so (2020-02-28, 2021-02-28] still holds 2020-02-29;
  // 2021-03-01 - 1 year = 2020-03-01 does not.
  CHECK(brief(p, Builder(p).ev("2020-02-29", "offence").run()) ==
        "grade standing watch [2020-02-29, 2021-03-01)\n"
        "grade standing good [2021-03-01, open)\n");
  // A window that starts on 29 February: on 2024-02-29, 4 years back is 2020-02-29 itself.
  auto f = compile(grade_policy("4 years"));
  CHECK(brief(f->policy, Builder(f->policy).ev("2020-02-29", "offence").run()) ==
        "grade standing watch [2020-02-29, 2024-02-29)\n"
        "grade standing good [2024-02-29, open)\n");
  // A month window from the 31st: 2020-02-29 - 1 month = 2020-01-29 (still holds 2020-01-31),
  // 2020-03-01 - 1 month = 2020-02-01.
  auto m = compile(grade_policy("1 month"));
  CHECK(brief(m->policy, Builder(m->policy).ev("2020-01-31", "offence").run()) ==
        "grade standing watch [2020-01-31, 2020-03-01)\n"
        "grade standing good [2020-03-01, open)\n");
}

TEST_CASE("a working-day window slides over the weekend and China's holidays", "[ir][run]") {
  auto c = compile(grade_policy("2 working days"));
  const auto& p = c->policy;
  // Friday 2020-06-05: on Sat 6, Sun 7 and Mon 8, d - 2 working days is Thu 4 (still inside);
  // on Tue 9 it is Fri 5 itself: out.
  CHECK(brief(p, Builder(p).ev("2020-06-05", "offence").run()) ==
        "grade standing watch [2020-06-05, 2020-06-09)\n"
        "grade standing good [2020-06-09, open)\n");
  // Monday 2024-09-30 with China's calendar: every day of 1-7 Oct looks back to Sun 29 Sep
  // (Mon 30 is the 1st working day back, Sun 29 the 2nd); Tue 8 Oct looks back to Sun 29 too;
  // Wed 9 Oct looks back to Mon 30: out.
  CHECK(brief(p, Builder(p).ev("2024-09-30", "offence").run_cn()) ==
        "grade standing watch [2024-09-30, 2024-10-09)\n"
        "grade standing good [2024-10-09, open)\n");
  CHECK(brief(p, Builder(p).ev("2024-09-30", "offence").run()) ==
        "grade standing watch [2024-09-30, 2024-10-02)\n"
        "grade standing good [2024-10-02, open)\n");
}

TEST_CASE("a window given by a parameter uses the version in force, and the day a version starts is visited", "[ir][run]") {
  // lookback = 1 year, and 6 months from 2021-01-01.
  auto c = compile(grade_policy("lookback"));
  const auto& p = c->policy;
  // 2020-09-01: 1 year would end it on 2021-09-01; from 2021-01-01 the 6-month window does, on
  // 2021-03-01. The version's first day (2021-01-01) is visited and changes nothing.
  CHECK(brief(p, Builder(p).ev("2020-09-01", "offence").run()) ==
        "grade standing watch [2020-09-01, 2021-03-01)\n"
        "grade standing good [2021-03-01, open)\n");
  // 2020-03-01: still inside the 1-year window on 2020-12-31, outside the 6-month one on the day
  // it comes into force.
  CHECK(brief(p, Builder(p).ev("2020-03-01", "offence").run()) ==
        "grade standing watch [2020-03-01, 2021-01-01)\n"
        "grade standing good [2021-01-01, open)\n");
  // Inside the first version: 1 year.
  CHECK(brief(p, Builder(p).ev("2019-06-01", "offence").run()) ==
        "grade standing watch [2019-06-01, 2020-06-01)\n"
        "grade standing good [2020-06-01, open)\n");
}

TEST_CASE("a window computed from the history is not followed between events", "[ir][run]") {
  // `within` of a non-constant duration is evaluated when a date is visited for another reason;
  // no day is added for it (README "Not yet").
  auto c = compile(R"(grade standing of Person {
  basis rules art 50
  levels watch, good
  level watch when count(offence within 6 months + 6 months) >= 1
  otherwise good
}
)");
  const auto& p = c->policy;
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").run()) == "grade standing watch [2020-01-10, open)\n");
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").ev("2021-02-01", "paid").run()) ==
        "grade standing watch [2020-01-10, 2021-02-01)\n"
        "grade standing good [2021-02-01, open)\n");
}

namespace {
const char* kMeasureWindow = R"(list debtors of Person {
  basis rules art 10
  include on offence e until removed
  remove on paid
}
measure restrict refines nat.restrict {
  basis rules art 40
  category consumption
  severity 3
  applies to members of debtors when count(offence within 1 year) >= 1
  while listed
}
measure record refines nat.record {
  basis rules art 41
  category credit_record
  severity 1
  applies to members of debtors when not exists(offence within 6 months)
  until restored
}
)";
}

TEST_CASE("a measure condition stops holding the day the window passes, and another starts to", "[ir][run]") {
  auto c = compile(kMeasureWindow);
  const auto& p = c->policy;
  auto t = Builder(p).ev("2020-01-10", "offence").run();
  CHECK(brief(p, t) ==
        "in debtors [2020-01-10, open) open\n"
        "under restrict [2020-01-10, 2021-01-10) condition\n"
        "under record [2020-07-10, open) open\n");
  // A second offence (no second listing) keeps `restrict` a year longer and `record` away.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").ev("2020-05-01", "offence").run()) ==
        "in debtors [2020-01-10, open) open\n"
        "under restrict [2020-01-10, 2021-05-01) condition\n"
        "under record [2020-11-01, open) open\n");
  // Removal first: the listing's end is what ends both.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").ev("2020-03-01", "paid").run()) ==
        "in debtors [2020-01-10, 2020-03-01) removal\n"
        "under restrict [2020-01-10, 2020-03-01) source-ended\n");
}

// ---------------------------------------------------------------------------------------------
// Reach at the edges of a relation

namespace {
const char* kReachNational = R"(policy rn "National" basic list
document law "National law"
entity Person { birth_date: date }
entity Company { relation rep -> Person }
measure restrict "Restrict" {
  basis law art 1
  category consumption
  severity 3
  applies to Person, Company
  reaches rep
  while listed
}
)";

const char* kReachLocal = R"(policy rl "Local"
use "rn.clx" as nat
document rules "Local rules"
entity Person { birth_date: date }
entity Company { relation rep -> Person }
event offence for Person, Company { case: text }
list debtors of Person, Company {
  basis rules art 1
  include on offence for 1 year
}
measure restrict refines nat.restrict {
  basis rules art 2
  category consumption
  severity 3
  applies to members of debtors
  reaches rep
  while listed
}
)";



std::string reached(const ir::Policy& p, const ir::Timeline& t) {
  std::string o;
  for (const auto& m : t.measures)
    o += "under " + p.measures.at(m.measure).name + " " + span(m.start, m.end) + (m.source == ir::MeasureInterval::Source::Reach ? " from " + m.reached_from : std::string()) + " " + end_word(m.ended_by) + "\n";
  return o;
}
}  // namespace

TEST_CASE("reach: a relation that ends the day the listing starts, or starts the day it ends, reaches nothing", "[ir][run][reach]") {
  // (A relation that starts after the listing is in ir_run_test.cpp: it reaches from `since`.)
  auto c = lower_files("rl.clx", std::map<std::string, std::string>{{"rl.clx", kReachLocal}, {"rn.clx", kReachNational}});
  const auto& p = c->policy;
  auto co = entity(p, "c", "Company");
  auto before = entity(p, "before", "Person"), after = entity(p, "after", "Person"), inside = entity(p, "inside", "Person");
  relate(p, co, "rep", "before", "2015-01-01", "2020-01-10");  // [2015-01-01, 2020-01-10): ends as the listing starts
  relate(p, co, "rep", "after", "2021-01-10", std::nullopt);   // starts as the listing ends
  relate(p, co, "rep", "inside", "2020-01-09", "2020-01-11");  // one day of overlap: 2020-01-10
  co.events.push_back(testing::event(p, "2020-01-10", "offence", {{"case", ir::Value::of_text("A")}}));
  std::vector<ir::History> hs{co, before, after, inside};
  std::vector<ir::Timeline> ts;
  for (const auto& h : hs) ts.push_back(ir::run(p, h));
  ir::apply_reach(p, hs, ts);
  CHECK(reached(p, ts[0]) == "under restrict [2020-01-10, 2021-01-10) source-ended\n");
  CHECK(reached(p, ts[1]).empty());
  CHECK(reached(p, ts[2]).empty());
  CHECK(reached(p, ts[3]) == "under restrict [2020-01-10, 2020-01-11) from c relation-ended\n");
}

// ---------------------------------------------------------------------------------------------
// Money through the runtime, and input validation of currencies

TEST_CASE("money arithmetic is the runtime's: rounding half away from zero, ratios, currencies", "[ir][run]") {
  auto c = compile(R"(event fine for Person {
  amount: money
  parts: int
}
list split of Person {
  basis rules art 10
  include on fine f when f.amount / f.parts == 3.3333 CNY for 1 year
  include on fine f when f.amount / f.parts == -0.0001 CNY and f.amount * 0.5 == -0.0001 CNY for 2 years
  include on fine f when f.amount / 3 CNY > 0.33333 and f.amount / 3 CNY < 0.33334 for 3 years
}
)");
  const auto& p = c->policy;
  auto fine = [&](std::int64_t units, const char* currency, std::int64_t parts) {
    return std::vector<std::pair<std::string, ir::Value>>{{"amount", ir::Value::money(units, currency)},
                                                          {"parts", ir::Value::integer(parts)}};
  };
  // 10.0000 / 3 = 3.33333.. → 3.3333.
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(100000, "CNY", 3)).run()) == "in split [2020-01-10, 2021-01-10) period\n");
  // -0.0001 / 1 = -0.0001, and -0.0001 × 0.5 = -0.00005 → -0.0001 (half away from zero).
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(-1, "CNY", 1)).run()) == "in split [2020-01-10, 2022-01-10) period\n");
  // 1.0000 CNY / 3.0000 CNY = 0.3333333333 (a decimal of 10 digits).
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(10000, "CNY", 7)).run()) == "in split [2020-01-10, 2023-01-10) period\n");
  // Division by zero, other currencies, malformed codes.
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(10000, "CNY", 0)).run()) == "error #0 2020-01-10: division by zero\n");
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(10000, "USD", 7)).run()) ==
        "error #0 2020-01-10: money in USD and in CNY cannot be combined\n");
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(10000, "cny", 7)).run()) ==
        "error #0 2020-01-10: the field `amount` has no currency code of three letters A to Z\n");
  CHECK(brief(p, Builder(p).on("2020-01-10", "fine", fine(10000, "", 7)).run()) ==
        "error #0 2020-01-10: the field `amount` has no currency code of three letters A to Z\n");
}

// ---------------------------------------------------------------------------------------------
// The calendar loader

TEST_CASE("load_calendar reads China's calendar into an owning object", "[ir][run][calendar]") {
  std::vector<std::string> problems;
  ir::Calendar cn = ir::load_calendar(CREDLEX_SOURCE_DIR "/runtime/calendars/cn-2024-2026.txt", problems);
  CHECK(problems.empty());
  CHECK(cn.holidays().size() == 89);
  CHECK(cn.workdays().size() == 19);
  CHECK(clx_calendar_check(cn.get()) == CLX_OK);
  CHECK(clx_is_working_day(cn.get(), day("2024-10-01")) == 0);
  CHECK(clx_is_working_day(cn.get(), day("2024-10-12")) == 1);
  // Copies and moves point at their own arrays.
  ir::Calendar copy;
  {
    ir::Calendar temp = cn;
    copy = temp;
  }
  ir::Calendar moved = std::move(cn);
  for (const ir::Calendar* k : {&copy, &moved}) {
    CHECK(k->get()->holidays == k->holidays().data());
    CHECK(k->get()->holiday_count == 89);
    std::int32_t out = 0;
    REQUIRE(clx_add_working_days(k->get(), day("2024-09-27"), 3, &out) == CLX_OK);
    CHECK(out == day("2024-10-08"));
  }
  CHECK(ir::Calendar().get()->holiday_count == 0);  // empty: weekends only
}

TEST_CASE("calendar problems are reported per line as file:line: reason", "[ir][run][calendar]") {
  std::vector<std::string> problems;
  ir::Calendar c = ir::parse_calendar(
      "# test\n"
      "2024-02-30 holiday bad day\n"
      "2024-10-01 holiday National Day\n"
      "2024-10-02 workday a Wednesday\n"
      "2024-10-01 holiday again\n"
      "2024-10-12\n",
      "bad.txt", problems);
  CHECK(problems == std::vector<std::string>{
                        std::string("bad.txt:2: ") + clx_status_message(CLX_E_CAL_BAD_DATE),
                        std::string("bad.txt:4: ") + clx_status_message(CLX_E_CAL_WORKDAY_NOT_WEEKEND),
                        std::string("bad.txt:5: ") + clx_status_message(CLX_E_CAL_DUPLICATE),
                        std::string("bad.txt:6: ") + clx_status_message(CLX_E_CAL_MISSING_KIND),
                    });
  CHECK(c.holidays() == std::vector<ir::Day>{day("2024-10-01")});  // the good line is kept
  CHECK(c.workdays().empty());
  problems.clear();
  ir::Calendar none = ir::load_calendar(CREDLEX_SOURCE_DIR "/runtime/calendars/no-such-file.txt", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind(CREDLEX_SOURCE_DIR "/runtime/calendars/no-such-file.txt: cannot read the file (", 0) == 0);
  CHECK(none.holidays().empty());
  problems.clear();
  ir::load_calendar(CREDLEX_SOURCE_DIR "/runtime/calendars", problems);  // a directory
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("cannot read the file") != std::string::npos);
  problems.clear();
  ir::Calendar endless = ir::load_calendar("/dev/zero", problems);  // never ends: cut off, not read forever
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "/dev/zero: cannot read the file (longer than a calendar may be: 16 MiB)");
  CHECK(endless.holidays().empty());
}

// ---------------------------------------------------------------------------------------------
// Runtime date functions the interpreter calls (credlex/civil_date.h)

TEST_CASE("clx_add_days and clx_add_months_checked report the range instead of leaving it", "[runtime][date]") {
  std::int32_t out = 12345;
  CHECK(clx_add_days(day("2020-02-28"), 1, &out) == CLX_OK);
  CHECK(out == day("2020-02-29"));
  CHECK(clx_add_days(day("2020-02-28"), -365, &out) == CLX_OK);
  CHECK(out == day("2019-02-28"));
  CHECK(clx_add_days(CLX_MAX_DAY, 0, &out) == CLX_OK);
  CHECK(out == CLX_MAX_DAY);
  out = 777;
  CHECK(clx_add_days(CLX_MAX_DAY, 1, &out) == CLX_E_RANGE);
  CHECK(clx_add_days(CLX_MIN_DAY, -1, &out) == CLX_E_RANGE);
  CHECK(clx_add_days(0, INT64_MAX, &out) == CLX_E_RANGE);
  CHECK(clx_add_days(0, INT64_MIN, &out) == CLX_E_RANGE);
  CHECK(clx_add_days(CLX_MAX_DAY + 1, -1, &out) == CLX_E_RANGE);  // the given day out of range
  CHECK(out == 777);  // nothing written on failure
  CHECK(clx_add_days(0, 1, nullptr) == CLX_E_ARGUMENT);
  CHECK(clx_add_days(CLX_MIN_DAY, CLX_MAX_DAY - CLX_MIN_DAY, &out) == CLX_OK);
  CHECK(out == CLX_MAX_DAY);

  CHECK(clx_add_months_checked(day("2020-01-31"), 1, &out) == CLX_OK);
  CHECK(out == day("2020-02-29"));
  CHECK(clx_add_months_checked(day("2021-03-31"), -1, &out) == CLX_OK);
  CHECK(out == day("2021-02-28"));
  CHECK(clx_add_months_checked(day("2020-02-29"), 12, &out) == CLX_OK);
  CHECK(out == day("2021-02-28"));
  CHECK(clx_add_months_checked(day("9999-12-31"), 0, &out) == CLX_OK);
  CHECK(clx_add_months_checked(day("9999-12-01"), 1, &out) == CLX_E_RANGE);
  CHECK(clx_add_months_checked(day("0001-01-31"), -1, &out) == CLX_E_RANGE);
  CHECK(clx_add_months_checked(day("0001-02-28"), -1, &out) == CLX_OK);
  CHECK(out == day("0001-01-28"));
  CHECK(clx_add_months_checked(day("0001-01-01"), 12 * 9999 - 1, &out) == CLX_OK);
  CHECK(out == day("9999-12-01"));
  CHECK(clx_add_months_checked(day("0001-01-01"), 12 * 9999, &out) == CLX_E_RANGE);
  CHECK(clx_add_months_checked(0, INT64_MAX, &out) == CLX_E_RANGE);
  CHECK(clx_add_months_checked(0, INT64_MIN, &out) == CLX_E_RANGE);
  CHECK(clx_add_months_checked(CLX_MIN_DAY - 1, 1, &out) == CLX_E_RANGE);
  CHECK(clx_add_months_checked(0, 1, nullptr) == CLX_E_ARGUMENT);
  // Within the range it is clx_add_months.
  for (std::int32_t d = day("2019-12-01"); d <= day("2021-03-31"); ++d)
    for (std::int32_t k = -30; k <= 30; ++k) {
      REQUIRE(clx_add_months_checked(d, k, &out) == CLX_OK);
      REQUIRE(out == clx_add_months(d, k));
    }
}

// ---------------------------------------------------------------------------------------------
// `periods count from the next day` (Civil Code Arts 201-202): the start day is not counted and
// the corresponding day is the last day. The same rules read both ways.

namespace {

const char* kPeriods = R"(list published of Person {
  basis rules art 17
  include on offence e for 3 years
  extend by 1 month on paid
}
list yearly of Person {
  basis rules art 19
  include on probe e for 1 year
}
restoration published {
  basis rules art 18
  eligible after 6 months
  on applied decide within 2 working days
}
)";

std::unique_ptr<Lowered> compile_periods(bool next_day) {
  std::string head = kHead;
  if (next_day) head.replace(head.find('\n'), 0, " periods count from the next day basis rules art 25");
  return lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", head + kPeriods}, {"nat.clx", kNational}});
}

ir::Value no_shift() { return ir::Value::duration(0, ir::Unit::Days); }

std::string probe_on(bool next_day, const std::string& date) {
  auto l = compile_periods(next_day);
  Builder b(l->policy);
  b.on(date, "probe", {{"shift", no_shift()}, {"forward", ir::Value::date(day(date))}, {"back", ir::Value::date(day(date))}});
  return brief(l->policy, b.run());
}

}  // namespace

TEST_CASE("periods from the next day: 3 years from 2022-03-15 cover 2025-03-15", "[ir][run][next_day]") {
  auto plain = compile_periods(false), next = compile_periods(true);
  CHECK(brief(plain->policy, Builder(plain->policy).ev("2022-03-15", "offence").run()) ==
        "in published [2022-03-15, 2025-03-15) period\n");
  CHECK(brief(next->policy, Builder(next->policy).ev("2022-03-15", "offence").run()) ==
        "in published [2022-03-15, 2025-03-16) period\n");
}

TEST_CASE("periods from the next day: month ends and leap days", "[ir][run][next_day]") {
  // 1 year from 2020-02-29: no 2021-02-29, so the last day is 2021-02-28 (end 2021-03-01).
  CHECK(probe_on(false, "2020-02-29") == "in yearly [2020-02-29, 2021-02-28) period\n");
  CHECK(probe_on(true, "2020-02-29") == "in yearly [2020-02-29, 2021-03-01) period\n");
  // 1 year from 2021-01-31 lands on a real day: the end moves by one.
  CHECK(probe_on(true, "2021-01-31") == "in yearly [2021-01-31, 2022-02-01) period\n");
}

TEST_CASE("periods from the next day: an extension counts from the day after the last day", "[ir][run][next_day]") {
  // Last day 2024-01-30 (3 years from 2021-01-30); 1 month more: the last day is 2024-02-29, the
  // corresponding day of 2024-01-30 (moving the end 2024-01-31 by a month would give 2024-02-29
  // as the end, one day less).
  auto plain = compile_periods(false), next = compile_periods(true);
  CHECK(brief(plain->policy, Builder(plain->policy).ev("2021-01-30", "offence").ev("2022-05-01", "paid").run()) ==
        "in published [2021-01-30, 2024-02-29) period +1 month\n");
  CHECK(brief(next->policy, Builder(next->policy).ev("2021-01-30", "offence").ev("2022-05-01", "paid").run()) ==
        "in published [2021-01-30, 2024-03-01) period +1 month\n");
}

TEST_CASE("periods from the next day: the minimum period of restoration", "[ir][run][next_day]") {
  // Listed 2022-03-15, eligible after 6 months: plainly from 2022-09-15; counted from the next
  // day, 2022-09-15 is the last day of the six months, so only from 2022-09-16.
  auto plain = compile_periods(false), next = compile_periods(true);
  auto run = [](const Lowered& l) {
    return brief(l.policy, Builder(l.policy).ev("2022-03-15", "offence").ev("2022-09-15", "applied").ev("2022-09-16", "applied").run());
  };
  CHECK(run(*plain) == "in published [2022-03-15, 2022-09-15) restoration\n"
                       "decision #0 2022-09-15 granted due 2022-09-19\n");
  CHECK(run(*next) == "in published [2022-03-15, 2022-09-16) restoration\n"
                      "decision #0 2022-09-15 refused: too early earliest 2022-09-16 due 2022-09-19\n"
                      "decision #0 2022-09-16 granted due 2022-09-20\n");
}

// ---------------------------------------------------------------------------------------------
// Deletion deadlines after a period (`for D then remove within W`, SPC 2017 Art 10 para 2)

namespace {

// W is a dated parameter: 3 working days for listings made before 2023, 5 from 2023-01-01 (the
// version in force on the listing's event, whenever the period ends). `paid` extends by 1 month;
// `cleared` removes the listing before its period ends (its own deadline, no period deadline).
const char* kDeletion = R"(param deletion_deadline: duration = 3 working days basis rules art 20
param deletion_deadline: duration = 5 working days from 2023-01-01 basis rules art 21
event cleared for Person { case: text }
list fixed of Person {
  basis rules art 10
  include on offence e for 2 years then remove within deletion_deadline basis rules art 20
  extend by 1 month on paid p when p.case == cause.case basis rules art 11
  remove on cleared c when c.case == cause.case within 1 working days basis rules art 12
}
list endless of Person {
  basis rules art 13
  include on applied until removed
  remove on cleared within 3 working days
}
)";

}  // namespace

TEST_CASE("a period that runs out is due for deletion W after its last day, W as on the listing's event", "[ir][run][deletion]") {
  auto c = compile(kDeletion);
  const auto& p = c->policy;
  // Listed Friday 2020-01-10 for 2 years: last day Sunday 2022-01-09; 3 working days: Mon 10,
  // Tue 11, Wed 12.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").run()) == "in fixed [2020-01-10, 2022-01-10) period due 2022-01-12\n");
  // Listed 2023-01-10: the 2023 version, 5 working days after the last day, Thursday 2025-01-09:
  // Fri 10, Mon 13, Tue 14, Wed 15, Thu 16.
  CHECK(brief(p, Builder(p).ev("2023-01-10", "offence").run()) == "in fixed [2023-01-10, 2025-01-10) period due 2025-01-16\n");
  // Extended by a month: the deadline follows the new last day, Wednesday 2022-02-09: Thu 10,
  // Fri 11, Mon 14.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").ev("2021-06-01", "paid").run()) ==
        "in fixed [2020-01-10, 2022-02-10) period +1 month due 2022-02-14\n");
  // Removed before the period ends: the removal's own deadline, not the period's.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "offence").ev("2021-06-04", "cleared").run()) ==
        "in fixed [2020-01-10, 2021-06-04) removal due 2021-06-07\n");
  // A listing without a period has no deadline until it is removed.
  CHECK(brief(p, Builder(p).ev("2020-01-10", "applied").run()) == "in endless [2020-01-10, open) open\n");
}

TEST_CASE("a deletion deadline after a period skips China's National Day holidays", "[ir][run][deletion][calendar]") {
  auto c = compile(kDeletion);
  const auto& p = c->policy;
  // Listed 2022-10-01 for 2 years: last day Monday 2024-09-30. Weekends only: Tue 1, Wed 2, Thu 3
  // October. With China's calendar, 1 to 7 October 2024 are holidays: Tue 8, Wed 9, Thu 10.
  Builder b(p);
  b.ev("2022-10-01", "offence");
  CHECK(brief(p, b.run()) == "in fixed [2022-10-01, 2024-10-01) period due 2024-10-03\n");
  CHECK(brief(p, b.run_cn()) == "in fixed [2022-10-01, 2024-10-01) period due 2024-10-10\n");
}

// ---------------------------------------------------------------------------------------------
// A listing that starts a fixed time after its event (`starting after D`, Fagai Caijin [2018]
// Nos. 384 and 385: the ban starts when the publicity period of 7 working days has passed)

namespace {

// `waiting` is a dated parameter (7 working days, 10 from 2023-01-01: the version in force on the
// event's date); so is `deletion` (3 working days, 5 from 2019-03-10: between an event of
// 2019-03-04 and its listing's start, so the deadline shows which date it was taken on). `fixed`: a 180-day listing with a deletion deadline after it; `endless`: until the
// fare is paid. `cleared` removes either, also before it starts; `paid` extends the fixed one.
const char* kStarting = R"(param waiting: duration = 7 working days basis rules art 30
param waiting: duration = 10 working days from 2023-01-01 basis rules art 31
param deletion: duration = 3 working days basis rules art 38
param deletion: duration = 5 working days from 2019-03-10 basis rules art 39
event cleared for Person { case: text }
list fixed of Person {
  basis rules art 30
  include on offence e starting after waiting for 180 days then remove within deletion basis rules art 30
  extend by 1 month on paid p when p.case == cause.case basis rules art 32
  remove on cleared c when c.case == cause.case within 1 days basis rules art 33
}
list endless of Person {
  basis rules art 34
  include on applied a starting after waiting until removed
  remove on cleared c when c.case == cause.case within 1 days
}
measure restrict refines nat.restrict {
  basis rules art 35
  category consumption
  severity 3
  applies to members of fixed, members of endless
  while listed
}
measure record refines nat.record {
  basis rules art 36
  category credit_record
  severity 1
  applies to members of fixed
  for 30 days
}
)";

}  // namespace

TEST_CASE("a listing `starting after` a publicity period starts once it has passed, its period and measures from then", "[ir][run][starting]") {
  auto c = compile(kStarting);
  const auto& p = c->policy;
  // Published Monday 2019-03-04: 7 working days, Tue 5 … Wed 13 March; the listing starts on
  // Wednesday 2019-03-13 and lasts 180 days, to 2019-09-09; its last day, Sunday 2019-09-08, is
  // followed by the 3-working-day deletion deadline, Wednesday 2019-09-11 (the version in force on
  // the event's date; 5 working days, in force on the start, would give Friday 2019-09-13). The
  // measures start with the listing (`for 30 days` counts from that start).
  CHECK(brief(p, Builder(p).ev("2019-03-04", "offence").run()) ==
        "in fixed [2019-03-13, 2019-09-09) period due 2019-09-11\n"
        "under restrict [2019-03-13, 2019-09-09) source-ended\n"
        "under record [2019-03-13, 2019-04-12) period\n");
  // The version of the parameter in force on the event: 10 working days from 2023. Published
  // Friday 2023-03-03: Mon 6 … Fri 17 March.
  CHECK(brief(p, Builder(p).ev("2023-03-03", "offence").run()).starts_with("in fixed [2023-03-17, 2023-09-13) period"));
  // An extension before the listing starts moves its end all the same.
  CHECK(brief(p, Builder(p).ev("2019-03-04", "offence").ev("2019-03-06", "paid").run()).starts_with(
      "in fixed [2019-03-13, 2019-10-09) period +1 month due 2019-10-11\n"));
}

TEST_CASE("a listing `starting after` is not in force before it starts, and a removal then cancels it", "[ir][run][starting]") {
  auto c = compile(R"(list endless of Person {
  basis rules art 34
  include on applied a starting after 7 working days until removed
  remove on cleared c when c.case == cause.case within 1 days
}
event cleared for Person { case: text }
grade watched "Watched" of Person {
  basis rules art 37
  levels yes, no
  level yes when listed(endless)
  otherwise no
}
)");
  const auto& p = c->policy;
  // `listed(endless)` is false while the listing waits: the grade changes on the first day.
  CHECK(brief(p, Builder(p).ev("2019-03-04", "applied").run()) ==
        "in endless [2019-03-13, open) open\n"
        "grade watched no [2019-03-04, 2019-03-13)\n"
        "grade watched yes [2019-03-13, open)\n");
  // Cleared on Friday 2019-03-08, before the start: cancelled, in force on no day; the removal is
  // due the next day.
  CHECK(brief(p, Builder(p).ev("2019-03-04", "applied").ev("2019-03-08", "cleared").run()) ==
        "in endless [2019-03-08, 2019-03-08) removal due 2019-03-09\n"
        "grade watched no [2019-03-04, open)\n");
  // Cleared on the first day: it was in force on none.
  CHECK(brief(p, Builder(p).ev("2019-03-04", "applied").ev("2019-03-13", "cleared").run()) ==
        "in endless [2019-03-13, 2019-03-13) removal due 2019-03-14\n"
        "grade watched no [2019-03-04, open)\n");
  // A second event while the first listing waits does not open another (no `separately`).
  CHECK(brief(p, Builder(p).ev("2019-03-04", "applied").ev("2019-03-05", "applied", "B").run()) ==
        "in endless [2019-03-13, open) open\n"
        "grade watched no [2019-03-04, 2019-03-13)\n"
        "grade watched yes [2019-03-13, open)\n");
}

TEST_CASE("a publicity period in working days skips China's Spring Festival holidays", "[ir][run][starting][calendar]") {
  auto c = compile(kStarting);
  const auto& p = c->policy;
  // Published Thursday 2024-02-08, 10 working days (the 2023 version). Weekends only: Fri 9,
  // Mon 12 … Fri 16, Mon 19 … Thu 22: the listing starts 2024-02-22. With China's calendar, 10 to
  // 17 February 2024 are holidays and Sunday 2024-02-18 a working day: Fri 9, Sun 18, Mon 19 …
  // Fri 23, Mon 26, Tue 27, Wed 28: it starts 2024-02-28.
  Builder b(p);
  b.ev("2024-02-08", "applied");
  CHECK(brief(p, b.run()).starts_with("in endless [2024-02-22, open) open\n"));
  CHECK(brief(p, b.run_cn()).starts_with("in endless [2024-02-28, open) open\n"));
}

TEST_CASE("`starting after` under `periods count from the next day`: from the day after the waiting period's last day", "[ir][run][starting][next_day]") {
  std::string head = kHead;
  head.replace(head.find('\n'), 0, " periods count from the next day basis rules art 25");
  auto l = lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", head + kStarting}, {"nat.clx", kNational}});
  const auto& p = l->policy;
  // Published Monday 2019-03-04: the 7th working day after it, Wednesday 2019-03-13, is the last
  // day of the waiting period; the listing starts on Thursday 2019-03-14, and its 180 days (the
  // last one 2019-09-10) end on 2019-09-11.
  CHECK(brief(p, Builder(p).ev("2019-03-04", "offence").run()).starts_with("in fixed [2019-03-14, 2019-09-11) period"));
}

TEST_CASE("a negative time before a listing starts, read from the data, stops the run", "[ir][run][starting]") {
  auto c = compile(R"(event published for Person { wait: duration }
list l of Person {
  basis rules art 40
  include on published e starting after e.wait until removed
}
)");
  const auto& p = c->policy;
  Builder b(p);
  b.on("2019-03-04", "published", {{"wait", ir::Value::duration(-3, ir::Unit::Days)}});
  CHECK(brief(p, b.run()) == "error #0 2019-03-04: the time before the listing starts is negative\n");
}
