#include "compiler/diag/diagnostics.h"

#include <algorithm>

namespace credlex::diag {

std::string_view to_string(Severity severity) {
  return severity == Severity::Error ? "error" : "warning";
}

namespace {
constexpr KindInfo kKinds[] = {
#define CLX_DIAG(NAME, CODE, SEVERITY, FORMAT, ...) {#NAME, CODE, Severity::SEVERITY, FORMAT},
#include "compiler/diag/kinds.def"
#undef CLX_DIAG
};
}  // namespace

std::span<const KindInfo> all_kinds() { return kKinds; }

const KindInfo* find_kind(std::string_view code) {
  for (const auto& k : kKinds)
    if (k.code == code) return &k;
  return nullptr;
}

Diagnostic& Sink::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::Error) ++errors_;
  diagnostics_.push_back(std::move(diagnostic));
  return diagnostics_.back();
}

void Sink::sort() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.range.file != b.range.file) return a.range.file < b.range.file;
                     return a.range.begin < b.range.begin;
                   });
}

}  // namespace credlex::diag
