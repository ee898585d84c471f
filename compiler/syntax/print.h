// Canonical credlex text for expressions and the small clauses shared by declarations. Used by
// `credlex fmt`, by diagnostics that quote an expression, and by tests. The output parses back to
// the same AST (ranges aside): parentheses are printed only where the grammar needs them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/syntax/ast.h"

namespace credlex::syntax {

std::string print(const Expr& e);
std::string print(const QualifiedName& q);
// {1250, 2} → "12.50": the scale is kept, so the literal reads back to the same value and scale.
std::string print(const Decimal& d);
// A text literal with its quotes and escapes: `say "hi"` → "say \"hi\"".
std::string quote(std::string_view text);

// `money(CNY)`, `date`, `national.ground`.
std::string print(const TypeRef& t);
// `name: type`.
std::string print(const FieldDecl& f);
// `doc art 1 para 2 item 3`.
std::string print(const Citation& c);
// `basis doc art 1, other art 5`; empty when the basis is absent.
std::string print(const Basis& b);
// `E` or `E binder`.
std::string print(const Trigger& t);
// `low` or `low .. high`.
std::string print(const Range& r);
// `when c` / `unless c`.
std::string print(const Condition& c);
// Conditions separated by single spaces: `when a unless b`.
std::string print(const std::vector<Condition>& conditions);
// A clause of `limits` without its basis: `severity <= seriousness + 1`, `reach only a, b`,
// `basic list only "x.clx"`, `lists only in fields a, b for seriousness >= serious`.
std::string print(const LimitClause& c);
// `while listed`, `for 5 years`, `until restored`, `for life`.
std::string print(const MeasureDuration& d);

}  // namespace credlex::syntax
