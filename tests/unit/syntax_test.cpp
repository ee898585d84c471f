// The syntax phase: snippets parsed into the AST, checked for structure and source ranges;
// literals; syntax errors (every one reported, at its place); the nesting guards; tokens.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "compiler/syntax/parse.h"
#include "compiler/syntax/print.h"
#include "parsed.h"
#include "credlex/civil_date.h"

using namespace credlex;
using credlex::testing::Parsed;
using credlex::testing::parse;
using syntax::Expr;
using syntax::ExprKind;

namespace {

// Parses a file that must have no diagnostics at all.
std::unique_ptr<Parsed> parse_ok(const std::string& text) {
  auto p = parse(text);
  INFO("source:\n" << text << "\ndiagnostics:\n" << p->messages());
  REQUIRE(p->file.syntax_ok);
  REQUIRE(p->sink.diagnostics().empty());
  return p;
}

template <class T>
const T& decl(const Parsed& p, std::size_t i) {
  REQUIRE(i < p.file.declarations.size());
  REQUIRE(std::holds_alternative<T>(p.file.declarations[i]));
  return std::get<T>(p.file.declarations[i]);
}

// The tree of an expression as an S-expression, written independently of the compiler's printer.
std::string sexpr(const Expr& e) {
  using syntax::BinaryOp;
  auto sub = [&](std::size_t i) { return sexpr(*e.operands.at(i)); };
  auto dec = [](const syntax::Decimal& d) { return std::to_string(d.mantissa) + "e-" + std::to_string(d.scale); };
  switch (e.kind) {
    case ExprKind::Int: return std::to_string(e.integer);
    case ExprKind::Decimal: return "dec:" + dec(e.decimal);
    case ExprKind::Percent: return "pct:" + dec(e.decimal);
    case ExprKind::Money: return "money:" + dec(e.decimal) + ":" + e.text;
    case ExprKind::Text: return "text:" + e.text;
    case ExprKind::Date: return "date:" + std::to_string(e.integer);
    case ExprKind::Bool: return e.integer ? "true" : "false";
    case ExprKind::Duration: {
      const char* u = e.unit == syntax::DurationUnit::Days ? "d" : e.unit == syntax::DurationUnit::WorkingDays ? "wd"
                    : e.unit == syntax::DurationUnit::Months ? "mo" : "y";
      return std::to_string(e.integer) + u;
    }
    case ExprKind::Name: return e.text;
    case ExprKind::Field: return "(. " + sub(0) + " " + e.text + ")";
    case ExprKind::Unary: return std::string(e.unary == syntax::UnaryOp::Not ? "(not " : "(neg ") + sub(0) + ")";
    case ExprKind::Binary: {
      const char* op = "?";
      switch (e.binary) {
        case BinaryOp::Mul: op = "*"; break;
        case BinaryOp::Div: op = "/"; break;
        case BinaryOp::Add: op = "+"; break;
        case BinaryOp::Sub: op = "-"; break;
        case BinaryOp::Eq: op = "=="; break;
        case BinaryOp::Ne: op = "!="; break;
        case BinaryOp::Lt: op = "<"; break;
        case BinaryOp::Le: op = "<="; break;
        case BinaryOp::Gt: op = ">"; break;
        case BinaryOp::Ge: op = ">="; break;
        case BinaryOp::And: op = "and"; break;
        case BinaryOp::Or: op = "or"; break;
      }
      return std::string("(") + op + " " + sub(0) + " " + sub(1) + ")";
    }
    case ExprKind::If: return "(if " + sub(0) + " " + sub(1) + " " + sub(2) + ")";
    case ExprKind::Call: {
      std::string s = "(call " + e.text;
      for (std::size_t i = 0; i < e.operands.size(); ++i) s += " " + sub(i);
      return s + ")";
    }
    case ExprKind::Aggregate: {
      const char* op = e.aggregate == syntax::AggregateOp::Count ? "count" : e.aggregate == syntax::AggregateOp::Exists ? "exists"
                     : e.aggregate == syntax::AggregateOp::Latest ? "latest" : e.aggregate == syntax::AggregateOp::First ? "first" : "sum";
      std::string s = std::string("(") + op;
      if (e.field) s += " field=" + e.field->text;
      s += " " + e.event.spelled();
      if (e.binder) s += " as=" + e.binder->text;
      if (e.where) s += " where=" + sexpr(*e.where);
      if (e.within) s += " within=" + sexpr(*e.within);
      return s + ")";
    }
    case ExprKind::Is: return "(is " + sub(0) + " " + e.event.spelled() + ")";
    case ExprKind::Cause: return "cause";
    case ExprKind::Self: return "self";
    case ExprKind::Seriousness: return "seriousness";
  }
  return "?";
}

// `param x = <text>`: the value's tree.
std::string tree(const std::string& expr_text) {
  auto p = parse_ok("param x = " + expr_text + "\n");
  return sexpr(*decl<syntax::ParamDecl>(*p, 0).value);
}

std::int32_t day(int y, int m, int d) { return clx_days_from_civil(y, m, d); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Structure and ranges

TEST_CASE("header and uses", "[syntax]") {
  auto p = parse_ok(
      "policy judgment \"The title\" version \"2017-rev\" effective 2017-05-01 basic list\n"
      "use \"national/basic.clx\" as national\n"
      "use \"other.clx\" as o\n");
  REQUIRE(p->file.header);
  const auto& h = *p->file.header;
  CHECK(h.name.text == "judgment");
  CHECK(p->slice(h.name.range) == "judgment");
  CHECK(h.title == std::optional<std::string>("The title"));
  CHECK(h.version == std::optional<std::string>("2017-rev"));
  REQUIRE(h.effective);
  CHECK(h.effective->valid);
  CHECK(h.effective->day == day(2017, 5, 1));
  CHECK(h.effective->text == "2017-05-01");
  CHECK(h.basic_list);
  CHECK(p->slice(h.range) == "policy judgment \"The title\" version \"2017-rev\" effective 2017-05-01 basic list");
  REQUIRE(p->file.uses.size() == 2);
  CHECK(p->file.uses[0].path == "national/basic.clx");
  CHECK(p->slice(p->file.uses[0].path_range) == "\"national/basic.clx\"");
  CHECK(p->file.uses[0].alias.text == "national");
  CHECK(p->slice(p->file.uses[0].range) == "use \"national/basic.clx\" as national");
  CHECK(p->file.uses[1].alias.text == "o");
  CHECK(p->file.declarations.empty());
}

TEST_CASE("a header with only a name, no header at all", "[syntax]") {
  auto p = parse_ok("policy p\n");
  REQUIRE(p->file.header);
  CHECK_FALSE(p->file.header->title);
  CHECK_FALSE(p->file.header->basic_list);
  auto q = parse_ok("param x = 1\n");
  CHECK_FALSE(q->file.header);  // allowed by the grammar; sema reports it
  CHECK(q->file.declarations.size() == 1);
}

TEST_CASE("declarations of every kind, in source order", "[syntax]") {
  auto p = parse_ok(R"(policy p "t"
document law "The law" issued 2020-01-01 effective 2020-02-01 status verified source "http://x"
entity Enterprise {
  relation legal_representative -> NaturalPerson
  registered: date,
  capital: money(CNY)
}
seriousness minor < general < serious
enum ground { refuses, obstructs, }
event unpaid for NaturalPerson, Enterprise { amount: money(CNY) seriousness serious }
param period: duration = 2 years from 2017-05-01 basis law art 2 para 1 item 3
list defaulters "Defaulters" of NaturalPerson, Enterprise {
  basis law art 1
  include separately on unpaid e when e.amount > 1 CNY unless false for 1 year .. 2 years basis law art 3
  extend by 1 year on unpaid
  remove on unpaid within 3 working days
}
measure m "M" refines nat.m {
  basis law
  category c
  severity 2
  authority "court"
  applies to members of defaulters, grade g A or B, NaturalPerson when true
  reaches legal_representative
  while listed
}
restoration defaulters { basis law eligible after 1 year when true on unpaid decide within 5 days never when false }
grade g of Enterprise { basis law levels A, B, C level C when true basis law otherwise A }
limits framework { basis law severity <= seriousness + 1 duration of measure <= 5 years duration of listing <= 5 years concurrent severity <= 8 concurrent measures <= 3 reach only legal_representative reach none }
test "a test" { p: NaturalPerson { birth_date: 1980-01-01 } e: Enterprise e legal_representative p from 2020-01-01 until 2021-01-01 2020-03-01 e unpaid { amount: 5 CNY } expect 2020-03-02 e in defaulters expect 2020-03-02 e not under m expect 2020-03-02 e grade g A }
)");
  const auto& f = p->file;
  REQUIRE(f.declarations.size() == 12);

  const auto& doc = decl<syntax::DocumentDecl>(*p, 0);
  CHECK(doc.name.text == "law");
  CHECK(doc.title == "The law");
  CHECK(doc.issued->day == day(2020, 1, 1));
  CHECK(doc.effective->day == day(2020, 2, 1));
  CHECK(doc.status->text == "verified");
  CHECK(doc.source == std::optional<std::string>("http://x"));

  const auto& ent = decl<syntax::EntityDecl>(*p, 1);
  CHECK(ent.has_body);
  REQUIRE(ent.relations.size() == 1);
  CHECK(ent.relations[0].name.text == "legal_representative");
  CHECK(ent.relations[0].kind.name == "NaturalPerson");
  REQUIRE(ent.attributes.size() == 2);
  CHECK(ent.attributes[1].name.text == "capital");
  CHECK(ent.attributes[1].type.name.name == "money");
  REQUIRE(ent.attributes[1].type.currency);
  CHECK(ent.attributes[1].type.currency->text == "CNY");
  CHECK(p->slice(ent.attributes[1].type.range) == "money(CNY)");

  const auto& ser = decl<syntax::SeriousnessDecl>(*p, 2);
  REQUIRE(ser.levels.size() == 3);
  CHECK(ser.levels[0].text == "minor");
  CHECK(ser.levels[2].text == "serious");

  const auto& en = decl<syntax::EnumDecl>(*p, 3);
  REQUIRE(en.values.size() == 2);  // the trailing comma adds nothing
  CHECK(en.values[1].text == "obstructs");

  const auto& ev = decl<syntax::EventDecl>(*p, 4);
  REQUIRE(ev.kinds.size() == 2);
  CHECK(ev.kinds[1].name == "Enterprise");
  REQUIRE(ev.fields.size() == 1);
  REQUIRE(ev.seriousness);
  CHECK(sexpr(*ev.seriousness) == "serious");

  const auto& par = decl<syntax::ParamDecl>(*p, 5);
  CHECK(par.name.text == "period");
  REQUIRE(par.type);
  CHECK(par.type->name.name == "duration");
  CHECK(sexpr(*par.value) == "2y");
  REQUIRE(par.from);
  CHECK(par.from->day == day(2017, 5, 1));
  REQUIRE(par.basis.citations.size() == 1);
  const auto& cit = par.basis.citations[0];
  CHECK(cit.document.name == "law");
  CHECK(cit.article == std::optional<std::int64_t>(2));
  CHECK(cit.paragraph == std::optional<std::int64_t>(1));
  CHECK(cit.item == std::optional<std::int64_t>(3));
  CHECK(p->slice(cit.range) == "law art 2 para 1 item 3");
  CHECK(p->slice(par.range) == "param period: duration = 2 years from 2017-05-01 basis law art 2 para 1 item 3");

  const auto& list = decl<syntax::ListDecl>(*p, 6);
  CHECK(list.title == std::optional<std::string>("Defaulters"));
  CHECK(list.kinds.size() == 2);
  CHECK(list.basis.present());
  REQUIRE(list.rules.size() == 3);
  const auto& inc = list.rules[0];
  CHECK(inc.kind == syntax::ListRule::Kind::Include);
  CHECK(inc.separately);
  CHECK(inc.trigger.event.name == "unpaid");
  REQUIRE(inc.trigger.binder);
  CHECK(inc.trigger.binder->text == "e");
  REQUIRE(inc.conditions.size() == 2);
  CHECK_FALSE(inc.conditions[0].unless);
  CHECK(inc.conditions[1].unless);
  CHECK(sexpr(*inc.conditions[0].expr) == "(> (. e amount) money:1e-0:CNY)");
  CHECK(inc.period_kind == syntax::PeriodKind::For);
  CHECK(sexpr(*inc.span.low) == "1y");
  CHECK(sexpr(*inc.span.high) == "2y");
  CHECK(p->slice(inc.span.range) == "1 year .. 2 years");
  CHECK(inc.basis.present());
  CHECK(list.rules[1].kind == syntax::ListRule::Kind::Extend);
  CHECK(sexpr(*list.rules[1].span.low) == "1y");
  CHECK(list.rules[2].kind == syntax::ListRule::Kind::Remove);
  CHECK(sexpr(*list.rules[2].deadline) == "3wd");

  const auto& m = decl<syntax::MeasureDecl>(*p, 7);
  REQUIRE(m.refines);
  CHECK(m.refines->alias == "nat");
  CHECK(m.refines->name == "m");
  CHECK(m.refines->spelled() == "nat.m");
  CHECK(p->slice(m.refines->range) == "nat.m");
  CHECK(m.category->text == "c");
  CHECK(m.severity == std::optional<std::int64_t>(2));
  CHECK(p->slice(m.severity_range) == "severity 2");
  CHECK(m.authority == std::optional<std::string>("court"));
  // `grade g A or B, NaturalPerson`: levels are joined by `or`, so a kind can follow a comma.
  REQUIRE(m.targets.size() == 3);
  CHECK(m.targets[0].kind == syntax::Target::Kind::Members);
  CHECK(m.targets[1].kind == syntax::Target::Kind::Grade);
  CHECK(m.targets[1].levels.size() == 2);
  CHECK(m.targets[2].kind == syntax::Target::Kind::EntityKind);
  CHECK(m.targets[2].name.name == "NaturalPerson");
  CHECK(m.target_conditions.size() == 1);
  REQUIRE(m.reaches.size() == 1);
  REQUIRE(m.duration);
  CHECK(m.duration->kind == syntax::MeasureDuration::Kind::WhileListed);

  const auto& r = decl<syntax::RestorationDecl>(*p, 8);
  CHECK(r.list.name == "defaulters");
  REQUIRE(r.rules.size() == 3);
  CHECK(r.rules[0].kind == syntax::RestorationRule::Kind::Eligible);
  CHECK(sexpr(*r.rules[0].value) == "1y");
  CHECK(r.rules[0].conditions.size() == 1);
  CHECK(r.rules[1].kind == syntax::RestorationRule::Kind::Decide);
  CHECK(r.rules[1].trigger.event.name == "unpaid");
  CHECK(sexpr(*r.rules[1].value) == "5d");
  CHECK(r.rules[2].kind == syntax::RestorationRule::Kind::Never);
  CHECK(sexpr(*r.rules[2].value) == "false");

  const auto& g = decl<syntax::GradeDecl>(*p, 9);
  REQUIRE(g.levels.size() == 3);
  CHECK(g.levels[0].text == "A");
  CHECK(g.levels[2].text == "C");
  REQUIRE(g.rules.size() == 1);
  CHECK(g.rules[0].level.text == "C");
  CHECK(g.rules[0].basis.present());
  REQUIRE(g.fallback);
  CHECK(g.fallback->text == "A");

  const auto& l = decl<syntax::LimitsDecl>(*p, 10);
  REQUIRE(l.name);
  CHECK(l.name->text == "framework");
  REQUIRE(l.clauses.size() == 7);
  using LK = syntax::LimitClause::Kind;
  CHECK(l.clauses[0].kind == LK::Severity);
  CHECK(sexpr(*l.clauses[0].bound) == "(+ seriousness 1)");
  CHECK(l.clauses[1].kind == LK::MeasureDuration);
  CHECK(l.clauses[2].kind == LK::ListingDuration);
  CHECK(l.clauses[3].kind == LK::ConcurrentSeverity);
  CHECK(l.clauses[4].kind == LK::ConcurrentMeasures);
  CHECK(l.clauses[5].kind == LK::ReachOnly);
  CHECK(l.clauses[5].relations.size() == 1);
  CHECK(l.clauses[6].kind == LK::ReachNone);

  const auto& t = decl<syntax::TestDecl>(*p, 11);
  CHECK(t.name == "a test");
  CHECK(p->slice(t.name_range) == "\"a test\"");
  REQUIRE(t.items.size() == 7);
  using TK = syntax::TestItem::Kind;
  CHECK(t.items[0].kind == TK::Entity);
  CHECK(t.items[0].name.text == "p");
  CHECK(t.items[0].reference.name == "NaturalPerson");
  REQUIRE(t.items[0].record);
  CHECK(t.items[0].record->fields.size() == 1);
  CHECK(t.items[2].kind == TK::Relation);
  CHECK(t.items[2].name.text == "e");
  CHECK(t.items[2].relation.text == "legal_representative");
  CHECK(t.items[2].other.text == "p");
  CHECK(t.items[2].until->day == day(2021, 1, 1));
  CHECK(t.items[3].kind == TK::Event);
  CHECK(t.items[3].date->day == day(2020, 3, 1));
  CHECK(t.items[4].expect == syntax::TestItem::Expect::In);
  CHECK(t.items[5].expect == syntax::TestItem::Expect::NotUnder);
  CHECK(t.items[6].expect == syntax::TestItem::Expect::Grade);
  CHECK(t.items[6].level->text == "A");

  // Every declaration's range starts with its keyword.
  const char* keywords[] = {"document", "entity", "seriousness", "enum", "event", "param",
                            "list", "measure", "restoration", "grade", "limits", "test"};
  for (std::size_t i = 0; i < f.declarations.size(); ++i) {
    INFO(keywords[i]);
    CHECK(p->slice(syntax::range_of(f.declarations[i])).rfind(std::string(keywords[i]) + " ", 0) == 0);
  }
  CHECK(p->slice(syntax::range_of(f.declarations[11])).rfind("test \"a test\"", 0) == 0);
  CHECK(p->slice(syntax::range_of(f.declarations[11])).back() == '}');
}

TEST_CASE("framework limits: document ranks, list fields, the basic list, ranks and fields", "[syntax]") {
  auto p = parse_ok(R"(policy p "t" basic list
document d "D" rank administrative_regulation
list l of A { basis d field health_and_life_safety, national_defence include on e for 1 year }
limits { basis d
  basic list only "../national/basic_measures.clx" basis d art 3
  measure basis rank law, central_policy_document
  lists only in fields x, y for seriousness >= serious basis d art 6
  lists only in fields z }
)");
  CHECK(p->file.header->basic_list);
  CHECK(p->slice(p->file.header->basic_list_range) == "basic list");
  const auto& doc = decl<syntax::DocumentDecl>(*p, 0);
  REQUIRE(doc.rank);
  CHECK(doc.rank->text == "administrative_regulation");
  const auto& l = decl<syntax::ListDecl>(*p, 1);
  REQUIRE(l.fields.size() == 2);
  CHECK(l.fields[1].text == "national_defence");
  CHECK(p->slice(l.fields_range) == "field health_and_life_safety, national_defence");
  CHECK(l.rules.size() == 1);
  const auto& lim = decl<syntax::LimitsDecl>(*p, 2);
  REQUIRE(lim.clauses.size() == 4);
  using LK = syntax::LimitClause::Kind;
  CHECK(lim.clauses[0].kind == LK::BasicListOnly);
  CHECK(lim.clauses[0].path == "../national/basic_measures.clx");
  CHECK(lim.clauses[0].basis.present());
  CHECK(lim.clauses[1].kind == LK::MeasureRank);
  CHECK(lim.clauses[1].relations.size() == 2);
  CHECK_FALSE(lim.clauses[1].basis.present());
  CHECK(lim.clauses[2].kind == LK::ListFields);
  REQUIRE(lim.clauses[2].relations.size() == 2);
  CHECK(lim.clauses[2].relations[1].text == "y");
  REQUIRE(lim.clauses[2].level);
  CHECK(lim.clauses[2].level->text == "serious");
  CHECK(lim.clauses[3].relations.size() == 1);
  CHECK_FALSE(lim.clauses[3].level);

  // `field` and `fields` are contextual words: another word there is reported where it stands,
  // and both remain usable as names elsewhere.
  auto bad = parse(R"(policy p
list l of A { basis d fild x include on e for 1 year }
limits { lists only in feilds x }
event e { field: text }
)");
  CHECK(bad->codes() == std::vector<std::string>{"E0201", "E0201"});
  CHECK(bad->places() == std::vector<std::string>{"2:23", "3:24"});
}

TEST_CASE("the limits of No. 49 item (7): removal conditions, the rank that creates a list", "[syntax]") {
  auto p = parse_ok(R"(policy p
limits { basis d
  lists need removal conditions basis d art 7
  lists only created by rank law, departmental_rule, local_regulation
}
)");
  const auto& lim = decl<syntax::LimitsDecl>(*p, 0);
  REQUIRE(lim.clauses.size() == 2);
  using LK = syntax::LimitClause::Kind;
  CHECK(lim.clauses[0].kind == LK::ListRemoval);
  CHECK(lim.clauses[0].relations.empty());
  CHECK(lim.clauses[0].basis.present());
  CHECK(p->slice(lim.clauses[0].range) == "lists need removal conditions basis d art 7");
  CHECK(lim.clauses[1].kind == LK::ListRank);
  REQUIRE(lim.clauses[1].relations.size() == 3);  // the word `created` is not a rank
  CHECK(lim.clauses[1].relations[0].text == "law");
  CHECK(lim.clauses[1].relations[2].text == "local_regulation");
  CHECK_FALSE(lim.clauses[1].basis.present());
  CHECK(syntax::print(lim.clauses[0]) == "lists need removal conditions");
  CHECK(syntax::print(lim.clauses[1]) == "lists only created by rank law, departmental_rule, local_regulation");

  // The words are contextual: a misspelt one is reported where it stands, and they remain
  // ordinary names elsewhere.
  auto bad = parse(R"(policy p
limits { lists need removal terms
  lists only made by rank law }
event need { removal: text, conditions: text, created: date }
)");
  CHECK(bad->codes() == std::vector<std::string>{"E0201", "E0201"});
  CHECK(bad->places() == std::vector<std::string>{"2:29", "3:14"});
}

TEST_CASE("a measure for life, and the limit that permits measures for life", "[syntax][life]") {
  auto p = parse_ok(R"(policy p
measure m { category c severity 1 applies to A for life }
measure n { category c severity 1 applies to A for 5 years }
limits { measures for life only under food_law art 135 para 2, other_law basis d art 7 }
)");
  const auto& m = decl<syntax::MeasureDecl>(*p, 0);
  REQUIRE(m.duration);
  CHECK(m.duration->kind == syntax::MeasureDuration::Kind::Life);
  CHECK(p->slice(m.duration->range) == "for life");
  // `for 5 years` is still a fixed period: `life` is a reserved word, not a duration expression.
  CHECK(decl<syntax::MeasureDecl>(*p, 1).duration->kind == syntax::MeasureDuration::Kind::For);
  const auto& lim = decl<syntax::LimitsDecl>(*p, 2);
  REQUIRE(lim.clauses.size() == 1);
  const auto& c = lim.clauses[0];
  CHECK(c.kind == syntax::LimitClause::Kind::LifeOnly);
  REQUIRE(c.under.size() == 2);
  CHECK(c.under[0].document.name == "food_law");
  CHECK(c.under[0].article == std::optional<std::int64_t>(135));
  CHECK(c.under[0].paragraph == std::optional<std::int64_t>(2));
  CHECK(c.under[1].document.name == "other_law");
  CHECK_FALSE(c.under[1].article);
  // The clause's own basis is kept apart from the articles it names.
  REQUIRE(c.basis.citations.size() == 1);
  CHECK(c.basis.citations[0].document.name == "d");

  // `life` is reserved: it cannot name a parameter, and `for life` needs nothing after it.
  auto bad = parse("policy p\nparam life = 1\nlimits { measures for life only under }\n");
  CHECK(bad->codes() == std::vector<std::string>{"E0201", "E0201"});
}

TEST_CASE("operator precedence and associativity", "[syntax][expr]") {
  CHECK(tree("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(tree("1 * 2 + 3") == "(+ (* 1 2) 3)");
  CHECK(tree("1 - 2 - 3") == "(- (- 1 2) 3)");  // left associative
  CHECK(tree("8 / 4 / 2") == "(/ (/ 8 4) 2)");
  CHECK(tree("(1 + 2) * 3") == "(* (+ 1 2) 3)");  // parentheses leave no node
  CHECK(tree("1 + (2 - 3)") == "(+ 1 (- 2 3))");
  CHECK(tree("a or b and c") == "(or a (and b c))");
  CHECK(tree("a and b or c") == "(or (and a b) c)");
  CHECK(tree("not a and b") == "(and (not a) b)");
  CHECK(tree("not (a and b)") == "(not (and a b))");
  CHECK(tree("-2 * 3") == "(* (neg 2) 3)");
  CHECK(tree("- - 2") == "(neg (neg 2))");
  CHECK(tree("1 + 2 < 3 * 4") == "(< (+ 1 2) (* 3 4))");
  CHECK(tree("a == b and c != d") == "(and (== a b) (!= c d))");
  CHECK(tree("a <= b or c >= d") == "(or (<= a b) (>= c d))");
  CHECK(tree("e.amount.x > 1") == "(> (. (. e amount) x) 1)");
  CHECK(tree("-e.amount") == "(neg (. e amount))");  // field access binds tighter than minus
  CHECK(tree("if a then 1 else 2") == "(if a 1 2)");
  CHECK(tree("if a then 1 else if b then 2 else 3") == "(if a 1 (if b 2 3))");
  CHECK(tree("listed(l) and not listed(n.l)") == "(and (call listed l) (not (call listed (. n l))))");
  CHECK(tree("f(1, 2)") == "(call f 1 2)");
  CHECK(tree("f()") == "(call f)");
  CHECK(tree("cause.amount + self.x") == "(+ (. cause amount) (. self x))");
  CHECK(tree("self is NaturalPerson and x") == "(and (is self NaturalPerson) x)");
  CHECK(tree("a == b is n.K") == "(is (== a b) n.K)");  // `is` binds looser than comparisons
  CHECK(tree("count(unpaid e where e.amount > 1 CNY within 2 years)") ==
        "(count unpaid as=e where=(> (. e amount) money:1e-0:CNY) within=2y)");
  CHECK(tree("sum(amount of nat.unpaid where amount > 0 CNY)") ==
        "(sum field=amount nat.unpaid where=(> amount money:0e-0:CNY))");
  CHECK(tree("exists(x) or latest(y).date > first(y).date") ==
        "(or (exists x) (> (. (latest y) date) (. (first y) date)))");
}

TEST_CASE("expression ranges", "[syntax][expr][range]") {
  auto p = parse_ok("policy p \"t\"\nparam x = (1 + 2) * e.amount // c\n");
  const auto& v = *decl<syntax::ParamDecl>(*p, 0).value;
  CHECK(p->slice(v.range) == "(1 + 2) * e.amount");
  CHECK(p->slice(v.operands[0]->range) == "1 + 2");  // the parentheses are not part of the inner node
  CHECK(p->slice(v.operands[1]->range) == "e.amount");
  CHECK(p->slice(v.operands[1]->name_range) == "amount");
  CHECK(p->slice(v.operands[1]->operands[0]->range) == "e");
  auto q = parse_ok("param x = listed(defaulters)\n");
  const auto& call = *decl<syntax::ParamDecl>(*q, 0).value;
  CHECK(q->slice(call.name_range) == "listed");
  CHECK(q->slice(call.range) == "listed(defaulters)");
}

TEST_CASE("ranges are byte offsets also after multi-byte characters", "[syntax][range]") {
  auto p = parse_ok("// 中文注释 ✓\npolicy p \"标题\"\nparam x = \"名字\" == y + 1 // 注\n");
  REQUIRE(p->file.header);
  CHECK(p->file.header->title == std::optional<std::string>("标题"));
  CHECK(p->slice(p->file.header->range) == "policy p \"标题\"");
  const auto& v = *decl<syntax::ParamDecl>(*p, 0).value;
  CHECK(p->slice(v.range) == "\"名字\" == y + 1");
  CHECK(p->slice(v.operands[0]->range) == "\"名字\"");
  CHECK(v.operands[0]->text == "名字");
  CHECK(p->slice(v.operands[1]->range) == "y + 1");
  REQUIRE(p->file.comments.size() == 2);
  CHECK(p->file.comments[0].text == "// 中文注释 ✓");
  CHECK(p->slice(p->file.comments[1].range) == "// 注");
}

TEST_CASE("comments are kept with their place", "[syntax][comments]") {
  auto p = parse_ok("// first\npolicy p \"t\"  // trailing   \n  // indented own line\nparam x = 1\n");
  REQUIRE(p->file.comments.size() == 3);
  CHECK(p->file.comments[0].own_line);
  CHECK(p->file.comments[0].text == "// first");
  CHECK_FALSE(p->file.comments[1].own_line);
  CHECK(p->file.comments[1].text == "// trailing");  // trailing white space dropped
  CHECK(p->file.comments[2].own_line);
  CHECK(p->slice(p->file.comments[2].range) == "// indented own line");
}

// ---------------------------------------------------------------------------------------------
// Literals

TEST_CASE("money literals: mantissa, scale, currency", "[syntax][literal]") {
  CHECK(tree("10000 CNY") == "money:10000e-0:CNY");
  CHECK(tree("10000.50 CNY") == "money:1000050e-2:CNY");
  CHECK(tree("0.05 USD") == "money:5e-2:USD");
  CHECK(tree("7\tEUR") == "money:7e-0:EUR");  // a tab may separate amount and currency
  CHECK(tree("1.000 HKD") == "money:1000e-3:HKD");  // the scale is kept as written
  auto p = parse("param x = 12 ABC\n");
  CHECK(p->codes() == std::vector<std::string>{"E0207"});
  REQUIRE(p->sink.diagnostics().size() == 1);
  CHECK(p->slice(p->sink.diagnostics()[0].range) == "ABC");
  CHECK(p->sink.diagnostics()[0].message.find("`ABC`") != std::string::npos);
  // A currency is three capital letters: `12 cny` is a number and then a name.
  CHECK_FALSE(parse("param x = 12 cny\n")->file.syntax_ok);
}

TEST_CASE("decimal and percent literals", "[syntax][literal]") {
  CHECK(tree("0.5") == "dec:5e-1");
  CHECK(tree("12.25") == "dec:1225e-2");
  CHECK(tree("10%") == "pct:10e-0");
  CHECK(tree("12.5%") == "pct:125e-1");
  CHECK(tree("123456789012345678") == "123456789012345678");
  CHECK(tree("999999999999999999") == "999999999999999999");  // the largest: 18 digits, like decimals
  // 18 significant digits always fit; 19 are refused for decimals.
  CHECK(tree("12345678.9012345678") == "dec:123456789012345678e-10");
  for (std::string big : {"9223372036854775807", "9223372036854775808", "99999999999999999999999", "1234567890.123456789", "1234567890123456789%"}) {
    auto p = parse("param x = " + big + "\n");
    INFO(big << "\n" << p->messages());
    CHECK(p->codes() == std::vector<std::string>{"E0206"});
  }
}

TEST_CASE("duration literals, including working days", "[syntax][literal]") {
  CHECK(tree("1 day") == "1d");
  CHECK(tree("3 days") == "3d");
  CHECK(tree("15 working days") == "15wd");
  CHECK(tree("1 working day") == "1wd");
  CHECK(tree("1 month") == "1mo");
  CHECK(tree("6 months") == "6mo");
  CHECK(tree("1 year") == "1y");
  CHECK(tree("5 years") == "5y");
  CHECK(tree("2 years + 3 months") == "(+ 2y 3mo)");
  for (std::string bad : {"2 working months", "1 working year"}) {
    auto p = parse("param x = " + bad + "\n");
    INFO(bad << "\n" << p->messages());
    REQUIRE(p->codes() == std::vector<std::string>{"E0201"});
    CHECK(p->sink.diagnostics()[0].hint.find("working days") != std::string::npos);
  }
}

TEST_CASE("date literals: calendar dates only", "[syntax][literal]") {
  CHECK(tree("2024-02-29") == "date:" + std::to_string(day(2024, 2, 29)));
  CHECK(tree("2024-02-29") == "date:19782");
  CHECK(tree("1970-01-01") == "date:0");
  CHECK(tree("0001-01-01") == "date:" + std::to_string(day(1, 1, 1)));
  CHECK(tree("9999-12-31") == "date:" + std::to_string(day(9999, 12, 31)));
  for (std::string bad : {"2023-02-29", "1900-02-29", "2021-04-31", "2021-13-01", "2021-00-10", "2021-01-00", "0000-01-01"}) {
    auto p = parse("param x = " + bad + "\n");
    INFO(bad << "\n" << p->messages());
    REQUIRE(p->codes() == std::vector<std::string>{"E0205"});
    CHECK(p->slice(p->sink.diagnostics()[0].range) == bad);
    CHECK(p->sink.diagnostics()[0].message.find("`" + bad + "`") != std::string::npos);
    const auto& v = *decl<syntax::ParamDecl>(*p, 0).value;
    CHECK(v.kind == ExprKind::Date);
    CHECK_FALSE(v.date_valid);
  }
  // A header's or document's date is checked too.
  auto p = parse("policy p \"t\" effective 2023-02-29\ndocument d \"t\" issued 2021-02-30\n");
  CHECK(p->codes() == std::vector<std::string>{"E0205", "E0205"});
  CHECK_FALSE(p->file.header->effective->valid);
}

TEST_CASE("text literals and their escapes", "[syntax][literal]") {
  CHECK(tree(R"("plain")") == "text:plain");
  CHECK(tree(R"("")") == "text:");
  CHECK(tree(R"("a\"b\\c\nd\te")") == "text:a\"b\\c\nd\te");
  CHECK(tree(R"("中文")") == "text:中文");
  auto p = parse("param x = \"ab\\qcd\"\n");
  REQUIRE(p->codes() == std::vector<std::string>{"E0204"});
  CHECK(p->slice(p->sink.diagnostics()[0].range) == "\\q");
  CHECK(p->sink.diagnostics()[0].message.find("`\\q`") != std::string::npos);
  auto u = parse("param x = \"a\\é\"\n");  // the bad character is multi-byte
  REQUIRE(u->codes() == std::vector<std::string>{"E0204"});
  CHECK(u->slice(u->sink.diagnostics()[0].range) == "\\é");
  auto t = parse("policy p \"t\"\nparam x = \"no end\nparam y = 1\n");
  REQUIRE(t->codes() == std::vector<std::string>{"E0203"});
  CHECK(t->slice(t->sink.diagnostics()[0].range) == "\"no end");
  CHECK(t->places() == std::vector<std::string>{"2:11"});
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

TEST_CASE("every syntax error in a file is reported, at its place", "[syntax][errors]") {
  auto p = parse(
      "policy p \"t\"\n"
      "param a = = 1\n"
      "param b = 2\n"
      "param c = ) 3\n"
      "list l of K { include on e for }\n"
      "param d = 4 $\n");
  INFO(p->messages());
  CHECK_FALSE(p->file.syntax_ok);
  CHECK(p->codes() == std::vector<std::string>{"E0201", "E0201", "E0201", "E0202"});
  CHECK(p->places() == std::vector<std::string>{"2:11", "4:11", "5:32", "6:13"});
  REQUIRE(p->sink.diagnostics().size() == 4);
  CHECK(p->sink.diagnostics()[0].message.find("`=`") != std::string::npos);
  CHECK(p->sink.diagnostics()[0].hint.rfind("expected ", 0) == 0);
  CHECK(p->sink.diagnostics()[3].message.find("`$`") != std::string::npos);
}

TEST_CASE("an unexpected end of file", "[syntax][errors]") {
  auto p = parse("policy p \"t\"\nlist l of K {");
  INFO(p->messages());
  REQUIRE(p->codes() == std::vector<std::string>{"E0201"});
  CHECK(p->sink.diagnostics()[0].message.find("end of file") != std::string::npos);
  auto r = p->sink.diagnostics()[0].range;
  CHECK(r.begin == p->text().size());
  CHECK(r.end == r.begin);
}

// Two stray characters before the first declaration must not make the parser skip the rest of
// the file: the errors after them are still reported.
TEST_CASE("errors after stray characters at the start are still reported", "[syntax][errors]") {
  for (std::string start : {"@@\n", "policy p \"t\"\n@@\n", "policy p \"t\"\n$ $ $\n"}) {
    auto p = parse(start + "param x = = 1\nparam y = ) 2\n");
    INFO("start: " << start << "\n" << p->messages());
    CHECK(p->sink.diagnostics().size() == 3);
    CHECK(p->codes().back() == "E0201");
  }
}

TEST_CASE("a file is abandoned after max_errors errors, with a note", "[syntax][errors]") {
  std::string text = "policy p \"t\"\n";
  for (int i = 0; i < 80; ++i) text += "param x" + std::to_string(i) + " = = 1\n";
  syntax::ParseOptions options;
  options.max_errors = 10;
  auto p = parse(text, options);
  INFO(p->messages());
  CHECK(p->sink.diagnostics().size() == 11);
  CHECK(p->sink.diagnostics().back().hint == "stopped reading this file after 10 errors");
  CHECK_FALSE(p->file.syntax_ok);
}

TEST_CASE("a clause given twice", "[syntax][errors]") {
  auto q = parse("measure m { severity 1 category a severity 2 }\n");
  INFO(q->messages());
  REQUIRE(q->codes() == std::vector<std::string>{"E0209"});
  CHECK(q->slice(q->sink.diagnostics()[0].range) == "severity 2");
  CHECK(q->sink.diagnostics()[0].message.find("severity") != std::string::npos);
  auto h = parse("policy p \"t\" version \"1\" version \"2\"\n");
  CHECK(h->codes() == std::vector<std::string>{"E0209"});
}

// The fast SLL pass bails out at the first error; the LL pass with recovery then reads the file
// again from the start. On valid input the result must not depend on which pass produced it, and
// an error late in the file must not disturb what is reported for it.
TEST_CASE("the SLL pass and the LL fallback", "[syntax][sll]") {
  const std::string valid = R"(policy p "t" // a comment
use "n.clx" as n
measure m { applies to grade g A or B, K when x  reaches r  for 1 year .. 2 years }
test "t" { p: n.K {a: 1}  q: K  p rel q from 2020-01-01 until 2021-01-01  2020-01-02 p ev {x: 1}  expect 2020-01-03 p not in l }
list l of A { include on e x when count(e y where y.a > 1 within 1 year) > 0 for 1 year basis d art 1 remove on g within 5 working days }
param y = if a then b else c from 2020-01-01 basis d
event e for A, B { x: money(CNY) seriousness if a then serious else minor }
)";
  auto good = parse_ok(valid);
  CHECK(good->file.declarations.size() == 5);
  CHECK(good->file.comments.size() == 1);

  // The same file with one error at its end: the LL pass reports exactly that error, and the
  // comments are collected once, not once per pass.
  auto bad = parse(valid + "param z = 1 +\n");
  INFO(bad->messages());
  CHECK_FALSE(bad->file.syntax_ok);
  CHECK(bad->codes() == std::vector<std::string>{"E0201"});
  CHECK(bad->places() == std::vector<std::string>{"9:1"});
  CHECK(bad->file.comments.size() == 1);
  CHECK(bad->file.declarations.empty());  // a file with syntax errors gives no (partial) declarations to sema
}

// ---------------------------------------------------------------------------------------------
// Guards

TEST_CASE("nesting guards: brackets, prefix operators, long chains", "[syntax][guards]") {
  auto nested = [](int n) { return "param x = " + std::string(n, '(') + "1" + std::string(n, ')') + "\n"; };
  CHECK(parse(nested(200))->sink.diagnostics().empty());
  auto deep = parse(nested(201));
  REQUIRE(deep->codes() == std::vector<std::string>{"E0105"});
  CHECK(deep->sink.diagnostics()[0].message.find("200") != std::string::npos);
  CHECK(deep->sink.diagnostics()[0].range.begin == 10 + 200);  // at the 201st bracket

  std::string nots;
  for (int i = 0; i < 201; ++i) nots += "not ";
  auto n = parse("param x = " + nots + "true\n");
  REQUIRE(n->codes() == std::vector<std::string>{"E0106"});
  CHECK(n->sink.diagnostics()[0].range.begin == 10 + 200 * 4);  // at the 201st `not`

  std::string chain = "1";
  for (int i = 0; i < 1000; ++i) chain += " + 1";
  auto c = parse("param x = " + chain + "\n");
  INFO(c->messages());
  CHECK(c->codes() == std::vector<std::string>{"E0106"});

  syntax::ParseOptions small;
  small.max_nesting = 3;
  CHECK(parse("param x = (((1)))\n", small)->sink.diagnostics().empty());
  CHECK(parse("param x = ((((1))))\n", small)->codes() == std::vector<std::string>{"E0105"});
  CHECK(parse("entity E { } list l of E { include on e when (((1))) for 1 day }\n", small)->codes() ==
        std::vector<std::string>{"E0105"});  // braces count as brackets too
}

TEST_CASE("text that the lexer must never see", "[syntax][guards]") {
  auto nul = parse(std::string("policy p \"t\"\nparam x = 1\0\n", 26));
  REQUIRE(nul->codes() == std::vector<std::string>{"E0104"});
  CHECK(nul->places() == std::vector<std::string>{"2:12"});
  auto utf = parse("policy p \"t\"\nparam x = \"\xC3\x28\"\n");  // a lead byte without its continuation
  REQUIRE(utf->codes() == std::vector<std::string>{"E0103"});
  CHECK(utf->places() == std::vector<std::string>{"2:12"});
  CHECK(utf->sink.diagnostics()[0].message.find("0xC3") != std::string::npos);
  for (std::string bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "\xFF", "\xE4\xB8"}) {
    auto p = parse("// " + bad + "\n");
    INFO("bytes " << bad.size());
    CHECK(p->codes() == std::vector<std::string>{"E0103"});
  }
  syntax::ParseOptions tiny;
  tiny.max_file_bytes = 1 << 20;
  auto big = parse(std::string((1 << 20) + 1, ' '), tiny);
  REQUIRE(big->codes() == std::vector<std::string>{"E0102"});
  CHECK(big->places() == std::vector<std::string>{"1:1"});
}

// ---------------------------------------------------------------------------------------------
// Tokens

TEST_CASE("tokens: grammar names, text, ranges, comments", "[syntax][tokens]") {
  diag::SourceManager sm;
  auto id = sm.add("t.clx", "policy p \"t\"\nparam x = 10.5 CNY + 3 working days // c\n$");
  diag::Sink sink;
  auto tokens = syntax::tokenize(sm, id, sink);
  std::vector<std::string> kinds, texts;
  for (const auto& t : tokens) {
    kinds.push_back(t.kind);
    texts.push_back(t.text);
    CHECK(sm.file(id).text().substr(t.range.begin, t.range.end - t.range.begin) == t.text);
  }
  // The kinds are the token names of grammar/Credlex.g4.
  CHECK(kinds == std::vector<std::string>{"POLICY", "ID", "STRING", "PARAM", "ID", "ASSIGN", "MONEY", "PLUS", "INT",
                                          "WORKING", "DAYS", "COMMENT", "UNKNOWN_CHAR"});
  CHECK(texts[6] == "10.5 CNY");
  CHECK(texts[11] == "// c");
  REQUIRE(tokens.size() == 13);
  CHECK(tokens[11].comment);
  CHECK_FALSE(tokens[10].comment);
  CHECK(sink.diagnostics().empty());  // tokenizing reports only what keeps the lexer out
}

TEST_CASE("tokens of text the lexer must not see", "[syntax][tokens]") {
  diag::SourceManager sm;
  auto id = sm.add("t.clx", "param x = \"\xFF\"\n");
  diag::Sink sink;
  CHECK(syntax::tokenize(sm, id, sink).empty());
  CHECK(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].code == "E0103");
}

TEST_CASE("a measure kept a time after the listing: `while listed and for D after`", "[syntax][after]") {
  auto p = parse_ok(R"(policy p
measure m { category c severity 1 applies to A while listed and for 5 years after }
measure n { category c severity 1 applies to A while listed }
)");
  const auto& m = decl<syntax::MeasureDecl>(*p, 0);
  REQUIRE(m.duration);
  CHECK(m.duration->kind == syntax::MeasureDuration::Kind::AfterListing);
  CHECK(p->slice(m.duration->range) == "while listed and for 5 years after");
  REQUIRE(m.duration->span.low);
  CHECK(p->slice(m.duration->span.low->range) == "5 years");
  CHECK(syntax::print(*m.duration) == "while listed and for 5 years after");
  CHECK(decl<syntax::MeasureDecl>(*p, 1).duration->kind == syntax::MeasureDuration::Kind::WhileListed);
  // `after` must close it: `while listed and for 5 years` is a syntax error where the `}` stands.
  auto bad = parse("policy p\nmeasure m { category c severity 1 applies to A while listed and for 5 years }\n");
  CHECK(bad->codes() == std::vector<std::string>{"E0201"});
}
