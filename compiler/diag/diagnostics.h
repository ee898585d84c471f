// Diagnostics: one registry of kinds with stable codes (kinds.def), typed arguments formatted
// with fmt, and a sink that collects every diagnostic of a compilation.
#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "compiler/diag/source.h"

namespace credlex::diag {

enum class Severity { Error, Warning };

std::string_view to_string(Severity severity);

// A secondary location with its own message ("first declared here").
struct Note {
  SourceRange range;  // may be invalid: a note without a location
  std::string message;
};

struct Diagnostic {
  std::string_view code;  // stable, e.g. "E0301"
  std::string_view name;  // the registry name, for tools and docs
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  std::vector<Note> notes;
  std::string hint;  // what to do about it; may be empty
};

// One entry of the registry, for `credlex explain` and the golden-test coverage check.
struct KindInfo {
  std::string_view name;
  std::string_view code;
  Severity severity;
  std::string_view format;
};

// The typed kinds: kind::UnknownName{} carries its code, severity, message format and the
// types of its arguments, so a report with the wrong arguments does not compile.
namespace kind {
#define CLX_DIAG(NAME, CODE, SEVERITY, FORMAT, ...)             \
  struct NAME {                                                 \
    static constexpr std::string_view name = #NAME;             \
    static constexpr std::string_view code = CODE;              \
    static constexpr Severity severity = Severity::SEVERITY;    \
    static constexpr std::string_view format = FORMAT;          \
    using Args = std::tuple<__VA_ARGS__>;                       \
  };
#include "compiler/diag/kinds.def"
#undef CLX_DIAG
}  // namespace kind

std::span<const KindInfo> all_kinds();
const KindInfo* find_kind(std::string_view code);

class Sink {
 public:
  // Reports a diagnostic of kind K. The arguments must convert to K's declared argument types.
  // The returned reference (for adding notes and a hint) is valid until the next report.
  template <class K, class... A>
    requires std::is_constructible_v<typename K::Args, A&&...>
  Diagnostic& report(SourceRange range, A&&... args) {
    typename K::Args typed(std::forward<A>(args)...);
    std::string message = std::apply(
        [](const auto&... a) { return fmt::format(fmt::runtime(K::format), a...); }, typed);
    return add(Diagnostic{K::code, K::name, K::severity, range, std::move(message), {}, {}});
  }

  Diagnostic& add(Diagnostic diagnostic);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::size_t error_count() const { return errors_; }
  bool has_errors() const { return errors_ > 0; }
  // Keeps the diagnostics in source order (file, then offset), stable for equal positions.
  void sort();

 private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
};

// Helpers for fluent notes: sink.report<...>(r, ...).notes.push_back(...).
inline Diagnostic& with_note(Diagnostic& d, SourceRange range, std::string message) {
  d.notes.push_back({range, std::move(message)});
  return d;
}
inline Diagnostic& with_hint(Diagnostic& d, std::string hint) {
  d.hint = std::move(hint);
  return d;
}

}  // namespace credlex::diag
