// Limits in the IR, the seriousness of one event, and the simulator's findings (LANGUAGE.md §4,
// simulator/findings/README.md): each kind of finding on a hand-built history of a bundled policy
// or of the counter-example policies/examples/limits_broken_on_data.clx, with the excess days
// computed by hand from the dates; metrics that merge in any order; a history within every limit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "compiler/ir/interpret.h"
#include "ir_testing.h"
#include "lowered.h"
#include "national_fixtures.h"
#include "simulator/findings/findings.h"

using namespace credlex;
using namespace credlex::testing;
using findings::Finding;
using findings::Kind;

namespace {

const ir::Policy& spc() {
  static auto l = lower_path(CREDLEX_SOURCE_DIR "/policies/spc/judgment_defaulters_2017.clx");
  return l->policy;
}
const ir::Policy& redriver() {
  static auto l = lower_path(CREDLEX_SOURCE_DIR "/policies/examples/limits_broken_on_data.clx");
  return l->policy;
}

// The observation window of every test: 2024-01-01 (included) to 2030-01-01 (excluded).
findings::Options window(const char* from = "2024-01-01", const char* to = "2030-01-01") {
  findings::Options o;
  o.from = day(from);
  o.to = day(to);
  return o;
}

ir::Event violation(const ir::Policy& p, const char* date, const char* c, bool revoked) {
  return event(p, date, "food_safety_violation", {{"case", ir::Value::of_text(c)}, {"licence_revoked", ir::Value::boolean(revoked)}});
}

ir::History person(const ir::Policy& p, const char* id) {
  ir::History h = entity(p, id, "NaturalPerson");
  h.entity.attributes[0] = ir::Value::date(day("1980-05-01"));
  return h;
}

// SPC 2017 Art 1: a finding against a debtor of CNY 200,000 in case A1, on the ground given, with
// nothing that bars the listing (Art 3, Art 4, Art 10 para 4).
ir::Event finding(const ir::Policy& p, const char* date, const char* ground, bool violent = false) {
  ir::Value g;
  REQUIRE(p.choice("listing_ground", ground, g));
  return event(p, date, "judgment_unperformed",
               {{"case", ir::Value::of_text("A1")}, {"ground", g}, {"amount", ir::Value::money(200000 * ir::kMoneyUnitsPerWhole, "CNY")},
                {"full_guarantee", ir::Value::boolean(false)}, {"seized_assets", ir::Value::money(0, "CNY")},
                {"later_in_order", ir::Value::boolean(false)}, {"able_to_perform", ir::Value::boolean(true)},
                {"violence_or_threats_serious", ir::Value::boolean(violent)}, {"acts", ir::Value::integer(1)},
                {"creditor_applied", ir::Value::boolean(true)}, {"large_debt", ir::Value::boolean(false)}});
}

// SPC 2017: a payment of `cny` yuan in case A1, performing `share` of the debt.
ir::Event performed(const ir::Policy& p, const char* date, std::int64_t cny, ir::Value share) {
  return event(p, date, "obligation_performed",
               {{"case", ir::Value::of_text("A1")}, {"amount", ir::Value::money(cny * ir::kMoneyUnitsPerWhole, "CNY")},
                {"performed_share", share}});
}

// Run a population (run, then reach) and keep the histories and timelines together.
struct Population {
  std::vector<ir::History> histories;
  std::vector<ir::Timeline> timelines;
  const ir::Timeline& of(const std::string& id) const {
    for (std::size_t i = 0; i < histories.size(); ++i)
      if (histories[i].entity.id == id) return timelines[i];
    FAIL("no entity " << id);
    return timelines.front();
  }
  const ir::History& history(const std::string& id) const {
    for (const auto& h : histories)
      if (h.entity.id == id) return h;
    FAIL("no entity " << id);
    return histories.front();
  }
};
Population simulate(const ir::Policy& p, std::vector<ir::History> hs) {
  Population out;
  for (const auto& h : hs) {
    out.timelines.push_back(ir::run(p, h));
    INFO(h.entity.id);
    REQUIRE(out.timelines.back().ok());
  }
  out.histories = std::move(hs);
  ir::apply_reach(p, out.histories, out.timelines);
  return out;
}

// "kind name excess" per finding, in order: the whole result, so a test fails on any extra finding.
std::vector<std::string> brief(const ir::Policy& p, const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) {
    std::string name = f.item == Finding::Item::Listing ? p.lists.at(f.list).name : p.measures.at(f.measure).name;
    out.push_back(std::string(findings::kind_name(f.kind)) + " " + name + " " + ir::date_text(f.excess_start) + " " +
                  std::to_string(f.excess_days));
  }
  return out;
}

// A minor violation on 2024-03-01 (rank 1: `minor`), nothing else.
Population minor_shop() {
  const auto& p = redriver();
  auto shop = person(p, "shop");
  shop.events.push_back(violation(p, "2024-03-01", "F1", false));
  return simulate(p, {shop});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The IR

TEST_CASE("limits in force are lowered with their numbers folded, citations and labels", "[ir][limits]") {
  const auto& p = spc();
  // The policy's own block first, then principles.clx (basic_measures.clx has none).
  REQUIRE(p.limits.size() == 4 + 14);
  const auto& own = p.limits[0];
  CHECK(own.kind == ir::Limit::Kind::Severity);
  CHECK(own.label == "limits `judgment_defaulters_limits` of spc_judgment_defaulters: severity <= seriousness");
  CHECK(own.max_severity == std::vector<std::int64_t>{1, 2, 3, 4});
  REQUIRE(own.basis.size() == 3);  // the clause's citation, then the block's three, once each
  CHECK(own.basis[0].text == "national_basic_measures.spc_consumption art 2");
  CHECK(own.basis[1].text == "national_basic_measures.spc_consumption art 3 para 2");
  CHECK(own.basis[2].text == "national_principles.basic_list_explanation art 3");
  CHECK(own.policy == "spc_judgment_defaulters");
  CHECK(p.limits[1].kind == ir::Limit::Kind::ConcurrentMeasures);
  CHECK(p.limits[1].number == 5);
  CHECK(p.limits[2].kind == ir::Limit::Kind::ReachOnly);
  CHECK(p.limits[2].names.size() == 4);
  CHECK(p.limits[3].kind == ir::Limit::Kind::MeasureDuration);
  CHECK(p.limits[3].duration == ir::Value::duration(60, ir::Unit::Months));

  const auto& framework = p.limits[4];
  CHECK(framework.label == "limits `framework` of national_principles: severity <= seriousness + 1");
  CHECK(framework.max_severity == std::vector<std::int64_t>{2, 3, 4, 5});
  CHECK(framework.basis.front().text == "national_principles.state_council_2020_49");
  CHECK(p.limits[7].kind == ir::Limit::Kind::ConcurrentSeverity);
  CHECK(p.limits[7].number == 8);
  CHECK(p.limits[9].kind == ir::Limit::Kind::BasicListOnly);
  CHECK(p.limits[9].names == std::vector<std::string>{"basic_measures.clx"});
  CHECK(p.limits[11].kind == ir::Limit::Kind::ListFields);
  CHECK(p.limits[11].level == 3);
  // No. 49 item (7): checked by `credlex check` only; the IR keeps them for the report's labels.
  CHECK(p.limits[12].kind == ir::Limit::Kind::ListRemoval);
  CHECK(p.limits[12].label == "limits `framework` of national_principles: lists need removal conditions");
  CHECK(p.limits[12].basis.front().text == "national_principles.state_council_2020_49 art 7");
  CHECK(p.limits[13].kind == ir::Limit::Kind::ListRank);
  CHECK(p.limits[13].names == std::vector<std::string>{"law", "administrative_regulation", "central_policy_document",
                                                       "departmental_rule"});
  // local lists may also rest on local regulations (No. 49 item (7))
  CHECK(p.limits[14].kind == ir::Limit::Kind::ListRank);
  CHECK(p.limits[14].label ==
        "limits `framework` of national_principles: local lists only created by rank law, administrative_regulation, "
        "central_policy_document, departmental_rule, local_regulation");
  CHECK(p.limits[14].names == std::vector<std::string>{"law", "administrative_regulation", "central_policy_document",
                                                       "departmental_rule", "local_regulation"});
  CHECK(p.limits[15].kind == ir::Limit::Kind::LifeOnly);
  CHECK(p.limits[15].names == std::vector<std::string>{"food_safety_law art 135"});
  // G17: checked by `credlex check` only, like item (7).
  CHECK(p.limits[16].kind == ir::Limit::Kind::FieldLinkage);
  CHECK(p.limits[16].label == "limits `framework` of national_principles: measures follow the field of the conduct");
  CHECK(p.limits[17].kind == ir::Limit::Kind::Authorised);
  CHECK(p.limits[17].label == "limits `framework` of national_principles: measures only as their basis authorises");
  for (const auto& l : p.limits) CHECK(l.folded);

  std::string text = ir::print(p);
  CHECK(text.find("limit #0 [limits `judgment_defaulters_limits` of spc_judgment_defaulters: severity <= seriousness]\n"
                  "  max severity by seriousness: minor 1, general 2, serious 3, particularly_serious 4\n") != std::string::npos);
  CHECK(text.find("  max concurrent severity 8\n") != std::string::npos);
  CHECK(text.find("  max duration 5 years\n") != std::string::npos);
}

TEST_CASE("a bound that cannot be folded is kept and checks nothing", "[ir][limits]") {
  auto l = lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", R"(policy t "T"
document law "Law"
seriousness minor < serious
param stack = 3 basis law
param stack = 4 from 2025-01-01 basis law
param step = 2 basis law
limits {
  basis law art 1
  concurrent severity <= stack
  severity <= seriousness * step
}
)"}});
  const auto& p = l->policy;
  REQUIRE(p.limits.size() == 2);
  CHECK_FALSE(p.limits[0].folded);  // two versions: which one applies depends on the date
  CHECK(p.limits[1].folded);
  CHECK(p.limits[1].max_severity == std::vector<std::int64_t>{2, 4});
  CHECK(p.limits[1].label == "limits of t: severity <= seriousness * step");
  CHECK(ir::print(p).find("  not folded: checks nothing\n") != std::string::npos);
}

TEST_CASE("the seriousness of one event, as its type states it", "[ir][limits]") {
  const auto& p = spc();
  auto h = person(p, "p");
  h.events.push_back(finding(p, "2020-01-10", "obstructs_enforcement", true));
  h.events.push_back(finding(p, "2020-01-11", "obstructs_enforcement"));
  h.events.push_back(event(p, "2020-01-12", "settlement_performed", {{"case", ir::Value::of_text("A1")}}));
  CHECK(ir::seriousness_rank(p, h, 0) == 4);  // particularly_serious
  CHECK(ir::seriousness_rank(p, h, 1) == 3);  // serious
  // As the interpreter evaluates the same expression (Current = the event, only it and those before visible).
  for (std::int32_t i = 0; i < 2; ++i) {
    std::string error;
    auto v = ir::evaluate_expression(p, h, p.events[h.events[i].type].seriousness, h.events[i].date, i, -1, i + 1, error);
    REQUIRE(v);
    CHECK(v->kind == ir::ValueKind::Level);
    CHECK(ir::seriousness_rank(p, h, i) == v->i);
  }
  CHECK(ir::seriousness_rank(p, h, 2) == std::nullopt);  // states none
  CHECK(ir::seriousness_rank(p, h, 3) == std::nullopt);  // no such event
  h.events[1].fields[p.field_slot(h.events[1].type, "violence_or_threats_serious")].reset();
  CHECK(ir::seriousness_rank(p, h, 1) == std::nullopt);  // a field it reads is missing
  // (An aggregate cannot appear in an event's seriousness: E0312. seriousness_rank would hand it
  // to the interpreter.)
}

// ---------------------------------------------------------------------------------------------
// Each kind of finding, on the counter-example

TEST_CASE("a minor violation: outweighs-conduct, over-duration, restoration-delayed, minor-escalation, scope-creep", "[findings]") {
  const auto& p = redriver();
  auto pop = minor_shop();
  auto fs = findings::compute(p, pop.history("shop"), pop.of("shop"), window());
  // Listed [2024-03-01, 2026-03-01) = 730 days; the ban has no end: cut at 2030-01-01, 2132 days
  // from 2024-03-01; the licence ban [2024-03-01, 2027-03-01) = 1095 days; the record lasts while
  // listed and 1827 days after, to 2031-03-02: past this window (below, with a longer one).
  CHECK(brief(p, fs) == std::vector<std::string>{
                            "outweighs-conduct food_business_ban 2024-03-01 2132",   // severity 4 > minor (1) + 1
                            "over-duration food_business_ban 2029-03-01 306",        // [2029-03-01, 2030-01-01)
                            "restoration-delayed food_business_ban 2026-03-01 1402",  // the period ran out on 2026-03-01
                            "minor-escalation food_safety_blacklist 2024-03-01 730",
                            "minor-escalation food_business_ban 2024-03-01 2132",
                            "minor-escalation food_licence_ban 2024-03-01 1095",     // severity 2 > 1
                        });
  // To 2032: the record's 1827 days after the listing end 2031-03-02, one day after 2026-03-01 + 5
  // years (one 29 February, 2028, inside): one day over `duration of measure <= 5 years`, counted
  // from the listing's end (G5), and over the national record's 5 years after the listing.
  auto to2032 = findings::compute(p, pop.history("shop"), pop.of("shop"), window("2024-01-01", "2032-01-01"));
  std::vector<std::string> record;
  for (const auto& line : brief(p, to2032))
    if (line.find("food_credit_record") != std::string::npos) record.push_back(line);
  CHECK(record == std::vector<std::string>{"over-duration food_credit_record 2031-03-01 1", "scope-creep food_credit_record 2031-03-01 1"});
  const Finding& o = fs[0];
  CHECK(o.limit == 0);  // the framework's `severity <= seriousness + 1`, the first limit in force
  CHECK(o.limit_label == "limits `framework` of national_principles: severity <= seriousness + 1");
  CHECK(o.end == std::nullopt);
  CHECK(o.basis.front().text == "redriver_rules art 7");
  CHECK(o.what ==
        "The measure `food_business_ban` (\"Ban on food production and trade\") (severity 4) was applied to shop (NaturalPerson) for "
        "conduct of seriousness `minor`, for which the limit allows at most severity 2.");
  REQUIRE(o.explanation.size() >= 4);
  CHECK(o.explanation[0] ==
        "shop (NaturalPerson) was put on the list `food_safety_blacklist` (\"Red River list of untrustworthy food businesses\") on "
        "2024-03-01 by the rule \"list food_safety_blacklist, include rule 1\", because of the event `food_safety_violation` of "
        "2024-03-01 (seriousness `minor`).");
  CHECK(o.explanation.back() ==
        "Days counted: 2132 from 2024-03-01 to 2030-01-01 (the last day counted is 2029-12-31), inside the observation window.");

  // The window: from 2026-01-01 to 2027-01-01 only the days of 2026 count.
  auto in2026 = findings::compute(p, pop.history("shop"), pop.of("shop"), window("2026-01-01", "2027-01-01"));
  CHECK(brief(p, in2026) == std::vector<std::string>{
                                "outweighs-conduct food_business_ban 2026-01-01 365",
                                "restoration-delayed food_business_ban 2026-03-01 306",
                                "minor-escalation food_safety_blacklist 2026-01-01 59",  // 2026-01-01 .. 2026-02-28
                                "minor-escalation food_business_ban 2026-01-01 365",
                                "minor-escalation food_licence_ban 2026-01-01 365",
                            });
}

TEST_CASE("the record lasts 1827 days after the listing: one day too long only when the 5 years hold one 29 February", "[findings]") {
  const auto& p = redriver();
  auto shop = person(p, "shop");
  // Listed 2025-06-02 to 2027-06-02; 2027-06-02 + 5 years = 2032-06-02, 1827 days (2028-02-29
  // and 2032-02-29): exactly the limit.
  shop.events.push_back(violation(p, "2025-06-02", "F1", true));
  auto pop = simulate(p, {shop});
  REQUIRE(pop.of("shop").measures.size() == 4);
  for (const auto& f : findings::compute(p, pop.history("shop"), pop.of("shop"), window("2024-01-01", "2033-01-01"))) {
    INFO(f.what);
    CHECK(p.measures.at(f.measure).name != "food_credit_record");
  }
}

TEST_CASE("over-duration: two extensions keep a listing a year past the maximum of its include rule", "[findings]") {
  const auto& p = redriver();
  auto firm = entity(p, "firm", "Enterprise");
  auto boss = person(p, "boss");
  relate(p, firm, "legal_representative", "boss", "2020-01-01", std::nullopt);
  firm.events.push_back(violation(p, "2024-03-01", "F2", true));
  for (const char* d : {"2025-06-02", "2026-06-01", "2026-09-01"})
    firm.events.push_back(event(p, d, "repeat_violation_decided", {{"case", ir::Value::of_text("F2")}}));
  auto pop = simulate(p, {firm, boss});
  auto fs = findings::compute(p, pop.history("firm"), pop.of("firm"), window());
  // 2 years, + 1 year, + 1 year (the cap of 2 years reached; the third adds nothing): listed until
  // 2028-03-01; the include rule's maximum is 3 years, 2027-03-01: 366 days (2028-02-29 inside).
  CHECK(brief(p, fs) == std::vector<std::string>{
                            "over-duration food_safety_blacklist 2027-03-01 366",
                            "over-duration food_business_ban 2029-03-01 306",
                            "restoration-delayed food_business_ban 2028-03-01 671",  // [2028-03-01, 2030-01-01)
                        });  // the record: to 2033-03-02 (1827 days after the listing), past the window
  CHECK(fs[0].limit == -1);  // the rule's own maximum, not a limits block
  CHECK(fs[0].limit_label ==
        "the legal maximum of the rule \"list food_safety_blacklist, include rule 1\" (the upper bound of its period): 2027-03-01");
  CHECK(fs[0].item == Finding::Item::Listing);
  CHECK(fs[0].what ==
        "The listing of firm (Enterprise) on the list `food_safety_blacklist` (\"Red River list of untrustworthy food businesses\") from "
        "2024-03-01 lasted until 2028-03-01, longer than allowed: it should have ended by 2027-03-01.");
  CHECK(*fs[0].end == day("2028-03-01"));
  // The legal representative is reached by the ban (serious conduct: severity 4 allowed), which
  // has no end: only the 5-year bound on measures.
  auto bf = findings::compute(p, pop.history("boss"), pop.of("boss"), window());
  CHECK(brief(p, bf) == std::vector<std::string>{"over-duration food_business_ban 2029-03-01 306"});
}

TEST_CASE("stacking: a second case while listed doubles the measures, one finding for the whole run of days", "[findings]") {
  const auto& p = redriver();
  auto bar = entity(p, "bar", "Enterprise");
  bar.events.push_back(violation(p, "2024-03-01", "F4", true));
  bar.events.push_back(violation(p, "2024-09-02", "F5", true));
  auto pop = simulate(p, {bar});
  auto fs = findings::compute(p, pop.history("bar"), pop.of("bar"), window());
  std::vector<Finding> stacks;
  std::copy_if(fs.begin(), fs.end(), std::back_inserter(stacks), [](const Finding& f) { return f.kind == Kind::Stacking; });
  // From 2024-09-02: 2 × (4 + 2 + 1 + 1) = 16. Publications end 2026-03-01 and 2026-09-02, licence
  // bans 2027-03-01 and 2027-09-02; the two bans (4 + 4) and the two records (1 + 1, while listed
  // and 1827 days after: to 2031-03-02 and 2031-09-03) stay at 10 to the window's end.
  // Run [2024-09-02, 2030-01-01) = 1947 days.
  REQUIRE(stacks.size() == 1);
  CHECK(ir::date_text(stacks[0].excess_start) == "2024-09-02");
  CHECK(ir::date_text(stacks[0].excess_end) == "2030-01-01");
  CHECK(stacks[0].excess_days == 1947);
  CHECK(stacks[0].limit_label == "limits `framework` of national_principles: concurrent severity <= 8");
  CHECK(stacks[0].what == "From 2024-09-02 to 2030-01-01 bar (Enterprise) was under too many measures at once: up to 8 measures with a total severity of up to 16.");
  // The window ends on 2027-01-01: the run is cut there.
  auto cut = findings::compute(p, pop.history("bar"), pop.of("bar"), window("2024-01-01", "2027-01-01"));
  auto it = std::find_if(cut.begin(), cut.end(), [](const Finding& f) { return f.kind == Kind::Stacking; });
  REQUIRE(it != cut.end());
  CHECK(it->excess_days == 851);  // 2024-09-02 .. 2026-12-31
}

TEST_CASE("stacking by number of measures for one conduct: two cases do not add up", "[findings]") {
  // The limits of principles.clx with `concurrent measures <= 3` instead of `concurrent severity <= 8`.
  ir::Policy p = redriver();
  std::erase_if(p.limits, [](const ir::Limit& l) { return l.kind == ir::Limit::Kind::ConcurrentSeverity; });
  ir::Limit three;
  three.kind = ir::Limit::Kind::ConcurrentMeasures;
  three.number = 3;
  three.label = "limits `test` of t: concurrent measures <= 3";
  p.limits.push_back(three);
  auto bar = entity(p, "bar", "Enterprise");
  bar.events.push_back(violation(p, "2024-03-01", "F4", true));
  bar.events.push_back(violation(p, "2024-09-02", "F5", true));
  auto pop = simulate(p, {bar});
  std::vector<Finding> stacks;
  for (const auto& f : findings::compute(p, pop.history("bar"), pop.of("bar"), window()))
    if (f.kind == Kind::Stacking) stacks.push_back(f);
  // Each case brings 4 measures until its publication ends (2026-03-01, 2026-09-02); 8 in all
  // from 2024-09-02, but at most 4 for one case. Run [2024-03-01, 2026-09-02): 730 + 185 days.
  REQUIRE(stacks.size() == 1);
  CHECK(ir::date_text(stacks[0].excess_start) == "2024-03-01");
  CHECK(stacks[0].excess_days == 915);
  CHECK(stacks[0].limit_label == "limits `test` of t: concurrent measures <= 3");
}

namespace {

const ir::Policy& spc2015() {
  static auto l = lower_path(CREDLEX_SOURCE_DIR "/policies/spc/high_consumption_2015.clx");
  return l->policy;
}

}  // namespace

TEST_CASE("stacking: the nine items of one consumption restriction (SPC 2015 Art 3 para 1) are one measure", "[findings][items]") {
  // A listed defaulter (Art 1 para 2) is under the nine prohibitions of Art 3 para 1, each a
  // measure of severity 1 refining national.restrict_high_consumption: one measure, severity 1,
  // not nine (9 > 8 would break `concurrent severity <= 8` of principles.clx).
  const ir::Policy& p = spc2015();
  auto d = person(p, "d");
  d.events.push_back(event(p, "2024-03-01", "defaulter_listed", {{"case", ir::Value::of_text("B1")}}));
  auto pop = simulate(p, {d});
  std::int32_t items = 0;
  for (const auto& m : pop.of("d").measures) items += m.start == day("2024-03-01") ? 1 : 0;
  CHECK(items == 9);
  for (const auto& f : findings::compute(p, pop.history("d"), pop.of("d"), window())) CHECK(f.kind != Kind::Stacking);
}

TEST_CASE("stacking: items of one measure count once per conduct, and the explanation says so", "[findings][items]") {
  // The same with `concurrent severity <= 1`: an order in case A1 (Art 1 para 1) and a listing in
  // case B1 (para 2) are two conducts, each with the nine items of one measure: 1 + 1 = 2 > 1.
  ir::Policy p = spc2015();
  for (auto& l : p.limits)
    if (l.kind == ir::Limit::Kind::ConcurrentSeverity) l.number = 1;
  auto d = person(p, "d");
  d.events.push_back(event(p, "2024-01-02", "enforcement_notice_served", {{"case", ir::Value::of_text("A1")}, {"deadline", ir::Value::date(day("2024-01-12"))}}));
  d.events.push_back(event(p, "2024-02-01", "consumption_order_issued", {{"case", ir::Value::of_text("A1")}}));
  d.events.push_back(event(p, "2024-03-01", "defaulter_listed", {{"case", ir::Value::of_text("B1")}}));
  auto pop = simulate(p, {d});
  std::vector<Finding> stacks;
  for (const auto& f : findings::compute(p, pop.history("d"), pop.of("d"), window()))
    if (f.kind == Kind::Stacking) stacks.push_back(f);
  REQUIRE(stacks.size() == 1);
  CHECK(ir::date_text(stacks[0].excess_start) == "2024-03-01");
  CHECK(stacks[0].what.ends_with("up to 2 measures with a total severity of up to 2."));
  auto items = std::count_if(stacks[0].explanation.begin(), stacks[0].explanation.end(), [](const std::string& line) {
    return line.starts_with("9 of them are items of one measure");
  });
  CHECK(items == 2);
}

TEST_CASE("stacking: one measure reaching a person over two relations from one listing counts once", "[findings][items]") {
  // SPC 2015 Art 3 para 2: a listed company's restriction binds its legal representative and its
  // actual controller. One person who is both is reached by each of the nine items twice, all
  // for the company's one conduct: one measure of severity 1, within `concurrent severity <= 1`.
  ir::Policy p = spc2015();
  for (auto& l : p.limits)
    if (l.kind == ir::Limit::Kind::ConcurrentSeverity) l.number = 1;
  auto company = entity(p, "co", "Enterprise");
  auto boss = person(p, "boss");
  relate(p, company, "legal_representative", "boss", "2020-01-01", std::nullopt);
  relate(p, company, "actual_controller", "boss", "2020-01-01", std::nullopt);
  company.events.push_back(event(p, "2024-03-01", "defaulter_listed", {{"case", ir::Value::of_text("C1")}}));
  auto pop = simulate(p, {company, boss});
  CHECK(pop.of("boss").measures.size() == 18);
  for (const auto& f : findings::compute(p, pop.history("boss"), pop.of("boss"), window())) CHECK(f.kind != Kind::Stacking);
}

TEST_CASE("collateral-reach: a reached measure measured against limits that no longer allow the relation", "[findings]") {
  // `credlex check` rejects reach over a relation the limits do not allow (E0703), so this arises
  // only against other limits: here principles.clx as if `legal_representative` had been dropped.
  ir::Policy p = redriver();
  for (auto& l : p.limits)
    if (l.kind == ir::Limit::Kind::ReachOnly) std::erase(l.names, "legal_representative");
  auto firm = entity(p, "firm", "Enterprise");
  auto boss = person(p, "boss");
  relate(p, firm, "legal_representative", "boss", "2020-01-01", "2026-01-01");
  firm.events.push_back(violation(p, "2024-03-01", "F2", true));
  auto pop = simulate(p, {firm, boss});
  auto fs = findings::compute(p, pop.history("boss"), pop.of("boss"), window());
  // Reached [2024-03-01, 2026-01-01) (the relation ends): 671 days.
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].kind == Kind::CollateralReach);
  CHECK(fs[0].excess_days == 671);
  CHECK(fs[0].explanation[0] ==
        "boss (NaturalPerson) was under the measure `food_business_ban` (\"Ban on food production and trade\") from 2024-03-01 to 2026-01-01 "
        "because it is related as `legal_representative` to firm, who was under it (rule \"measure food_business_ban, reaches "
        "legal_representative of firm\").");
  // With the limits as shipped, nothing.
  CHECK(findings::compute(redriver(), pop.history("boss"), pop.of("boss"), window()).empty());
}

TEST_CASE("restoration-delayed from recorded data: the listing and its measures kept past the deletion deadline", "[findings]") {
  const auto& p = redriver();
  auto cafe = entity(p, "cafe", "Enterprise");
  cafe.events.push_back(violation(p, "2024-03-01", "F3", true));
  cafe.events.push_back(event(p, "2024-06-07", "rectification_accepted", {{"case", ir::Value::of_text("F3")}}));
  auto pop = simulate(p, {cafe});
  const auto& t = pop.of("cafe");
  REQUIRE(t.listings.size() == 1);
  CHECK(ir::date_text(*t.listings[0].removal_deadline) == "2024-06-12");  // Friday + 3 working days
  // As the interpreter runs it: deleted on the day, nothing delayed (the fixed-period measures
  // are measured by their own periods, not here).
  for (const auto& f : findings::compute(p, pop.history("cafe"), t, window())) CHECK(f.kind != Kind::RestorationDelayed);
  // As recorded: the bureau deleted the listing, and lifted the publication, only on 2024-07-01.
  ir::Timeline late = t;
  late.listings[0].end = day("2024-07-01");
  for (auto& m : late.measures)
    if (p.measures.at(m.measure).duration != ir::Measure::Duration::For) m.end = day("2024-07-01");
  auto fs = findings::compute(p, pop.history("cafe"), late, window());
  std::vector<std::string> delayed;
  for (const auto& s : brief(p, fs))
    if (s.rfind("restoration-delayed", 0) == 0) delayed.push_back(s);
  // [2024-06-12, 2024-07-01) = 19 days, for the listing and each measure that rests on it.
  CHECK(delayed == std::vector<std::string>{
                       "restoration-delayed food_safety_blacklist 2024-06-12 19",
                       "restoration-delayed food_business_ban 2024-06-12 19",
                       "restoration-delayed food_publication 2024-06-12 19",
                   });
}

TEST_CASE("restoration-delayed after a period: counted from the deletion deadline, not the period's end", "[findings]") {
  // SPC 2017 Art 2 para 1, Art 10 para 2: a fixed-term listing (ground 4) of 2 years from Friday
  // 2020-01-10 ends on 2022-01-10 and must be deleted within 3 working days after its last day,
  // Sunday 2022-01-09: by Wednesday 2022-01-12. The exit restriction (`until restored`) does not
  // end with the period; it is kept past the deletion deadline, not past the period's end.
  const auto& p = spc();
  auto h = person(p, "p");
  h.events.push_back(finding(p, "2020-01-10", "breaches_asset_reporting"));
  h.events.push_back(event(p, "2020-02-03", "exit_restriction_ordered", {{"case", ir::Value::of_text("A1")}}));
  auto pop = simulate(p, {h});
  const auto& t = pop.of("p");
  REQUIRE(t.listings.size() == 1);
  CHECK(t.listings[0].ended_by == ir::End::Period);
  CHECK(ir::date_text(*t.listings[0].end) == "2022-01-10");
  REQUIRE(t.listings[0].removal_deadline);
  CHECK(ir::date_text(*t.listings[0].removal_deadline) == "2022-01-12");
  auto fs = findings::compute(p, pop.history("p"), t, window("2019-01-01", "2023-01-01"));
  std::vector<std::string> delayed;
  std::string label;
  for (const auto& f : fs)
    if (f.kind == Kind::RestorationDelayed) {
      delayed.push_back(brief(p, {f}).front());
      label = f.limit_label;
    }
  // [2022-01-12, 2023-01-01): 354 days of the exit restriction, none for the listing itself.
  CHECK(delayed == std::vector<std::string>{"restoration-delayed restrict_exit 2022-01-12 354"});
  CHECK(label == "the end of the listing: the period of the listing ran out on 2022-01-10, to be deleted by 2022-01-12");
}

TEST_CASE("restoration-delayed after a granted early deletion: counted from the decision's date + its deletion time (G9)", "[findings]") {
  // SPC 2017 Art 12 para 1: the court reviews within 15 days and, granting, corrects within 3
  // working days. Early deletion granted on Friday 2020-06-05: the decision was due by 2020-06-20,
  // the deletion by Wednesday 2020-06-10. Recorded: the listing and the measures that rest on it
  // were lifted only on Monday 2020-06-15, 5 days late, though within the decision's deadline.
  const auto& p = spc();
  auto h = person(p, "p");
  h.events.push_back(finding(p, "2020-01-10", "breaches_asset_reporting"));
  h.events.push_back(performed(p, "2020-04-01", 20000, ir::Value::decimal(2, 1)));
  h.events.push_back(event(p, "2020-06-05", "early_deletion_applied", {{"case", ir::Value::of_text("A1")}}));
  auto pop = simulate(p, {h});
  const auto& t = pop.of("p");
  REQUIRE(t.listings.size() == 1);
  CHECK(t.listings[0].ended_by == ir::End::Restoration);
  REQUIRE(t.listings[0].removal_deadline);
  CHECK(ir::date_text(*t.listings[0].removal_deadline) == "2020-06-10");
  REQUIRE(t.decisions.size() == 1);
  CHECK(ir::date_text(*t.decisions[0].deadline) == "2020-06-20");
  auto w = window("2019-01-01", "2021-01-01");
  for (const auto& f : findings::compute(p, pop.history("p"), t, w)) CHECK(f.kind != Kind::RestorationDelayed);
  ir::Timeline late = t;
  late.listings[0].end = day("2020-06-15");
  for (auto& m : late.measures)
    if (m.end && *m.end == day("2020-06-05") && p.measures.at(m.measure).duration == ir::Measure::Duration::WhileListed)
      m.end = day("2020-06-15");
  std::vector<std::string> delayed;
  std::string label;
  for (const auto& f : findings::compute(p, pop.history("p"), late, w))
    if (f.kind == Kind::RestorationDelayed) {
      delayed.push_back(brief(p, {f}).front());
      if (f.item == findings::Finding::Item::Listing) label = f.limit_label;
    }
  // [2020-06-10, 2020-06-15) = 5 days, for the listing and each `while listed` measure.
  // (The company-office ban needs a large debt; the record lasts 5 years after the listing.)
  CHECK(delayed == std::vector<std::string>{
                       "restoration-delayed judgment_defaulters 2020-06-10 5",
                       "restoration-delayed restrict_high_consumption 2020-06-10 5",
                       "restoration-delayed publish_defaulter_information 2020-06-10 5",
                   });
  CHECK(label.find("to be carried out by 2020-06-10") != std::string::npos);
}

TEST_CASE("restoration-delayed for a decision recorded late: counted from the deadline as extended for a complex case (G9)", "[findings]") {
  // NDRC Order 36 Art 16: 10 working days, 10 more for a complex case. Applied Friday 2026-07-10:
  // due Friday 2026-07-24; the extension of Monday 2026-07-20 moves it to Friday 2026-08-07. A
  // decision recorded on 2026-08-05 is within the extended time; one recorded on 2026-08-12 is 5
  // days late, and the finding says the deadline was extended.
  auto l = lower_files("t.clx", std::map<std::string, std::string>{
                                    {"nat.clx", kNationalBan},
                                    {"t.clx", offenders_policy("event extended for nat.Person\n",
                                                               "  on applied decide within 10 working days extend by 10 working days on extended "
                                                               "basis rules art 16\n")}});
  const ir::Policy& p = l->policy;
  auto h = entity(p, "x", "Person");
  h.events.push_back(event(p, "2026-01-05", "offence", {}));
  h.events.push_back(event(p, "2026-07-10", "applied", {}));
  h.events.push_back(event(p, "2026-07-20", "extended", {}));
  auto pop = simulate(p, {h});
  const auto& t = pop.of("x");
  REQUIRE(t.decisions.size() == 1);
  CHECK(ir::date_text(*t.decisions[0].deadline) == "2026-08-07");
  auto w = window("2026-01-01", "2027-01-01");
  auto delayed = [&](const char* decided) {
    ir::Timeline recorded = t;
    recorded.decisions[0].date = day(decided);
    std::vector<Finding> out;
    for (const auto& f : findings::compute(p, pop.history("x"), recorded, w))
      if (f.kind == Kind::RestorationDelayed) out.push_back(f);
    return out;
  };
  CHECK(delayed("2026-08-05").empty());
  auto late = delayed("2026-08-12");
  REQUIRE(late.size() == 1);
  CHECK(brief(p, late).front() == "restoration-delayed offenders 2026-08-07 5");
  CHECK(late.front().what == "The restoration decision on the listing of x (Person) was taken on 2026-08-12, after its deadline of 2026-08-07, "
                             "extended by the event `extended` of 2026-07-20.");
}

TEST_CASE("over-duration of a period read from the data: checked on each listing (G23, W0712)", "[findings]") {
  // SAMR Order 44 Art 21: a listing lasts as long as a statutory restriction longer than 3 years;
  // `credlex check` cannot bound `for e.restriction_end - e.date` (W0712), so the simulator
  // compares the listing with `duration of listing <= 5 years` of principles.clx: a restriction of
  // 6 years from 2021-03-01 is one year too long, from 2026-03-01.
  static auto l = lower_path(CREDLEX_SOURCE_DIR "/policies/samr/serious_list_2021.clx");
  const auto& p = l->policy;
  auto firm = entity(p, "firm", "Enterprise");
  ir::Value field, penalty;
  REQUIRE(p.choice("samr_field", "food_safety", field));
  REQUIRE(p.choice("heavier_penalty", "restriction_or_closure", penalty));
  firm.events.push_back(event(p, "2021-03-01", "serious_listing_decided",
                              {{"case", ir::Value::of_text("S1")}, {"field", field}, {"penalty", penalty},
                               {"egregious", ir::Value::boolean(true)}, {"no_intent_proven", ir::Value::boolean(false)},
                               {"restriction_end", ir::Value::date(day("2027-03-01"))}}));
  auto pop = simulate(p, {firm});
  const auto& t = pop.of("firm");
  REQUIRE(t.listings.size() == 1);
  CHECK(ir::date_text(*t.listings[0].end) == "2027-03-01");
  std::vector<std::string> over;
  for (const auto& s : brief(p, findings::compute(p, pop.history("firm"), t, window("2021-01-01", "2030-01-01"))))
    if (s.rfind("over-duration samr_serious_untrustworthy", 0) == 0) over.push_back(s);
  // [2026-03-01, 2027-03-01): 365 days.
  CHECK(over == std::vector<std::string>{"over-duration samr_serious_untrustworthy 2026-03-01 365"});
}

TEST_CASE("no-basis: an item without citations (recorded data)", "[findings]") {
  const auto& p = redriver();
  auto pop = minor_shop();
  ir::Timeline t = pop.of("shop");
  t.listings[0].cause.basis.clear();
  auto fs = findings::compute(p, pop.history("shop"), t, window());
  REQUIRE_FALSE(fs.empty());
  CHECK(fs[0].kind == Kind::NoBasis);
  CHECK(fs[0].item == Finding::Item::Listing);
  CHECK(fs[0].excess_days == 730);
  CHECK(std::count_if(fs.begin(), fs.end(), [](const Finding& f) { return f.kind == Kind::NoBasis; }) == 1);
}

TEST_CASE("a history within every limit gives no finding", "[findings]") {
  const auto& p = spc();
  auto h = person(p, "p");
  h.events.push_back(finding(p, "2020-01-10", "able_but_refuses"));
  h.events.push_back(performed(p, "2022-06-01", 200000, ir::Value::decimal(1, 0)));
  auto pop = simulate(p, {h});
  const auto& t = pop.of("p");
  REQUIRE(t.measures.size() == 3);  // consumption (3), publication (1), record (1, 5 years after the listing: the limit exactly)
  auto fs = findings::compute(p, pop.history("p"), t, window("2019-01-01", "2030-01-01"));
  std::string what;
  for (const auto& f : fs) what += f.what + "\n";
  INFO(what);
  CHECK(fs.empty());
  findings::Metrics m;
  m.add(p, pop.history("p"), t, fs, window("2019-01-01", "2030-01-01"));
  CHECK(m.findings == 0);
  CHECK(m.entities_punished == 1);
  // 2020-01-10 .. 2022-06-01 twice (873 days each), and the record while listed and 5 years after,
  // 2020-01-10 .. 2027-06-01 (873 + 1826: one 29 February, 2024, in the 5 years).
  CHECK(m.punishment_days == 873 * 2 + 873 + 1826);
}

TEST_CASE("over-duration and a measure for life: permitted under `measures for life only`, else over any bound", "[findings][life]") {
  static auto l = lower_path(CREDLEX_SOURCE_DIR "/policies/samr/food_safety_bans_2021.clx");
  ir::Policy p = l->policy;  // a copy: the second half drops the lifetime clause
  auto h = person(p, "p");
  h.events.push_back(event(p, "2023-06-01", "food_crime_sentenced", {{"case", ir::Value::of_text("K1")}, {"imprisonment", ir::Value::boolean(true)}}));
  auto pop = simulate(p, {h});
  const auto& t = pop.of("p");
  REQUIRE(t.measures.size() == 1);
  CHECK_FALSE(t.measures[0].end);
  auto o = window("2023-01-01", "2060-01-01");
  // principles.clx permits the ban for life under Food Safety Law Art 135: no finding in 36 years.
  CHECK(brief(p, findings::compute(p, pop.history("p"), t, o)).empty());
  // Without that clause, the open end is over `duration of measure <= 5 years` from 2028-06-01 to
  // the end of the window (11536 days), counted without overflow.
  auto life = std::find_if(p.limits.begin(), p.limits.end(), [](const ir::Limit& x) { return x.kind == ir::Limit::Kind::LifeOnly; });
  REQUIRE(life != p.limits.end());
  p.limits.erase(life);
  auto fs = findings::compute(p, pop.history("p"), t, o);
  CHECK(brief(p, fs) == std::vector<std::string>{"over-duration ban_for_life 2028-06-01 11536"});
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].what.find("for life") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Metrics and JSON

TEST_CASE("metrics: totals by hand, and merging in any order gives the same JSON", "[findings][metrics]") {
  const auto& p = redriver();
  auto shop = person(p, "shop");
  shop.events.push_back(violation(p, "2024-03-01", "F1", false));
  auto bar = entity(p, "bar", "Enterprise");
  bar.events.push_back(violation(p, "2024-03-01", "F4", true));
  bar.events.push_back(violation(p, "2024-09-02", "F5", true));
  auto firm = entity(p, "firm", "Enterprise");
  auto boss = person(p, "boss");
  relate(p, firm, "legal_representative", "boss", "2020-01-01", std::nullopt);
  firm.events.push_back(violation(p, "2025-01-06", "F2", true));
  auto idle = person(p, "idle");
  auto pop = simulate(p, {shop, bar, firm, boss, idle});
  auto o = window();

  std::vector<findings::Metrics> one(pop.histories.size());
  for (std::size_t i = 0; i < one.size(); ++i)
    one[i].add(p, pop.histories[i], pop.timelines[i], findings::compute(p, pop.histories[i], pop.timelines[i], o), o);

  // The minor shop alone, by hand (see the first test): 6 findings, 7797 excess days, all of them
  // inside [2024-03-01, 2030-01-01): 2132 entity-days; punished: ban 2132 + licence 1095 +
  // record 2132 (to 2031-03-02, cut at the window's end) + publication 730.
  const auto& s = one[0];
  CHECK(s.findings == 6);
  CHECK(s.excess_days == 2132 + 306 + 1402 + 730 + 2132 + 1095);
  CHECK(s.entity_days_in_excess == 2132);
  CHECK(s.punishment_days == 2132 + 1095 + 2132 + 730);
  CHECK(s.by_kind[static_cast<int>(Kind::MinorEscalation)].findings == 3);
  CHECK(s.by_year.at(2024).punishment_days == 4 * 306);  // 2024-03-01 .. 2024-12-31 under four measures
  CHECK(s.excess_distribution == std::array<std::int64_t, findings::kBuckets>{0, 0, 1, 1, 2, 2});
  CHECK(one[4].entities == 1);
  CHECK(one[4].entities_punished == 0);

  findings::Metrics forward, backward, halves, left, right;
  for (const auto& m : one) forward.merge(m);
  for (auto it = one.rbegin(); it != one.rend(); ++it) backward.merge(*it);
  left.merge(one[3]);
  left.merge(one[0]);
  right.merge(one[4]);
  right.merge(one[2]);
  right.merge(one[1]);
  halves.merge(right);
  halves.merge(left);
  CHECK(forward == backward);
  CHECK(forward == halves);
  std::string json = findings::metrics_json(p, forward);
  CHECK(json == findings::metrics_json(p, backward));
  CHECK(json == findings::metrics_json(p, halves));
  CHECK(forward.entities == 5);
  CHECK(forward.entities_punished == 4);
  std::int64_t by_kind = 0;
  for (const auto& k : forward.by_kind) by_kind += k.findings;
  CHECK(by_kind == forward.findings);
  std::int64_t by_year = 0;
  for (const auto& [y, r] : forward.by_year) by_year += r.punishment_days;
  CHECK(by_year == forward.punishment_days);
  CHECK(std::accumulate(forward.excess_distribution.begin(), forward.excess_distribution.end(), std::int64_t{0}) == forward.findings);

  CHECK(json.rfind("{\"entities\":5,\"entities_punished\":4,", 0) == 0);
  CHECK(json.find("\"by_kind\":[{\"kind\":\"no-basis\",\"findings\":0,\"entities\":0,\"excess_days\":0},"
                  "{\"kind\":\"outweighs-conduct\",\"findings\":1,\"entities\":1,\"excess_days\":2132},") != std::string::npos);
  CHECK(json.find("{\"label\":\"more than 1825 days\",\"from\":1826,\"to\":null,") != std::string::npos);
  CHECK(json.find("{\"kind\":\"NaturalPerson\",\"entities\":3,\"punished\":2,") != std::string::npos);
  CHECK(json.find("\"by_measure\":[{\"measure\":\"food_business_ban\",\"title\":\"Ban on food production and trade\",\"authority\":\"Red River Market Regulation Bureau\",\"entities\":4,") != std::string::npos);
}

TEST_CASE("a finding as one line of findings.jsonl", "[findings][json]") {
  const auto& p = redriver();
  auto pop = minor_shop();
  auto fs = findings::compute(p, pop.history("shop"), pop.of("shop"), window("2024-01-01", "2032-01-01"));
  auto record = std::find_if(fs.begin(), fs.end(), [&](const Finding& f) {
    return f.kind == Kind::OverDuration && f.item == Finding::Item::Measure && p.measures.at(f.measure).name == "food_credit_record";
  });
  REQUIRE(record != fs.end());
  std::string line = findings::finding_json(p, pop.history("shop"), *record);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.rfind("{\"kind\":\"over-duration\",\"entity\":\"shop\",\"entity_kind\":\"NaturalPerson\",\"item\":\"measure\","
                   "\"name\":\"food_credit_record\",\"title\":\"Record in the credit reporting system\","
                   "\"authority\":\"Red River Market Regulation Bureau; credit reference agencies\",\"start\":\"2024-03-01\","
                   "\"end\":\"2031-03-02\",\"excess_start\":\"2031-03-01\",\"excess_end\":\"2031-03-02\",\"excess_days\":1,",
                   0) == 0);
  CHECK(line.find("\"limit\":{\"label\":\"limits `framework` of national_principles: duration of measure <= 5 years\","
                  "\"citations\":[\"national_principles.credit_reporting_regs art 16 — Regulations on the Administration of the Credit Reporting "
                  "Industry (State Council Order No. 631)\",") != std::string::npos);
  // The open ban: "end" is null; quotes in titles are escaped.
  std::string open = findings::finding_json(p, pop.history("shop"), fs[0]);
  CHECK(open.find("\"end\":null,") != std::string::npos);
  CHECK(open.find("(\\\"Ban on food production and trade\\\")") != std::string::npos);
}

TEST_CASE("a finding cites each document once, with its provisions in order and without repeats", "[findings][json]") {
  const auto& p = redriver();
  auto pop = minor_shop();
  auto fs = findings::compute(p, pop.history("shop"), pop.of("shop"), window());
  REQUIRE(!fs.empty());
  findings::Finding f = fs[0];
  f.basis = {{"law_a art 9", "Law A"}, {"law_b", "Law B"}, {"law_a art 3 para 2", "Law A"}, {"law_a art 9", "Law A"}, {"law_c art 1", ""}};
  std::string line = findings::finding_json(p, pop.history("shop"), f);
  CHECK(line.find("\"citations\":[\"law_a art 9, art 3 para 2 — Law A\",\"law_b — Law B\",\"law_c art 1\"],") != std::string::npos);
}

TEST_CASE("findings worded with a shared CitationWords are those worded afresh, entity after entity", "[findings][json]") {
  const auto& p = redriver();
  auto pop = minor_shop();
  findings::CitationWords words;
  for (int round = 0; round < 2; ++round) {  // the second round reads every chain's words from the memo
    auto fresh = findings::compute(p, pop.history("shop"), pop.of("shop"), window("2024-01-01", "2032-01-01"));
    auto shared = findings::compute(p, pop.history("shop"), pop.of("shop"), window("2024-01-01", "2032-01-01"), &words);
    REQUIRE(fresh.size() == shared.size());
    REQUIRE(!fresh.empty());
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      CHECK(fresh[i].explanation == shared[i].explanation);
      std::string with;
      findings::finding_json(with, p, pop.history("shop"), shared[i], &words);
      CHECK(findings::finding_json(p, pop.history("shop"), fresh[i]) == with);
    }
  }
}

TEST_CASE("a listing opened by a restoration (`include on restored(L)`) punishes the conduct of the listing restored", "[findings]") {
  // As `credlex check` reads it: the grant is no conduct of its own. A minor offence puts the
  // entity on `offenders`; the grant of its restoration opens a year on `supervised`, with a ban of
  // severity 2. Both listings and the ban are minor-escalation findings, for the minor offence.
  auto l = lower_files("t.clx", std::map<std::string, std::string>{{"nat.clx", kNationalBan}, {"t.clx", R"(policy t "T"
use "nat.clx" as nat
document rules "Rules"
event offence for nat.Person {
  seriousness minor
}
event applied for nat.Person
list offenders of nat.Person {
  basis rules art 1
  include on offence for 3 years
}
list supervised of nat.Person {
  basis rules art 2
  include on restored(offenders) for 1 year
}
restoration offenders {
  basis rules art 3
  eligible after 1 year
  on applied decide
}
measure ban "Ban" refines nat.ban {
  basis rules art 4
  category travel
  severity 2
  applies to members of supervised
  while listed
}
)"}});
  const ir::Policy& p = l->policy;
  auto h = entity(p, "x", "Person");
  h.events.push_back(event(p, "2024-03-01", "offence", {}));
  h.events.push_back(event(p, "2025-03-03", "applied", {}));
  auto pop = simulate(p, {h});
  const auto& t = pop.of("x");
  REQUIRE(t.listings.size() == 2);
  CHECK(t.listings[1].cause_event == 1);  // the application that was granted
  std::vector<std::string> minor;
  for (const auto& s : brief(p, findings::compute(p, pop.history("x"), t, window())))
    if (s.rfind("minor-escalation", 0) == 0) minor.push_back(s);
  CHECK(minor == std::vector<std::string>{"minor-escalation offenders 2024-03-01 367", "minor-escalation ban 2025-03-03 365",
                                          "minor-escalation supervised 2025-03-03 365"});
}
