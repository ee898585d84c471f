// Guobanfa [2020] No. 49, general requirements [S]: measures follow the field, the seriousness and
// the impact of the conduct (按照失信行为发生的领域…), which scholarship calls the prohibition of
// improper linkage (禁止不当联结, law/SOURCES.md §7 item 4): a red light run on a shared bicycle
// may not cost a train ticket. Under `measures follow the field of the conduct` (G17):
//   * every event that leads to a measure states the field of law its conduct lies in
//     (`field road_traffic`), and every such measure the fields its basis links it to
//     (`for conduct in rail_transport, judicial_enforcement`), else E0714;
//   * the field of every such event is one of the measure's, else E0713.
// A refinement that states no fields has those of the basic-list measure it refines, so the basic
// list, which is closed, is where each measure's links to fields of conduct are stated and cited;
// a refinement may narrow them (E0504, in proportion.cpp). Measures that only publish or record
// information (categories `disclosure`, `credit_record`) are left out: recording or publishing a
// decision restricts nothing in another field, and their own rules govern them (NDRC Order 36 for
// publication, the Credit Reporting Regulations for records, which keep negative information
// whatever its field, Art 16 [V]). That reading is this project's.
//
// The conduct that leads to a measure is read from the rules as written: the events that open a
// listing on a list it applies to (through `restored(L)`, those of L) and those its include
// rules' conditions require, the events its `applies to … when` conditions require
// (`exists(food_licence_revoked r …)`), and for a grade level the events of the rules that give
// that level (`listed(L)` in them: L's). What "require" means is at required_conduct; events
// under `not`, in an `unless` or in the choice of an `if` do not lead to a measure.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace credlex::sema {
namespace {

std::string names_in_words(const std::vector<Name>& names) {
  std::vector<std::string> words;
  for (const auto& n : names) words.push_back("`" + n.text + "`");
  return one_of(words);
}

}  // namespace

// The events whose occurrence an expression requires: `exists(E …)`, `latest(E)`, `first(E)`,
// a count or sum that must be above zero (`count(E …) >= n`, `> n`, `== n` for n of 1 or more,
// `!= 0`, also written the other way round), and those of `listed(L)`; not under `not`, not in the
// choice of an `if` (either way may follow), and not a count read otherwise (`count(E) == 0` asks
// for its absence, and so does anything in its `where`).
void Checker::required_conduct(Module& m, const Expr& e, const std::string& via, std::vector<Conduct>& out,
                               std::vector<const ListDecl*>& seen) {
  auto counted = [](const Expr& x) {
    return x.kind == ExprKind::Aggregate && (x.aggregate == AggregateOp::Count || x.aggregate == AggregateOp::Sum);
  };
  // An aggregate whose event is required: the event, and what its filter requires.
  auto required = [&](const Expr& aggregate) {
    const Symbol* ev = resolve(&m, aggregate.event);
    if (ev && ev->kind == Symbol::Kind::Event) out.push_back({ev, via});
    if (aggregate.where) required_conduct(m, *aggregate.where, via, out, seen);
  };
  auto positive = [](const Expr& x) { return x.kind == ExprKind::Int && x.integer >= 1; };
  auto zero = [](const Expr& x) { return x.kind == ExprKind::Int && x.integer == 0; };
  switch (e.kind) {
    case ExprKind::Unary:
      if (e.unary == UnaryOp::Not) return;
      break;
    case ExprKind::If:  // the branches, not the choice
      required_conduct(m, *e.operands[1], via, out, seen);
      required_conduct(m, *e.operands[2], via, out, seen);
      return;
    case ExprKind::Aggregate:
      if (!counted(e)) required(e);
      return;  // a count read on its own requires nothing
    case ExprKind::Binary: {
      const Expr& l = *e.operands[0];
      const Expr& r = *e.operands[1];
      BinaryOp op = e.binary;
      bool at_least_left = counted(l) && (op == BinaryOp::Gt || op == BinaryOp::Ge || (op == BinaryOp::Eq && positive(r)) ||
                                          (op == BinaryOp::Ne && zero(r)));
      bool at_least_right = counted(r) && (op == BinaryOp::Lt || op == BinaryOp::Le || (op == BinaryOp::Eq && positive(l)) ||
                                           (op == BinaryOp::Ne && zero(l)));
      if (at_least_left) required(l);
      if (at_least_right) required(r);
      if (!counted(l)) required_conduct(m, l, via, out, seen);
      if (!counted(r)) required_conduct(m, r, via, out, seen);
      return;
    }
    case ExprKind::Call:
      if (e.text == "listed" && e.operands.size() == 1) {
        auto q = name_spelled(*e.operands[0]);
        const Symbol* s = q ? resolve(&m, *q) : nullptr;
        if (s && s->kind == Symbol::Kind::List) list_conduct(*s, out, seen, via);
        return;
      }
      break;
    default: break;
  }
  for (const auto& o : e.operands)
    if (o) required_conduct(m, *o, via, out, seen);
}

// The events that open a listing on a list: its include rules' events (`restored(L)`: those of
// L) and the events their conditions require.
void Checker::list_conduct(const Symbol& list, std::vector<Conduct>& out, std::vector<const ListDecl*>& seen,
                           const std::string& outer) {
  const auto* l = static_cast<const ListDecl*>(list.decl);
  if (std::find(seen.begin(), seen.end(), l) != seen.end()) return;
  seen.push_back(l);
  std::string via = "through list `" + l->name.text + "`" + (outer.empty() ? "" : ", " + outer);
  for (const auto& r : l->rules) {
    if (r.kind != ListRule::Kind::Include) continue;
    for (const Symbol* ev : conduct_events(*list.module, r)) out.push_back({ev, via});
    for (const auto& c : r.conditions)
      if (!c.unless) required_conduct(*list.module, *c.expr, via, out, seen);
  }
}

std::vector<Checker::Conduct> Checker::conduct_leading_to(Module& m, const MeasureDecl& d) {
  std::vector<Conduct> out;
  std::vector<const ListDecl*> seen;
  for (const auto& t : d.targets) {
    const Symbol* s = resolve(&m, t.name);
    if (!s) continue;
    if (t.kind == Target::Kind::Members && s->kind == Symbol::Kind::List) list_conduct(*s, out, seen, "");
    if (t.kind != Target::Kind::Grade || s->kind != Symbol::Kind::Grade) continue;
    const auto* g = static_cast<const GradeDecl*>(s->decl);
    for (const auto& rule : g->rules) {
      bool targeted = std::any_of(t.levels.begin(), t.levels.end(), [&](const Name& n) { return n.text == rule.level.text; });
      if (!targeted) continue;
      for (const auto& c : rule.conditions)
        if (!c.unless)
          required_conduct(*s->module, *c.expr, fmt::format("through grade `{}` level {}", g->name.text, rule.level.text), out, seen);
    }
  }
  for (const auto& c : d.target_conditions)
    if (!c.unless) required_conduct(m, *c.expr, "in its `applies to` condition", out, seen);
  // One entry per event: the first way it leads to the measure names it.
  std::vector<Conduct> unique;
  for (const auto& x : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const Conduct& u) { return u.event == x.event; })) unique.push_back(x);
  return unique;
}

// The fields a measure follows: its own, else those of the measure it refines (and so on up);
// `any` when the first that states them says `for conduct in any field`. `found` is false when a
// refined name is not a measure (E0503 or E0301 already said so).
Checker::ConductFields Checker::conduct_fields(Module& m, const MeasureDecl& d) {
  ConductFields f;
  f.category = d.category;
  const MeasureDecl* at = &d;
  Module* at_module = &m;
  for (int depth = 0; depth < 16; ++depth) {
    if (!f.category) f.category = at->category;
    if (!f.stated_by && (at->conduct_any_field || !at->conduct_fields.empty())) f.stated_by = at;
    if (!at->refines) return f;
    const Symbol* s = resolve(at_module, *at->refines);
    if (!s || s->kind != Symbol::Kind::Measure) {
      f.found = false;
      return f;
    }
    at = static_cast<const MeasureDecl*>(s->decl);
    at_module = s->module;
  }
  return f;
}

void Checker::check_field_linkage(Module& m, const MeasureDecl& d, const LimitsInForce& limits) {
  auto in_force = first_clause(limits, LimitClause::Kind::FieldLinkage);
  if (!in_force) return;
  const LimitClause* clause = in_force->clause;
  const std::string principle = in_force->against();

  ConductFields fields = conduct_fields(m, d);
  if (!fields.found) return;
  if (fields.category && (fields.category->text == kPublication || fields.category->text == kCreditRecord)) return;
  if (fields.stated_by && fields.stated_by->conduct_any_field) return;  // the law links it to conduct of every field

  std::vector<Conduct> conduct = conduct_leading_to(m, d);
  if (conduct.empty()) return;

  if (!fields.stated_by) {
    std::string what = fmt::format("measure `{}` states no field of conduct it is for", d.name.text);
    if (d.refines) what += fmt::format(", and neither does `{}`, which it refines", d.refines->spelled());
    auto& diag = sink_.report<diag::kind::LinkageNotStated>(d.name.range, what, principle);
    diag::with_note(diag, event_of(conduct.front().event)->name.range,
                    fmt::format("conduct that leads to it: event `{}`, {}", conduct.front().event->name, conduct.front().via));
    diag::with_note(diag, clause->range, "the limit is set here");
    diag.hint = fmt::format("state on {} the fields of conduct its legal basis links it to, as `for conduct in FIELD, …`",
                            d.refines ? "the measure of the basic list" : "the measure");
  }
  // One diagnostic per field of conduct outside the measure's, naming the events in it.
  std::map<std::string, std::vector<const Conduct*>> outside;
  for (const auto& x : conduct) {
    const EventDecl* ev = event_of(x.event);
    if (!ev->field) {
      if (!events_without_field_.insert(ev).second) continue;
      auto& diag = sink_.report<diag::kind::LinkageNotStated>(
          ev->name.range, fmt::format("event `{}` leads to measure `{}` but states no field of conduct", ev->name.text, d.name.text),
          principle);
      diag::with_note(diag, clause->range, "the limit is set here");
      diag.hint = "state the field of law the conduct lies in, as `field FIELD` in the event";
      continue;
    }
    if (!fields.stated_by) continue;
    const auto& names = fields.stated_by->conduct_fields;
    bool linked = std::any_of(names.begin(), names.end(), [&](const Name& f) { return f.text == ev->field->text; });
    if (!linked) outside[ev->field->text].push_back(&x);
  }
  for (const auto& [field, xs] : outside) {
    std::string events;
    for (const Conduct* x : xs) events += fmt::format("{}`{}` {}", events.empty() ? "" : "; ", x->event->name, x->via);
    // At its own fields, else where it takes the conduct in (`applies to`).
    SourceRange where = !d.conduct_fields.empty() ? d.conduct_fields_range : d.applies_range;
    auto& diag = sink_.report<diag::kind::ImproperLinkage>(where, d.name.text, names_in_words(fields.stated_by->conduct_fields),
                                                           fmt::format("conduct in `{}` ({})", field, events), principle);
    for (const Conduct* x : xs)
      diag::with_note(diag, event_of(x->event)->field->range,
                      fmt::format("the conduct of event `{}` lies in the field `{}`", x->event->name, field));
    if (fields.stated_by != &d)
      diag::with_note(diag, fields.stated_by->conduct_fields_range,
                      fmt::format("the fields of `{}`, which `{}` refines, as its basis links it", fields.stated_by->name.text, d.name.text));
    diag::with_note(diag, clause->range, "the limit is set here");
    diag.hint = fmt::format("a measure may follow only conduct in the fields its legal basis links it to; only a law that links it to "
                            "`{}` could make this lawful, and it would be cited on {}",
                            field, fields.stated_by != &d ? "the measure of the basic list" : "this measure");
  }
}

}  // namespace credlex::sema
