#include <fmt/format.h>

#include <ostream>
#include <set>
#include <tuple>

#include "compiler/diag/render.h"
#include "compiler/driver/commands.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"
#include "compiler/syntax/ast_dump.h"
#ifdef CREDLEX_HAVE_LLVM
#include "compiler/codegen/codegen.h"
#endif

namespace credlex::driver {

void print_diagnostics(diag::Sink& sink, const diag::SourceManager& sources, const CommandOptions& o, Env& env,
                       std::size_t files) {
  std::vector<diag::Diagnostic> unique = diag::without_repeats(sink.diagnostics(), sources);
  if (o.json) {
    env.out << diag::render_json(unique, sources);
    return;
  }
  std::size_t errors = 0, warnings = 0;
  for (const auto& d : unique) {
    env.err << diag::render_text(d, sources) << "\n";
    (d.severity == diag::Severity::Error ? errors : warnings)++;
  }
  env.err << fmt::format("{} file{}: {} error{}, {} warning{}\n", files, files == 1 ? "" : "s", errors,
                         errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

int check_command(const CommandOptions& o, Env& env) {
#ifndef CREDLEX_HAVE_LLVM
  if (o.emit == "llvm") {
    env.err << "credlex check: --emit=llvm needs a build with the LLVM backend (cmake -DCREDLEX_LLVM=ON)\n";
    return kUsage;
  }
#endif
  diag::SourceManager sources;
  diag::Sink sink;
  sema::LoadOptions load;
  load.read_file = env.read_file;
  bool unreadable = false;
  for (const auto& path : o.files) {
    auto program = sema::load(path, sources, sink, load);
    if (!program.root) {
      unreadable = true;
      continue;
    }
    const auto& root = *program.root;
    if (o.emit == "tokens") {
      diag::Sink scratch;  // problems are reported by the check itself
      for (const auto& t : syntax::tokenize(sources, root.ast.file, scratch)) {
        auto lc = sources.file(root.ast.file).line_column(t.range.begin);
        env.out << fmt::format("{}:{}:{} {} {}\n", path, lc.line, lc.column, t.kind, diag::json_quote(t.text));
      }
    }
    if (o.emit == "ast") env.out << syntax::dump_ast(root.ast, sources);
    if (!program.syntax_ok()) continue;
    std::size_t before = sink.error_count();
    auto model = sema::check(std::move(program), sources, sink);
    if (o.emit == "checked" && sink.error_count() == before) env.out << sema::dump(model);
    if (o.emit == "ir" && sink.error_count() == before) env.out << ir::print(ir::lower(model));
#ifdef CREDLEX_HAVE_LLVM
    if (o.emit == "llvm" && sink.error_count() == before) env.out << codegen::emit_llvm(ir::lower(model));
#endif
  }
  sink.sort();
  print_diagnostics(sink, sources, o, env, o.files.size());
  if (unreadable) return kUsage;
  return sink.has_errors() ? kPolicyErrors : kOk;
}

}  // namespace credlex::driver
