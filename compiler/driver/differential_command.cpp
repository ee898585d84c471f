// `credlex differential POLICY…`: generated histories through the reference interpreter and the
// compiled code (JIT, fast and optimized tiers), timelines compared item by item; the first
// history that differs is shrunk and printed as a `test` block (compiler/differential).
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <ostream>
#include <sstream>
#include <tuple>

#include "compiler/differential/compare.h"
#include "compiler/differential/generator.h"
#include "compiler/differential/test_block.h"
#include "compiler/driver/commands.h"
#ifdef CREDLEX_HAVE_LLVM
#include "compiler/differential/compiled.h"
#endif

namespace credlex::driver {
#ifdef CREDLEX_HAVE_LLVM
namespace {

std::string plural(std::int64_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::string test_name(const differential::Mismatch& m, std::uint64_t seed) {
  return fmt::format("differential: {}, history {} of seed {}", m.backend, m.history, seed);
}

// Appends `block` to the policy's text, runs `credlex test` on the result (an in-memory file next
// to the policy, so its `use`s resolve) and returns the failures of the block's test, if any.
std::vector<std::string> check_block(const std::string& path, const std::string& block, const std::string& name,
                                     const std::string& calendar, Env& env, std::string& problem) {
  std::string text, error;
  if (!env.read_file(path, text, error)) {
    problem = error;
    return {};
  }
  std::string copy = path + ".differential-check.clx";
  std::ostringstream out, err;
  Env mem{out, err,
          [&](const std::string& p, std::string& t, std::string& e) {
            if (p != copy) return env.read_file(p, t, e);
            t = text + "\n" + block;
            return true;
          },
          [](const std::string&, const std::string&, std::string& e) {
            e = "nothing is written while checking";
            return false;
          }};
  TestOptions t;
  t.files = {copy};
  t.calendar = calendar;
  test_command(t, mem);
  std::vector<std::string> failures;
  std::istringstream lines(out.str() + err.str());
  std::string needle = fmt::format("test \"{}\" failed", name), line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.find(needle) != std::string::npos) failures.push_back(line);
    if (line.find(" passed, ") != std::string::npos) found = true;
  }
  if (!found) problem = "the policy with the test did not load:\n" + err.str();
  return failures;
}

}  // namespace
#endif

int differential_command(const DifferentialOptions& o, Env& env) {
#ifndef CREDLEX_HAVE_LLVM
  env.err << "credlex differential: this credlex was built without the LLVM backend, so there is no compiled code "
             "to compare with the interpreter\n";
  return kUsage;
#else
  ir::Calendar calendar;
  ir::RunOptions run;
  if (auto code = load_calendar_option(o.calendar, "differential", "nothing was compared", env, calendar, run)) return *code;
  std::string error;
  auto jit = codegen::Jit::create(error);
  if (!jit) {
    env.err << fmt::format("credlex differential: the JIT cannot start: {}\n", error);
    return kInternal;
  }
  int worst = kOk;
  std::int64_t total_differences = 0;
  for (const auto& path : o.files) {
    LoadedPolicy lp;
    if (auto code = load_policy(path, "differential", "it was not compared", env, lp)) {
      worst = std::max(worst, *code);
      continue;
    }
    const ir::Policy& p = lp.policy;
    std::vector<std::unique_ptr<codegen::CompiledPolicy>> code;
    std::vector<differential::NamedBackend> backends;
    for (auto [tier, wanted, word] : {std::tuple{codegen::Tier::Fast, o.fast, "fast"}, std::tuple{codegen::Tier::Optimized, o.optimized, "optimized"}}) {
      if (!wanted) continue;
      auto c = jit->compile_policy(p, tier, error);
      if (!c) {
        env.err << fmt::format("credlex differential: {}: compiling at the {} tier failed: {}\n", path, word, error);
        worst = kInternal;
        continue;
      }
      backends.push_back({fmt::format("the compiled code ({} tier)", word), differential::compiled(p, *c)});
      code.push_back(std::move(c));
    }
    if (backends.empty()) continue;
    differential::Options options;
    options.seed = o.seed;
    options.histories = o.histories;
    options.calendar = run.calendar;
    auto r = differential::compare(p, differential::interpreter(p), backends, differential::first_difference(p), options);
    total_differences += static_cast<std::int64_t>(r.mismatches.size());
    env.out << fmt::format("{}: {}, {} compared, {} on both sides, {}, {:.1f} s\n", path, plural(r.histories, "history", "histories"),
                           plural(r.items, "item", "items"), plural(r.failed_alike, "failure", "failures"),
                           plural(static_cast<std::int64_t>(r.mismatches.size()), "difference", "differences"), r.seconds);
    if (p.kinds.empty()) env.out << fmt::format("  (the policy declares no kind of entity, so there is nothing to run)\n");
    std::vector<const differential::Mismatch*> shown;
    for (const auto& m : r.mismatches) {
      auto same = std::find_if(shown.begin(), shown.end(), [&](const differential::Mismatch* x) {
        return x->history == m.history && x->difference == m.difference && differential::show(p, x->shrunk) == differential::show(p, m.shrunk);
      });
      if (same != shown.end()) {
        env.out << fmt::format("\n{}: {} differs from the interpreter in the same way, on the same history.\n", path, m.backend);
        continue;
      }
      shown.push_back(&m);
      std::string when = m.with_calendar ? fmt::format("working days by {}", o.calendar) : "weekends only";
      env.out << fmt::format("\n{}: {} differs from the interpreter on history {} of seed {} ({}):\n  {}\n", path, m.backend, m.history,
                             o.seed, when, m.original_difference);
      env.out << fmt::format("  Shrunk from {} to {} ({} tries); on the smaller history: {}\n", plural(static_cast<std::int64_t>(m.original.events.size()), "event", "events"),
                             plural(static_cast<std::int64_t>(m.shrunk.events.size()), "event", "events"), m.shrink_runs, m.difference);
      std::string name = test_name(m, o.seed);
      std::string block = differential::test_block(p, name, m.shrunk, m.expected, &m.actual, "compiled");
      env.out << fmt::format("  As a test (the expectations are what the interpreter computed; paste it at the end of the policy and run "
                             "`credlex test {}{}`):\n\n{}\n",
                             path, m.with_calendar ? " --calendar " + o.calendar : "", block);
      if (!m.expected.ok()) continue;
      std::string problem;
      auto failures = check_block(path, block, name, m.with_calendar ? o.calendar : "", env, problem);
      if (!problem.empty())
        env.out << fmt::format("  Warning: the test could not be checked: {}\n", problem);
      else if (failures.empty())
        env.out << "  Checked: at the end of the policy, this test passes with `credlex test` (the interpreter).\n";
      else
        for (const auto& f : failures) env.out << fmt::format("  Warning: as printed, the test fails on the interpreter: {}\n", f);
    }
  }
  if (o.files.size() > 1)
    env.out << fmt::format("{} compared, {}\n", plural(static_cast<std::int64_t>(o.files.size()), "policy", "policies"),
                           plural(total_differences, "difference", "differences"));
  if (total_differences > 0) worst = std::max(worst, static_cast<int>(kPolicyErrors));
  return worst;
#endif
}

}  // namespace credlex::driver
