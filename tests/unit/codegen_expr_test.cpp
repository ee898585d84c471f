// The LLVM backend's expressions against the reference interpreter: for every rule condition of
// every bundled policy and a few hundred seeded random histories per policy (events of the types
// the entity's kind allows, fields of their declared types, adversarial dates: month ends, leap
// days, same-day events, long gaps), the JIT-compiled function and the interpreter give the same
// value, or both fail. Both tiers (no optimisation, O2) are compared.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/columns.h"
#include "compiler/differential/generator.h"
#include "compiler/ir/calendar_file.h"
#include "compiler/ir/interpret.h"
#include "credlex/civil_date.h"
#include "ir_testing.h"
#include "lowered.h"

using namespace credlex;

namespace {

using testing::lower_path;
using differential::Generator;
using differential::show;


bool same(const ir::Value& a, const ir::Value& b) {
  if (a.kind != b.kind || a.i != b.i) return false;
  switch (a.kind) {
    case ir::ValueKind::Decimal: return a.scale == b.scale;
    case ir::ValueKind::Duration: return a.unit == b.unit;
    case ir::ValueKind::Choice: return a.index == b.index;
    case ir::ValueKind::Money: case ir::ValueKind::Text: case ir::ValueKind::Level: return a.text == b.text;
    default: return true;
  }
}

struct Tally {
  int compared = 0, agreed_values = 0, agreed_failures = 0, mismatches = 0, skipped_runs = 0;
  double fast_ms = 0, o2_ms = 0;  // compile time (information only, never checked)
};

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// One policy: its rule conditions on `histories` random histories, at both tiers.
Tally compare_policy(const std::string& path, codegen::Jit& jit, const clx_calendar* cn, int histories) {
  auto l = lower_path(path);
  const ir::Policy& p = l->policy;
  Tally t;
  auto exprs = codegen::rule_conditions(p);
  if (exprs.empty() || p.kinds.empty()) return t;
  std::string error;
  codegen::Options fast, o2;
  o2.tier = codegen::Tier::Optimized;
  auto start = std::chrono::steady_clock::now();
  auto compiled_fast = jit.compile(p, fast, error);
  t.fast_ms = ms_since(start);
  INFO(error);
  REQUIRE(compiled_fast);
  start = std::chrono::steady_clock::now();
  auto compiled_o2 = jit.compile(p, o2, error);
  t.o2_ms = ms_since(start);
  REQUIRE(compiled_o2);
  Generator gen(p, std::hash<std::string>{}(p.name) ^ 0x5eedULL);
  for (int round = 0; round < histories; ++round) {
    ir::History h = gen.history();
    ir::RunOptions options;
    options.calendar = round % 2 ? cn : nullptr;
    ir::Timeline timeline = ir::run(p, h, options);
    if (!timeline.ok()) { ++t.skipped_runs; continue; }
    codegen::HistoryColumns columns(p, h);
    auto n = static_cast<std::int32_t>(h.events.size());
    // The contexts: a question after the history (evaluate_condition), and an event being applied.
    struct Case { ir::Day date; std::int32_t current, cause, visible; };
    std::vector<Case> cases;
    ir::Day last = n ? h.events.back().date : clx_days_from_civil(2021, 1, 1);
    cases.push_back({gen.after(last), -1, n ? gen.pick(n + 1) - 1 : -1, n});
    if (n) {
      std::int32_t k = gen.pick(n);
      cases.push_back({h.events[static_cast<std::size_t>(k)].date, k, gen.pick(n + 1) - 1, k + 1});
    }
    for (const auto& c : cases) {
      codegen::EvalArgs args;
      args.date = c.date;
      args.current = c.current;
      args.cause = c.cause;
      args.visible = c.visible;
      args.calendar = options.calendar;
      args.listed.assign(p.lists.size(), 0);
      for (const auto& ls : timeline.listings)
        if (ls.start <= c.date && (!ls.end || c.date < *ls.end)) args.listed[static_cast<std::size_t>(ls.list)] = 1;
      for (ir::ExprId e : exprs) {
        std::string reason;
        std::optional<ir::Value> expected = ir::evaluate_expression(p, h, e, c.date, c.current, c.cause, c.visible, reason, options);
        if (c.current < 0) {  // the question `credlex decide` asks must agree too
          auto cond = ir::evaluate_condition(p, h, e, c.date, c.cause, options);
          bool agree = cond.has_value() == expected.has_value() && (!cond || *cond == (expected->i != 0));
          CHECK(agree);
        }
        for (const auto* compiled : {compiled_fast.get(), compiled_o2.get()}) {
          auto got = codegen::evaluate(compiled->function(e), columns, args);
          ++t.compared;
          bool ok = expected ? (got.value && same(*expected, *got.value)) : !got.value;
          if (ok) {
            ++(expected ? t.agreed_values : t.agreed_failures);
            continue;
          }
          if (++t.mismatches <= 5)
            WARN(fmt::format("MISMATCH {} ({})\n  expr {} = {}\n  on {} current {} cause {} visible {}{}\n{}  interpreter: {}\n  jit:         {}",
                             path, compiled == compiled_fast.get() ? "fast" : "O2", e, ir::print_expr(p, e), ir::date_text(c.date),
                             c.current, c.cause, c.visible, options.calendar ? " (cn calendar)" : "", show(p, h),
                             expected ? ir::to_string(p, *expected) : "error: " + reason,
                             got.value ? ir::to_string(p, *got.value) : "error: " + codegen::status_text(got.status)));
        }
      }
    }
  }
  return t;
}

}  // namespace

TEST_CASE("emit_llvm gives the whole policy: a function per rule condition, the tables, the entry points", "[codegen]") {
  auto l = lower_path(std::string(CREDLEX_SOURCE_DIR) + "/policies/spc/judgment_defaulters_2017.clx");
  std::string text = codegen::emit_llvm(l->policy);
  auto exprs = codegen::rule_conditions(l->policy);
  REQUIRE_FALSE(exprs.empty());
  for (ir::ExprId e : exprs) CHECK(text.find("define internal i32 @" + codegen::expr_symbol(e) + "(") != std::string::npos);
  CHECK(text.find("declare i32 @clx_eval_compare") != std::string::npos);
  for (const char* entry : {"define i32 @clx_run(", "define i32 @clx_run_batch(", "define void @clx_timeline_free(", "define ptr @clx_info("})
    CHECK(text.find(entry) != std::string::npos);
  CHECK(text.find("@clx_pool = private constant") != std::string::npos);
  CHECK(text.find("double") == std::string::npos);  // no floating point
  CHECK(text.find("float") == std::string::npos);
}

TEST_CASE("the JIT computes every rule condition of every bundled policy as the interpreter does", "[codegen]") {
  std::string error;
  auto jit = codegen::Jit::create(error);
  INFO(error);
  REQUIRE(jit);
  const ir::Calendar& cn = testing::china();
  Tally total;
  int policies = 0;
  std::string timings = "compile time of the rule conditions, runtime linked in:\n";
  for (const auto& path : testing::bundled_policies()) {
    INFO(path);
    Tally t = compare_policy(path, *jit, cn.get(), 300);
    total.compared += t.compared;
    total.agreed_values += t.agreed_values;
    total.agreed_failures += t.agreed_failures;
    total.mismatches += t.mismatches;
    total.skipped_runs += t.skipped_runs;
    ++policies;
    timings += fmt::format("  {}: {:.1f} ms fast, {:.1f} ms O2\n", path.substr(path.find("/policies/") + 1), t.fast_ms, t.o2_ms);
    CHECK(t.mismatches == 0);
  }
  WARN(fmt::format("{} policies, {} comparisons: {} equal values, {} failures on both sides, {} mismatches; {} histories "
                   "skipped (the run itself failed)",
                   policies, total.compared, total.agreed_values, total.agreed_failures, total.mismatches, total.skipped_runs));
  WARN(timings);
  CHECK(policies >= 3);
  CHECK(total.agreed_values > total.compared / 4);  // the comparison is not only failures
}

TEST_CASE("the JIT computes decimals, money, durations, parameters and aggregates as the interpreter does", "[codegen]") {
  std::string error;
  auto jit = codegen::Jit::create(error);
  INFO(error);
  REQUIRE(jit);
  const ir::Calendar& cn = testing::china();
  Tally t = compare_policy(std::string(CREDLEX_SOURCE_DIR) + "/tests/data/codegen/expressions.clx", *jit, cn.get(), 2000);
  WARN(fmt::format("expressions.clx: {} comparisons: {} equal values, {} failures on both sides, {} mismatches",
                   t.compared, t.agreed_values, t.agreed_failures, t.mismatches));
  CHECK(t.mismatches == 0);
  CHECK(t.agreed_values > t.compared / 4);
}

TEST_CASE("a compiled function reports errors as codes", "[codegen]") {
  auto l = testing::lower_files("t.clx", std::map<std::string, std::string>{{"t.clx", R"(policy t "T"
document law "Law"
entity Person { }
event fined for Person { amount: money(CNY) }
param threshold: duration = 1 year from 2020-01-01 basis law art 1
list fines "Fined" of Person {
  basis law art 2
  include on fined f when sum(amount of fined) > 100 CNY when latest(fined).date - 1 year > 2019-01-01 for threshold
}
)"}});
  const ir::Policy& p = l->policy;
  std::string error;
  auto jit = codegen::Jit::create(error);
  REQUIRE(jit);
  auto compiled = jit->compile(p, {}, error);
  INFO(error);
  REQUIRE(compiled);
  ir::ExprId cond = p.lists.at(0).includes.at(0).condition;
  ir::History h;
  h.entity.kind = 0;
  for (std::int64_t units : {INT64_MAX / 2, INT64_MAX / 2 + 10})
    h.events.push_back(ir::Event{clx_days_from_civil(2021, 5, 31), 0, {ir::Value::money(units, "CNY")}});
  codegen::HistoryColumns columns(p, h);
  codegen::EvalArgs args;
  args.date = clx_days_from_civil(2021, 5, 31);
  args.visible = 2;
  args.listed.assign(1, 0);
  auto got = codegen::evaluate(compiled->function(cond), columns, args);
  CHECK(got.status == CLX_E_OVERFLOW);
  args.visible = 1;
  got = codegen::evaluate(compiled->function(cond), columns, args);
  REQUIRE(got.status == CLX_OK);
  CHECK(got.value->kind == ir::ValueKind::Bool);
  CHECK(got.value->i == 1);
  args.visible = 0;  // sum of nothing is 0: false, and `latest` is never reached
  got = codegen::evaluate(compiled->function(cond), columns, args);
  REQUIRE(got.status == CLX_OK);
  CHECK(got.value->i == 0);
}
