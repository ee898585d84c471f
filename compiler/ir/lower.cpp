// Lowering: checked model → IR. Names are resolved again here, exactly as the checker resolved
// them (sema keeps only the types), and turned into indices. The model must have checked
// without errors; lowering then cannot fail.
#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "compiler/ir/ir.h"
#include "compiler/syntax/print.h"

namespace credlex::ir {
namespace {

using namespace syntax;
using sema::Module;
using sema::Symbol;

// How an event-valued name is reached inside an expression.
struct EventRef {
  Op op = Op::Current;
  std::int32_t slot = -1;  // Local
};

struct Scope;

// An argument of a named condition's call: lowered where it is used in the body, in the scope of
// the call (a call means the body with its arguments in place of its parameters).
struct Argument {
  const Expr* expr = nullptr;
  Scope* caller = nullptr;
};

struct Scope {
  Module* module = nullptr;
  std::vector<std::pair<std::string, EventRef>> binders;
  const EventDecl* implicit_event = nullptr;  // inside `where` without a name; event seriousness
  EventRef implicit;
  std::int32_t depth = 0;  // next free aggregate slot
  std::vector<std::pair<std::string, Argument>> arguments;  // inside a named condition's body
};


class Lowerer {
 public:
  explicit Lowerer(const sema::Model& model) : model_(model) {}

  Policy run() {
    const auto& program = model_.program;
    if (Module* root = program.root; root && root->ast.header) {
      const auto& h = *root->ast.header;
      p_.name = h.name.text;
      p_.title = h.title.value_or("");
      p_.version = h.version.value_or("");
      if (h.effective && h.effective->valid) p_.effective = h.effective->day;
    }
    p_.scale = model_.seriousness_scale;
    for (const auto& m : program.modules) declare(*m);
    define_kinds();
    // Event fields first: field slots of rules anywhere need every event's fields.
    for (const auto& m : program.modules)
      for (const auto& d : m->ast.declarations)
        if (auto* e = std::get_if<EventDecl>(&d)) define_event_fields(*m, *e);
    for (const auto& m : program.modules) define(*m);
    for (std::size_t i = 0; i < p_.measures.size(); ++i) p_.measures[i].basis = measure_chain(static_cast<int>(i), 0);
    if (program.root) define_limits(*program.root);
    return std::move(p_);
  }

 private:
  // ----- names -----
  std::string qualified(const Module& m, const std::string& name) const {
    return &m == model_.program.root ? name : m.policy_name() + "." + name;
  }

  const Symbol* lookup(Module* m, const QualifiedName& q) const { return sema::resolve(*m, q); }

  template <class Map>
  std::int32_t index_of(const Map& map, const void* key) const {
    auto it = map.find(key);
    return it == map.end() ? -1 : it->second;
  }
  std::int32_t decl_index(Module* m, const QualifiedName& q, const std::map<const void*, std::int32_t>& map) const {
    const Symbol* s = lookup(m, q);
    return s ? index_of(map, s->decl) : -1;
  }
  std::int32_t kind_by_name(const std::string& name) const {
    auto it = kinds_.find(name);
    return it == kinds_.end() ? -1 : it->second;
  }

  const SeriousnessDecl* scale(Module* m) const {
    std::vector<Module*> seen{m};
    for (std::size_t i = 0; i < seen.size(); ++i) {
      for (const auto& d : seen[i]->ast.declarations)
        if (auto* s = std::get_if<SeriousnessDecl>(&d)) return s;
      for (auto& [alias, used] : seen[i]->uses)
        if (std::find(seen.begin(), seen.end(), used) == seen.end()) seen.push_back(used);
    }
    return nullptr;
  }
  std::int64_t level_rank(Module* m, const std::string& level) const {
    if (auto* s = scale(m))
      for (std::size_t i = 0; i < s->levels.size(); ++i)
        if (s->levels[i].text == level) return static_cast<std::int64_t>(i) + 1;
    return 0;
  }
  // The enum of `m` (its own declarations only, as in sema) that has the choice `value`.
  const EnumDecl* enum_with_value(Module* m, const std::string& value) const {
    for (const auto& d : m->ast.declarations)
      if (auto* e = std::get_if<EnumDecl>(&d))
        for (const auto& v : e->values)
          if (v.text == value) return e;
    return nullptr;
  }
  ExprId choice(const EnumDecl* e, const std::string& value) {
    std::int32_t ei = index_of(enums_, e);
    std::int64_t vi = 0;
    for (std::size_t i = 0; i < e->values.size(); ++i)
      if (e->values[i].text == value) vi = static_cast<std::int64_t>(i);
    return constant(Value::choice(ei, vi));
  }

  Basis basis(Module* m, const syntax::Basis& b, const Basis& then = {}) const {
    std::vector<Citation> out;
    for (const auto& c : b.citations) {
      Citation ci;
      const Symbol* s = lookup(m, c.document);
      ci.text = s ? qualified(*s->module, s->name) : c.document.spelled();
      if (c.article) ci.text += fmt::format(" art {}", *c.article);
      if (c.paragraph) ci.text += fmt::format(" para {}", *c.paragraph);
      if (c.item) ci.text += fmt::format(" item {}", *c.item);
      if (s && s->kind == Symbol::Kind::Document) ci.title = static_cast<const DocumentDecl*>(s->decl)->title;
      out.push_back(std::move(ci));
    }
    out.insert(out.end(), then.begin(), then.end());
    return Basis(std::move(out));
  }

  FieldType field_type(Module* m, const FieldDecl& f) const {
    FieldType ft;
    ft.name = f.name.text;
    const auto& n = f.type.name;
    if (n.alias.empty() && n.name == "bool") ft.kind = ValueKind::Bool;
    else if (n.alias.empty() && n.name == "int") ft.kind = ValueKind::Int;
    else if (n.alias.empty() && n.name == "decimal") ft.kind = ValueKind::Decimal;
    else if (n.alias.empty() && n.name == "text") ft.kind = ValueKind::Text;
    else if (n.alias.empty() && n.name == "date") ft.kind = ValueKind::Date;
    else if (n.alias.empty() && n.name == "duration") ft.kind = ValueKind::Duration;
    else if (n.alias.empty() && n.name == "money") {
      ft.kind = ValueKind::Money;
      if (f.type.currency) ft.currency = f.type.currency->text;
    } else if (const Symbol* s = lookup(m, n); s && s->kind == Symbol::Kind::Enum) {
      ft.kind = ValueKind::Choice;
      ft.index = index_of(enums_, s->decl);
    } else {
      ft.kind = ValueKind::Entity;
    }
    return ft;
  }

  // ----- pass 1: indices -----
  void declare(Module& m) {
    for (const auto& d : m.ast.declarations) {
      if (auto* e = std::get_if<EntityDecl>(&d)) {
        if (!kinds_.count(e->name.text)) {
          kinds_[e->name.text] = static_cast<std::int32_t>(p_.kinds.size());
          p_.kinds.push_back(Kind{e->name.text, {}});
          kind_decls_.push_back({&m, e});
        }
      } else if (auto* e = std::get_if<EnumDecl>(&d)) {
        enums_[e] = static_cast<std::int32_t>(p_.enums.size());
        Enum en{qualified(m, e->name.text), {}};
        for (const auto& v : e->values) en.choices.push_back(v.text);
        p_.enums.push_back(std::move(en));
      } else if (auto* e = std::get_if<EventDecl>(&d)) {
        events_[e] = static_cast<std::int32_t>(p_.events.size());
        p_.events.push_back(EventType{qualified(m, e->name.text), {}, {}, kNoExpr});
      } else if (auto* e = std::get_if<ParamDecl>(&d); e && e->sets_used()) {
        // `param alias.x = …`: a value for the used file's parameter, put in place in define_param
        if (auto u = m.uses.find(e->file_alias); u != m.uses.end())
          if (auto s = u->second->symbols.find(e->name.text); s != u->second->symbols.end() && s->second.kind == Symbol::Kind::Param)
            set_by_users_[s->second.versions.front()].push_back({&m, e});
      } else if (auto* e = std::get_if<ParamDecl>(&d)) {
        const Symbol& s = m.symbols.at(e->name.text);
        if (s.kind == Symbol::Kind::Param && s.versions.front() == e) {
          params_[e] = static_cast<std::int32_t>(p_.params.size());
          p_.params.push_back(Param{qualified(m, e->name.text), {}});
        }
      } else if (auto* e = std::get_if<ListDecl>(&d)) {
        lists_[e] = static_cast<std::int32_t>(p_.lists.size());
        p_.lists.push_back(List{qualified(m, e->name.text), e->title.value_or(""), {}, {}, {}, {}, {}});
      } else if (auto* e = std::get_if<MeasureDecl>(&d)) {
        measures_[e] = static_cast<std::int32_t>(p_.measures.size());
        Measure ms;
        ms.name = qualified(m, e->name.text);
        p_.measures.push_back(std::move(ms));
      } else if (auto* e = std::get_if<GradeDecl>(&d)) {
        grades_[e] = static_cast<std::int32_t>(p_.grades.size());
        Grade g;
        g.name = qualified(m, e->name.text);
        p_.grades.push_back(std::move(g));
      }
    }
  }

  // ----- pass 2: bodies -----
  void define(Module& m) {
    for (const auto& d : m.ast.declarations) {
      if (auto* e = std::get_if<EventDecl>(&d)) define_event(m, *e);
      else if (auto* e = std::get_if<ParamDecl>(&d)) define_param(m, *e);
      else if (auto* e = std::get_if<ListDecl>(&d)) define_list(m, *e);
      else if (auto* e = std::get_if<MeasureDecl>(&d)) define_measure(m, *e);
      else if (auto* e = std::get_if<GradeDecl>(&d)) define_grade(m, *e);
      else if (auto* e = std::get_if<RestorationDecl>(&d)) define_restoration(m, *e);
    }
  }

  void define_kinds() {
    // Every module is declared by now, so relations can name kinds of any file.
    for (std::size_t k = 0; k < kind_decls_.size(); ++k) {
      auto [m, e] = kind_decls_[k];
      for (const auto& a : e->attributes) p_.kinds[k].attributes.push_back(field_type(m, a));
    }
    for (const auto& mod : model_.program.modules)
      for (const auto& d : mod->ast.declarations)
        if (auto* e = std::get_if<EntityDecl>(&d))
          for (const auto& r : e->relations)
            if (p_.relation_index(r.name.text) < 0)
              p_.relations.push_back(Relation{r.name.text, kind_by_name(e->name.text), kind_by_name(r.kind.name)});
  }

  void define_event_fields(Module& m, const EventDecl& e) {
    event_module_[&e] = &m;
    EventType& t = p_.events[events_.at(&e)];
    for (const auto& k : e.kinds) t.kinds.push_back(kind_by_name(k.name));
    for (const auto& f : e.fields) t.fields.push_back(field_type(&m, f));
  }

  void define_event(Module& m, const EventDecl& e) {
    if (e.seriousness) {
      Scope s{&m, {}, &e, EventRef{Op::Current, -1}, 0, {}};
      if (e.seriousness_binder) s.binders.emplace_back(e.seriousness_binder->text, EventRef{Op::Current, -1});
      ExprId id = expr(*e.seriousness, s);
      p_.events[events_.at(&e)].seriousness = id;
    }
  }

  void define_param(Module& m, const ParamDecl& e) {
    if (e.sets_used()) return;
    const Symbol& s = m.symbols.at(e.name.text);
    if (s.kind != Symbol::Kind::Param || s.versions.front() != &e) return;
    Param& p = p_.params[params_.at(&e)];
    auto version = [&](Module& in, const ParamDecl& v) {
      Scope sc{&in, {}, nullptr, {}, 0, {}};
      ExprId value = expr(*v.value, sc);
      return ParamVersion{v.from && v.from->valid ? v.from->day : kBeginning, value, basis(&in, v.basis)};
    };
    auto by_date = [](const ParamVersion& a, const ParamVersion& b) { return a.from < b.from; };
    for (const ParamDecl* v : s.versions) p.versions.push_back(version(m, *v));
    std::stable_sort(p.versions.begin(), p.versions.end(), by_date);
    // Values set by files that use this one (a province's figure within the national range): from
    // the first of them on, they alone are in force; before it, this file's versions.
    auto set = set_by_users_.find(&e);
    if (set == set_by_users_.end()) return;
    std::vector<ParamVersion> local;
    for (auto [user, decl] : set->second) local.push_back(version(*user, *decl));
    std::stable_sort(local.begin(), local.end(), by_date);
    std::erase_if(p.versions, [&](const ParamVersion& v) { return v.from >= local.front().from; });
    p.versions.insert(p.versions.end(), local.begin(), local.end());
  }

  // `when a unless b when c` → a and (not b) and c, in source order.
  ExprId conditions(const std::vector<Condition>& cs, Scope& s) {
    ExprId out = kNoExpr;
    for (const auto& c : cs) {
      ExprId e = expr(*c.expr, s);
      if (c.unless) e = node(Op::Not, {e});
      out = out == kNoExpr ? e : node(Op::And, {out, e});
    }
    return out;
  }

  Span span(const Range& r, Scope& s) {
    Span out;
    if (r.low) out.low = expr(*r.low, s);
    if (r.high) out.high = expr(*r.high, s);
    out.next_day = counts_from_next_day(*s.module);
    return out;
  }

  // `periods count from the next day` in the file that declares the rule: the counting belongs
  // to the text the rule encodes, not to the policy that uses it.
  static bool counts_from_next_day(const Module& m) {
    return m.ast.header && m.ast.header->next_day_basis.has_value();
  }

  // `never include on E …` of the list, in source order, on an include rule on E: the rule applies
  // only if none of them holds (`and not (…)` after the rule's own conditions), and cites their
  // basis after its own (each provision once). One meaning for every backend: the exception is
  // part of the rule's condition.
  void add_exceptions(Module& m, const ListDecl& l, ListRule& include) {
    for (const auto& x : l.rules) {
      if (x.kind != syntax::ListRule::Kind::NeverInclude || decl_index(&m, x.trigger.event, events_) != include.event)
        continue;
      Scope s{&m, {}, nullptr, {}, 0, {}};
      if (x.trigger.binder) s.binders.emplace_back(x.trigger.binder->text, EventRef{Op::Current, -1});
      ExprId excluded = node(Op::Not, {conditions(x.conditions, s)});
      include.condition = include.condition == kNoExpr ? excluded : node(Op::And, {include.condition, excluded});
      // As the rule would have been written without the exception: `unless C`, or
      // `unless (C1 and not (C2))` for an exception of several conditions.
      std::string text;
      for (const auto& c : x.conditions) {
        std::string one = syntax::print(*c.expr);
        text += (text.empty() ? "" : " and ") + (c.unless ? "not (" + one + ")" : one);
      }
      if (x.conditions.size() > 1) text = "(" + text + ")";
      include.conditions_text += (include.conditions_text.empty() ? "unless " : " unless ") + text;
      std::vector<Citation> added(include.basis.begin(), include.basis.end());
      for (const auto& c : basis(&m, x.basis))
        if (std::none_of(added.begin(), added.end(), [&](const Citation& b) { return b.text == c.text; })) added.push_back(c);
      include.basis = Basis(std::move(added));
    }
  }

  void define_list(Module& m, const ListDecl& l) {
    std::int32_t li = lists_.at(&l);
    for (const auto& k : l.kinds) p_.lists[li].kinds.push_back(kind_by_name(k.name));
    p_.lists[li].basis = basis(&m, l.basis);
    int numbers[3] = {0, 0, 0};
    static const char* words[] = {"include", "extend", "remove"};
    for (const auto& r : l.rules) {
      if (r.kind == syntax::ListRule::Kind::NeverInclude) continue;  // folded into the include rules
      ListRule out;
      out.kind = static_cast<ListRule::Kind>(r.kind);
      int k = static_cast<int>(r.kind);
      out.number = ++numbers[k];
      out.label = fmt::format("list {}, {} rule {}", p_.lists[li].name, words[k], out.number);
      if (r.trigger.restored) out.restored = decl_index(&m, *r.trigger.restored, lists_);
      else out.event = decl_index(&m, r.trigger.event, events_);
      out.separately = r.separately;
      Scope s{&m, {}, nullptr, {}, 0, {}};
      if (r.trigger.binder) s.binders.emplace_back(r.trigger.binder->text, EventRef{Op::Current, -1});
      out.condition = conditions(r.conditions, s);
      out.until_removed = r.period_kind == PeriodKind::UntilRemoved;
      out.span = span(r.span, s);
      if (r.chosen) out.chosen = expr(*r.chosen, s);
      if (r.delay) out.delay = expr(*r.delay, s);
      if (r.deadline) out.deadline = expr(*r.deadline, s);
      out.basis = basis(&m, r.basis);
      out.conditions_text = syntax::print(r.conditions);
      if (r.kind == syntax::ListRule::Kind::Include) add_exceptions(m, l, out);
      out.basis.append(p_.lists[li].basis);
      out.range = r.range;
      List& target = p_.lists[li];
      (r.kind == syntax::ListRule::Kind::Include ? target.includes
       : r.kind == syntax::ListRule::Kind::Extend ? target.extends : target.removes).push_back(std::move(out));
    }
  }

  void define_measure(Module& m, const MeasureDecl& d) {
    Measure& ms = p_.measures[measures_.at(&d)];
    ms.title = d.title.value_or("");
    ms.category = d.category ? d.category->text : "";
    ms.authority = d.authority.value_or("");
    ms.severity = d.severity.value_or(0);
    // A basic list's measure is a template: it says whom the measure may reach and applies through
    // its refinements. Only when the basic list is itself the policy being run (a sector policy
    // that is its own basic list) do its measures apply directly, and then only to the members of
    // its lists and grade levels: the kinds it names still only say whom it may reach (applying to
    // a kind would punish every such entity for ever). A used basic list applies nothing itself,
    // so a refinement is never doubled by the measure it narrows.
    bool own_basic_list = m.basic_list() && &m == model_.program.root;
    auto on_sources = [](const syntax::Target& t) { return t.kind != syntax::Target::Kind::EntityKind; };
    ms.applied = !m.basic_list() || (own_basic_list && std::any_of(d.targets.begin(), d.targets.end(), on_sources));
    if (d.refines) ms.refines = decl_index(&m, *d.refines, measures_);
    own_basis_[measures_.at(&d)] = basis(&m, d.basis);
    for (const auto& t : d.targets) {
      if (m.basic_list() && ms.applied && !on_sources(t)) continue;
      Target out;
      out.kind = static_cast<Target::Kind>(t.kind);
      if (t.kind == syntax::Target::Kind::Members) out.index = decl_index(&m, t.name, lists_);
      else if (t.kind == syntax::Target::Kind::EntityKind) out.index = kind_by_name(t.name.name);
      else {
        out.index = decl_index(&m, t.name, grades_);
        if (const Symbol* s = lookup(&m, t.name)) {
          auto* g = static_cast<const GradeDecl*>(s->decl);
          for (const auto& lv : t.levels)
            for (std::size_t i = 0; i < g->levels.size(); ++i)
              if (g->levels[i].text == lv.text) out.levels.push_back(static_cast<std::int32_t>(i));
        }
      }
      ms.targets.push_back(std::move(out));
    }
    Scope s{&m, {}, nullptr, {}, 0, {}};
    ExprId cond = conditions(d.target_conditions, s);
    Measure& again = p_.measures[measures_.at(&d)];
    again.condition = cond;
    again.conditions_text = syntax::print(d.target_conditions);
    again.range = d.range;
    for (const auto& r : d.reaches) again.reaches.push_back(r.text);
    if (d.duration) {
      again.duration = static_cast<Measure::Duration>(d.duration->kind);
      if (d.duration->kind == MeasureDuration::Kind::For || d.duration->kind == MeasureDuration::Kind::AfterListing) {
        Span sp = span(d.duration->span, s);
        p_.measures[measures_.at(&d)].span = sp;
      }
    }
  }

  Basis measure_chain(int i, int depth) {
    int r = p_.measures[i].refines;
    if (r >= 0 && depth < 64) return chain(own_basis_[i], measure_chain(r, depth + 1));
    return own_basis_[i];
  }

  void define_grade(Module& m, const GradeDecl& d) {
    std::int32_t gi = grades_.at(&d);
    Grade g;
    g.name = p_.grades[gi].name;
    g.title = d.title.value_or("");
    for (const auto& k : d.kinds) g.kinds.push_back(kind_by_name(k.name));
    for (const auto& l : d.levels) g.levels.push_back(l.text);
    g.basis = basis(&m, d.basis);
    auto level = [&](const std::string& name) {
      for (std::size_t i = 0; i < g.levels.size(); ++i)
        if (g.levels[i] == name) return static_cast<std::int32_t>(i);
      return -1;
    };
    for (const auto& r : d.rules) {
      Scope s{&m, {}, nullptr, {}, 0, {}};
      ExprId c = conditions(r.conditions, s);
      g.rules.push_back(Grade::Rule{level(r.level.text), c, basis(&m, r.basis, g.basis), syntax::print(r.conditions)});
    }
    if (d.fallback) g.fallback = level(d.fallback->text);
    p_.grades[gi] = std::move(g);
  }

  void define_restoration(Module& m, const RestorationDecl& d) {
    Restoration r;
    r.list = decl_index(&m, d.list, lists_);
    r.basis = basis(&m, d.basis, r.list >= 0 ? p_.lists[r.list].basis : Basis{});
    std::string list = r.list >= 0 ? p_.lists[r.list].name : d.list.spelled();
    int numbers[3] = {0, 0, 0};
    static const char* words[] = {"eligible", "decide", "never"};
    for (const auto& rule : d.rules) {
      int k = static_cast<int>(rule.kind);
      std::string label = fmt::format("restoration {}, {} rule {}", list, words[k], ++numbers[k]);
      Scope s{&m, {}, nullptr, {}, 0, {}};
      switch (rule.kind) {
        case RestorationRule::Kind::Eligible: {
          Restoration::Eligible e;
          if (rule.value) e.after.low = expr(*rule.value, s);
          e.after.next_day = counts_from_next_day(m);
          e.condition = conditions(rule.conditions, s);
          e.basis = basis(&m, rule.basis, r.basis);
          e.label = label;
          e.conditions_text = syntax::print(rule.conditions);
          e.range = rule.range;
          r.eligible.push_back(std::move(e));
          break;
        }
        case RestorationRule::Kind::Decide: {
          Restoration::Decide e;
          e.event = decl_index(&m, rule.trigger.event, events_);
          if (rule.extension) {  // read on the extending event, which its own binder names
            e.extension_event = decl_index(&m, rule.extension_trigger.event, events_);
            Scope x = s;
            if (rule.extension_trigger.binder) x.binders.emplace_back(rule.extension_trigger.binder->text, EventRef{Op::Current, -1});
            e.extension = expr(*rule.extension, x);
            e.extension_condition = conditions(rule.conditions, x);
          }
          if (rule.trigger.binder) s.binders.emplace_back(rule.trigger.binder->text, EventRef{Op::Current, -1});
          if (rule.value) e.within = expr(*rule.value, s);
          if (rule.removal) e.removal = expr(*rule.removal, s);
          e.basis = basis(&m, rule.basis, r.basis);
          e.label = label;
          e.range = rule.range;
          r.decide.push_back(std::move(e));
          break;
        }
        case RestorationRule::Kind::Never: {
          Restoration::Never e;
          if (rule.value) e.condition = expr(*rule.value, s);
          e.basis = basis(&m, rule.basis, r.basis);
          e.label = label;
          if (rule.value) e.conditions_text = "when " + syntax::print(*rule.value);
          e.range = rule.range;
          r.never.push_back(std::move(e));
          break;
        }
      }
    }
    p_.restorations.push_back(std::move(r));
  }

  // ----- limits -----
  // The limits in force for the root: its own and those of every file it uses, transitively, in
  // the order of sema's Checker::reachable (the file, then its `use` lines, breadth first).
  void define_limits(Module& root) {
    std::vector<Module*> files{&root};
    for (std::size_t i = 0; i < files.size(); ++i)
      for (Module* used : files[i]->use_order)
        if (std::find(files.begin(), files.end(), used) == files.end()) files.push_back(used);
    for (Module* m : files)
      for (const auto& d : m->ast.declarations)
        if (auto* l = std::get_if<LimitsDecl>(&d))
          for (const auto& c : l->clauses) p_.limits.push_back(limit(*m, *l, c));
  }

  Limit limit(Module& m, const LimitsDecl& block, const LimitClause& c) {
    static_assert(static_cast<int>(Limit::Kind::Authorised) == static_cast<int>(LimitClause::Kind::Authorised),
                  "ir::Limit::Kind follows syntax::LimitClause::Kind");
    Limit out;
    out.kind = static_cast<Limit::Kind>(c.kind);
    out.block = block.name ? block.name->text : "";
    out.policy = m.policy_name();
    out.basis = chain(Basis{}, basis(&m, c.basis, basis(&m, block.basis)));  // the clause's, then the block's, once each
    out.label = fmt::format("{} of {}: {}", block.name ? "limits `" + block.name->text + "`" : std::string("limits"),
                            m.policy_name(), syntax::print(c));
    switch (c.kind) {
      case LimitClause::Kind::Severity:
        for (std::size_t r = 1; r <= p_.scale.size() && out.folded; ++r) {
          auto v = sema::fold_int(*c.bound, m, static_cast<std::int64_t>(r));
          if (v) out.max_severity.push_back(*v);
          else out.folded = false;
        }
        if (!out.folded) out.max_severity.clear();
        break;
      case LimitClause::Kind::MeasureDuration:
      case LimitClause::Kind::ListingDuration:
        out.duration = fold_duration(*c.bound, &m, 0);
        out.folded = out.duration.has_value();
        break;
      case LimitClause::Kind::ConcurrentSeverity:
      case LimitClause::Kind::ConcurrentMeasures: {
        auto v = sema::fold_int(*c.bound, m, std::nullopt);
        out.folded = v.has_value();
        out.number = v.value_or(0);
        break;
      }
      case LimitClause::Kind::BasicListOnly: out.names.push_back(c.path); break;
      case LimitClause::Kind::LifeOnly:
        for (const auto& cite : c.under) out.names.push_back(syntax::print(cite));
        break;
      case LimitClause::Kind::ListFields:
        if (c.level) out.level = level_rank(&m, c.level->text);
        [[fallthrough]];
      default:
        for (const auto& n : c.relations) out.names.push_back(n.text);
    }
    return out;
  }

  // A duration literal, a parameter with one version, or a sum of durations of one unit.
  std::optional<Value> fold_duration(const Expr& e, const Module* m, int depth) const {
    if (depth > 32) return std::nullopt;
    switch (e.kind) {
      case ExprKind::Duration:
        switch (e.unit) {
          case DurationUnit::Days: return Value::duration(e.integer, Unit::Days);
          case DurationUnit::WorkingDays: return Value::duration(e.integer, Unit::WorkingDays);
          case DurationUnit::Months: return Value::duration(e.integer, Unit::Months);
          case DurationUnit::Years: return Value::duration(e.integer * 12, Unit::Months);
        }
        return std::nullopt;
      case ExprKind::Name:
      case ExprKind::Field: {
        const Module* owner = m;
        const Expr* v = sema::single_version(*m, e, &owner);
        return v ? fold_duration(*v, owner, depth + 1) : std::nullopt;
      }
      case ExprKind::Binary: {
        if (e.binary != BinaryOp::Add) return std::nullopt;
        auto l = fold_duration(*e.operands[0], m, depth + 1);
        auto r = fold_duration(*e.operands[1], m, depth + 1);
        if (!l || !r || l->unit != r->unit) return std::nullopt;
        std::int64_t v = 0;
        if (__builtin_add_overflow(l->i, r->i, &v)) return std::nullopt;
        return Value::duration(v, l->unit);
      }
      default: return std::nullopt;
    }
  }

  // ----- expressions -----
  ExprId add(Node n) {
    p_.nodes.push_back(std::move(n));
    return static_cast<ExprId>(p_.nodes.size() - 1);
  }
  ExprId node(Op op, std::vector<ExprId> args, std::int32_t index = -1) {
    Node n;
    n.op = op;
    n.args = std::move(args);
    n.index = index;
    return add(std::move(n));
  }
  ExprId constant(Value v) {
    Node n;
    n.op = Op::Const;
    n.value = std::move(v);
    return add(std::move(n));
  }
  ExprId event_ref(const EventRef& r) { return node(r.op, {}, r.slot); }

  // Field `name` of an event-valued node: the slot in each event type.
  ExprId field(ExprId object, const std::string& name) {
    Node n;
    n.op = Op::Field;
    n.args = {object};
    n.name = name;
    n.slots = field_slots(name);
    return add(std::move(n));
  }
  std::vector<std::int32_t> field_slots(const std::string& name) const {
    std::vector<std::int32_t> slots(p_.events.size(), kAbsentSlot);
    for (std::size_t t = 0; t < p_.events.size(); ++t) {
      if (name == "date") { slots[t] = kDateSlot; continue; }
      for (std::size_t f = 0; f < p_.events[t].fields.size(); ++f)
        if (p_.events[t].fields[f].name == name) slots[t] = static_cast<std::int32_t>(f);
    }
    return slots;
  }

  ExprId param(const Symbol& s) {
    return node(Op::Param, {}, index_of(params_, s.versions.front()));
  }

  bool implicit_field(const Scope& s, const std::string& name) const {
    if (!s.implicit_event) return false;
    if (name == "date") return true;
    return std::any_of(s.implicit_event->fields.begin(), s.implicit_event->fields.end(),
                       [&](const FieldDecl& f) { return f.name.text == name; });
  }

  // `x.seriousness` (G24): the event's own `seriousness` clause with x in place of the event, one
  // per event x can be, chosen by `is` (the last one needs no test: x is one of them). The checker
  // allows it only on `cause` or a named event, outside clauses and named conditions, so the
  // expansion ends; nothing (a run error) for anything else.
  std::optional<ExprId> seriousness_of(ExprId object, const std::vector<const EventDecl*>& events, Scope& s) {
    const Node& n = p_.nodes.at(object);
    if (events.empty() || (n.op != Op::Cause && n.op != Op::Current && n.op != Op::Local)) return std::nullopt;
    for (const auto* ev : events)
      if (!ev->seriousness) return std::nullopt;
    EventRef ref{n.op, n.op == Op::Local ? n.index : -1};
    auto one = [&](const EventDecl& ev) {
      Scope own;
      own.module = event_module_.at(&ev);
      own.depth = s.depth;
      own.implicit_event = &ev;
      own.implicit = ref;
      if (ev.seriousness_binder) own.binders.emplace_back(ev.seriousness_binder->text, ref);
      return expr(*ev.seriousness, own);
    };
    ExprId out = one(*events.back());
    for (std::size_t i = events.size() - 1; i-- > 0;)
      out = node(Op::If, {node(Op::IsEvent, {event_ref(ref)}, events_.at(events[i])), one(*events[i]), out});
    return out;
  }

  // The body of a named condition, its parameters standing for the call's arguments. The checker
  // has rejected calls in a circle, so the expansion ends.
  ExprId call(const Expr& e, const ConditionDecl& c, Module* owner, Scope& s) {
    Scope body;
    body.module = owner;
    body.depth = s.depth;
    for (std::size_t i = 0; i < c.parameters.size() && i < e.operands.size(); ++i)
      body.arguments.emplace_back(c.parameters[i].name.text, Argument{e.operands[i].get(), &s});
    return expr(*c.body, body);
  }

  ExprId expr(const Expr& e, Scope& s) {
    Module* m = s.module;
    switch (e.kind) {
      case ExprKind::Int: return constant(Value::integer(e.integer));
      case ExprKind::Decimal: return constant(Value::decimal(e.decimal.mantissa, e.decimal.scale));
      case ExprKind::Percent: return constant(Value::decimal(e.decimal.mantissa, e.decimal.scale + 2));
      case ExprKind::Money: return constant(Value::money(money_units(e.decimal), e.text));
      case ExprKind::Text: return constant(Value::of_text(e.text));
      case ExprKind::Date: return constant(Value::date(static_cast<Day>(e.integer)));
      case ExprKind::Bool: return constant(Value::boolean(e.integer != 0));
      case ExprKind::Duration:
        switch (e.unit) {
          case DurationUnit::Days: return constant(Value::duration(e.integer, Unit::Days));
          case DurationUnit::WorkingDays: return constant(Value::duration(e.integer, Unit::WorkingDays));
          case DurationUnit::Months: return constant(Value::duration(e.integer, Unit::Months));
          case DurationUnit::Years: return constant(Value::duration(e.integer * 12, Unit::Months));
        }
        break;
      case ExprKind::Name: {
        for (auto it = s.binders.rbegin(); it != s.binders.rend(); ++it)
          if (it->first == e.text) return event_ref(it->second);
        for (const auto& [name, a] : s.arguments)
          if (name == e.text) return expr(*a.expr, *a.caller);
        if (implicit_field(s, e.text)) return field(event_ref(s.implicit), e.text);
        if (auto it = m->symbols.find(e.text); it != m->symbols.end() && it->second.kind == Symbol::Kind::Param)
          return param(it->second);
        if (auto* en = enum_with_value(m, e.text)) return choice(en, e.text);
        return constant(Value::level(level_rank(m, e.text), e.text));
      }
      case ExprKind::Field: {
        const Expr& object = *e.operands[0];
        bool bound = object.kind == ExprKind::Name &&
                     (std::any_of(s.binders.begin(), s.binders.end(), [&](auto& b) { return b.first == object.text; }) ||
                      std::any_of(s.arguments.begin(), s.arguments.end(), [&](auto& a) { return a.first == object.text; }));
        if (object.kind == ExprKind::Name && !bound && m->uses.count(object.text)) {
          Module* used = m->uses.at(object.text);
          if (auto it = used->symbols.find(e.text); it != used->symbols.end() && it->second.kind == Symbol::Kind::Param)
            return param(it->second);
          if (auto* en = enum_with_value(used, e.text)) return choice(en, e.text);
          return constant(Value::level(level_rank(used, e.text), e.text));
        }
        if (object.kind == ExprKind::Name && !bound) {
          auto it = m->symbols.find(object.text);
          if (it != m->symbols.end() && it->second.kind == Symbol::Kind::Enum)
            return choice(static_cast<const EnumDecl*>(it->second.decl), e.text);
        }
        ExprId o = expr(object, s);
        auto t = model_.types.find(&object);
        if (t != model_.types.end() && t->second.kind == sema::TypeKind::Event && e.text == "seriousness")
          if (auto level = seriousness_of(o, t->second.events, s)) return *level;
        if (t != model_.types.end() && t->second.kind == sema::TypeKind::Entity) {
          Node n;
          n.op = Op::Attribute;
          n.args = {o};
          n.name = e.text;
          n.slots.assign(p_.kinds.size(), kAbsentSlot);
          for (std::size_t k = 0; k < p_.kinds.size(); ++k)
            for (std::size_t a = 0; a < p_.kinds[k].attributes.size(); ++a)
              if (p_.kinds[k].attributes[a].name == e.text) n.slots[k] = static_cast<std::int32_t>(a);
          return add(std::move(n));
        }
        return field(o, e.text);
      }
      case ExprKind::Unary:
        return node(e.unary == UnaryOp::Not ? Op::Not : Op::Negate, {expr(*e.operands[0], s)});
      case ExprKind::Is:
        if (e.operands[0]->kind == ExprKind::Cause)  // the checker allows no other event here
          return node(Op::IsEvent, {expr(*e.operands[0], s)}, decl_index(s.module, e.event, events_));
        return node(Op::IsKind, {expr(*e.operands[0], s)}, kind_by_name(e.event.name));
      case ExprKind::Binary: {
        static const Op ops[] = {Op::Mul, Op::Div, Op::Add, Op::Sub, Op::Eq, Op::Ne,
                                 Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::And, Op::Or};
        ExprId l = expr(*e.operands[0], s);
        ExprId r = expr(*e.operands[1], s);
        return node(ops[static_cast<int>(e.binary)], {l, r});
      }
      case ExprKind::If: {
        ExprId c = expr(*e.operands[0], s);
        ExprId a = expr(*e.operands[1], s);
        ExprId b = expr(*e.operands[2], s);
        return node(Op::If, {c, a, b});
      }
      case ExprKind::Call: {  // listed(LIST), or a named condition (of this file, or `alias.name(…)`)
        if (!e.alias.empty()) {
          const Symbol& c = m->uses.at(e.alias)->symbols.at(e.text);  // the checker found it
          return call(e, *static_cast<const ConditionDecl*>(c.decl), c.module, s);
        }
        if (auto it = m->symbols.find(e.text); e.text != "listed" && it != m->symbols.end())
          return call(e, *static_cast<const ConditionDecl*>(it->second.decl), it->second.module, s);
        auto q = syntax::name_spelled(*e.operands.at(0));  // the checker accepted only a list's name
        return node(Op::Listed, {}, decl_index(m, q.value(), lists_));
      }
      case ExprKind::Aggregate: {
        static const Op ops[] = {Op::Count, Op::Exists, Op::Latest, Op::First, Op::Sum};
        Node n;
        n.op = ops[static_cast<int>(e.aggregate)];
        n.index = decl_index(m, e.event, events_);
        n.local = s.depth;
        p_.locals = std::max(p_.locals, s.depth + 1);
        if (e.within) n.within = expr(*e.within, s);
        Scope inner = s;
        inner.depth = s.depth + 1;
        EventRef ref{Op::Local, n.local};
        const Symbol* es = lookup(m, e.event);
        if (e.binder) {
          inner.binders.emplace_back(e.binder->text, ref);
        } else {
          inner.implicit_event = es ? static_cast<const EventDecl*>(es->decl) : nullptr;
          inner.implicit = ref;
        }
        if (e.where) n.where = expr(*e.where, inner);
        if (e.field) {
          n.name = e.field->text;
          n.slots = field_slots(e.field->text);
        }
        return add(std::move(n));
      }
      case ExprKind::Cause: return node(Op::Cause, {});
      case ExprKind::Self: return node(Op::Self, {});
      case ExprKind::Seriousness: break;  // only inside `limits`, which are not lowered yet
    }
    return constant(Value::integer(0));
  }

  const sema::Model& model_;
  Policy p_;
  std::map<std::string, std::int32_t> kinds_;
  std::vector<std::pair<Module*, const EntityDecl*>> kind_decls_;
  std::map<const void*, std::int32_t> enums_, events_, params_, lists_, measures_, grades_;
  // A used file's parameter (its first version) → the values files that use it set for it.
  std::map<const ParamDecl*, std::vector<std::pair<Module*, const ParamDecl*>>> set_by_users_;
  std::map<std::int32_t, Basis> own_basis_;
  std::map<const EventDecl*, Module*> event_module_;  // where each event is declared
};

}  // namespace

Policy lower(const sema::Model& model) { return Lowerer(model).run(); }

namespace {
template <class V>
std::int32_t find_named(const V& v, const std::string& name) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i].name == name) return static_cast<std::int32_t>(i);
  return -1;
}
}  // namespace

std::int32_t Policy::event_index(const std::string& n) const { return find_named(events, n); }
std::int32_t Policy::kind_index(const std::string& n) const { return find_named(kinds, n); }
std::int32_t Policy::list_index(const std::string& n) const { return find_named(lists, n); }
std::int32_t Policy::measure_index(const std::string& n) const { return find_named(measures, n); }
std::int32_t Policy::grade_index(const std::string& n) const { return find_named(grades, n); }
std::int32_t Policy::relation_index(const std::string& n) const { return find_named(relations, n); }
std::int32_t Policy::field_slot(std::int32_t event, const std::string& field) const {
  if (event < 0 || event >= static_cast<std::int32_t>(events.size())) return -1;
  return find_named(events[event].fields, field);
}
bool Policy::choice(const std::string& enum_name, const std::string& value, Value& out) const {
  std::int32_t e = find_named(enums, enum_name);
  if (e < 0) return false;
  for (std::size_t i = 0; i < enums[e].choices.size(); ++i)
    if (enums[e].choices[i] == value) {
      out = Value::choice(e, static_cast<std::int64_t>(i));
      return true;
    }
  return false;
}

std::int64_t money_units(const syntax::Decimal& d) {
  __int128 m = d.mantissa;
  int scale = d.scale;
  while (scale < 4) { m *= 10; ++scale; }
  if (scale == 4) return static_cast<std::int64_t>(m);
  // One rounding, half away from zero, of all the extra digits at once: rounding digit by digit
  // would round twice (0.00004999 → 0.0001).
  __int128 div = 1;
  for (int i = 4; i < scale; ++i) div *= 10;
  __int128 q = m / div, r = m % div;
  if (2 * r >= div) ++q;
  if (2 * r <= -div) --q;
  return static_cast<std::int64_t>(q);
}

}  // namespace credlex::ir
