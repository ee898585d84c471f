#include "compiler/syntax/ast.h"

namespace credlex::syntax {

const char* spelling(UnaryOp op) { return op == UnaryOp::Not ? "not" : "-"; }

const char* spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "?";
}

const char* spelling(AggregateOp op) {
  switch (op) {
    case AggregateOp::Count: return "count";
    case AggregateOp::Exists: return "exists";
    case AggregateOp::Latest: return "latest";
    case AggregateOp::First: return "first";
    case AggregateOp::Sum: return "sum";
  }
  return "?";
}

const char* spelling(DurationUnit unit, bool plural) {
  switch (unit) {
    case DurationUnit::Days: return plural ? "days" : "day";
    case DurationUnit::WorkingDays: return plural ? "working days" : "working day";
    case DurationUnit::Months: return plural ? "months" : "month";
    case DurationUnit::Years: return plural ? "years" : "year";
  }
  return "?";
}

SourceRange range_of(const Declaration& d) {
  return std::visit([](const auto& decl) { return decl.range; }, d);
}

const std::vector<std::string>& legal_ranks() {
  static const std::vector<std::string> ranks{
      "law", "administrative_regulation", "local_regulation", "departmental_rule", "local_government_rule",
      "judicial_interpretation", "central_policy_document", "normative_document"};
  return ranks;
}

std::string rank_in_words(const std::string& rank) {
  std::string words = rank;
  for (auto& c : words)
    if (c == '_') c = ' ';
  return words;
}

std::optional<QualifiedName> name_spelled(const Expr& e) {
  QualifiedName q;
  q.range = e.range;
  if (e.kind == ExprKind::Name) {
    q.name = e.text;
    return q;
  }
  if (e.kind != ExprKind::Field || e.operands.empty() || e.operands[0]->kind != ExprKind::Name) return std::nullopt;
  q.alias = e.operands[0]->text;
  q.name = e.text;
  return q;
}

}  // namespace credlex::syntax
