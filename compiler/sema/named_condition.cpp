// Named conditions: `condition meets_art_6(d: tax_case_decided) = … basis …`, a legal test
// written once and used by name (`meets_art_6(d)`). The body is checked once, with only its
// parameters (and the file's parameters and choices) in scope; each call is checked against the
// parameters' types. A call means the body with the arguments in place of the parameters
// (ir::lower expands it), so a named condition adds no meaning of its own.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace credlex::sema {

const std::vector<Type>& Checker::condition_parameters(Module* m, const ConditionDecl& c) {
  if (auto it = condition_parameters_.find(&c); it != condition_parameters_.end()) return it->second;
  std::vector<Type> types;
  for (const auto& p : c.parameters) {
    // An event parameter takes one event of that type, as a binder (`on E e`, `E d where …`) does.
    const Symbol* s = p.type.currency ? nullptr : resolve(m, p.type.name);
    if (s && s->kind == Symbol::Kind::Event) {
      types.push_back(event_type(s));
    } else {
      types.push_back(resolve_type(m, p.type));
    }
  }
  return condition_parameters_[&c] = std::move(types);
}

void Checker::check_named_condition(Module& m, const ConditionDecl& c) {
  const Symbol& sym = m.symbols.at(c.name.text);
  const auto& types = condition_parameters(&m, c);
  report_duplicates(sink_, c.parameters, [](const FieldDecl& f) -> const Name& { return f.name; });
  Scope scope;
  scope.module = &m;
  scope.owner = sym.decl == &c ? vertex(sym) : -1;  // a duplicate (reported) takes no part in the graph
  scope.named_condition = true;
  for (std::size_t i = 0; i < c.parameters.size(); ++i) scope.binders.emplace_back(c.parameters[i].name.text, types[i]);
  expect(*c.body, scope, TypeKind::Bool, "a yes/no condition");
  if (c.basis.present()) check_basis(c.basis, &m);
}

namespace {
// Whether an argument of type `value` may stand for a parameter of type `parameter`: an event of
// the parameter's event type, an entity of the parameter's kind, or an assignable value.
bool fits(const Type& parameter, const Type& value) {
  if (parameter.error() || value.error()) return true;
  if (parameter.kind == TypeKind::Event || parameter.kind == TypeKind::Entity) {
    if (value.kind != parameter.kind) return false;
    if (parameter.kind == TypeKind::Event)
      return std::all_of(value.events.begin(), value.events.end(),
                         [&](const EventDecl* e) { return e == parameter.events.front(); });
    return std::all_of(value.kinds.begin(), value.kinds.end(), [&](const std::string& k) {
      return std::find(parameter.kinds.begin(), parameter.kinds.end(), k) != parameter.kinds.end();
    });
  }
  return assignable(parameter, value);
}
}  // namespace

Type Checker::call_condition(const Expr& call, const Symbol& condition, Scope& scope) {
  const auto& decl = *static_cast<const ConditionDecl*>(condition.decl);
  graph_.add_edge(scope.owner, vertex(condition));
  const auto& types = condition_parameters(condition.module, decl);
  if (call.operands.size() != types.size()) {
    std::string wanted = types.size() == 1 ? "one value" : fmt::format("{} values", types.size());
    auto& d = sink_.report<diag::kind::WrongArgumentCount>(call.range, call.text, wanted, call.operands.size());
    diag::with_note(d, decl.name.range, "`" + decl.name.text + "` is declared here");
    return Type::of(TypeKind::Bool);
  }
  for (std::size_t i = 0; i < types.size(); ++i) {
    Type a = type_of(*call.operands[i], scope);
    if (!fits(types[i], a)) {
      auto& d = sink_.report<diag::kind::TypeMismatch>(call.operands[i]->range, describe(types[i]), describe(a));
      diag::with_note(d, decl.parameters[i].range,
                      "`" + decl.parameters[i].name.text + "` of `" + decl.name.text + "` is declared here");
    }
  }
  return Type::of(TypeKind::Bool);
}

}  // namespace credlex::sema
