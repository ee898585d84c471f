#include "simulator/report/report.h"

#include "simulator/report/assets.h"

namespace credlex::report {
namespace {

// The page around the embedded data: `script` renders it into <main id="report">.
std::string page(std::string_view title, std::string_view json, std::string_view script) {
  std::string out;
  out.reserve(json.size() + assets::css.size() + assets::common_js.size() + script.size() + 2048);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // Offline by construction: no request can leave the page.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n"
         "<meta name=\"generator\" content=\"credlex\">\n<title>";
  out += title;
  out += "</title>\n<style>\n";
  out += assets::css;
  out += "</style>\n</head>\n<body>\n<main id=\"report\">\n"
         "<noscript><p>This page draws its tables and charts with JavaScript, which is turned off. "
         "The numbers are in the report.json written next to it.</p></noscript>\n"
         "</main>\n<script type=\"application/json\" id=\"report-data\">";
  out += embed_json(json);
  out += "</script>\n<script>\n";
  out += assets::common_js;
  out += script;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string embed_json(std::string_view json) {
  std::string out;
  out.reserve(json.size() + json.size() / 16);
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' && (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string html(std::string_view report_json) { return page("credlex report", report_json, assets::report_js); }

std::string diff_html(std::string_view diff_json) { return page("credlex comparison", diff_json, assets::diff_js); }

}  // namespace credlex::report
