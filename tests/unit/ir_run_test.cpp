// The reference interpreter, one rule of LANGUAGE.md §3 (and compiler/ir/README.md) per test.
// Each policy is compiled from source (parse → load/check → lower) and each timeline is checked
// in full, in the one-line-per-item form of brief() below.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/interpret.h"
#include "compiler/sema/model.h"
#include "lowered.h"
#include "ir_testing.h"
#include "credlex/civil_date.h"

using namespace credlex;
using namespace credlex::testing;

namespace {

// A basic list with templates of each kind of duration, and the head of a local policy.
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
measure exit "Exit" {
  basis law art 2
  category exit
  severity 2
  applies to Person
  until restored
}
measure record "Record" {
  basis law art 3
  category credit_record
  severity 1
  applies to Person
  for 5 years
}
measure ban "Ban" {
  basis law art 4
  category market_access
  severity 4
  applies to Person
  for life
}
)";

const char* kHead = R"(policy t "Test"
use "nat.clx" as nat
document rules "Local rules"
event offence for Person {
  case: text
  amount: money(CNY)
  serious: bool
}
event paid for Person { case: text }
event applied for Person { case: text }
event extended for Person { case: text }
param period: duration = 2 years basis rules art 1
param period: duration = 3 years from 2021-01-01 basis rules art 2
)";

std::unique_ptr<Lowered> compile(const std::string& body) {
  return lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", std::string(kHead) + body}, {"nat.clx", kNational}});
}


ir::Value cny(std::int64_t whole) { return ir::Value::money(whole * ir::kMoneyUnitsPerWhole, "CNY"); }
ir::Value text(const char* s) { return ir::Value::of_text(s); }

// One entity of kind Person and its events, fields given by name.
struct Builder {
  const ir::Policy& p;
  ir::History h;
  explicit Builder(const ir::Policy& policy) : p(policy), h(entity(policy, "p", "Person")) {}

  Builder& on(const std::string& date, const std::string& event, std::vector<std::pair<std::string, ir::Value>> fields) {
    h.events.push_back(testing::event(p, date, event, std::move(fields)));
    return *this;
  }

  Builder& offence(const std::string& date, const char* c, std::int64_t amount = 5000, bool serious = true) {
    return on(date, "offence", {{"case", text(c)}, {"amount", cny(amount)}, {"serious", ir::Value::boolean(serious)}});
  }
  Builder& simple(const std::string& date, const std::string& event, const char* c) {
    return on(date, event, {{"case", text(c)}});
  }
  ir::Timeline run() const { return ir::run(p, h); }
};


const char* kFixed = R"(list debtors of Person {
  basis rules art 10
  include on offence e when e.serious unless e.amount < 1000 CNY for period
  remove on paid p when p.case == cause.case within 3 working days basis rules art 11
}
)";

}  // namespace

TEST_CASE("inclusion: a fixed period from the event's date, with its cause", "[ir][run]") {
  auto c = compile(kFixed);
  auto t = Builder(c->policy).offence("2020-01-10", "A").run();
  CHECK(brief(c->policy, t) == "in debtors [2020-01-10, 2022-01-10) period\n");
  const auto& cause = t.listings.at(0).cause;
  CHECK(cause.rule == "list debtors, include rule 1");
  CHECK(cause.event == 0);
  CHECK(ir::date_text(cause.date) == "2020-01-10");
  REQUIRE(cause.params.size() == 1);
  CHECK(c->policy.params.at(cause.params[0].param).name == "period");
  CHECK(cause.params[0].version == 0);
  CHECK(ir::to_string(c->policy, cause.params[0].value) == "2 years");
  REQUIRE(cause.basis.size() == 1);
  CHECK(cause.basis[0].text == "rules art 10");
}

TEST_CASE("`when` and `unless`: the rule applies when a and not b", "[ir][run]") {
  auto c = compile(kFixed);
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A", 999).run()) == "");   // unless holds
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A", 5000, false).run()) == "");  // when fails
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A", 1000).run()) ==
        "in debtors [2020-01-10, 2022-01-10) period\n");
}

TEST_CASE("inclusion while listed does nothing unless `separately`", "[ir][run]") {
  auto c = compile(kFixed);
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A").offence("2020-05-01", "B").run()) ==
        "in debtors [2020-01-10, 2022-01-10) period\n");
  auto s = compile(R"(list debtors of Person {
  basis rules art 10
  include separately on offence e for period
}
)");
  CHECK(brief(s->policy, Builder(s->policy).offence("2020-01-10", "A").offence("2020-05-01", "B").run()) ==
        "in debtors [2020-01-10, 2022-01-10) period\n"
        "in debtors [2020-05-01, 2022-05-01) period\n");
}

TEST_CASE("`until removed` has no end, `for a .. b` applies a and records b as the legal maximum", "[ir][run]") {
  auto c = compile(R"(list open_list of Person {
  basis rules art 10
  include on offence e when e.serious until removed
  include on offence e for 1 year .. 3 years
  remove on paid p when p.case == cause.case
}
)");
  auto t = Builder(c->policy).offence("2020-01-10", "A").offence("2020-02-10", "B", 5000, false).run();
  CHECK(brief(c->policy, t) == "in open_list [2020-01-10, open) open\n");
  auto u = Builder(c->policy).offence("2020-01-10", "A", 5000, false).run();
  CHECK(brief(c->policy, u) == "in open_list [2020-01-10, 2021-01-10) period\n");
  REQUIRE(u.listings.at(0).legal_maximum);
  CHECK(ir::date_text(*u.listings[0].legal_maximum) == "2023-01-10");
  CHECK(u.listings[0].cause.rule == "list open_list, include rule 2");
}

TEST_CASE("same-day inclusion and expiry: the old listing ends before the new event applies", "[ir][run]") {
  auto c = compile(kFixed);
  auto t = Builder(c->policy).offence("2019-01-10", "A").offence("2021-01-10", "B").run();
  // The first listing ends on 2021-01-10 (step 1), so B opens a new one, valued on its own date.
  CHECK(brief(c->policy, t) ==
        "in debtors [2019-01-10, 2021-01-10) period\n"
        "in debtors [2021-01-10, 2024-01-10) period\n");
}

TEST_CASE("a parameter that changes value between two events", "[ir][run]") {
  auto c = compile(R"(list debtors of Person {
  basis rules art 10
  include separately on offence e for period
}
)");
  auto t = Builder(c->policy).offence("2020-12-31", "A").offence("2021-01-01", "B").run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-12-31, 2022-12-31) period\n"
        "in debtors [2021-01-01, 2024-01-01) period\n");
  CHECK(t.listings.at(0).cause.params.at(0).version == 0);
  CHECK(t.listings.at(1).cause.params.at(0).version == 1);
  CHECK(c->policy.params.at(0).versions.at(1).basis.at(0).text == "rules art 2");
}

TEST_CASE("same-day events apply in input order", "[ir][run]") {
  auto c = compile(kFixed);
  // Included, then removed by the payment that follows on the same day: an empty listing.
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-03-02", "A").simple("2020-03-02", "paid", "A").run()) ==
        "in debtors [2020-03-02, 2020-03-02) removal due 2020-03-05\n");
  // The payment first finds nothing to remove; the offence then lists.
  CHECK(brief(c->policy, Builder(c->policy).simple("2020-03-02", "paid", "A").offence("2020-03-02", "A").run()) ==
        "in debtors [2020-03-02, 2022-03-02) period\n");
}

TEST_CASE("removal ends the listing on its date, `within` is a deadline in working days", "[ir][run]") {
  auto c = compile(kFixed);
  // 2020-06-05 is a Friday: three working days later is Wednesday 2020-06-10.
  auto t = Builder(c->policy).offence("2020-01-10", "A").simple("2020-06-05", "paid", "B").simple("2020-06-05", "paid", "A").run();
  CHECK(brief(c->policy, t) == "in debtors [2020-01-10, 2020-06-05) removal due 2020-06-10\n");
  REQUIRE(t.listings[0].end_cause);
  CHECK(t.listings[0].end_cause->rule == "list debtors, remove rule 1");
  CHECK(t.listings[0].end_cause->event == 2);
  CHECK(t.listings[0].end_cause->basis.at(0).text == "rules art 11");
  CHECK(t.listings[0].end_cause->basis.at(1).text == "rules art 10");
}

TEST_CASE("removal on the day the period ends finds nothing to remove", "[ir][run]") {
  auto c = compile(kFixed);
  auto t = Builder(c->policy).offence("2020-01-10", "A").simple("2022-01-10", "paid", "A").run();
  CHECK(brief(c->policy, t) == "in debtors [2020-01-10, 2022-01-10) period\n");
  CHECK_FALSE(t.listings[0].end_cause);
  // One day earlier it is a removal.
  auto u = Builder(c->policy).offence("2020-01-10", "A").simple("2022-01-09", "paid", "A").run();
  CHECK(brief(c->policy, u) == "in debtors [2020-01-10, 2022-01-09) removal due 2022-01-12\n");
}

TEST_CASE("leap day and the 31st plus one month clamp to the month's end", "[ir][run]") {
  auto c = compile(R"(list yearly of Person {
  basis rules art 10
  include on offence e when e.serious for 1 year
  include on offence e for 1 month
}
)");
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-02-29", "A").run()) == "in yearly [2020-02-29, 2021-02-28) period\n");
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-31", "A", 5000, false).run()) ==
        "in yearly [2020-01-31, 2020-02-29) period\n");
  CHECK(brief(c->policy, Builder(c->policy).offence("2021-01-31", "A", 5000, false).run()) ==
        "in yearly [2021-01-31, 2021-02-28) period\n");
}

TEST_CASE("extension adds the lower bound, never beyond the upper bound in total", "[ir][run]") {
  auto c = compile(R"(list debtors of Person {
  basis rules art 10
  include on offence e for 1 year
  extend by 2 years .. 3 years on extended x when x.case == cause.case basis rules art 13
}
)");
  auto t = Builder(c->policy)
               .offence("2020-01-10", "A")
               .simple("2020-06-01", "extended", "B")  // another case: no extension
               .simple("2020-07-01", "extended", "A")
               .simple("2021-07-01", "extended", "A")  // only 1 year left under the cap
               .simple("2021-08-01", "extended", "A")  // at the cap
               .run();
  CHECK(brief(c->policy, t) == "in debtors [2020-01-10, 2024-01-10) period +2 years +1 year(capped) +0 months(capped)\n");
  REQUIRE(t.listings[0].extensions.size() == 3);
  CHECK(t.listings[0].extensions[1].cause.rule == "list debtors, extend rule 1");
  CHECK(t.listings[0].extensions[1].cause.event == 3);
  CHECK(t.listings[0].extensions[1].cause.basis.at(0).text == "rules art 13");
}

TEST_CASE("extension on the day the period ends comes too late", "[ir][run]") {
  auto c = compile(R"(list debtors of Person {
  basis rules art 10
  include on offence e for 1 year
  extend by 1 year on extended x
}
)");
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A").simple("2021-01-10", "extended", "A").run()) ==
        "in debtors [2020-01-10, 2021-01-10) period\n");
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A").simple("2021-01-09", "extended", "A").run()) ==
        "in debtors [2020-01-10, 2022-01-10) period +1 year\n");
}

namespace {
const char* kRestorable = R"(list debtors of Person {
  basis rules art 10
  include on offence e until removed
}
restoration debtors {
  basis rules art 30
  eligible after 1 year when exists(paid where case == cause.case) basis rules art 31
  on applied decide within 5 working days
  never when cause.amount > 1000000 CNY basis rules art 32
}
)";
}

TEST_CASE("restoration: refused before the minimum period, with the earliest date", "[ir][run]") {
  auto c = compile(kRestorable);
  auto t = Builder(c->policy)
               .offence("2020-01-10", "A")
               .simple("2020-03-01", "paid", "A")
               .simple("2021-01-08", "applied", "A")  // a Friday
               .run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-01-10, open) open\n"
        "decision #0 2021-01-08 refused: too early earliest 2021-01-10 due 2021-01-15\n");
  CHECK(t.decisions[0].cause.rule == "restoration debtors, decide rule 1; restoration debtors, eligible rule 1");
}

TEST_CASE("restoration: refused while the condition is not met, granted once it is", "[ir][run]") {
  auto c = compile(kRestorable);
  auto t = Builder(c->policy)
               .offence("2020-01-10", "A")
               .simple("2021-02-01", "applied", "A")  // a Monday: due the next Monday
               .simple("2021-03-01", "paid", "A")
               .simple("2021-03-02", "applied", "A")
               .run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-01-10, 2021-03-02) restoration\n"
        "decision #0 2021-02-01 refused: condition not met due 2021-02-08\n"
        "decision #0 2021-03-02 granted due 2021-03-09\n");
  const auto& basis = t.decisions[1].cause.basis;
  REQUIRE(basis.size() == 3);
  CHECK(basis[0].text == "rules art 31");
  CHECK(basis[1].text == "rules art 30");
  CHECK(basis[2].text == "rules art 10");
}

TEST_CASE("restoration: a `never` condition excludes it", "[ir][run]") {
  auto c = compile(kRestorable);
  auto t = Builder(c->policy)
               .offence("2020-01-10", "A", 2000000)
               .simple("2021-03-01", "paid", "A")
               .simple("2021-03-02", "applied", "A")
               .run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-01-10, open) open\n"
        "decision #0 2021-03-02 refused: excluded due 2021-03-09\n");
  CHECK(t.decisions[0].cause.basis.at(0).text == "rules art 32");
}

TEST_CASE("history aggregates: `within D` looks back from d - D (excluded) to d (included), up to the current event", "[ir][run]") {
  auto c = compile(R"(list repeat of Person {
  basis rules art 10
  include on offence e when count(offence within 1 year) >= 2 for 1 year
}
)");
  // 2020-01-10 is still inside the year that ends on 2021-01-09 ...
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A").offence("2021-01-09", "B").run()) ==
        "in repeat [2021-01-09, 2022-01-09) period\n");
  // ... but not inside the year that ends on 2021-01-10.
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A").offence("2021-01-10", "B").run()) == "");
  // A later event of the same day is not yet visible to the first.
  CHECK(brief(c->policy, Builder(c->policy).offence("2020-01-10", "A").offence("2020-01-10", "B").run()) ==
        "in repeat [2020-01-10, 2021-01-10) period\n");
  CHECK(Builder(c->policy).offence("2020-01-10", "A").offence("2020-01-10", "B").run().listings.at(0).cause.event == 1);
}

TEST_CASE("sum, latest and first over the history", "[ir][run]") {
  auto c = compile(R"(list big of Person {
  basis rules art 10
  include on offence e when sum(amount of offence within 30 days) >= 10000 CNY and latest(offence).case == first(paid).case for 1 year
}
)");
  auto t = Builder(c->policy)
               .simple("2020-01-01", "paid", "B")
               .offence("2020-01-05", "A", 6000)
               .offence("2020-02-03", "B", 4000)  // 6000 + 4000 within 30 days, latest case B
               .run();
  CHECK(brief(c->policy, t) == "in big [2020-02-03, 2021-02-03) period\n");
  auto u = Builder(c->policy).simple("2020-01-01", "paid", "B").offence("2020-01-05", "A", 6000).offence("2020-02-04", "B", 4000).run();
  CHECK(brief(c->policy, u) == "");  // 30 days back from 2020-02-04 excludes 2020-01-05
}

TEST_CASE("`cause` is the event that opened the listing being evaluated", "[ir][run]") {
  auto c = compile(R"(list debtors of Person {
  basis rules art 10
  include separately on offence e until removed
  remove on paid p when p.case == cause.case
}
)");
  auto t = Builder(c->policy).offence("2020-01-10", "A").offence("2020-02-10", "B").simple("2020-03-10", "paid", "B").run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-01-10, open) open\n"
        "in debtors [2020-02-10, 2020-03-10) removal\n");
  CHECK(t.listings[1].cause_event == 1);
}

namespace {
const char* kMeasures = R"(list debtors of Person {
  basis rules art 10
  include on offence e for 1 year
  remove on paid p when p.case == cause.case
}
restoration debtors {
  basis rules art 30
  eligible after 0 days
  on applied decide within 5 days
}
measure restrict refines nat.restrict {
  basis rules art 40
  category consumption
  severity 3
  applies to members of debtors
  while listed
}
measure exit refines nat.exit {
  basis rules art 41
  category exit
  severity 2
  applies to members of debtors when cause.amount >= 10000 CNY
  until restored
}
measure record refines nat.record {
  basis rules art 42
  category credit_record
  severity 1
  applies to members of debtors
  for 2 years
}
)";
}

TEST_CASE("measures: while listed, for D from the listing's start, until restored", "[ir][run]") {
  auto c = compile(kMeasures);
  // Expiry by period: `while listed` ends, `until restored` does not, `for` runs its 2 years.
  auto t = Builder(c->policy).offence("2020-01-10", "A", 20000).run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-01-10, 2021-01-10) period\n"
        "under restrict [2020-01-10, 2021-01-10) source-ended\n"
        "under exit [2020-01-10, open) open\n"
        "under record [2020-01-10, 2022-01-10) period\n");
  // Removal ends `until restored` too.
  auto u = Builder(c->policy).offence("2020-01-10", "A", 20000).simple("2020-05-01", "paid", "A").run();
  CHECK(brief(c->policy, u) ==
        "in debtors [2020-01-10, 2020-05-01) removal\n"
        "under restrict [2020-01-10, 2020-05-01) source-ended\n"
        "under exit [2020-01-10, 2020-05-01) source-ended\n"
        "under record [2020-01-10, 2022-01-10) period\n");
  // So does a granted restoration; and the `applies to` condition reads the listing's cause.
  auto v = Builder(c->policy).offence("2020-01-10", "A", 5000).simple("2020-05-01", "applied", "A").run();
  CHECK(brief(c->policy, v) ==
        "in debtors [2020-01-10, 2020-05-01) restoration\n"
        "under restrict [2020-01-10, 2020-05-01) source-ended\n"
        "under record [2020-01-10, 2022-01-10) period\n"
        "decision #0 2020-05-01 granted due 2020-05-06\n");
}

TEST_CASE("a measure for life: no end date, whatever ends the listing", "[ir][run][life]") {
  auto c = compile(std::string(kMeasures) + R"(measure ban refines nat.ban {
  basis rules art 43
  category market_access
  severity 4
  applies to members of debtors
  for life
}
)");
  // The listing's period runs out, it is removed, or restoration is granted: the ban stays.
  auto expired = Builder(c->policy).offence("2020-01-10", "A", 20000).run();
  CHECK(brief(c->policy, expired).find("under ban [2020-01-10, open) open\n") != std::string::npos);
  auto removed = Builder(c->policy).offence("2020-01-10", "A", 20000).simple("2020-05-01", "paid", "A").run();
  CHECK(brief(c->policy, removed).find("under ban [2020-01-10, open) open\n") != std::string::npos);
  CHECK(brief(c->policy, removed).find("under exit [2020-01-10, 2020-05-01) source-ended\n") != std::string::npos);
  auto restored = Builder(c->policy).offence("2020-01-10", "A", 5000).simple("2020-05-01", "applied", "A").run();
  CHECK(brief(c->policy, restored).find("under ban [2020-01-10, open) open\n") != std::string::npos);
  // A second offence after the first listing ended: a second instance (one per listing); neither ends.
  auto again = Builder(c->policy).offence("2020-01-10", "A", 20000).offence("2050-01-10", "B", 20000).run();
  std::size_t bans = 0;
  for (const auto& m : again.measures) bans += c->policy.measures.at(m.measure).name == "ban";
  CHECK(bans == 2);
  for (const auto& m : again.measures)
    if (c->policy.measures.at(m.measure).name == "ban") CHECK_FALSE(m.end);
}

TEST_CASE("a measure's cause: its rule, the listing's event and the basis chain", "[ir][run]") {
  auto c = compile(kMeasures);
  auto t = Builder(c->policy).offence("2020-01-10", "A", 20000).run();
  const auto& m = t.measures.at(0);
  CHECK(m.cause.rule == "measure restrict, applies to members of debtors");
  CHECK(m.cause.event == 0);
  CHECK(m.source == ir::MeasureInterval::Source::Listing);
  CHECK(m.source_index == 0);
  std::vector<std::string> basis;
  for (const auto& b : m.cause.basis) basis.push_back(b.text);
  CHECK(basis == std::vector<std::string>{"rules art 40", "nat.law art 1", "rules art 10"});
}

TEST_CASE("grades: the first level whose conditions hold, else otherwise, recomputed when a listing ends", "[ir][run]") {
  auto c = compile(R"(list debtors of Person {
  basis rules art 10
  include on offence e for 1 year
}
grade standing of Person {
  basis rules art 50
  levels bad, watch, good
  level bad when listed(debtors)
  level watch when count(paid within 1 year) >= 1
  otherwise good
}
)");
  auto t = Builder(c->policy).simple("2019-06-01", "paid", "X").offence("2020-01-10", "A").run();
  CHECK(brief(c->policy, t) ==
        "in debtors [2020-01-10, 2021-01-10) period\n"
        "grade standing watch [2019-06-01, 2020-01-10)\n"
        "grade standing bad [2020-01-10, 2021-01-10)\n"
        "grade standing good [2021-01-10, open)\n");
  CHECK(t.grades[1].cause.rule == "grade standing, level rule 1");
  CHECK(t.grades[2].cause.rule == "grade standing, otherwise");
}

TEST_CASE("run-time errors are located and stop the run", "[ir][run]") {
  auto c = compile(R"(event fine for Person { amount: money  times: int }
list debtors of Person {
  basis rules art 10
  include on fine f when f.amount > 100 CNY for 1 year
  include on fine f when f.times * 999999999999999999 > 0 for 1 year
  include on offence e when self.birth_date < e.date for 1 year
}
)");
  const auto& p = c->policy;
  auto fine = [&](ir::Value amount, std::int64_t times) {
    return std::vector<std::pair<std::string, ir::Value>>{{"amount", std::move(amount)}, {"times", ir::Value::integer(times)}};
  };
  SECTION("money of another currency") {
    auto t = Builder(p).on("2020-01-10", "fine", fine(ir::Value::money(50, "USD"), 1)).run();
    CHECK(brief(p, t) == "error #0 2020-01-10: money in USD and in CNY cannot be combined\n");
  }
  SECTION("overflow") {
    auto t = Builder(p).on("2020-01-10", "fine", fine(cny(1), 0)).on("2020-01-11", "fine", fine(cny(1), 10)).run();
    CHECK(brief(p, t) == "error #1 2020-01-11: arithmetic overflow\n");
  }
  SECTION("an unknown attribute") {
    auto t = Builder(p).offence("2020-01-10", "A").run();
    CHECK(brief(p, t) == "error #0 2020-01-10: the entity's `birth_date` is not known\n");
  }
  SECTION("a missing field and unsorted dates are found before the run") {
    Builder b(p);
    b.on("2020-02-01", "fine", {{"amount", cny(1)}});
    b.offence("2020-01-10", "A");
    auto t = b.run();
    CHECK(brief(p, t) ==
          "error #0 2020-02-01: the field `times` has no value\n"
          "error #1 2020-01-10: the events are not in date order\n");
  }
}

// ---------------------------------------------------------------------------------------------
// Reach over relations (apply_reach): a second pass over the timelines of a population.

namespace {

const char* kReachNational = R"(policy rn "National" basic list
document law "National law"
entity Person { birth_date: date }
entity Company {
  relation rep -> Person
  relation owner -> Person
}
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
entity Company {
  relation rep -> Person
  relation owner -> Person
}
event offence for Person, Company { case: text }
event paid for Person, Company { case: text }
list debtors of Person, Company {
  basis rules art 1
  include on offence for 1 year
  remove on paid
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

std::unique_ptr<Lowered> compile_reach() {
  return lower_files("rl.clx", std::map<std::string, std::string>{{"rl.clx", kReachLocal}, {"rn.clx", kReachNational}});
}


void event(const ir::Policy& p, ir::History& h, const std::string& date, const char* type, const char* c) {
  h.events.push_back(testing::event(p, date, type, {{"case", text(c)}}));
}


std::vector<ir::Timeline> run_all(const ir::Policy& p, const std::vector<ir::History>& hs) {
  std::vector<ir::Timeline> ts;
  for (const auto& h : hs) ts.push_back(ir::run(p, h));
  ir::apply_reach(p, hs, ts);
  return ts;
}

std::string reached(const ir::Policy& p, const ir::Timeline& t) {
  std::string o;
  for (const auto& m : t.measures) {
    o += "under " + p.measures.at(m.measure).name + " " + span(m.start, m.end);
    if (m.source == ir::MeasureInterval::Source::Reach)
      o += " from " + m.reached_from + " over " + p.relations.at(m.relation).name +
           (m.ended_by == ir::End::RelationEnded ? " relation-ended" : std::string(" ") + end_word(m.ended_by));
    o += "\n";
  }
  return o;
}

}  // namespace

TEST_CASE("reach: the overlap of the relation's validity and the source measure", "[ir][run][reach]") {
  auto c = compile_reach();
  const auto& p = c->policy;
  auto co = entity(p, "c", "Company");
  auto r1 = entity(p, "r1", "Person"), r2 = entity(p, "r2", "Person"), r3 = entity(p, "r3", "Person");
  auto r4 = entity(p, "r4", "Person"), o = entity(p, "o", "Person");
  relate(p, co, "rep", "r1", "2015-01-01", "2020-06-01");  // ends during the measure
  relate(p, co, "rep", "r2", "2020-03-01", std::nullopt);  // starts after the listing
  relate(p, co, "rep", "r3", "2010-01-01", "2019-01-01");  // over before it: nothing
  relate(p, co, "rep", "r4", "2021-02-01", std::nullopt);  // starts after it ended: nothing
  relate(p, co, "owner", "o", "2010-01-01", std::nullopt);  // not a relation the measure reaches
  event(p, co, "2020-01-10", "offence", "A");
  event(p, r1, "2020-02-01", "offence", "B");  // r1's own listing: its own measure, kept apart
  auto ts = run_all(p, {co, r1, r2, r3, r4, o});
  CHECK(reached(p, ts[0]) == "under restrict [2020-01-10, 2021-01-10)\n");
  CHECK(reached(p, ts[1]) ==
        "under restrict [2020-02-01, 2021-02-01)\n"
        "under restrict [2020-01-10, 2020-06-01) from c over rep relation-ended\n");
  CHECK(reached(p, ts[2]) == "under restrict [2020-03-01, 2021-01-10) from c over rep source-ended\n");
  CHECK(reached(p, ts[3]).empty());
  CHECK(reached(p, ts[4]).empty());
  CHECK(reached(p, ts[5]).empty());
  // A reached interval is not a listing, and its cause names the source.
  CHECK(ts[2].listings.empty());
  CHECK(ts[2].measures[0].cause.rule == "measure restrict, reaches rep of c");
  CHECK(ts[2].measures[0].source_index == 0);
  // One hop: r1's own measure does not reach further, and a removal ends the reached interval.
  event(p, co, "2020-04-01", "paid", "A");
  auto us = run_all(p, {co, r1, r2});
  CHECK(reached(p, us[2]) == "under restrict [2020-03-01, 2020-04-01) from c over rep source-ended\n");
  // A related entity outside the population is not reached (and nothing fails).
  auto vs = run_all(p, {co});
  CHECK(reached(p, vs[0]) == "under restrict [2020-01-10, 2020-04-01)\n");
}
