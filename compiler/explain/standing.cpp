// Builds the Standing of one entity on one date from computed timelines. The recourse ("how can
// this end, and when at the earliest") is read from the policy's rules, not guessed: a fixed
// period gives a date; a removal or a restoration gives the event that must be recorded, its
// conditions as written, the authority's deadline and, for restoration, the first day the
// minimum period allows.
#include "compiler/explain/standing.h"

#include <fmt/format.h>

#include <algorithm>

#include "credlex/civil_date.h"
#include "credlex/status.h"
#include "credlex/working_days.h"

namespace credlex::explain {
namespace {

using ir::End;
using ir::MeasureInterval;

bool in_force(Day start, const std::optional<Day>& end, Day d) { return start <= d && (!end || d < *end); }

class Builder {
 public:
  explicit Builder(const Input& in) : in_(in), p_(in.policy) {}

  Standing run() {
    Standing s;
    const ir::History& h = in_.histories.at(in_.entity);
    const ir::Timeline& t = in_.timelines.at(in_.entity);
    s.entity = h.entity.id;
    s.kind = h.entity.kind >= 0 ? p_.kinds.at(h.entity.kind).name : "";
    s.at = in_.at;
    for (const auto& e : t.errors)
      s.problems.push_back(fmt::format("the computation stopped at event #{} on {}: {}", e.event, ir::date_text(e.date), e.reason));
    std::vector<std::int32_t> listing_at(t.listings.size(), -1);  // timeline index → Standing::listings
    for (std::size_t i = 0; i < t.listings.size(); ++i) {
      if (t.listings[i].start > in_.at) s.upcoming.push_back(listing(in_.entity, static_cast<std::int32_t>(i)));
      if (!in_force(t.listings[i].start, t.listings[i].end, in_.at)) continue;
      listing_at[i] = static_cast<std::int32_t>(s.listings.size());
      s.listings.push_back(listing(in_.entity, static_cast<std::int32_t>(i)));
    }
    for (const auto& m : t.measures) {
      if (!in_force(m.start, m.end, in_.at)) continue;
      s.measures.push_back(measure(m, s, listing_at));
    }
    for (const auto& g : t.grades) {
      if (!in_force(g.start, g.end, in_.at)) continue;
      const ir::Grade& gr = p_.grades.at(g.grade);
      s.grades.push_back(GradeItem{gr.name, gr.title, gr.levels.at(g.level), g.start, reason(g.cause, in_.entity, {})});
    }
    return s;
  }

 private:
  std::string where(const diag::SourceRange& r) const {
    if (!in_.sources || !r.valid() || r.file >= in_.sources->size()) return "";
    const auto& f = in_.sources->file(r.file);
    return fmt::format("{}:{}", f.path(), f.line_column(r.begin).line);
  }

  Reason reason(const ir::Cause& c, std::size_t who, const diag::SourceRange& rule_range) const {
    Reason r;
    r.rule = c.rule;
    r.where = where(rule_range);
    r.event = c.event;
    r.event_date = c.date;
    const ir::History& h = in_.histories.at(who);
    if (c.event >= 0 && static_cast<std::size_t>(c.event) < h.events.size()) {
      r.event_type = p_.events.at(h.events[c.event].type).name;
      if (in_.origins && who < in_.origins->size() && static_cast<std::size_t>(c.event) < (*in_.origins)[who].size())
        r.event_origin = (*in_.origins)[who][c.event];
    }
    for (const auto& u : c.params) {
      const ir::Param& prm = p_.params.at(u.param);
      Reason::Value v{prm.name, ir::to_string(p_, u.value), std::nullopt};
      if (u.version >= 0 && prm.versions.at(u.version).from != ir::kBeginning) v.since = prm.versions.at(u.version).from;
      r.values.push_back(std::move(v));
    }
    r.basis = c.basis;
    return r;
  }

  // A duration of the policy (a literal or a parameter) as the interpreter computes it on the
  // decision date; nothing when it depends on an event (then the policy's words are shown).
  std::optional<ir::Value> duration_today(ir::ExprId e) const {
    const ir::History& h = in_.histories.at(in_.entity);
    std::string error;
    auto v = ir::evaluate_expression(p_, h, e, in_.at, -1, -1, static_cast<std::int32_t>(h.events.size()), error, in_.run);
    if (!v || v->kind != ir::ValueKind::Duration) return std::nullopt;
    return v;
  }

  // "3 working days", "2 years" (with the parameter's name when it is one).
  std::string duration(ir::ExprId e) const {
    if (e == ir::kNoExpr) return "";
    const ir::Node& n = p_.nodes.at(e);
    std::string name = n.op == ir::Op::Param ? p_.params.at(n.index).name : "";
    auto v = duration_today(e);
    if (!v) return name.empty() ? "a period computed from the event" : name;
    return name.empty() ? ir::to_string(p_, *v) : fmt::format("{} ({})", ir::to_string(p_, *v), name);
  }

  // The day a period from `start` has passed: start + the duration (the day after that with
  // `periods count from the next day`), with the runtime's calendar arithmetic (the
  // interpreter's), or nothing when the duration depends on an event or the date leaves the calendar.
  std::optional<Day> after(Day start, const ir::Span& span) const {
    auto v = span.low == ir::kNoExpr ? std::nullopt : duration_today(span.low);
    auto end = after(start, span.low);
    if (!end || !span.next_day || !v || v->i <= 0) return end;
    std::int32_t out = 0;
    if (clx_add_days(*end, 1, &out) != CLX_OK) return std::nullopt;
    return out;
  }
  std::optional<Day> after(Day start, ir::ExprId e) const {
    if (e == ir::kNoExpr) return start;
    auto v = duration_today(e);
    if (!v) return std::nullopt;
    std::int32_t out = 0;
    int status = CLX_E_RANGE;
    switch (v->unit) {
      case ir::Unit::Days: status = clx_add_days(start, v->i, &out); break;
      case ir::Unit::Months: status = clx_add_months_checked(start, v->i, &out); break;
      case ir::Unit::WorkingDays:
        if (v->i >= 0 && v->i <= INT32_MAX) status = clx_add_working_days(in_.run.calendar, start, static_cast<std::int32_t>(v->i), &out);
        break;
    }
    if (status != CLX_OK) return std::nullopt;
    return out;
  }

  ListingItem listing(std::size_t who, std::int32_t index) const {
    const ir::Timeline& t = in_.timelines.at(who);
    const ir::Listing& l = t.listings.at(index);
    const ir::List& list = p_.lists.at(l.list);
    ListingItem it;
    it.list = list.name;
    it.title = list.title;
    it.start = l.start;
    it.end = l.end;
    it.legal_maximum = l.legal_maximum;
    if (l.extended) it.extended = ir::to_string(p_, *l.extended);
    it.reason = reason(l.cause, who, list.includes.at(static_cast<std::size_t>(l.rule)).range);
    for (const auto& d : t.decisions) {
      if (d.listing != index || d.date > in_.at) continue;
      Decision out;
      out.date = d.date;
      out.granted = d.granted;
      out.deadline = d.deadline;
      out.extended_by = ir::extension_text(p_, in_.histories.at(who), d);
      switch (d.refusal) {
        case ir::Decision::Refusal::None: out.outcome = "granted"; break;
        case ir::Decision::Refusal::Excluded: out.outcome = "refused: restoration is excluded"; break;
        case ir::Decision::Refusal::TooEarly:
          out.outcome = d.earliest ? fmt::format("refused: too early, not before {}", ir::date_text(*d.earliest)) : "refused: too early";
          break;
        case ir::Decision::Refusal::ConditionNotMet: out.outcome = "refused: the conditions were not met"; break;
      }
      out.reason = reason(d.cause, who, {});
      it.decisions.push_back(std::move(out));
    }
    if (l.end) {
      Way w;
      w.kind = Way::Kind::PeriodEnds;
      w.earliest = l.end;
      w.rule = l.cause.rule;
      w.where = it.reason.where;
      w.basis = l.cause.basis;
      // `for D then remove within W`: the authority's deadline to delete it after the period.
      w.deadline = duration(list.includes.at(static_cast<std::size_t>(l.rule)).deadline);
      if (!list.extends.empty()) w.note = "unless it is extended first";
      it.ways.push_back(std::move(w));
    }
    const ir::History& h = in_.histories.at(who);
    auto condition = [&](ir::ExprId e) { return ir::evaluate_condition(p_, h, e, in_.at, l.cause_event, in_.run); };
    for (const auto& r : list.removes) {
      if (condition(r.condition) == false) {
        ++it.removals_not_applicable;
        continue;
      }
      Way w;
      w.kind = Way::Kind::Removal;
      w.earliest = next_day();
      w.event = p_.events.at(r.event).name;
      w.conditions = r.conditions_text;
      w.deadline = duration(r.deadline);
      w.rule = r.label;
      w.where = where(r.range);
      w.basis = own(r.basis, list.basis);
      it.ways.push_back(std::move(w));
    }
    for (const auto& rs : p_.restorations) {
      if (rs.list != l.list || rs.decide.empty()) continue;
      std::string apply, deadline, removal, never;
      for (const auto& d : rs.decide) {
        apply += (apply.empty() ? "" : " or ") + p_.events.at(d.event).name;
        if (deadline.empty() && d.within != ir::kNoExpr) {
          deadline = duration(d.within);
          if (d.extension != ir::kNoExpr)
            deadline += fmt::format(" ({} more if it records `{}`)", duration(d.extension), p_.events.at(d.extension_event).name);
        }
        if (removal.empty()) removal = duration(d.removal);
      }
      const ir::Restoration::Never* excluded = nullptr;
      for (const auto& n : rs.never) {
        auto now = condition(n.condition);
        if (now == false) continue;  // cannot exclude this listing: not worth a word
        if (now == true && !excluded) excluded = &n;
        never += (never.empty() ? "" : "; ") + n.conditions_text;
      }
      if (excluded) {  // no application can succeed: say so instead of listing the eligible rules
        Way w;
        w.kind = Way::Kind::Restoration;
        w.event = apply;
        w.rule = excluded->label;
        w.where = where(excluded->range);
        w.basis = own(excluded->basis, list.basis);
        w.note = "excluded for this listing: never granted " + excluded->conditions_text;
        it.ways.push_back(std::move(w));
        continue;
      }
      for (const auto& e : rs.eligible) {
        Way w;
        w.kind = Way::Kind::Restoration;
        std::optional<Day> first = after(l.start, e.after);
        w.earliest = first ? std::max(*first, next_day()) : std::optional<Day>{};
        if (first && *first > in_.at) w.note = fmt::format("not before {}: the minimum period", ir::date_text(*first));
        else if (!first) w.note = fmt::format("not before {} after the listing began", duration(e.after.low));
        if (auto now = condition(e.condition)) w.note += (w.note.empty() ? "" : "; ") + std::string(*now ? "its conditions hold today" : "its conditions do not hold today");
        if (!never.empty()) w.note += (w.note.empty() ? "" : "; ") + std::string("never granted ") + never;
        w.event = apply;
        w.conditions = e.conditions_text;
        w.deadline = deadline;
        w.removal = removal;
        w.rule = e.label;
        w.where = where(e.range);
        w.basis = own(e.basis, list.basis);
        it.ways.push_back(std::move(w));
      }
    }
    return it;
  }

  // A rule's citations without those it inherits from its list.
  static ir::Basis own(const ir::Basis& rule, const ir::Basis& inherited) {
    std::vector<ir::Citation> out;
    for (const auto& c : rule)
      if (std::find(inherited.begin(), inherited.end(), c) == inherited.end()) out.push_back(c);
    return ir::Basis(std::move(out));
  }

  Day next_day() const { return in_.at < CLX_MAX_DAY ? in_.at + 1 : in_.at; }

  static std::optional<Day> earliest(const std::vector<Way>& ways) {
    std::optional<Day> e;
    for (const auto& w : ways)
      if (w.earliest && (!e || *w.earliest < *e)) e = w.earliest;
    return e;
  }

  std::string lasts(const ir::Measure& ms) const {
    switch (ms.duration) {
      case ir::Measure::Duration::WhileListed: return "while listed";
      case ir::Measure::Duration::UntilRestored: return "until restored";
      case ir::Measure::Duration::Life: return "for life";
      case ir::Measure::Duration::For: return "for " + duration(ms.span.low);
      case ir::Measure::Duration::AfterListing: return "while listed and for " + duration(ms.span.low) + " after";
    }
    return "";
  }

  // Whether the listing a measure of timeline t rests on is in force on the decision date: a
  // measure `while listed and for D after` (only on members of lists, E0513) then ends D after
  // whatever ends the listing, not on the end the timeline computed.
  bool listing_in_force(const ir::Timeline& t, const MeasureInterval& m) const {
    if (m.source != MeasureInterval::Source::Listing || m.source_index < 0) return false;
    const ir::Listing& l = t.listings.at(m.source_index);
    return in_force(l.start, l.end, in_.at);
  }
  // Whether a measure's computed end is its own period's: `for D`, or the time after a listing
  // that has ended.
  bool period_end_known(const ir::Timeline& t, const MeasureInterval& m, const ir::Measure& ms) const {
    return m.end && (ms.duration == ir::Measure::Duration::For ||
                     (ms.duration == ir::Measure::Duration::AfterListing && m.ended_by == ir::End::Period && !listing_in_force(t, m)));
  }

  // `for D` runs its period and `for life` never ends, whatever happens to the listing or grade.
  static bool follows_source(const ir::Measure& ms) {
    return ms.duration == ir::Measure::Duration::WhileListed || ms.duration == ir::Measure::Duration::UntilRestored;
  }

  // How a measure that follows a listing ends: with the listing (the listing's ways say how), or
  // for `until restored` only by the listing's removal or restoration.
  void follow_listing(MeasureItem& it, const ir::Measure& ms, const ListingItem& l) const {
    if (ms.duration == ir::Measure::Duration::AfterListing) {
      // While the listing is in force, any of its ways may end it, and the measure D after that.
      if (in_force(l.start, l.end, in_.at)) {
        auto ends = earliest(l.ways);
        std::optional<Day> first = ends ? after(*ends, ms.span) : std::nullopt;
        if (first && it.end && *it.end < *first) first = it.end;  // D read today may differ from D on that day
        it.ways.push_back(Way{Way::Kind::SourceEnds, first, "", "", "", "", "", {}, duration(ms.span.low) + " after the listing ends", ""});
      }
      return;
    }
    if (!follows_source(ms)) return;
    Way w;
    w.kind = Way::Kind::SourceEnds;
    if (ms.duration == ir::Measure::Duration::UntilRestored) {
      for (const auto& x : l.ways)
        if ((x.kind == Way::Kind::Removal || x.kind == Way::Kind::Restoration) && x.earliest && (!w.earliest || *x.earliest < *w.earliest))
          w.earliest = x.earliest;
      w.note = "only when the listing is removed or restoration is granted";
      if (l.end) w.note += fmt::format(", not when its period runs out on {}", ir::date_text(*l.end));
    } else {
      w.earliest = earliest(l.ways);
      w.note = "when the listing ends";
    }
    it.ways.push_back(std::move(w));
  }

  MeasureItem measure(const MeasureInterval& m, Standing& s, const std::vector<std::int32_t>& listing_at) const {
    const ir::Measure& ms = p_.measures.at(m.measure);
    MeasureItem it;
    it.measure = ms.name;
    it.title = ms.title;
    it.category = ms.category;
    it.authority = ms.authority;
    it.severity = ms.severity;
    it.start = m.start;
    it.end = m.end;
    it.lasts = lasts(ms);
    it.reason = reason(m.cause, in_.entity, ms.range);
    it.reason.basis = ms.basis;  // the listing it follows shows its own basis
    if (period_end_known(in_.timelines.at(in_.entity), m, ms))
      it.ways.push_back(Way{Way::Kind::PeriodEnds, m.end, "", "", "", m.cause.rule, it.reason.where, ms.basis, "", ""});
    switch (m.source) {
      case MeasureInterval::Source::Listing:
        it.because = MeasureItem::Because::Listing;
        it.listing = m.source_index >= 0 ? listing_at.at(m.source_index) : -1;
        if (it.listing >= 0) follow_listing(it, ms, s.listings.at(it.listing));
        break;
      case MeasureInterval::Source::Grade: {
        it.because = MeasureItem::Because::Grade;
        const ir::GradeInterval& g = in_.timelines.at(in_.entity).grades.at(m.source_index);
        it.grade = p_.grades.at(g.grade).name;
        it.level = p_.grades.at(g.grade).levels.at(g.level);
        if (follows_source(ms))
          it.ways.push_back(Way{Way::Kind::SourceEnds, std::nullopt, "", "", "", "", "", p_.grades.at(g.grade).basis,
                                fmt::format("when the grade {} is no longer {}", it.grade, it.level), ""});
        break;
      }
      case MeasureInterval::Source::Kind: it.because = MeasureItem::Because::Kind; break;
      case MeasureInterval::Source::Reach: reached(it, m, s); break;
    }
    if (!ms.conditions_text.empty())
      it.ways.push_back(Way{Way::Kind::ConditionStops, std::nullopt, "", ms.conditions_text, "", "", it.reason.where, ms.basis, "", ""});
    it.earliest_end = earliest(it.ways);
    return it;
  }

  void reached(MeasureItem& it, const MeasureInterval& m, Standing& s) const {
    it.because = MeasureItem::Because::Reach;
    it.reached.from = m.reached_from;
    it.reached.relation = m.relation >= 0 ? p_.relations.at(m.relation).name : "";
    std::size_t from = in_.histories.size();
    for (std::size_t i = 0; i < in_.histories.size(); ++i)
      if (in_.histories[i].entity.id == m.reached_from) from = i;
    if (from == in_.histories.size()) return;
    const ir::History& xh = in_.histories[from];
    it.reached.from_kind = xh.entity.kind >= 0 ? p_.kinds.at(xh.entity.kind).name : "";
    for (const auto& r : xh.relations)
      if (r.relation == m.relation && r.other == in_.histories.at(in_.entity).entity.id && in_force(r.since, r.until, m.start)) {
        it.reached.since = r.since;
        it.reached.until = r.until;
      }
    const ir::Timeline& xt = in_.timelines.at(from);
    if (m.source_index < 0 || static_cast<std::size_t>(m.source_index) >= xt.measures.size()) return;
    const MeasureInterval& src = xt.measures[m.source_index];
    const ir::Measure& ms = p_.measures.at(src.measure);
    it.reached.measure_lasts = lasts(ms);
    it.reason = reason(m.cause, from, ms.range);
    it.reason.basis = ms.basis;
    it.ways.push_back(Way{Way::Kind::RelationEnds, it.reached.until, "", "", "", "", "", {},
                          fmt::format("when {} is no longer {} of {}", s.entity, it.reached.relation, it.reached.from), ""});
    if (period_end_known(xt, src, ms))
      it.ways.push_back(Way{Way::Kind::PeriodEnds, src.end, "", "", "", src.cause.rule, "", ms.basis, "", ""});
    if (src.source == MeasureInterval::Source::Listing && src.source_index >= 0) {
      it.listing = static_cast<std::int32_t>(s.reached_listings.size());
      s.reached_listings.push_back(listing(from, src.source_index));
      follow_listing(it, ms, s.reached_listings.back());
    }
  }

  const Input& in_;
  const ir::Policy& p_;
};

}  // namespace

Standing standing(const Input& in) { return Builder(in).run(); }

}  // namespace credlex::explain
