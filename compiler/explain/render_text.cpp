// Text for a lawyer: plain words, dates in ISO form, every item with its legal basis. Internal
// names appear only where they are the policy's own identifiers (list and measure names), which
// the reader can look up in the policy.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/explain/render.h"

namespace credlex::explain {
namespace {

std::string day(Day d) { return ir::date_text(d); }

std::string period(Day start, const std::optional<Day>& end) {
  return end ? fmt::format("from {} to {} (ends that day)", day(start), day(*end)) : fmt::format("from {}, with no end date", day(start));
}

std::string titled(const std::string& name, const std::string& title) {
  return title.empty() ? name : fmt::format("{} \"{}\"", name, title);
}

class Writer {
 public:
  Writer(const Standing& s, const RenderOptions& o) : s_(s), o_(o) {}

  std::string run() {
    out_ += fmt::format("{} ({}) on {}: ", s_.entity, s_.kind, day(s_.at));
    if (s_.listings.empty() && s_.measures.empty() && s_.grades.empty()) {
      out_ += "on no list, under no measure, with no grade\n";
    } else {
      out_ += fmt::format("on {} list{}, under {} measure{}, {} grade{}\n", s_.listings.size(), s_.listings.size() == 1 ? "" : "s",
                          s_.measures.size(), s_.measures.size() == 1 ? "" : "s", s_.grades.size(), s_.grades.size() == 1 ? "" : "s");
    }
    if (!s_.upcoming.empty())
      out_ += fmt::format("{} listing{} to come: {} event has happened, the listing starts later\n", s_.upcoming.size(),
                          s_.upcoming.size() == 1 ? "" : "s", s_.upcoming.size() == 1 ? "its" : "their");
    for (const auto& p : s_.problems) out_ += "warning: " + p + "; what follows may be incomplete\n";
    if (o_.explain) explained();
    else summary();
    return out_;
  }

 private:
  void summary() {
    if (!s_.listings.empty()) out_ += "\nLists\n";
    for (const auto& l : s_.listings) out_ += fmt::format("  {}  {}\n", titled(l.list, l.title), period(l.start, l.end));
    if (!s_.measures.empty()) out_ += "\nMeasures\n";
    for (const auto& m : s_.measures) {
      out_ += fmt::format("  {}  {}, {}", titled(m.measure, m.title), period(m.start, m.end), m.lasts);
      if (m.because == MeasureItem::Because::Reach)
        out_ += fmt::format(", reaching this {} as {} of {}", s_.kind, m.reached.relation, m.reached.from);
      out_ += "\n";
    }
    if (!s_.grades.empty()) out_ += "\nGrades\n";
    for (const auto& g : s_.grades) out_ += fmt::format("  {}: {}  from {}\n", titled(g.grade, g.title), g.level, day(g.start));
    if (!s_.upcoming.empty()) out_ += "\nLists to come\n";
    for (const auto& l : s_.upcoming) out_ += fmt::format("  {}  {}\n", titled(l.list, l.title), period(l.start, l.end));
  }

  void line(int indent, const std::string& label, const std::string& text) {
    out_ += fmt::format("{:{}}{:<9}{}\n", "", indent, label, text);
  }

  void reason(int indent, const Reason& r) {
    if (!r.event_type.empty()) {
      std::string origin = r.event_origin.empty() ? "" : fmt::format(" ({})", r.event_origin);
      line(indent, "because", fmt::format("event #{} `{}` of {}{}", r.event, r.event_type, day(r.event_date), origin));
    }
    line(indent, "rule", r.where.empty() ? r.rule : fmt::format("{} ({})", r.rule, r.where));
    for (const auto& v : r.values)
      line(indent, "value", v.since ? fmt::format("{} = {} (as in force since {})", v.param, v.value, day(*v.since))
                                    : fmt::format("{} = {}", v.param, v.value));
    basis(indent, r.basis);
  }

  // One line per document: "Title: art 1; art 2 para 1". The citation's first word is the
  // document's identifier, which the title replaces.
  // The basis grouped by document, one entry per document.
  static std::vector<std::string> grouped(const ir::Basis& b) {
    std::vector<std::pair<std::string, std::vector<std::string>>> docs;
    for (const auto& c : b) {
      auto space = c.text.find(' ');
      std::string doc = c.title.empty() ? c.text.substr(0, space) : c.title;
      std::string where = space == std::string::npos ? "" : c.text.substr(space + 1);
      auto it = std::find_if(docs.begin(), docs.end(), [&](const auto& d) { return d.first == doc; });
      if (it == docs.end()) it = docs.insert(docs.end(), {doc, {}});
      if (!where.empty() && std::find(it->second.begin(), it->second.end(), where) == it->second.end()) it->second.push_back(where);
    }
    std::vector<std::string> out;
    for (const auto& [doc, arts] : docs) {
      std::string list;
      for (const auto& a : arts) list += (list.empty() ? "" : "; ") + a;
      out.push_back(list.empty() ? doc : fmt::format("{}: {}", doc, list));
    }
    return out;
  }

  void basis(int indent, const ir::Basis& b) {
    bool first = true;
    for (const auto& g : grouped(b)) {
      line(indent, first ? "basis" : "", g);
      first = false;
    }
  }

  // `when a when b unless c` as "a, and b, unless c".
  static std::string conditions(std::string c) {
    if (c.rfind("when ", 0) == 0) c = c.substr(5);
    for (std::size_t at = 0; (at = c.find(" when ", at)) != std::string::npos;) c.replace(at, 6, ", and ");
    for (std::size_t at = 0; (at = c.find(" unless ", at)) != std::string::npos; at += 9) c.replace(at, 8, ", unless ");
    return c;
  }

  std::string way(const Way& w) {
    switch (w.kind) {
      case Way::Kind::PeriodEnds:
        return fmt::format("on {}, when its period runs out{}{}", day(*w.earliest), w.note.empty() ? "" : " (" + w.note + ")",
                           w.deadline.empty() ? "" : "; the authority must then delete it within " + w.deadline);
      case Way::Kind::Removal: {
        std::string s = fmt::format("removed when `{}` is recorded", w.event);
        if (!w.conditions.empty()) s += fmt::format(" and {}", conditions(w.conditions));
        if (!w.deadline.empty()) s += fmt::format("; the authority must delete it within {}", w.deadline);
        return s;
      }
      case Way::Kind::Restoration: {
        if (w.note.rfind("excluded", 0) == 0) return fmt::format("no restoration: {}", w.note);
        std::string s = fmt::format("restored on an application (`{}`)", w.event);
        if (w.earliest) s += fmt::format(" from {}", day(*w.earliest));
        if (!w.conditions.empty()) s += fmt::format(", if {}", conditions(w.conditions));
        if (!w.note.empty()) s += "; " + w.note;
        if (!w.deadline.empty()) s += fmt::format("; the authority decides within {}", w.deadline);
        if (!w.removal.empty())
          s += fmt::format("{} deletes the listing within {} of a grant", w.deadline.empty() ? "; the authority" : ", and", w.removal);
        return s;
      }
      case Way::Kind::SourceEnds:
        return w.earliest ? fmt::format("{} (at the earliest on {})", w.note, day(*w.earliest)) : w.note;
      case Way::Kind::ConditionStops: return fmt::format("when this no longer holds: {}", conditions(w.conditions));
      case Way::Kind::RelationEnds: return w.earliest ? fmt::format("on {}, {}", day(*w.earliest), w.note) : w.note;
    }
    return "";
  }

  void ways(int indent, const std::vector<Way>& ws, const char* label) {
    if (ws.empty()) {
      line(indent, label, "nothing in the policy ends it");
      return;
    }
    bool first = true;
    for (const auto& w : ws) {
      line(indent, first ? label : "", "- " + way(w));
      if (w.kind == Way::Kind::Removal || w.kind == Way::Kind::Restoration) {
        std::string ref = w.rule + (w.where.empty() ? "" : ", " + w.where);
        line(indent, "", "  (" + ref + ")");
        for (const auto& g : grouped(w.basis)) line(indent, "", "  basis: " + g);
      }
      first = false;
    }
  }

  void listing(int indent, const ListingItem& l, const std::string& who, bool upcoming = false) {
    out_ += fmt::format("{:{}}{} {} the list {}, {}\n", "", indent, who, upcoming ? "is to be put on" : "is on", titled(l.list, l.title),
                        period(l.start, l.end));
    int in = indent + 2;
    reason(in, l.reason);
    if (!l.extended.empty()) line(in, "extended", "by " + l.extended + " in total");
    if (l.legal_maximum) line(in, "maximum", fmt::format("the law allows the listing to last until {} at most", day(*l.legal_maximum)));
    for (const auto& d : l.decisions)
      line(in, "decided",
           fmt::format("{}: restoration {}{}", day(d.date), d.outcome,
                       d.deadline ? fmt::format(" (decision due by {}{})", day(*d.deadline),
                                                d.extended_by.empty() ? "" : ", extended by " + d.extended_by)
                                  : ""));
    std::optional<Day> first;
    for (const auto& w : l.ways)
      if (w.earliest && (!first || *w.earliest < *first)) first = w.earliest;
    if (first) line(in, "earliest", fmt::format("the listing can end on {} at the earliest", day(*first)));
    ways(in, l.ways, "can end");
    if (l.removals_not_applicable > 0)
      line(in, "", fmt::format("({} other removal rule{} of the list cannot apply to this listing)", l.removals_not_applicable,
                               l.removals_not_applicable == 1 ? "" : "s"));
  }

  void measure(int indent, const MeasureItem& m) {
    out_ += fmt::format("{:{}}measure {}, {}, {}\n", "", indent, titled(m.measure, m.title), period(m.start, m.end), m.lasts);
    int in = indent + 2;
    line(in, "what", fmt::format("{}, severity {}{}", m.category, m.severity, m.authority.empty() ? "" : ", applied by " + m.authority));
    if (m.because == MeasureItem::Because::Grade) line(in, "because", fmt::format("grade {} is {}", m.grade, m.level));
    if (m.because == MeasureItem::Because::Reach) {
      line(in, "because", fmt::format("{} is {} of {} ({}){}", s_.entity, m.reached.relation, m.reached.from, m.reached.from_kind,
                                      m.reached.since ? fmt::format(", {}", period(m.reached.since, m.reached.until)) : ""));
      line(in, "", fmt::format("and {}'s measure reaches its {}; for {} it lasts {}", m.reached.from, m.reached.relation, m.reached.from,
                               m.reached.measure_lasts));
      if (m.listing >= 0) listing(in, s_.reached_listings.at(m.listing), m.reached.from);
      line(in, "rule", m.reason.rule);
      basis(in, m.reason.basis);
    } else {
      line(in, "rule", m.reason.where.empty() ? m.reason.rule : fmt::format("{} ({})", m.reason.rule, m.reason.where));
      basis(in, m.reason.basis);
    }
    if (m.earliest_end) line(in, "earliest", fmt::format("the measure can end on {} at the earliest", day(*m.earliest_end)));
    ways(in, m.ways, "can end");
  }

  void explained() {
    for (std::size_t i = 0; i < s_.listings.size(); ++i) {
      out_ += "\n";
      listing(0, s_.listings[i], s_.entity);
      bool any = false;
      for (const auto& m : s_.measures)
        if (m.because == MeasureItem::Because::Listing && m.listing == static_cast<std::int32_t>(i)) {
          if (!any) out_ += "  measures that follow from this listing:\n";
          any = true;
          measure(4, m);
        }
    }
    bool others = false;
    for (const auto& m : s_.measures) {
      if (m.because == MeasureItem::Because::Listing && m.listing >= 0) continue;
      if (!others) out_ += "\nother measures:\n";
      others = true;
      measure(2, m);
    }
    for (const auto& g : s_.grades) {
      out_ += fmt::format("\ngrade {}: {}, from {}\n", titled(g.grade, g.title), g.level, day(g.start));
      reason(2, g.reason);
    }
    for (const auto& l : s_.upcoming) {
      out_ += "\n";
      listing(0, l, s_.entity, true);
    }
  }

  const Standing& s_;
  const RenderOptions& o_;
  std::string out_;
};

}  // namespace

std::string text(const Standing& s, const RenderOptions& o) { return Writer(s, o).run(); }

}  // namespace credlex::explain
