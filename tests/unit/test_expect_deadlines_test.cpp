// `expect DATE ENTITY removed from L [due D]` and `expect DATE ENTITY restoration of L
// granted|refused [due D]`: `credlex test` driven in memory through driver::Env (passing and failing
// expectations with the exact messages, working-day deadlines across a weekend), what
// `credlex check` says about them, and `credlex fmt` round-tripping them.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "compiler/driver/driver.h"

using namespace credlex;

namespace {

using testing::has;
using testing::MemFs;
using testing::Outcome;
using testing::run_cli;

// 22 lines. Removal `within 3 working days` (SPC 2017 Art 10); restoration decided `within 10
// working days` after at least 3 months on the list. No holiday calendar: weekends only.
const char* kPolicy = R"(policy dl "Deadlines"
document spc "SPC provisions on judgment defaulters" status verified
document sta "STA order on published penalty information" status verified
entity Person { birth_date: date }
event judgment for Person { case: text }
event performed for Person { case: text }
event penalty for Person { case: text }
event applied for Person { case: text }
list defaulters of Person {
  basis spc art 1
  include on judgment until removed
  remove on performed p when p.case == cause.case within 3 working days basis spc art 10
}
list penalties of Person {
  basis sta art 1
  include on penalty for 3 years
}
restoration penalties {
  basis sta art 21
  eligible after 3 months
  on applied decide within 10 working days
}
)";

MemFs fs_with(const std::string& tests) {
  MemFs fs;
  fs.files["dl.clx"] = std::string(kPolicy) + tests;
  return fs;
}

// p performs on Friday 2020-06-05: removed that day, due Wednesday 2020-06-10.
const char* kRemovalHistory = R"(
test "removal" {
  p: Person { birth_date: 1980-01-01 }
  2020-01-10 p judgment { case: "A" }
  2020-06-05 p performed { case: "A" }
)";

// q is listed on 2026-04-10; an application on Thursday 2026-07-09 is too early (due Thursday
// 2026-07-23), the next on Friday 2026-07-10 is granted (due Friday 2026-07-24).
const char* kRestorationHistory = R"(
test "restoration" {
  q: Person { birth_date: 1980-01-01 }
  2026-04-10 q penalty { case: "P" }
  2026-07-09 q applied { case: "P" }
  2026-07-10 q applied { case: "P" }
)";

}  // namespace

TEST_CASE("expect removed from: a removal on Friday within 3 working days is due on Wednesday", "[driver][test]") {
  auto fs = fs_with(std::string(kRemovalHistory) + R"(  expect 2020-06-05 p removed from defaulters due 2020-06-10
  expect 2020-06-05 p removed from defaulters
  expect 2020-06-05 p not in defaulters
  expect 2020-06-04 p in defaulters
}
)");
  auto r = run_cli(fs, {"test", "dl.clx"});
  CHECK(r.err.empty());
  CHECK(r.out == "1 passed, 0 failed\n");
  CHECK(r.code == 0);
}

TEST_CASE("expect removed from: a wrong due date fails and shows the actual deadline", "[driver][test]") {
  auto fs = fs_with(std::string(kRemovalHistory) + R"(  expect 2020-06-05 p removed from defaulters due 2020-06-08
}
)");
  auto r = run_cli(fs, {"test", "dl.clx"});
  CHECK(r.code == 1);
  // The policy is 22 lines; the test starts on line 24 after the leading newline.
  CHECK(r.out ==
        "dl.clx:28:3: test \"removal\" failed: expected p removed from defaulters on 2020-06-05 due 2020-06-08, but the "
        "removal of p from defaulters on that date is due 2020-06-10\n"
        "  on 2020-06-05 p had:\n"
        "    removed from defaulters [2020-01-10, 2020-06-05) due 2020-06-10 (cause: list defaulters, remove rule 1; event "
        "#1 on 2020-06-05)\n"
        "  on 2020-06-05 p is in no list, under no measure and has no grade\n"
        "0 passed, 1 failed\n");
}

TEST_CASE("expect removed from: a removal expected on a date where none happened", "[driver][test]") {
  auto fs = fs_with(std::string(kRemovalHistory) + R"(  expect 2020-06-04 p removed from defaulters due 2020-06-09
  expect 2020-06-08 p removed from defaulters
}
)");
  auto r = run_cli(fs, {"test", "dl.clx"});
  CHECK(r.code == 1);
  CHECK(r.out ==
        "dl.clx:28:3: test \"removal\" failed: expected p removed from defaulters on 2020-06-04 due 2020-06-09, but p was "
        "not removed from defaulters on that date\n"
        "  on 2020-06-04 p was removed from no list and had no restoration decision\n"
        "  on 2020-06-04 p is:\n"
        "    in defaulters [2020-01-10, 2020-06-05) (cause: list defaulters, include rule 1; event #0 on 2020-01-10)\n"
        "dl.clx:29:3: test \"removal\" failed: expected p removed from defaulters on 2020-06-08, but p was not removed from "
        "defaulters on that date\n"
        "  on 2020-06-08 p was removed from no list and had no restoration decision\n"
        "  on 2020-06-08 p is in no list, under no measure and has no grade\n"
        "0 passed, 1 failed\n");
}

TEST_CASE("expect restoration of: granted and refused decisions with their due dates", "[driver][test]") {
  SECTION("the expectations hold") {
    auto fs = fs_with(std::string(kRestorationHistory) + R"(  expect 2026-07-09 q restoration of penalties refused
  expect 2026-07-09 q restoration of penalties refused due 2026-07-23
  expect 2026-07-10 q restoration of penalties granted due 2026-07-24
  expect 2026-07-10 q restoration of penalties granted
  expect 2026-07-10 q not in penalties
}
)");
    auto r = run_cli(fs, {"test", "dl.clx"});
    CHECK(r.err.empty());
    CHECK(r.out == "1 passed, 0 failed\n");
    CHECK(r.code == 0);
  }
  SECTION("the wrong outcome, the wrong deadline, no decision") {
    auto fs = fs_with(std::string(kRestorationHistory) + R"(  expect 2026-07-09 q restoration of penalties granted
  expect 2026-07-10 q restoration of penalties granted due 2026-07-21
  expect 2026-07-10 q restoration of penalties refused
  expect 2026-07-13 q restoration of penalties refused
}
)");
    auto r = run_cli(fs, {"test", "dl.clx"});
    CHECK(r.code == 1);
    CHECK(r.out ==
          "dl.clx:29:3: test \"restoration\" failed: expected q restoration of penalties granted on 2026-07-09, but the "
          "restoration of penalties for q on that date was refused: too early, not before 2026-07-10, due 2026-07-23\n"
          "  on 2026-07-09 q had:\n"
          "    restoration of penalties refused: too early, not before 2026-07-10 due 2026-07-23 (cause: restoration "
          "penalties, decide rule 1; restoration penalties, eligible rule 1; event #1 on 2026-07-09)\n"
          "  on 2026-07-09 q is:\n"
          "    in penalties [2026-04-10, 2026-07-10) (cause: list penalties, include rule 1; event #0 on 2026-04-10)\n"
          "dl.clx:30:3: test \"restoration\" failed: expected q restoration of penalties granted on 2026-07-10 due "
          "2026-07-21, but the restoration of penalties for q on that date was granted, due 2026-07-24\n"
          "  on 2026-07-10 q had:\n"
          "    restoration of penalties granted due 2026-07-24 (cause: restoration penalties, decide rule 1; restoration "
          "penalties, eligible rule 1; event #2 on 2026-07-10)\n"
          "  on 2026-07-10 q is in no list, under no measure and has no grade\n"
          "dl.clx:31:3: test \"restoration\" failed: expected q restoration of penalties refused on 2026-07-10, but the "
          "restoration of penalties for q on that date was granted, due 2026-07-24\n"
          "  on 2026-07-10 q had:\n"
          "    restoration of penalties granted due 2026-07-24 (cause: restoration penalties, decide rule 1; restoration "
          "penalties, eligible rule 1; event #2 on 2026-07-10)\n"
          "  on 2026-07-10 q is in no list, under no measure and has no grade\n"
          "dl.clx:32:3: test \"restoration\" failed: expected q restoration of penalties refused on 2026-07-13, but no "
          "restoration of penalties was decided for q on that date\n"
          "  on 2026-07-13 q was removed from no list and had no restoration decision\n"
          "  on 2026-07-13 q is in no list, under no measure and has no grade\n"
          "0 passed, 1 failed\n");
  }
}

TEST_CASE("expect removed from and restoration of: what credlex check reports", "[driver][test]") {
  SECTION("due, granted and refused stay ordinary names") {
    MemFs fs;
    fs.files["n.clx"] = R"(policy n "Names"
document law "Law" status verified
entity Person { due: date }
event refused for Person { granted: text }
event granted for Person { due: date }
event applied for Person
list due of Person {
  basis law art 1
  include on refused until removed
  remove on granted within 1 working day
}
restoration due {
  basis law art 2
  eligible after 0 days
  on applied decide within 5 days
}
test "names" {
  due: Person { due: 2000-01-01 }
  2020-01-10 due refused { granted: "x" }
  2020-01-13 due granted { due: 2020-01-13 }
  expect 2020-01-13 due removed from due due 2020-01-14
  2020-02-03 due refused { granted: "y" }
  2020-02-04 due applied
  expect 2020-02-04 due restoration of due granted due 2020-02-09
}
)";
    auto r = run_cli(fs, {"check", "n.clx"});
    CHECK(has(r.err, "1 file: 0 errors, 0 warnings"));
    CHECK(r.code == 0);
    auto t = run_cli(fs, {"test", "n.clx"});
    CHECK(t.out == "1 passed, 0 failed\n");
    CHECK(t.code == 0);
  }
  SECTION("unknown or wrong names, misspelt words, a deadline before the date") {
    auto fs = fs_with(R"(
test "bad" {
  p: Person { birth_date: 1980-01-01 }
  expect 2020-06-05 p removed from nowhere
  expect 2020-06-05 p restoration of penalty granted
  expect 2020-06-05 x removed from defaulters
  expect 2020-06-05 p removed from defaulters due 2020-06-04
}
)");
    auto r = run_cli(fs, {"check", "dl.clx"});
    CHECK(r.code == 1);
    CHECK(has(r.err, "dl.clx:26:36: error[E0301]: there is no list named `nowhere`"));
    CHECK(has(r.err, "dl.clx:27:38: error[E0306]: `penalty` is"));
    CHECK(has(r.err, "dl.clx:28:21: error[E0301]"));
    CHECK(has(r.err, "dl.clx:29:51: error[E0401]: expected a deadline on or after 2020-06-05 here, but this is 2020-06-04"));
    auto words = fs_with(R"(
test "words" {
  p: Person { birth_date: 1980-01-01 }
  expect 2020-06-05 p removed from defaulters dew 2020-06-10
  expect 2026-07-10 p restoration of penalties accepted
}
)");
    auto w = run_cli(words, {"check", "dl.clx"});
    CHECK(w.code == 1);
    CHECK(has(w.err, "dl.clx:26:47: error[E0201]: unexpected `dew` here"));
    CHECK(has(w.err, "dl.clx:27:48: error[E0201]: unexpected `accepted` here"));
  }
}

TEST_CASE("credlex fmt round-trips removed from and restoration of expectations", "[driver][test]") {
  MemFs fs;
  fs.files["p.clx"] = kPolicy;
  auto base = run_cli(fs, {"fmt", "--stdout", "p.clx"});
  REQUIRE(base.code == 0);
  const std::string canonical = base.out + R"(
test "formatting" {
  p: Person { birth_date: 1980-01-01 }
  expect 2020-06-05 p removed from defaulters due 2020-06-10
  expect 2020-06-05 p removed from defaulters
  expect 2026-07-10 p restoration of penalties granted due 2026-07-24  // a comment
  expect 2026-07-09 p restoration of penalties refused
}
)";
  fs.files["c.clx"] = canonical;
  auto c = run_cli(fs, {"fmt", "--check", "c.clx"});
  CHECK(c.code == 0);
  auto same = run_cli(fs, {"fmt", "--stdout", "c.clx"});
  CHECK(same.out == canonical);

  fs.files["m.clx"] = base.out + R"(test "formatting" {
    p :   Person { birth_date: 1980-01-01 }
  expect   2020-06-05 p removed
      from defaulters   due    2020-06-10
        expect 2020-06-05 p removed from defaulters
  expect 2026-07-10 p   restoration   of penalties granted due 2026-07-24 // a comment
  expect 2026-07-09 p restoration of penalties
    refused }
)";
  auto m = run_cli(fs, {"fmt", "--stdout", "m.clx"});
  CHECK(m.code == 0);
  CHECK(m.out == canonical);
  auto check = run_cli(fs, {"fmt", "--check", "m.clx"});
  CHECK(check.code == 1);
}

// `on EVENT decide` without `within`: the law sets no deadline (GACC Arts 29, 30), so the decision
// has none — an expectation without `due` holds, one with `due` fails and says there is none, the
// JIT agrees with the interpreter, and the formatter keeps the rule as written.
TEST_CASE("a restoration decided with no deadline", "[driver][test]") {
  std::string policy = kPolicy;
  const std::string with_deadline = "  on applied decide within 10 working days\n";
  REQUIRE(policy.find(with_deadline) != std::string::npos);
  policy.replace(policy.find(with_deadline), with_deadline.size(), "  on applied decide\n");
  MemFs fs;
  fs.files["dl.clx"] = policy + kRestorationHistory + R"(  expect 2026-07-09 q restoration of penalties refused
  expect 2026-07-10 q restoration of penalties granted
  expect 2026-07-10 q restoration of penalties granted due 2026-07-24
}
)";
  auto check = run_cli(fs, {"check", "dl.clx"});
  CHECK(has(check.err, "1 file: 0 errors, 0 warnings"));
  CHECK(check.code == 0);
#ifdef CREDLEX_HAVE_LLVM
  const std::vector<const char*> backends = {"interp", "jit"};
#else
  const std::vector<const char*> backends = {"interp"};
#endif
  for (const char* backend : backends) {
    INFO(backend);
    auto r = run_cli(fs, {"test", "--backend", backend, "dl.clx"});
    CHECK(r.code == 1);
    CHECK(has(r.out, "dl.clx:31:3: test \"restoration\" failed: expected q restoration of penalties granted on 2026-07-10 due "
                     "2026-07-24, but the restoration of penalties for q on that date was granted, with no deadline\n"));
    CHECK(has(r.out, "0 passed, 1 failed\n"));
  }
  fs.files["p.clx"] = policy;
  auto f = run_cli(fs, {"fmt", "--stdout", "p.clx"});
  CHECK(f.code == 0);
  CHECK(has(f.out, "\n  on applied decide\n"));
}
