#include <fmt/format.h>

#include <ostream>

#include "compiler/driver/commands.h"
#include "compiler/format/format.h"
#include "compiler/syntax/parse.h"

namespace credlex::driver {

int fmt_command(const CommandOptions& o, Env& env) {
  diag::SourceManager sources;
  diag::Sink sink;
  bool unreadable = false, unformatted = false;
  for (const auto& path : o.files) {
    std::string text, error;
    if (!env.read_file(path, text, error)) {
      sink.report<diag::kind::CannotReadFile>(diag::SourceRange{}, path, error);
      unreadable = true;
      continue;
    }
    auto id = sources.add(path, text);
    std::size_t errors_before = sink.error_count();
    auto file = syntax::parse(sources, id, sink);
    // Any error (even a bad escape or a repeated clause, after which the file still parses)
    // means the AST does not hold all of the text: formatting it would lose some. Leave it alone.
    if (!file.syntax_ok || sink.error_count() != errors_before) continue;
    std::string formatted = format::format(file, text);
    // The formatter must never turn a valid policy into an invalid one: prove it on every run.
    diag::Sink reparse_sink;
    auto reparse_id = sources.add(path + " (formatted)", formatted);
    if (!syntax::parse(sources, reparse_id, reparse_sink).syntax_ok || reparse_sink.has_errors())
      throw std::runtime_error("the formatted text of `" + path + "` no longer parses");
    if (o.to_stdout) {
      env.out << formatted;
    } else if (formatted != text) {
      if (o.check) {
        env.err << fmt::format("{}: not in the canonical layout; run `credlex fmt {}`\n", path, path);
        unformatted = true;
      } else if (!env.write_file(path, formatted, error)) {
        env.err << fmt::format("credlex fmt: cannot write `{}`: {}\n", path, error);
        unreadable = true;
      }
    }
  }
  sink.sort();
  if (!sink.diagnostics().empty()) print_diagnostics(sink, sources, o, env, o.files.size());
  if (unreadable) return kUsage;
  return sink.has_errors() || unformatted ? kPolicyErrors : kOk;
}

}  // namespace credlex::driver
