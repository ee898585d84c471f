// Named conditions: `condition NAME(p: TYPE, …) = EXPR basis …`, a legal test written once and
// used by name (STA Order 54 Art 6: the criteria of a major tax violation, needed by the include
// rules, by Art 22 para 1 item 2 and by the tax credit grade). Driven through the CLI in memory:
// what they decide on every backend, that a call lowers to exactly the written-out condition,
// what `credlex check` rejects, and the formatter keeping them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli.h"
#include "compiler/ir/interpret.h"
#include "ir_testing.h"
#include "lowered.h"

using namespace credlex;

namespace {

using testing::has;
using testing::MemFs;
using testing::run_cli;

// A list with two ways in that share one test (`major`, itself built on `large`), and a measure
// whose condition passes the entity and a date to a named condition (`adult`).
const char* kPolicy = R"(policy ex "Named conditions" basic list
document sta "STA Order 54" status verified
entity Person { birth_date: date }
enum ground { evasion, refusal }
event decided for Person { case: text  ground: ground  unpaid: money(CNY)  final: bool }
event published for Person { case: text }
param threshold: money(CNY) = 1000000 CNY basis sta art 6
condition large(amount: money(CNY)) = amount >= threshold basis sta art 6
condition major(d: decided) = d.final and (d.ground == refusal or large(d.unpaid)) basis sta art 6, sta art 7
condition adult(p: Person, at: date) = p.birth_date + 18 years <= at
list violators of Person {
  basis sta art 6
  include separately on published e when exists(decided d where d.case == e.case and major(d)) for 3 years basis sta art 17
  include separately on decided d when major(d) and d.ground == refusal for 1 year basis sta art 6
}
measure named "Named in public" {
  basis sta art 17
  category disclosure
  severity 1
  applies to members of violators when adult(self, cause.date)
  while listed
}
)";

// The same policy with every call written out by hand.
const char* kWrittenOut = R"(policy ex "Named conditions" basic list
document sta "STA Order 54" status verified
entity Person { birth_date: date }
enum ground { evasion, refusal }
event decided for Person { case: text  ground: ground  unpaid: money(CNY)  final: bool }
event published for Person { case: text }
param threshold: money(CNY) = 1000000 CNY basis sta art 6
list violators of Person {
  basis sta art 6
  include separately on published e when exists(decided d where d.case == e.case and (d.final and (d.ground == refusal or d.unpaid >= threshold))) for 3 years basis sta art 17
  include separately on decided d when (d.final and (d.ground == refusal or d.unpaid >= threshold)) and d.ground == refusal for 1 year basis sta art 6
}
measure named "Named in public" {
  basis sta art 17
  category disclosure
  severity 1
  applies to members of violators when self.birth_date + 18 years <= cause.date
  while listed
}
)";

std::vector<const char*> backends() {
#ifdef CREDLEX_HAVE_LLVM
  return {"interp", "jit", "aot"};
#else
  return {"interp"};
#endif
}

// `credlex test --backend B FILE` on every backend: the same exit code and every expected line.
void tests_on_every_backend(MemFs& fs, const char* file, int code, const std::vector<std::string>& lines) {
  REQUIRE(run_cli(fs, {"check", file}).code == 0);
  for (const char* backend : backends()) {
    INFO(backend);
    auto r = run_cli(fs, {"test", "--backend", backend, file});
    CHECK(r.code == code);
    for (const auto& line : lines) CHECK(has(r.out, line));
  }
}

// `credlex check` on kPolicy with `from` replaced by `to`.
testing::Outcome check_edited(const std::string& from, const std::string& to) {
  return testing::check_edited(kPolicy, from, to);
}

}  // namespace

TEST_CASE("named conditions decide as if written out, on every backend", "[driver][test]") {
  MemFs fs;
  // a: CNY 1,200,000 unpaid, final: listed on publication. b: CNY 900,000 (under the threshold):
  // never listed. c: a refusal, any amount: listed on the decision itself. y: a minor when listed:
  // on the list, but not named (the measure's `adult`).
  fs.files["ex.clx"] = std::string(kPolicy) + R"(
test "named" {
  a: Person { birth_date: 1980-01-01 }
  b: Person { birth_date: 1980-01-01 }
  c: Person { birth_date: 1980-01-01 }
  y: Person { birth_date: 2005-06-01 }
  2022-03-01 a decided { case: "A1", ground: evasion, unpaid: 1200000 CNY, final: true }
  2022-03-01 b decided { case: "B1", ground: evasion, unpaid: 900000 CNY, final: true }
  2022-03-01 c decided { case: "C1", ground: refusal, unpaid: 0 CNY, final: true }
  2022-03-01 y decided { case: "Y1", ground: evasion, unpaid: 1000000 CNY, final: true }
  2022-04-01 a published { case: "A1" }
  2022-04-01 b published { case: "B1" }
  2022-04-01 y published { case: "Y1" }
  expect 2022-05-01 a in violators
  expect 2022-05-01 a under named
  expect 2022-05-01 b not in violators
  expect 2022-05-01 c in violators
  expect 2023-03-02 c not in violators
  expect 2022-05-01 y in violators
  expect 2022-05-01 y not under named
  expect 2022-05-01 b in violators
}
)";
  // Only the last expectation fails: b's CNY 900,000 is under the threshold of `large`.
  tests_on_every_backend(fs, "ex.clx", 1,
                         {"ex.clx:43:3: test \"named\" failed: expected b in violators on 2022-05-01, but b is not in violators on that date",
                          "0 passed, 1 failed\n"});
}

TEST_CASE("named conditions lower to exactly the written-out conditions", "[ir]") {
  auto named = testing::lower_files("ex.clx", {{"ex.clx", kPolicy}});
  auto written = testing::lower_files("ex.clx", {{"ex.clx", kWrittenOut}});
  const auto& a = named->policy;
  const auto& b = written->policy;
  REQUIRE(a.lists.at(0).includes.size() == 2);
  for (std::size_t i = 0; i < 2; ++i)
    CHECK(ir::print_expr(a, a.lists[0].includes[i].condition) == ir::print_expr(b, b.lists[0].includes[i].condition));
  CHECK(ir::print_expr(a, a.measures.at(0).condition) == ir::print_expr(b, b.measures.at(0).condition));
  // The explanation keeps the name the drafter gave the test.
  CHECK(a.lists[0].includes[1].conditions_text == "when major(d) and d.ground == refusal");
}

TEST_CASE("named conditions: what credlex check rejects", "[driver][check]") {
  SECTION("a call with too few values") {
    auto r = check_edited("when adult(self, cause.date)", "when adult(self)");
    CHECK(r.code == 1);
    CHECK(has(r.err, "ex.clx:20:40: error[E0311]: `adult` takes 2 values but is given 1"));
    CHECK(has(r.err, "`adult` is declared here"));
  }
  SECTION("an argument of the wrong type: the parameter is an event of another type") {
    auto r = check_edited("d.case == e.case and major(d)", "d.case == e.case and major(e)");
    CHECK(r.code == 1);
    CHECK(has(r.err, "error[E0401]: expected an event `decided` here, but this is an event `published`"));
    CHECK(has(r.err, "`d` of `major` is declared here"));
  }
  SECTION("the entity is not in scope in the body: it is passed as a parameter") {
    auto r = check_edited("p.birth_date + 18 years <= at", "self.birth_date + 18 years <= at");
    CHECK(r.code == 1);
    CHECK(has(r.err, "ex.clx:10:40: error[E0312]: `self` is only known in rules about one entity"));
    CHECK(has(r.err, "a named condition knows only its parameters"));
  }
  SECTION("a history is not in scope either") {
    auto r = check_edited("amount >= threshold", "exists(decided x where x.unpaid >= amount)");
    CHECK(r.code == 1);
    CHECK(has(r.err, "error[E0312]: `exists(…)` is only known in rules about one entity"));
  }
  SECTION("a condition that calls itself") {
    auto r = check_edited("amount >= threshold", "large(amount)");
    CHECK(r.code == 1);
    CHECK(has(r.err, "ex.clx:8:11: error[E0601]: these rules depend on each other in a circle: condition `large` → condition `large`"));
  }
  SECTION("a body that is not a yes/no condition") {
    auto r = check_edited("amount >= threshold basis", "amount basis");
    CHECK(r.code == 1);
    CHECK(has(r.err, "error[E0401]: expected a yes/no condition here, but this is money in CNY"));
  }
  SECTION("two parameters with one name") {
    auto r = check_edited("adult(p: Person, at: date)", "adult(p: Person, p: date)");
    CHECK(r.code == 1);
    CHECK(has(r.err, "error[E0302]: `p` is declared more than once"));
  }
  SECTION("an unknown function names the named conditions in its hint") {
    auto r = check_edited("major(d))", "serious(d))");
    CHECK(r.code == 1);
    CHECK(has(r.err, "error[E0310]: there is no function `serious`"));
    CHECK(has(r.err, "the named conditions of this file"));
  }
}

TEST_CASE("named conditions: credlex fmt keeps them", "[driver][fmt]") {
  MemFs fs;
  fs.files["ex.clx"] = kPolicy;
  auto r = run_cli(fs, {"fmt", "--stdout", "ex.clx"});
  REQUIRE(r.code == 0);
  // A line too long for one is broken before its basis, as for parameters.
  CHECK(has(r.out, "\ncondition major(d: decided) = d.final and (d.ground == refusal or large(d.unpaid))\n  basis sta art 6, sta art 7\n"));
  CHECK(has(r.out, "\ncondition large(amount: money(CNY)) = amount >= threshold basis sta art 6\n"));
  CHECK(has(r.out, "\ncondition adult(p: Person, at: date) = p.birth_date + 18 years <= at\n"));
  fs.files["c.clx"] = r.out;
  CHECK(run_cli(fs, {"fmt", "--check", "c.clx"}).code == 0);
}

TEST_CASE("an event's seriousness calls named conditions with `of`: the written-out scale, the same ranks", "[ir]") {
  // NDRC Order 36 Arts 8-10 style: the classes written once and used by the scale.
  const char* head = R"(policy ex "Seriousness" basic list
document sta "STA Order 54" status verified
seriousness minor < general < serious
entity Person
param threshold: money(CNY) = 1000000 CNY basis sta art 6
condition large(amount: money(CNY)) = amount >= threshold basis sta art 6
condition serious_case(d: decided) = d.final and large(d.unpaid) basis sta art 6
)";
  auto named = testing::lower_files("ex.clx", {{"ex.clx", std::string(head) + R"(event decided for Person {
  unpaid: money(CNY)
  final: bool
  seriousness of d if serious_case(d) then serious else if final then general else minor
}
)"}});
  auto written = testing::lower_files("ex.clx", {{"ex.clx", std::string(head) + R"(event decided for Person {
  unpaid: money(CNY)
  final: bool
  seriousness if final and unpaid >= threshold then serious else if final then general else minor
}
)"}});
  const auto& a = named->policy;
  const auto& b = written->policy;
  CHECK(ir::print_expr(a, a.events.at(0).seriousness) == ir::print_expr(b, b.events.at(0).seriousness));
  // 1,000,000 and final: serious (3); 999,999.99 and final: general (2); not final: minor (1).
  ir::History h = testing::entity(a, "p", "Person");
  auto decided = [&](const char* date, std::int64_t cents, bool final) {
    h.events.push_back(testing::event(a, date, "decided",
                                      {{"unpaid", ir::Value::money(cents * ir::kMoneyUnitsPerWhole / 100, "CNY")}, {"final", ir::Value::boolean(final)}}));
  };
  decided("2022-01-01", 100000000, true);
  decided("2022-01-02", 99999999, true);
  decided("2022-01-03", 100000000, false);
  CHECK(ir::seriousness_rank(a, h, 0) == 3);
  CHECK(ir::seriousness_rank(a, h, 1) == 2);
  CHECK(ir::seriousness_rank(a, h, 2) == 1);
}

TEST_CASE("an event's seriousness: the name given with `of` is the event, checked as one", "[driver][check]") {
  const char* policy = R"(policy ex "Seriousness" basic list
document sta "STA Order 54" status verified
seriousness minor < serious
entity Person
event other for Person { final: bool }
condition final_other(d: other) = d.final basis sta art 7
event decided for Person {
  final: bool
  seriousness of d if final_other(d) then serious else minor
}
)";
  MemFs fs;
  fs.files["ex.clx"] = policy;
  auto r = run_cli(fs, {"check", "ex.clx"});
  CHECK(r.code == 1);
  CHECK(has(r.err, "E0401"));  // a `decided` event passed where an `other` is expected
}

TEST_CASE("a used file's named condition, called with its alias, on every backend", "[driver][test][alias]") {
  // A legal test written once in a shared file (here the age of majority and a large fine) and
  // used by a sector policy: `nat.adult(self, f.date)`, `nat.large(f)`.
  MemFs fs;
  fs.files["nat.clx"] = R"(policy nat "National" basic list
document law "National law"
entity Person { birth_date: date }
event fine for Person { amount: money(CNY) }
condition adult(p: Person, at: date) = p.birth_date + 18 years <= at basis law art 3
condition large(f: fine) = f.amount >= 100000 CNY basis law art 4
measure ban "Ban" {
  basis law art 1
  category travel
  severity 2
  applies to Person
  while listed
}
)";
  fs.files["t.clx"] = R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
list offenders of nat.Person {
  basis rules art 1
  include separately on nat.fine f when nat.large(f) and nat.adult(self, f.date) for 3 years
}
measure travel_ban "Travel ban" refines nat.ban {
  basis rules art 2
  category travel
  severity 2
  applies to members of offenders when nat.adult(self, cause.date)
  while listed
}
test "a large fine against an adult lists; a small one or a minor's does not" {
  a: Person { birth_date: 1990-01-01 }
  b: Person { birth_date: 2010-01-01 }
  2024-03-01 a nat.fine { amount: 200000 CNY }
  2024-03-01 b nat.fine { amount: 200000 CNY }
  2024-04-01 a nat.fine { amount: 5000 CNY }
  expect 2024-03-01 a in offenders
  expect 2024-03-01 a under travel_ban
  expect 2024-03-01 b not in offenders
  expect 2024-04-01 a in offenders
}
)";
  tests_on_every_backend(fs, "t.clx", 0, {"1 passed, 0 failed\n"});
  // The formatter keeps the alias.
  auto f = run_cli(fs, {"fmt", "t.clx"});
  REQUIRE(f.code == 0);
  CHECK(has(fs.files["t.clx"], "when nat.large(f) and nat.adult(self, f.date)"));
  // A condition the used file does not have, and an alias that names no used file.
  fs.files["bad.clx"] = R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
list offenders of nat.Person {
  basis rules art 1
  include on nat.fine f when nat.huge(f) and other.large(f) for 3 years
}
)";
  auto bad = run_cli(fs, {"check", "bad.clx"});
  CHECK(bad.code == 1);
  CHECK(has(bad.err, "bad.clx:6:34: error[E0310]: there is no function `nat.huge`"));
  CHECK(has(bad.err, "the used file `nat` has no named condition `huge`"));
  CHECK(has(bad.err, "bad.clx:6:52: error[E0310]: there is no function `other.large`"));
}
