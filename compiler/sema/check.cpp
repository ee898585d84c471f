// Checking declarations and tests: names, types, and that every effect has a legal basis.
#include <fmt/format.h>

#include "compiler/diag/suggest.h"
#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {
namespace {

Type entity_type(std::vector<std::string> kinds) {
  Type t = Type::of(TypeKind::Entity);
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  t.kinds = std::move(kinds);
  return t;
}

// Whether a rule of the file has a period that `periods count from the next day` changes.
bool has_counted_period(const Module& m) {
  for (const auto& decl : m.ast.declarations) {
    if (auto* l = std::get_if<ListDecl>(&decl)) {
      for (const auto& r : l->rules)
        if ((r.kind == ListRule::Kind::Include && (r.period_kind == PeriodKind::For || r.delay)) || r.kind == ListRule::Kind::Extend)
          return true;
    } else if (auto* ms = std::get_if<MeasureDecl>(&decl)) {
      if (ms->duration && (ms->duration->kind == MeasureDuration::Kind::For || ms->duration->kind == MeasureDuration::Kind::AfterListing))
        return true;
    } else if (auto* rs = std::get_if<RestorationDecl>(&decl)) {
      for (const auto& r : rs->rules)
        if (r.kind == RestorationRule::Kind::Eligible && r.value) return true;
    }
  }
  return false;
}

}  // namespace

void Checker::run() {
  Program& program = model_.program;
  if (!program.root) return;
  for (auto& m : program.modules) declare(*m);
  type_params_in_order();
  for (auto& m : program.modules) check_module(*m);
  check_params_set();
  graph_.report_cycles(sink_);
  check_refinements_and_limits();
  if (auto* s = scale(program.root))
    for (const auto& l : s->levels) model_.seriousness_scale.push_back(l.text);
}

void Checker::check_basis(const Basis& b, Module* m) {
  for (const auto& c : b.citations) {
    lookup(m, c.document, {Symbol::Kind::Document}, "document");
    for (auto part : {c.article, c.paragraph, c.item})
      if (part && *part == 0) sink_.report<diag::kind::TypeMismatch>(c.range, "article, paragraph and item numbers from 1", "a 0");
  }
}

void Checker::check_rank(const Name& rank) {
  const auto& ranks = legal_ranks();
  if (std::find(ranks.begin(), ranks.end(), rank.text) != ranks.end()) return;
  std::string all;
  for (std::size_t i = 0; i < ranks.size(); ++i) all += (i ? (i + 1 == ranks.size() ? " or `" : ", `") : "`") + ranks[i] + "`";
  sink_.report<diag::kind::BadRank>(rank.range, rank.text).hint = "use " + all;
}

void Checker::require_basis(const Basis& b, Module* m, const std::string& what, const Name& name, SourceRange at) {
  if (!b.present()) {
    sink_.report<diag::kind::MissingBasis>(at, what, name.text).hint =
        "cite the law it rests on, e.g. `basis DOCUMENT art N`, where DOCUMENT is a declared `document`";
    return;
  }
  check_basis(b, m);
}

void Checker::check_conditions(const std::vector<Condition>& cs, Scope& scope) {
  for (const auto& c : cs) expect(*c.expr, scope, TypeKind::Bool, "a yes/no condition");
}

void Checker::check_duration(const Expr* e, Scope& scope, const char* what) {
  if (!e) return;
  Type t = type_of(*e, scope);
  if (!t.error() && t.kind != TypeKind::Duration)
    sink_.report<diag::kind::TypeMismatch>(e->range, fmt::format("a duration for {}", what), describe(t));
  auto b = day_bounds(*e, scope.module);
  if ((e->kind == ExprKind::Unary && e->unary == UnaryOp::Negate) || (b && b->high < 0))
    sink_.report<diag::kind::TypeMismatch>(e->range, fmt::format("a duration of zero or more for {}", what),
                                           "a negative duration");
}

// A period of punishment of length zero is a drafting mistake (waiting periods may be zero).
void Checker::check_period(const Range& span, Scope& scope, const char* what, bool low_may_be_zero) {
  for (const Expr* e : {span.low.get(), span.high.get()}) {
    check_duration(e, scope, what);
    if (!e || (low_may_be_zero && e == span.low.get() && span.high)) continue;
    auto b = day_bounds(*e, scope.module);  // negative ones were reported by check_duration
    if ((e->kind == ExprKind::Duration && e->integer == 0) || (b && b->high == 0))
      sink_.report<diag::kind::DurationNotPositive>(e->range, what);
  }
  if (!span.low || !span.high) return;
  auto lt = model_.types.find(span.low.get()), ht = model_.types.find(span.high.get());
  if (lt != model_.types.end() && ht != model_.types.end() && lt->second.kind == TypeKind::Duration &&
      ht->second.kind == TypeKind::Duration && lt->second.duration != ht->second.duration &&
      lt->second.duration != DurationClass::Any && ht->second.duration != DurationClass::Any) {
    sink_.report<diag::kind::AmbiguousDurationComparison>(span.range, describe(lt->second), describe(ht->second)).hint =
        "state both ends of the range in the same unit";
    return;
  }
  auto low = day_bounds(*span.low, scope.module), high = day_bounds(*span.high, scope.module);
  if (low && high && (low->months && high->months ? *low->months > *high->months
                      : low->days && high->days   ? *low->days > *high->days
                                                  : low->low > high->high))
    sink_.report<diag::kind::ReversedRange>(span.range, syntax::print(*span.low), syntax::print(*span.high));
}

Type Checker::event_type(const Symbol* s) {
  if (!s) return {};
  Type t = Type::of(TypeKind::Event);
  t.events = {event_of(s)};
  return t;
}

namespace {

// The event a rule's trigger names, or null; silent, because the rule's own check reports a bad name.
const Symbol* trigger_event(Module& m, const QualifiedName& q) {
  Module* owner = &m;
  if (!q.alias.empty()) {
    auto it = m.uses.find(q.alias);
    if (it == m.uses.end()) return nullptr;
    owner = it->second;
  }
  auto s = owner->symbols.find(q.name);
  if (s == owner->symbols.end() || s->second.kind != Symbol::Kind::Event) return nullptr;
  return &s->second;
}

// One more event an event type can be, each once.
void add_event(Type& t, const EventDecl* ev) {
  if (ev && std::find(t.events.begin(), t.events.end(), ev) == t.events.end()) t.events.push_back(ev);
}

}  // namespace

// The restoration blocks of a list, in every file checked with it (the interpreter runs them all).
std::vector<std::pair<Module*, const RestorationDecl*>> Checker::restorations_of(const ListDecl& l) {
  std::vector<std::pair<Module*, const RestorationDecl*>> out;
  for (auto& other : model_.program.modules)
    for (const auto& decl : other->ast.declarations) {
      auto* r = std::get_if<RestorationDecl>(&decl);
      auto* s = r ? resolve(other.get(), r->list) : nullptr;
      if (s && s->decl == &l) out.emplace_back(other.get(), r);
    }
  return out;
}

// `cause` in a list's rules: the event of any include rule of the list; for `include on
// restored(L)`, the events on which a restoration of L is decided (the grant opens the listing).
Type Checker::cause_type(Module& m, const ListDecl& l) {
  Type t = Type::of(TypeKind::Event);
  for (const auto& r : l.rules) {
    if (r.kind != ListRule::Kind::Include) continue;
    if (!r.trigger.restored) {
      if (const Symbol* s = trigger_event(m, r.trigger.event)) add_event(t, event_of(s));
      continue;
    }
    for (auto* ev : deciding_events(m, *r.trigger.restored).events) add_event(t, ev);
  }
  if (t.events.empty()) return {};
  return t;
}

// The events on which a restoration of the list L is decided: what `restored(L) x` names.
Type Checker::deciding_events(Module& m, const QualifiedName& list) {
  Type t = Type::of(TypeKind::Event);
  const Symbol* source = resolve(&m, list);
  if (!source || source->kind != Symbol::Kind::List) return {};
  for (auto [rm, rd] : restorations_of(*static_cast<const ListDecl*>(source->decl)))
    for (const auto& x : rd->rules)
      if (x.kind == RestorationRule::Kind::Decide)
        if (const Symbol* s = trigger_event(*rm, x.trigger.event)) add_event(t, event_of(s));
  if (t.events.empty()) return {};
  return t;
}

// The events whose conduct a listing under this include rule punishes: its event; for
// `restored(L)`, the events of L's own include rules, back along a chain of such rules (each list
// visited once, so lists that restore into each other cannot loop).
std::vector<const Symbol*> Checker::conduct_events(Module& m, const ListRule& r) {
  std::vector<const Symbol*> out;
  std::vector<const ListDecl*> seen;
  auto walk = [&](auto&& self, Module& mod, const ListRule& rule) -> void {
    if (!rule.trigger.restored) {
      auto* ev = resolve(&mod, rule.trigger.event);
      if (ev && ev->kind == Symbol::Kind::Event && std::find(out.begin(), out.end(), ev) == out.end()) out.push_back(ev);
      return;
    }
    const Symbol* s = resolve(&mod, *rule.trigger.restored);
    if (!s || s->kind != Symbol::Kind::List) return;
    auto* list = static_cast<const ListDecl*>(s->decl);
    if (std::find(seen.begin(), seen.end(), list) != seen.end()) return;
    seen.push_back(list);
    for (const auto& x : list->rules)
      if (x.kind == ListRule::Kind::Include) self(self, *s->module, x);
  };
  walk(walk, m, r);
  return out;
}

// `include on restored(L)`: L is a list whose restoration can be granted somewhere in the program,
// the rule is an include rule, and L's entities can be on this list.
void Checker::check_restored_trigger(Module& m, const ListDecl& l, const ListRule& r, const std::vector<std::string>& kinds) {
  const QualifiedName& q = *r.trigger.restored;
  if (r.kind != ListRule::Kind::Include) {
    static const char* what[] = {"", "extend a listing", "remove a listing", "be an exception"};
    sink_.report<diag::kind::RestoredNotHere>(q.range, q.spelled(), what[static_cast<int>(r.kind)]).hint =
        "`restored(L)` opens a listing when a restoration of L is granted: use it in an `include` rule, or name the "
        "event that does this";
    return;
  }
  const Symbol* s = lookup(&m, q, {Symbol::Kind::List}, "list");
  if (!s) return;
  const auto* list = static_cast<const ListDecl*>(s->decl);
  if (list == &l)
    sink_.report<diag::kind::RestoredIntoItself>(q.range, q.spelled()).hint =
        "to keep the entity under watch after its restoration, open a listing on another list (`include on restored(L)` in that list)";
  auto found = restorations_of(*list);
  std::string why = found.empty() ? "it has no restoration" : "";
  for (auto [rm, rd] : found) {
    why = cannot_grant(*rd);
    if (why.empty()) break;
  }
  if (!why.empty())
    sink_.report<diag::kind::RestoredNeverGranted>(q.range, q.spelled(), why).hint =
        "write a `restoration` of that list with an `eligible` rule and an `on … decide` rule, or open this listing on an event";
  std::vector<std::string> theirs;
  for (const auto& k : list->kinds)
    if (std::find(kinds.begin(), kinds.end(), k.name) != kinds.end()) theirs.push_back(k.name);
  if (theirs.empty() && !kinds.empty() && !list->kinds.empty()) {
    std::vector<std::string> held;
    for (const auto& k : list->kinds) held.push_back(k.name);
    sink_.report<diag::kind::RestoredNotForKind>(q.range, q.spelled(), fmt::format("{}", fmt::join(held, " and ")),
                                                 fmt::format("{}", fmt::join(kinds, ", ")));
  }
}

void Checker::check_module(Module& m) {
  if (!m.ast.header)
    sink_.report<diag::kind::MissingPolicyHeader>(SourceRange{m.ast.file, 0, 0});
  if (m.ast.header && m.ast.header->next_day_basis) {
    check_basis(*m.ast.header->next_day_basis, &m);
    if (!has_counted_period(m)) sink_.report<diag::kind::NoPeriodToCount>(m.ast.header->next_day_range);
  }
  // One scale of seriousness must be in force: a second, different one would make limits mean
  // different things depending on which file is read first.
  if (m.ast.header) {
    const SeriousnessDecl* first = nullptr;
    Module* first_module = nullptr;
    for (Module* r : reachable(&m))
      for (const auto& d : r->ast.declarations)
        if (auto* s = std::get_if<SeriousnessDecl>(&d)) {
          auto same = [](const SeriousnessDecl& a, const SeriousnessDecl& b) {
            return std::equal(a.levels.begin(), a.levels.end(), b.levels.begin(), b.levels.end(),
                              [](const Name& x, const Name& y) { return x.text == y.text; });
          };
          if (!first) {
            first = s;
            first_module = r;
          } else if (r == first_module) {
            // two scales in one file: reported there as a repeated declaration
          } else if (!same(*first, *s) && r == &m) {
            auto& diag = sink_.report<diag::kind::ConflictingScales>(s->range);
            diag::with_note(diag, first->range, "the other scale is declared here");
          } else if (!same(*first, *s) && &m == model_.program.root && r != &m) {
            auto& diag = sink_.report<diag::kind::ConflictingScales>(m.ast.header->name.range);
            diag::with_note(diag, first->range, "one scale is declared here");
            diag::with_note(diag, s->range, "another scale is declared here");
          }
        }
  }
  bool scale_seen = false;
  for (const auto& decl : m.ast.declarations) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, DocumentDecl>) {
            if (d.status && d.status->text != "verified" && d.status->text != "secondary" && d.status->text != "recalled")
              sink_.report<diag::kind::BadDocumentStatus>(d.status->range, d.status->text);
            if (d.rank) check_rank(*d.rank);
          } else if constexpr (std::is_same_v<T, EntityDecl>) {
            for (const auto& r : d.relations) lookup(&m, r.kind, {Symbol::Kind::Entity}, "kind of entity");
            for (const auto& a : d.attributes) resolve_type(&m, a.type);
            std::vector<Name> members;
            for (const auto& r : d.relations) members.push_back(r.name);
            for (const auto& a : d.attributes) members.push_back(a.name);
            report_duplicates(sink_, members, [](const Name& n) -> const Name& { return n; });
          } else if constexpr (std::is_same_v<T, SeriousnessDecl>) {
            if (scale_seen) sink_.report<diag::kind::RepeatedClause>(d.range, "the seriousness scale");
            scale_seen = true;
            report_duplicates(sink_, d.levels, [](const Name& n) -> const Name& { return n; });
          } else if constexpr (std::is_same_v<T, EnumDecl>) {
            report_duplicates(sink_, d.values, [](const Name& n) -> const Name& { return n; });
          } else if constexpr (std::is_same_v<T, EventDecl>) {
            for (const auto& k : d.kinds) lookup(&m, k, {Symbol::Kind::Entity}, "kind of entity");
            for (const auto& f : d.fields) {
              resolve_type(&m, f.type);
              if (f.name.text == "date")
                sink_.report<diag::kind::DuplicateName>(f.name.range, "date").hint =
                    "every event already has its `date`; name this field differently";
            }
            report_duplicates(sink_, d.fields, [](const FieldDecl& f) -> const Name& { return f.name; });
            if (d.seriousness) {
              Scope scope;
              scope.module = &m;
              scope.implicit_event = {&d};  // the seriousness may depend on the event's own fields
              scope.seriousness_clause = true;
              if (d.seriousness_binder) {  // `seriousness of p`: p is this event (for named conditions)
                Type self_event = Type::of(TypeKind::Event);
                self_event.events = {&d};
                scope.binders.emplace_back(d.seriousness_binder->text, self_event);
              }
              Type t = type_of(*d.seriousness, scope);
              if (!t.error() && t.kind != TypeKind::Level)
                sink_.report<diag::kind::TypeMismatch>(d.seriousness->range, "a level of seriousness", describe(t));
            }
          } else if constexpr (std::is_same_v<T, ParamDecl>) {
            if (d.sets_used()) return check_param_set(m, d);
            if (d.within) check_param_range(d);
            const Symbol& s = m.symbols.at(d.name.text);
            if (s.kind != Symbol::Kind::Param) return;
            if (s.versions.front() == &d) {  // once per parameter: its versions together
              param_type(s);
              std::map<std::int32_t, const ParamDecl*> by_date;
              for (const ParamDecl* v : s.versions) {
                std::int32_t day = v->from ? v->from->day : INT32_MIN;
                auto [it, inserted] = by_date.try_emplace(day, v);
                if (!inserted)
                  sink_.report<diag::kind::ParamVersionDate>(v->range, d.name.text,
                                                             v->from ? v->from->text : std::string("the beginning"));
              }
            }
            if (d.basis.present()) check_basis(d.basis, &m);
          } else if constexpr (std::is_same_v<T, ConditionDecl>) {
            check_named_condition(m, d);
          } else if constexpr (std::is_same_v<T, ListDecl>) {
            check_list(m, d);
          } else if constexpr (std::is_same_v<T, MeasureDecl>) {
            check_measure(m, d);
          } else if constexpr (std::is_same_v<T, RestorationDecl>) {
            check_restoration(m, d);
          } else if constexpr (std::is_same_v<T, GradeDecl>) {
            check_grade(m, d);
          } else if constexpr (std::is_same_v<T, LimitsDecl>) {
            check_limits(m, d);
          } else if constexpr (std::is_same_v<T, TestDecl>) {
            if (options_.check_tests) check_test(m, d);
          }
        },
        decl);
  }
}

// An event that happens to no kind of entity on the list can never act on its listings.
void Checker::check_event_fits_list(const Symbol* ev, SourceRange where, const std::vector<std::string>& kinds) {
  if (auto* decl = event_of(ev); decl && !decl->kinds.empty() && !kinds.empty() &&
      std::none_of(decl->kinds.begin(), decl->kinds.end(), [&](const QualifiedName& k) {
        return std::find(kinds.begin(), kinds.end(), k.name) != kinds.end();
      }))
    sink_.report<diag::kind::EventNotForKind>(where, decl->name.text, "the entities of this list",
                                              fmt::format("{}", fmt::join(kinds, " or ")));
}

void Checker::check_list(Module& m, const ListDecl& l) {
  require_basis(l.basis, &m, "list", l.name, l.name.range);
  std::vector<std::string> kinds;
  if (l.kinds.empty()) {
    sink_.report<diag::kind::MissingListKinds>(l.name.range, l.name.text).hint =
        "add `of KIND, …` after the list's name, e.g. `of NaturalPerson, Enterprise`";
  }
  for (const auto& k : l.kinds)
    if (auto* s = lookup(&m, k, {Symbol::Kind::Entity}, "kind of entity")) kinds.push_back(s->name);
  Type self = entity_type(kinds);
  Type cause = cause_type(m, l);
  const Symbol& sym = m.symbols.at(l.name.text);
  int owner = sym.decl == &l ? vertex(sym) : -1;  // a duplicate (reported) takes no part in the graph
  for (const auto& r : l.rules) {
    Scope scope;
    scope.module = &m;
    scope.owner = owner;
    scope.self = &self;
    const Symbol* ev = nullptr;
    if (r.trigger.restored) check_restored_trigger(m, l, r, kinds);
    else ev = lookup(&m, r.trigger.event, {Symbol::Kind::Event}, "event");
    if (r.trigger.binder)
      scope.binders.emplace_back(r.trigger.binder->text,
                                 r.trigger.restored ? deciding_events(m, *r.trigger.restored) : event_type(ev));
    // `cause` needs an include rule to come from; without one it is simply not known.
    // An exception (`never include`) is read when an include rule is, before any listing exists.
    if ((r.kind == ListRule::Kind::Extend || r.kind == ListRule::Kind::Remove) && !cause.error()) scope.cause = &cause;
    check_event_fits_list(ev, r.trigger.event.range, kinds);
    check_conditions(r.conditions, scope);
    switch (r.kind) {
      case ListRule::Kind::Include:
        if (r.period_kind == PeriodKind::Unspecified)
          sink_.report<diag::kind::MissingPeriod>(r.range).hint =
              "end the rule with `for DURATION` (a fixed period) or `until removed` (no fixed period)";
        check_duration(r.delay.get(), scope, "the time before the listing starts");
        if (r.period_kind == PeriodKind::For) check_period(r.span, scope, "the listing period", r.chosen != nullptr);
        check_duration(r.chosen.get(), scope, "the listing period the authority chose");
        if (r.deadline) {
          check_duration(r.deadline.get(), scope, "the deadline to delete the listing after its period");
          // Both backends compute this deadline when the period has run out, long after the
          // event: it may depend only on the date (parameters take their version in force on the
          // event's date), never on the event's fields or the entity's state.
          if (!day_bounds(*r.deadline, scope.module))
            sink_.report<diag::kind::DeadlineNotFixed>(r.deadline->range).hint =
                "write the number of (working) days, e.g. `then remove within 3 working days`, or name a `param` that holds it";
        }
        break;
      case ListRule::Kind::Extend:
        check_period(r.span, scope, "the extension");
        check_duration(r.chosen.get(), scope, "the extension the authority chose");
        break;
      case ListRule::Kind::Remove:
        check_duration(r.deadline.get(), scope, "the deadline of the removal");
        break;
      case ListRule::Kind::NeverInclude:
        if (ev && std::none_of(l.rules.begin(), l.rules.end(), [&](const ListRule& include) {
              return include.kind == ListRule::Kind::Include &&
                     trigger_event(m, include.trigger.event) == ev;
            }))
          sink_.report<diag::kind::ExceptionWithoutRule>(r.trigger.event.range, l.name.text, r.trigger.event.spelled()).hint =
              "an exception applies to the list's `include` rules on the same event; name that event, or remove the exception";
        break;
    }
    if (r.basis.present()) check_basis(r.basis, &m);
  }
}

void Checker::check_measure(Module& m, const MeasureDecl& d) {
  require_basis(d.basis, &m, "measure", d.name, d.name.range);
  if (!d.severity) sink_.report<diag::kind::MissingMeasureClause>(d.name.range, d.name.text, "severity (`severity 1` to `severity 5`)");
  else if (*d.severity < 1 || *d.severity > 5) sink_.report<diag::kind::SeverityOutOfRange>(d.severity_range, *d.severity);
  if (!d.category) sink_.report<diag::kind::MissingMeasureClause>(d.name.range, d.name.text, "category");
  if (d.targets.empty()) sink_.report<diag::kind::MissingMeasureClause>(d.name.range, d.name.text, "target (`applies to …`)");
  if (!d.duration)
    sink_.report<diag::kind::MissingMeasureClause>(d.name.range, d.name.text, "duration (`while listed`, `for …` or `until restored`)");

  const Symbol& sym = m.symbols.at(d.name.text);
  int owner = sym.decl == &d ? vertex(sym) : -1;  // a duplicate (reported) takes no part in the graph
  std::vector<std::string> kinds;
  Type cause = Type::of(TypeKind::Event);
  for (const auto& t : d.targets) {
    switch (t.kind) {
      case Target::Kind::Members:
        if (auto* s = lookup(&m, t.name, {Symbol::Kind::List}, "list")) {
          graph_.add_edge(owner, vertex(*s));
          auto* l = static_cast<const ListDecl*>(s->decl);
          for (const auto& k : l->kinds) kinds.push_back(k.name);
          Type c = cause_type(*s->module, *l);
          for (auto* ev : c.events)
            if (std::find(cause.events.begin(), cause.events.end(), ev) == cause.events.end()) cause.events.push_back(ev);
        }
        break;
      case Target::Kind::Grade:
        if (auto* s = lookup(&m, t.name, {Symbol::Kind::Grade}, "grade")) {
          graph_.add_edge(owner, vertex(*s));
          auto* g = static_cast<const GradeDecl*>(s->decl);
          for (const auto& k : g->kinds) kinds.push_back(k.name);
          for (const auto& lv : t.levels)
            if (std::none_of(g->levels.begin(), g->levels.end(), [&](const Name& x) { return x.text == lv.text; }))
              diag::suggest(sink_.report<diag::kind::UnknownLevel>(lv.range, lv.text, "a level of the grade `" + g->name.text + "`"),
                            lv.text, spellings(g->levels));
        }
        break;
      case Target::Kind::EntityKind:
        if (auto* s = lookup(&m, t.name, {Symbol::Kind::Entity}, "kind of entity")) kinds.push_back(s->name);
        break;
    }
  }
  Type self = entity_type(kinds);
  Scope scope;
  scope.module = &m;
  scope.owner = owner;
  scope.self = &self;
  // `cause` is the event of the listing a measure follows: a grade level or a kind has none, so a
  // measure that also targets one of those cannot read it (the run would stop on that source).
  bool only_lists = std::all_of(d.targets.begin(), d.targets.end(), [](const Target& t) { return t.kind == Target::Kind::Members; });
  if (only_lists && !cause.events.empty()) scope.cause = &cause;
  check_conditions(d.target_conditions, scope);
  for (const auto& r : d.reaches) {
    if (!relations_.count(r.text)) {
      diag::suggest(sink_.report<diag::kind::UnknownRelation>(r.range, r.text), r.text, {relations_.begin(), relations_.end()});
      continue;
    }
    // The relation must start from at least one kind the measure applies to, or it reaches no one.
    if (!kinds.empty() && std::none_of(kinds.begin(), kinds.end(), [&](const std::string& k) { return find_relation(k, r.text); })) {
      std::vector<std::string> unique = kinds;
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      sink_.report<diag::kind::RelationNotOnKinds>(r.range, r.text, fmt::format("`{}`", fmt::join(unique, "` or `")));
    }
  }
  if (d.duration && d.duration->kind == MeasureDuration::Kind::For) {
    check_period(d.duration->span, scope, "the duration of the measure");
  } else if (d.duration && d.duration->kind == MeasureDuration::Kind::AfterListing) {
    check_period(d.duration->span, scope, "the time the measure lasts after the listing");
    // The time after is counted from the end of a listing: a grade level or a kind of entity has
    // none (a kind never ends, so the measure never would). In a basic list the kinds only say
    // whom a measure may reach (its templates apply through refinements), so only grades count.
    for (const auto& t : d.targets)
      if (t.kind == Target::Kind::Grade || (t.kind == Target::Kind::EntityKind && !m.basic_list()))
        sink_.report<diag::kind::TimeAfterNeedsList>(t.range, d.name.text, t.kind == Target::Kind::Grade ? "a grade level" : "a kind of entity");
  }
  if (d.refines) {
    if (auto* s = lookup(&m, *d.refines, {Symbol::Kind::Measure}, "measure")) {
      graph_.add_edge(owner, vertex(*s));
      if (!s->module->basic_list())
        sink_.report<diag::kind::RefinesNonBasic>(d.refines->range, d.refines->spelled(), d.name.text).hint =
            "refine a measure of a policy declared as `basic list`";
    }
  } else if (!m.basic_list()) {
    sink_.report<diag::kind::MeasureWithoutBasicList>(d.name.range, d.name.text).hint =
        "every punishment measure must come from the national basic list: add `refines ALIAS.MEASURE`";
  }
}

void Checker::check_restoration(Module& m, const RestorationDecl& r) {
  auto* s = lookup(&m, r.list, {Symbol::Kind::List}, "list");
  Name name{r.list.spelled(), r.list.range};
  require_basis(r.basis, &m, "the restoration of list", name, r.list.range);
  if (!s) return;
  if (!restored_lists_[&m].insert(r.list.spelled()).second)
    sink_.report<diag::kind::RestorationRepeated>(r.list.range, r.list.spelled());
  auto* l = static_cast<const ListDecl*>(s->decl);
  std::vector<std::string> kinds;
  for (const auto& k : l->kinds) kinds.push_back(k.name);
  Type self = entity_type(kinds);
  Type cause = cause_type(*s->module, *l);
  for (const auto& rule : r.rules) {
    Scope scope;
    scope.module = &m;
    scope.owner = vertex(*s);
    scope.self = &self;
    scope.cause = &cause;
    switch (rule.kind) {
      case RestorationRule::Kind::Eligible:
        check_duration(rule.value.get(), scope, "the minimum period before restoration");
        check_conditions(rule.conditions, scope);
        break;
      case RestorationRule::Kind::Decide: {
        if (rule.trigger.restored) {
          sink_.report<diag::kind::RestoredNotHere>(rule.trigger.restored->range, rule.trigger.restored->spelled(),
                                                    "start a decision").hint =
              "a decision is taken on an application: name the event of the application";
          break;
        }
        auto* ev = lookup(&m, rule.trigger.event, {Symbol::Kind::Event}, "event");
        // The longer time and its conditions are read on the event that extends the deadline, not
        // on the application: the application's binder is not in their scope, the extension's is.
        if (rule.extension) {
          const Trigger& x = rule.extension_trigger;
          if (x.restored) {
            sink_.report<diag::kind::RestoredNotHere>(x.restored->range, x.restored->spelled(), "extend the time to decide").hint =
                "name the event that records the extension";
          } else {
            const Symbol* extending = lookup(&m, x.event, {Symbol::Kind::Event}, "event");
            check_event_fits_list(extending, x.event.range, kinds);
            Scope extension = scope;
            if (x.binder) extension.binders.emplace_back(x.binder->text, event_type(extending));
            if (rule.trigger.binder && (!x.binder || x.binder->text != rule.trigger.binder->text))
              extension.hidden.emplace_back(
                  rule.trigger.binder->text,
                  fmt::format("`{}` names the application, but the longer time and its conditions are read on the event that "
                              "extends the deadline: name that event (`on {} y when y.case == cause.case`) and compare it "
                              "with `cause`, the listing's event",
                              rule.trigger.binder->text, x.event.spelled()));
            check_duration(rule.extension.get(), extension, "the longer time to decide");
            check_conditions(rule.conditions, extension);
          }
        }
        if (rule.trigger.binder) scope.binders.emplace_back(rule.trigger.binder->text, event_type(ev));
        if (rule.value) check_duration(rule.value.get(), scope, "the decision deadline");
        if (rule.removal) check_duration(rule.removal.get(), scope, "the deadline to delete the listing after a grant");
        break;
      }
      case RestorationRule::Kind::Never:
        expect(*rule.value, scope, TypeKind::Bool, "a yes/no condition");
        break;
    }
    if (rule.basis.present()) check_basis(rule.basis, &m);
  }
}

void Checker::check_grade(Module& m, const GradeDecl& g) {
  require_basis(g.basis, &m, "grade", g.name, g.name.range);
  if (g.kinds.empty())
    sink_.report<diag::kind::MissingListKinds>(g.name.range, g.name.text).hint =
        "add `of KIND, …` after the grade's name, e.g. `of Enterprise`";
  std::vector<std::string> kinds;
  for (const auto& k : g.kinds)
    if (auto* s = lookup(&m, k, {Symbol::Kind::Entity}, "kind of entity")) kinds.push_back(s->name);
  report_duplicates(sink_, g.levels, [](const Name& n) -> const Name& { return n; });
  auto known = [&](const Name& lv) {
    if (std::none_of(g.levels.begin(), g.levels.end(), [&](const Name& x) { return x.text == lv.text; }))
      diag::suggest(sink_.report<diag::kind::UnknownLevel>(lv.range, lv.text, "a level of the grade `" + g.name.text + "`"), lv.text,
                    spellings(g.levels));
  };
  Type self = entity_type(kinds);
  for (const auto& r : g.rules) {
    known(r.level);
    Scope scope;
    scope.module = &m;
    const Symbol& sym = m.symbols.at(g.name.text);
    scope.owner = sym.decl == &g ? vertex(sym) : -1;
    scope.self = &self;
    check_conditions(r.conditions, scope);
    if (r.basis.present()) check_basis(r.basis, &m);
  }
  if (g.fallback) known(*g.fallback);
}

void Checker::check_limits(Module& m, const LimitsDecl& l) {
  Name name = l.name ? *l.name : Name{m.policy_name(), l.range};
  require_basis(l.basis, &m, l.name ? "the limits" : "the limits of policy", name, l.name ? l.name->range : SourceRange{l.range.file, l.range.begin, l.range.begin + 6});
  for (const auto& c : l.clauses) {
    Scope scope;
    scope.module = &m;
    scope.limits = c.kind == LimitClause::Kind::Severity;
    switch (c.kind) {
      case LimitClause::Kind::Severity:
      case LimitClause::Kind::ConcurrentSeverity:
      case LimitClause::Kind::ConcurrentMeasures:
        expect(*c.bound, scope, TypeKind::Int, "a whole number");
        break;
      case LimitClause::Kind::MeasureDuration:
      case LimitClause::Kind::ListingDuration:
        check_duration(c.bound.get(), scope, "the limit");
        break;
      case LimitClause::Kind::ReachOnly:
        for (const auto& r : c.relations)
          if (!relations_.count(r.text))
            diag::suggest(sink_.report<diag::kind::UnknownRelation>(r.range, r.text), r.text, {relations_.begin(), relations_.end()});
        break;
      case LimitClause::Kind::ReachNone:
      case LimitClause::Kind::BasicListOnly: break;
      case LimitClause::Kind::ListRemoval:
      case LimitClause::Kind::FieldLinkage:
      case LimitClause::Kind::Authorised: break;
      case LimitClause::Kind::LifeOnly: check_basis(Basis{c.under, c.range}, &m); break;
      case LimitClause::Kind::MeasureRank:
      case LimitClause::Kind::ListRank:
        for (const auto& r : c.relations) check_rank(r);
        break;
      case LimitClause::Kind::ListFields:
        if (c.level) {
          const SeriousnessDecl* sc = scale(&m);
          if (!sc || std::none_of(sc->levels.begin(), sc->levels.end(), [&](const Name& n) { return n.text == c.level->text; }))
            diag::suggest(sink_.report<diag::kind::UnknownLevel>(c.level->range, c.level->text, "a level of the seriousness scale"),
                          c.level->text, sc ? spellings(sc->levels) : std::vector<std::string>{});
        }
        break;
    }
    if (c.basis.present()) check_basis(c.basis, &m);
  }
}

void Checker::check_test(Module& m, const TestDecl& t) {
  std::map<std::string, std::pair<const Symbol*, SourceRange>> entities;
  auto subject = [&](const Name& n) -> const Symbol* {
    auto it = entities.find(n.text);
    if (it == entities.end()) {
      sink_.report<diag::kind::UnknownName>(n.range, "entity in this test", n.text).hint =
          "declare it first in the test, e.g. `" + n.text + ": NaturalPerson`";
      return nullptr;
    }
    return it->second.first;
  };
  auto check_record = [&](const Record& rec, const std::vector<FieldDecl>& fields, Module* owner,
                          const std::string& what, bool all_required, SourceRange at) {
    Scope scope;
    scope.module = &m;
    report_duplicates(sink_, rec.fields, [](const FieldValue& f) -> const Name& { return f.name; });
    for (const auto& fv : rec.fields) {
      auto f = std::find_if(fields.begin(), fields.end(), [&](const FieldDecl& x) { return x.name.text == fv.name.text; });
      // A field whose type is a kind of entity takes an entity of the test: `creditor: c`.
      if (fv.value->kind == ExprKind::Name && entities.count(fv.value->text)) {
        const Symbol* k = entities.at(fv.value->text).first;
        if (f != fields.end() && k) {
          Type ft = resolve_type(owner, f->type);
          if (!ft.error() && (ft.kind != TypeKind::Entity || ft.kinds != std::vector<std::string>{k->name}))
            sink_.report<diag::kind::TypeMismatch>(fv.value->range, describe(ft), "the entity `" + fv.value->text + "`");
        }
        continue;
      }
      Type vt = type_of(*fv.value, scope);
      if (f == fields.end()) {
        diag::suggest(sink_.report<diag::kind::UnknownField>(fv.name.range, what, fv.name.text), fv.name.text, spellings(fields));
        continue;
      }
      Type ft = resolve_type(owner, f->type);
      if (!assignable(ft, vt)) sink_.report<diag::kind::TypeMismatch>(fv.value->range, describe(ft), describe(vt));
    }
    if (!all_required) return;
    for (const auto& f : fields)
      if (std::none_of(rec.fields.begin(), rec.fields.end(), [&](const FieldValue& x) { return x.name.text == f.name.text; }))
        sink_.report<diag::kind::MissingFieldValue>(at, what, f.name.text);
  };
  for (const auto& item : t.items) {
    switch (item.kind) {
      case TestItem::Kind::Entity: {
        auto* k = lookup(&m, item.reference, {Symbol::Kind::Entity}, "kind of entity");
        auto [it, inserted] = entities.try_emplace(item.name.text, k, item.name.range);
        if (!inserted) {
          auto& d = sink_.report<diag::kind::DuplicateName>(item.name.range, item.name.text);
          diag::with_note(d, it->second.second, "`" + item.name.text + "` is first declared here");
        }
        if (k && item.record)
          check_record(*item.record, all_attributes(k->name), k->module,
                       "the kind of entity `" + k->name + "`", false, item.range);
        break;
      }
      case TestItem::Kind::Relation: {
        auto* from = subject(item.name);
        auto* to = subject(item.other);
        if (!from) break;
        const RelationDecl* rel = find_relation(from->name, item.relation.text);
        if (!rel) {
          auto& d = sink_.report<diag::kind::UnknownField>(item.relation.range, "the kind of entity `" + from->name + "`",
                                                           item.relation.text);
          d.hint = "declare it in the entity: `relation " + item.relation.text + " -> KIND`";
          std::vector<std::string> relations;
          if (auto it = entities_.find(from->name); it != entities_.end())
            for (const EntityDecl* e : it->second)
              for (const auto& r : e->relations) relations.push_back(r.name.text);
          diag::suggest(d, item.relation.text, relations);
          break;
        }
        if (to && rel->kind.name != to->name)
          sink_.report<diag::kind::TypeMismatch>(item.other.range, "a `" + rel->kind.name + "`", "a `" + to->name + "`");
        if (item.until && item.date && item.until->valid && item.date->valid && item.until->day <= item.date->day)
          sink_.report<diag::kind::DurationNotPositive>(item.until->range, "the time from `from` to `until`");
        break;
      }
      case TestItem::Kind::Event: {
        auto* who = subject(item.name);
        auto* ev = lookup(&m, item.reference, {Symbol::Kind::Event}, "event");
        if (!ev) break;
        auto* decl = event_of(ev);
        if (who && !decl->kinds.empty() &&
            std::none_of(decl->kinds.begin(), decl->kinds.end(), [&](const QualifiedName& k) { return k.name == who->name; }))
          sink_.report<diag::kind::EventNotForKind>(item.reference.range, decl->name.text, "`" + item.name.text + "`", who->name);
        Record empty;
        empty.range = item.range;
        check_record(item.record ? *item.record : empty, decl->fields, ev->module,
                     "event `" + decl->name.text + "`", true, item.record ? item.record->range : item.reference.range);
        break;
      }
      case TestItem::Kind::Expect: {
        subject(item.name);
        switch (item.expect) {
          case TestItem::Expect::In: case TestItem::Expect::NotIn:
            lookup(&m, item.reference, {Symbol::Kind::List}, "list");
            break;
          case TestItem::Expect::Under: case TestItem::Expect::NotUnder:
            lookup(&m, item.reference, {Symbol::Kind::Measure}, "measure");
            break;
          case TestItem::Expect::Grade:
            if (auto* g = lookup(&m, item.reference, {Symbol::Kind::Grade}, "grade")) {
              auto* gd = static_cast<const GradeDecl*>(g->decl);
              if (item.level && std::none_of(gd->levels.begin(), gd->levels.end(), [&](const Name& x) { return x.text == item.level->text; }))
                diag::suggest(sink_.report<diag::kind::UnknownLevel>(item.level->range, item.level->text,
                                                                     "a level of the grade `" + gd->name.text + "`"),
                              item.level->text, spellings(gd->levels));
            }
            break;
          case TestItem::Expect::Removed:
          case TestItem::Expect::RestorationGranted: case TestItem::Expect::RestorationRefused:
            lookup(&m, item.reference, {Symbol::Kind::List}, "list");
            // A deadline is `within` some time (zero or more) after the removal or the decision.
            if (item.due && item.date && item.due->valid && item.date->valid && item.due->day < item.date->day)
              sink_.report<diag::kind::TypeMismatch>(item.due->range, "a deadline on or after " + item.date->text,
                                                     item.due->text);
            break;
        }
        break;
      }
    }
  }
}

Model check(Program program, diag::SourceManager& sources, diag::Sink& sink, const CheckOptions& options) {
  Model model;
  model.program = std::move(program);
  Checker(model, sources, sink, options).run();
  return model;
}

}  // namespace credlex::sema
