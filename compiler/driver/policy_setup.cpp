// What the commands that run a policy (test, decide, schema) share: loading, checking and lowering
// one policy with its diagnostics printed, and the --calendar option.
#include <fmt/format.h>

#include <ostream>

#include "compiler/driver/commands.h"

namespace credlex::driver {

std::optional<int> load_policy(const std::string& path, const char* command, const char* consequence, Env& env, LoadedPolicy& out) {
  diag::Sink sink;
  sema::LoadOptions load;
  load.read_file = env.read_file;
  auto program = sema::load(path, out.sources, sink, load);
  bool readable = program.root != nullptr;
  if (readable && program.syntax_ok()) out.model = sema::check(std::move(program), out.sources, sink);
  if (!readable || sink.has_errors() || !out.model) {
    sink.sort();
    CommandOptions c;
    print_diagnostics(sink, out.sources, c, env, 1);
    env.err << fmt::format("credlex {}: the policy has errors, so {}\n", command, consequence);
    return readable ? kPolicyErrors : kUsage;
  }
  out.policy = ir::lower(*out.model);
  return std::nullopt;
}

std::optional<int> load_calendar_option(const std::string& path, const char* command, const char* consequence, Env& env,
                                        ir::Calendar& calendar, ir::RunOptions& run) {
  if (path.empty()) return std::nullopt;
  std::string text, error;
  if (!env.read_file(path, text, error)) {
    env.err << fmt::format("credlex {}: cannot read the holiday calendar `{}`: {}\n", command, path, error);
    return kUsage;
  }
  std::vector<std::string> problems;
  calendar = ir::parse_calendar(text, path, problems);
  if (!problems.empty()) {
    for (const auto& p : problems) env.err << p << "\n";
    env.err << fmt::format("credlex {}: the holiday calendar has problems, so {}\n", command, consequence);
    return kPolicyErrors;
  }
  run.calendar = calendar.get();
  return std::nullopt;
}

}  // namespace credlex::driver
