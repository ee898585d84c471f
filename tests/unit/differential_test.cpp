// Differential testing (compiler/differential): shrinking proven on deliberately broken backends
// (the shrunk history is small and still differs), the shrunk history printed as a `test` block
// that `credlex test` reads and passes on the interpreter (for every bundled policy), and the
// `credlex differential` command.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli.h"
#include "compiler/differential/compare.h"
#include "compiler/differential/generator.h"
#include "compiler/differential/shrink.h"
#include "compiler/differential/test_block.h"
#include "ir_testing.h"
#include "lowered.h"
#ifdef CREDLEX_HAVE_LLVM
#include "compiler/differential/compiled.h"
#endif

using namespace credlex;

namespace {

// The interpreter, then a deliberate mistake.
differential::Backend broken(const ir::Policy& p, std::function<void(ir::Timeline&)> mistake) {
  return [&p, mistake](const ir::History& h, const clx_calendar* calendar) {
    ir::Timeline t = differential::interpreter(p)(h, calendar);
    if (t.ok()) mistake(t);
    return t;
  };
}

void drop_last_measure(ir::Timeline& t) {
  if (!t.measures.empty()) t.measures.pop_back();
}

void shift_listing_end(ir::Timeline& t) {
  for (auto& l : t.listings)
    if (l.end) {
      *l.end += 1;
      return;
    }
}

// The last item of whatever the policy produces: a measure interval, else a listing, else a grade
// interval, else a decision.
void drop_last_item(ir::Timeline& t) {
  if (!t.measures.empty()) t.measures.pop_back();
  else if (!t.listings.empty()) t.listings.pop_back();
  else if (!t.grades.empty()) t.grades.pop_back();
  else if (!t.decisions.empty()) t.decisions.pop_back();
}

differential::Difference difference(const ir::Policy& p) {
#ifdef CREDLEX_HAVE_LLVM
  return differential::first_difference(p);
#else
  return [&p](const ir::Timeline& a, const ir::Timeline& b) -> std::optional<std::string> {
    std::string x = testing::brief(p, a), y = testing::brief(p, b);
    if (x == y) return std::nullopt;
    return "expected:\n" + x + "computed:\n" + y;
  };
#endif
}

differential::Report run_broken(const ir::Policy& p, void (*mistake)(ir::Timeline&), std::int64_t histories) {
  differential::Options o;
  o.histories = histories;
  o.calendar = testing::china().get();
  return differential::compare(p, differential::interpreter(p), {{"a broken backend", broken(p, mistake)}}, difference(p), o);
}


// `credlex test` on the policy with `block` appended (an in-memory copy next to the policy, so its
// `use`s resolve), with China's calendar when `calendar`.
testing::Outcome test_with_block(const std::string& path, const std::string& block, bool calendar) {
  std::string copy = path + ".with-block.clx";
  std::string text = testing::read_file(path) + "\n" + block;
  std::ostringstream out, err;
  driver::Env env = driver::system_env(out, err);
  auto real = env.read_file;
  env.read_file = [&](const std::string& p, std::string& t, std::string& e) {
    if (p != copy) return real(p, t, e);
    t = text;
    return true;
  };
  std::vector<std::string> args = {"test", copy};
  if (calendar) {
    args.push_back("--calendar");
    args.push_back(CREDLEX_SOURCE_DIR "/runtime/calendars/cn-2024-2026.txt");
  }
  return testing::run_env(env, out, err, args);
}

const std::string kDefaulters = CREDLEX_SOURCE_DIR "/policies/spc/judgment_defaulters_2017.clx";

// The one mismatch the mistake makes in 2,000 histories of judgment_defaulters_2017, shrunk to at
// most 3 events.
differential::Mismatch caught(const ir::Policy& p, void (*mistake)(ir::Timeline&)) {
  auto r = run_broken(p, mistake, 2000);
  REQUIRE(r.mismatches.size() == 1);
  const auto& m = r.mismatches.front();
  INFO(differential::show(p, m.original) << m.original_difference << "\nshrunk:\n" << differential::show(p, m.shrunk) << m.difference);
  CHECK(m.shrunk.events.size() <= 3);
  return m;
}

}  // namespace

TEST_CASE("shrinking: a backend that drops the last measure interval is caught on a small history", "[differential]") {
  auto l = testing::lower_path(kDefaulters);
  const ir::Policy& p = l->policy;
  auto m = caught(p, drop_last_measure);
  CHECK(m.shrunk.events.size() <= m.original.events.size());
  CHECK(m.shrink_runs > 0);
  // The difference is still there, and it is the one the mistake makes.
  auto again = difference(p)(m.expected, m.actual);
  REQUIRE(again);
  CHECK(m.expected.measures.size() == m.actual.measures.size() + 1);
  CHECK(m.difference == *again);
}

TEST_CASE("shrinking: a backend that ends a listing one day late is caught on a small history", "[differential]") {
  auto l = testing::lower_path(kDefaulters);
  const ir::Policy& p = l->policy;
  auto m = caught(p, shift_listing_end);
#ifdef CREDLEX_HAVE_LLVM
  CHECK_THAT(m.difference, Catch::Contains("end"));
#endif
  // The printed test names the day the two sides disagree on, with the broken side's view.
  std::string block = differential::test_block(p, "late end", m.shrunk, m.expected, &m.actual, "broken");
  CHECK_THAT(block, Catch::Contains("// broken: in"));
}

TEST_CASE("shrinking keeps what matters and simplifies the rest", "[differential]") {
  auto l = testing::lower_path(kDefaulters);
  const ir::Policy& p = l->policy;
  differential::Generator gen(p, 7);
  ir::History h;
  while (h.events.size() < 6) h = gen.history();
  // "Differs" whenever the history still has an event of the type of its third event: one event
  // of that type must remain, with every field at its simplest and every attribute unknown.
  std::int32_t type = h.events[2].type;
  auto differs = [&](const ir::History& x) {
    return std::any_of(x.events.begin(), x.events.end(), [&](const ir::Event& e) { return e.type == type; });
  };
  int runs = 0;
  ir::History s = differential::shrink(p, h, differs, 4000, &runs);
  INFO(differential::show(p, h) << "shrunk:\n" << differential::show(p, s));
  REQUIRE(s.events.size() == 1);
  CHECK(s.events[0].type == type);
  for (const auto& a : s.entity.attributes) CHECK_FALSE(a.has_value());
  const auto& fields = p.events.at(type).fields;
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const auto& v = s.events[0].fields[f];
    REQUIRE(v);
    switch (fields[f].kind) {
      case ir::ValueKind::Bool: CHECK(v->i == 0); break;
      case ir::ValueKind::Int: case ir::ValueKind::Money: case ir::ValueKind::Decimal: case ir::ValueKind::Choice: CHECK(v->i == 0); break;
      case ir::ValueKind::Text: CHECK(v->text == "A"); break;
      case ir::ValueKind::Date: CHECK(v->i == s.events[0].date); break;
      default: break;
    }
  }
  CHECK(runs > 0);
  // A budget of tries is kept.
  int few = 0;
  differential::shrink(p, h, differs, 3, &few);
  CHECK(few == 3);
}

TEST_CASE("the shrunk history as a test block passes `credlex test` on the interpreter, for every policy", "[differential][slow]") {
  int checked = 0;
  for (const auto& path : testing::bundled_policies()) {
    auto l = testing::lower_path(path);
    const ir::Policy& p = l->policy;
    if (p.kinds.empty()) continue;
    auto r = run_broken(p, drop_last_item, 3000);
    if (r.mismatches.empty()) continue;  // a policy whose histories produce nothing
    const auto& m = r.mismatches.front();
    std::string block = differential::test_block(p, "differential check", m.shrunk, m.expected, &m.actual, "broken");
    INFO(path << "\n" << block << differential::show(p, m.shrunk));
    if (!m.expected.ok()) continue;  // an error run cannot pass as a test; nothing to check
    REQUIRE_THAT(block, Catch::Contains("  expect "));
    auto outcome = test_with_block(path, block, m.with_calendar);
    INFO(outcome.out << outcome.err);
    CHECK(outcome.code == 0);
    CHECK_THAT(outcome.out, Catch::Contains(" passed, 0 failed"));
    CHECK_FALSE(testing::has(outcome.out, "differential check"));
    // The same block with its first expectation turned round fails: the check can fail.
    std::string wrong = block;
    auto at = wrong.find("  expect ");
    auto eol = wrong.find('\n', at);
    std::string line = wrong.substr(at, eol - at);
    std::string turned = testing::has(line, " not in ") ? std::string(" in ") : testing::has(line, " in ") ? std::string(" not in ")
                         : testing::has(line, " not under ") ? std::string(" under ") : std::string(" not under ");
    for (const char* from : {" not in ", " in ", " not under ", " under "})
      if (auto k = line.find(from); k != std::string::npos) {
        line.replace(k, std::string(from).size(), turned);
        wrong.replace(at, eol - at, line);
        auto bad = test_with_block(path, wrong, m.with_calendar);
        INFO(wrong << bad.out);
        CHECK(bad.code == 1);
        CHECK_THAT(bad.out, Catch::Contains("test \"differential check\" failed"));
        break;
      }
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("the same seed gives the same histories and the same report", "[differential]") {
  auto l = testing::lower_path(kDefaulters);
  const ir::Policy& p = l->policy;
  auto a = run_broken(p, shift_listing_end, 500), b = run_broken(p, shift_listing_end, 500);
  REQUIRE(a.mismatches.size() == 1);
  REQUIRE(b.mismatches.size() == 1);
  CHECK(a.mismatches[0].history == b.mismatches[0].history);
  CHECK(differential::show(p, a.mismatches[0].shrunk) == differential::show(p, b.mismatches[0].shrunk));
  CHECK(a.histories == b.histories);
  CHECK(a.items == b.items);
}

#ifdef CREDLEX_HAVE_LLVM
TEST_CASE("credlex differential: the compiled code agrees with the interpreter, one line per policy", "[differential][driver]") {
  auto r = testing::run_system({"differential", kDefaulters, CREDLEX_SOURCE_DIR "/policies/sta/tax_arrears_exit_2015.clx",
                                "--histories", "300", "--seed=5", "--calendar", CREDLEX_SOURCE_DIR "/runtime/calendars/cn-2024-2026.txt"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("judgment_defaulters_2017.clx: 300 histories, "));
  CHECK_THAT(r.out, Catch::Contains(" items compared, "));
  CHECK_THAT(r.out, Catch::Contains(", 0 differences, "));
  CHECK_THAT(r.out, Catch::Contains("2 policies compared, 0 differences"));
}

TEST_CASE("credlex differential: bad command lines", "[differential][driver]") {
  testing::MemFs fs;
  CHECK(testing::run_cli(fs, {"differential"}).code == 2);
  CHECK(testing::run_cli(fs, {"differential", "a.clx", "--tier", "o3"}).code == 2);
  CHECK(testing::run_cli(fs, {"differential", "a.clx", "--histories", "-3"}).code == 2);
  CHECK(testing::run_cli(fs, {"differential", "a.clx", "--histories=many"}).code == 2);
  CHECK(testing::run_cli(fs, {"differential", "missing.clx", "--histories", "1"}).code == 2);
  auto help = testing::run_cli(fs, {"differential", "--help"});
  CHECK(help.code == 0);
  CHECK_THAT(help.out, Catch::Contains("--histories N"));
  CHECK_THAT(testing::run_cli(fs, {"--help"}).out, Catch::Contains("differential POLICY..."));
}
#endif
