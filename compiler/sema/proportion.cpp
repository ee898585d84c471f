// Proportionality that can be decided before any data is seen (LANGUAGE.md §4), and the rule
// that a local measure may only narrow the basic-list measure it refines.
//
// Durations are compared without pretending that a month is 30 days: a duration in calendar
// units is compared exactly with another in calendar units, days with days; otherwise only
// when its shortest possible length exceeds the other's longest (a month is 28 to 31 days).
#include <fmt/format.h>

#include <filesystem>

#include "compiler/sema/checker.h"
#include "compiler/syntax/print.h"

namespace credlex::sema {

std::string describe_days(const DayBounds& b) {
  if (b.months) {
    auto m = *b.months;
    if (m % 12 == 0) return fmt::format("{} year{}", m / 12, m == 12 ? "" : "s");
    return fmt::format("{} month{}", m, m == 1 ? "" : "s");
  }
  if (b.days) return fmt::format("{} day{}", *b.days, *b.days == 1 ? "" : "s");
  return fmt::format("up to {} days", b.high);
}

namespace {

// True only when `a` is longer than `limit` however the calendar falls.
bool longer(const DayBounds& a, const DayBounds& limit) {
  if (a.months && limit.months) return *a.months > *limit.months;
  if (a.days && limit.days) return *a.days > *limit.days;
  return a.low > limit.high;
}

DayBounds add(const DayBounds& a, const DayBounds& b) {
  DayBounds r{a.low + b.low, a.high + b.high, {}, {}};
  if (a.months && b.months) r.months = *a.months + *b.months;
  if (a.days && b.days) r.days = *a.days + *b.days;
  return r;
}

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The levels an event's seriousness can take: a level, or a choice between levels.
// An empty string stands for "not known before the data is seen".
void possible_levels(const Expr* e, std::vector<std::string>& out) {
  if (!e) {
    out.push_back("");
    return;
  }
  if (e->kind == ExprKind::Name) out.push_back(e->text);
  else if (e->kind == ExprKind::Field && e->operands[0]->kind == ExprKind::Name) out.push_back(e->text);  // alias.level
  else if (e->kind != ExprKind::If) out.push_back("");
  if (e->kind == ExprKind::If) {
    possible_levels(e->operands[1].get(), out);
    possible_levels(e->operands[2].get(), out);
  }
}

// Kinds that a `when` condition requires of the entity: `self is K` in any of its `and` parts.
void required_kinds(const Expr& e, std::vector<std::string>& out) {
  if (e.kind == ExprKind::Is && e.operands[0]->kind == ExprKind::Self) out.push_back(e.event.name);
  if (e.kind == ExprKind::Binary && e.binary == BinaryOp::And) {
    required_kinds(*e.operands[0], out);
    required_kinds(*e.operands[1], out);
  }
}

}  // namespace

const Symbol* resolve(const Module& m, const QualifiedName& q) {
  const Module* target = &m;
  if (!q.alias.empty()) {
    auto it = m.uses.find(q.alias);
    if (it == m.uses.end()) return nullptr;
    target = it->second;
  }
  auto it = target->symbols.find(q.name);
  return it == target->symbols.end() ? nullptr : &it->second;
}

const Symbol* Checker::resolve(Module* m, const QualifiedName& q) {
  if (auto* s = sema::resolve(*m, q)) return s;
  return q.alias.empty() ? find_kind(m, q.name) : nullptr;  // kinds are found across uses
}

const Expr* single_version(const Module& m, const Expr& e, const Module** owner) {
  auto q = name_spelled(e);
  if (!q) return nullptr;
  const Symbol* s = resolve(m, *q);
  if (!s || s->kind != Symbol::Kind::Param || s->versions.size() != 1) return nullptr;
  // A parameter a file that uses it may set (G29) has no one value to fold before the policy is
  // put together: a limit bounded by it is not folded (and checks nothing, as any unfoldable one).
  if (s->versions[0]->within) return nullptr;
  *owner = s->module;
  return s->versions[0]->value.get();
}

std::optional<std::int64_t> fold_int(const Expr& e, const Module& m, std::optional<std::int64_t> seriousness, int depth) {
  if (depth > 32) return std::nullopt;
  switch (e.kind) {
    case ExprKind::Int: return e.integer;
    case ExprKind::Seriousness: return seriousness;
    case ExprKind::Name:
    case ExprKind::Field: {
      const Module* owner = &m;
      const Expr* v = single_version(m, e, &owner);
      return v ? fold_int(*v, *owner, seriousness, depth + 1) : std::nullopt;
    }
    case ExprKind::Binary: {
      auto l = fold_int(*e.operands[0], m, seriousness, depth + 1);
      auto r = fold_int(*e.operands[1], m, seriousness, depth + 1);
      if (!l || !r) return std::nullopt;
      std::int64_t v = 0;  // an overflowing bound decides nothing
      bool overflow = e.binary == BinaryOp::Add   ? __builtin_add_overflow(*l, *r, &v)
                      : e.binary == BinaryOp::Sub ? __builtin_sub_overflow(*l, *r, &v)
                      : e.binary == BinaryOp::Mul ? __builtin_mul_overflow(*l, *r, &v)
                                                  : true;
      if (overflow) return std::nullopt;
      return v;
    }
    default: return std::nullopt;
  }
}

// Bounds of the longest value the duration can take (for a parameter: its longest version).
std::optional<DayBounds> Checker::day_bounds(const Expr& e, Module* m, int depth) {
  if (depth > 32) return std::nullopt;
  switch (e.kind) {
    case ExprKind::Duration: {
      // Past a trillion units every comparison with a real limit is decided anyway; capping
      // keeps the arithmetic below far from overflow.
      std::int64_t n = std::min<std::int64_t>(e.integer, 1'000'000'000'000);
      if (n < 0) return std::nullopt;
      switch (e.unit) {
        case DurationUnit::Days: return DayBounds{n, n, {}, n};
        // Five working days a week, plus room for public holidays (at most 13 a year in China).
        case DurationUnit::WorkingDays: return DayBounds{n, n + 2 * ((n + 4) / 5) + 13 * (n / 250 + 1), {}, {}};
        case DurationUnit::Months: return DayBounds{28 * n, 31 * n, n, {}};
        case DurationUnit::Years: return DayBounds{365 * n, 366 * n, 12 * n, {}};
      }
      return std::nullopt;
    }
    case ExprKind::Name:
    case ExprKind::Field: {
      auto q = name_spelled(e);
      if (!q) return std::nullopt;
      auto* s = resolve(m, *q);
      if (!s || s->kind != Symbol::Kind::Param) return std::nullopt;
      std::optional<DayBounds> longest;
      for (const ParamDecl* v : s->versions) {
        auto b = day_bounds(*v->value, s->module, depth + 1);
        if (!b) return std::nullopt;
        if (!longest || b->high > longest->high) longest = b;
        // A file that uses this one may set the period up to its range's upper bound (G29).
        if (v->within && v->within->high) {
          auto most = day_bounds(*v->within->high, s->module, depth + 1);
          if (!most) return std::nullopt;
          if (most->high > longest->high) longest = most;
        }
      }
      return longest;
    }
    case ExprKind::Binary: {
      if (e.binary != BinaryOp::Add) return std::nullopt;
      auto l = day_bounds(*e.operands[0], m, depth + 1);
      auto r = day_bounds(*e.operands[1], m, depth + 1);
      if (!l || !r) return std::nullopt;
      return add(*l, *r);
    }
    default: return std::nullopt;
  }
}

// The longer end of `low .. high` (a reversed range is reported elsewhere).
std::optional<DayBounds> Checker::longest_of(const Range& span, Module* m) {
  auto low = span.low ? day_bounds(*span.low, m) : std::nullopt;
  auto high = span.high ? day_bounds(*span.high, m) : std::nullopt;
  if (!low || !high) return span.high ? high : low;
  return longer(*low, *high) ? low : high;
}

// The fixed period of a measure: `for D` from its start, or the D of `while listed and for D after`
// from the end of its listing.
std::optional<DayBounds> Checker::measure_days(Module& m, const MeasureDecl& d) {
  if (!d.duration || (d.duration->kind != MeasureDuration::Kind::For && d.duration->kind != MeasureDuration::Kind::AfterListing))
    return std::nullopt;
  const auto& span = d.duration->span;
  return longest_of(span, &m);
}

// The longest a listing under an include rule can last: its period plus the longest extension.
std::optional<DayBounds> Checker::listing_days(Module& m, const ListDecl& l, const ListRule& include) {
  if (include.period_kind != PeriodKind::For) return std::nullopt;
  auto total = longest_of(include.span, &m);
  if (!total) return std::nullopt;
  std::optional<DayBounds> extension;
  for (const auto& r : l.rules) {
    if (r.kind != ListRule::Kind::Extend) continue;
    auto b = longest_of(r.span, &m);
    if (!b) return std::nullopt;
    if (!extension || b->high > extension->high) extension = b;
  }
  return extension ? add(*total, *extension) : total;
}

// Whether a measure `while listed` lasts at most `bound` (G33): it applies only to members of lists,
// and every way onto each of them lasts a fixed period that, with the longest extension, is at
// most `bound`. Such a measure is as narrow as a national measure `for bound`, and it also ends
// when the entity leaves the list early.
bool Checker::listings_within(Module& m, const MeasureDecl& d, const DayBounds& bound) {
  bool any = false;
  for (const auto& t : d.targets) {
    const Symbol* s = t.kind == Target::Kind::Members ? resolve(&m, t.name) : nullptr;
    if (!s || s->kind != Symbol::Kind::List) return false;
    const auto& l = *static_cast<const ListDecl*>(s->decl);
    for (const auto& r : l.rules) {
      if (r.kind != ListRule::Kind::Include) continue;
      auto days = listing_days(*s->module, l, r);
      if (!days || longer(*days, bound)) return false;
      any = true;
    }
  }
  return any;
}

MeasureFacts Checker::measure_facts(Module& m, const MeasureDecl& d) {
  MeasureFacts f;
  for (const auto& t : d.targets) {
    auto* s = resolve(&m, t.name);
    if (!s) continue;
    if (t.kind == Target::Kind::EntityKind && s->kind == Symbol::Kind::Entity) f.target_kinds.push_back(s->name);
    if (t.kind == Target::Kind::Grade && s->kind == Symbol::Kind::Grade)
      for (const auto& k : static_cast<const GradeDecl*>(s->decl)->kinds) f.target_kinds.push_back(k.name);
    if (t.kind != Target::Kind::Members || s->kind != Symbol::Kind::List) continue;
    auto* l = static_cast<const ListDecl*>(s->decl);
    for (const auto& k : l->kinds) f.target_kinds.push_back(k.name);
    for (const auto& r : l->rules) {
      if (r.kind != ListRule::Kind::Include) continue;
      for (const Symbol* ev : conduct_events(*s->module, r)) {
        f.trigger_events.push_back(ev->module->policy_name() + "." + ev->name);
        possible_levels(event_of(ev)->seriousness.get(), f.seriousness);
      }
    }
  }
  if (d.refines) {
    auto* s = resolve(&m, *d.refines);
    if (s && s->kind == Symbol::Kind::Measure) f.refined = s;
  }
  // `applies to members of L when self is NaturalPerson and …` reaches natural persons only.
  for (const auto& c : d.target_conditions) {
    if (c.unless) continue;
    std::vector<std::string> required;
    required_kinds(*c.expr, required);
    for (const auto& k : required)
      std::erase_if(f.target_kinds, [&](const std::string& x) { return x != k; });
  }
  f.target_kinds = sorted_unique(f.target_kinds);
  f.trigger_events = sorted_unique(f.trigger_events);
  f.seriousness = sorted_unique(f.seriousness);
  for (auto& s : f.seriousness)
    if (s.empty()) s = "(not stated)";
  return f;
}

// "limits `framework` of national_principles: punishment must match the wrongdoing (basis:
// state_council_2020_49 general requirements)" — which limits, the principle the clause encodes in
// plain words, and the clause's basis (else the block's), so the message names the law it applies.
std::string against(const LimitsDecl& lim, const LimitClause& c, const Module* m) {
  const char* principle = "";
  switch (c.kind) {
    case LimitClause::Kind::Severity: principle = "punishment must match the wrongdoing"; break;
    case LimitClause::Kind::MeasureDuration:
    case LimitClause::Kind::ListingDuration: principle = "punishment may not last longer than the law allows"; break;
    case LimitClause::Kind::ReachOnly:
    case LimitClause::Kind::ReachNone: principle = "punishment may reach only the persons the law names"; break;
    case LimitClause::Kind::ConcurrentSeverity:
    case LimitClause::Kind::ConcurrentMeasures: principle = "measures may not pile up beyond what is proportionate"; break;
    case LimitClause::Kind::BasicListOnly: principle = "the national basic list is closed"; break;
    case LimitClause::Kind::MeasureRank: principle = "punishment needs a basis in law"; break;
    case LimitClause::Kind::ListFields: principle = "lists only where the law allows them, for serious conduct"; break;
    case LimitClause::Kind::ListRemoval: principle = "every list must state how an entity gets off it"; break;
    case LimitClause::Kind::ListRank:
      principle = c.local ? "a list applied in one locality must be created by a document of the rank the law requires"
                          : "a list must be created by a document of the rank the law requires";
      break;
    case LimitClause::Kind::LifeOnly: principle = "punishment for life only where a law imposes it"; break;
    case LimitClause::Kind::FieldLinkage: principle = "a measure must follow the field of the conduct (no improper linkage)"; break;
    case LimitClause::Kind::Authorised: principle = "punishment needs a basis in law that authorises it"; break;
  }
  const syntax::Basis& b = c.basis.present() ? c.basis : lim.basis;
  std::string cites;
  for (const auto& x : b.citations) cites += (cites.empty() ? "" : "; ") + syntax::print(x);
  std::string name = lim.name ? fmt::format("limits `{}`", lim.name->text) : std::string("limits");
  return fmt::format("{} of {}: {}{}", name, m->policy_name(), principle, cites.empty() ? "" : " (basis: " + cites + ")");
}

// "a, b or c".
std::string one_of(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

// One document of a sufficient rank is enough (as "依法依规" asks for a basis, not for every
// citation to be one); the note lists every cited document with its rank, so a reader sees why.
BasisRank basis_rank(const Module& m, const Basis& b, const std::vector<Name>& ranks) {
  BasisRank out;
  std::vector<std::string> found;
  for (const auto& cite : b.citations) {
    auto* s = sema::resolve(m, cite.document);
    if (!s || s->kind != Symbol::Kind::Document) continue;
    auto* doc = static_cast<const DocumentDecl*>(s->decl);
    if (doc->rank && std::any_of(ranks.begin(), ranks.end(), [&](const Name& r) { return r.text == doc->rank->text; }))
      out.enough = true;
    found.push_back(fmt::format("`{}` is {}", cite.document.spelled(),
                                doc->rank ? "a " + rank_in_words(doc->rank->text) : "of no stated rank"));
  }
  for (const auto& f : sorted_unique(found)) out.cited += (out.cited.empty() ? "" : "; ") + f;
  std::vector<std::string> words;
  for (const auto& r : ranks) words.push_back(rank_in_words(r.text));
  out.wanted = one_of(words);
  return out;
}

namespace {

// The file a `basic list only "path"` clause names, as the loader keys files.
std::string named_file(const Module& limits_module, const LimitClause& c) {
  namespace fs = std::filesystem;
  fs::path p = (fs::path(limits_module.path).parent_path() / c.path).lexically_normal();
  std::error_code ec;
  std::string key = fs::weakly_canonical(p, ec).string();
  return ec ? p.string() : key;
}

}  // namespace

// A policy is the national basic list when it says `basic list` and is the file every
// `basic list only` clause in force names (any `basic list` when no such clause is in force).
bool Checker::national_basic_list(const Module& m, const LimitsInForce& limits) {
  if (!m.basic_list()) return false;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses)
      if (c.kind == LimitClause::Kind::BasicListOnly && named_file(*lm, c) != m.key) return false;
  return true;
}

void Checker::check_basic_list_only(Module& m, const LimitsInForce& limits) {
  if (!m.basic_list()) return;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::BasicListOnly || named_file(*lm, c) == m.key) continue;
      auto& d = sink_.report<diag::kind::NotTheBasicList>(m.ast.header->basic_list_range, m.policy_name(), c.path,
                                                          against(*lim, c, lm));
      diag::with_note(d, c.range, "the national basic list is named here");
      d.hint = "remove `basic list` and let each measure refine a measure of the national basic list";
    }
}

// A measure that is neither on the national basic list nor refines one of its measures must
// rest on a document of a rank the limits name (Explanation point 3: "unless law or Party
// Central Committee / State Council policy says otherwise").
void Checker::check_measure_rank(Module& m, const MeasureDecl& d, const LimitsInForce& limits) {
  if (d.refines || national_basic_list(m, limits)) return;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::MeasureRank) continue;
      BasisRank rank = basis_rank(m, d.basis, c.relations);
      if (rank.enough || !d.basis.present()) continue;  // no basis at all: E0501
      auto& diag = sink_.report<diag::kind::MeasureBasisRank>(d.name.range, d.name.text, rank.wanted, against(*lim, c, lm));
      diag::with_note(diag, d.basis.range, "its basis: " + rank.cited);
      diag::with_note(diag, c.range, "the ranks are set here");
    }
}

// Lists only in the fields the limits name, and only for conduct of the seriousness they name,
// for every list that states a field or leads to more than publication (No. 49 item (6)).
void Checker::check_list_fields(Module& m, const ListDecl& l, const SeriousnessDecl* sc, const LimitsInForce& limits) {
  // The first measure of the program that applies to members of `l` and does more than publish.
  const MeasureDecl* beyond = nullptr;
  for (auto& other : model_.program.modules)
    for (const auto& decl : other->ast.declarations) {
      auto* md = std::get_if<MeasureDecl>(&decl);
      if (!md || beyond || (md->category && md->category->text == kPublication)) continue;
      for (const auto& t : md->targets) {
        auto* s = t.kind == Target::Kind::Members ? resolve(other.get(), t.name) : nullptr;
        if (s && s->decl == &l) beyond = md;
      }
    }
  if (!beyond && l.fields.empty()) return;
  for (auto [lim, lm] : limits)
    for (const auto& c : lim->clauses) {
      if (c.kind != LimitClause::Kind::ListFields) continue;
      auto allowed = [&](const Name& f) {
        return std::any_of(c.relations.begin(), c.relations.end(), [&](const Name& x) { return x.text == f.text; });
      };
      if (l.fields.empty()) {
        auto& d = sink_.report<diag::kind::ListOutsideFields>(
            l.name.range, l.name.text,
            fmt::format("leads to measure `{}`, which does more than publish information, but states no field of law in which a list may be created",
                        beyond->name.text),
            against(*lim, c, lm));
        diag::with_note(d, beyond->name.range, fmt::format("measure `{}` is declared here", beyond->name.text));
        diag::with_note(d, c.range, "the fields are set here");
        d.hint = "state the field the law creating the list belongs to, e.g. `field " + c.relations.front().text + "`";
      }
      for (const auto& f : l.fields)
        if (!allowed(f))
          diag::with_note(sink_.report<diag::kind::ListOutsideFields>(
                              f.range, l.name.text, fmt::format("is in the field `{}`, where no list may be created", f.text),
                              against(*lim, c, lm)),
                          c.range, "the fields are set here");
      if (!c.level || !sc) continue;
      auto rank = [&](const std::string& level) {
        auto it = std::find_if(sc->levels.begin(), sc->levels.end(), [&](const Name& n) { return n.text == level; });
        return it == sc->levels.end() ? -1 : static_cast<int>(it - sc->levels.begin());
      };
      int floor = rank(c.level->text);
      if (floor < 0) continue;  // E0314
      std::vector<std::string> levels, below;
      for (const auto& r : l.rules) {
        if (r.kind != ListRule::Kind::Include) continue;
        for (const Symbol* ev : conduct_events(m, r)) possible_levels(event_of(ev)->seriousness.get(), levels);
      }
      for (int r = 0; r < floor; ++r)  // lightest first
        if (std::find(levels.begin(), levels.end(), sc->levels[r].text) != levels.end())
          below.push_back("`" + sc->levels[r].text + "`");
      if (below.empty()) continue;
      auto& d = sink_.report<diag::kind::ListForLesserConduct>(l.name.range, l.name.text, one_of(below), c.level->text,
                                                               against(*lim, c, lm));
      diag::with_note(d, c.range, "the least seriousness is set here");
    }
}

void Checker::check_refinements_and_limits() {
  for (auto& mp : model_.program.modules) {
    Module& m = *mp;
    LimitsInForce limits;
    for (Module* r : reachable(&m))
      for (const auto& decl : r->ast.declarations)
        if (auto* l = std::get_if<LimitsDecl>(&decl)) limits.emplace_back(l, r);
    const SeriousnessDecl* sc = scale(&m);
    check_basic_list_only(m, limits);

    for (const auto& decl : m.ast.declarations) {
      if (auto* l = std::get_if<ListDecl>(&decl)) {
        check_list_fields(m, *l, sc, limits);
        check_list_item7(m, *l, limits);
        for (const auto& rule : l->rules) {
          if (rule.kind != ListRule::Kind::Include) continue;
          auto days = listing_days(m, *l, rule);
          if (!days) {
            // Not after an error in the period (an unknown name): that is no period read from the data.
            auto typed = [&](const ExprPtr& x) {
              auto t = x ? model_.types.find(x.get()) : model_.types.end();
              return !x || (t != model_.types.end() && !t->second.error());
            };
            if (rule.period_kind == PeriodKind::For && rule.span.low && typed(rule.span.low) && typed(rule.span.high))
              warn_period_on_data(*l, rule, limits);
            continue;
          }
          for (auto [lim, lm] : limits)
            for (const auto& c : lim->clauses) {
              if (c.kind != LimitClause::Kind::ListingDuration) continue;
              auto max = day_bounds(*c.bound, lm);
              if (!max || !longer(*days, *max)) continue;
              auto& d = sink_.report<diag::kind::DurationOverLimit>(rule.range, "a listing on", l->name.text,
                                                                     describe_days(*days), describe_days(*max), against(*lim, c, lm));
              diag::with_note(d, c.range, "the limit is set here");
            }
        }
      }
      auto* md = std::get_if<MeasureDecl>(&decl);
      if (!md) continue;
      MeasureFacts facts = measure_facts(m, *md);
      check_measure_rank(m, *md, limits);

      // A measure's severity against the seriousness of every conduct that can lead to it.
      if (md->severity && sc && !facts.seriousness.empty()) {
        for (auto [lim, lm] : limits)
          for (const auto& c : lim->clauses) {
            if (c.kind != LimitClause::Kind::Severity) continue;
            std::size_t over = 0, known = 0;
            bool unknown = false;  // some conduct has no seriousness stated: "every" cannot be claimed
            std::string detail;
            for (const auto& level : facts.seriousness) {
              if (level == "(not stated)") unknown = true;
              auto it = std::find_if(sc->levels.begin(), sc->levels.end(), [&](const Name& n) { return n.text == level; });
              if (it == sc->levels.end()) continue;
              auto bound = sema::fold_int(*c.bound, *lm, static_cast<std::int64_t>(it - sc->levels.begin() + 1));
              if (!bound) continue;
              ++known;
              if (*md->severity > *bound) {
                ++over;
                detail += fmt::format("{}`{}` conduct allows at most severity {}", detail.empty() ? "" : "; ", level, *bound);
              }
            }
            if (over == 0) continue;
            diag::Diagnostic* d = nullptr;
            if (over == known && !unknown)
              d = &sink_.report<diag::kind::SeverityOutweighsConduct>(md->severity_range, md->name.text, *md->severity, against(*lim, c, lm));
            else
              d = &sink_.report<diag::kind::SeverityMayOutweighConduct>(md->severity_range, md->name.text, *md->severity,
                                                                          against(*lim, c, lm));
            diag::with_note(*d, c.range, "the limit is set here: " + detail);
          }
      }

      // Fixed durations and reach against the limits; a measure for life in lifetime.cpp.
      check_lifetime(m, *md, limits);
      check_field_linkage(m, *md, limits);
      check_measure_authorised(m, *md, limits);
      auto days = measure_days(m, *md);
      for (auto [lim, lm] : limits)
        for (const auto& c : lim->clauses) {
          if (c.kind == LimitClause::Kind::MeasureDuration && days) {
            auto max = day_bounds(*c.bound, lm);
            bool after = md->duration->kind == MeasureDuration::Kind::AfterListing;
            if (max && longer(*days, *max))
              diag::with_note(sink_.report<diag::kind::DurationOverLimit>(md->duration->range, "measure", md->name.text,
                                                                          describe_days(*days) + (after ? " after its listing ends" : ""),
                                                                          describe_days(*max), against(*lim, c, lm)),
                              c.range, "the limit is set here");
          }
          if (c.kind == LimitClause::Kind::ReachOnly || c.kind == LimitClause::Kind::ReachNone) {
            for (const auto& r : md->reaches) {
              bool allowed = std::any_of(c.relations.begin(), c.relations.end(), [&](const Name& n) { return n.text == r.text; });
              if (allowed || !relations_.count(r.text)) continue;  // an unknown relation: E0308 already
              auto& d = sink_.report<diag::kind::ReachNotAllowed>(r.range, md->name.text, r.text, against(*lim, c, lm));
              diag::with_note(d, c.range, c.kind == LimitClause::Kind::ReachNone ? "the limits allow no reach to related entities"
                                                                                 : "the limits allow reach only over the relations listed here");
            }
          }
        }

      // A refinement may only narrow: target, severity, duration and reach.
      if (facts.refined) {
        auto* base = static_cast<const MeasureDecl*>(facts.refined->decl);
        MeasureFacts base_facts = measure_facts(*facts.refined->module, *base);
        std::string refined_name = md->refines->spelled();
        // The note shows what the national measure rests on: a refinement may not go beyond the
        // law that allows the measure (Basic List Explanation point 3: the list is closed).
        std::string base_basis;
        for (const auto& c : base->basis.citations) base_basis += (base_basis.empty() ? "" : "; ") + syntax::print(c);
        auto broader = [&](SourceRange at, std::string why) {
          auto& d = sink_.report<diag::kind::RefinementBroadens>(at, md->name.text, refined_name, why);
          diag::with_note(d, base->name.range,
                          base_basis.empty() ? fmt::format("`{}` is declared here", refined_name)
                                             : fmt::format("`{}` is declared here, with the legal basis: {}", refined_name, base_basis));
        };
        if (md->category && base->category && md->category->text != base->category->text)
          broader(md->category->range, fmt::format("its category is `{}`, not the `{}` of `{}`", md->category->text,
                                                   base->category->text, refined_name));
        if (md->severity && base->severity && *md->severity > *base->severity)
          broader(md->severity_range, fmt::format("its severity is {}, above the {} of `{}`", *md->severity, *base->severity, refined_name));
        for (const auto& k : facts.target_kinds)
          if (!base_facts.target_kinds.empty() &&
              std::find(base_facts.target_kinds.begin(), base_facts.target_kinds.end(), k) == base_facts.target_kinds.end())
            broader(md->applies_range, fmt::format("it applies to `{}`, which `{}` does not", k, refined_name));
        for (const auto& r : md->reaches)
          if (std::none_of(base->reaches.begin(), base->reaches.end(), [&](const Name& n) { return n.text == r.text; }))
            broader(r.range, fmt::format("it reaches `{}`, which `{}` does not", r.text, refined_name));
        // The basic list states which fields of conduct each measure follows (G17); a refinement
        // may follow fewer. Compared with the fields the refined measure has, stated or inherited;
        // one that has none sets no bound here (E0714 asks for them).
        ConductFields theirs = conduct_fields(*facts.refined->module, *base);
        if (const MeasureDecl* b = theirs.stated_by; b && !b->conduct_any_field) {
          if (md->conduct_any_field)
            broader(md->conduct_fields_range, fmt::format("it is for conduct in any field, which `{}` is not", refined_name));
          for (const auto& f : md->conduct_fields)
            if (std::none_of(b->conduct_fields.begin(), b->conduct_fields.end(), [&](const Name& n) { return n.text == f.text; }))
              broader(f.range, fmt::format("it is for conduct in `{}`, which `{}` is not", f.text, refined_name));
        }
        if (md->duration && base->duration) {
          using K = MeasureDuration::Kind;
          K mine = md->duration->kind, theirs = base->duration->kind;
          auto base_days = measure_days(*facts.refined->module, *base);
          // Two fixed periods compare directly; a period from the start of the listing also ends
          // within the same period counted from the listing's end (G5), which is later.
          bool both_fixed = (mine == K::For || mine == K::AfterListing) && (theirs == K::For || theirs == K::AfterListing) &&
                            !(theirs == K::For && mine == K::AfterListing);
          if (both_fixed) {
            if (days && base_days && longer(*days, *base_days))
              broader(md->duration->range,
                      mine == theirs ? fmt::format("it can last {}{}, longer than the {} of `{}`", describe_days(*days),
                                                   mine == K::AfterListing ? " after its listing ends" : "", describe_days(*base_days),
                                                   refined_name)
                                     : fmt::format("it can last {} from the start of its listing, longer than `{}` (the listing and {} "
                                                   "after) when the listing is short",
                                                   describe_days(*days), refined_name, describe_days(*base_days)));
          } else if (theirs == K::For && mine == K::AfterListing)
            broader(md->duration->range, fmt::format("it lasts while listed and a fixed time after, which can outlast {} of `{}`",
                                                     base_days ? "the " + describe_days(*base_days) : std::string("the fixed period"),
                                                     refined_name));
          else if (theirs == K::WhileListed && mine == K::AfterListing)
            broader(md->duration->range, fmt::format("it outlasts the listing that ends `{}`", refined_name));
          else if (theirs == K::UntilRestored && mine == K::AfterListing)
            broader(md->duration->range, fmt::format("it outlasts a removal or restoration, which ends `{}`", refined_name));
          else if (theirs == K::AfterListing && mine == K::UntilRestored && base_days)
            broader(md->duration->range, fmt::format("it lasts until restoration, which can come later than the {} after the listing that "
                                                     "`{}` lasts", describe_days(*base_days), refined_name));
          else if (auto why = life_broadens(theirs, mine, refined_name))
            broader(md->duration->range, *why);
          else if (theirs == K::For && mine == K::WhileListed && base_days && listings_within(m, *md, *base_days))
            ;  // every listing it can last through ends within the base's period (G33)
          else if (theirs == K::For && mine != K::For)
            broader(md->duration->range,
                    mine == K::WhileListed
                        ? fmt::format("it lasts while listed, and a listing it applies to can last longer than the {} of `{}` "
                                      "(or has no fixed end)", describe_days(*base_days), refined_name)
                        : fmt::format("it has no fixed end, but `{}` lasts at most a fixed time", refined_name));
          else if (theirs == K::WhileListed && mine == K::For)
            broader(md->duration->range, fmt::format("a fixed period can outlast the listing that ends `{}`", refined_name));
          else if (theirs == K::WhileListed && mine == K::UntilRestored)
            broader(md->duration->range, fmt::format("it lasts until restoration, which can outlast the listing that ends `{}`", refined_name));
        }
      }
      model_.measures[md] = std::move(facts);
    }
  }
}

}  // namespace credlex::sema
