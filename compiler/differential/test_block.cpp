#include "compiler/differential/test_block.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <vector>

namespace credlex::differential {
namespace {

constexpr const char* kEntity = "e";

std::string fixed(std::int64_t m, int scale, bool trim) {
  bool neg = m < 0;
  std::string digits = std::to_string(m);
  if (neg) digits = digits.substr(1);
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits = std::string(static_cast<std::size_t>(scale) - digits.size() + 1, '0') + digits;
    digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
    if (trim) {
      while (digits.back() == '0') digits.pop_back();
      if (digits.back() == '.') digits.pop_back();
    }
  }
  return (neg ? "-" : "") + digits;
}

// A value as a literal of a test record (`credlex test` reads it back as the same value; see
// as_written).
std::string literal(const ir::Policy& p, const ir::Value& v) {
  switch (v.kind) {
    case ir::ValueKind::Decimal: return fixed(v.i, v.scale, false);
    case ir::ValueKind::Money: return fixed(v.i, 4, true) + (v.text.empty() ? "" : " " + v.text);
    case ir::ValueKind::Entity: return kEntity;
    default: return ir::to_string(p, v);
  }
}

std::string record(const ir::Policy& p, const std::vector<ir::FieldType>& types, const std::vector<std::optional<ir::Value>>& values) {
  std::vector<std::string> parts;
  for (std::size_t s = 0; s < values.size() && s < types.size(); ++s)
    if (values[s]) parts.push_back(fmt::format("{}: {}", types[s].name, literal(p, *values[s])));
  if (parts.empty()) return "";
  std::string one = " { " + fmt::format("{}", fmt::join(parts, ", ")) + " }";
  if (one.size() <= 80) return one;
  std::string out = " {\n";
  for (const auto& x : parts) out += "    " + x + ",\n";
  return out + "  }";
}

bool in_force(ir::Day start, const std::optional<ir::Day>& end, ir::Day d) { return start <= d && (!end || d < *end); }

bool listed(const ir::Timeline& t, std::int32_t list, ir::Day d) {
  return std::any_of(t.listings.begin(), t.listings.end(), [&](const ir::Listing& l) { return l.list == list && in_force(l.start, l.end, d); });
}
bool under(const ir::Timeline& t, std::int32_t measure, ir::Day d) {
  return std::any_of(t.measures.begin(), t.measures.end(),
                     [&](const ir::MeasureInterval& m) { return m.measure == measure && in_force(m.start, m.end, d); });
}
// The level of `grade` on d, -1 for none (the last interval in force, as `credlex test` reads it).
std::int32_t level(const ir::Timeline& t, std::int32_t grade, ir::Day d) {
  std::int32_t out = -1;
  for (const auto& g : t.grades)
    if (g.grade == grade && in_force(g.start, g.end, d)) out = g.level;
  return out;
}
bool removed(const ir::Timeline& t, std::int32_t list, ir::Day d, const std::optional<ir::Day>& due) {
  return std::any_of(t.listings.begin(), t.listings.end(), [&](const ir::Listing& l) {
    return l.list == list && ir::removed_on(l, d) && l.removal_deadline == due;
  });
}
std::int32_t decision_list(const ir::Timeline& t, const ir::Decision& x) {
  return x.listing >= 0 && static_cast<std::size_t>(x.listing) < t.listings.size() ? t.listings[x.listing].list : -1;
}
bool decided(const ir::Timeline& t, std::int32_t list, ir::Day d, bool granted, const std::optional<ir::Day>& due) {
  return std::any_of(t.decisions.begin(), t.decisions.end(), [&](const ir::Decision& x) {
    return x.date == d && decision_list(t, x) == list && x.granted == granted && x.deadline == due;
  });
}

struct Line {
  ir::Day date;
  int order;  // lists, measures, grades, removals, decisions
  std::int32_t index;
  std::string text;
  bool operator<(const Line& o) const { return std::tie(date, order, index, text) < std::tie(o.date, o.order, o.index, o.text); }
  bool operator==(const Line& o) const { return date == o.date && text == o.text; }
};

std::string due_text(const std::optional<ir::Day>& due) { return due ? " due " + ir::date_text(*due) : ""; }

}  // namespace

ir::History as_written(const ir::Policy& p, ir::History h) {
  h.entity.id = kEntity;
  auto fix = [&](const ir::FieldType& f, std::optional<ir::Value>& v) {
    if (!v) return;
    if (f.kind == ir::ValueKind::Decimal && v->kind == ir::ValueKind::Int) *v = ir::Value::decimal(v->i, 0);
    if (v->kind == ir::ValueKind::Entity) v->text = kEntity;
  };
  const auto& attributes = p.kinds.at(static_cast<std::size_t>(h.entity.kind)).attributes;
  for (std::size_t a = 0; a < h.entity.attributes.size() && a < attributes.size(); ++a) fix(attributes[a], h.entity.attributes[a]);
  for (auto& e : h.events) {
    const auto& fields = p.events.at(static_cast<std::size_t>(e.type)).fields;
    for (std::size_t s = 0; s < e.fields.size() && s < fields.size(); ++s) fix(fields[s], e.fields[s]);
  }
  return h;
}

std::string test_block(const ir::Policy& p, const std::string& name, const ir::History& h, const ir::Timeline& expected,
                       const ir::Timeline* other, const std::string& other_name) {
  std::string title = name;
  std::replace(title.begin(), title.end(), '"', '\'');
  const ir::Kind& kind = p.kinds.at(static_cast<std::size_t>(h.entity.kind));
  std::string out = fmt::format("test \"{}\" {{\n", title);
  out += fmt::format("  {}: {}{}\n", kEntity, kind.name, record(p, kind.attributes, h.entity.attributes));
  for (const auto& e : h.events) {
    const ir::EventType& type = p.events.at(static_cast<std::size_t>(e.type));
    out += fmt::format("  {} {} {}{}\n", ir::date_text(e.date), kEntity, type.name, record(p, type.fields, e.fields));
  }
  if (!expected.ok()) {
    const ir::RunError& err = expected.errors.front();
    out += fmt::format("  // the interpreter stops at event #{} on {}: {}\n", err.event, ir::date_text(err.date), err.reason);
    out += "  // (so `credlex test` reports this test as failed: the history itself is what to look at)\n";
    return out + "}\n";
  }
  // The days where an item of each list, measure and grade starts or ends, on either side.
  std::vector<std::pair<std::int32_t, ir::Day>> list_days, measure_days, grade_days;
  auto days = [](std::vector<std::pair<std::int32_t, ir::Day>>& into, std::int32_t what, ir::Day start, const std::optional<ir::Day>& end) {
    into.emplace_back(what, start);
    if (end) into.emplace_back(what, *end);
  };
  std::vector<const ir::Timeline*> sides = {&expected};
  if (other && other->ok()) sides.push_back(other);
  for (const ir::Timeline* t : sides) {
    for (const auto& l : t->listings) days(list_days, l.list, l.start, l.end);
    for (const auto& m : t->measures) days(measure_days, m.measure, m.start, m.end);
    for (const auto& g : t->grades) days(grade_days, g.grade, g.start, g.end);
  }
  const ir::Timeline* o = sides.size() > 1 ? sides[1] : nullptr;
  auto says = [&](bool same, const std::string& what) { return o && !same ? fmt::format("  // {}: {}", other_name, what) : std::string(); };
  std::vector<Line> lines;
  for (const auto& [l, d] : list_days) {
    bool in = listed(expected, l, d);
    const std::string& n = p.lists.at(static_cast<std::size_t>(l)).name;
    lines.push_back({d, 0, l, fmt::format("{}in {}{}", in ? "" : "not ", n, says(!o || listed(*o, l, d) == in, in ? "not in" : "in"))});
  }
  for (const auto& [m, d] : measure_days) {
    bool u = under(expected, m, d);
    const std::string& n = p.measures.at(static_cast<std::size_t>(m)).name;
    lines.push_back({d, 1, m, fmt::format("{}under {}{}", u ? "" : "not ", n, says(!o || under(*o, m, d) == u, u ? "not under" : "under"))});
  }
  for (const auto& [g, d] : grade_days) {
    const ir::Grade& grade = p.grades.at(static_cast<std::size_t>(g));
    std::int32_t x = level(expected, g, d), y = o ? level(*o, g, d) : x;
    std::string theirs = y >= 0 ? "grade " + grade.levels.at(static_cast<std::size_t>(y)) : "no level";
    if (x >= 0)
      lines.push_back({d, 2, g, fmt::format("grade {} {}{}", grade.name, grade.levels.at(static_cast<std::size_t>(x)), says(x == y, theirs))});
    else if (y >= 0)  // `expect` cannot say "no level": a comment says what each side has
      lines.push_back({d, 2, g, fmt::format("// no level of {} here; {}: {}", grade.name, other_name, theirs)});
  }
  for (const auto& l : expected.listings)
    if (l.end && ir::removed_on(l, *l.end))
      lines.push_back({*l.end, 3, l.list,
                       fmt::format("removed from {}{}{}", p.lists.at(static_cast<std::size_t>(l.list)).name, due_text(l.removal_deadline),
                                   says(!o || removed(*o, l.list, *l.end, l.removal_deadline), "no such removal"))});
  for (const auto& x : expected.decisions) {
    std::int32_t l = decision_list(expected, x);
    if (l < 0) continue;
    lines.push_back({x.date, 4, l,
                     fmt::format("restoration of {} {}{}{}", p.lists.at(static_cast<std::size_t>(l)).name, x.granted ? "granted" : "refused",
                                 due_text(x.deadline), says(!o || decided(*o, l, x.date, x.granted, x.deadline), "no such decision"))});
  }
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  for (const auto& x : lines) {
    if (x.text.rfind("//", 0) == 0)
      out += fmt::format("  // on {}: {}\n", ir::date_text(x.date), x.text.substr(3));
    else
      out += fmt::format("  expect {} {} {}\n", ir::date_text(x.date), kEntity, x.text);
  }
  if (lines.empty()) out += "  // the interpreter lists, measures and grades nothing on this history\n";
  return out + "}\n";
}

}  // namespace credlex::differential
