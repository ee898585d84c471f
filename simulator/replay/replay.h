// Replaying a population through a policy: every entity's timeline (interpreter or compiled
// code), the measures that reach related entities, the findings and the metrics, in entity order
// whatever the number of threads.
//
//   store::Store ──chunks of entities──▶ timelines ──▶ findings + metrics ──▶ sinks (in order)
//                   (pass 1, all threads)
//                ──chunks of reachable entities──▶ own timeline + what the related entities
//                   (pass 2, all threads)            reach (their timelines computed again)
//
// An entity that a measure can reach (the end of a relation some measure reaches over) is
// finished in a second pass: its own timeline and, computed again from the memory-mapped store,
// the timelines of the entities at the near end of its relations, whose reached intervals are
// added in the order ir::apply_reach adds them. Nothing is carried from one pass to the other, so
// memory is the chunks in flight plus 16 bytes per relation that a measure reaches over (the
// index of who reaches whom), whatever the number of reached intervals.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/ir/interpret.h"
#include "simulator/findings/findings.h"
#include "simulator/store/store.h"

namespace credlex::replay {

enum class Backend : std::uint8_t { Interpreter, Compiled };

struct Options {
  Backend backend = Backend::Compiled;
  unsigned threads = 1;
  std::int64_t chunk_entities = 512;
  findings::Options findings;               // the observation window
  const clx_calendar* calendar = nullptr;   // working days; null: weekends only
  std::size_t examples_per_kind = 3;        // findings kept whole for the report, per kind
  std::size_t error_examples = 20;
  // Called on the caller's thread after each chunk: entities finished so far, of `total`.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

// Where the lines go, in entity order; null: not written.
struct Sinks {
  std::ostream* timeline = nullptr;  // timeline.jsonl
  std::ostream* findings = nullptr;  // findings.jsonl
};

// What one entity's replay came to, for comparing two policies (`credlex diff`).
struct Outcome {
  std::int64_t punishment_days = 0;   // within the window, own and reached
  std::uint64_t measures = 0;         // a hash of the set of measure names applied
  bool punished() const { return punishment_days > 0; }
  bool operator==(const Outcome&) const = default;
};

struct Result {
  findings::Metrics metrics;
  std::vector<std::string> examples;  // findings.jsonl lines: the first of each kind in entity order
  std::int64_t entities = 0, events = 0, timeline_items = 0, reached = 0;
  std::int64_t entities_with_errors = 0;
  std::vector<std::string> error_examples;  // "P9: population/events.jsonl:12: reason"
  double seconds = 0;
};

// Replays every entity of `store` under `policy`. `compiled` is required for Backend::Compiled
// (the JIT's batch entry point). `outcome`, when given, is called once per entity (any order
// within the caller's thread, each entity once) with what the entity's replay came to; `lines`,
// when given, with the entity's explanation lines (for `credlex diff`'s examples).
Result run(const ir::Policy& policy, const codegen::CompiledPolicy* compiled, const store::Store& store,
           const Options& options, const Sinks& sinks,
           const std::function<void(std::int64_t entity, const Outcome&)>& outcome = {});

// The timeline of one entity as timeline.jsonl lines (one item a line: listings, measures, grades),
// appended to `out`, or as a string of its own.
void timeline_lines(std::string& out, const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
                    const store::Store& store, std::int64_t entity);
std::string timeline_lines(const ir::Policy& policy, const ir::History& history, const ir::Timeline& timeline,
                           const store::Store& store, std::int64_t entity);

// The entity's timeline in plain words, one item a line (for reports and diffs).
std::vector<std::string> explanation(const ir::Policy& policy, const ir::Timeline& timeline);

}  // namespace credlex::replay
