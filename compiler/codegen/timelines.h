// A compiled policy's timelines as the interpreter's (ir::Timeline), and comparing two timelines
// item by item: how every backend is held to the reference interpreter.
#pragma once

#include <optional>
#include <string>

#include "compiler/codegen/abi.h"
#include "compiler/codegen/codegen.h"
#include "compiler/ir/interpret.h"

namespace credlex::codegen {

// The interpreter's timeline from a compiled run's: every item, its rule, event, date and
// citations rebuilt from the policy; the parameter values behind a cause are not (compiled code
// does not record them), and an error's reason is the status's plain text.
ir::Timeline to_timeline(const ir::Policy& policy, const ir::History& history, const clx_timeline& t);
// Items a timeline no longer needs, kept with their memory for the next timeline that needs more
// (one per worker, shared by its timelines: entities have different numbers of items).
inline constexpr std::size_t kMostSpares = 4096;  // of each kind of item
struct TimelineSpares {
  std::vector<ir::Listing> listings;
  std::vector<ir::GradeInterval> grades;
  std::vector<ir::MeasureInterval> measures;
  ir::ChainMemo chains;  // the citation chains of measures and decisions
};

// The same, overwriting `out` in place (its strings and vectors keep their memory, and with
// `spares` items move between timelines instead of being freed and made again): for callers that
// convert many timelines one after another.
void to_timeline(const ir::Policy& policy, const ir::History& history, const clx_timeline& t, ir::Timeline& out,
                 TimelineSpares* spares = nullptr);

// Runs a compiled policy's entry points (JIT or a loaded library) on histories (ir::History →
// abi.h columns → run → ir::Timeline), reusing one timeline's memory from run to run.
class Runner {
 public:
  Runner(clx_run_fn run, clx_timeline_free_fn free_timeline) : run_(run), free_(free_timeline) {}
  ~Runner() { free_(&t_); }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;
  ir::Timeline operator()(const ir::Policy& policy, const ir::History& history, const clx_calendar* calendar = nullptr);

 private:
  clx_run_fn run_;
  clx_timeline_free_fn free_;
  clx_timeline t_{};
};

// One run (a Runner used once).
inline ir::Timeline run(clx_run_fn run, clx_timeline_free_fn free_timeline, const ir::Policy& policy,
                        const ir::History& history, const clx_calendar* calendar = nullptr) {
  return Runner(run, free_timeline)(policy, history, calendar);
}
inline ir::Timeline run(const CompiledPolicy& compiled, const ir::Policy& policy, const ir::History& history,
                        const clx_calendar* calendar = nullptr) {
  return run(compiled.run, compiled.free_timeline, policy, history, calendar);
}

// The first difference between two timelines of the same history, in words ("listing 2: ends
// 2021-03-04, not 2021-03-05"), or nothing when they agree. Parameter values behind causes are not
// compared. Two failed runs agree when they fail at the same event on the same date (their items
// are not results).
std::optional<std::string> first_difference(const ir::Policy& policy, const ir::Timeline& expected, const ir::Timeline& actual);

}  // namespace credlex::codegen
