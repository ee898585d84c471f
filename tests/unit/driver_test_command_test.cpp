// `credlex test`, driven in memory through driver::Env: passing and failing tests (with the exact
// message), tests of a used file, reach over relations, the JUnit report, exit codes.
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

const char* kNational = R"(policy rn "National" basic list
document law "National law" status verified
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

const char* kLocalHead = R"(policy rl "Local"
use "rn.clx" as nat
document rules "Local rules" status verified
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

// Reach: the representative while the relation lasts, never the owner, never listed.
const char* kReachTest = R"(
test "a listing reaches the representative while the relation lasts" {
  c: Company
  r: Person { birth_date: 1970-01-01 }
  o: Person { birth_date: 1970-01-01 }
  c rep r from 2019-01-01 until 2020-06-01
  c owner o from 2019-01-01
  2020-01-10 c offence { case: "A" }
  expect 2020-03-01 c in debtors
  expect 2020-03-01 r under restrict
  expect 2020-03-01 r not in debtors
  expect 2020-03-01 o not under restrict
  expect 2020-07-01 r not under restrict
}
)";

const char* kMain = R"(policy m "Main"
use "rl.clx" as local
entity Person { birth_date: date }

test "a used file's list" {
  p: Person { birth_date: 1980-01-01 }
  2020-01-10 p local.offence { case: "A" }
  2020-05-01 p local.paid { case: "A" }
  expect 2020-03-01 p in local.debtors
  expect 2020-06-01 p not in local.debtors
}
)";

MemFs fs_with(const std::string& local_tests, const std::string& main = kMain) {
  MemFs fs;
  fs.files["rn.clx"] = kNational;
  fs.files["rl.clx"] = std::string(kLocalHead) + local_tests;
  fs.files["main.clx"] = main;
  return fs;
}

}  // namespace

TEST_CASE("credlex test: passing tests, reach over relations", "[driver][test]") {
  auto fs = fs_with(kReachTest);
  auto r = run_cli(fs, {"test", "rl.clx"});
  CHECK(r.code == 0);
  CHECK(r.out == "1 passed, 0 failed\n");
  CHECK(r.err.empty());
}

TEST_CASE("credlex test: a failure names the expectation, the actual state and its causes", "[driver][test]") {
  auto fs = fs_with(R"(
test "paying ends the listing" {
  p: Person { birth_date: 1980-01-01 }
  2020-01-10 p offence { case: "A" }
  2020-05-01 p paid { case: "A" }
  expect 2020-03-01 p in debtors
  expect 2020-06-01 p in debtors
  expect 2020-03-01 p not under restrict
}
)");
  auto r = run_cli(fs, {"test", "rl.clx"});
  CHECK(r.code == 1);
  // The head lines are 23; the test starts on line 24 after the leading newline.
  CHECK(r.out ==
        "rl.clx:30:3: test \"paying ends the listing\" failed: expected p in debtors on 2020-06-01, but p is not in "
        "debtors on that date\n"
        "  on 2020-06-01 p is in no list, under no measure and has no grade\n"
        "rl.clx:31:3: test \"paying ends the listing\" failed: expected p not under restrict on 2020-03-01, but p is "
        "under restrict on that date\n"
        "  on 2020-03-01 p is:\n"
        "    in debtors [2020-01-10, 2020-05-01) (cause: list debtors, include rule 1; event #0 on 2020-01-10)\n"
        "    under restrict [2020-01-10, 2020-05-01) (cause: measure restrict, applies to members of debtors; event #0 on "
        "2020-01-10)\n"
        "0 passed, 1 failed\n");
}

TEST_CASE("credlex test: reach expectations that fail show the reached measure and its source", "[driver][test]") {
  auto fs = fs_with(R"(
test "wrong about reach" {
  c: Company
  r: Person { birth_date: 1970-01-01 }
  c rep r from 2020-03-01
  2020-01-10 c offence { case: "A" }
  expect 2020-02-01 r under restrict
  expect 2020-04-01 r not under restrict
}
)");
  auto r = run_cli(fs, {"test", "rl.clx"});
  CHECK(r.code == 1);
  CHECK(has(r.out, "rl.clx:30:3: test \"wrong about reach\" failed: expected r under restrict on 2020-02-01, but r is not "
                   "under restrict on that date\n"));
  CHECK(has(r.out, "rl.clx:31:3: test \"wrong about reach\" failed: expected r not under restrict on 2020-04-01, but r "
                   "is under restrict on that date\n  on 2020-04-01 r is:\n    under restrict [2020-03-01, 2021-01-10) "
                   "reached from c over rep (cause: measure restrict, reaches rep of c; event #0 on 2020-01-10)\n"));
  CHECK(has(r.out, "0 passed, 1 failed\n"));
}

TEST_CASE("credlex test: the tests of a used file run too, once", "[driver][test]") {
  auto fs = fs_with(kReachTest);
  auto r = run_cli(fs, {"test", "main.clx"});
  CHECK(r.code == 0);
  CHECK(r.out == "2 passed, 0 failed\n");
  // Given twice (directly and through a use), a file's tests run once.
  auto twice = run_cli(fs, {"test", "main.clx", "rl.clx"});
  CHECK(twice.out == "2 passed, 0 failed\n");
  // A failing test in the used file is reported at its own location.
  auto bad = fs_with(std::string(kReachTest).replace(std::string(kReachTest).find("r not in debtors"), 16, "r in debtors"));
  auto b = run_cli(bad, {"test", "main.clx"});
  CHECK(b.code == 1);
  CHECK(has(b.out, "rl.clx:34:3: test \"a listing reaches the representative while the relation lasts\" failed: "
                   "expected r in debtors on 2020-03-01, but r is not in debtors on that date\n"));
  CHECK(has(b.out, "1 passed, 1 failed\n"));
}

TEST_CASE("credlex test --junit writes a JUnit XML report", "[driver][test]") {
  auto fs = fs_with(kReachTest, std::string(kMain).replace(std::string(kMain).find("p not in local.debtors"), 22,
                                                         "p in local.debtors"));
  auto r = run_cli(fs, {"test", "--junit", "out/report.xml", "main.clx"});
  CHECK(r.code == 1);
  REQUIRE(fs.files.count("out/report.xml"));
  const std::string& x = fs.files["out/report.xml"];
  CHECK(has(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"credlex test\" tests=\"2\" failures=\"1\">"));
  CHECK(has(x, "<testsuite name=\"main.clx\" tests=\"1\" failures=\"1\">"));
  CHECK(has(x, "<testsuite name=\"rl.clx\" tests=\"1\" failures=\"0\">"));
  CHECK(has(x, "<testcase classname=\"rl.clx\" name=\"a listing reaches the representative while the relation lasts\"/>"));
  CHECK(has(x, "<failure message=\"main.clx:10:3: test &quot;a used file&apos;s list&quot; failed: expected p in "
               "local.debtors on 2020-06-01, but p is not in local.debtors on that date\">"));
  CHECK(has(x, "</testsuites>\n"));
  auto eq = run_cli(fs, {"test", "--junit=eq.xml", "rl.clx"});
  CHECK(eq.code == 0);
  CHECK(has(fs.files["eq.xml"], "tests=\"1\" failures=\"0\""));
  // A report that cannot be written is a usage error (2).
  fs.fail_writes = true;
  auto w = run_cli(fs, {"test", "--junit", "r.xml", "rl.clx"});
  CHECK(w.code == 2);
  CHECK(has(w.err, "credlex test: cannot write the JUnit report `r.xml`: Read-only file system"));
}

TEST_CASE("credlex test: exit codes for errors, unreadable files and bad options", "[driver][test]") {
  auto fs = fs_with(kReachTest);
  fs.files["broken.clx"] = "policy b \"B\"\nlist x {\n  include on nothing for 1 year\n}\n"
                           "test \"t\" {\n  p: Person\n}\n";
  auto e = run_cli(fs, {"test", "broken.clx"});
  CHECK(e.code == 1);
  CHECK(has(e.out, "0 passed, 1 failed\n"));
  CHECK(has(e.err, "error"));
  auto u = run_cli(fs, {"test", "missing.clx"});
  CHECK(u.code == 2);
  CHECK(run_cli(fs, {"test"}).code == 2);
  CHECK(run_cli(fs, {"test", "--junit"}).code == 2);
  CHECK(run_cli(fs, {"test", "--bogus", "rl.clx"}).code == 2);
  auto h = run_cli(fs, {"test", "--help"});
  CHECK(h.code == 0);
  CHECK(has(h.out, "Usage: credlex test [OPTIONS] FILES..."));
  CHECK(has(run_cli(fs, {"help", "test"}).out, "--junit FILE"));
  CHECK(has(run_cli(fs, {"--help"}).out, "test FILES..."));
}

TEST_CASE("credlex test --backend: which backends, and bad values", "[driver][test]") {
  auto fs = fs_with(kReachTest);
  auto bogus = run_cli(fs, {"test", "--backend", "llvm", "rl.clx"});
  CHECK(bogus.code == driver::kUsage);
  CHECK(has(bogus.err, "--backend must be interp, jit, aot or all, not `llvm`"));
  auto twice = run_cli(fs, {"test", "--junit", "a.xml", "--junit=b.xml", "rl.clx"});
  CHECK(twice.code == driver::kUsage);
  CHECK(has(twice.err, "credlex test: --junit is given twice"));
  auto missing = run_cli(fs, {"test", "rl.clx", "--backend"});
  CHECK(missing.code == driver::kUsage);
  CHECK(has(missing.err, "credlex test: --backend needs a value"));
  auto interp = run_cli(fs, {"test", "--backend=interp", "rl.clx"});
  CHECK(interp.code == 0);
  CHECK(interp.out == "1 passed, 0 failed\n");
  // The JIT: the same tests, the same timelines (reach included), or a plain refusal without LLVM.
  auto jit = run_cli(fs, {"test", "--backend", "jit", "rl.clx"});
#ifdef CREDLEX_HAVE_LLVM
  CHECK(jit.code == 0);
  CHECK(jit.out == "1 passed, 0 failed\n");
#else
  CHECK(jit.code == driver::kUsage);
  CHECK(has(jit.err, "needs a build with the LLVM backend"));
#endif
}

// G29 on every backend: a province's figure (CNY 10,000 from 2014-01-01, within the national
// range of SPC 2013 Art 3 para 2) lists arrears of CNY 12,000 that the national figure (20,000)
// does not; before the province's date, the national figure applies.
TEST_CASE("credlex test: a used file's parameter set by a province, on every backend", "[driver][test][params]") {
  MemFs fs;
  fs.files["nat.clx"] = R"(policy nat "National"
document law "Law" status verified
entity Enterprise { }
event arrears for Enterprise { amount: money(CNY) }
param threshold: money(CNY) = 20000 CNY from 2013-01-23 within 5000 CNY .. 20000 CNY basis law art 3
list debtors "Debtors" of Enterprise {
  basis law art 3
  include on arrears e when e.amount >= threshold for 3 years
}
test "the national figure" {
  e: Enterprise
  2015-03-01 e arrears { amount: 12000 CNY }
  expect 2015-03-02 e not in debtors
}
)";
  fs.files["prov.clx"] = R"(policy prov "Province"
use "nat.clx" as nat
document notice "Notice" status recalled
param nat.threshold = 10000 CNY from 2014-01-01 basis notice art 2
test "the province's figure from its date; the national one before it" {
  later: nat.Enterprise
  earlier: nat.Enterprise
  2015-03-01 later nat.arrears { amount: 12000 CNY }
  2013-06-01 earlier nat.arrears { amount: 12000 CNY }
  expect 2015-03-02 later in nat.debtors
  expect 2013-06-02 earlier not in nat.debtors
}
)";
  std::vector<std::string> backends{"interp"};
#ifdef CREDLEX_HAVE_LLVM
  backends.push_back("jit");
#endif
  for (const auto& backend : backends) {
    INFO(backend);
    auto province = run_cli(fs, {"test", "--backend", backend, "prov.clx"});
    INFO(province.err);
    CHECK(province.code == 0);
    CHECK(province.out == "2 passed, 0 failed\n");  // the used file's test too, in its own program
    auto national = run_cli(fs, {"test", "--backend", backend, "nat.clx"});
    CHECK(national.code == 0);
    CHECK(national.out == "1 passed, 0 failed\n");
  }
  // Without the province's figure its test fails: the figure is what lists the later debtor.
  fs.files["prov.clx"].replace(fs.files["prov.clx"].find("param nat.threshold"), 0, "// ");
  auto without = run_cli(fs, {"test", "--backend", "interp", "prov.clx"});
  CHECK(without.code == 1);
  CHECK(has(without.out, "expected later in nat.debtors on 2015-03-02"));
  CHECK(has(without.out, "1 passed, 1 failed"));
}
