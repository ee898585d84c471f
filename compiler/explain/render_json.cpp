// JSON for programs: one document, the same facts as the text. Dates are ISO strings; an absent
// end is null. Keys are stable (documented in docs/cli.md); new keys may be added, never renamed.
#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "compiler/explain/render.h"

namespace credlex::explain {
namespace {

using diag::json_quote;

std::string day(Day d) { return json_quote(ir::date_text(d)); }
std::string day(const std::optional<Day>& d) { return d ? day(*d) : "null"; }

template <typename Items, typename F>  // a vector, or a basis
std::string array(const Items& items, F each) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + each(items[i]);
  return s + "]";
}

std::string basis(const ir::Basis& b) {
  return array(b, [](const ir::Citation& c) { return fmt::format("{{\"cites\":{},\"document\":{}}}", json_quote(c.text), json_quote(c.title)); });
}

std::string reason(const Reason& r) {
  std::string event = "null";
  if (!r.event_type.empty())
    event = fmt::format("{{\"index\":{},\"type\":{},\"date\":{},\"origin\":{}}}", r.event, json_quote(r.event_type), day(r.event_date),
                        r.event_origin.empty() ? "null" : json_quote(r.event_origin));
  auto values = array(r.values, [](const Reason::Value& v) {
    return fmt::format("{{\"parameter\":{},\"value\":{},\"in_force_since\":{}}}", json_quote(v.param), json_quote(v.value),
                       v.since ? day(*v.since) : "null");
  });
  return fmt::format("{{\"event\":{},\"rule\":{},\"where\":{},\"values\":{},\"basis\":{}}}", event, json_quote(r.rule),
                     r.where.empty() ? "null" : json_quote(r.where), values, basis(r.basis));
}

const char* kind(Way::Kind k) {
  switch (k) {
    case Way::Kind::PeriodEnds: return "period_ends";
    case Way::Kind::Removal: return "removal";
    case Way::Kind::Restoration: return "restoration";
    case Way::Kind::SourceEnds: return "source_ends";
    case Way::Kind::ConditionStops: return "conditions_stop";
    case Way::Kind::RelationEnds: return "relation_ends";
  }
  return "";
}

std::string opt(const std::string& s) { return s.empty() ? "null" : json_quote(s); }

std::string ways(const std::vector<Way>& ws) {
  return array(ws, [](const Way& w) {
    return fmt::format("{{\"how\":\"{}\",\"earliest\":{},\"event\":{},\"conditions\":{},\"deadline\":{},\"removal_within\":{},"
                       "\"rule\":{},\"where\":{},\"note\":{},\"basis\":{}}}",
                       kind(w.kind), day(w.earliest), opt(w.event), opt(w.conditions), opt(w.deadline), opt(w.removal), opt(w.rule),
                       opt(w.where), opt(w.note), basis(w.basis));
  });
}

std::string listing(const ListingItem& l, bool explain) {
  std::string s = fmt::format("{{\"list\":{},\"title\":{},\"start\":{},\"end\":{}", json_quote(l.list), json_quote(l.title), day(l.start),
                              day(l.end));
  if (!explain) return s + "}";
  s += fmt::format(",\"legal_maximum\":{},\"extended\":{},\"cause\":{}", day(l.legal_maximum), opt(l.extended), reason(l.reason));
  s += ",\"decisions\":" + array(l.decisions, [](const Decision& d) {
    return fmt::format("{{\"date\":{},\"granted\":{},\"outcome\":{},\"deadline\":{},\"extended_by\":{},\"cause\":{}}}", day(d.date),
                       d.granted ? "true" : "false", json_quote(d.outcome), day(d.deadline), opt(d.extended_by), reason(d.reason));
  });
  return s + ",\"can_end\":" + ways(l.ways) + fmt::format(",\"removals_not_applicable\":{}}}", l.removals_not_applicable);
}

const char* because(MeasureItem::Because b) {
  switch (b) {
    case MeasureItem::Because::Listing: return "listing";
    case MeasureItem::Because::Grade: return "grade";
    case MeasureItem::Because::Kind: return "kind";
    case MeasureItem::Because::Reach: return "reach";
  }
  return "";
}

std::string measure(const MeasureItem& m, bool explain) {
  std::string s = fmt::format("{{\"measure\":{},\"title\":{},\"category\":{},\"severity\":{},\"authority\":{},\"start\":{},\"end\":{},"
                              "\"lasts\":{},\"because\":\"{}\"",
                              json_quote(m.measure), json_quote(m.title), json_quote(m.category), m.severity, json_quote(m.authority),
                              day(m.start), day(m.end), json_quote(m.lasts), because(m.because));
  if (m.because == MeasureItem::Because::Listing) s += fmt::format(",\"listing\":{}", m.listing);
  if (m.because == MeasureItem::Because::Grade) s += fmt::format(",\"grade\":{},\"level\":{}", json_quote(m.grade), json_quote(m.level));
  if (m.because == MeasureItem::Because::Reach)
    s += fmt::format(",\"reached_from\":{{\"entity\":{},\"kind\":{},\"relation\":{},\"since\":{},\"until\":{},\"listing\":{}}}",
                     json_quote(m.reached.from), json_quote(m.reached.from_kind), json_quote(m.reached.relation), day(m.reached.since),
                     day(m.reached.until), m.listing);
  if (!explain) return s + "}";
  return s + fmt::format(",\"cause\":{},\"earliest_end\":{},\"can_end\":{}}}", reason(m.reason), day(m.earliest_end), ways(m.ways));
}

}  // namespace

std::string json(const Standing& s, const RenderOptions& o) {
  std::string out = fmt::format("{{\"entity\":{},\"kind\":{},\"date\":{}", json_quote(s.entity), json_quote(s.kind), day(s.at));
  out += ",\"lists\":" + array(s.listings, [&](const ListingItem& l) { return listing(l, o.explain); });
  out += ",\"measures\":" + array(s.measures, [&](const MeasureItem& m) { return measure(m, o.explain); });
  out += ",\"grades\":" + array(s.grades, [&](const GradeItem& g) {
    std::string x = fmt::format("{{\"grade\":{},\"title\":{},\"level\":{},\"start\":{}", json_quote(g.grade), json_quote(g.title),
                                json_quote(g.level), day(g.start));
    return x + (o.explain ? ",\"cause\":" + reason(g.reason) : "") + "}";
  });
  out += ",\"lists_to_come\":" + array(s.upcoming, [&](const ListingItem& l) { return listing(l, o.explain); });
  if (o.explain) out += ",\"reached_from_lists\":" + array(s.reached_listings, [](const ListingItem& l) { return listing(l, true); });
  out += ",\"problems\":" + array(s.problems, [](const std::string& p) { return json_quote(p); });
  return out + "}\n";
}

}  // namespace credlex::explain
