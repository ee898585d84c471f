// Timelines as short text for the interpreter's tests: one line per item, without causes (which
// the tests check separately where they matter). Shared by ir_run_test.cpp and ir_semantics_test.cpp.
#pragma once

#include <optional>
#include <string>

#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"

namespace credlex::testing {

inline const char* end_word(ir::End e) {
  switch (e) {
    case ir::End::Open: return "open";
    case ir::End::Period: return "period";
    case ir::End::Removal: return "removal";
    case ir::End::Restoration: return "restoration";
    case ir::End::SourceEnded: return "source-ended";
    case ir::End::Condition: return "condition";
    case ir::End::Replaced: return "replaced";
    case ir::End::RelationEnded: return "relation-ended";
  }
  return "?";
}

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
