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
#include "compiler/ir/calendar_file.h"
#include "compiler/ir/interpret.h"
#include "credlex/civil_date.h"
#include "ir_testing.h"
#include "lowered.h"

using namespace credlex;

namespace {

using testing::lower_path;


// Random valid histories for a policy.
class Generator {
 public:
  Generator(const ir::Policy& p, std::uint64_t seed) : p_(p), rng_(seed) {}

  ir::History history() {
    ir::History h;
    h.entity.id = "E";
    h.entity.kind = pick(static_cast<int>(p_.kinds.size()));
    for (const auto& a : p_.kinds[static_cast<std::size_t>(h.entity.kind)].attributes)
      h.entity.attributes.push_back(chance(10) ? std::nullopt : std::optional<ir::Value>(value(a)));
    std::vector<std::int32_t> allowed;
    for (std::size_t t = 0; t < p_.events.size(); ++t) {
      const auto& k = p_.events[t].kinds;
      if (k.empty() || std::find(k.begin(), k.end(), h.entity.kind) != k.end()) allowed.push_back(static_cast<std::int32_t>(t));
    }
    int n = allowed.empty() ? 0 : pick(13);
    ir::Day d = anchor();
    for (int i = 0; i < n; ++i) {
      if (i > 0) d = next_day(d);
      ir::Event e;
      e.date = d;
      e.type = allowed[static_cast<std::size_t>(pick(static_cast<int>(allowed.size())))];
      for (const auto& f : p_.events[static_cast<std::size_t>(e.type)].fields) e.fields.push_back(value(f));
      h.events.push_back(std::move(e));
    }
    return h;
  }

  int pick(int n) { return n <= 0 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }
  ir::Day after(ir::Day d) { return d + std::array<int, 8>{0, 0, 1, 15, 30, 180, 365, 800}[static_cast<std::size_t>(pick(8))]; }

 private:
  ir::Day anchor() {
    static const int dates[][3] = {{2019, 12, 31}, {2020, 1, 31}, {2020, 2, 28}, {2020, 2, 29}, {2020, 3, 1},
                                   {2021, 2, 28}, {2021, 3, 4}, {2023, 12, 31}, {2024, 2, 29}, {2024, 9, 27},
                                   {2024, 10, 1}, {2025, 6, 30}, {2016, 5, 31}, {2019, 7, 1}};
    const auto& a = dates[pick(static_cast<int>(std::size(dates)))];
    return clx_days_from_civil(a[0], a[1], a[2]) + (chance(30) ? pick(60) - 30 : 0);
  }
  ir::Day next_day(ir::Day d) {
    switch (pick(8)) {
      case 0: case 1: return d;  // the same day
      case 2: return d + 1;
      case 3: {  // the end of this or the next month
        std::int32_t y, m, day;
        clx_civil_from_days(d, &y, &m, &day);
        ir::Day end = clx_days_from_civil(y, m, clx_days_in_month(y, m));
        return end > d ? end : clx_add_months(end, 1);
      }
      case 4: return d + 28 + pick(4);
      case 5: return d + 365 + pick(2);
      case 6: return d + 700 + pick(200);  // a long gap
      default: return d + pick(120);
    }
  }
  std::string text() { return std::array<const char*, 3>{"A", "B", "case-1"}[static_cast<std::size_t>(pick(3))]; }
  std::int64_t amount() {
    switch (pick(6)) {
      case 0: return 0;
      case 1: return -pick(1000) * 10000;
      case 2: return std::int64_t{pick(1000000)} * 10000 + pick(10000);
      case 3: return INT64_MAX / 3 + pick(5);  // sums overflow
      default: return std::int64_t{pick(100000)} * 10000;
    }
  }
  ir::Value value(const ir::FieldType& f) {
    switch (f.kind) {
      case ir::ValueKind::Bool: return ir::Value::boolean(chance(50));
      case ir::ValueKind::Int: return ir::Value::integer(chance(5) ? INT64_MAX - pick(3) : pick(2000) - 100);
      case ir::ValueKind::Decimal:
        if (chance(30)) return ir::Value::integer(pick(100));
        return ir::Value::decimal(pick(200000) - 1000, pick(5));
      case ir::ValueKind::Money: {
        std::string currency = f.currency.empty() ? (chance(70) ? "CNY" : "USD") : f.currency;
        return ir::Value::money(amount(), currency);
      }
      case ir::ValueKind::Text: return ir::Value::of_text(text());
      case ir::ValueKind::Date: return ir::Value::date(anchor() + pick(2000) - 1000);
      case ir::ValueKind::Duration: return ir::Value::duration(pick(40), static_cast<ir::Unit>(pick(3)));
      case ir::ValueKind::Choice: {
        int n = static_cast<int>(p_.enums.at(static_cast<std::size_t>(f.index)).choices.size());
        return ir::Value::choice(f.index, pick(n));
      }
      case ir::ValueKind::Level: {
        int n = static_cast<int>(p_.scale.size());
        int r = pick(n);
        return ir::Value::level(r + 1, n ? p_.scale[static_cast<std::size_t>(r)] : "");
      }
      default: return ir::Value::entity();
    }
  }

  const ir::Policy& p_;
  std::mt19937_64 rng_;
};

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

std::string show(const ir::Policy& p, const ir::History& h) {
  std::string out = fmt::format("entity of kind {}:", p.kinds.at(static_cast<std::size_t>(h.entity.kind)).name);
  for (const auto& a : h.entity.attributes) out += " " + (a ? ir::to_string(p, *a) : std::string("?"));
  out += "\n";
  for (std::size_t k = 0; k < h.events.size(); ++k) {
    const auto& e = h.events[k];
    out += fmt::format("  #{} {} {}", k, ir::date_text(e.date), p.events.at(static_cast<std::size_t>(e.type)).name);
    for (const auto& f : e.fields) out += " " + (f ? ir::to_string(p, *f) : std::string("?"));
    out += "\n";
  }
  return out;
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

TEST_CASE("emit_llvm gives one function per rule condition", "[codegen]") {
  auto l = lower_path(std::string(CREDLEX_SOURCE_DIR) + "/policies/spc/judgment_defaulters_2017.clx");
  std::string text = codegen::emit_llvm(l->policy);
  auto exprs = codegen::rule_conditions(l->policy);
  REQUIRE_FALSE(exprs.empty());
  for (ir::ExprId e : exprs) CHECK(text.find("define i32 @" + codegen::expr_symbol(e) + "(") != std::string::npos);
  CHECK(text.find("declare i32 @clx_eval_compare") != std::string::npos);
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
