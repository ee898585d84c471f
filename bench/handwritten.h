// The rules of the two SPC policies written by hand in plain C++ (no IR, no generic values): what
// an engineer would write without credlex, the baseline of the compiled code. They compute the
// same timeline as the reference interpreter — listings with their ends, extensions and removal
// deadlines, measure intervals, grade intervals and restoration decisions — and bench_engine
// refuses to report unless they agree with it on a sample, item by item.
//
// The steps follow the interpreter's (compiler/ir/README.md): visit each event date and each
// end date in order; per event include, extend, remove, decide; then grades, then measures.
// Dates through the runtime's civil-date and working-day functions (weekends only).
#pragma once

#include <cstdint>
#include <vector>

#include "population.h"

namespace credlex::bench {

struct Timeline {
  struct Listing { std::int32_t list, start, end, ended_by, cause_event, removal_deadline, extensions, extended_months; };
  struct Measure { std::int32_t measure, start, end, ended_by, source, source_index; };  // measure: the policy's own numbering
  struct Grade { std::int32_t grade, level, start, end; };
  struct Decision { std::int32_t listing, event, date, granted, refusal, earliest, deadline; };
  std::vector<Listing> listings;
  std::vector<Measure> measures;
  std::vector<Grade> grades;
  std::vector<Decision> decisions;
  bool operator==(const Timeline&) const = default;
};
inline bool operator==(const Timeline::Listing& a, const Timeline::Listing& b) {
  return a.list == b.list && a.start == b.start && a.end == b.end && a.ended_by == b.ended_by && a.cause_event == b.cause_event &&
         a.removal_deadline == b.removal_deadline && a.extensions == b.extensions && a.extended_months == b.extended_months;
}
inline bool operator==(const Timeline::Measure& a, const Timeline::Measure& b) {
  return a.measure == b.measure && a.start == b.start && a.end == b.end && a.ended_by == b.ended_by && a.source == b.source &&
         a.source_index == b.source_index;
}
inline bool operator==(const Timeline::Grade& a, const Timeline::Grade& b) {
  return a.grade == b.grade && a.level == b.level && a.start == b.start && a.end == b.end;
}
inline bool operator==(const Timeline::Decision& a, const Timeline::Decision& b) {
  return a.listing == b.listing && a.event == b.event && a.date == b.date && a.granted == b.granted && a.refusal == b.refusal &&
         a.earliest == b.earliest && a.deadline == b.deadline;
}

// The measures each implementation numbers 0, 1, 2, ... (names as in the policy's IR).
const std::vector<const char*>& measure_names(Rules rules);
// The grade's levels, numbered as in the policy.
const std::vector<const char*>& level_names(Rules rules);

// Entity k of `pop` into `out` (cleared first; its vectors are reused).
void run_defaulters(const Population& pop, std::int64_t k, Timeline& out);
void run_consumption(const Population& pop, std::int64_t k, Timeline& out);

}  // namespace credlex::bench
