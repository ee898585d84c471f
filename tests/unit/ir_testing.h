// Test support shared by the tests that run policies (interpreter, codegen): histories built by
// hand, China's holiday calendar, the bundled policies, and timelines as short text (one line per
// item, without causes, which the tests check separately where they matter).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/calendar_file.h"
#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"
#include "credlex/civil_date.h"

namespace credlex::testing {

// "2020-02-29" as a day number (the date must be real).
inline ir::Day day(const std::string& iso) {
  int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2));
  REQUIRE(clx_date_is_valid(y, m, d));
  return clx_days_from_civil(y, m, d);
}

// An entity of `kind` with no events and all attributes unknown.
inline ir::History entity(const ir::Policy& p, const char* id, const char* kind) {
  ir::History h;
  h.entity.id = id;
  h.entity.kind = p.kind_index(kind);
  REQUIRE(h.entity.kind >= 0);
  h.entity.attributes.resize(p.kinds.at(h.entity.kind).attributes.size());
  return h;
}

// An event of `type` on `date`, fields given by name (the others missing).
inline ir::Event event(const ir::Policy& p, const std::string& date, const std::string& type,
                       std::vector<std::pair<std::string, ir::Value>> fields) {
  ir::Event e;
  e.date = day(date);
  e.type = p.event_index(type);
  REQUIRE(e.type >= 0);
  e.fields.resize(p.events[e.type].fields.size());
  for (auto& [name, value] : fields) {
    auto slot = p.field_slot(e.type, name);
    REQUIRE(slot >= 0);
    e.fields[slot] = std::move(value);
  }
  return e;
}

// `relation` from the entity of `h` to `other` on [since, until).
inline void relate(const ir::Policy& p, ir::History& h, const char* relation, const char* other, const std::string& since,
                   std::optional<std::string> until) {
  ir::RelationSpan r;
  r.relation = p.relation_index(relation);
  REQUIRE(r.relation >= 0);
  r.other = other;
  r.since = day(since);
  if (until) r.until = day(*until);
  h.relations.push_back(r);
}

// China's calendar 2024-2026 (runtime/calendars), loaded once through the interpreter's loader.
inline const ir::Calendar& china() {
  static const ir::Calendar cn = [] {
    std::vector<std::string> problems;
    ir::Calendar c = ir::load_calendar(CREDLEX_SOURCE_DIR "/runtime/calendars/cn-2024-2026.txt", problems);
    REQUIRE(problems.empty());
    return c;
  }();
  return cn;
}

// Every policy under policies/ except the counter-examples (rejected on purpose), sorted.
inline std::vector<std::string> bundled_policies() {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CREDLEX_SOURCE_DIR) / "policies")) {
    if (entry.path().extension() != ".clx") continue;
    if (entry.path().string().find("/policies/examples/") != std::string::npos) continue;
    out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline const char* end_word(ir::End e) { return ir::end_key(e); }

inline std::string span(ir::Day start, const std::optional<ir::Day>& end) {
  return "[" + ir::date_text(start) + ", " + (end ? ir::date_text(*end) : std::string("open")) + ")";
}

inline std::string brief(const ir::Policy& p, const ir::Timeline& t) {
  std::string o;
  for (const auto& e : t.errors) o += "error #" + std::to_string(e.event) + " " + ir::date_text(e.date) + ": " + e.reason + "\n";
  for (const auto& l : t.listings) {
    o += "in " + p.lists.at(l.list).name + " " + span(l.start, l.end) + " " + end_word(l.ended_by);
    for (const auto& x : l.extensions) o += " +" + ir::to_string(p, x.added) + (x.capped ? "(capped)" : "");
    if (l.removal_deadline) o += " due " + ir::date_text(*l.removal_deadline);
    o += "\n";
  }
  for (const auto& m : t.measures)
    o += "under " + p.measures.at(m.measure).name + " " + span(m.start, m.end) + " " + end_word(m.ended_by) + "\n";
  for (const auto& g : t.grades)
    o += "grade " + p.grades.at(g.grade).name + " " + p.grades.at(g.grade).levels.at(g.level) + " " + span(g.start, g.end) + "\n";
  static const char* reasons[] = {"", "excluded", "too early", "condition not met"};
  for (const auto& d : t.decisions) {
    o += "decision #" + std::to_string(d.listing) + " " + ir::date_text(d.date) + " " +
         (d.granted ? std::string("granted") : std::string("refused: ") + reasons[static_cast<int>(d.refusal)]);
    if (d.earliest) o += " earliest " + ir::date_text(*d.earliest);
    if (d.deadline) o += " due " + ir::date_text(*d.deadline);
    o += "\n";
  }
  return o;
}

}  // namespace credlex::testing
