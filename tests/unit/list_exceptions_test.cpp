// `never include on EVENT … when C`: an exception shared by every include rule of a list on EVENT
// (SPC 2017 Art 4: a minor is never listed, whatever the ground). Driven through the CLI in
// memory: what it excludes on both backends, the basis it adds to the listings, what `credlex
// check` rejects, and the formatter keeping it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli.h"
#include "lowered.h"

using namespace credlex;

namespace {

using testing::has;
using testing::MemFs;
using testing::run_cli;

// Two grounds, two include rules on one event; the exception (minors) is written once, between them.
const char* kPolicy = R"(policy ex "Exceptions"
document spc "SPC provisions on judgment defaulters" status verified
entity Person { birth_date: date }
event finding for Person { ground: text }
event other for Person
list defaulters of Person {
  basis spc art 1
  include separately on finding f when f.ground == "refuses" until removed basis spc art 1 item 1
  never include on finding x
    when self.birth_date + 18 years > x.date
    basis spc art 4
  include separately on finding f when f.ground != "refuses" for 2 years basis spc art 1 item 2
  remove on other
}
)";

std::vector<const char*> backends() {
#ifdef CREDLEX_HAVE_LLVM
  return {"interp", "jit"};
#else
  return {"interp"};
#endif
}

}  // namespace

TEST_CASE("never include: the exception holds for every include rule on the event, on every backend", "[driver][test]") {
  MemFs fs;
  // m is 17 on both findings (born 2003-06-01): never listed; a is an adult: listed by both rules.
  fs.files["ex.clx"] = std::string(kPolicy) + R"(
test "exceptions" {
  m: Person { birth_date: 2003-06-01 }
  a: Person { birth_date: 1980-01-01 }
  2020-03-02 m finding { ground: "refuses" }
  2020-03-02 a finding { ground: "refuses" }
  2020-04-01 m finding { ground: "false_declaration" }
  2020-04-01 a finding { ground: "false_declaration" }
  expect 2020-05-01 m not in defaulters
  expect 2020-05-01 a in defaulters
  expect 2021-06-01 m in defaulters
}
)";
  auto check = run_cli(fs, {"check", "ex.clx"});
  CHECK(check.code == 0);
  for (const char* backend : backends()) {
    INFO(backend);
    auto r = run_cli(fs, {"test", "--backend", backend, "ex.clx"});
    CHECK(r.code == 1);
    // Only the last expectation fails: m turns 18 on 2021-06-01 but no finding comes after.
    CHECK(has(r.out, "ex.clx:25:3: test \"exceptions\" failed: expected m in defaulters on 2021-06-01, but m is not in defaulters on that date"));
    CHECK(has(r.out, "0 passed, 1 failed\n"));
  }
}

TEST_CASE("never include: each include rule on the event gets the exception after its own conditions and basis", "[ir]") {
  auto l = testing::lower_files("ex.clx", {{"ex.clx", kPolicy}});
  const ir::List& list = l->policy.lists.at(0);
  REQUIRE(list.includes.size() == 2);  // the exception is no rule of its own
  std::vector<std::string> first, second;
  for (const auto& c : list.includes[0].basis) first.push_back(c.text);
  for (const auto& c : list.includes[1].basis) second.push_back(c.text);
  CHECK(first == std::vector<std::string>{"spc art 1 item 1", "spc art 4", "spc art 1"});
  CHECK(second == std::vector<std::string>{"spc art 1 item 2", "spc art 4", "spc art 1"});
  CHECK(list.includes[0].conditions_text == "when f.ground == \"refuses\" unless self.birth_date + 18 years > x.date");
  CHECK(list.includes[1].label == "list defaulters, include rule 2");
  // `rule and not exception`: the rule's own condition first.
  const ir::Node& top = l->policy.nodes.at(static_cast<std::size_t>(list.includes[1].condition));
  REQUIRE(top.op == ir::Op::And);
  CHECK(l->policy.nodes.at(static_cast<std::size_t>(top.args.at(1))).op == ir::Op::Not);
  CHECK(list.removes.size() == 1);
}

TEST_CASE("never include: what credlex check rejects", "[driver][check]") {
  // `credlex check` on kPolicy with `from` replaced by `to`.
  auto check_edited = [](const std::string& from, const std::string& to) {
    return testing::check_edited(kPolicy, from, to);
  };
  SECTION("an exception on an event no include rule uses") {
    auto r = check_edited("  never include on finding x", "  never include on other x");
    CHECK(r.code == 1);
    CHECK(has(r.err, "ex.clx:9:20: error[E0510]: no rule of list `defaulters` includes on `other`, so this exception never applies"));
  }
  SECTION("`cause` does not exist in an exception: no listing has been made yet") {
    auto r = check_edited("self.birth_date + 18 years > x.date", "cause.ground == \"refuses\"");
    CHECK(r.code == 1);
    CHECK(has(r.err, "ex.clx:10:10: error[E0309]: `cause` is only known in rules about an entity already on a list"));
  }
  SECTION("an exception must say when it applies") {
    auto r = check_edited("    when self.birth_date + 18 years > x.date\n", "");
    CHECK(r.code == 1);
    CHECK(has(r.err, "ex.clx:10:5: error[E0201]: unexpected `basis` here"));
  }
}

TEST_CASE("never include: credlex fmt keeps the exception where it is written", "[driver][fmt]") {
  MemFs fs;
  fs.files["ex.clx"] = kPolicy;
  auto r = run_cli(fs, {"fmt", "--stdout", "ex.clx"});
  REQUIRE(r.code == 0);
  CHECK(has(r.out, "\n  never include on finding x when self.birth_date + 18 years > x.date basis spc art 4\n"));
  auto include = r.out.find("include separately on finding f when f.ground == \"refuses\"");
  auto exception = r.out.find("never include on finding x");
  CHECK(include < exception);
  CHECK(exception < r.out.find("when f.ground != \"refuses\""));
  fs.files["c.clx"] = r.out;
  CHECK(run_cli(fs, {"fmt", "--check", "c.clx"}).code == 0);
}
