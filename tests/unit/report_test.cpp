// The report pages (simulator/report): self-contained (no URL, nothing to fetch), the embedded
// JSON cannot end its <script> block whatever its strings hold, the markup is balanced, and
// empty or broken input still gives a whole page. What the pages show is checked in a browser
// (tests/browser, CTest `report_browser`).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "simulator/report/report.h"

using credlex::report::diff_html;
using credlex::report::embed_json;
using credlex::report::html;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(fs::path(CREDLEX_SOURCE_DIR) / "tests/data/report" / name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Balanced markup, as an HTML parser sees it: the contents of <script> and <style> are raw text
// that ends at the first `</script` or `</style`; void elements need no end tag. Returns "" or
// the first problem.
std::string balance(const std::string& page) {
  static const std::vector<std::string> kVoid = {"meta", "br", "img", "input", "link", "hr"};
  std::vector<std::string> open;
  std::string low = lower(page);
  std::size_t at = 0;
  while ((at = low.find('<', at)) != std::string::npos) {
    if (low.compare(at, 9, "<!doctype") == 0 || low.compare(at, 4, "<!--") == 0) {
      at = low.find('>', at);
      if (at == std::string::npos) return "unterminated declaration";
      continue;
    }
    bool closing = low[at + 1] == '/';
    std::size_t name_start = at + (closing ? 2 : 1), name_end = name_start;
    while (name_end < low.size() && std::isalnum(static_cast<unsigned char>(low[name_end]))) ++name_end;
    std::string name = low.substr(name_start, name_end - name_start);
    std::size_t end = low.find('>', name_end);
    if (name.empty() || end == std::string::npos) return "stray `<` at byte " + std::to_string(at);
    if (closing) {
      if (open.empty() || open.back() != name) return "`</" + name + ">` closes `" + (open.empty() ? "" : open.back()) + "`";
      open.pop_back();
      at = end + 1;
      continue;
    }
    at = end + 1;
    if (std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    if (name == "script" || name == "style") {
      std::size_t close = low.find("</" + name, at);
      if (close == std::string::npos) return "`<" + name + ">` never ends";
      at = close;
    }
    open.push_back(name);
  }
  if (!open.empty()) return "`<" + open.back() + ">` is not closed";
  return "";
}

// The text of the <script type="application/json"> block.
std::string embedded(const std::string& page) {
  std::string start = "<script type=\"application/json\" id=\"report-data\">";
  std::size_t from = page.find(start);
  REQUIRE(from != std::string::npos);
  from += start.size();
  return page.substr(from, page.find("</script>", from) - from);
}

// The page around the data holds no URL and nothing that could fetch one.
void self_contained(const std::string& page) {
  std::string low = lower(page);
  std::string data = lower(embedded(page));
  low.replace(low.find(data), data.size(), "");
  CHECK(low.rfind("<!doctype html>", 0) == 0);
  // A Content-Security-Policy that lets nothing be fetched.
  CHECK(low.find("<meta http-equiv=\"content-security-policy\" content=\"default-src 'none';") != std::string::npos);
  CHECK(count(low, "http") == 1);  // only that `http-equiv`
  CHECK(low.find("://") == std::string::npos);
  CHECK(low.find("src=") == std::string::npos);
  CHECK(low.find("href=") == std::string::npos);
  CHECK(low.find("@import") == std::string::npos);
  CHECK(low.find("url(") == std::string::npos);
  CHECK(low.find("<link") == std::string::npos);
  CHECK(balance(page) == "");
}

}  // namespace

TEST_CASE("report: the report page is self-contained and carries report.json unchanged", "[report]") {
  std::string json = fixture("report.json");
  std::string page = html(json);
  self_contained(page);
  CHECK(count(lower(page), "http") == 1);  // the fixture has no URL either (1: `http-equiv`)
  CHECK(count(lower(page), "<script") == 2);            // the data and the renderer
  CHECK(embedded(page) == embed_json(json));
  CHECK(page.find("P1187") != std::string::npos);
  CHECK(page.find("<noscript>") != std::string::npos);
  CHECK(page.find("<html lang=\"en\">") != std::string::npos);
}

TEST_CASE("report: the diff page is self-contained and carries diff.json unchanged", "[report]") {
  std::string json = fixture("diff.json");
  std::string page = diff_html(json);
  self_contained(page);
  CHECK(embedded(page) == embed_json(json));
  CHECK(page.find("renderDiff") != std::string::npos);
  CHECK(page.find("renderReport") == std::string::npos);
}

TEST_CASE("report: strings in the JSON cannot end the data block or add markup", "[report]") {
  std::string hostile = fixture("hostile.json");
  for (const std::string& page : {html(hostile), diff_html(hostile)}) {
    self_contained(page);
    std::string low = lower(page);
    CHECK(count(low, "</script") == 2);
    CHECK(low.find("<img") == std::string::npos);
    CHECK(low.find("<svg onload") == std::string::npos);
    CHECK(low.find("<iframe") == std::string::npos);
    CHECK(low.find("<!--") == std::string::npos);
    CHECK(page.find("\xE2\x80\xA8") == std::string::npos);  // U+2028 only as \u2028
    CHECK(page.find("\xE2\x80\xA9") == std::string::npos);
  }
  // Any spelling of the end tag, inside a string of a hand-written document.
  std::string page = html(R"({"credlex_report":1,"examples":[{"entity":"</ScRiPt ><script>alert(1)</script>"}]})");
  CHECK(count(lower(page), "</script") == 2);
  CHECK(count(lower(page), "<script") == 2);
}

TEST_CASE("report: embedding escapes exactly <, >, & and the line separators", "[report]") {
  CHECK(embed_json(R"({"a":"</script>","b":"x & y"})") == R"({"a":"\u003c/script\u003e","b":"x \u0026 y"})");
  CHECK(embed_json("\"\xE2\x80\xA8\xE2\x80\xA9\"") == "\"\\u2028\\u2029\"");
  // Other multi-byte characters (and the bytes of U+2028's neighbours) stay as they are.
  CHECK(embed_json("\"\xE2\x80\xA7 \xE5\x88\xA4 \xE2\x80\"") == "\"\xE2\x80\xA7 \xE5\x88\xA4 \xE2\x80\"");
  CHECK(embed_json(R"("\\<")") == R"("\\\u003c")");  // an escaped backslash, then `<`
  CHECK(embed_json("") == "");
}

TEST_CASE("report: empty, zero and broken input still give a whole page", "[report]") {
  for (const std::string& json : {fixture("empty.json"), std::string("{}"), std::string(""), std::string("not json <"),
                                  std::string(R"({"credlex_report":1,"metrics":{"by_kind":[],"by_year":[]},"examples":[]})")}) {
    self_contained(html(json));
    self_contained(diff_html(json));
  }
}
