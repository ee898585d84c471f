// Expression types and name resolution. Every expression gets a type (TypeKind::Error after a
// reported problem, which silences the errors that would follow from it).
#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {
namespace {

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
         op == BinaryOp::Gt || op == BinaryOp::Ge;
}

std::string qualified_enum(Module* m, Module* root, const EnumDecl& e) {
  return m == root ? e.name.text : m->policy_name() + "." + e.name.text;
}

// Inside a named condition the entity and its history are not in scope: what the condition needs
// comes in through its parameters.
constexpr const char* kPassAsParameter =
    "a named condition knows only its parameters: give it what it needs as one, e.g. `condition "
    "adult(p: NaturalPerson, on: date) = …` called as `adult(self, cause.date)`, or an event of the history "
    "as `exists(E d where c(d))`";

}  // namespace

void Checker::self_not_available(SourceRange at, const std::string& what, const Scope& scope) {
  auto& d = sink_.report<diag::kind::SelfNotAvailable>(at, what);
  if (scope.named_condition) d.hint = kPassAsParameter;
}

// The tests `OPERAND is NAME` joined by `and` in e (OPERAND: `self`, or `cause`).
void is_tests(const Expr& e, ExprKind operand, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::Is && e.operands[0]->kind == operand) out.push_back(&e);
  if (e.kind == ExprKind::Binary && e.binary == BinaryOp::And) {
    is_tests(*e.operands[0], operand, out);
    is_tests(*e.operands[1], operand, out);
  }
}

void kind_tests(const Expr& e, std::vector<const Expr*>& out) { is_tests(e, ExprKind::Self, out); }

// What a bare name in an expression can be in a file: its parameters, the choices of its enums
// and the levels of its scale (the names a scope binds are added by the caller).
std::vector<std::string> Checker::value_names(Module* m) {
  std::vector<std::string> out = symbol_names(m, {Symbol::Kind::Param});
  if (auto it = enum_values_.find(m); it != enum_values_.end())
    for (const auto& v : it->second) out.push_back(v.first);
  if (auto* sc = scale(m)) {
    auto levels = spellings(sc->levels);
    out.insert(out.end(), levels.begin(), levels.end());
  }
  return out;
}

const EnumDecl* Checker::enum_with_value(const Module* m, const std::string& value) {
  auto it = enum_values_.find(m);
  if (it == enum_values_.end()) return nullptr;
  auto v = it->second.find(value);
  return v == it->second.end() ? nullptr : v->second;
}

bool is_builtin_type(std::string_view name) {
  return name == "bool" || name == "int" || name == "decimal" || name == "money" || name == "text" ||
         name == "date" || name == "duration";
}

Type Checker::resolve_type(Module* m, const TypeRef& t) {
  const std::string& n = t.name.name;
  if (t.name.alias.empty()) {
    if (n == "bool") return Type::of(TypeKind::Bool);
    if (n == "int") return Type::of(TypeKind::Int);
    if (n == "decimal") return Type::of(TypeKind::Decimal);
    if (n == "text") return Type::of(TypeKind::Text);
    if (n == "date") return Type::of(TypeKind::Date);
    if (n == "duration") return Type::duration_of(DurationClass::Any);
    // An unknown currency was reported when the file was read; leave the currency open.
    if (n == "money") return Type::money(t.currency && syntax::known_currency(t.currency->text) ? t.currency->text : "");
  }
  if (t.currency) {
    sink_.report<diag::kind::TypeMismatch>(t.currency->range, "nothing (only `money` takes a currency)",
                                           "a currency");
  }
  auto* sym = lookup(m, t.name, {Symbol::Kind::Enum, Symbol::Kind::Entity}, "type");
  if (!sym) return {};
  if (sym->kind == Symbol::Kind::Enum) {
    Type ty = Type::of(TypeKind::Enum);
    ty.name = qualified_enum(sym->module, model_.program.root, *static_cast<const EnumDecl*>(sym->decl));
    return ty;
  }
  Type ty = Type::of(TypeKind::Entity);
  ty.kinds = {sym->name};
  return ty;
}

Type Checker::param_type(const Symbol& param) {
  if (auto it = param_types_.find(&param); it != param_types_.end()) return it->second;
  if (params_in_progress_.count(&param)) return {};  // a circle: reported by the graph
  params_in_progress_.insert(&param);
  Type result;
  bool first = true;
  for (const ParamDecl* v : param.versions) {
    Scope scope;
    scope.module = param.module;
    scope.owner = vertex(param);
    Type t = type_of(*v->value, scope);
    if (v->type) {
      Type declared = resolve_type(param.module, *v->type);
      if (!assignable(declared, t))
        sink_.report<diag::kind::TypeMismatch>(v->value->range, describe(declared), describe(t));
      else if (!declared.error() && declared.kind != TypeKind::Duration && declared.kind != TypeKind::Money)
        t = declared;
    }
    if (first) {
      result = t;
      first = false;
    } else if (!compatible(result, t)) {
      sink_.report<diag::kind::ParamVersionType>(v->value->range, param.name, describe(t), describe(result));
    }
  }
  params_in_progress_.erase(&param);
  param_types_[&param] = result;
  return result;
}

namespace {
// The parameters an expression names, found by their spelling (types come later).
void named_params(const Expr& e, Module* m, std::vector<const Symbol*>& out) {
  auto param_in = [&](Module* where, const std::string& name) {
    auto it = where->symbols.find(name);
    if (it != where->symbols.end() && it->second.kind == Symbol::Kind::Param) out.push_back(&it->second);
  };
  if (e.kind == ExprKind::Name) param_in(m, e.text);
  if (e.kind == ExprKind::Field && e.operands[0]->kind == ExprKind::Name) {
    if (auto u = m->uses.find(e.operands[0]->text); u != m->uses.end()) param_in(u->second, e.text);
  }
  for (const auto& o : e.operands) named_params(*o, m, out);
  if (e.where) named_params(*e.where, m, out);
  if (e.within) named_params(*e.within, m, out);
}
}  // namespace

// Types every parameter after the parameters it is defined through, with an explicit stack:
// a chain of thousands of parameters, in any order, then never recurses deeper than one step.
void Checker::type_params_in_order() {
  std::vector<const Symbol*> all;
  for (auto& m : model_.program.modules)
    for (auto& [name, s] : m->symbols)
      if (s.kind == Symbol::Kind::Param) all.push_back(&s);
  std::map<const Symbol*, std::vector<const Symbol*>> deps;
  for (const Symbol* p : all)
    for (const ParamDecl* v : p->versions) named_params(*v->value, p->module, deps[p]);
  std::set<const Symbol*> visited;
  for (const Symbol* root : all) {
    if (!visited.insert(root).second) continue;
    std::vector<std::pair<const Symbol*, std::size_t>> stack{{root, 0}};
    params_in_progress_.insert(root);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& ds = deps[node];
      if (next < ds.size()) {
        const Symbol* d = ds[next++];
        if (visited.insert(d).second) {
          params_in_progress_.insert(d);  // on the stack: a way back to it is a circle
          stack.emplace_back(d, 0);
        }
        continue;
      }
      const Symbol* done = node;
      stack.pop_back();
      params_in_progress_.erase(done);
      param_type(*done);
    }
  }
}

Type Checker::field_type(const EventDecl& event, const std::string& field, Module* m) {
  if (field == "date") return Type::of(TypeKind::Date);
  for (const auto& f : event.fields)
    if (f.name.text == field) return resolve_type(m, f.type);
  return Type::of(TypeKind::Error);
}

Type Checker::expect(const Expr& e, Scope& scope, TypeKind kind, const char* wanted) {
  Type t = type_of(e, scope);
  if (!t.error() && t.kind != kind && !(kind == TypeKind::Decimal && t.numeric()))
    sink_.report<diag::kind::TypeMismatch>(e.range, wanted, describe(t));
  return t;
}

Type Checker::type_of(const Expr& e, Scope& scope) {
  Type t;
  Module* m = scope.module;
  auto event_field = [&](const std::vector<const EventDecl*>& events, const std::string& field,
                         SourceRange where, const std::string& what) -> Type {
    Type found;
    for (std::size_t i = 0; i < events.size(); ++i) {
      // Fields of events of a used file are typed in that file's module.
      auto o = owner_.find(events[i]);
      Module* owner = o == owner_.end() ? m : o->second;
      Type ft = field_type(*events[i], field, owner);
      bool has = field == "date" || std::any_of(events[i]->fields.begin(), events[i]->fields.end(),
                                                [&](const FieldDecl& f) { return f.name.text == field; });
      if (!has && events.size() > 1) {  // `cause` of a list with several ways in
        sink_.report<diag::kind::UnknownField>(
                 where, fmt::format("the event `{}`, one of those that can put the entity on the list,", events[i]->name.text), field)
            .hint = "to read a field only some of them have, test first which event it was: `cause is EVENT and cause.FIELD …`";
        return {};
      }
      if (!has) {
        std::vector<std::string> fields = spellings(events[i]->fields);
        fields.push_back("date");
        diag::suggest(sink_.report<diag::kind::UnknownField>(where, what, field), field, fields);
        return {};
      }
      if (i == 0) found = ft;
      else if (!compatible(found, ft)) {
        sink_.report<diag::kind::UnknownField>(where, what + " (with the same type in each)", field);
        return {};
      }
    }
    return found;
  };

  switch (e.kind) {
    case ExprKind::Int: t = Type::of(TypeKind::Int); break;
    case ExprKind::Decimal: case ExprKind::Percent: t = Type::of(TypeKind::Decimal); break;
    case ExprKind::Money: t = Type::money(e.text); break;
    case ExprKind::Text: t = Type::of(TypeKind::Text); break;
    case ExprKind::Date: t = Type::of(e.date_valid ? TypeKind::Date : TypeKind::Error); break;
    case ExprKind::Bool: t = Type::of(TypeKind::Bool); break;
    case ExprKind::Duration:
      t = Type::duration_of(duration_class(e.unit));
      break;

    case ExprKind::Name: {
      for (auto it = scope.binders.rbegin(); it != scope.binders.rend(); ++it)
        if (it->first == e.text) return model_.types[&e] = it->second;
      if (!scope.implicit_event.empty()) {
        const auto& ev = *scope.implicit_event.front();
        if (e.text == "date" || std::any_of(ev.fields.begin(), ev.fields.end(),
                                            [&](const FieldDecl& f) { return f.name.text == e.text; })) {
          t = event_field(scope.implicit_event, e.text, e.range, "the event `" + ev.name.text + "`");
          break;
        }
      }
      if (auto it = m->symbols.find(e.text); it != m->symbols.end()) {
        const Symbol& s = it->second;
        if (s.kind == Symbol::Kind::Param) {
          graph_.add_edge(scope.owner, vertex(s));
          t = param_type(s);
        } else {
          sink_.report<diag::kind::WrongKindOfName>(e.range, e.text, describe(s.kind), "a value");
        }
        break;
      }
      if (auto* en = enum_with_value(m, e.text)) {
        t = Type::of(TypeKind::Enum);
        t.name = qualified_enum(m, model_.program.root, *en);
        break;
      }
      if (auto* sc = scale(m)) {
        if (std::any_of(sc->levels.begin(), sc->levels.end(), [&](const Name& l) { return l.text == e.text; })) {
          t = Type::of(TypeKind::Level);
          break;
        }
      }
      if (m->uses.count(e.text)) {
        sink_.report<diag::kind::WrongKindOfName>(e.range, e.text, "a used file", "a value");
        break;
      }
      {
        auto& d = sink_.report<diag::kind::UnknownName>(e.range, "parameter, choice or level of seriousness", e.text);
        for (const auto& [name, why] : scope.hidden)
          if (name == e.text) d.hint = why;
        if (d.hint.empty()) {
          std::vector<std::string> bound;  // the scope's names, and the fields of its implicit event
          for (const auto& b : scope.binders) bound.push_back(b.first);
          for (const auto* ev : scope.implicit_event) {
            auto fields = spellings(ev->fields);
            bound.insert(bound.end(), fields.begin(), fields.end());
          }
          suggest_in_files(d, m, "", e.text, [&](Module* mod) { return value_names(mod); }, bound);
        }
      }
      break;
    }

    case ExprKind::Field: {
      const Expr& object = *e.operands[0];
      // A bare name before the dot that the scope does not bind: an alias or an enum.
      bool unbound = object.kind == ExprKind::Name &&
                     std::none_of(scope.binders.begin(), scope.binders.end(), [&](auto& b) { return b.first == object.text; });
      // A name of a used file that could not be read (E0303 already): nothing more to say.
      if (unbound && m->unreadable.count(object.text)) break;
      // `alias.param`, `alias.choice`: names of a used file.
      if (unbound && m->uses.count(object.text)) {
        Module* used = m->uses.at(object.text);
        if (auto it = used->symbols.find(e.text); it != used->symbols.end() && it->second.kind == Symbol::Kind::Param) {
          graph_.add_edge(scope.owner, vertex(it->second));
          t = param_type(it->second);
        } else if (auto* en = enum_with_value(used, e.text)) {
          t = Type::of(TypeKind::Enum);
          t.name = qualified_enum(used, model_.program.root, *en);
        } else if (auto* sc = scale(used); sc && std::any_of(sc->levels.begin(), sc->levels.end(),
                                                               [&](const Name& l) { return l.text == e.text; })) {
          t = Type::of(TypeKind::Level);
        } else {
          suggest_in_files(sink_.report<diag::kind::UnknownName>(e.range, "parameter, choice or level of seriousness", object.text + "." + e.text),
                           m, object.text, e.text, [&](Module* mod) { return value_names(mod); });
        }
        break;
      }
      // `ground.refuses`: a choice named with its enum.
      if (object.kind == ExprKind::Name) {
        auto it = m->symbols.find(object.text);
        if (it != m->symbols.end() && it->second.kind == Symbol::Kind::Enum &&
            std::none_of(scope.binders.begin(), scope.binders.end(), [&](auto& b) { return b.first == object.text; })) {
          auto* en = static_cast<const EnumDecl*>(it->second.decl);
          if (std::none_of(en->values.begin(), en->values.end(), [&](const Name& v) { return v.text == e.text; }))
            diag::suggest(sink_.report<diag::kind::UnknownLevel>(e.name_range, e.text, "a choice of `" + en->name.text + "`"), e.text,
                          spellings(en->values));
          t = Type::of(TypeKind::Enum);
          t.name = qualified_enum(m, model_.program.root, *en);
          break;
        }
      }
      Type ot = type_of(object, scope);
      if (ot.error()) break;
      if (ot.kind == TypeKind::Event && e.text == "seriousness") {
        // `cause.seriousness`, `e.seriousness`: the level the event's own `seriousness` clause
        // gives it (G24), for each event it can be. Not inside a clause or a named condition
        // (which a clause may call): a level could then depend on itself.
        t = Type::of(TypeKind::Level);
        if (scope.seriousness_clause || scope.named_condition) {
          sink_.report<diag::kind::SeriousnessNotHere>(
              e.name_range, scope.seriousness_clause ? "inside an event's own `seriousness` clause"
                                                     : "inside a named `condition`; read it where the condition is used");
          t = {};
        } else if (object.kind != ExprKind::Cause && object.kind != ExprKind::Name) {
          sink_.report<diag::kind::SeriousnessNotHere>(
              e.name_range, fmt::format("from `{}`: only from `cause` or from an event the rule names", syntax::print(object)));
          t = {};
        } else {
          for (const auto* ev : ot.events)
            if (!ev->seriousness) {
              sink_.report<diag::kind::SeriousnessNotStated>(e.name_range, syntax::print(object), ev->name.text).hint =
                  "give the event a `seriousness` clause (the level of its conduct), or test first which event it was: "
                  "`cause is EVENT and cause.seriousness …`";
              t = {};
              break;
            }
        }
      } else if (ot.kind == TypeKind::Event) {
        std::string what = ot.events.size() == 1 ? "the event `" + ot.events[0]->name.text + "`"
                                                 : "each event that can put the entity on the list";
        t = event_field(ot.events, e.text, e.name_range, what);
      } else if (ot.kind == TypeKind::Entity) {
        for (std::size_t i = 0; i < ot.kinds.size(); ++i) {
          Module* owner = m;
          const FieldDecl* f = find_attribute(ot.kinds[i], e.text, &owner);
          if (!f) {
            diag::suggest(sink_.report<diag::kind::UnknownField>(e.name_range, "the kind of entity `" + ot.kinds[i] + "`", e.text),
                          e.text, spellings(all_attributes(ot.kinds[i])));
            t = {};
            break;
          }
          t = resolve_type(owner, f->type);
        }
      } else {
        sink_.report<diag::kind::UnknownField>(e.name_range, describe(ot), e.text);
      }
      break;
    }

    case ExprKind::Unary: {
      if (e.unary == UnaryOp::Not) {
        expect(*e.operands[0], scope, TypeKind::Bool, "a yes/no condition");
        t = Type::of(TypeKind::Bool);
      } else {
        Type o = type_of(*e.operands[0], scope);
        if (!o.error() && !o.numeric() && o.kind != TypeKind::Money && o.kind != TypeKind::Duration)
          sink_.report<diag::kind::TypeMismatch>(e.operands[0]->range, "a number, money or a duration", describe(o));
        else
          t = o;
      }
      break;
    }

    case ExprKind::Is: {
      t = Type::of(TypeKind::Bool);
      Type o = type_of(*e.operands[0], scope);
      if (!o.error() && o.kind == TypeKind::Event) {
        // `cause is E`: which event opened the listing (SPC 2015 Art 1 paras 1, 2). Only `cause`
        // can be one of several event types; any other event is known from its declaration.
        auto* ev = lookup(m, e.event, {Symbol::Kind::Event}, "event");
        if (e.operands[0]->kind != ExprKind::Cause)
          sink_.report<diag::kind::TypeMismatch>(e.operands[0]->range, "an entity, or `cause`", describe(o));
        else if (ev && std::find(o.events.begin(), o.events.end(), ev->decl) == o.events.end()) {
          std::string events;
          for (const auto* d : o.events) events += (events.empty() ? "`" : ", `") + d->name.text + "`";
          sink_.report<diag::kind::EventNeverMatches>(e.event.range, ev->name, events);
        }
        break;
      }
      if (e.operands[0]->kind == ExprKind::Cause) break;  // not available here: reported above
      auto* k = lookup(m, e.event, {Symbol::Kind::Entity}, "kind of entity");
      if (!o.error() && o.kind != TypeKind::Entity)
        sink_.report<diag::kind::TypeMismatch>(e.operands[0]->range, "an entity", describe(o));
      else if (k && !o.error() && std::find(o.kinds.begin(), o.kinds.end(), k->name) == o.kinds.end())
      {
        std::string kinds;
        for (const auto& kn : o.kinds) kinds += (kinds.empty() ? "`" : ", `") + kn + "`";
        sink_.report<diag::kind::KindNeverMatches>(e.event.range, k->name, kinds);
      }
      break;
    }

    case ExprKind::Binary: {
      // `… and self is K and …`: right of the test, `self` is known to be a K; `… and cause is E
      // and …`: `cause` is known to be an E, so its own fields can be read.
      std::vector<const Expr*> kinds, events;
      if (e.binary == BinaryOp::And && scope.self) is_tests(*e.operands[0], ExprKind::Self, kinds);
      if (e.binary == BinaryOp::And && scope.cause) is_tests(*e.operands[0], ExprKind::Cause, events);
      if (!kinds.empty() || !events.empty()) {
        expect(*e.operands[0], scope, TypeKind::Bool, "a yes/no condition");
        Scope inner = scope;
        Type self = scope.self ? *scope.self : Type{}, cause = scope.cause ? *scope.cause : Type{};
        for (const Expr* test : kinds) {
          auto* k = resolve(m, test->event);
          if (!k || k->kind != Symbol::Kind::Entity) {
            self = Type{};  // unknown kind, already reported: stay silent on the right
            break;
          }
          std::erase_if(self.kinds, [&](const std::string& x) { return x != k->name; });
        }
        for (const Expr* test : events) {
          auto* ev = resolve(m, test->event);
          if (!ev || ev->kind != Symbol::Kind::Event) {
            cause = Type{};
            break;
          }
          std::erase_if(cause.events, [&](const syntax::EventDecl* d) { return d != ev->decl; });
        }
        if (!events.empty() && cause.events.empty()) cause = Type{};  // never matches (E0413): stay silent
        if (!kinds.empty()) inner.self = &self;
        if (!events.empty()) inner.cause = &cause;
        expect(*e.operands[1], inner, TypeKind::Bool, "a yes/no condition");
        t = Type::of(TypeKind::Bool);
        break;
      }
      Type l = type_of(*e.operands[0], scope);
      Type r = type_of(*e.operands[1], scope);
      if (l.error() || r.error()) {
        t = is_comparison(e.binary) || e.binary == BinaryOp::And || e.binary == BinaryOp::Or
                ? Type::of(TypeKind::Bool) : Type{};
        break;
      }
      const char* op = spelling(e.binary);
      auto mismatch = [&] { sink_.report<diag::kind::OperandTypes>(e.range, op, describe(l), describe(r)); };
      auto money_pair = [&]() {
        if (!l.currency.empty() && !r.currency.empty() && l.currency != r.currency) {
          sink_.report<diag::kind::CurrencyMismatch>(e.range, l.currency, r.currency);
          return false;
        }
        return true;
      };
      switch (e.binary) {
        case BinaryOp::And: case BinaryOp::Or:
          if (l.kind != TypeKind::Bool || r.kind != TypeKind::Bool) mismatch();
          t = Type::of(TypeKind::Bool);
          break;
        case BinaryOp::Eq: case BinaryOp::Ne: case BinaryOp::Lt: case BinaryOp::Le: case BinaryOp::Gt: case BinaryOp::Ge: {
          t = Type::of(TypeKind::Bool);
          bool ordering = e.binary != BinaryOp::Eq && e.binary != BinaryOp::Ne;
          if (l.kind == TypeKind::Duration && r.kind == TypeKind::Duration && l.duration != r.duration &&
              l.duration != DurationClass::Any && r.duration != DurationClass::Any) {
            sink_.report<diag::kind::AmbiguousDurationComparison>(e.range, describe(l), describe(r)).hint =
                "state both durations in the same unit (days, working days, or months and years)";
            break;
          }
          if (l.kind == TypeKind::Money && r.kind == TypeKind::Money) {
            money_pair();
            break;
          }
          if (!compatible(l, r) || l.kind == TypeKind::Event || l.kind == TypeKind::Entity) {
            mismatch();
            break;
          }
          if (ordering && (l.kind == TypeKind::Text || l.kind == TypeKind::Enum || l.kind == TypeKind::Bool)) {
            const char* what = l.kind == TypeKind::Text ? "text" : l.kind == TypeKind::Enum ? "choices" : "yes/no conditions";
            sink_.report<diag::kind::TextOrdering>(e.range, what, op);
            break;
          }
          break;
        }
        case BinaryOp::Add: case BinaryOp::Sub:
          if (l.numeric() && r.numeric())
            t = Type::of(l.kind == TypeKind::Decimal || r.kind == TypeKind::Decimal ? TypeKind::Decimal : TypeKind::Int);
          else if (l.kind == TypeKind::Money && r.kind == TypeKind::Money) {
            if (money_pair()) t = Type::money(l.currency.empty() ? r.currency : l.currency);
          } else if (l.kind == TypeKind::Date && r.kind == TypeKind::Duration)
            t = Type::of(TypeKind::Date);
          else if (l.kind == TypeKind::Date && r.kind == TypeKind::Date && e.binary == BinaryOp::Sub)
            t = Type::duration_of(DurationClass::Days);
          else if (l.kind == TypeKind::Duration && r.kind == TypeKind::Duration) {
            if (l.duration != r.duration && l.duration != DurationClass::Any && r.duration != DurationClass::Any)
              sink_.report<diag::kind::AmbiguousDurationComparison>(e.range, describe(l), describe(r)).hint =
                  "state both durations in the same unit (days, working days, or months and years)";
            else
              t = Type::duration_of(l.duration == DurationClass::Any ? r.duration : l.duration);
          } else
            mismatch();
          break;
        case BinaryOp::Mul:
          if (l.numeric() && r.numeric())
            t = Type::of(l.kind == TypeKind::Decimal || r.kind == TypeKind::Decimal ? TypeKind::Decimal : TypeKind::Int);
          else if (l.kind == TypeKind::Money && r.numeric()) t = l;
          else if (l.numeric() && r.kind == TypeKind::Money) t = r;
          else if (l.kind == TypeKind::Duration && r.kind == TypeKind::Int) t = l;
          else if (l.kind == TypeKind::Int && r.kind == TypeKind::Duration) t = r;
          else mismatch();
          break;
        case BinaryOp::Div:
          if (l.numeric() && r.numeric()) t = Type::of(TypeKind::Decimal);
          else if (l.kind == TypeKind::Money && r.numeric()) t = l;
          else if (l.kind == TypeKind::Money && r.kind == TypeKind::Money) {
            if (money_pair()) t = Type::of(TypeKind::Decimal);
          } else mismatch();
          break;
      }
      break;
    }

    case ExprKind::If: {
      expect(*e.operands[0], scope, TypeKind::Bool, "a yes/no condition");
      Type a = type_of(*e.operands[1], scope);
      Type b = type_of(*e.operands[2], scope);
      if (!compatible(a, b)) sink_.report<diag::kind::TypeMismatch>(e.operands[2]->range, describe(a), describe(b));
      else t = a.error() ? b : a;
      break;
    }

    case ExprKind::Call: {
      if (!e.alias.empty()) {  // `national.adult(self, d)`: a named condition of a used file
        auto used = m->uses.find(e.alias);
        const Module* in = used == m->uses.end() ? nullptr : used->second;
        const Symbol* condition = nullptr;
        if (in)
          if (auto it = in->symbols.find(e.text); it != in->symbols.end() && it->second.kind == Symbol::Kind::Condition)
            condition = &it->second;
        if (condition) {
          t = call_condition(e, *condition, scope);
          break;
        }
        if (m->unreadable.count(e.alias)) break;  // E0303 already
        auto& d = sink_.report<diag::kind::UnknownFunction>(e.name_range, e.alias + "." + e.text);
        d.hint = in ? fmt::format("the used file `{}` has no named condition `{}`", e.alias, e.text)
                    : fmt::format("`{}` is not the name of a used file (`use \"FILE\" as {}`)", e.alias, e.alias);
        if (in) suggest_in_files(d, m, e.alias, e.text, [&](Module* mod) { return symbol_names(mod, {Symbol::Kind::Condition}); });
        break;
      }
      if (e.text != "listed") {
        if (auto it = m->symbols.find(e.text); it != m->symbols.end() && it->second.kind == Symbol::Kind::Condition) {
          t = call_condition(e, it->second, scope);
          break;
        }
        {
          auto& d = sink_.report<diag::kind::UnknownFunction>(e.name_range, e.text);
          d.hint = "the functions are `listed(LIST)`, the named conditions of this file (`condition NAME(…) = …`), "
                   "and `count`, `sum`, `exists`, `latest` and `first` over events";
          suggest_in_files(d, m, "", e.text, [&](Module* mod) { return symbol_names(mod, {Symbol::Kind::Condition}); },
                           {"listed", "count", "sum", "exists", "latest", "first"});
        }
        break;  // its arguments mean nothing yet: checking them would only add errors
      }
      t = Type::of(TypeKind::Bool);
      if (!scope.self) {
        self_not_available(e.name_range, "listed(…)", scope);
        break;
      }
      if (e.operands.size() != 1) {
        sink_.report<diag::kind::WrongArgumentCount>(e.range, e.text, "one list", e.operands.size());
        break;
      }
      const Expr& a = *e.operands[0];
      auto q = name_spelled(a);
      if (!q) {
        sink_.report<diag::kind::TypeMismatch>(a.range, "the name of a list", "an expression");
        break;
      }
      if (auto* s = lookup(m, *q, {Symbol::Kind::List}, "list")) {
        int v = vertex(*s);
        if (v != scope.owner) graph_.add_edge(scope.owner, v);  // a list may look at itself
      }
      break;
    }

    case ExprKind::Aggregate: {
      if (!scope.self) {  // a parameter, a limit, a test value: there is no entity with a history
        self_not_available(e.name_range, std::string(spelling(e.aggregate)) + "(…)", scope);
        break;
      }
      auto* s = lookup(m, e.event, {Symbol::Kind::Event}, "event");
      const EventDecl* ev = event_of(s);
      Scope inner = scope;
      if (ev) {
        Type evt = Type::of(TypeKind::Event);
        evt.events = {ev};
        if (e.binder) inner.binders.emplace_back(e.binder->text, evt);
        else inner.implicit_event = {ev};
      }
      if (e.where) {
        Type w = type_of(*e.where, inner);
        if (!w.error() && w.kind != TypeKind::Bool)
          sink_.report<diag::kind::TypeMismatch>(e.where->range, "a yes/no condition", describe(w));
      }
      if (e.within) check_duration(e.within.get(), scope, "the time looked back");
      switch (e.aggregate) {
        case AggregateOp::Count: t = Type::of(TypeKind::Int); break;
        case AggregateOp::Exists: t = Type::of(TypeKind::Bool); break;
        case AggregateOp::Latest: case AggregateOp::First:
          if (ev) {
            t = Type::of(TypeKind::Event);
            t.events = {ev};
          }
          break;
        case AggregateOp::Sum:
          if (ev && e.field) {
            Type ft = event_field({ev}, e.field->text, e.field->range, "the event `" + ev->name.text + "`");
            if (!ft.error() && !ft.numeric() && ft.kind != TypeKind::Money && ft.kind != TypeKind::Duration)
              sink_.report<diag::kind::TypeMismatch>(e.field->range, "a number, money or a duration", describe(ft));
            else
              t = ft;
          }
          break;
      }
      break;
    }

    case ExprKind::Cause:
      if (!scope.cause) {
        auto& d = sink_.report<diag::kind::CauseNotAvailable>(e.range);
        if (scope.named_condition) d.hint = kPassAsParameter;
      } else {
        t = *scope.cause;
      }
      break;
    case ExprKind::Self:
      if (!scope.self) self_not_available(e.range, "self", scope);
      else t = *scope.self;
      break;
    case ExprKind::Seriousness:
      if (!scope.limits) sink_.report<diag::kind::SeriousnessNotAvailable>(e.range);
      else t = Type::of(TypeKind::Int);
      break;
  }
  model_.types[&e] = t;
  return t;
}

}  // namespace credlex::sema
