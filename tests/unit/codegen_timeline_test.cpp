// Compiled timelines against the reference interpreter: every bundled policy compiled whole
// (build_policy_module: expressions, tables, the engine), at both tiers, on seeded random histories
// (differential::Generator), with and without China's holiday calendar; the timelines must agree
// item by item (codegen::first_difference: every listing, extension, grade, measure, decision,
// their rules, events, dates and citations; failures at the same event).
#include <catch2/catch.hpp>

#include <functional>

#include <fmt/format.h>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/columns.h"
#include "compiler/codegen/timelines.h"
#include "compiler/differential/generator.h"
#include "ir_testing.h"
#include "lowered.h"
#include "national_fixtures.h"

using namespace credlex;
using testing::kNationalBan;
using testing::kNationalRecord;

namespace {

struct Counts {
  int agreed = 0, failed_both = 0, items = 0;
};

Counts compare_policy(const std::string& path, codegen::Jit& jit, codegen::Tier tier, const clx_calendar* cn, int histories) {
  auto l = testing::lower_path(path);
  const ir::Policy& p = l->policy;
  std::string error;
  auto compiled = jit.compile_policy(p, tier, error);
  INFO(path << ": " << error);
  REQUIRE(compiled);
  Counts c;
  if (p.kinds.empty()) return c;
  differential::Generator gen(p, std::hash<std::string>{}(p.name) ^ 0x71e11eULL);
  for (int round = 0; round < histories; ++round) {
    ir::History h = gen.history();
    ir::RunOptions options;
    options.calendar = round % 2 ? cn : nullptr;
    ir::Timeline expected = ir::run(p, h, options);
    ir::Timeline actual = codegen::run(*compiled, p, h, options.calendar);
    auto diff = codegen::first_difference(p, expected, actual);
    if (diff) {
      FAIL_CHECK(fmt::format("{}: history {} ({}):\n{}{}\ninterpreter:\n{}compiled:\n{}", path, round,
                             options.calendar ? "China's calendar" : "weekends only", differential::show(p, h), *diff,
                             ir::print(p, expected), ir::print(p, actual)));
      return c;
    }
    ++c.agreed;
    if (!expected.ok()) ++c.failed_both;
    c.items += static_cast<int>(expected.listings.size() + expected.measures.size() + expected.grades.size() + expected.decisions.size());
  }
  return c;
}

// Hand-written histories of one `Person` (events without fields) at both tiers, weekends only and
// with China's calendar: the compiled timeline must be the interpreter's item by item; then
// check(history index, with China's calendar, compiled timeline) looks at what the test is about.
using Events = std::vector<std::pair<const char*, const char*>>;
void agree_on_both_tiers(const ir::Policy& p, const std::vector<Events>& histories,
                         const std::function<void(std::size_t, bool, const ir::Timeline&)>& check) {
  std::string error;
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  const ir::Calendar& cn = testing::china();
  for (auto tier : {codegen::Tier::Fast, codegen::Tier::Optimized}) {
    auto compiled = jit->compile_policy(p, tier, error);
    INFO(error);
    REQUIRE(compiled);
    for (std::size_t k = 0; k < histories.size(); ++k) {
      ir::History h = testing::entity(p, "x", "Person");
      for (const auto& [date, type] : histories[k]) h.events.push_back(testing::event(p, date, type, {}));
      for (const clx_calendar* calendar : {static_cast<const clx_calendar*>(nullptr), cn.get()}) {
        ir::Timeline expected = ir::run(p, h, ir::RunOptions{calendar});
        ir::Timeline actual = codegen::run(*compiled, p, h, calendar);
        auto diff = codegen::first_difference(p, expected, actual);
        INFO("history " << k << (calendar ? " with China's calendar" : " weekends only") << "\n" << (diff ? *diff : std::string()));
        CHECK_FALSE(diff);
        check(k, calendar != nullptr, actual);
      }
    }
  }
}

// One history with fields, weekends only: the compiled timeline at both tiers must be `expected`,
// the interpreter's, item by item.
void compiled_agrees(const ir::Policy& p, const ir::History& h, const ir::Timeline& expected) {
  std::string error;
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  for (auto tier : {codegen::Tier::Fast, codegen::Tier::Optimized}) {
    auto compiled = jit->compile_policy(p, tier, error);
    INFO(error);
    REQUIRE(compiled);
    auto diff = codegen::first_difference(p, expected, codegen::run(*compiled, p, h, nullptr));
    INFO((diff ? *diff : std::string()));
    CHECK_FALSE(diff);
  }
}

}  // namespace

TEST_CASE("compiled timelines agree with the interpreter on random histories, both tiers", "[codegen][timeline]") {
  std::string error;
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  const ir::Calendar& calendar = testing::china();
  for (const auto& path : testing::bundled_policies()) {
    for (auto tier : {codegen::Tier::Fast, codegen::Tier::Optimized}) {
      constexpr int kHistories = CREDLEX_SANITIZED ? 80 : 400;
      Counts c = compare_policy(path, *jit, tier, calendar.get(), kHistories);
      INFO(path);
      CHECK(c.agreed == kHistories);
      // Policies that list or grade anybody must have produced items (the comparison compared).
      auto l = testing::lower_path(path);
      if (!l->policy.lists.empty() || !l->policy.grades.empty()) CHECK(c.items > 0);
      if (tier == codegen::Tier::Optimized)
        UNSCOPED_INFO(fmt::format("[timeline] {}: {} histories, {} items, {} failed on both sides", path, c.agreed, c.items, c.failed_both));
    }
  }
}


TEST_CASE("a policy compiled at O2 in parts on several threads has the interpreter's timelines, whatever the number of parts", "[codegen][timeline][parts]") {
  const ir::Calendar& calendar = testing::china();
  for (unsigned parts : {1u, 2u, 5u}) {
    std::string error;
    codegen::JitOptions options;
    options.o2_parts = parts;
    auto jit = codegen::Jit::create(error, options);
    REQUIRE(jit);
    // The largest policies (most expressions to share out) and one with none.
    for (const char* name : {"sta/major_tax_violations_2021.clx", "customs/enterprise_credit_2026.clx", "spc/judgment_defaulters_2017.clx",
                             "national/principles.clx"}) {
      std::string path = std::string(CREDLEX_SOURCE_DIR "/policies/") + name;
      INFO(parts << " parts: " << path);
      Counts c = compare_policy(path, *jit, codegen::Tier::Optimized, calendar.get(), 60);
      CHECK(c.agreed == (testing::lower_path(path)->policy.kinds.empty() ? 0 : 60));
    }
  }
}

TEST_CASE("a measure for life: the compiled timeline has no end date either, whatever ends the listing", "[codegen][timeline][life]") {
  // `for life` against `while listed` and `until restored` on one list: the period runs out, the
  // listing is removed, restoration is granted. The engine must keep the ban open as the
  // interpreter does (CLX_DURATION_LIFE in the policy table).
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", R"(policy nat "N" basic list
document law "Law"
entity Person
measure ban "Ban" { basis law art 1 category c severity 1 applies to Person for life }
)"}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event offence for Person
event paid for Person
event applied for Person
list debtors of Person {
  basis rules art 1
  include on offence for 1 year
  remove on paid
}
restoration debtors {
  basis rules art 2
  eligible after 0 days
  on applied decide within 5 days
}
measure ban_while_listed refines nat.ban { basis rules art 3 category c severity 1 applies to members of debtors while listed }
measure ban_until_restored refines nat.ban { basis rules art 4 category c severity 1 applies to members of debtors until restored }
measure ban_for_life refines nat.ban { basis rules art 5 category c severity 1 applies to members of debtors for life }
)"}});
  const ir::Policy& p = l->policy;
  std::string error;
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  auto compiled = jit->compile_policy(p, codegen::Tier::Fast, error);
  INFO(error);
  REQUIRE(compiled);
  for (const char* ending : {"", "paid", "applied"}) {
    ir::History h = testing::entity(p, "x", "Person");
    h.events.push_back(testing::event(p, "2020-01-10", "offence", {}));
    if (*ending) h.events.push_back(testing::event(p, "2020-05-01", ending, {}));
    ir::Timeline expected = ir::run(p, h);
    ir::Timeline actual = codegen::run(*compiled, p, h, nullptr);
    auto diff = codegen::first_difference(p, expected, actual);
    INFO("ended by: " << (*ending ? ending : "the period") << "\n" << (diff ? *diff : std::string()));
    CHECK_FALSE(diff);
    std::size_t lifelong = 0;
    for (const auto& m : actual.measures)
      if (p.measures.at(m.measure).name == "ban_for_life") {
        ++lifelong;
        CHECK_FALSE(m.end);
        CHECK(m.ended_by == ir::End::Open);
      }
    CHECK(lifelong == 1);
  }
}

TEST_CASE("deletion deadlines after a period: the compiled timeline has the interpreter's, both tiers", "[codegen][timeline][deletion]") {
  // `for 2 years then remove within W`, W a dated parameter; the engine evaluates W again once the
  // period's end is final (extensions), the interpreter on the listing's event: both must agree,
  // with and without China's calendar.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", R"(policy t "T"
document rules "Rules"
entity Person
event offence for Person
event paid for Person
event cleared for Person
param deletion_deadline: duration = 3 working days basis rules art 20
param deletion_deadline: duration = 5 working days from 2023-01-01 basis rules art 21
list fixed of Person {
  basis rules art 1
  include separately on offence for 2 years then remove within deletion_deadline
  extend by 1 month on paid
  remove on cleared within 1 working days
}
)"}});
  struct Case {
    Events events;
    const char* weekends_due;  // the first listing's deadline, weekends only
    const char* china_due;     // with China's calendar
  };
  const std::vector<Case> cases = {
      {{{"2020-01-10", "offence"}}, "2022-01-12", "2022-01-12"},
      {{{"2023-01-10", "offence"}}, "2025-01-16", "2025-01-16"},
      {{{"2020-01-10", "offence"}, {"2021-06-01", "paid"}}, "2022-02-14", "2022-02-14"},
      {{{"2022-10-01", "offence"}}, "2024-10-03", "2024-10-10"},
      {{{"2020-01-10", "offence"}, {"2021-06-04", "cleared"}}, "2021-06-07", "2021-06-07"},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  agree_on_both_tiers(l->policy, histories, [&](std::size_t k, bool china, const ir::Timeline& actual) {
    REQUIRE(actual.listings.size() == 1);
    REQUIRE(actual.listings[0].removal_deadline);
    CHECK(ir::date_text(*actual.listings[0].removal_deadline) == (china ? cases[k].china_due : cases[k].weekends_due));
  });
}

namespace {

// "list start end how" for each listing, in order: the listings of a timeline in one line each.
std::vector<std::string> listing_lines(const ir::Policy& p, const ir::Timeline& t) {
  std::vector<std::string> out;
  for (const auto& x : t.listings)
    out.push_back(fmt::format("{} {} {} {}", p.lists.at(x.list).name, ir::date_text(x.start), x.end ? ir::date_text(*x.end) : "-",
                              x.ended_by == ir::End::Period ? "period" : x.ended_by == ir::End::Restoration ? "restoration" : "other"));
  return out;
}

}  // namespace

TEST_CASE("listings `starting after` a publicity period: the compiled timeline has the interpreter's, both tiers", "[codegen][timeline][starting]") {
  // The start D after the event (a dated parameter, with and without China's calendar), the
  // period and the measures from then, the deletion deadline's parameter taken on the event's date
  // (its version changes before the start), an extension and a removal while the listing waits
  // (the removal cancels it), and a second event that does not open another listing.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event published for Person
event paid for Person
event cleared for Person
param waiting: duration = 7 working days basis rules art 20
param waiting: duration = 10 working days from 2023-01-01 basis rules art 21
param deletion: duration = 3 working days basis rules art 22
param deletion: duration = 5 working days from 2019-03-10 basis rules art 23
list banned of Person {
  basis rules art 1
  include on published starting after waiting for 180 days then remove within deletion
  extend by 1 month on paid
  remove on cleared within 1 days
}
grade watched "Watched" of Person {
  basis rules art 2
  levels yes, no
  level yes when listed(banned)
  otherwise no
}
measure ban "Ban" refines nat.ban {
  basis rules art 3
  category travel
  severity 2
  applies to members of banned
  while listed
}
)"}});
  struct Case {
    Events events;
    const char* weekends_start;  // the listing's start, weekends only
    const char* china_start;     // with China's calendar
  };
  const std::vector<Case> cases = {
      {{{"2019-03-04", "published"}}, "2019-03-13", "2019-03-13"},
      {{{"2024-02-08", "published"}}, "2024-02-22", "2024-02-28"},
      {{{"2019-03-04", "published"}, {"2019-03-06", "paid"}}, "2019-03-13", "2019-03-13"},
      {{{"2019-03-04", "published"}, {"2019-03-05", "published"}}, "2019-03-13", "2019-03-13"},
      {{{"2019-03-04", "published"}, {"2019-03-08", "cleared"}}, "2019-03-08", "2019-03-08"},
      // In force from 2024-10-10 when removed on 2024-10-11, weekends only; with China's National Day
      // holidays it would start on 2024-10-15, so the removal cancels it.
      {{{"2024-09-26", "published"}, {"2024-10-11", "cleared"}}, "2024-10-10", "2024-10-11"},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  agree_on_both_tiers(l->policy, histories, [&](std::size_t k, bool china, const ir::Timeline& actual) {
    REQUIRE(actual.listings.size() == 1);
    CHECK(ir::date_text(actual.listings[0].start) == (china ? cases[k].china_start : cases[k].weekends_start));
    // The measure starts with the listing, or never when a removal cancelled it first.
    if (actual.listings[0].end == actual.listings[0].start) {
      CHECK(actual.measures.empty());
    } else {
      REQUIRE(actual.measures.size() == 1);
      CHECK(actual.measures[0].start == actual.listings[0].start);
    }
  });
}

TEST_CASE("`cause is EVENT` tells which event opened a listing, in removals and measures, compiled as interpreted", "[codegen][timeline][cause_is]") {
  // SPC 2015 Art 1: a court order (para 1) or the defaulter listing (para 2) puts the debtor under
  // the restriction; only the second ends with the delisting, and only an order brings the
  // (made-up) notice measure.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event order_issued for Person { case: text }
event defaulter_listed for Person { case: text }
event delisted for Person { case: text }
list restricted of Person {
  basis rules art 1
  include separately on order_issued until removed
  include separately on defaulter_listed until removed
  remove on delisted d when d.case == cause.case and cause is defaulter_listed
}
measure notice "Notice of the order" refines nat.ban {
  basis rules art 5
  category travel
  severity 1
  applies to members of restricted when cause is order_issued
  while listed
}
)"}});
  const ir::Policy& p = l->policy;
  ir::History h = testing::entity(p, "x", "Person");
  auto text = [](const char* s) { return std::vector<std::pair<std::string, ir::Value>>{{"case", ir::Value::of_text(s)}}; };
  h.events.push_back(testing::event(p, "2020-01-06", "order_issued", text("A")));
  h.events.push_back(testing::event(p, "2020-02-03", "defaulter_listed", text("A")));
  h.events.push_back(testing::event(p, "2020-03-02", "delisted", text("A")));
  ir::Timeline expected = ir::run(p, h, {});
  // The delisting ends the listing opened by the defaulter listing only; the notice follows the order only.
  CHECK(testing::brief(p, expected) == "in restricted [2020-01-06, open) open\n"
                                       "in restricted [2020-02-03, 2020-03-02) removal\n"
                                       "under notice [2020-01-06, open) open\n");
  compiled_agrees(p, h, expected);
}

TEST_CASE("a record kept a fixed time after the listing: the compiled timeline has the interpreter's, both tiers", "[codegen][timeline][after]") {
  // `while listed and for D after` (Credit Reporting Regulations Art 16, G5): open while listed;
  // when the listing ends (its period, a removal), D more from that day. `rec`: D a parameter
  // taken on that day (5 years, 2 years from 2024-01-01), and a condition that still ends it
  // after the listing, with no restart when it holds again. `note`: 20 working days, so China's
  // calendar matters.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalRecord}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event offence for nat.Person
event cleared for nat.Person
event pardoned for nat.Person
param retention: duration = 5 years basis rules art 16
param retention: duration = 2 years from 2024-01-01 basis rules art 17
list fixed of nat.Person {
  basis rules art 1
  include on offence for 2 years
  remove on cleared
}
measure rec "Record" refines nat.record {
  basis rules art 16
  category credit_record
  severity 1
  applies to members of fixed when not exists(pardoned within 30 days)
  while listed and for retention after
}
measure note "Notice" refines nat.record {
  basis rules art 18
  category credit_record
  severity 1
  applies to members of fixed
  while listed and for 20 working days after
}
)"}});
  struct Case {
    Events events;
    const char* rec_end;
    ir::End rec_ended_by;
    const char* note_weekends;  // the notice's end, weekends only
    const char* note_china;     // with China's calendar
  };
  const std::vector<Case> cases = {
      // The 2-year period ends Monday 2022-01-10: 5 years, and 20 working days to Monday 2022-02-07.
      {{{"2020-01-10", "offence"}}, "2027-01-10", ir::End::Period, "2022-02-07", "2022-02-07"},
      // Removed on Friday 2021-06-04: 5 years from the removal; 20 working days to Friday 2021-07-02.
      {{{"2021-03-01", "offence"}, {"2021-06-04", "cleared"}}, "2026-06-04", ir::End::Period, "2021-07-02", "2021-07-02"},
      // The period ends Friday 2024-04-26, under the 2024 version (2 years). China's Labour Day
      // (1-5 May off, Sunday 28 April and Saturday 11 May worked) moves the notice's end a day.
      {{{"2022-04-26", "offence"}}, "2026-04-26", ir::End::Period, "2024-05-24", "2024-05-27"},
      // Removed on Friday 2023-12-29, before the new version: still 5 years. New Year's Day 2024
      // is a holiday in China's calendar.
      {{{"2023-12-01", "offence"}, {"2023-12-29", "cleared"}}, "2028-12-29", ir::End::Period, "2024-01-26", "2024-01-29"},
      // A pardon after the listing ended still ends the record, on its day.
      {{{"2020-01-10", "offence"}, {"2023-05-05", "pardoned"}}, "2023-05-05", ir::End::Condition, "2022-02-07", "2022-02-07"},
      // A pardon while listed ends it; its 30 days run out on 2022-01-19, after the listing
      // ended: the condition holds again, but the record does not restart (two measures, below).
      {{{"2020-01-10", "offence"}, {"2021-12-20", "pardoned"}}, "2021-12-20", ir::End::Condition, "2022-02-07", "2022-02-07"},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  const ir::Policy& p = l->policy;
  agree_on_both_tiers(p, histories, [&](std::size_t k, bool china, const ir::Timeline& actual) {
    INFO("case " << k);
    REQUIRE(actual.listings.size() == 1);
    REQUIRE(actual.measures.size() == 2);
    for (const auto& m : actual.measures) {
      CHECK(m.start == actual.listings[0].start);
      REQUIRE(m.end);
      if (p.measures.at(m.measure).name == "rec") {
        CHECK(ir::date_text(*m.end) == cases[k].rec_end);
        CHECK(m.ended_by == cases[k].rec_ended_by);
      } else {
        CHECK(ir::date_text(*m.end) == (china ? cases[k].note_china : cases[k].note_weekends));
        CHECK(m.ended_by == ir::End::Period);
      }
    }
  });
}

TEST_CASE("`cause.seriousness`: the level the opening event's own clause gives, compiled as interpreted", "[codegen][timeline][seriousness]") {
  // Two ways onto one list with their own seriousness clauses (one reading a field, one fixed);
  // a measure only for serious conduct and a restoration whose waiting period follows the level
  // (NDRC Order 36 Arts 8-10, 14: minimum periods by class). G24.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event fine for nat.Person {
  amount: money(CNY)
  seriousness if amount >= 100000 CNY then serious else general
}
event warning for nat.Person {
  seriousness minor
}
event applied for nat.Person
list offenders of nat.Person {
  basis rules art 1
  include separately on fine for 3 years
  include separately on warning for 1 year
}
measure travel_ban "Travel ban" refines nat.ban {
  basis rules art 2
  category travel
  severity 2
  applies to members of offenders when cause.seriousness >= serious
  while listed
}
restoration offenders {
  basis rules art 3
  eligible after if cause.seriousness == serious then 1 year else 3 months
  on applied decide within 10 working days
}
)"}});
  const ir::Policy& p = l->policy;
  ir::History h = testing::entity(p, "x", "Person");
  auto amount = [](std::int64_t cny) {
    return std::vector<std::pair<std::string, ir::Value>>{{"amount", ir::Value::money(cny * ir::kMoneyUnitsPerWhole, "CNY")}};
  };
  h.events.push_back(testing::event(p, "2024-01-10", "fine", amount(200000)));  // serious
  h.events.push_back(testing::event(p, "2024-02-01", "fine", amount(5000)));    // general
  h.events.push_back(testing::event(p, "2024-03-01", "warning", {}));           // minor
  h.events.push_back(testing::event(p, "2024-06-03", "applied", {}));
  ir::Timeline expected = ir::run(p, h, {});
  // On 2024-06-03 the general and minor listings have waited their 3 months and are restored; the
  // serious one must wait a year. Only the serious listing brings the travel ban.
  CHECK(testing::brief(p, expected) == "in offenders [2024-01-10, 2027-01-10) period\n"
                                       "in offenders [2024-02-01, 2024-06-03) restoration\n"
                                       "in offenders [2024-03-01, 2024-06-03) restoration\n"
                                       "under travel_ban [2024-01-10, 2027-01-10) source-ended\n"
                                       "decision #0 2024-06-03 refused: too early earliest 2025-01-10 due 2024-06-17\n"
                                       "decision #1 2024-06-03 granted due 2024-06-17\n"
                                       "decision #2 2024-06-03 granted due 2024-06-17\n");
  compiled_agrees(p, h, expected);
}

TEST_CASE("a time after the listing with periods counted from the next day: from the day after its last day, both tiers", "[codegen][timeline][after]") {
  // Civil Code Arts 201-202: a period ran out with its last day, so the month after counts from the
  // next day (as an extension does); after a removal, from the day after the removal.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalRecord}, {"t.clx", R"(policy t "T"
  periods count from the next day basis rules art 9
use "nat.clx" as nat
document rules "Rules"
event offence for nat.Person
event cleared for nat.Person
list fixed of nat.Person {
  basis rules art 1
  include on offence for 2 years
  remove on cleared
}
measure rec "Record" refines nat.record {
  basis rules art 16
  category credit_record
  severity 1
  applies to members of fixed
  while listed and for 1 month after
}
)"}});
  struct Case {
    Events events;
    const char* listing_end;
    const char* rec_end;
  };
  const std::vector<Case> cases = {
      // Listed 2022-03-15 to 2024-03-15 inclusive; a month from 2024-03-16: 2024-04-15 inclusive.
      {{{"2022-03-15", "offence"}}, "2024-03-16", "2024-04-16"},
      // Removed on 2023-01-31; a month from 2023-02-01: 2023-02-28 inclusive (the month's end).
      {{{"2022-03-15", "offence"}, {"2023-01-31", "cleared"}}, "2023-01-31", "2023-03-01"},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  agree_on_both_tiers(l->policy, histories, [&](std::size_t k, bool, const ir::Timeline& actual) {
    INFO("case " << k);
    REQUIRE(actual.listings.size() == 1);
    REQUIRE(actual.listings[0].end);
    CHECK(ir::date_text(*actual.listings[0].end) == cases[k].listing_end);
    REQUIRE(actual.measures.size() == 1);
    REQUIRE(actual.measures[0].end);
    CHECK(ir::date_text(*actual.measures[0].end) == cases[k].rec_end);
  });
}

TEST_CASE("a granted restoration's deletion deadline (`decide … then remove within`): the interpreter's, both tiers", "[codegen][timeline][decide]") {
  // STA Order 54 Art 23, SAMR Order 44 Art 18: after a grant the authority has W to delete the
  // listing, counted from the decision. W is a dated parameter taking its version on the decision's
  // day; a refusal records none; with China's calendar New Year's Day 2024 moves it.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan},
                                                                            {"t.clx", testing::offenders_policy(R"(param deletion: duration = 3 working days basis rules art 22
param deletion: duration = 5 working days from 2024-01-01 basis rules art 23
)",
                                                                                                                "  on applied decide within 10 working days then remove within deletion\n",
                                                                                                                R"(measure ban "Ban" refines nat.ban {
  basis rules art 2
  category travel
  severity 2
  applies to members of offenders
  while listed
}
)")}});
  struct Case {
    Events events;
    const char* end;             // of the listing
    const char* due;             // its deletion deadline, weekends only ("" for none)
    const char* due_china;       // with China's calendar
  };
  const std::vector<Case> cases = {
      // Friday 2023-12-29, 3 working days: Wednesday 2024-01-03; New Year's Day moves it to 01-04.
      {{{"2023-03-01", "offence"}, {"2023-12-29", "applied"}}, "2023-12-29", "2024-01-03", "2024-01-04"},
      // Friday 2024-03-08, the version of 2024-01-01: 5 working days, Friday 2024-03-15.
      {{{"2023-03-01", "offence"}, {"2024-03-08", "applied"}}, "2024-03-08", "2024-03-15", "2024-03-15"},
      // Too early (before 2023-09-01): refused, so no deletion is owed; the period runs out.
      {{{"2023-03-01", "offence"}, {"2023-08-31", "applied"}}, "2026-03-01", "", ""},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  agree_on_both_tiers(l->policy, histories, [&](std::size_t k, bool china, const ir::Timeline& actual) {
    INFO("case " << k << (china ? " with China's calendar" : ""));
    REQUIRE(actual.listings.size() == 1);
    const ir::Listing& ls = actual.listings[0];
    REQUIRE(ls.end);
    CHECK(ir::date_text(*ls.end) == cases[k].end);
    std::string want = china ? cases[k].due_china : cases[k].due;
    CHECK((ls.removal_deadline ? ir::date_text(*ls.removal_deadline) : std::string()) == want);
    CHECK(ir::removed_on(ls, *ls.end) == !want.empty());
    REQUIRE(actual.measures.size() == 1);
    CHECK(actual.measures[0].end == ls.end);
  });
}

TEST_CASE("a decision deadline extended (`decide within D extend by D2 on E`): the interpreter's, both tiers", "[codegen][timeline][decide]") {
  // NDRC Order 36 Art 16 para 3, SAMR Order 107 Art 16 para 3: 10 working days more "if complex".
  // An E gives D2 more to every decision of the rule whose deadline it falls within (application
  // day to deadline, both included), once; D2 takes its version on E's day. All dates by hand.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan},
                                                                            {"t.clx", testing::offenders_policy(R"(param more: duration = 5 working days basis rules art 30
param more: duration = 10 working days from 2024-01-01 basis rules art 31
event asked for nat.Person
event extended for nat.Person
)",
                                                                                                                R"(  on applied decide within 10 working days extend by more on extended
  on asked decide within 5 days
)")}});
  struct Case {
    Events events;
    std::vector<const char*> due;        // each decision's deadline, weekends only
    std::vector<const char*> due_china;  // with China's calendar
    std::vector<int> extended_by;        // the event that extended it, or -1
  };
  const std::vector<Case> cases = {
      // Friday 2023-12-15: due Friday 2023-12-29; extended on 2023-12-20 by the version of 2023,
      // 5 working days: Friday 2024-01-05, and Monday 2024-01-08 after New Year's Day.
      {{{"2023-03-01", "offence"}, {"2023-12-15", "applied"}, {"2023-12-20", "extended"}}, {"2024-01-05"}, {"2024-01-08"}, {2}},
      // Wednesday 2023-12-20: due Wednesday 2024-01-03 (Thursday 01-04 after New Year's Day);
      // extended on 2024-01-02 by the version of 2024, 10 working days (not the 5 in force on the
      // application's day): Wednesday 2024-01-17, Thursday 01-18.
      {{{"2023-03-01", "offence"}, {"2023-12-20", "applied"}, {"2024-01-02", "extended"}}, {"2024-01-17"}, {"2024-01-18"}, {2}},
      // Friday 2024-05-17 (refused, too early): due Friday 2024-05-31; extended on Monday 05-20 by
      // 10 working days: Friday 2024-06-14, Monday 06-17 with the Dragon Boat holiday (06-10).
      // A second extension gives nothing more.
      {{{"2024-01-01", "offence"}, {"2024-05-17", "applied"}, {"2024-05-20", "extended"}, {"2024-05-21", "extended"}},
       {"2024-06-14"},
       {"2024-06-17"},
       {2}},
      // Recorded the day after the deadline, or the day before the application: nothing moves.
      {{{"2024-01-01", "offence"}, {"2024-05-17", "applied"}, {"2024-06-03", "extended"}}, {"2024-05-31"}, {"2024-05-31"}, {-1}},
      {{{"2024-01-01", "offence"}, {"2024-05-16", "extended"}, {"2024-05-17", "applied"}}, {"2024-05-31"}, {"2024-05-31"}, {-1}},
      // On the deadline itself, and on the application's own day after it: both count.
      {{{"2024-01-01", "offence"}, {"2024-05-17", "applied"}, {"2024-05-31", "extended"}}, {"2024-06-14"}, {"2024-06-17"}, {2}},
      {{{"2024-01-01", "offence"}, {"2024-05-17", "applied"}, {"2024-05-17", "extended"}}, {"2024-06-14"}, {"2024-06-17"}, {2}},
      // The rule without `extend by` (5 days from 2024-05-17) keeps its deadline.
      {{{"2024-01-01", "offence"}, {"2024-05-17", "asked"}, {"2024-05-20", "extended"}}, {"2024-05-22"}, {"2024-05-22"}, {-1}},
      // Two applications pending: one extension moves both. Monday 2024-05-20 is due Monday
      // 2024-06-03, + 10 working days: Monday 06-17, Tuesday 06-18 with the holiday.
      {{{"2024-01-01", "offence"}, {"2024-05-17", "applied"}, {"2024-05-20", "applied"}, {"2024-05-21", "extended"}},
       {"2024-06-14", "2024-06-17"},
       {"2024-06-17", "2024-06-18"},
       {3, 3}},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  agree_on_both_tiers(l->policy, histories, [&](std::size_t k, bool china, const ir::Timeline& actual) {
    INFO("case " << k << (china ? " with China's calendar" : ""));
    const auto& want = china ? cases[k].due_china : cases[k].due;
    REQUIRE(actual.decisions.size() == want.size());
    for (std::size_t d = 0; d < want.size(); ++d) {
      REQUIRE(actual.decisions[d].deadline);
      CHECK(ir::date_text(*actual.decisions[d].deadline) == want[d]);
      CHECK(actual.decisions[d].extended_by == cases[k].extended_by[d]);
    }
  });
}

TEST_CASE("a listing opened by the grant of another list's restoration (`include on restored(L)`): the interpreter's, both tiers", "[codegen][timeline][restored]") {
  // GACC Art 30 para 1: an enterprise moved off the serious list is untrustworthy for a year from
  // the customs' decision, which is the new listing's cause. The listing opens after the event's
  // decisions, so the same event does not decide on it; a refusal opens nothing; a list of other
  // kinds is not opened.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event offence for nat.Person
event applied for nat.Person
list untrustworthy of nat.Person {
  basis rules art 1
  include separately on restored(serious) for 1 year
}
list serious of nat.Person {
  basis rules art 2
  include on offence for 3 years
}
restoration serious {
  basis rules art 3
  eligible after 1 year
  on applied decide within 10 working days then remove within 3 working days
}
restoration untrustworthy {
  basis rules art 4
  eligible after 0 days
  on applied decide
}
measure ban "Ban" refines nat.ban {
  basis rules art 5
  category travel
  severity 2
  applies to members of untrustworthy when cause is applied
  while listed
}
)"}});
  struct Case {
    Events events;
    std::vector<std::string> listings;  // "list [start, end) how"
  };
  const std::vector<Case> cases = {
      // Granted on 2021-03-02 (a full year): off the serious list, on the other for a year.
      {{{"2020-03-02", "offence"}, {"2021-03-02", "applied"}},
       {"serious 2020-03-02 2021-03-02 restoration", "untrustworthy 2021-03-02 2022-03-02 period"}},
      // Too early: refused, nothing opens.
      {{{"2020-03-02", "offence"}, {"2021-03-01", "applied"}}, {"serious 2020-03-02 2023-03-02 period"}},
      // A later application decides on the new listing (restored at once: `after 0 days`), and
      // there is no serious listing left to restore, so nothing more opens.
      {{{"2020-03-02", "offence"}, {"2021-03-02", "applied"}, {"2021-06-01", "applied"}},
       {"serious 2020-03-02 2021-03-02 restoration", "untrustworthy 2021-03-02 2021-06-01 restoration"}},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  const ir::Policy& p = l->policy;
  agree_on_both_tiers(p, histories, [&](std::size_t k, bool, const ir::Timeline& actual) {
    INFO("case " << k);
    CHECK(listing_lines(p, actual) == cases[k].listings);
    // The new listing's cause is the application that was granted (event #1), which the ban's
    // `cause is applied` reads: the ban runs with that listing.
    bool opened = cases[k].listings.size() == 2;
    REQUIRE(actual.measures.size() == (opened ? 1u : 0u));
    if (opened) {
      CHECK(actual.listings[1].cause_event == 1);
      CHECK(actual.measures[0].start == actual.listings[1].start);
      CHECK(actual.measures[0].end == actual.listings[1].end);
    }
  });
}

TEST_CASE("`include on restored(L)` with `starting after`, without `separately`, two lists on one grant: the interpreter's, both tiers", "[codegen][timeline][restored]") {
  // The lists are tried in their order after the event's decisions; a rule without `separately`
  // opens nothing while the entity is on the list (listed by its offence until 2022-03-02); a
  // condition is read on the deciding event's day; the listing starts 5 working days after the
  // grant.
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event offence for nat.Person
event applied for nat.Person
list watch of nat.Person {
  basis rules art 1
  include on offence for 2 years
  include on restored(serious) starting after 5 working days for 1 year
}
list follow of nat.Person {
  basis rules art 6
  include on restored(serious) when not exists(offence within 2 years) starting after 5 working days for 1 year
}
list serious of nat.Person {
  basis rules art 2
  include on offence for 3 years
}
restoration serious {
  basis rules art 3
  eligible after 1 year
  on applied decide
}
)"}});
  struct Case {
    Events events;
    std::vector<std::string> listings;
  };
  const std::vector<Case> cases = {
      // Granted Tuesday 2021-03-02 while on `watch`, and the offence is within 2 years: nothing opens.
      {{{"2020-03-02", "offence"}, {"2021-03-02", "applied"}}, {"watch 2020-03-02 2022-03-02 period", "serious 2020-03-02 2021-03-02 restoration"}},
      // Granted Thursday 2022-03-03, `watch` over: both open, `watch` first, from Thursday 2022-03-10.
      {{{"2020-03-02", "offence"}, {"2022-03-03", "applied"}},
       {"watch 2020-03-02 2022-03-02 period", "serious 2020-03-02 2022-03-03 restoration", "watch 2022-03-10 2023-03-10 period",
        "follow 2022-03-10 2023-03-10 period"}},
  };
  std::vector<Events> histories;
  for (const auto& c : cases) histories.push_back(c.events);
  const ir::Policy& p = l->policy;
  agree_on_both_tiers(p, histories, [&](std::size_t k, bool, const ir::Timeline& actual) {
    INFO("case " << k);
    CHECK(listing_lines(p, actual) == cases[k].listings);
  });
}

TEST_CASE("a listing for the period the authority chose (`for x.period within a .. b`): the interpreter's, both tiers", "[codegen][timeline][chosen]") {
  // NDRC Order 36 Art 12 para 1: minor information published for the period the sector chose, at
  // most 3 months. `capped`: a choice past the upper bound ends at it (the legal maximum); one
  // below the lower bound applies as decided; a negative one stops the run. `alone`: `within a`
  // with one bound caps at a. `next`: counted from the next day.
  const std::string declarations = R"(document rules "Rules"
entity Person
event decided for Person { period: duration }
)";
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", "policy t \"T\"\n" + declarations + R"(
list capped of Person {
  basis rules art 12
  include separately on decided x for x.period within 1 month .. 3 months
}
list alone of Person {
  basis rules art 13
  include separately on decided x for x.period within 2 months
}
)"}});
  auto n = testing::lower_files("next.clx", std::map<std::string, std::string>{{"next.clx", R"(policy next "N"
periods count from the next day basis rules art 25
)" + declarations + R"(
list counted of Person {
  basis rules art 12
  include separately on decided x for x.period within 0 months .. 3 months
}
)"}});
  struct Case {
    ir::Value period;
    std::vector<std::string> listings;  // listing_lines; empty: the run fails
  };
  auto months = [](int m) { return ir::Value::duration(m, ir::Unit::Months); };
  const std::vector<Case> cases = {
      {months(2), {"capped 2026-04-10 2026-06-10 period", "alone 2026-04-10 2026-06-10 period"}},
      {months(6), {"capped 2026-04-10 2026-07-10 period", "alone 2026-04-10 2026-06-10 period"}},
      {ir::Value::duration(10, ir::Unit::Days), {"capped 2026-04-10 2026-04-20 period", "alone 2026-04-10 2026-04-20 period"}},
      {ir::Value::duration(-1, ir::Unit::Days), {}},
  };
  const ir::Policy& p = l->policy;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    INFO("case " << k);
    ir::History h = testing::entity(p, "x", "Person");
    h.events.push_back(testing::event(p, "2026-04-10", "decided", {{"period", cases[k].period}}));
    ir::Timeline expected = ir::run(p, h, {});
    compiled_agrees(p, h, expected);
    if (cases[k].listings.empty()) {
      CHECK_FALSE(expected.ok());
      continue;
    }
    REQUIRE(expected.ok());
    CHECK(listing_lines(p, expected) == cases[k].listings);
    REQUIRE(expected.listings.size() == 2);
    CHECK(ir::date_text(*expected.listings[0].legal_maximum) == "2026-07-10");
    CHECK(ir::date_text(*expected.listings[1].legal_maximum) == "2026-06-10");
  }
  // A choice of no time at all (`0 months`: not published) opens no listing on either list.
  {
    ir::History h = testing::entity(p, "x", "Person");
    h.events.push_back(testing::event(p, "2026-04-10", "decided", {{"period", months(0)}}));
    ir::Timeline expected = ir::run(p, h, {});
    compiled_agrees(p, h, expected);
    REQUIRE(expected.ok());
    CHECK(expected.listings.empty());
  }
  // From the next day (Civil Code Art 201): a choice of 1 month from 2026-04-10 covers 2026-05-10;
  // 4 months end with the 3 months' last day, 2026-07-10 (the listing is in force up to 2026-07-11).
  const ir::Policy& q = n->policy;
  for (auto [chosen, end] : {std::pair{months(1), "2026-05-11"}, std::pair{months(4), "2026-07-11"}}) {
    ir::History h = testing::entity(q, "x", "Person");
    h.events.push_back(testing::event(q, "2026-04-10", "decided", {{"period", chosen}}));
    ir::Timeline expected = ir::run(q, h, {});
    compiled_agrees(q, h, expected);
    REQUIRE(expected.listings.size() == 1);
    CHECK(ir::date_text(*expected.listings[0].end) == std::string(end));
    CHECK(ir::date_text(*expected.listings[0].legal_maximum) == "2026-07-11");
  }
}

TEST_CASE("timelines converted into reused objects with spare items are the fresh conversion", "[codegen][timeline][spares]") {
  // The simulator converts timeline after timeline into the same few objects, moving items a
  // timeline no longer needs to the next that needs more (TimelineSpares): every item must still
  // be the one a fresh conversion gives, whatever the items held before.
  std::string error;
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  for (const char* name : {"spc/judgment_defaulters_2017.clx", "spc/high_consumption_2015.clx", "ndrc/credit_restoration_2025.clx"}) {
    auto l = testing::lower_path(std::string(CREDLEX_SOURCE_DIR) + "/policies/" + name);
    const ir::Policy& p = l->policy;
    auto compiled = jit->compile_policy(p, codegen::Tier::Fast, error);
    INFO(name << ": " << error);
    REQUIRE(compiled);
    differential::Generator gen(p, 0x5ba7e5ULL);
    std::vector<ir::Timeline> reused(3);
    codegen::TimelineSpares spares;
    clx_timeline raw{};
    int items = 0;
    for (int k = 0; k < 300; ++k) {
      ir::History h = gen.history();
      codegen::HistoryColumns columns(p, h);
      compiled->run(columns.get(), nullptr, &raw);
      ir::Timeline fresh = codegen::to_timeline(p, h, raw);
      ir::Timeline& into = reused[static_cast<std::size_t>(k) % reused.size()];
      codegen::to_timeline(p, h, raw, into, &spares);
      auto diff = codegen::first_difference(p, fresh, into);
      INFO("history " << k << ": " << (diff ? *diff : std::string()));
      REQUIRE_FALSE(diff);
      REQUIRE(ir::print(p, fresh) == ir::print(p, into));
      items += static_cast<int>(fresh.listings.size() + fresh.measures.size() + fresh.grades.size());
      // The simulator's second pass appends what reaches the entity: such items go to the spares
      // too, and must leave nothing behind in the next timeline that takes them.
      ir::MeasureInterval reached;
      reached.source = ir::MeasureInterval::Source::Reach;
      reached.reached_from = "E" + std::to_string(k);
      reached.relation = 0;
      reached.cause.rule = "reached";
      reached.cause.basis.push_back(ir::Citation{"law art 1", "A law"});
      into.measures.push_back(std::move(reached));
    }
    // Items the caller adds (reached measures, once per entity) must not pile up in the spares.
    for (int k = 0; k < 2 * static_cast<int>(codegen::kMostSpares); ++k) {
      codegen::to_timeline(p, ir::History{}, raw, reused[0], &spares);
      reused[0].measures.emplace_back();
    }
    CHECK(spares.measures.size() <= codegen::kMostSpares);
    compiled->free_timeline(&raw);
    CHECK(items > 0);
  }
}
