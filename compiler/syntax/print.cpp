#include "compiler/syntax/print.h"

namespace credlex::syntax {
namespace {

// Binding strength, loosest first; mirrors the order of the `expr` alternatives in the grammar.
enum Prec : int { PIf, POr, PAnd, PIs, PCompare, PAdd, PMul, PUnary, PField, PPrimary };

Prec precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::Mul: case BinaryOp::Div: return PMul;
    case BinaryOp::Add: case BinaryOp::Sub: return PAdd;
    case BinaryOp::And: return PAnd;
    case BinaryOp::Or: return POr;
    default: return PCompare;
  }
}

Prec precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::If: return PIf;
    case ExprKind::Binary: return precedence(e.binary);
    case ExprKind::Unary: return PUnary;
    case ExprKind::Field: return PField;
    case ExprKind::Is: return PIs;
    default: return PPrimary;
  }
}

bool is_comparison(const Expr& e) { return e.kind == ExprKind::Binary && precedence(e.binary) == PCompare; }

void print_to(std::string& out, const Expr& e);

void print_parenthesised(std::string& out, const Expr& e, bool parens) {
  if (parens) out += '(';
  print_to(out, e);
  if (parens) out += ')';
}

// An `if` operand is always bracketed: its `else` branch would otherwise swallow whatever
// operator follows it (`if c then a else b + 1` is `if c then a else (b + 1)`).
void print_binary(std::string& out, const Expr& e) {
  const Expr& l = *e.operands[0];
  const Expr& r = *e.operands[1];
  Prec p = precedence(e.binary);
  bool chained_compare = p == PCompare;  // `a < b < c` is legal but never meant: bracket it
  // `and` inside `or` is always bracketed: `(a and b) or c` reads unambiguously to a lawyer.
  auto and_in_or = [&](const Expr& x) { return p == POr && x.kind == ExprKind::Binary && x.binary == BinaryOp::And; };
  print_parenthesised(out, l, precedence(l) < p || (chained_compare && is_comparison(l)) || and_in_or(l));
  out += ' ';
  out += spelling(e.binary);
  out += ' ';
  // Left-associative: a right operand of the same strength needs brackets (`a - (b - c)`).
  print_parenthesised(out, r, precedence(r) <= p || and_in_or(r));
}

void print_unary(std::string& out, const Expr& e) {
  const Expr& x = *e.operands[0];
  out += spelling(e.unary);
  std::string operand;
  print_parenthesised(operand, x, precedence(x) < PUnary);
  // `not` needs a space; `- -x` gets one so it does not read as a decrement.
  if (e.unary == UnaryOp::Not || operand.starts_with('-')) out += ' ';
  out += operand;
}

void print_aggregate(std::string& out, const Expr& e) {
  out += spelling(e.aggregate);
  out += '(';
  if (e.field) out += e.field->text + " of ";
  out += e.event.spelled();
  if (e.binder) out += ' ' + e.binder->text;
  if (e.where) {
    out += " where ";
    print_to(out, *e.where);
  }
  if (e.within) {
    out += " within ";
    print_to(out, *e.within);
  }
  out += ')';
}

void print_to(std::string& out, const Expr& e) {
  switch (e.kind) {
    case ExprKind::Int: out += std::to_string(e.integer); return;
    case ExprKind::Decimal: out += print(e.decimal); return;
    case ExprKind::Percent: out += print(e.decimal) + '%'; return;
    case ExprKind::Money: out += print(e.decimal) + ' ' + e.text; return;
    case ExprKind::Text: out += quote(e.text); return;
    case ExprKind::Date: out += e.text; return;
    case ExprKind::Bool: out += e.integer ? "true" : "false"; return;
    case ExprKind::Duration:
      out += std::to_string(e.integer) + ' ' + spelling(e.unit, e.integer != 1);
      return;
    case ExprKind::Name: out += e.text; return;
    case ExprKind::Field:
      print_parenthesised(out, *e.operands[0], precedence(*e.operands[0]) < PField);
      out += '.' + e.text;
      return;
    case ExprKind::Unary: print_unary(out, e); return;
    case ExprKind::Binary: print_binary(out, e); return;
    case ExprKind::If:
      // Keywords delimit every part, so no part needs brackets.
      out += "if ";
      print_to(out, *e.operands[0]);
      out += " then ";
      print_to(out, *e.operands[1]);
      out += " else ";
      print_to(out, *e.operands[2]);
      return;
    case ExprKind::Call:
      if (!e.alias.empty()) out += e.alias + '.';
      out += e.text + '(';
      for (std::size_t i = 0; i < e.operands.size(); ++i) {
        if (i) out += ", ";
        print_to(out, *e.operands[i]);
      }
      out += ')';
      return;
    case ExprKind::Aggregate: print_aggregate(out, e); return;
    case ExprKind::Cause: out += "cause"; return;
    case ExprKind::Self: out += "self"; return;
    case ExprKind::Seriousness: out += "seriousness"; return;
    case ExprKind::Is:
      print_parenthesised(out, *e.operands[0], precedence(*e.operands[0]) < PIs);
      out += " is " + e.event.spelled();
      return;
  }
}

}  // namespace

std::string print(const Expr& e) {
  std::string out;
  print_to(out, e);
  return out;
}

std::string print(const QualifiedName& q) { return q.spelled(); }

std::string print(const Decimal& d) {
  bool negative = d.mantissa < 0;
  // Through unsigned so that the most negative mantissa does not overflow.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(d.mantissa)
                                     : static_cast<std::uint64_t>(d.mantissa);
  std::string digits = std::to_string(magnitude);
  if (d.scale > 0) {
    auto scale = static_cast<std::size_t>(d.scale);
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, 1, '.');
  }
  return negative ? '-' + digits : digits;
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c; break;
    }
  }
  return out + '"';
}

std::string print(const TypeRef& t) {
  std::string out = t.name.spelled();
  if (t.currency) out += '(' + t.currency->text + ')';
  return out;
}

std::string print(const FieldDecl& f) { return f.name.text + ": " + print(f.type); }

std::string print(const Citation& c) {
  std::string out = c.document.spelled();
  if (c.article) out += " art " + std::to_string(*c.article);
  if (c.paragraph) out += " para " + std::to_string(*c.paragraph);
  if (c.item) out += " item " + std::to_string(*c.item);
  return out;
}

std::string print(const Basis& b) {
  if (!b.present()) return {};
  std::string out = "basis ";
  for (std::size_t i = 0; i < b.citations.size(); ++i) {
    if (i) out += ", ";
    out += print(b.citations[i]);
  }
  return out;
}

std::string print(const Trigger& t) {
  std::string on = t.restored ? "restored(" + t.restored->spelled() + ")" : t.event.spelled();
  return t.binder ? on + ' ' + t.binder->text : on;
}

std::string print(const Range& r) {
  std::string out = r.low ? print(*r.low) : std::string();
  if (r.high) out += " .. " + print(*r.high);
  return out;
}

std::string print(const Condition& c) { return (c.unless ? "unless " : "when ") + print(*c.expr); }

std::string print(const std::vector<Condition>& conditions) {
  std::string out;
  for (const auto& c : conditions) {
    if (!out.empty()) out += ' ';
    out += print(c);
  }
  return out;
}

std::string print(const LimitClause& c) {
  auto names = [](const std::vector<Name>& xs) {
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : ", ") + x.text;
    return out;
  };
  switch (c.kind) {
    case LimitClause::Kind::Severity: return "severity <= " + print(*c.bound);
    case LimitClause::Kind::MeasureDuration: return "duration of measure <= " + print(*c.bound);
    case LimitClause::Kind::ListingDuration: return "duration of listing <= " + print(*c.bound);
    case LimitClause::Kind::ConcurrentSeverity: return "concurrent severity <= " + print(*c.bound);
    case LimitClause::Kind::ConcurrentMeasures: return "concurrent measures <= " + print(*c.bound);
    case LimitClause::Kind::ReachOnly: return "reach only " + names(c.relations);
    case LimitClause::Kind::ReachNone: return "reach none";
    case LimitClause::Kind::BasicListOnly: return "basic list only " + quote(c.path);
    case LimitClause::Kind::MeasureRank: return "measure basis rank " + names(c.relations);
    case LimitClause::Kind::ListFields:
      return "lists only in fields " + names(c.relations) + (c.level ? " for seriousness >= " + c.level->text : "");
    case LimitClause::Kind::ListRemoval: return "lists need removal conditions";
    case LimitClause::Kind::ListRank: return std::string(c.local ? "local " : "") + "lists only created by rank " + names(c.relations);
    case LimitClause::Kind::LifeOnly: {
      std::string out = "measures for life only under ";
      for (std::size_t i = 0; i < c.under.size(); ++i) out += (i ? ", " : "") + print(c.under[i]);
      return out;
    }
    case LimitClause::Kind::FieldLinkage: return "measures follow the field of the conduct";
    case LimitClause::Kind::Authorised: return "measures only as their basis authorises";
  }
  return "?";
}

std::string print(const MeasureDuration& d) {
  switch (d.kind) {
    case MeasureDuration::Kind::WhileListed: return "while listed";
    case MeasureDuration::Kind::For: return "for " + print(d.span);
    case MeasureDuration::Kind::AfterListing: return "while listed and for " + print(d.span) + " after";
    case MeasureDuration::Kind::Life: return "for life";
    case MeasureDuration::Kind::UntilRestored: break;
  }
  return "until restored";
}

}  // namespace credlex::syntax
