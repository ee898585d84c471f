#include "compiler/codegen/timelines.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "compiler/codegen/columns.h"

namespace credlex::codegen {
namespace {

std::optional<ir::Day> day(std::int32_t d) {
  if (d == CLX_NO_DAY) return std::nullopt;
  return d;
}

// The members of a cause other than its rule and basis, by assignment (see to_timeline).
void set_cause(ir::Cause& c, std::int32_t event, ir::Day date) {
  c.event = event;
  c.date = date;
  c.params.clear();
}
void set_cause(ir::Cause& c, const std::string& rule, std::int32_t event, ir::Day date, const ir::Basis& basis) {
  c.rule = rule;
  set_cause(c, event, date);
  c.basis = basis;
}

// Gives `v` exactly n items: surplus ones go to `spare` (when there is one), missing ones come
// from it before new ones are made; moving an item keeps its strings' and vectors' memory. The
// spares are capped: items that callers add themselves (the simulator's reached measures) would
// otherwise pile up there with every entity.
template <class T>
void fit(std::vector<T>& v, std::size_t n, std::vector<T>* spare) {
  if (!spare) return v.resize(n);
  while (v.size() > n) {
    if (spare->size() < kMostSpares) spare->push_back(std::move(v.back()));
    v.pop_back();
  }
  while (v.size() < n) {
    if (spare->empty()) {
      v.emplace_back();
    } else {
      v.push_back(std::move(spare->back()));
      spare->pop_back();
    }
  }
}

void append_number(std::string& out, std::int64_t n) {
  char s[24];
  auto r = std::to_chars(s, s + sizeof s, n);
  out.append(s, r.ptr);
}

}  // namespace

ir::Timeline to_timeline(const ir::Policy& p, const ir::History& h, const clx_timeline& t) {
  ir::Timeline out;
  to_timeline(p, h, t, out);
  return out;
}

// Each item is assigned member by member over the item `out` already holds at its place, so a
// caller that converts timeline after timeline into the same object (the simulator) stops
// allocating once it has grown: a fresh timeline cost an allocation per string and per citation.
void to_timeline(const ir::Policy& p, const ir::History& h, const clx_timeline& t, ir::Timeline& out, TimelineSpares* spares) {
  auto event_date = [&](std::int32_t e) { return e >= 0 && e < static_cast<std::int32_t>(h.events.size()) ? h.events[e].date : 0; };
  auto* spare_listings = spares ? &spares->listings : nullptr;
  auto* spare_grades = spares ? &spares->grades : nullptr;
  auto* spare_measures = spares ? &spares->measures : nullptr;
  auto chained = [&](const ir::Basis& a, const ir::Basis& b) { return spares ? spares->chains(a, b) : ir::chain(a, b); };
  out.decisions.clear();
  if (t.status != CLX_OK) {
    fit(out.listings, 0, spare_listings);
    fit(out.measures, 0, spare_measures);
    fit(out.grades, 0, spare_grades);
    out.errors.assign(1, ir::RunError{t.error_event, t.error_date, status_text(t.status)});
    return;
  }
  out.errors.clear();
  fit(out.listings, static_cast<std::size_t>(t.listing_count), spare_listings);
  for (std::int32_t k = 0; k < t.listing_count; ++k) {
    const clx_listing& l = t.listings[k];
    const ir::List& list = p.lists.at(l.list);
    const ir::ListRule& rule = list.includes.at(l.rule);
    ir::Listing& x = out.listings[static_cast<std::size_t>(k)];
    x.list = l.list;
    x.rule = l.rule;
    x.start = l.start;
    x.end = day(l.end);
    x.ended_by = static_cast<ir::End>(l.ended_by);
    x.cause_event = l.cause_event;
    set_cause(x.cause, rule.label, l.cause_event, event_date(l.cause_event), rule.basis);
    x.legal_maximum = day(l.legal_maximum);
    x.extensions.clear();
    if (l.extended.kind != CLX_ABSENT) x.extended = to_value(l.extended);
    else x.extended.reset();
    if (l.end_rule >= 0) {
      const ir::ListRule& r = list.removes.at(l.end_rule);
      if (!x.end_cause) x.end_cause.emplace();
      set_cause(*x.end_cause, r.label, l.end_event, event_date(l.end_event), r.basis);
    } else {
      x.end_cause.reset();
    }
    x.removal_deadline = day(l.removal_deadline);
  }
  for (std::int32_t k = 0; k < t.extension_count; ++k) {
    const clx_extension& e = t.extensions[k];
    ir::Listing& l = out.listings.at(e.listing);
    const ir::ListRule& r = p.lists.at(l.list).extends.at(e.rule);
    l.extensions.push_back(ir::Extension{e.event, e.date, to_value(e.added), e.capped != 0, ir::Cause{r.label, e.event, e.date, {}, r.basis}});
  }
  fit(out.grades, static_cast<std::size_t>(t.grade_count), spare_grades);
  for (std::int32_t k = 0; k < t.grade_count; ++k) {
    const clx_grade_interval& g = t.grades[k];
    const ir::Grade& gr = p.grades.at(g.grade);
    ir::GradeInterval& x = out.grades[static_cast<std::size_t>(k)];
    x.grade = g.grade;
    x.level = g.level;
    x.start = g.start;
    x.end = day(g.end);
    // "grade G, level rule N" or "grade G, otherwise", as the interpreter names them.
    x.cause.rule.assign("grade ").append(gr.name);
    if (g.rule >= 0) {
      x.cause.rule.append(", level rule ");
      append_number(x.cause.rule, g.rule + 1);
    } else {
      x.cause.rule.append(", otherwise");
    }
    set_cause(x.cause, g.cause_event, g.cause_date);
    x.cause.basis = g.rule >= 0 ? gr.rules.at(g.rule).basis : gr.basis;
  }
  fit(out.measures, static_cast<std::size_t>(t.measure_count), spare_measures);
  for (std::int32_t k = 0; k < t.measure_count; ++k) {
    const clx_measure_interval& m = t.measures[k];
    const ir::Measure& ms = p.measures.at(m.measure);
    const ir::Target& tg = ms.targets.at(m.target);
    ir::MeasureInterval& x = out.measures[static_cast<std::size_t>(k)];
    x.measure = m.measure;
    x.start = m.start;
    x.end = day(m.end);
    x.ended_by = static_cast<ir::End>(m.ended_by);
    x.source = static_cast<ir::MeasureInterval::Source>(m.source);
    x.source_index = m.source_index;
    x.reached_from.clear();
    x.relation = -1;
    // "measure M, applies to members of L", "… to grade G LEVEL" or "… to KIND".
    std::string& rule = x.cause.rule;
    rule.assign("measure ").append(ms.name).append(", applies to ");
    if (m.source == CLX_SOURCE_LISTING) {
      rule.append("members of ").append(p.lists.at(tg.index).name);
      x.cause.basis = chained(ms.basis, out.listings.at(m.source_index).cause.basis);
    } else if (m.source == CLX_SOURCE_GRADE) {
      const ir::Grade& gr = p.grades.at(tg.index);
      rule.append("grade ").append(gr.name).append(" ").append(gr.levels.at(out.grades.at(m.source_index).level));
      x.cause.basis = chained(ms.basis, out.grades.at(m.source_index).cause.basis);
    } else {
      rule.append(p.kinds.at(tg.index).name);
      x.cause.basis = ms.basis;
    }
    set_cause(x.cause, m.cause_event, m.cause_date);
  }
  for (std::int32_t k = 0; k < t.decision_count; ++k) {
    const clx_decision& d = t.decisions[k];
    const ir::Restoration& r = p.restorations.at(d.restoration);
    const auto& rule = r.decide.at(d.rule);
    ir::Decision x;
    x.restoration = d.restoration;
    x.rule = d.rule;
    x.extended_by = d.extended_by;
    x.listing = d.listing;
    x.event = d.event;
    x.date = d.date;
    x.granted = d.granted != 0;
    x.refusal = static_cast<ir::Decision::Refusal>(d.refusal);
    x.earliest = day(d.earliest);
    x.deadline = day(d.deadline);
    // The label and citations as the interpreter builds them: the decide rule's, then the `never`
    // rule that excluded, or the first `eligible` rule tried and the one that granted.
    std::string label = rule.label;
    ir::Basis basis = rule.basis;
    auto add = [&](const std::string& more, const ir::Basis& b) {
      label += "; " + more;
      basis = chained(b, basis);
    };
    if (d.never >= 0) {
      add(r.never.at(d.never).label, r.never.at(d.never).basis);
    } else if (!r.eligible.empty()) {
      add(r.eligible[0].label, r.eligible[0].basis);
      if (d.eligible > 0) add(r.eligible.at(d.eligible).label, r.eligible.at(d.eligible).basis);
    }
    x.cause = ir::Cause{label, d.event, d.date, {}, basis};
    out.decisions.push_back(std::move(x));
  }
}

ir::Timeline Runner::operator()(const ir::Policy& policy, const ir::History& history, const clx_calendar* calendar) {
  HistoryColumns columns(policy, history);
  run_(columns.get(), calendar, &t_);
  return to_timeline(policy, history, t_);
}

namespace {

std::string day_text(const std::optional<ir::Day>& d) { return d ? ir::date_text(*d) : "none"; }

bool same_cause(const ir::Cause& a, const ir::Cause& b) {
  return a.rule == b.rule && a.event == b.event && a.date == b.date && a.basis == b.basis;
}
std::string cause_text(const ir::Cause& c) { return fmt::format("`{}` (event {}, {})", c.rule, c.event, ir::date_text(c.date)); }

// Appends a difference when two members differ.
struct Differ {
  const ir::Policy& p;
  std::optional<std::string> out;
  template <typename T>
  void day(const std::string& what, const T& a, const T& b) {
    if (!out && a != b) out = fmt::format("{}: {} expected, {} computed", what, day_text(a), day_text(b));
  }
  void number(const std::string& what, std::int64_t a, std::int64_t b) {
    if (!out && a != b) out = fmt::format("{}: {} expected, {} computed", what, a, b);
  }
  void value(const std::string& what, const std::optional<ir::Value>& a, const std::optional<ir::Value>& b) {
    if (!out && a != b)
      out = fmt::format("{}: {} expected, {} computed", what, a ? ir::to_string(p, *a) : "none", b ? ir::to_string(p, *b) : "none");
  }
  void cause(const std::string& what, const ir::Cause& a, const ir::Cause& b) {
    if (!out && !same_cause(a, b)) out = fmt::format("{}: caused by {} expected, {} computed", what, cause_text(a), cause_text(b));
  }
};

}  // namespace

std::optional<std::string> first_difference(const ir::Policy& p, const ir::Timeline& a, const ir::Timeline& b) {
  Differ d{p, std::nullopt};
  if (!a.ok() || !b.ok()) {
    if (a.ok() != b.ok())
      return a.ok() ? fmt::format("the run failed ({}), but should not", b.errors.front().reason)
                    : fmt::format("the run should fail ({}), but did not", a.errors.front().reason);
    d.number("the failing event", a.errors.front().event, b.errors.front().event);
    d.day("the date of the failure", std::optional<ir::Day>(a.errors.front().date), std::optional<ir::Day>(b.errors.front().date));
    return d.out;
  }
  d.number("the number of listings", static_cast<std::int64_t>(a.listings.size()), static_cast<std::int64_t>(b.listings.size()));
  for (std::size_t k = 0; k < a.listings.size() && !d.out; ++k) {
    const auto &x = a.listings[k], &y = b.listings[k];
    std::string w = fmt::format("listing {} ({})", k + 1, p.lists.at(x.list).name);
    d.number(w + ", its list", x.list, y.list);
    d.number(w + ", its include rule", x.rule, y.rule);
    d.day(w + ", start", std::optional<ir::Day>(x.start), std::optional<ir::Day>(y.start));
    d.day(w + ", end", x.end, y.end);
    d.number(w + ", how it ended", static_cast<int>(x.ended_by), static_cast<int>(y.ended_by));
    d.number(w + ", its event", x.cause_event, y.cause_event);
    d.cause(w, x.cause, y.cause);
    d.day(w + ", legal maximum", x.legal_maximum, y.legal_maximum);
    d.value(w + ", extended by", x.extended, y.extended);
    d.day(w + ", removal deadline", x.removal_deadline, y.removal_deadline);
    d.number(w + ", whether a rule removed it", x.end_cause.has_value(), y.end_cause.has_value());
    if (x.end_cause && y.end_cause) d.cause(w + ", removal", *x.end_cause, *y.end_cause);
    d.number(w + ", the number of extensions", static_cast<std::int64_t>(x.extensions.size()), static_cast<std::int64_t>(y.extensions.size()));
    for (std::size_t e = 0; e < x.extensions.size() && !d.out; ++e) {
      const auto &u = x.extensions[e], &v = y.extensions[e];
      std::string we = fmt::format("{}, extension {}", w, e + 1);
      d.number(we + ", its event", u.event, v.event);
      d.value(we + ", added", u.added, v.added);
      d.number(we + ", capped", u.capped, v.capped);
      d.cause(we, u.cause, v.cause);
    }
  }
  d.number("the number of grade intervals", static_cast<std::int64_t>(a.grades.size()), static_cast<std::int64_t>(b.grades.size()));
  for (std::size_t k = 0; k < a.grades.size() && !d.out; ++k) {
    const auto &x = a.grades[k], &y = b.grades[k];
    std::string w = fmt::format("grade interval {} ({})", k + 1, p.grades.at(x.grade).name);
    d.number(w + ", its grade", x.grade, y.grade);
    d.number(w + ", its level", x.level, y.level);
    d.day(w + ", start", std::optional<ir::Day>(x.start), std::optional<ir::Day>(y.start));
    d.day(w + ", end", x.end, y.end);
    d.cause(w, x.cause, y.cause);
  }
  d.number("the number of measure intervals", static_cast<std::int64_t>(a.measures.size()), static_cast<std::int64_t>(b.measures.size()));
  for (std::size_t k = 0; k < a.measures.size() && !d.out; ++k) {
    const auto &x = a.measures[k], &y = b.measures[k];
    std::string w = fmt::format("measure interval {} ({})", k + 1, p.measures.at(x.measure).name);
    d.number(w + ", its measure", x.measure, y.measure);
    d.day(w + ", start", std::optional<ir::Day>(x.start), std::optional<ir::Day>(y.start));
    d.day(w + ", end", x.end, y.end);
    d.number(w + ", how it ended", static_cast<int>(x.ended_by), static_cast<int>(y.ended_by));
    d.number(w + ", what it applies through", static_cast<int>(x.source), static_cast<int>(y.source));
    d.number(w + ", its listing or grade", x.source_index, y.source_index);
    d.cause(w, x.cause, y.cause);
    if (!d.out && (x.reached_from != y.reached_from || x.relation != y.relation))
      d.out = fmt::format("{}: reached from {} expected, {} computed", w, x.reached_from, y.reached_from);
  }
  d.number("the number of restoration decisions", static_cast<std::int64_t>(a.decisions.size()), static_cast<std::int64_t>(b.decisions.size()));
  for (std::size_t k = 0; k < a.decisions.size() && !d.out; ++k) {
    const auto &x = a.decisions[k], &y = b.decisions[k];
    std::string w = fmt::format("restoration decision {}", k + 1);
    d.number(w + ", its restoration", x.restoration, y.restoration);
    d.number(w + ", its decide rule", x.rule, y.rule);
    d.number(w + ", the event that extended its deadline", x.extended_by, y.extended_by);
    d.number(w + ", its listing", x.listing, y.listing);
    d.number(w + ", its event", x.event, y.event);
    d.number(w + ", granted", x.granted, y.granted);
    d.number(w + ", the reason for refusal", static_cast<int>(x.refusal), static_cast<int>(y.refusal));
    d.day(w + ", earliest", x.earliest, y.earliest);
    d.day(w + ", deadline", x.deadline, y.deadline);
    d.cause(w, x.cause, y.cause);
  }
  return d.out;
}

}  // namespace credlex::codegen
