// Diagnostics: exact text rendering (location, source line, caret underline, notes, help),
// columns in characters, JSON that parses back, the sink, and the registry of kinds.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <tuple>
#include <type_traits>

#include "../robustness/mini_json.h"
#include "compiler/diag/diagnostics.h"
#include "compiler/diag/render.h"
#include "compiler/diag/suggest.h"

using namespace credlex;
using diag::SourceRange;

namespace {

// The range of the first occurrence of `what` in the file's text (after `from`).
SourceRange find(const diag::SourceManager& sm, diag::FileId id, std::string_view what, std::size_t from = 0) {
  auto at = sm.file(id).text().find(what, from);
  REQUIRE(at != std::string::npos);
  return {id, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + what.size())};
}

diag::Diagnostic make(std::string_view code, diag::Severity severity, SourceRange range, std::string message) {
  return diag::Diagnostic{code, "Test", severity, range, std::move(message), {}, {}};
}

}  // namespace

TEST_CASE("text rendering: location, line, caret underline", "[diag][render]") {
  diag::SourceManager sm;
  auto id = sm.add("t.clx", "policy p \"t\"\nparam x = 1 + true\n");
  diag::Sink sink;
  auto& d = sink.report<diag::kind::OperandTypes>(find(sm, id, "1 + true"), "+", "a whole number", "a yes/no condition");
  CHECK(d.code == "E0402");
  CHECK(d.message.find("`+`") != std::string::npos);
  CHECK(diag::render_text(d, sm) ==
        "t.clx:2:11: error[E0402]: " + d.message + "\n"
        " 2 | param x = 1 + true\n"
        "   |           ^~~~~~~~\n");
}

TEST_CASE("text rendering: notes and help", "[diag][render]") {
  diag::SourceManager sm;
  auto id = sm.add("dir/t.clx", "policy p \"t\"\nparam x = 1\nparam x = 2\n");
  diag::Sink sink;
  auto second = find(sm, id, "x", find(sm, id, "param x = 2").begin);
  auto& d = sink.report<diag::kind::DuplicateName>(second, "x");
  auto first = find(sm, id, "x = 1");
  diag::with_note(d, SourceRange{id, first.begin, first.begin + 1}, "`x` is first declared here");
  diag::with_note(d, SourceRange{}, "a note without a place");
  diag::with_hint(d, "rename one of them");
  CHECK(diag::render_text(d, sm) ==
        "dir/t.clx:3:7: error[E0302]: " + d.message + "\n"
        " 3 | param x = 2\n"
        "   |       ^\n"
        "dir/t.clx:2:7: note: `x` is first declared here\n"
        " 2 | param x = 1\n"
        "   |       ^\n"
        "credlex: note: a note without a place\n"
        "  = help: rename one of them\n");
}

TEST_CASE("text rendering: warnings, and the gutter of long files", "[diag][render]") {
  diag::SourceManager sm;
  std::string text;
  for (int i = 1; i <= 11; ++i) text += "// line " + std::to_string(i) + "\n";
  auto id = sm.add("w.clx", text);
  diag::Sink sink;
  auto& d = sink.report<diag::kind::SeverityMayOutweighConduct>(find(sm, id, "line 10"), "m", 4LL, std::string("limits"));
  CHECK(d.severity == diag::Severity::Warning);
  CHECK(diag::render_text(d, sm) ==
        "w.clx:10:4: warning[W0704]: " + d.message + "\n"
        " 10 | // line 10\n"
        "    |    ^~~~~~~\n");
}

TEST_CASE("text rendering: columns count characters, not bytes", "[diag][render]") {
  diag::SourceManager sm;
  // 名 and 字 are three bytes each in UTF-8; é is two.
  auto id = sm.add("u.clx", "policy p \"t\"\nparam x = \"名字\" + é\n");
  auto plus = find(sm, id, "+ é");
  auto d = make("E0402", diag::Severity::Error, plus, "m");
  CHECK(diag::render_text(d, sm) ==
        "u.clx:2:16: error[E0402]: m\n"
        " 2 | param x = \"名字\" + é\n"
        "   |                ^~~\n");
  auto name = find(sm, id, "名字");
  CHECK(name.end - name.begin == 6);
  d = make("E0402", diag::Severity::Error, name, "m");
  CHECK(diag::render_text(d, sm) ==
        "u.clx:2:12: error[E0402]: m\n"
        " 2 | param x = \"名字\" + é\n"
        "   |            ^~\n");
  auto lc = sm.file(id).line_column(plus.end);
  CHECK(lc.line == 2);
  CHECK(lc.column == 19);
}

TEST_CASE("text rendering: tabs are shown as one space so the caret stays aligned", "[diag][render]") {
  diag::SourceManager sm;
  auto id = sm.add("tab.clx", "\tparam\tx = 1\n");
  auto d = make("E0302", diag::Severity::Error, find(sm, id, "x"), "m");
  CHECK(diag::render_text(d, sm) ==
        "tab.clx:1:8: error[E0302]: m\n"
        " 1 |  param x = 1\n"
        "   |        ^\n");
}

TEST_CASE("text rendering: ranges at the end of the file, empty and multi-line ranges", "[diag][render]") {
  SECTION("end of a file without a final newline") {
    diag::SourceManager sm;
    auto id = sm.add("e.clx", "policy p \"t\"");
    auto d = make("E0201", diag::Severity::Error, SourceRange{id, 12, 12}, "unexpected end of file here");
    CHECK(diag::render_text(d, sm) ==
          "e.clx:1:13: error[E0201]: unexpected end of file here\n"
          " 1 | policy p \"t\"\n"
          "   |             ^\n");
  }
  SECTION("end of a file with a final newline: the empty last line") {
    diag::SourceManager sm;
    auto id = sm.add("e.clx", "policy p \"t\"\n");
    auto d = make("E0201", diag::Severity::Error, SourceRange{id, 13, 13}, "m");
    CHECK(diag::render_text(d, sm) ==
          "e.clx:2:1: error[E0201]: m\n"
          " 2 | \n"
          "   | ^\n");
  }
  SECTION("an empty file") {
    diag::SourceManager sm;
    auto id = sm.add("empty.clx", "");
    auto d = make("E0208", diag::Severity::Error, SourceRange{id, 0, 0}, "m");
    CHECK(diag::render_text(d, sm) ==
          "empty.clx:1:1: error[E0208]: m\n"
          " 1 | \n"
          "   | ^\n");
  }
  SECTION("a range over two lines is underlined to the end of its first line") {
    diag::SourceManager sm;
    auto id = sm.add("m.clx", "param x = 1 +\n  2\n");
    SourceRange r{id, 10, static_cast<std::uint32_t>(sm.file(id).text().size() - 1)};
    auto d = make("E0402", diag::Severity::Error, r, "m");
    CHECK(diag::render_text(d, sm) ==
          "m.clx:1:11: error[E0402]: m\n"
          " 1 | param x = 1 +\n"
          "   |           ^~~\n");
  }
  SECTION("CRLF line ends are not shown") {
    diag::SourceManager sm;
    auto id = sm.add("crlf.clx", "a\r\nbc\r\n");
    auto d = make("E0202", diag::Severity::Error, find(sm, id, "bc"), "m");
    CHECK(diag::render_text(d, sm) ==
          "crlf.clx:2:1: error[E0202]: m\n"
          " 2 | bc\n"
          "   | ^~\n");
  }
  SECTION("no location at all") {
    diag::SourceManager sm;
    diag::Sink sink;
    auto& d = sink.report<diag::kind::CannotReadFile>(SourceRange{}, "gone.clx", "No such file or directory");
    CHECK(diag::render_text(d, sm) == "credlex: error[E0101]: " + d.message + "\n");
    CHECK(d.message.find("`gone.clx`") != std::string::npos);
  }
}

TEST_CASE("line and column of offsets", "[diag][source]") {
  diag::SourceFile f("f.clx", "ab\ncd\n\nxé\n");
  CHECK(f.line_count() == 5);  // four line breaks: five lines, the last one empty
  auto lc = [&](std::uint32_t off) {
    auto r = f.line_column(off);
    return std::make_pair(r.line, r.column);
  };
  CHECK(lc(0) == std::make_pair(1u, 1u));
  CHECK(lc(2) == std::make_pair(1u, 3u));  // the line break itself
  CHECK(lc(3) == std::make_pair(2u, 1u));
  CHECK(lc(6) == std::make_pair(3u, 1u));
  CHECK(lc(8) == std::make_pair(4u, 2u));   // é
  CHECK(lc(10) == std::make_pair(4u, 3u));  // after é (2 bytes)
  CHECK(lc(11) == std::make_pair(5u, 1u));
  CHECK(lc(1000) == std::make_pair(5u, 1u));  // past the end: clamped to the end
  CHECK(f.line_text(1) == "ab");
  CHECK(f.line_text(3) == "");
  CHECK(f.line_text(4) == "xé");
  CHECK(f.line_text(0) == "");
  CHECK(f.line_text(99) == "");
}

TEST_CASE("join covers both ranges", "[diag][source]") {
  SourceRange a{0, 5, 9}, b{0, 2, 6}, other{1, 0, 3};
  auto j = diag::join(a, b);
  CHECK(j.file == 0);
  CHECK(j.begin == 2);
  CHECK(j.end == 9);
  CHECK(diag::join(SourceRange{}, b).begin == 2);
  CHECK(diag::join(a, SourceRange{}).end == 9);
  CHECK(diag::join(a, other).file == 0);
  CHECK_FALSE(SourceRange{}.valid());
}

TEST_CASE("JSON rendering parses back with every field", "[diag][json]") {
  diag::SourceManager sm;
  auto id = sm.add("dir/we\"ird.clx", "policy p \"t\"\nparam x = 1 + true\n");
  diag::Sink sink;
  auto& d1 = sink.report<diag::kind::OperandTypes>(find(sm, id, "1 + true"), "+", "a whole number", "a yes/no condition");
  diag::with_note(d1, find(sm, id, "x"), "note with \"quotes\", a back\\slash,\na newline, a\ttab and \x01");
  diag::with_hint(d1, "help: 名字");
  sink.report<diag::kind::SeverityMayOutweighConduct>(find(sm, id, "param"), "m", 3LL, std::string("limits"));
  sink.report<diag::kind::CannotReadFile>(SourceRange{}, "gone.clx", "No such file");

  std::string json = diag::render_json(sink.diagnostics(), sm);
  INFO(json);
  CHECK(json.back() == '\n');
  mini_json::Value v;
  REQUIRE_NOTHROW(v = mini_json::parse(json));
  CHECK(v["errors"].number == 2);
  CHECK(v["warnings"].number == 1);
  const auto& ds = v["diagnostics"].array;
  REQUIRE(ds.size() == 3);

  const auto& a = ds[0];
  CHECK(a["code"].string == "E0402");
  CHECK(a["severity"].string == "error");
  CHECK(a["message"].string == sink.diagnostics()[0].message);  // (d1 may have moved: the sink grew)
  CHECK(a["file"].string == "dir/we\"ird.clx");
  CHECK(a["line"].number == 2);
  CHECK(a["column"].number == 11);
  CHECK(a["end_line"].number == 2);
  CHECK(a["end_column"].number == 19);  // one past the last character
  REQUIRE(a["notes"].array.size() == 1);
  CHECK(a["notes"][0]["message"].string == "note with \"quotes\", a back\\slash,\na newline, a\ttab and \x01");
  CHECK(a["notes"][0]["line"].number == 2);
  CHECK(a["notes"][0]["column"].number == 7);
  CHECK(a["hint"].string == "help: 名字");

  CHECK(ds[1]["code"].string == "W0704");
  CHECK(ds[1]["severity"].string == "warning");
  CHECK(ds[1]["hint"].is_null());
  CHECK(ds[1]["notes"].array.empty());

  CHECK(ds[2]["code"].string == "E0101");
  CHECK(ds[2]["file"].is_null());
  CHECK_FALSE(ds[2].has("line"));
}

TEST_CASE("JSON rendering of no diagnostics", "[diag][json]") {
  diag::SourceManager sm;
  auto v = mini_json::parse(diag::render_json({}, sm));
  CHECK(v["diagnostics"].array.empty());
  CHECK(v["errors"].number == 0);
  CHECK(v["warnings"].number == 0);
}

TEST_CASE("json_quote escapes what JSON requires", "[diag][json]") {
  for (std::string s : {std::string(""), std::string("plain"), std::string("\"\\/\b\f\n\r\t"), std::string("\x01\x1f\x7f"),
                        std::string("中文 ✓ 😀"), std::string(1, '\0')}) {
    std::string quoted = diag::json_quote(s);
    INFO(quoted);
    mini_json::Value v;
    REQUIRE_NOTHROW(v = mini_json::parse(quoted));
    CHECK(v.string == s);
  }
}

// json_quote_to skips eight bytes at a time: every byte that needs escaping is found at every
// place in a word, next to bytes that do not (0x1f/0x20, 0x21/0x23, 0x5b/0x5d, UTF-8).
TEST_CASE("json_quote finds escapes at every place of a long text", "[diag][json]") {
  for (char special : {'"', '\\', '\n', '\x01', '\x1f', '\0'})
    for (std::size_t at = 0; at < 20; ++at) {
      std::string s = "ab\x20!#[]\xc3\xa9 xyz0123456789";
      s.insert(at, 1, special);
      std::string quoted = diag::json_quote(s);
      INFO(quoted);
      mini_json::Value v;
      REQUIRE_NOTHROW(v = mini_json::parse(quoted));
      CHECK(v.string == s);
      std::string appended = "x";
      diag::json_quote_to(appended, s);
      CHECK(appended == "x" + quoted);
    }
}

TEST_CASE("the sink counts errors, not warnings", "[diag][sink]") {
  diag::Sink sink;
  CHECK_FALSE(sink.has_errors());
  sink.report<diag::kind::SeverityMayOutweighConduct>(SourceRange{}, "m", 3LL, std::string("limits"));
  CHECK_FALSE(sink.has_errors());
  CHECK(sink.error_count() == 0);
  sink.report<diag::kind::NulCharacter>(SourceRange{});
  sink.add(make("E0201", diag::Severity::Error, SourceRange{}, "m"));
  CHECK(sink.has_errors());
  CHECK(sink.error_count() == 2);
  CHECK(sink.diagnostics().size() == 3);
}

TEST_CASE("the sink sorts by file, then offset, stably, diagnostics without a place last", "[diag][sink]") {
  diag::Sink sink;
  sink.add(make("E0001", diag::Severity::Error, SourceRange{}, "nowhere"));
  sink.add(make("E0001", diag::Severity::Error, SourceRange{1, 5, 6}, "file 1"));
  sink.add(make("E0001", diag::Severity::Error, SourceRange{0, 10, 12}, "file 0 at 10"));
  sink.add(make("E0001", diag::Severity::Error, SourceRange{0, 2, 3}, "file 0 at 2, first"));
  sink.add(make("E0001", diag::Severity::Warning, SourceRange{0, 2, 9}, "file 0 at 2, second"));
  sink.add(make("E0001", diag::Severity::Error, SourceRange{0, 0, 0}, "file 0 at 0"));
  sink.sort();
  std::vector<std::string> order;
  for (const auto& d : sink.diagnostics()) order.push_back(d.message);
  CHECK(order == std::vector<std::string>{"file 0 at 0", "file 0 at 2, first", "file 0 at 2, second", "file 0 at 10",
                                          "file 1", "nowhere"});
  CHECK(sink.error_count() == 5);
}

// ---------------------------------------------------------------------------------------------
// The registry

namespace {

template <class T>
T dummy() {
  if constexpr (std::is_same_v<T, std::string>) return "arg";
  else if constexpr (std::is_integral_v<T>) return T{7};
  else static_assert(!sizeof(T), "a new argument type: teach the test a dummy value");
}

template <class Tuple, std::size_t... I>
Tuple dummies(std::index_sequence<I...>) {
  return Tuple{dummy<std::tuple_element_t<I, Tuple>>()...};
}

// Replacement fields in a fmt format string: `{...}` not written as `{{`.
int placeholders(std::string_view f, bool& well_formed) {
  int n = 0;
  well_formed = true;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '{') {
      if (i + 1 < f.size() && f[i + 1] == '{') { ++i; continue; }
      auto close = f.find('}', i);
      if (close == std::string_view::npos) { well_formed = false; return n; }
      ++n;
      i = close;
    } else if (f[i] == '}') {
      if (i + 1 < f.size() && f[i + 1] == '}') { ++i; continue; }
      well_formed = false;
    }
  }
  return n;
}

struct KindCheck {
  std::set<std::string> codes, names;
  int kinds = 0;
};

template <class K>
void check_kind(KindCheck& state, diag::Sink& sink) {
  using Args = typename K::Args;
  constexpr std::size_t arity = std::tuple_size_v<Args>;
  INFO("kind " << K::name << " (" << K::code << "): " << K::format);
  ++state.kinds;
  CHECK(state.codes.insert(std::string(K::code)).second);  // codes are unique
  CHECK(state.names.insert(std::string(K::name)).second);  // names are unique
  // Codes look like E0301 or W0704; the letter says the severity.
  REQUIRE(K::code.size() == 5);
  CHECK((K::code[0] == 'E' || K::code[0] == 'W'));
  for (char c : K::code.substr(1)) CHECK((c >= '0' && c <= '9'));
  CHECK((K::code[0] == 'E') == (K::severity == diag::Severity::Error));
  // The runtime registry knows the kind under the same code.
  const diag::KindInfo* info = diag::find_kind(K::code);
  REQUIRE(info != nullptr);
  CHECK(info->name == K::name);
  CHECK(info->format == K::format);
  CHECK(info->severity == K::severity);
  // The format has exactly one replacement field per argument, and formats without throwing.
  bool well_formed = false;
  CHECK(placeholders(K::format, well_formed) == static_cast<int>(arity));
  CHECK(well_formed);
  Args args = dummies<Args>(std::make_index_sequence<arity>{});
  std::string message;
  try {
    message = std::apply([](const auto&... a) { return fmt::format(fmt::runtime(K::format), a...); }, args);
  } catch (const std::exception& e) {
    FAIL_CHECK("format error: " << e.what());
    return;
  }
  // docs/diagnostics.md: lowercase, no trailing period, one line.
  REQUIRE_FALSE(message.empty());
  CHECK_FALSE((message[0] >= 'A' && message[0] <= 'Z'));
  CHECK(message.back() != '.');
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find("{}") == std::string::npos);
  // Reporting through the sink gives the same message.
  auto& d = std::apply([&](const auto&... a) -> diag::Diagnostic& { return sink.report<K>(SourceRange{}, a...); }, args);
  CHECK(d.message == message);
  CHECK(d.code == K::code);
}

}  // namespace

TEST_CASE("the registry: unique codes, well-formed formats, every kind can be reported", "[diag][registry]") {
  KindCheck state;
  diag::Sink sink;
#define CLX_DIAG(NAME, CODE, SEVERITY, FORMAT, ...) check_kind<diag::kind::NAME>(state, sink);
#include "compiler/diag/kinds.def"
#undef CLX_DIAG
  CHECK(state.kinds == static_cast<int>(diag::all_kinds().size()));
  CHECK(sink.diagnostics().size() == diag::all_kinds().size());
  CHECK(diag::find_kind("E9999") == nullptr);
  CHECK(diag::find_kind("") == nullptr);
  CHECK(diag::find_kind("e0101") == nullptr);
}

TEST_CASE("did you mean: edit distance and the nearest candidate", "[diag][suggest]") {
  using credlex::diag::edit_distance;
  using credlex::diag::nearest;
  CHECK(edit_distance("finding", "finding") == 0);
  CHECK(edit_distance("findng", "finding") == 1);   // a letter dropped
  CHECK(edit_distance("fidning", "finding") == 1);  // two neighbours swapped
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> names = {"listing_period", "list", "lists", "refuses"};
  CHECK(nearest("listing_perod", names) == std::optional<std::string>("listing_period"));
  CHECK(nearest("lst", names) == std::optional<std::string>("list"));    // one letter dropped
  CHECK(nearest("listx", names) == std::optional<std::string>("list"));  // tie list/lists: alphabetical
  CHECK_FALSE(nearest("zzzz", names));                                   // near nothing
  CHECK_FALSE(nearest("list", names));                                   // declared: nothing to suggest
  CHECK_FALSE(nearest("ab", {"cd"}));                                    // two edits in two letters is no misspelling
  const std::string long_name(credlex::diag::kLongestGuessed + 1, 'a');
  CHECK_FALSE(nearest(long_name, {long_name + "b"}));                     // no guess for a name no one types
  credlex::diag::Diagnostic d;
  d.hint = "declare it";
  credlex::diag::suggest(d, "refuse", names);
  CHECK(d.hint == "did you mean `refuses`? Declare it");
}
