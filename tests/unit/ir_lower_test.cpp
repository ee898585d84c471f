// Lowering to the policy IR: names become indices, `unless` folds into the condition, basis
// chains include the refined measure's, and every bundled policy lowers and prints.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"
#include "ir_testing.h"
#include "lowered.h"

using namespace credlex;
using credlex::testing::Lowered;
using credlex::testing::lower_files;

namespace {

std::unique_ptr<Lowered> lower_text(const std::map<std::string, std::string>& files) {
  return lower_files("t.clx", files);
}

const char* kNational = R"(policy nat "National" basic list
document law "National law"
entity Person { birth_date: date }
enum ground { refuses, obstructs }
measure restrict "Restrict" {
  basis law art 1 para 2 item 3
  category consumption
  severity 3
  applies to Person
  while listed
}
)";

const char* kLocal = R"(policy t "Test"
use "nat.clx" as nat
document rules "Local rules"
event offence for Person {
  case: text
  amount: money(CNY)
  serious: bool
  why: nat.ground
}
event paid for Person { case: text }
param period: duration = 2 years basis rules art 1
param period: duration = 3 years from 2021-01-01 basis rules art 2
list debtors "Debtors" of Person {
  basis rules art 10
  include on offence e when e.serious unless e.amount < 1000 CNY when e.why == nat.refuses for period .. 3 years
  remove on paid p when p.case == cause.case within 3 working days basis rules art 11
}
measure restrict refines nat.restrict {
  basis rules art 12
  category consumption
  severity 2
  applies to members of debtors
  while listed
}
)";

}  // namespace

TEST_CASE("lowering resolves names to indices and folds unless into the condition", "[ir]") {
  auto l = lower_text({{"t.clx", kLocal}, {"nat.clx", kNational}});
  const ir::Policy& p = l->policy;
  REQUIRE(p.name == "t");
  REQUIRE(p.kind_index("Person") == 0);
  REQUIRE(p.events.size() == 2);
  REQUIRE(p.event_index("offence") == 0);
  REQUIRE(p.field_slot(0, "amount") == 1);
  REQUIRE(p.enums.at(0).name == "nat.ground");
  REQUIRE(p.lists.size() == 1);
  const auto& inc = p.lists[0].includes.at(0);
  CHECK(inc.label == "list debtors, include rule 1");
  CHECK(ir::print_expr(p, inc.condition) ==
        "(and (and (field event serious) (not (< (field event amount) 1000.0000 CNY))) "
        "(== (field event why) refuses))");
  CHECK(ir::print_expr(p, inc.span.low) == "(param #0 period)");
  CHECK(ir::print_expr(p, inc.span.high) == "3 years");
  const auto& rem = p.lists[0].removes.at(0);
  CHECK(ir::print_expr(p, rem.condition) == "(== (field event case) (field cause case))");
  CHECK(ir::print_expr(p, rem.deadline) == "3 working days");
  // The rule's own basis first, then the list's.
  REQUIRE(rem.basis.size() == 2);
  CHECK(rem.basis[0].text == "rules art 11");
  CHECK(rem.basis[0].title == "Local rules");
  CHECK(rem.basis[1].text == "rules art 10");
}

TEST_CASE("parameter versions are lowered in date order with their bases", "[ir]") {
  auto l = lower_text({{"t.clx", kLocal}, {"nat.clx", kNational}});
  const auto& param = l->policy.params.at(0);
  REQUIRE(param.versions.size() == 2);
  CHECK(param.versions[0].from == ir::kBeginning);
  CHECK(ir::print_expr(l->policy, param.versions[0].value) == "2 years");
  CHECK(ir::date_text(param.versions[1].from) == "2021-01-01");
  CHECK(param.versions[1].basis.at(0).text == "rules art 2");
}

TEST_CASE("a measure's basis chain includes the refined measure's basis", "[ir]") {
  auto l = lower_text({{"t.clx", kLocal}, {"nat.clx", kNational}});
  const ir::Policy& p = l->policy;
  auto local = p.measure_index("restrict");
  auto national = p.measure_index("nat.restrict");
  REQUIRE(local >= 0);
  REQUIRE(national >= 0);
  CHECK(p.measures[local].applied);
  CHECK_FALSE(p.measures[national].applied);  // a basic-list template
  CHECK(p.measures[local].refines == national);
  REQUIRE(p.measures[local].basis.size() == 2);
  CHECK(p.measures[local].basis[0].text == "rules art 12");
  CHECK(p.measures[local].basis[1].text == "nat.law art 1 para 2 item 3");
  CHECK(p.measures[local].basis[1].title == "National law");
  REQUIRE(p.measures[local].targets.size() == 1);
  CHECK(p.measures[local].targets[0].index == p.list_index("debtors"));
}

TEST_CASE("the printed IR names every declaration with its index", "[ir]") {
  auto l = lower_text({{"t.clx", kLocal}, {"nat.clx", kNational}});
  std::string text = ir::print(l->policy);
  CHECK(text.find("document rules \"Local rules\"\n") != std::string::npos);
  CHECK(text.find("list #0 debtors of Person  basis rules art 10\n") != std::string::npos);
  CHECK(text.find("event #0 offence for Person\n  field 0 case: text\n  field 1 amount: money(CNY)\n") != std::string::npos);
  CHECK(text.find("param #0 period\n  from beginning = 2 years") != std::string::npos);
  CHECK(text.find("measure #1 nat.restrict (template of a basic list)") != std::string::npos);
  // Deterministic.
  auto again = lower_text({{"t.clx", kLocal}, {"nat.clx", kNational}});
  CHECK(ir::print(again->policy) == text);
}

TEST_CASE("history aggregates bind their events to slots, implicit fields read the slot", "[ir]") {
  std::string local = std::string(kLocal) + R"(
list repeat of Person {
  basis rules art 20
  include on offence e when count(offence x where x.case == e.case within 1 year) >= 2 and exists(paid where case == e.case) for 1 year
}
)";
  auto l = lower_text({{"t.clx", local}, {"nat.clx", kNational}});
  const ir::Policy& p = l->policy;
  auto& inc = p.lists.at(p.list_index("repeat")).includes.at(0);
  CHECK(ir::print_expr(p, inc.condition) ==
        "(and (>= (count #0 offence as local#0 where (== (field local#0 case) (field event case)) within 1 year) 2) "
        "(exists #1 paid as local#0 where (== (field local#0 case) (field event case))))");
  CHECK(p.locals == 1);
}

TEST_CASE("every bundled policy lowers and prints", "[ir][policies]") {
  int lowered = 0;
  for (const auto& path : testing::bundled_policies()) {
    INFO(path);
    auto l = testing::lower_path(path);
    std::string printed = ir::print(l->policy);
    CHECK_FALSE(printed.empty());
    CHECK(printed.find("policy " + l->policy.name) == 0);
    // Every rule has one trigger: an event, or (include rules only) a list's restoration.
    for (const auto& list : l->policy.lists)
      for (const auto* rules : {&list.includes, &list.extends, &list.removes})
        for (const auto& r : *rules) {
          bool restored = rules == &list.includes && r.restored >= 0;
          CHECK((r.event >= 0) != restored);
        }
    ++lowered;
  }
  CHECK(lowered >= 3);
}

TEST_CASE("money literals beyond four decimals round once, half away from zero", "[ir]") {
  CHECK(ir::money_units(syntax::Decimal{4999, 8}) == 0);   // 0.00004999: below half a unit
  CHECK(ir::money_units(syntax::Decimal{14999, 8}) == 1);  // 0.00014999
  CHECK(ir::money_units(syntax::Decimal{5, 5}) == 1);      // 0.00005: exactly half, away from zero
  CHECK(ir::money_units(syntax::Decimal{-5, 5}) == -1);
  CHECK(ir::money_units(syntax::Decimal{-4999, 8}) == 0);
  CHECK(ir::money_units(syntax::Decimal{123, 2}) == 12300);  // 1.23
}

// G29: values a file sets for a used file's parameter take its place from their first date; the
// used file's versions before that date stay (a province's figure from 2014; the national one
// before it), those from that date on are replaced (a later national version included).
TEST_CASE("lowering: a used file's parameter set by the file that uses it", "[ir][lower][params]") {
  const std::string national =
      "policy nat \"National\"\ndocument law \"Law\" status verified\n"
      "param threshold: money(CNY) = 20000 CNY from 2013-01-23 within 5000 CNY .. 20000 CNY basis law art 3\n"
      "param threshold: money(CNY) = 15000 CNY from 2020-01-01 within 5000 CNY .. 20000 CNY basis law art 3\n";
  auto versions = [&](const std::string& sets) {
    auto l = lower_files("root.clx", {{"nat.clx", national},
                                      {"root.clx", "policy prov \"Province\"\nuse \"nat.clx\" as nat\n"
                                                   "document notice \"Notice\" status recalled\n" + sets}});
    const ir::Policy& p = l->policy;
    std::int32_t k = -1;
    for (std::size_t i = 0; i < p.params.size(); ++i)
      if (p.params[i].name == "nat.threshold") k = static_cast<std::int32_t>(i);
    REQUIRE(k >= 0);
    std::vector<std::pair<ir::Day, std::int64_t>> out;  // (from, CNY)
    for (const auto& v : p.params[k].versions) {
      const ir::Node& n = p.nodes.at(v.value);
      REQUIRE(n.op == ir::Op::Const);
      out.emplace_back(v.from, n.value.i / 10000);
      if (v.from >= testing::day("2014-01-01")) CHECK(v.basis.size() == 1);  // the notice, not the law
    }
    return out;
  };
  using V = std::vector<std::pair<ir::Day, std::int64_t>>;
  CHECK(versions("") == V{{testing::day("2013-01-23"), 20000}, {testing::day("2020-01-01"), 15000}});
  CHECK(versions("param nat.threshold = 10000 CNY from 2014-01-01 basis notice art 2\n"
                 "param nat.threshold = 5000 CNY from 2016-01-01 basis notice art 5\n") ==
        V{{testing::day("2013-01-23"), 20000}, {testing::day("2014-01-01"), 10000}, {testing::day("2016-01-01"), 5000}});
  CHECK(versions("param nat.threshold = 8000 CNY basis notice\n") == V{{ir::kBeginning, 8000}});
}
