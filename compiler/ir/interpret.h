// The reference interpreter: the meaning of a policy. It replays the history of one entity and
// returns its timeline. Every backend (JIT, ahead-of-time library) must produce the same
// timeline, item for item. The step order and every rule are in README.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "credlex/working_days.h"

namespace credlex::ir {

// ---------------------------------------------------------------------------------------------
// Input: one entity and what happened to it.

struct Entity {
  std::string id;
  std::int32_t kind = -1;                        // Policy::kinds
  std::vector<std::optional<Value>> attributes;  // by slot of the kind; nullopt = not known
};

struct Event {
  Day date = 0;
  std::int32_t type = -1;                    // Policy::events
  std::vector<std::optional<Value>> fields;  // by slot; nullopt = missing (a run-time error if read)
};

struct RelationSpan {  // from this entity to `other`; used by apply_reach
  std::int32_t relation = -1;
  std::string other;
  Day since = 0;
  std::optional<Day> until;  // [since, until)
};

struct History {
  Entity entity;
  std::vector<Event> events;  // by date; ties keep their order
  std::vector<RelationSpan> relations;
};

// ---------------------------------------------------------------------------------------------
// Output: the timeline. Intervals are half-open [start, end); no end = open.

struct ParamUse {
  std::int32_t param = -1;
  std::int32_t version = -1;  // index in Param::versions
  Value value;
  bool operator==(const ParamUse&) const = default;
};

// Why an item exists: the rule, the event that triggered it (-1 for none), the parameter values
// used, and the chain of citations (the rule's, then its declaration's, then its source's).
struct Cause {
  std::string rule;
  std::int32_t event = -1;
  Day date = 0;
  std::vector<ParamUse> params;
  Basis basis;
};

enum class End : std::uint8_t {
  Open,         // no end yet
  Period,       // the fixed period ran out (listing `for`, measure `for`, the time after a listing)
  Removal,      // a `remove` rule
  Restoration,  // a granted restoration decision
  SourceEnded,  // measure: its listing or grade level ended
  Condition,    // measure: its `applies to` conditions stopped holding
  Replaced,     // grade: another level applies
  RelationEnded,  // reached measure: the relation to the punished entity ended
};

// How an item ended, as one lowercase word or hyphenated words ("source-ended"): the key
// timeline.jsonl and tests use.
const char* end_key(End e);

struct Extension {
  std::int32_t event = -1;
  Day date = 0;
  Value added;          // a duration; zero when the cap was already reached
  bool capped = false;  // less than the step (the lower bound, or the authority's choice) was added because of the cap
  Cause cause;
};

struct Listing {
  std::int32_t list = -1;
  std::int32_t rule = -1;  // the include rule that listed the entity (index in the list's includes)
  // The event's date, or under `starting after D` the day D has passed. A removal before that day
  // cancels the listing: start = end = the removal's date, in force on no day.
  Day start = 0;
  std::optional<Day> end;
  End ended_by = End::Open;
  std::int32_t cause_event = -1;  // `cause` while this listing is evaluated
  Cause cause;
  std::optional<Day> legal_maximum;  // start + the upper bound of `for a .. b` (for the simulator)
  std::vector<Extension> extensions;
  std::optional<Value> extended;     // total extension so far
  std::optional<Cause> end_cause;    // Removal
  // The authority's obligation to delete the listing: removal date + `within`; for a period that
  // ran out under `for D then remove within W`, the period's last day (end - 1) + W; for a
  // restoration granted under `decide … then remove within W`, the decision's date + W.
  std::optional<Day> removal_deadline;
};

// Whether the listing was deleted on d: removed by a rule that day, or its period ran out or a
// restoration was granted that day under `then remove within` (a deletion the authority owes by
// `removal_deadline`).
inline bool removed_on(const Listing& l, Day d) {
  return l.end && *l.end == d &&
         (l.ended_by == End::Removal ||
          ((l.ended_by == End::Period || l.ended_by == End::Restoration) && l.removal_deadline));
}

struct MeasureInterval {
  std::int32_t measure = -1;
  Day start = 0;
  std::optional<Day> end;
  End ended_by = End::Open;
  enum class Source : std::uint8_t { Listing, Grade, Kind, Reach } source = Source::Listing;
  // Timeline::listings or Timeline::grades; -1 for Kind; Reach: the index of the source measure
  // interval in the punished entity's timeline.
  std::int32_t source_index = -1;
  std::string reached_from;     // Reach: the id of the punished entity
  std::int32_t relation = -1;   // Reach: the relation (Policy::relations) it reached over
  Cause cause;
};

struct GradeInterval {
  std::int32_t grade = -1;
  std::int32_t level = -1;
  Day start = 0;
  std::optional<Day> end;
  Cause cause;
};

struct Decision {
  std::int32_t restoration = -1;  // Policy::restorations
  std::int32_t rule = -1;         // its `decide` rule (Restoration::decide)
  std::int32_t listing = -1;      // Timeline::listings
  std::int32_t event = -1;
  Day date = 0;
  bool granted = false;
  enum class Refusal : std::uint8_t { None, Excluded, TooEarly, ConditionNotMet } refusal = Refusal::None;
  std::optional<Day> earliest;  // TooEarly: the first day the minimum period has passed
  std::optional<Day> deadline;  // the date by which the authority must decide (`within`, extended)
  std::int32_t extended_by = -1;  // the event that gave the authority more time (`extend by`), or -1
  Cause cause;
};

struct RunError {
  std::int32_t event = -1;  // -1: not tied to one event (e.g. an entity attribute)
  Day date = 0;
  std::string reason;
};

struct Timeline {
  std::vector<Listing> listings;        // in order of inclusion
  std::vector<MeasureInterval> measures;  // in order of start
  std::vector<GradeInterval> grades;
  std::vector<Decision> decisions;
  std::vector<RunError> errors;  // non-empty: the run stopped (validation: before any step)
  bool ok() const { return errors.empty(); }
};

// How a run counts time.
struct RunOptions {
  // The holiday calendar for every working-day computation of the run: `within N working days`
  // deadlines of removals and decisions, `within N working days` windows of aggregates, periods
  // and `date ± N working days`. Null: weekends only. Not owned: it must outlive the run and be
  // valid (clx_calendar_check; load_calendar in calendar_file.h gives one).
  const clx_calendar* calendar = nullptr;
  // Where the citation chains of measures and decisions are made once per pair, for a caller that
  // runs many histories on one thread (the simulator). Null: made for each item. The timeline is
  // the same either way.
  ChainMemo* chains = nullptr;
};

// Replays the history under the policy. Never throws for bad input; errors are in the timeline.
Timeline run(const Policy& policy, const History& history, const RunOptions& options = {});

// What a rule's condition says on day `d` about an entity whose history (events up to `d`) is
// replayed first: true or false, or nothing when it depends on an event that has not happened
// (the one that would trigger the rule) or cannot be computed. `cause` is the event of the listing
// the rule is evaluated for (-1 for none). Explanations (`credlex decide`) use it, so they evaluate
// conditions exactly as run() does.
std::optional<bool> evaluate_condition(const Policy& policy, const History& history, ExprId condition, Day d,
                                       std::int32_t cause, const RunOptions& options = {});

// The value of one expression on day `d` after the whole history is replayed, as run() computes it:
// `current` is the event being applied (-1: none), `cause` the event of the listing evaluated
// (-1: none), and only the first `visible` events are seen by aggregates. Nothing, with the
// reason in `error`, when the history is invalid or the evaluation fails (overflow, a missing
// field, `latest` of nothing, …). For comparing backends (tests/unit/codegen_expr_test.cpp).
std::optional<Value> evaluate_expression(const Policy& policy, const History& history, ExprId e, Day d,
                                         std::int32_t current, std::int32_t cause, std::int32_t visible, std::string& error,
                                         const RunOptions& options = {});

// Sliding windows: an aggregate `E within D` in a grade or measure condition changes value not only
// when an event happens but also on the day an event of type E leaves the window (d − D, d]. For
// every *constant* window (D a duration literal, or a parameter whose versions are all duration
// literals) run() visits those days like any other date. A window is `duration` on [from, until).
struct WindowPiece {
  Value duration;
  Day from = kBeginning;
  std::optional<Day> until;
};
struct Window {
  std::int32_t event = -1;  // the aggregate's event type
  std::vector<WindowPiece> pieces;
};
struct SlidingWindows {
  std::vector<Window> windows;  // once per (event type, duration or parameter)
  std::vector<Day> days;        // days to visit from the start: where a parameter's version begins
};
// The windows run() follows for an entity of `kind`: those of the grades the kind has and of every
// applied measure. (The compiled engine gets the same list from the code generator.)
SlidingWindows sliding_windows(const Policy& policy, std::int32_t kind);

// Reach over relations, a second pass after run(): for every measure interval (not itself reached)
// of a measure with `reaches R…` in timelines[i], and every relation span of histories[i] whose
// relation is one of R, a measure interval is appended to the timeline of the related entity (the
// history whose entity id is the span's `other`) over the overlap of [since, until) with the
// source interval, with Source::Reach, the source entity and the relation recorded. One hop only;
// a related entity not in `histories`, or a source timeline with errors, reaches nothing.
// `histories` and `timelines` have the same size, in the same order.
void apply_reach(const Policy& policy, const std::vector<History>& histories, std::vector<Timeline>& timelines);

// The measure intervals one entity's timeline reaches (what apply_reach adds to related entities),
// in apply_reach's order: `emit(s, interval)` for the entity at the end of `source.relations[s]`.
// Nothing for a timeline with errors. The simulator, which holds no whole population in memory,
// routes them itself.
void reach(const Policy& policy, const History& source, const Timeline& t,
           const std::function<void(std::size_t span, MeasureInterval&& reached)>& emit);

// The rank on the seriousness scale (1 = lightest) of event `event` of the history, as its event
// type's `seriousness` says (Current = that event, parameters in force on its date); nothing when
// the type states none, the index is out of range, or the value cannot be computed (a missing
// field). Evaluated directly, without replaying the history: a seriousness is made of the event's
// fields, parameters, literals, `if`, comparisons and arithmetic (aggregates need an entity: E0312).
std::optional<std::int32_t> seriousness_rank(const Policy& policy, const History& history, std::int32_t event,
                                             const RunOptions& options = {});

// The timeline as text, one item per line with its cause (for tests and `decide`).
std::string print(const Policy& policy, const Timeline& timeline);

// "the event `E` of DATE" for the event of `history` that extended the decision's deadline
// (`extend by … on E`), "" when none did: the words every report uses for it.
std::string extension_text(const Policy& policy, const History& history, const Decision& decision);

}  // namespace credlex::ir
