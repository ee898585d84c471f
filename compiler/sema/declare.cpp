// Symbol tables: one per module; names of a used file are reached as `alias.name`.
#include <functional>
#include <unordered_set>

#include "compiler/diag/suggest.h"
#include "compiler/sema/checker.h"

namespace credlex::sema {

const char* describe(Symbol::Kind kind) {
  switch (kind) {
    case Symbol::Kind::Document: return "a document";
    case Symbol::Kind::Entity: return "a kind of entity";
    case Symbol::Kind::Enum: return "a set of choices (enum)";
    case Symbol::Kind::Event: return "an event";
    case Symbol::Kind::Param: return "a parameter";
    case Symbol::Kind::Condition: return "a named condition";
    case Symbol::Kind::List: return "a list";
    case Symbol::Kind::Measure: return "a measure";
    case Symbol::Kind::Grade: return "a grade";
    case Symbol::Kind::Limits: return "a set of limits";
  }
  return "a declaration";
}

void Checker::declare(Module& m) {
  auto add = [&](Symbol::Kind kind, const void* decl, const Name& name) -> Symbol* {
    auto [it, inserted] = m.symbols.try_emplace(name.text);
    if (!inserted) {
      if (kind == Symbol::Kind::Param && it->second.kind == Symbol::Kind::Param) return &it->second;
      auto& d = sink_.report<diag::kind::DuplicateName>(name.range, name.text);
      diag::with_note(d, it->second.range, "`" + name.text + "` is first declared here");
      return nullptr;
    }
    it->second = Symbol{kind, decl, &m, {}, name.text, name.range};
    if (is_builtin_type(name.text))
      sink_.report<diag::kind::ReservedTypeName>(name.range, name.text);
    return &it->second;
  };
  for (const auto& decl : m.ast.declarations) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, DocumentDecl>) add(Symbol::Kind::Document, &d, d.name);
          else if constexpr (std::is_same_v<T, EntityDecl>) add(Symbol::Kind::Entity, &d, d.name);
          else if constexpr (std::is_same_v<T, EnumDecl>) add(Symbol::Kind::Enum, &d, d.name);
          else if constexpr (std::is_same_v<T, EventDecl>) add(Symbol::Kind::Event, &d, d.name);
          else if constexpr (std::is_same_v<T, ConditionDecl>) add(Symbol::Kind::Condition, &d, d.name);
          else if constexpr (std::is_same_v<T, ListDecl>) add(Symbol::Kind::List, &d, d.name);
          else if constexpr (std::is_same_v<T, MeasureDecl>) add(Symbol::Kind::Measure, &d, d.name);
          else if constexpr (std::is_same_v<T, GradeDecl>) add(Symbol::Kind::Grade, &d, d.name);
          else if constexpr (std::is_same_v<T, LimitsDecl>) {
            if (d.name) add(Symbol::Kind::Limits, &d, *d.name);
          } else if constexpr (std::is_same_v<T, ParamDecl>) {
            // `param wage.x = …` sets a used file's parameter: it declares no name here.
            if (d.sets_used()) return;
            if (auto* s = add(Symbol::Kind::Param, &d, d.name)) s->versions.push_back(&d);
          }
        },
        decl);
  }
  // Graph vertices in declaration order, so that a circle is reported at its first member.
  for (const auto& decl : m.ast.declarations) {
    const Name* n = std::visit([](const auto& d) -> const Name* {
      if constexpr (requires { d.name.text; }) return &d.name;
      else return nullptr;
    }, decl);
    if (auto it = n ? m.symbols.find(n->text) : m.symbols.end(); it != m.symbols.end()) vertex(it->second);
  }
  for (const auto& [name, sym] : m.symbols) {
    owner_[sym.decl] = &m;
    for (const auto* v : sym.versions) owner_[v] = &m;
  }
  for (const auto& decl : m.ast.declarations) {
    if (auto* e = std::get_if<EnumDecl>(&decl))
      for (const auto& v : e->values) enum_values_[&m].try_emplace(v.text, e);
    if (auto* e = std::get_if<EntityDecl>(&decl)) {
      entities_[e->name.text].push_back(e);
      for (const auto& r : e->relations) relations_.insert(r.name.text);
    }
  }
}

const std::vector<Module*>& Checker::reachable(Module* m) {
  auto [it, inserted] = reachable_.try_emplace(m);
  if (!inserted) return it->second;
  // References to the map's values stay valid when callers, looping over one, ask for another.
  std::vector<Module*>& out = it->second;
  std::unordered_set<const Module*> seen{m};
  out.push_back(m);
  for (std::size_t i = 0; i < out.size(); ++i)
    for (Module* used : out[i]->use_order)
      if (seen.insert(used).second) out.push_back(used);
  return out;
}

const Symbol* Checker::find_kind(Module* m, const std::string& name) {
  for (Module* r : reachable(m)) {
    auto it = r->symbols.find(name);
    if (it != r->symbols.end() && it->second.kind == Symbol::Kind::Entity) return &it->second;
  }
  return nullptr;
}

const FieldDecl* Checker::find_attribute(const std::string& kind, const std::string& name, Module** owner) {
  auto it = entities_.find(kind);
  if (it == entities_.end()) return nullptr;
  for (const EntityDecl* e : it->second)
    for (const auto& a : e->attributes)
      if (a.name.text == name) {
        if (owner && owner_.count(e)) *owner = owner_.at(e);
        return &a;
      }
  return nullptr;
}

const RelationDecl* Checker::find_relation(const std::string& kind, const std::string& name) {
  auto it = entities_.find(kind);
  if (it == entities_.end()) return nullptr;
  for (const EntityDecl* e : it->second)
    for (const auto& r : e->relations)
      if (r.name.text == name) return &r;
  return nullptr;
}

std::vector<FieldDecl> Checker::all_attributes(const std::string& kind) {
  std::vector<FieldDecl> out;
  auto it = entities_.find(kind);
  if (it == entities_.end()) return out;
  for (const EntityDecl* e : it->second)
    for (const auto& a : e->attributes)
      if (std::none_of(out.begin(), out.end(), [&](const FieldDecl& f) { return f.name.text == a.name.text; }))
        out.push_back(a);
  return out;
}

const SeriousnessDecl* Checker::scale(Module* m) {
  auto [it, inserted] = scales_.try_emplace(m, nullptr);
  if (!inserted) return it->second;
  for (Module* r : reachable(m))
    for (const auto& d : r->ast.declarations)
      if (auto* s = std::get_if<SeriousnessDecl>(&d)) return it->second = s;
  return nullptr;
}

// The hint of a misspelt name, looked for across files (declare.cpp's lookup, expressions,
// function calls): `names_in(file)` is what the name could be in a file. First the same name in
// another used file (only the alias is missing or wrong: "did you mean `spc.finding`?"); then,
// written `alias.name`, the nearest name in that file; written bare, the nearest name in this file
// (with `local_extra`) or in a used file, spelled as it must be written. Ties go to this file, then
// to the used files in the alphabetical order of their aliases.
void Checker::suggest_in_files(diag::Diagnostic& d, Module* m, const std::string& alias, const std::string& name,
                               const std::function<std::vector<std::string>(Module*)>& names_in,
                               const std::vector<std::string>& local_extra) {
  auto prefix = [&](const std::string& sentence) { diag::prepend_hint(d, sentence); };
  if (!alias.empty()) {
    auto it = m->uses.find(alias);
    if (it == m->uses.end()) return;
    // The same name in another used file: only the alias is wrong.
    for (const auto& [a, used] : m->uses) {
      if (a == alias) continue;
      auto there = names_in(used);
      if (std::find(there.begin(), there.end(), name) != there.end())
        return prefix(fmt::format("did you mean `{}.{}`? (declared in the used file `{}`)", a, name, a));
    }
    if (auto near = diag::nearest(name, names_in(it->second))) prefix(fmt::format("did you mean `{}.{}`?", alias, *near));
    return;
  }
  for (const auto& [a, used] : m->uses) {
    auto there = names_in(used);
    if (std::find(there.begin(), there.end(), name) != there.end())
      return prefix(fmt::format("did you mean `{}.{}`? (declared in the used file `{}`)", a, name, a));
  }
  std::vector<std::string> local = names_in(m);
  local.insert(local.end(), local_extra.begin(), local_extra.end());
  std::optional<std::string> best = diag::nearest(name, local);
  std::size_t best_distance = best ? diag::edit_distance(name, *best) : SIZE_MAX;
  std::string spelled = best ? *best : std::string();
  for (const auto& [a, used] : m->uses) {
    auto near = diag::nearest(name, names_in(used));
    if (!near || diag::edit_distance(name, *near) >= best_distance) continue;
    best_distance = diag::edit_distance(name, *near);
    spelled = a + "." + *near;
  }
  if (best_distance != SIZE_MAX) prefix(fmt::format("did you mean `{}`?", spelled));
}

// Declarations of the wanted kinds (entity kinds also from every file this one reaches, as lookup
// finds them).
void Checker::suggest_name(diag::Diagnostic& d, Module* m, const QualifiedName& q, std::initializer_list<Symbol::Kind> wanted) {
  std::vector<std::string> kinds_reached;
  if (std::find(wanted.begin(), wanted.end(), Symbol::Kind::Entity) != wanted.end())
    for (Module* r : reachable(m)) {
      auto kinds = symbol_names(r, {Symbol::Kind::Entity});
      kinds_reached.insert(kinds_reached.end(), kinds.begin(), kinds.end());
    }
  suggest_in_files(d, m, q.alias, q.name, [&](Module* mod) { return symbol_names(mod, wanted); }, kinds_reached);
}

std::vector<std::string> Checker::symbol_names(const Module* m, std::initializer_list<Symbol::Kind> kinds) {
  std::vector<std::string> out;
  for (const auto& [name, s] : m->symbols)
    if (std::find(kinds.begin(), kinds.end(), s.kind) != kinds.end()) out.push_back(name);
  return out;
}

const Symbol* Checker::lookup(Module* m, const QualifiedName& q, std::initializer_list<Symbol::Kind> wanted,
                              const std::string& what) {
  Module* target = m;
  if (!q.alias.empty()) {
    auto it = m->uses.find(q.alias);
    if (it == m->uses.end()) {
      if (!m->unreadable.count(q.alias)) sink_.report<diag::kind::UnknownAlias>(q.range, q.alias);
      return nullptr;
    }
    target = it->second;
  }
  const Symbol* sym = nullptr;
  if (auto it = target->symbols.find(q.name); it != target->symbols.end()) sym = &it->second;
  bool wants_kind = std::find(wanted.begin(), wanted.end(), Symbol::Kind::Entity) != wanted.end();
  if ((!sym || sym->kind != Symbol::Kind::Entity) && wants_kind && q.alias.empty()) {
    if (auto* k = find_kind(m, q.name)) sym = k;
  }
  if (!sym) {
    suggest_name(sink_.report<diag::kind::UnknownName>(q.range, what, q.spelled()), m, q, wanted);
    return nullptr;
  }
  if (std::find(wanted.begin(), wanted.end(), sym->kind) == wanted.end()) {
    bool vowel = !what.empty() && std::string_view("aeiou").find(what[0]) != std::string_view::npos;
    sink_.report<diag::kind::WrongKindOfName>(q.range, q.spelled(), describe(sym->kind), (vowel ? "an " : "a ") + what);
    return nullptr;
  }
  return sym;
}

int Checker::vertex(const Symbol& s) {
  switch (s.kind) {
    case Symbol::Kind::List: case Symbol::Kind::Measure: case Symbol::Kind::Param: case Symbol::Kind::Grade:
    case Symbol::Kind::Condition: break;
    default: return -1;
  }
  auto [it, inserted] = vertices_.try_emplace(s.decl, -1);
  if (inserted) {
    std::string word = s.kind == Symbol::Kind::List ? "list" : s.kind == Symbol::Kind::Measure ? "measure"
                     : s.kind == Symbol::Kind::Param ? "parameter" : s.kind == Symbol::Kind::Condition ? "condition" : "grade";
    std::string qualified = s.module == model_.program.root ? s.name : s.module->policy_name() + "." + s.name;
    it->second = graph_.add_vertex(word + " `" + qualified + "`", s.range);
  }
  return it->second;
}


}  // namespace credlex::sema
