// `credlex fmt`: exact canonical text for messy input, every comment kept in place, and
// format(parse(format(x))) == format(x) on snippets and on every policy in policies/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/format/format.h"
#include "compiler/syntax/parse.h"
#include "parsed.h"

using namespace credlex;
using credlex::testing::parse;

namespace {

// Formats a snippet that must be free of errors.
std::string canonical(const std::string& text, const format::Options& options = {}) {
  auto p = parse(text);
  INFO("source:\n" << text);
  REQUIRE(p->file.syntax_ok);
  REQUIRE_FALSE(p->sink.has_errors());
  return format::format(p->file, p->text(), options);
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Formatting twice changes nothing, and every comment survives.
void check_stable(const std::string& text) {
  auto first = parse(text);
  REQUIRE(first->file.syntax_ok);
  std::string once = format::format(first->file, first->text());
  auto second = parse(once);
  INFO("formatted:\n" << once);
  REQUIRE(second->file.syntax_ok);
  CHECK(format::format(second->file, second->text()) == once);
  CHECK(second->file.comments.size() == first->file.comments.size());
  CHECK(count(once, "//") == count(text, "//"));
  CHECK(once.ends_with("\n"));
  CHECK_FALSE(once.ends_with("\n\n"));
}

const char* kMessy = R"clx(// file header comment

// second header comment
policy   judgment_defaulters "Judgment defaulters"   version "2017-rev" effective 2017-05-01 basic list  // trailing on header
use "national/basic.clx"   as national
use "x.clx" as x // use trailing

document spc "SPC rules" issued 2017-02-28 effective 2017-05-01 status verified source "http://x"

document civ "Civil" 
// own line before entity
entity NaturalPerson
entity Enterprise {
  relation legal_representative -> NaturalPerson   // trailing relation
  registered: date,

  // about capital
  capital: money(CNY)
}
entity Empty {}
seriousness minor<general <serious
enum ground {able_but_refuses,obstruction,}
event judgment_unperformed for NaturalPerson,Enterprise {case: text
seriousness serious}
event plain
param listing_period = 2 years from 2017-05-01 basis spc art 2
param rate = 12.5%
param fine = 10000.50   CNY
list judgment_defaulters "Defaulters" of NaturalPerson, Enterprise {
  basis spc art 1 item 2
  basis civ art 266
  include on judgment_unperformed e when e.case != "" and (count(judgment_unperformed x where x.case == e.case within 3 years) > 1 or not (self.registered < 2000-01-01))
     unless e.case == "a\"b\\c" // inside trailing
     for 2 years .. 3 years basis spc art 2


  extend by 1 year on judgment_unperformed when true
  remove on judgment_unperformed p within 3 working days basis spc art 3 // remove trailing
  // closing comment

}  // after list
measure restrict "Restrict" refines national.x {
  basis spc art 4
  // before duration
  for 1 year
  reaches legal_representative
  applies to members of judgment_defaulters, grade tax A, B when (a + b) * c > a - (b - c)
  authority "Court" // authority trailing
  severity 3
  category consumption
}
restoration judgment_defaulters { basis spc art 5
  eligible after 1 year when sum(amount of judgment_unperformed where true) >= 5 CNY
  on judgment_unperformed p decide within 15 working days
  never when if a then b else c basis spc art 6
}
grade tax of Enterprise {
  levels A, B, C, D
  level D when -x * 2 < 0 - -1 basis spc
  otherwise B
}
limits { severity <= seriousness + 1
  duration of measure <= 3 years
  concurrent measures <= 2 reach only legal_representative reach none }
test "basic" {
  p: NaturalPerson { birth_date: 1990-01-01, }
  q: Enterprise
  q legal_representative p from 2019-01-01 until 2020-01-01
  2020-01-01 p judgment_unperformed { case: "A1" }
  expect 2020-03-01 p in judgment_defaulters
  expect 2020-03-01 p not in judgment_defaulters
  expect 2020-03-01 p under restrict
  expect 2020-03-01 p not under restrict
  expect 2020-03-01 q grade tax D
}
test "empty" {
}

// end of file comment
)clx";

const char* kMessyExpected = R"clx(// file header comment

// second header comment
policy judgment_defaulters "Judgment defaulters" version "2017-rev" effective 2017-05-01 basic list  // trailing on header

use "national/basic.clx" as national
use "x.clx" as x  // use trailing

document spc "SPC rules" issued 2017-02-28 effective 2017-05-01 status verified source "http://x"
document civ "Civil"

// own line before entity
entity NaturalPerson

entity Enterprise {
  relation legal_representative -> NaturalPerson  // trailing relation
  registered: date

  // about capital
  capital: money(CNY)
}

entity Empty {}

seriousness minor < general < serious

enum ground { able_but_refuses, obstruction }

event judgment_unperformed for NaturalPerson, Enterprise {
  case: text
  seriousness serious
}

event plain

param listing_period = 2 years from 2017-05-01 basis spc art 2
param rate = 12.5%
param fine = 10000.50 CNY

list judgment_defaulters "Defaulters" of NaturalPerson, Enterprise {
  basis spc art 1 item 2, civ art 266
  // inside trailing
  include on judgment_unperformed e
    when e.case != "" and (count(judgment_unperformed x where x.case == e.case within 3 years) > 1 or not (self.registered < 2000-01-01))
    unless e.case == "a\"b\\c"
    for 2 years .. 3 years
    basis spc art 2

  extend by 1 year on judgment_unperformed when true
  remove on judgment_unperformed p within 3 working days basis spc art 3  // remove trailing
  // closing comment
}  // after list

measure restrict "Restrict" refines national.x {
  basis spc art 4
  category consumption
  severity 3
  authority "Court"  // authority trailing
  applies to members of judgment_defaulters, grade tax A, B when (a + b) * c > a - (b - c)
  reaches legal_representative
  // before duration
  for 1 year
}

restoration judgment_defaulters {
  basis spc art 5
  eligible after 1 year when sum(amount of judgment_unperformed where true) >= 5 CNY
  on judgment_unperformed p decide within 15 working days
  never when if a then b else c basis spc art 6
}

grade tax of Enterprise {
  levels A, B, C, D
  level D when -x * 2 < 0 - -1 basis spc
  otherwise B
}

limits {
  severity <= seriousness + 1
  duration of measure <= 3 years
  concurrent measures <= 2
  reach only legal_representative
  reach none
}

test "basic" {
  p: NaturalPerson { birth_date: 1990-01-01 }
  q: Enterprise
  q legal_representative p from 2019-01-01 until 2020-01-01
  2020-01-01 p judgment_unperformed { case: "A1" }
  expect 2020-03-01 p in judgment_defaulters
  expect 2020-03-01 p not in judgment_defaulters
  expect 2020-03-01 p under restrict
  expect 2020-03-01 p not under restrict
  expect 2020-03-01 q grade tax D
}

test "empty" {}

// end of file comment
)clx";

const char* kComments = R"clx(policy p // c1
  "title" // c2
  version "v"
list x // c3
{ // c4
  // c5

  include on e when a and // c6
     b
  // c7

}
entity A {
  // only comment
}
entity B { // open
}
enum g { a, // in enum
  b }
test "t" {
  p: K {
    // inside record
    f: 1 }
  expect 2020-01-01 p in x } // after test
entity C entity D // two on a line
param a = 1
// about b

param b = 2 // b trailing
   // end1

// end2
)clx";

const char* kCommentsExpected = R"clx(// c1
// c2
policy p "title" version "v"

// c3
list x {  // c4
  // c5

  // c6
  include on e when a and b
  // c7
}

entity A {
  // only comment
}

entity B {  // open
}

enum g {
  a,  // in enum
  b,
}

test "t" {
  p: K {
    // inside record
    f: 1,
  }
  expect 2020-01-01 p in x
}  // after test

entity C

entity D  // two on a line

param a = 1

// about b

param b = 2  // b trailing
// end1

// end2
)clx";

}  // namespace

TEST_CASE("fmt turns a messy file into canonical text", "[format]") {
  CHECK(canonical(kMessy) == kMessyExpected);
  check_stable(kMessy);
}

TEST_CASE("a line wider than the page does not set the comment column of its neighbours", "[format]") {
  std::string wide(300, 'x');
  std::string src = "policy p \"t\"\n\nenum e {\n  " + wide + ", // wide\n  b, // b\n  cc // cc\n}\n";
  std::string out = canonical(src);
  // The wide line keeps its comment two spaces after it; the others align among themselves.
  CHECK(out.find(wide + ",  // wide\n") != std::string::npos);
  CHECK(out.find("  b,   // b\n") != std::string::npos);
  CHECK(out.find("  cc,  // cc\n") != std::string::npos);
  CHECK(out.size() < src.size() + 64);
  check_stable(src);
}

TEST_CASE("fmt keeps comments in every position", "[format]") {
  CHECK(canonical(kComments) == kCommentsExpected);
  check_stable(kComments);
}

// Puts a comment at every white-space position of the messy file (after the code on its line,
// and on a line of its own with blank lines around it): wherever it lands, it survives exactly
// once and formatting stays idempotent.
TEST_CASE("fmt keeps a comment inserted anywhere", "[format]") {
  std::string src = kMessy;
  bool in_text = false, in_comment = false;
  std::size_t tried = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (in_comment) {
      in_comment = c != '\n';
      if (in_comment) continue;
    } else if (in_text) {
      if (c == '\\') ++i;
      in_text = c != '"';
      continue;
    } else if (c == '"') {
      in_text = true;
      continue;
    } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      in_comment = true;
      continue;
    }
    if (c != ' ' && c != '\n') continue;
    for (const char* comment : {" // zz\n", "\n\n// zz\n\n"}) {
      std::string text = src.substr(0, i) + comment + src.substr(i);
      auto first = parse(text);
      if (!first->file.syntax_ok) continue;  // e.g. inside a money literal's white space
      ++tried;
      std::string once = format::format(first->file, first->text());
      INFO("inserted at " << i << ":\n" << text);
      CHECK(count(once, "// zz") == 1);
      auto second = parse(once);
      REQUIRE(second->file.syntax_ok);
      CHECK(second->file.comments.size() == first->file.comments.size());
      CHECK(format::format(second->file, second->text()) == once);
    }
  }
  CHECK(tried > 500);
}

TEST_CASE("fmt keeps whether an entity or event had braces", "[format]") {
  CHECK(canonical("entity A\nentity B {}\nentity C { x: int }") ==
        "entity A\n\nentity B {}\n\nentity C {\n  x: int\n}\n");
  CHECK(canonical("event e for A\nevent f for A, B {}") == "event e for A\n\nevent f for A, B {}\n");
  CHECK(canonical("event e { seriousness serious x: text }") == "event e {\n  seriousness serious\n  x: text\n}\n");
}

TEST_CASE("fmt groups documents, params and uses, and separates the rest", "[format]") {
  std::string src =
      "use \"a.clx\" as a use \"b.clx\" as b\n"
      "document d1 \"One\"\n\n\ndocument d2 \"Two\" param p = 1 param q = 2\n"
      "seriousness minor < serious enum g { x, y }";
  CHECK(canonical(src) ==
        "use \"a.clx\" as a\nuse \"b.clx\" as b\n\n"
        "document d1 \"One\"\ndocument d2 \"Two\"\n\n"
        "param p = 1\nparam q = 2\n\n"
        "seriousness minor < serious\n\nenum g { x, y }\n");
  // A document with its own comment, or one too wide for a line, stands apart.
  std::string wide_title(100, 'x');
  CHECK(canonical("document a \"A\"\n// about b\ndocument b \"B\" document c \"" + wide_title + "\" status verified document d \"D\"") ==
        "document a \"A\"\n\n// about b\ndocument b \"B\"\n\n"
        "document c \"" + wide_title + "\"\n  status verified\n\ndocument d \"D\"\n");
}

TEST_CASE("fmt prints a parameter's range and a value set for a used file's parameter", "[format][params]") {
  CHECK(canonical("param   t : money(CNY)=20000 CNY from 2013-01-23 within 5000 CNY..20000 CNY basis law art 3\n"
                  "param w.t=10000 CNY   from 2014-01-01 basis notice") ==
        "param t: money(CNY) = 20000 CNY from 2013-01-23 within 5000 CNY .. 20000 CNY basis law art 3\n"
        "param w.t = 10000 CNY from 2014-01-01 basis notice\n");
}

TEST_CASE("fmt prints a local list and the clause for local lists", "[format]") {
  CHECK(canonical("list l \"L\"   local of P { basis d include on e for 1 year }") ==
        "list l \"L\" local of P {\n  basis d\n  include on e for 1 year\n}\n");
  CHECK(canonical("limits x { local   lists only created by rank law, local_regulation }") ==
        "limits x {\n  local lists only created by rank law, local_regulation\n}\n");
}

TEST_CASE("fmt prints enums and records inline unless too wide or commented", "[format]") {
  CHECK(canonical("enum g {\n a,\n b,\n}") == "enum g { a, b }\n");
  CHECK(canonical("enum g { a, // first\n b }") == "enum g {\n  a,  // first\n  b,\n}\n");
  format::Options narrow;
  narrow.max_width = 16;
  CHECK(canonical("enum g { a, bb }", narrow) == "enum g { a, bb }\n");
  CHECK(canonical("enum g { a, bbb }", narrow) == "enum g {\n  a,\n  bbb,\n}\n");
  CHECK(canonical("test \"t\" { p: K {} q: K { a: 1, b: 2 } 2020-01-01 p e {\n a: 1, // one\n\n b: 2 } }") ==
        "test \"t\" {\n  p: K {}\n  q: K { a: 1, b: 2 }\n  2020-01-01 p e {\n    a: 1,  // one\n\n    b: 2,\n  }\n}\n");
  narrow.max_width = 24;
  CHECK(canonical("test \"t\" { 2020-01-01 p e { a: 1, b: 2 } }", narrow) ==
        "test \"t\" {\n  2020-01-01 p e {\n    a: 1,\n    b: 2,\n  }\n}\n");
}

TEST_CASE("fmt aligns the trailing comments of neighbouring lines", "[format]") {
  CHECK(canonical("entity E {\n a: int // one\n long_name: text // two\n\n b: int // three\n c: int\n d: int // four\n}") ==
        "entity E {\n"
        "  a: int           // one\n"
        "  long_name: text  // two\n"
        "\n"
        "  b: int  // three\n"
        "  c: int\n"
        "  d: int  // four\n"
        "}\n");
  CHECK(canonical("use \"a.clx\" as a // x\nuse \"bbb.clx\" as b // y\n") ==
        "use \"a.clx\" as a    // x\nuse \"bbb.clx\" as b  // y\n");
}

TEST_CASE("fmt keeps at most one blank line between clauses of a block", "[format]") {
  std::string src = "list l {\n\n  include on e\n\n\n\n  remove on e\n  remove on f\n\n}\n";
  CHECK(canonical(src) == "list l {\n  include on e\n\n  remove on e\n  remove on f\n}\n");
}

TEST_CASE("fmt prints measure clauses in the canonical order with their comments", "[format]") {
  std::string src =
      "measure m {\n  until restored // how long\n  reaches r1, r2\n  // who\n  applies to A unless x\n"
      "  authority \"Court\"\n  severity 2\n  category c\n}\n";
  CHECK(canonical(src) ==
        "measure m {\n  category c\n  severity 2\n  authority \"Court\"\n  // who\n  applies to A unless x\n"
        "  reaches r1, r2\n  until restored  // how long\n}\n");
  check_stable(src);
}

TEST_CASE("fmt prints `for life` and the lifetime limit in canonical form", "[format][life]") {
  CHECK(canonical("measure m {  for   life\n category c }") == "measure m {\n  category c\n  for life\n}\n");
  CHECK(canonical("limits {measures  for life only under food_law art 135 ,x basis d}") ==
        "limits {\n  measures for life only under food_law art 135, x basis d\n}\n");
}

TEST_CASE("fmt honours the indent option", "[format]") {
  format::Options options;
  options.indent = 4;
  CHECK(canonical("test \"t\" { p: K expect 2020-01-01 p in l }", options) ==
        "test \"t\" {\n    p: K\n    expect 2020-01-01 p in l\n}\n");
}

TEST_CASE("fmt breaks a too-wide line between clauses, never inside one", "[format]") {
  std::string cond = "when a";
  for (int i = 0; i < 30; ++i) cond += " and a" + std::to_string(i);
  std::string src = "list l { include on e " + cond + " for 1 year basis d art 1 }";
  CHECK(canonical(src) == "list l {\n  include on e\n    " + cond + "\n    for 1 year\n    basis d art 1\n}\n");
  format::Options wide;
  wide.max_width = 1000;
  CHECK(canonical(src, wide) == "list l {\n  include on e " + cond + " for 1 year basis d art 1\n}\n");
  // Exactly max_width columns still fit; a block header counts its ` {`.
  format::Options narrow;
  narrow.max_width = 20;
  CHECK(canonical("param p = 1 from 2020-01-01", narrow) == "param p = 1\n  from 2020-01-01\n");
  CHECK(canonical("param p = 1 basis d", narrow) == "param p = 1 basis d\n");
  CHECK(canonical("list abcd of A, B { }", narrow) == "list abcd of A, B {}\n");
  CHECK(canonical("list abcde of A, B { }", narrow) == "list abcde\n  of A, B {}\n");
  check_stable("list l { include on e " + cond + " for 1 year basis d art 1 // t\n}");
}

TEST_CASE("fmt edge cases: empty files, comment-only files, CRLF", "[format]") {
  CHECK(canonical("").empty());
  CHECK(canonical("\n\n  \n").empty());
  CHECK(canonical("// a\n\n\n// b") == "// a\n\n// b\n");
  CHECK(canonical("entity A\r\n\r\n// c\r\nentity B // t\r\n") == "entity A\n\n// c\nentity B  // t\n");
}

TEST_CASE("fmt returns a file with syntax errors unchanged", "[format]") {
  std::string src = "list l { include }\n";
  auto p = parse(src);
  REQUIRE_FALSE(p->file.syntax_ok);
  CHECK(format::format(p->file, p->text()) == src);
}

TEST_CASE("fmt is idempotent on assorted snippets", "[format]") {
  const char* snippets[] = {
      "policy p",
      "policy p \"t\" basic list // x\n// y",
      "// only a comment",
      "param fine: money(CNY) = 10000.50 CNY from 2020-01-01 basis d art 1 // t\n",
      "list l \"L\" of A { basis d art 1 basis e include separately on E x when x.a unless x.b until removed\n"
      " extend by 1 year .. 2 years on E // t\n remove on E within 3 working days basis d }",
      "restoration l { // open\n eligible after 1 year when a unless b basis d\n on E e decide within 5 days\n never when c }",
      "grade g \"G\" of A { basis d\n levels A, B, C // levels\n\n level C when a\n level B unless b basis e\n otherwise A\n // end\n}",
      "limits named { basis d severity <= seriousness + 1 duration of listing <= 3 years\n"
      " concurrent severity <= 2 reach only r reach none basis e }",
      "test \"t\" {\n p: K {}\n q: K { a: 1, b: \"x\" }\n p r q from 2020-01-01\n"
      " 2020-01-02 p e { a: -1 }\n expect 2020-01-03 q grade g A\n}",
      "entity A { // a\n // b\n x: int // c\n // d\n} // e\n// f",
      "document d \"D\" status verified rank law\nlist l of A { basis d field a_field, b // fields\n include on E for 1 year }",
      "measure m { applies to A for life category c }\nlimits { basis d measures for life only under l art 1 para 2, k basis e }",
      "limits { basis d basic list only \"n.clx\" basis d measure basis rank law, local_regulation\n"
      " lists only in fields a, b for seriousness >= serious basis d art 6 lists only in fields c }",
  };
  for (const char* s : snippets) check_stable(s);
}

TEST_CASE("fmt writes the limits of No. 49 item (7) canonically and reads them back", "[format]") {
  const std::string messy =
      "limits { basis d\n  lists   need removal\n conditions basis d art 7 lists only created   by rank law,local_regulation }";
  const std::string expected =
      "limits {\n  basis d\n  lists need removal conditions basis d art 7\n  lists only created by rank law, local_regulation\n}\n";
  CHECK(canonical(messy) == expected);
  check_stable(messy);
}

TEST_CASE("fmt is idempotent on the policies in policies/", "[format][policies]") {
#ifdef CREDLEX_SOURCE_DIR
  std::filesystem::path root = std::filesystem::path(CREDLEX_SOURCE_DIR) / "policies";
#else
  std::filesystem::path root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "policies";
#endif
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(root))
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
      if (entry.is_regular_file() && entry.path().extension() == ".clx") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) WARN("no policies found under " << root.string());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto p = parse(text.str(), {}, path.string());
    if (!p->file.syntax_ok || p->sink.has_errors()) {
      WARN("skipped (does not parse cleanly): " << path.string());
      continue;
    }
    INFO("policy: " << path.string());
    check_stable(text.str());
  }
}
