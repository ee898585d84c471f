// Findings of one entity and metrics over many. Every rule and number is defined in README.md.
#include "simulator/findings/findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

#include "compiler/diag/render.h"
#include "credlex/civil_date.h"
#include "credlex/status.h"

namespace credlex::findings {
namespace {

using ir::Day;
using MI = ir::MeasureInterval;

// [a, b) ∩ [from, to), as a number of days (0 when empty).
struct Window {
  Day from, to;
  Day clip_start(Day a) const { return std::max(a, from); }
  Day clip_end(const std::optional<Day>& b) const { return b ? std::min(*b, to) : to; }
  std::int64_t days(Day a, const std::optional<Day>& b) const {
    std::int64_t s = clip_start(a), e = clip_end(b);
    return e > s ? e - s : 0;
  }
};

}  // namespace

std::int64_t days_within(Day start, const std::optional<Day>& end, const Options& window) {
  return Window{window.from, window.to}.days(start, end);
}

namespace {

std::optional<Day> plus(const clx_calendar* cal, Day d, const ir::Value& v) {
  std::int32_t out = 0;
  int status = CLX_E_RANGE;
  switch (v.unit) {
    case ir::Unit::Days: status = clx_add_days(d, v.i, &out); break;
    case ir::Unit::Months: status = clx_add_months_checked(d, v.i, &out); break;
    case ir::Unit::WorkingDays:
      if (v.i >= INT32_MIN && v.i <= INT32_MAX) status = clx_add_working_days(cal, d, static_cast<std::int32_t>(v.i), &out);
      break;
  }
  if (status != CLX_OK) return std::nullopt;
  return out;
}

// The citations of one document together, its title once: "spc_defaulters art 1 item 1, art 3 —
// Provisions of …", one entry per document in the order of first citation, a provision cited
// twice only once. A chain of causes cites a statute's title many times; said once, a finding
// reads better and its line is a fraction of the size.
std::vector<std::string> cite_by_document(const ir::Basis& b) {
  struct Group { std::string_view document, title; std::vector<std::string_view> provisions; };
  std::vector<Group> groups;
  for (const auto& c : b) {
    std::string_view text = c.text;
    std::size_t space = text.find(' ');
    std::string_view document = text.substr(0, space), provision = space == std::string_view::npos ? "" : text.substr(space + 1);
    auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.document == document && x.title == c.title; });
    if (g == groups.end()) g = groups.insert(groups.end(), Group{document, c.title, {}});
    if (std::find(g->provisions.begin(), g->provisions.end(), provision) == g->provisions.end()) g->provisions.push_back(provision);
  }
  std::vector<std::string> out;
  for (const auto& g : groups) {
    std::string s(g.document);
    const char* separator = " ";
    for (std::string_view p : g.provisions)
      if (!p.empty()) {
        s.append(separator).append(p);
        separator = ", ";
      }
    if (!g.title.empty()) s.append(" — ").append(g.title);
    out.push_back(std::move(s));
  }
  return out;
}
CitationWords::Words words_of(const ir::Basis& b) {
  CitationWords::Words w;
  w.json = "[";
  for (const auto& c : cite_by_document(b)) {
    w.sentence += (w.sentence.empty() ? "" : "; ") + c;
    if (w.json.size() > 1) w.json += ',';
    diag::json_quote_to(w.json, c);
  }
  w.json += ']';
  if (w.sentence.empty()) w.sentence = "none";
  return w;
}
std::string date(Day d) { return ir::date_text(d); }
std::string until(const std::optional<Day>& d) { return d ? "until " + date(*d) : std::string("with no end"); }

// A duration expression that is a constant, or a parameter whose version in force on `d` is one.
std::optional<ir::Value> constant_duration(const ir::Policy& p, ir::ExprId e, Day d, int depth = 0) {
  if (e < 0 || e >= static_cast<ir::ExprId>(p.nodes.size()) || depth > 32) return std::nullopt;
  const ir::Node& n = p.nodes[e];
  if (n.op == ir::Op::Const) return n.value.kind == ir::ValueKind::Duration ? std::optional<ir::Value>(n.value) : std::nullopt;
  if (n.op != ir::Op::Param || n.index < 0 || n.index >= static_cast<std::int32_t>(p.params.size())) return std::nullopt;
  const ir::ParamVersion* v = nullptr;
  for (const auto& x : p.params[n.index].versions)
    if (x.from <= d) v = &x;
  return v ? constant_duration(p, v->value, d, depth + 1) : std::nullopt;
}

class Finder {
 public:
  Finder(const ir::Policy& p, const ir::History& h, const ir::Timeline& t, const Options& o, CitationWords* words)
      : p_(p), h_(h), t_(t), o_(o), w_{o.from, o.to}, words_(words) {}

  std::vector<Finding> run() {
    if (!t_.ok()) return {};
    no_basis();
    outweighs_conduct();
    over_duration();
    restoration_delayed();
    stacking();
    collateral_reach();
    minor_escalation();
    scope_creep();
    for (auto& f : out_)
      if (f.what.rfind("the ", 0) == 0) f.what[0] = 'T';  // "the measure …" opens a sentence
    std::stable_sort(out_.begin(), out_.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.kind, a.start, a.index) < std::tie(b.kind, b.start, b.index);
    });
    return std::move(out_);
  }

 private:
  // ----- words -----
  std::string cites(const ir::Basis& b) const { return words_ ? (*words_)(b).sentence : words_of(b).sentence; }
  std::string entity() const {
    const auto& k = h_.entity.kind >= 0 && h_.entity.kind < static_cast<std::int32_t>(p_.kinds.size()) ? p_.kinds[h_.entity.kind].name : "";
    return k.empty() ? h_.entity.id : fmt::format("{} ({})", h_.entity.id, k);
  }
  std::string list_words(std::int32_t l) const {
    const auto& L = p_.lists.at(l);
    return L.title.empty() ? fmt::format("the list `{}`", L.name) : fmt::format("the list `{}` (\"{}\")", L.name, L.title);
  }
  std::string measure_words(std::int32_t m) const {
    const auto& M = p_.measures.at(m);
    return M.title.empty() ? fmt::format("the measure `{}`", M.name) : fmt::format("the measure `{}` (\"{}\")", M.name, M.title);
  }
  std::string level_words(std::int32_t rank) const {
    return rank >= 1 && rank <= static_cast<std::int32_t>(p_.scale.size()) ? "`" + p_.scale[rank - 1] + "`" : std::to_string(rank);
  }
  std::optional<std::int32_t> rank(std::int32_t event) {
    if (event < 0) return std::nullopt;
    auto it = ranks_.find(event);
    if (it != ranks_.end()) return it->second;
    ir::RunOptions ro;
    ro.calendar = o_.calendar;
    auto r = ir::seriousness_rank(p_, h_, event, ro);
    ranks_[event] = r;
    return r;
  }
  // ", extended by the event `E` of DATE" for a decision whose deadline an `extend by … on E`
  // moved (NDRC Order 36 Art 16 para 3: a lawful extension is not a delay); "" otherwise.
  std::string extended_words(const ir::Decision& d) const {
    std::string e = ir::extension_text(p_, h_, d);
    return e.empty() ? "" : ", extended by " + e;
  }
  std::string event_words(std::int32_t event) {
    if (event < 0 || event >= static_cast<std::int32_t>(h_.events.size())) return "no recorded event";
    const auto& e = h_.events[event];
    std::string s = fmt::format("the event `{}` of {}", p_.events.at(e.type).name, date(e.date));
    if (auto r = rank(event)) s += fmt::format(" (seriousness {})", level_words(*r));
    return s;
  }
  // The conduct a listing punishes: its event; for a listing opened by `include on restored(L)`,
  // the conduct of the listing that grant restored (a granted decision of L on the same event),
  // followed back along a chain of such listings, as `credlex check` reads it.
  std::int32_t conduct_of_listing(std::int32_t k) const {
    auto n = static_cast<std::int32_t>(t_.listings.size());
    for (int hops = 0; hops < 64; ++hops) {
      const auto& l = t_.listings[k];
      const auto& includes = p_.lists.at(l.list).includes;
      if (l.rule < 0 || l.rule >= static_cast<std::int32_t>(includes.size()) || includes[l.rule].restored < 0) return l.cause_event;
      std::int32_t restored = -1;
      for (const auto& d : t_.decisions)
        if (d.event == l.cause_event && d.granted && d.listing >= 0 && d.listing < n && d.listing != k &&
            t_.listings[d.listing].list == includes[l.rule].restored) {
          restored = d.listing;
          break;
        }
      if (restored < 0) return l.cause_event;
      k = restored;
    }
    return t_.listings[k].cause_event;
  }
  // The conduct behind a measure interval of this entity: its listing's conduct, else the event the
  // interpreter recorded as its cause (the event of the day it started, for grade and kind measures).
  std::int32_t cause_event(const MI& m) const {
    if (m.source == MI::Source::Listing && m.source_index >= 0 && m.source_index < static_cast<std::int32_t>(t_.listings.size()))
      return conduct_of_listing(m.source_index);
    return m.cause.event;
  }
  std::vector<std::string> listing_chain(std::int32_t k) {
    const auto& l = t_.listings.at(k);
    std::vector<std::string> x;
    x.push_back(fmt::format("{} was put on {} on {} by the rule \"{}\", because of {}.", entity(), list_words(l.list), date(l.start),
                            l.cause.rule, event_words(l.cause_event)));
    std::string end;
    switch (l.ended_by) {
      case ir::End::Open: end = "The listing has no end in the records."; break;
      case ir::End::Period:
        end = fmt::format("The listing ended on {} when its period ran out{}.", date(*l.end),
                          l.removal_deadline ? ", to be deleted by " + date(*l.removal_deadline) : "");
        break;
      case ir::End::Removal:
        end = fmt::format("The listing was removed on {} by the rule \"{}\"{}.", date(*l.end), l.end_cause ? l.end_cause->rule : "?",
                          l.removal_deadline ? ", to be deleted by " + date(*l.removal_deadline) : "");
        break;
      case ir::End::Restoration:
        end = fmt::format("The listing ended on {} by a granted restoration decision{}.", date(*l.end),
                          l.removal_deadline ? ", to be deleted by " + date(*l.removal_deadline) : "");
        break;
      default: end = fmt::format("The listing ended on {}.", date(*l.end)); break;
    }
    x.push_back(end);
    for (const auto& e : l.extensions)
      x.push_back(fmt::format("On {} it was extended by {} by the rule \"{}\"{}.", date(e.date), ir::to_string(p_, e.added), e.cause.rule,
                              e.capped ? " (cut by the cap of the extension rule)" : ""));
    x.push_back("Legal basis of the listing: " + cites(l.cause.basis) + ".");
    return x;
  }
  std::vector<std::string> measure_chain(std::int32_t i) {
    const auto& m = t_.measures.at(i);
    const auto& M = p_.measures.at(m.measure);
    std::vector<std::string> x;
    if (m.source == MI::Source::Reach) {
      x.push_back(fmt::format("{} was under {} from {} to {} because it is related as `{}` to {}, who was under it (rule \"{}\").", entity(),
                              measure_words(m.measure), date(m.start), m.end ? date(*m.end) : "no end", p_.relations.at(m.relation).name,
                              m.reached_from, m.cause.rule));
    } else {
      if (m.source == MI::Source::Listing && m.source_index >= 0) {
        auto chain = listing_chain(m.source_index);
        x.insert(x.end(), chain.begin(), chain.end() - 1);  // without the listing's basis: the measure's chain repeats it
      } else if (m.cause.event >= 0) {
        x.push_back(fmt::format("It started on the day of {}.", event_words(m.cause.event)));
      }
      x.push_back(fmt::format("{} was under {} (severity {}, applied by {}) from {} {}, by the rule \"{}\".", entity(),
                              measure_words(m.measure), M.severity, M.authority.empty() ? "an authority not stated" : M.authority,
                              date(m.start), until(m.end), m.cause.rule));
    }
    x.push_back("Legal basis of the measure: " + cites(m.cause.basis) + ".");
    return x;
  }

  // ----- building findings -----
  Finding& add(Kind kind, Finding::Item item, std::int32_t index, Day start, const std::optional<Day>& end, Day from,
               const std::optional<Day>& to) {
    Finding f;
    f.kind = kind;
    f.item = item;
    f.index = index;
    f.start = start;
    f.end = end;
    f.excess_start = w_.clip_start(from);
    f.excess_end = w_.clip_end(to);
    f.excess_days = static_cast<std::int64_t>(f.excess_end) - f.excess_start;
    if (item == Finding::Item::Listing) {
      f.list = t_.listings.at(index).list;
      f.basis = t_.listings.at(index).cause.basis;
    } else if (item == Finding::Item::Measure) {
      f.measure = t_.measures.at(index).measure;
      f.basis = t_.measures.at(index).cause.basis;
    }
    out_.push_back(std::move(f));
    return out_.back();
  }
  // A finding only when at least one of its days is in the window.
  bool counts(Day from, const std::optional<Day>& to) const { return w_.days(from, to) > 0; }
  void limit(Finding& f, std::int32_t l) {
    f.limit = l;
    f.limit_label = p_.limits.at(l).label;
    f.limit_basis = p_.limits.at(l).basis;
  }
  void days_line(Finding& f) {
    f.explanation.push_back(fmt::format("Days counted: {} from {} to {} (the last day counted is {}), inside the observation window.",
                                        f.excess_days, date(f.excess_start), date(f.excess_end), date(f.excess_end - 1)));
  }
  void limit_line(Finding& f) {
    f.explanation.push_back(fmt::format("Limit: {}; its basis: {}.", f.limit_label, cites(f.limit_basis)));
  }

  // ----- the kinds -----
  void no_basis() {
    for (std::size_t k = 0; k < t_.listings.size(); ++k) {
      const auto& l = t_.listings[k];
      if (!l.cause.basis.empty() || !counts(l.start, l.end)) continue;
      auto& f = add(Kind::NoBasis, Finding::Item::Listing, static_cast<std::int32_t>(k), l.start, l.end, l.start, l.end);
      f.limit_label = "every effect has a legal basis (LANGUAGE.md §1)";
      f.what = fmt::format("The listing of {} on {} from {} cites no legal basis.", entity(), list_words(l.list), date(l.start));
      f.explanation = listing_chain(static_cast<std::int32_t>(k));
      limit_line(f);
      days_line(f);
    }
    for (std::size_t i = 0; i < t_.measures.size(); ++i) {
      const auto& m = t_.measures[i];
      if (!m.cause.basis.empty() || !counts(m.start, m.end)) continue;
      auto& f = add(Kind::NoBasis, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, m.start, m.end);
      f.limit_label = "every effect has a legal basis (LANGUAGE.md §1)";
      f.what = fmt::format("{} was applied to {} from {} without any legal basis.", measure_words(m.measure), entity(), date(m.start));
      f.explanation = measure_chain(static_cast<std::int32_t>(i));
      limit_line(f);
      days_line(f);
    }
  }

  void outweighs_conduct() {
    for (std::size_t i = 0; i < t_.measures.size(); ++i) {
      const auto& m = t_.measures[i];
      if (m.source == MI::Source::Reach || !counts(m.start, m.end)) continue;
      auto r = rank(cause_event(m));
      if (!r) continue;
      std::int32_t best = -1;
      for (std::size_t l = 0; l < p_.limits.size(); ++l) {
        const auto& L = p_.limits[l];
        if (L.kind != ir::Limit::Kind::Severity || !L.folded || *r > static_cast<std::int32_t>(L.max_severity.size())) continue;
        if (best < 0 || L.max_severity[*r - 1] < p_.limits[best].max_severity[*r - 1]) best = static_cast<std::int32_t>(l);
      }
      if (best < 0) continue;
      std::int64_t max = p_.limits[best].max_severity[*r - 1];
      std::int64_t sev = p_.measures.at(m.measure).severity;
      if (sev <= max) continue;
      auto& f = add(Kind::OutweighsConduct, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, m.start, m.end);
      limit(f, best);
      f.what = fmt::format("{} (severity {}) was applied to {} for conduct of seriousness {}, for which the limit allows at most severity {}.",
                           measure_words(m.measure), sev, entity(), level_words(*r), max);
      f.explanation = measure_chain(static_cast<std::int32_t>(i));
      limit_line(f);
      days_line(f);
    }
  }

  void over_duration() {
    // Listings: the legal maximum of their include rule, and `duration of listing <= D`.
    for (std::size_t k = 0; k < t_.listings.size(); ++k) {
      const auto& l = t_.listings[k];
      std::optional<Day> max;
      std::int32_t by = -1;  // -1: the legal maximum
      if (l.legal_maximum) max = l.legal_maximum;
      for (std::size_t x = 0; x < p_.limits.size(); ++x) {
        const auto& L = p_.limits[x];
        if (L.kind != ir::Limit::Kind::ListingDuration || !L.duration) continue;
        auto m = plus(o_.calendar, l.start, *L.duration);
        if (m && (!max || *m < *max)) { max = m; by = static_cast<std::int32_t>(x); }
      }
      if (!max) continue;
      Day end = l.end ? *l.end : o_.to;
      if (end <= *max || !counts(*max, l.end)) continue;
      auto& f = add(Kind::OverDuration, Finding::Item::Listing, static_cast<std::int32_t>(k), l.start, l.end, *max, l.end);
      if (by >= 0) limit(f, by);
      else {
        f.limit_label = fmt::format("the legal maximum of the rule \"{}\" (the upper bound of its period): {}", l.cause.rule, date(*max));
        f.limit_basis = l.cause.basis;
      }
      f.what = fmt::format("The listing of {} on {} from {} lasted {}, longer than allowed: it should have ended by {}.", entity(),
                           list_words(l.list), date(l.start), l.end ? "until " + date(*l.end) : "with no end", date(*max));
      f.explanation = listing_chain(static_cast<std::int32_t>(k));
      limit_line(f);
      days_line(f);
    }
    // Measures: `duration of measure <= D`, from the start of each interval; a measure for life
    // too (its open end is over any bound), unless the limits permit measures for life. A measure
    // `while listed and for D after` from the end of its source (the time after, which is what
    // Credit Reporting Regulations Art 16 bounds); while the source lasts, the source's own limit.
    for (std::size_t i = 0; i < t_.measures.size(); ++i) {
      const auto& m = t_.measures[i];
      if (life_permitted(m.measure)) continue;
      Day from = m.start;
      if (p_.measures.at(m.measure).duration == ir::Measure::Duration::AfterListing && m.source != MI::Source::Kind) {
        // A copy reached through a relation is measured on the entity it was copied from.
        if (m.source == MI::Source::Reach) continue;
        auto source_end = end_of_source(m);
        if (!source_end) continue;
        from = std::max(from, *source_end);
      }
      std::optional<Day> max;
      std::int32_t by = -1;
      for (std::size_t x = 0; x < p_.limits.size(); ++x) {
        const auto& L = p_.limits[x];
        if (L.kind != ir::Limit::Kind::MeasureDuration || !L.duration) continue;
        auto d = plus(o_.calendar, from, *L.duration);
        if (d && (!max || *d < *max)) { max = d; by = static_cast<std::int32_t>(x); }
      }
      if (!max) continue;
      Day end = m.end ? *m.end : o_.to;
      if (end <= *max || !counts(*max, m.end)) continue;
      auto& f = add(Kind::OverDuration, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, *max, m.end);
      limit(f, by);
      bool life = p_.measures.at(m.measure).duration == ir::Measure::Duration::Life;
      f.what = fmt::format("{} applied to {} from {} {}, longer than the limit allows: it should have ended by {}.", measure_words(m.measure),
                           entity(), date(m.start), m.end ? "until " + date(*m.end) : life ? "for life" : "with no end", date(*max));
      f.explanation = measure_chain(static_cast<std::int32_t>(i));
      limit_line(f);
      days_line(f);
    }
  }

  // The end of the listing or grade interval a measure rests on, if it has ended.
  std::optional<Day> end_of_source(const MI& m) const {
    if (m.source == MI::Source::Listing && m.source_index >= 0) return t_.listings.at(m.source_index).end;
    if (m.source == MI::Source::Grade && m.source_index >= 0) return t_.grades.at(m.source_index).end;
    return std::nullopt;
  }

  // A measure for life under limits that say which laws may impose one: the checker has already
  // verified that every measure for life rests on one of them (E0709), so no fixed bound applies.
  bool life_permitted(std::int32_t measure) const {
    if (p_.measures.at(measure).duration != ir::Measure::Duration::Life) return false;
    return std::any_of(p_.limits.begin(), p_.limits.end(), [](const ir::Limit& L) { return L.kind == ir::Limit::Kind::LifeOnly; });
  }

  void restoration_delayed() {
    for (std::size_t k = 0; k < t_.listings.size(); ++k) {
      const auto& l = t_.listings[k];
      if (!l.end) continue;
      // The day from which the entity should no longer be punished for this listing.
      Day due = *l.end;
      std::string why;
      ir::Basis basis;
      if (l.ended_by == ir::End::Removal) {
        if (l.removal_deadline) due = *l.removal_deadline;
        why = fmt::format("the listing was removed on {} by the rule \"{}\", to be deleted by {}", date(*l.end),
                          l.end_cause ? l.end_cause->rule : "?", date(due));
        if (l.end_cause) basis = l.end_cause->basis;
      } else if (l.ended_by == ir::End::Restoration) {
        for (const auto& d : t_.decisions)
          if (d.listing == static_cast<std::int32_t>(k) && d.granted) {
            // `decide … then remove within W`: the deletion is owed W after the decision itself;
            // without it, the listing ends by the decision's deadline.
            std::string extended;
            if (l.removal_deadline) {
              due = *l.removal_deadline;
            } else if (d.deadline) {
              due = *d.deadline;
              extended = extended_words(d);
            }
            basis = d.cause.basis;
            why = fmt::format("restoration was granted on {} (rule \"{}\"), to be carried out by {}{}", date(d.date), d.cause.rule, date(due),
                              extended);
          }
        if (why.empty()) why = fmt::format("restoration was granted on {}", date(*l.end));
      } else if (l.ended_by == ir::End::Period) {
        // `for D then remove within W`: the authority has W after the period's last day to
        // delete the listing (SPC 2017 Art 10 para 2), so punishment until then is not delayed.
        if (l.removal_deadline) due = *l.removal_deadline;
        why = l.removal_deadline ? fmt::format("the period of the listing ran out on {}, to be deleted by {}", date(*l.end), date(due))
                                 : fmt::format("the period of the listing ran out on {}", date(*l.end));
        basis = l.cause.basis;
      } else {
        continue;
      }
      // The listing itself kept after its deletion was due (recorded data; the interpreter ends a
      // removed or restored listing on the day of the removal or decision).
      if (*l.end > due && counts(due, l.end)) {
        auto& f = add(Kind::RestorationDelayed, Finding::Item::Listing, static_cast<std::int32_t>(k), l.start, l.end, due, l.end);
        f.limit_label = "the end of the listing: " + why;
        f.limit_basis = basis;
        f.what = fmt::format("{} stayed on {} until {} although {}.", entity(), list_words(l.list), date(*l.end), why);
        f.explanation = listing_chain(static_cast<std::int32_t>(k));
        limit_line(f);
        days_line(f);
      }
      // Decisions recorded later than their deadline (a replay of recorded decisions; the
      // interpreter always decides on the day of the application).
      for (const auto& d : t_.decisions)
        if (d.listing == static_cast<std::int32_t>(k) && d.deadline && d.date > *d.deadline && counts(*d.deadline, d.date)) {
          auto& f = add(Kind::RestorationDelayed, Finding::Item::Listing, static_cast<std::int32_t>(k), l.start, l.end, *d.deadline, d.date);
          const std::string extended = extended_words(d);
          f.limit_label = fmt::format("the deadline of the rule \"{}\": {}{}", d.cause.rule, date(*d.deadline), extended);
          f.limit_basis = d.cause.basis;
          f.what = fmt::format("The restoration decision on the listing of {} was taken on {}, after its deadline of {}{}.", entity(),
                               date(d.date), date(*d.deadline), extended);
          f.explanation = listing_chain(static_cast<std::int32_t>(k));
          limit_line(f);
          days_line(f);
        }
      for (std::size_t i = 0; i < t_.measures.size(); ++i) {
        const auto& m = t_.measures[i];
        // A measure with a duration of its own (`for D`, `for life`, `… and for D after`) is
        // measured by over-duration and scope-creep, not here: only measures that rest on the listing (`while listed`,
        // `until restored`) must end with it.
        auto own = p_.measures.at(m.measure).duration;
        if (m.source != MI::Source::Listing || m.source_index != static_cast<std::int32_t>(k) || own == ir::Measure::Duration::For ||
            own == ir::Measure::Duration::Life || own == ir::Measure::Duration::AfterListing)
          continue;
        Day end = m.end ? *m.end : o_.to;
        Day from = std::max(due, m.start);
        if (end <= from || !counts(from, m.end)) continue;
        auto& f = add(Kind::RestorationDelayed, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, from, m.end);
        f.limit_label = "the end of the listing: " + why;
        f.limit_basis = basis;
        f.what = fmt::format("{} stayed under {} {} although {}.", entity(), measure_words(m.measure), m.end ? "until " + date(*m.end) : "with no end",
                             why);
        f.explanation = measure_chain(static_cast<std::int32_t>(i));
        limit_line(f);
        days_line(f);
      }
    }
  }

  void stacking() {
    std::vector<std::int32_t> limits;
    for (std::size_t x = 0; x < p_.limits.size(); ++x) {
      const auto& L = p_.limits[x];
      if ((L.kind == ir::Limit::Kind::ConcurrentSeverity || L.kind == ir::Limit::Kind::ConcurrentMeasures) && L.folded)
        limits.push_back(static_cast<std::int32_t>(x));
    }
    if (limits.empty() || t_.measures.empty()) return;
    std::set<Day> cuts;
    for (const auto& m : t_.measures) {
      if (!counts(m.start, m.end)) continue;
      cuts.insert(w_.clip_start(m.start));
      cuts.insert(w_.clip_end(m.end));
    }
    std::vector<Day> at(cuts.begin(), cuts.end());
    // The conduct a measure interval is for: (entity it comes from, event); no event: itself.
    using Conduct = std::tuple<std::string, std::int32_t, std::int64_t>;
    auto conduct = [&](std::size_t i) {
      const auto& m = t_.measures[i];
      std::int32_t e = m.source == MI::Source::Reach ? m.cause.event : cause_event(m);
      return Conduct{m.source == MI::Source::Reach ? m.reached_from : std::string(), e, e < 0 ? static_cast<std::int64_t>(i) : -1};
    };
    // Items of one measure (G18): local measures refining the same measure of a basic list, in
    // force for the same conduct, are parts of that one measure (SPC 2015 Art 3 para 1: one order,
    // nine prohibited kinds of spending). They count once, at the highest severity among them.
    // An interval's item key: (its conduct, the top of its measure's `refines` chain).
    using Item = std::pair<Conduct, std::int32_t>;
    auto item = [&](std::size_t i) {
      std::int32_t m = t_.measures[i].measure;
      for (int hops = 0; p_.measures.at(m).refines >= 0 && hops < 64; ++hops) m = p_.measures[m].refines;
      return Item{conduct(i), m};
    };
    struct Run { Day from, to; std::int32_t limit; std::vector<std::int32_t> broken; std::int64_t worst_severity, worst_count; std::vector<std::size_t> first; };
    std::optional<Run> run;
    auto flush = [&] {
      if (!run) return;
      // The measure that broke the limit: the latest to start among those in force on the first day.
      std::size_t culprit = run->first.front();
      for (auto i : run->first)
        if (t_.measures[i].start >= t_.measures[culprit].start) culprit = i;
      Finding& f = add(Kind::Stacking, Finding::Item::Stack, -1, run->from, run->to, run->from, run->to);
      f.measure = t_.measures[culprit].measure;
      f.basis = t_.measures[culprit].cause.basis;
      limit(f, run->limit);
      std::string names;
      for (auto i : run->first) names += (names.empty() ? "" : ", ") + fmt::format("`{}` (severity {})", p_.measures[t_.measures[i].measure].name,
                                                                                     p_.measures[t_.measures[i].measure].severity);
      f.what = fmt::format("From {} to {} {} was under too many measures at once: up to {} measures with a total severity of up to {}.",
                           date(run->from), date(run->to), entity(), run->worst_count, run->worst_severity);
      f.explanation.push_back(fmt::format("On {} {} was under: {}.", date(run->from), entity(), names));
      std::map<Item, std::int32_t> items;
      for (auto i : run->first) ++items[item(i)];
      for (const auto& [key, n] : items)
        if (n > 1)
          f.explanation.push_back(fmt::format("{} of them are items of one measure, `{}`, for the same conduct: they count once, at the "
                                              "highest severity among them.", n, p_.measures[key.second].name));
      f.explanation.push_back(fmt::format("The last of them to start was {}, from {}.", measure_words(f.measure), date(t_.measures[culprit].start)));
      auto chain = measure_chain(static_cast<std::int32_t>(culprit));
      f.explanation.insert(f.explanation.end(), chain.begin(), chain.end());
      limit_line(f);
      for (auto b : run->broken)
        if (b != run->limit) f.explanation.push_back(fmt::format("Also broken in these days: {}.", p_.limits[b].label));
      days_line(f);
      run.reset();
    };
    for (std::size_t s = 0; s + 1 < at.size(); ++s) {
      Day a = at[s], b = at[s + 1];
      // (conduct, measure of the basic list) → the highest severity of its items in force.
      std::map<Item, std::int64_t> measures;
      std::vector<std::size_t> in_force;
      for (std::size_t i = 0; i < t_.measures.size(); ++i) {
        const auto& m = t_.measures[i];
        if (m.start > a || (m.end && *m.end <= a)) continue;
        in_force.push_back(i);
        auto& highest = measures[item(i)];
        highest = std::max(highest, p_.measures[m.measure].severity);
      }
      std::int64_t severity = 0, most = 0;
      std::map<Conduct, std::int64_t> per_conduct;
      for (const auto& [key, highest] : measures) {
        severity += highest;
        most = std::max(most, ++per_conduct[key.first]);
      }
      std::vector<std::int32_t> broken;
      for (auto x : limits) {
        const auto& L = p_.limits[x];
        if ((L.kind == ir::Limit::Kind::ConcurrentSeverity && severity > L.number) || (L.kind == ir::Limit::Kind::ConcurrentMeasures && most > L.number))
          broken.push_back(x);
      }
      if (broken.empty()) { flush(); continue; }
      if (run && run->to == a) {
        run->to = b;
        run->worst_severity = std::max(run->worst_severity, severity);
        run->worst_count = std::max(run->worst_count, static_cast<std::int64_t>(measures.size()));
        for (auto x : broken)
          if (std::find(run->broken.begin(), run->broken.end(), x) == run->broken.end()) run->broken.push_back(x);
      } else {
        flush();
        run = Run{a, b, broken.front(), broken, severity, static_cast<std::int64_t>(measures.size()), in_force};
      }
    }
    flush();
  }

  void collateral_reach() {
    for (std::size_t i = 0; i < t_.measures.size(); ++i) {
      const auto& m = t_.measures[i];
      if (m.source != MI::Source::Reach || m.relation < 0 || !counts(m.start, m.end)) continue;
      const std::string& rel = p_.relations.at(m.relation).name;
      for (std::size_t x = 0; x < p_.limits.size(); ++x) {
        const auto& L = p_.limits[x];
        if (L.kind != ir::Limit::Kind::ReachOnly && L.kind != ir::Limit::Kind::ReachNone) continue;
        if (std::find(L.names.begin(), L.names.end(), rel) != L.names.end()) continue;
        auto& f = add(Kind::CollateralReach, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, m.start, m.end);
        limit(f, static_cast<std::int32_t>(x));
        f.what = fmt::format("{} reached {} as `{}` of {}, a relation the limits do not allow a measure to reach.", measure_words(m.measure),
                             entity(), rel, m.reached_from);
        f.explanation = measure_chain(static_cast<std::int32_t>(i));
        limit_line(f);
        days_line(f);
        break;  // one finding per reached interval
      }
    }
  }

  void minor_escalation() {
    if (p_.scale.empty()) return;
    std::int32_t fields = -1, severity = -1;
    for (std::size_t x = 0; x < p_.limits.size(); ++x) {
      if (p_.limits[x].kind == ir::Limit::Kind::ListFields && fields < 0) fields = static_cast<std::int32_t>(x);
      if (p_.limits[x].kind == ir::Limit::Kind::Severity && severity < 0) severity = static_cast<std::int32_t>(x);
    }
    auto principle = [&](Finding& f, std::int32_t x) {
      if (x >= 0) limit(f, x);
      else f.limit_label = "minor conduct leads neither to a listing nor to a measure above the lightest severity (LANGUAGE.md §4)";
    };
    for (std::size_t k = 0; k < t_.listings.size(); ++k) {
      const auto& l = t_.listings[k];
      if (rank(conduct_of_listing(static_cast<std::int32_t>(k))) != 1 || !counts(l.start, l.end)) continue;
      auto& f = add(Kind::MinorEscalation, Finding::Item::Listing, static_cast<std::int32_t>(k), l.start, l.end, l.start, l.end);
      principle(f, fields);
      f.what = fmt::format("{} was put on {} on {} for conduct of the lightest seriousness, {}.", entity(), list_words(l.list), date(l.start),
                           level_words(1));
      f.explanation = listing_chain(static_cast<std::int32_t>(k));
      limit_line(f);
      days_line(f);
    }
    for (std::size_t i = 0; i < t_.measures.size(); ++i) {
      const auto& m = t_.measures[i];
      if (m.source == MI::Source::Reach || p_.measures.at(m.measure).severity <= 1 || !counts(m.start, m.end)) continue;
      if (rank(cause_event(m)) != 1) continue;
      auto& f = add(Kind::MinorEscalation, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, m.start, m.end);
      principle(f, severity);
      f.what = fmt::format("{} (severity {}) was applied to {} for conduct of the lightest seriousness, {}.", measure_words(m.measure),
                           p_.measures[m.measure].severity, entity(), level_words(1));
      f.explanation = measure_chain(static_cast<std::int32_t>(i));
      limit_line(f);
      days_line(f);
    }
  }

  void scope_creep() {
    for (std::size_t i = 0; i < t_.measures.size(); ++i) {
      const auto& m = t_.measures[i];
      const auto& M = p_.measures.at(m.measure);
      if (M.refines < 0 || !counts(m.start, m.end)) continue;
      const auto& N = p_.measures.at(M.refines);
      std::string refined = fmt::format("`{}`", N.name);
      auto finding = [&](Day from, const std::optional<Day>& to, std::string label, std::string what) {
        auto& f = add(Kind::ScopeCreep, Finding::Item::Measure, static_cast<std::int32_t>(i), m.start, m.end, from, to);
        f.limit_label = std::move(label);
        f.limit_basis = N.basis;
        f.what = std::move(what);
        f.explanation = measure_chain(static_cast<std::int32_t>(i));
        limit_line(f);
        days_line(f);
      };
      // Heavier than the national measure, or applied to a kind it does not name: every day.
      if (M.severity > N.severity) {
        finding(m.start, m.end, fmt::format("a refinement may not be heavier than {} (severity {})", refined, N.severity),
                fmt::format("{} (severity {}) refines {} of severity {} but is heavier.", measure_words(m.measure), M.severity, refined, N.severity));
        continue;
      }
      bool names_kinds = false, names_this = false;
      for (const auto& t : N.targets)
        if (t.kind == ir::Target::Kind::EntityKind) {
          names_kinds = true;
          names_this = names_this || t.index == h_.entity.kind;
        }
      if (m.source != MI::Source::Reach && names_kinds && !names_this) {
        finding(m.start, m.end, fmt::format("a refinement applies only to the kinds of entity {} names", refined),
                fmt::format("{} was applied to {}, a kind of entity {} does not apply to.", measure_words(m.measure), entity(), refined));
        continue;
      }
      if (m.source == MI::Source::Reach && m.relation >= 0) {
        const auto& rel = p_.relations.at(m.relation).name;
        if (std::find(N.reaches.begin(), N.reaches.end(), rel) == N.reaches.end()) {
          finding(m.start, m.end, fmt::format("a refinement reaches only the relations {} reaches", refined),
                  fmt::format("{} reached {} as `{}`, a relation {} does not reach.", measure_words(m.measure), entity(), rel, refined));
          continue;
        }
      }
      // Longer than the national measure's fixed period (its upper bound): `for D` counted from the
      // start of the source listing (as the interpreter counts `for`), else of the interval; `while
      // listed and for D after` from the end of the source listing or grade (nothing while it lasts).
      bool fixed = N.duration == ir::Measure::Duration::For;
      if ((fixed || N.duration == ir::Measure::Duration::AfterListing) && m.source != MI::Source::Reach) {
        std::optional<Day> from = !fixed ? end_of_source(m)
                                  : m.source == MI::Source::Listing && m.source_index >= 0 ? t_.listings.at(m.source_index).start
                                                                                          : m.start;
        if (!from) continue;
        auto d = constant_duration(p_, N.span.high != ir::kNoExpr ? N.span.high : N.span.low, *from);
        if (!d) continue;
        auto max = plus(o_.calendar, *from, *d);
        Day end = m.end ? *m.end : o_.to;
        if (!max || end <= *max || !counts(*max, m.end)) continue;
        std::string period = ir::to_string(p_, *d);
        finding(*max, m.end,
                fmt::format("a refinement lasts no longer than {} ({} {} {}, that is until {})", refined, period,
                            fixed ? "from" : "after the listing ended on", date(*from), date(*max)),
                fmt::format("{} applied to {} {}, longer than the {} {} {}, which would have ended on {}.", measure_words(m.measure), entity(),
                            m.end ? "until " + date(*m.end) : "with no end", period, fixed ? "of" : "after the listing of", refined,
                            date(*max)));
      } else if (N.duration == ir::Measure::Duration::WhileListed && m.source == MI::Source::Listing && m.source_index >= 0) {
        const auto& l = t_.listings.at(m.source_index);
        Day end = m.end ? *m.end : o_.to;
        if (!l.end || end <= *l.end || !counts(*l.end, m.end)) continue;
        finding(*l.end, m.end, fmt::format("a refinement of {} ends with the listing", refined),
                fmt::format("{} applied to {} {}, after the listing it rests on ended on {}; {} ends with the listing.", measure_words(m.measure),
                            entity(), m.end ? "until " + date(*m.end) : "with no end", date(*l.end), refined));
      }
    }
  }

  const ir::Policy& p_;
  const ir::History& h_;
  const ir::Timeline& t_;
  const Options& o_;
  Window w_;
  CitationWords* words_;  // null: the words are made for every finding
  std::map<std::int32_t, std::optional<std::int32_t>> ranks_;
  std::vector<Finding> out_;
};

std::int32_t year_of(Day d) {
  std::int32_t y, m, dd;
  clx_civil_from_days(d, &y, &m, &dd);
  return y;
}

using diag::json_quote;

void json_basis(std::string& out, const ir::Basis& b, CitationWords* words) {
  if (words) out += (*words)(b).json;  // no copy of the memo's string
  else out += words_of(b).json;
}

}  // namespace

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::NoBasis: return "no-basis";
    case Kind::OutweighsConduct: return "outweighs-conduct";
    case Kind::OverDuration: return "over-duration";
    case Kind::RestorationDelayed: return "restoration-delayed";
    case Kind::Stacking: return "stacking";
    case Kind::CollateralReach: return "collateral-reach";
    case Kind::MinorEscalation: return "minor-escalation";
    case Kind::ScopeCreep: return "scope-creep";
  }
  return "?";
}

const CitationWords::Words& CitationWords::operator()(const ir::Basis& basis) {
  auto it = chains_.find(basis.identity());
  if (it == chains_.end()) it = chains_.emplace(basis.identity(), std::make_pair(basis, words_of(basis))).first;
  return it->second.second;
}

void CitationWords::trim() {
  if (chains_.size() >= kMostChains) chains_.clear();
}

std::vector<Finding> compute(const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline, const Options& options,
                             CitationWords* words) {
  if (words) words->trim();
  return Finder(policy, history, timeline, options, words).run();
}

int bucket(std::int64_t d) {
  if (d <= 30) return 0;
  if (d <= 90) return 1;
  if (d <= 365) return 2;
  if (d <= 730) return 3;
  if (d <= 1825) return 4;
  return 5;
}

void Metrics::add(const ir::Policy& p, const ir::History& h, const ir::Timeline& t, const std::vector<Finding>& fs, const Options& o) {
  Window w{o.from, o.to};
  const std::string kind = h.entity.kind >= 0 && h.entity.kind < static_cast<std::int32_t>(p.kinds.size()) ? p.kinds[h.entity.kind].name : "?";
  ++entities;
  auto& ek = by_entity_kind[kind];
  ++ek.entities;
  // Punishment: each measure interval's days in the window, split by calendar year.
  std::int64_t days = 0;
  std::set<std::string> measures_seen;
  std::set<std::int32_t> years_seen;
  for (const auto& m : t.measures) {
    std::int64_t n = w.days(m.start, m.end);
    if (n == 0) continue;
    days += n;
    const std::string& name = p.measures.at(m.measure).name;
    by_measure[name].punishment_days += n;
    measures_seen.insert(name);
    Day a = w.clip_start(m.start), b = w.clip_end(m.end);
    while (a < b) {
      std::int32_t y = year_of(a);
      Day next = std::min<Day>(b, clx_days_from_civil(y + 1, 1, 1));
      by_year[y].punishment_days += next - a;
      years_seen.insert(y);
      a = next;
    }
  }
  for (const auto& name : measures_seen) ++by_measure[name].entities;
  for (auto y : years_seen) ++by_year[y].entities_punished;
  if (days > 0) {
    ++entities_punished;
    ++ek.punished;
  }
  punishment_days += days;
  // Findings.
  std::set<int> kinds_seen;
  std::vector<std::pair<Day, Day>> spans;
  for (const auto& f : fs) {
    ++findings;
    excess_days += f.excess_days;
    auto& k = by_kind[static_cast<int>(f.kind)];
    ++k.findings;
    k.excess_days += f.excess_days;
    kinds_seen.insert(static_cast<int>(f.kind));
    ++ek.findings;
    if (f.measure >= 0) {
      auto& row = by_measure[p.measures.at(f.measure).name];
      ++row.findings;
      row.excess_days += f.excess_days;
    }
    auto& a = by_authority[f.measure >= 0 ? p.measures.at(f.measure).authority : std::string(kListingAuthority)];
    ++a.findings;
    a.excess_days += f.excess_days;
    auto& y = by_year[year_of(f.excess_start)];
    ++y.findings;
    y.excess_days += f.excess_days;
    ++excess_distribution[bucket(f.excess_days)];
    spans.emplace_back(f.excess_start, f.excess_end);
  }
  for (int k : kinds_seen) ++by_kind[k].entities;
  // Entity-days in excess: the union of the findings' excess intervals.
  std::sort(spans.begin(), spans.end());
  Day covered = std::numeric_limits<Day>::min();
  for (const auto& [a, b] : spans) {
    Day s = std::max(a, covered);
    if (b > s) entity_days_in_excess += static_cast<std::int64_t>(b) - s;
    covered = std::max(covered, b);
  }
}

void Metrics::merge(const Metrics& o) {
  entities += o.entities;
  entities_punished += o.entities_punished;
  punishment_days += o.punishment_days;
  excess_days += o.excess_days;
  entity_days_in_excess += o.entity_days_in_excess;
  findings += o.findings;
  for (int k = 0; k < kKinds; ++k) {
    by_kind[k].findings += o.by_kind[k].findings;
    by_kind[k].entities += o.by_kind[k].entities;
    by_kind[k].excess_days += o.by_kind[k].excess_days;
  }
  for (const auto& [name, r] : o.by_measure) {
    auto& x = by_measure[name];
    x.entities += r.entities;
    x.punishment_days += r.punishment_days;
    x.findings += r.findings;
    x.excess_days += r.excess_days;
  }
  for (const auto& [name, r] : o.by_authority) {
    auto& x = by_authority[name];
    x.findings += r.findings;
    x.excess_days += r.excess_days;
  }
  for (const auto& [name, r] : o.by_entity_kind) {
    auto& x = by_entity_kind[name];
    x.entities += r.entities;
    x.punished += r.punished;
    x.findings += r.findings;
  }
  for (const auto& [y, r] : o.by_year) {
    auto& x = by_year[y];
    x.entities_punished += r.entities_punished;
    x.punishment_days += r.punishment_days;
    x.findings += r.findings;
    x.excess_days += r.excess_days;
  }
  for (int b = 0; b < kBuckets; ++b) excess_distribution[b] += o.excess_distribution[b];
}

void finding_json(std::string& out, const ir::Policy& p, const ir::History& h, const Finding& f, CitationWords* words) {
  using diag::json_quote_to;
  const std::string* kind = h.entity.kind >= 0 && h.entity.kind < static_cast<std::int32_t>(p.kinds.size()) ? &p.kinds[h.entity.kind].name : nullptr;
  const char* item = f.item == Finding::Item::Listing ? "listing" : f.item == Finding::Item::Measure ? "measure" : "measures";
  std::string_view name, title, authority;
  if (f.item == Finding::Item::Listing && f.list >= 0) {
    name = p.lists.at(f.list).name;
    title = p.lists.at(f.list).title;
    authority = kListingAuthority;
  } else if (f.measure >= 0) {
    name = p.measures.at(f.measure).name;
    title = p.measures.at(f.measure).title;
    authority = p.measures.at(f.measure).authority;
  }
  // Appended piece by piece: a line of several kilobytes without a temporary string per key.
  auto key = [&](const char* k, std::string_view text) {
    out += k;
    json_quote_to(out, text);
  };
  key("{\"kind\":", kind_name(f.kind));
  key(",\"entity\":", h.entity.id);
  key(",\"entity_kind\":", kind ? std::string_view(*kind) : std::string_view());
  key(",\"item\":", item);
  key(",\"name\":", name);
  key(",\"title\":", title);
  key(",\"authority\":", authority);
  key(",\"start\":", ir::date_text(f.start));
  if (f.end) key(",\"end\":", ir::date_text(*f.end));
  else out += ",\"end\":null";
  key(",\"excess_start\":", ir::date_text(f.excess_start));
  key(",\"excess_end\":", ir::date_text(f.excess_end));
  fmt::format_to(std::back_inserter(out), ",\"excess_days\":{}", f.excess_days);
  key(",\"what\":", f.what);
  out += ",\"citations\":";
  json_basis(out, f.basis, words);
  key(",\"limit\":{\"label\":", f.limit_label);
  out += ",\"citations\":";
  json_basis(out, f.limit_basis, words);
  out += "},\"explanation\":[";
  for (std::size_t i = 0; i < f.explanation.size(); ++i) {
    if (i) out += ',';
    json_quote_to(out, f.explanation[i]);
  }
  out += "]}";
}

std::string finding_json(const ir::Policy& p, const ir::History& h, const Finding& f, CitationWords* words) {
  std::string out;
  finding_json(out, p, h, f, words);
  return out;
}

std::string metrics_json(const ir::Policy& p, const Metrics& m) {
  std::string o = fmt::format("{{\"entities\":{},\"entities_punished\":{},\"punishment_days\":{},\"excess_days\":{},\"entity_days_in_excess\":{},\"findings\":{}",
                              m.entities, m.entities_punished, m.punishment_days, m.excess_days, m.entity_days_in_excess, m.findings);
  o += ",\"by_kind\":[";
  for (int k = 0; k < kKinds; ++k)
    o += fmt::format("{}{{\"kind\":{},\"findings\":{},\"entities\":{},\"excess_days\":{}}}", k ? "," : "", json_quote(kind_name(static_cast<Kind>(k))),
                     m.by_kind[k].findings, m.by_kind[k].entities, m.by_kind[k].excess_days);
  // Every applied measure of the policy, in its order, then any other name the metrics hold.
  o += "],\"by_measure\":[";
  std::vector<std::string> names;
  std::map<std::string, std::pair<std::string, std::string>> about;
  for (const auto& x : p.measures)
    if (x.applied || m.by_measure.count(x.name)) {
      if (!about.count(x.name)) names.push_back(x.name);
      about[x.name] = {x.title, x.authority};
    }
  for (const auto& [name, r] : m.by_measure)
    if (!about.count(name)) names.push_back(name), about[name] = {"", ""};
  bool first = true;
  for (const auto& name : names) {
    auto it = m.by_measure.find(name);
    Metrics::MeasureRow r = it == m.by_measure.end() ? Metrics::MeasureRow{} : it->second;
    o += fmt::format("{}{{\"measure\":{},\"title\":{},\"authority\":{},\"entities\":{},\"punishment_days\":{},\"findings\":{},\"excess_days\":{}}}",
                     first ? "" : ",", json_quote(name), json_quote(about[name].first), json_quote(about[name].second), r.entities,
                     r.punishment_days, r.findings, r.excess_days);
    first = false;
  }
  // Every authority of an applied measure (zero rows included), and any other the metrics hold, by name.
  o += "],\"by_authority\":[";
  std::map<std::string, Metrics::AuthorityRow> authorities = m.by_authority;
  for (const auto& x : p.measures)
    if (x.applied) authorities.try_emplace(x.authority);
  first = true;
  for (const auto& [name, r] : authorities) {
    o += fmt::format("{}{{\"authority\":{},\"findings\":{},\"excess_days\":{}}}", first ? "" : ",", json_quote(name), r.findings, r.excess_days);
    first = false;
  }
  o += "],\"by_entity_kind\":[";
  std::map<std::string, Metrics::EntityKindRow> kinds = m.by_entity_kind;
  std::vector<std::string> order;
  for (const auto& k : p.kinds) order.push_back(k.name);
  for (const auto& [name, r] : m.by_entity_kind)
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& r = kinds[order[i]];
    o += fmt::format("{}{{\"kind\":{},\"entities\":{},\"punished\":{},\"findings\":{}}}", i ? "," : "", json_quote(order[i]), r.entities, r.punished,
                     r.findings);
  }
  o += "],\"by_year\":[";
  first = true;
  for (const auto& [y, r] : m.by_year) {
    o += fmt::format("{}{{\"year\":{},\"entities_punished\":{},\"punishment_days\":{},\"findings\":{},\"excess_days\":{}}}", first ? "" : ",", y,
                     r.entities_punished, r.punishment_days, r.findings, r.excess_days);
    first = false;
  }
  o += "],\"excess_distribution\":[";
  static const struct { const char* label; int from; int to; } buckets[kBuckets] = {
      {"1–30 days", 1, 30}, {"31–90 days", 31, 90}, {"91–365 days", 91, 365}, {"366–730 days", 366, 730}, {"731–1825 days", 731, 1825},
      {"more than 1825 days", 1826, 0}};
  for (int b = 0; b < kBuckets; ++b)
    o += fmt::format("{}{{\"label\":{},\"from\":{},\"to\":{},\"findings\":{}}}", b ? "," : "", json_quote(buckets[b].label), buckets[b].from,
                     buckets[b].to ? std::to_string(buckets[b].to) : std::string("null"), m.excess_distribution[b]);
  return o + "]}";
}

}  // namespace credlex::findings
