// Renders diagnostics for people (file:line:col, the source line, a caret underline, notes)
// and for tools (one JSON document).
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostics.h"

namespace credlex::diag {

struct RenderOptions {
  bool color = false;
};

std::string render_text(const Diagnostic& d, const SourceManager& sources, const RenderOptions& = {});

// {"diagnostics":[{"code":…,"severity":…,"message":…,"file":…,"line":…,"column":…,
//   "end_line":…,"end_column":…,"notes":[…],"hint":…}], "errors": N, "warnings": N}
std::string render_json(const std::vector<Diagnostic>& ds, const SourceManager& sources);

// The diagnostics without repeats: a file used by several policies is checked once per policy,
// so the same problem (code, file, place, message) can be reported more than once.
std::vector<Diagnostic> without_repeats(const std::vector<Diagnostic>& ds, const SourceManager& sources);

// JSON string escaping, shared by every JSON writer of the compiler.
std::string json_quote(std::string_view text);
// The same, appended to `out`: no string of its own (the simulator writes millions of them).
void json_quote_to(std::string& out, std::string_view text);

}  // namespace credlex::diag
