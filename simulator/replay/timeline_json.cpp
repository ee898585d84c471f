// timeline.jsonl: one item of one entity's timeline a line. The keys are documented in
// simulator/replay/README.md; new keys may be added, never renamed.
#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "simulator/replay/replay.h"

namespace credlex::replay {
namespace {

using diag::json_quote;

std::string day(ir::Day d) { return json_quote(ir::date_text(d)); }
std::string day(const std::optional<ir::Day>& d) { return d ? day(*d) : "null"; }

const char* source(ir::MeasureInterval::Source s) {
  switch (s) {
    case ir::MeasureInterval::Source::Listing: return "listing";
    case ir::MeasureInterval::Source::Grade: return "grade";
    case ir::MeasureInterval::Source::Kind: return "kind";
    case ir::MeasureInterval::Source::Reach: return "reach";
  }
  return "listing";
}

// The citations only: the documents' titles are the policy's (`credlex schema`, report.json), and
// repeating them on every line would make the file several times larger.
std::string citations(const ir::Basis& basis) {
  std::string s = "[";
  for (std::size_t i = 0; i < basis.size(); ++i) {
    if (i) s += ',';
    s += json_quote(basis[i].text);
  }
  return s + "]";
}

struct Writer {
  const ir::Policy& policy;
  const ir::History& history;
  const store::Store& store;
  std::int64_t entity;
  std::string out;

  std::string cause(const ir::Cause& c) const {
    std::string event = "null";
    if (c.event >= 0 && c.event < static_cast<std::int32_t>(history.events.size())) {
      const ir::Event& e = history.events[c.event];
      event = fmt::format("{{\"index\":{},\"type\":{},\"date\":{},\"origin\":{}}}", c.event,
                          json_quote(policy.events.at(e.type).name), day(e.date), json_quote(store.origin(entity, c.event)));
    }
    return fmt::format("{{\"rule\":{},\"event\":{}}}", json_quote(c.rule), event);
  }
  void line(const char* item, const std::string& name, ir::Day start, const std::optional<ir::Day>& end, ir::End by,
            const ir::Cause& c, const std::string& more) {
    out += fmt::format("{{\"entity\":{},\"item\":\"{}\",\"name\":{},\"start\":{},\"end\":{},\"ended_by\":\"{}\"{},\"cause\":{},\"citations\":{}}}\n",
                       json_quote(history.entity.id), item, json_quote(name), day(start), day(end), ir::end_key(by), more, cause(c),
                       citations(c.basis));
  }
};

}  // namespace

std::string timeline_lines(const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
                           const store::Store& store, std::int64_t entity) {
  Writer w{policy, history, store, entity, {}};
  for (const auto& l : timeline.listings)
    w.line("listing", policy.lists.at(l.list).name, l.start, l.end, l.ended_by, l.cause,
           l.legal_maximum ? fmt::format(",\"legal_maximum\":{}", day(*l.legal_maximum)) : std::string());
  for (const auto& m : timeline.measures) {
    std::string more = fmt::format(",\"source\":\"{}\"", source(m.source));
    if (m.source == ir::MeasureInterval::Source::Reach)
      more += fmt::format(",\"reached_from\":{},\"relation\":{}", json_quote(m.reached_from), json_quote(policy.relations.at(m.relation).name));
    w.line("measure", policy.measures.at(m.measure).name, m.start, m.end, m.ended_by, m.cause, more);
  }
  for (const auto& g : timeline.grades) {
    const ir::Grade& grade = policy.grades.at(g.grade);
    w.line("grade", grade.name, g.start, g.end, g.end ? ir::End::Replaced : ir::End::Open, g.cause,
           fmt::format(",\"level\":{}", json_quote(grade.levels.at(g.level))));
  }
  return std::move(w.out);
}

std::vector<std::string> explanation(const ir::Policy& policy, const ir::Timeline& timeline) {
  std::vector<std::string> lines;
  std::string text = ir::print(policy, timeline);
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return lines;
}

}  // namespace credlex::replay
