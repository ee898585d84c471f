// timeline.jsonl: one item of one entity's timeline a line. The keys are documented in
// simulator/replay/README.md; new keys may be added, never renamed.
#include <charconv>

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "simulator/replay/replay.h"

namespace credlex::replay {
namespace {

using diag::json_quote;
using diag::json_quote_to;

// Every piece is appended to one string: a line is built without a temporary string per key
// (the simulator writes millions of lines; the temporaries were most of the cost).
void day(std::string& out, ir::Day d) { json_quote_to(out, ir::date_text(d)); }
void day(std::string& out, const std::optional<ir::Day>& d) {
  if (d) day(out, *d);
  else out += "null";
}
void number(std::string& out, std::int64_t n) {
  char s[24];
  auto r = std::to_chars(s, s + sizeof s, n);
  out.append(s, r.ptr);
}

const char* source(ir::MeasureInterval::Source s) {
  switch (s) {
    case ir::MeasureInterval::Source::Listing: return "listing";
    case ir::MeasureInterval::Source::Grade: return "grade";
    case ir::MeasureInterval::Source::Kind: return "kind";
    case ir::MeasureInterval::Source::Reach: return "reach";
  }
  return "listing";
}

struct Writer {
  const ir::Policy& policy;
  const ir::History& history;
  const store::Store& store;
  std::int64_t entity;
  std::string& out;
  std::string id;  // the entity's id, quoted once for all its lines

  // The key-value pairs up to "ended_by"; the caller adds its own keys, then end().
  void begin(const char* item, const std::string& name, ir::Day start, const std::optional<ir::Day>& end, ir::End by) {
    out += "{\"entity\":";
    out += id;
    out += ",\"item\":\"";
    out += item;
    out += "\",\"name\":";
    json_quote_to(out, name);
    out += ",\"start\":";
    day(out, start);
    out += ",\"end\":";
    day(out, end);
    out += ",\"ended_by\":\"";
    out += ir::end_key(by);
    out += '"';
  }
  void end(const ir::Cause& c) {
    out += ",\"cause\":{\"rule\":";
    json_quote_to(out, c.rule);
    out += ",\"event\":";
    if (c.event >= 0 && c.event < static_cast<std::int32_t>(history.events.size())) {
      const ir::Event& e = history.events[c.event];
      out += "{\"index\":";
      number(out, c.event);
      out += ",\"type\":";
      json_quote_to(out, policy.events.at(e.type).name);
      out += ",\"date\":";
      day(out, e.date);
      out += ",\"origin\":";
      json_quote_to(out, store.origin(entity, c.event));
      out += '}';
    } else {
      out += "null";
    }
    // The citations only: the documents' titles are the policy's (`credlex schema`, report.json),
    // and repeating them on every line would make the file several times larger.
    out += "},\"citations\":";
    out += c.basis.texts_json();  // rendered once per chain
    out += "}\n";
  }
};

}  // namespace

void timeline_lines(std::string& out, const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
                    const store::Store& store, std::int64_t entity) {
  Writer w{policy, history, store, entity, out, json_quote(history.entity.id)};
  for (const auto& l : timeline.listings) {
    w.begin("listing", policy.lists.at(l.list).name, l.start, l.end, l.ended_by);
    if (l.legal_maximum) {
      out += ",\"legal_maximum\":";
      day(out, *l.legal_maximum);
    }
    w.end(l.cause);
  }
  for (const auto& m : timeline.measures) {
    w.begin("measure", policy.measures.at(m.measure).name, m.start, m.end, m.ended_by);
    out += ",\"source\":\"";
    out += source(m.source);
    out += '"';
    if (m.source == ir::MeasureInterval::Source::Reach) {
      out += ",\"reached_from\":";
      json_quote_to(out, m.reached_from);
      out += ",\"relation\":";
      json_quote_to(out, policy.relations.at(m.relation).name);
    }
    w.end(m.cause);
  }
  for (const auto& g : timeline.grades) {
    const ir::Grade& grade = policy.grades.at(g.grade);
    w.begin("grade", grade.name, g.start, g.end, g.end ? ir::End::Replaced : ir::End::Open);
    out += ",\"level\":";
    json_quote_to(out, grade.levels.at(g.level));
    w.end(g.cause);
  }
}

std::string timeline_lines(const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
                           const store::Store& store, std::int64_t entity) {
  std::string out;
  timeline_lines(out, policy, history, timeline, store, entity);
  return out;
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
