// The canonical expression printer: minimal parentheses, literals spelled back exactly, and
// printed text that parses to the same tree (checked by printing the re-parsed tree again).
#include <catch2/catch.hpp>

#include <string>

#include "compiler/syntax/parse.h"
#include "compiler/syntax/print.h"

using namespace credlex;

namespace {

// Parses `param x = <text>` and returns the printed value; fails the test on any diagnostic.
std::string reprint(const std::string& text) {
  diag::SourceManager sm;
  auto id = sm.add("t.clx", "param x = " + text + "\n");
  diag::Sink sink;
  auto file = syntax::parse(sm, id, sink);
  INFO("source: " << text);
  REQUIRE(file.syntax_ok);
  REQUIRE_FALSE(sink.has_errors());
  REQUIRE(file.declarations.size() == 1);
  return syntax::print(*std::get<syntax::ParamDecl>(file.declarations[0]).value);
}

// The printed form is `expected`, and printing it again after parsing changes nothing.
void check(const std::string& source, const std::string& expected) {
  std::string printed = reprint(source);
  CHECK(printed == expected);
  CHECK(reprint(printed) == printed);
}

}  // namespace

TEST_CASE("print keeps only the parentheses the grammar needs", "[print]") {
  check("(a + b) * c", "(a + b) * c");
  check("a + (b * c)", "a + b * c");
  check("a - (b - c)", "a - (b - c)");
  check("(a - b) - c", "a - b - c");
  check("a / (b * c)", "a / (b * c)");
  check("not (a and b)", "not (a and b)");
  check("(not a) and b", "not a and b");
  check("a or b and c", "a or (b and c)");  // `and` inside `or` is always bracketed, for readers
  check("(a or b) and c", "(a or b) and c");
  check("a and (b or c)", "a and (b or c)");
  check("a and (b and c)", "a and (b and c)");
  check("((a))", "a");
  check("-(a.b)", "-a.b");
  check("(-a).b", "(-a).b");
  check("(a + b).c", "(a + b).c");
  check("-a * b", "-a * b");
  check("-(a * b)", "-(a * b)");
  check("a * -b", "a * -b");
  check("a - -b", "a - -b");
  check("-(-a)", "- -a");
  check("not not a", "not not a");
  check("not a.b", "not a.b");
}

TEST_CASE("print brackets chained comparisons and if operands", "[print]") {
  check("(a < b) == c", "(a < b) == c");
  check("a == (b < c)", "a == (b < c)");
  check("a + 1 < b * 2", "a + 1 < b * 2");
  check("a < b and b <= c", "a < b and b <= c");
  check("if a then b else c + 1", "if a then b else c + 1");
  check("(if a then b else c) + 1", "(if a then b else c) + 1");
  check("1 + (if a then b else c)", "1 + (if a then b else c)");
  check("not (if a then b else c)", "not (if a then b else c)");
  check("if a then if b then c else d else e", "if a then if b then c else d else e");
  check("if a or b then c else if d then e else f", "if a or b then c else if d then e else f");
}

TEST_CASE("print spells literals back", "[print]") {
  check("42", "42");
  check("007", "7");
  check("12.50", "12.50");
  check("0.05", "0.05");
  check("10%", "10%");
  check("12.5%", "12.5%");
  check("10000 CNY", "10000 CNY");
  check("10000.50   CNY", "10000.50 CNY");
  check(R"("say \"hi\"\\ \n\t end")", R"("say \"hi\"\\ \n\t end")");
  check("2020-02-29", "2020-02-29");
  check("true", "true");
  check("false", "false");
  check("1 year", "1 year");
  check("2 years", "2 years");
  check("1 years", "1 year");
  check("2 month", "2 months");
  check("1 day", "1 day");
  check("3 working days", "3 working days");
  check("1 working day", "1 working day");
}

TEST_CASE("print names, calls, aggregates and keywords", "[print]") {
  check("national.x", "national.x");
  check("e.amount.value", "e.amount.value");
  check("listed(judgment_defaulters)", "listed(judgment_defaulters)");
  check("f( a ,b+1 )", "f(a, b + 1)");
  check("f()", "f()");
  check("f(x).y", "f(x).y");
  check("count(E)", "count(E)");
  check("count(E x where x.a > 1 within 3 years)", "count(E x where x.a > 1 within 3 years)");
  check("exists(national.E within 1 year)", "exists(national.E within 1 year)");
  check("latest(E e).date", "latest(E e).date");
  check("first(E where true)", "first(E where true)");
  check("sum(amount of E x where x.paid within 2 years)", "sum(amount of E x where x.paid within 2 years)");
  check("sum(amount of E) >= 5000 CNY", "sum(amount of E) >= 5000 CNY");
  check("cause.case == self.name", "cause.case == self.name");
  check("seriousness + 1", "seriousness + 1");
}

TEST_CASE("print helpers for decimals, text and citations", "[print]") {
  CHECK(syntax::print(syntax::Decimal{1250, 2}) == "12.50");
  CHECK(syntax::print(syntax::Decimal{5, 2}) == "0.05");
  CHECK(syntax::print(syntax::Decimal{7, 0}) == "7");
  CHECK(syntax::print(syntax::Decimal{-125, 1}) == "-12.5");
  CHECK(syntax::quote("a\"b\\c\nd\te") == R"("a\"b\\c\nd\te")");

  diag::SourceManager sm;
  auto id = sm.add("t.clx", "param x = 1 basis doc art 1 para 2 item 3, other art 5, national.law\n");
  diag::Sink sink;
  auto file = syntax::parse(sm, id, sink);
  REQUIRE(file.syntax_ok);
  const auto& p = std::get<syntax::ParamDecl>(file.declarations[0]);
  CHECK(syntax::print(p.basis) == "basis doc art 1 para 2 item 3, other art 5, national.law");
  CHECK(syntax::print(p.basis.citations[2].document) == "national.law");
  CHECK(syntax::print(syntax::Basis{}).empty());
}
