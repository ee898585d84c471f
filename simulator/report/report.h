// report.html and diff.html: self-contained pages a legal reviewer opens offline, made from the
// simulator's report.json and diff.json (their schemas: README.md).
//
// A page is one HTML file: inline CSS, a small inline script, and the JSON itself embedded in a
// <script type="application/json"> block, from which the script draws every number, chart and
// table. Nothing is loaded from the network (a Content-Security-Policy forbids it), and every
// value from the JSON reaches the page as text, never as markup.
#pragma once

#include <string>
#include <string_view>

namespace credlex::report {

// report.json text → report.html. The text is embedded as it is (not parsed here): the page says
// so if it is not a credlex report.
std::string html(std::string_view report_json);

// diff.json text → diff.html: two reports side by side, every metric with its change.
std::string diff_html(std::string_view diff_json);

// JSON text made safe inside a <script> element: every `<`, `>` and `&` and the line separators
// U+2028/U+2029 written as \u escapes. They can only occur inside JSON strings, where the escape
// means the same character, so the data is unchanged; no `</script>` or `<!--` can end the block.
std::string embed_json(std::string_view json);

// To write a page: credlex::files::write_file_atomic (compiler/files/temp_file.h).

}  // namespace credlex::report
