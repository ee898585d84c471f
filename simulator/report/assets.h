// The page's stylesheet and scripts (assets/), embedded at build time (assets.cpp.in).
#pragma once

#include <string_view>

namespace credlex::report::assets {

extern const std::string_view css;        // assets/page.css
extern const std::string_view common_js;  // assets/common.js: DOM helpers, tables, SVG charts
extern const std::string_view report_js;  // assets/report.js: report.html
extern const std::string_view diff_js;    // assets/diff.js: diff.html

}  // namespace credlex::report::assets
