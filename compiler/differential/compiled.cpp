#include "compiler/differential/compiled.h"

#include <memory>

#include "compiler/codegen/columns.h"
#include "compiler/codegen/timelines.h"

namespace credlex::differential {
namespace {

struct Reused {
  clx_timeline t{};
  clx_timeline_free_fn free_timeline = nullptr;
  ~Reused() {
    if (free_timeline) free_timeline(&t);
  }
};

}  // namespace

Backend entry_points(const ir::Policy& policy, clx_run_fn run, clx_timeline_free_fn free_timeline) {
  auto state = std::make_shared<Reused>();
  state->free_timeline = free_timeline;
  return [&policy, run, state](const ir::History& h, const clx_calendar* calendar) {
    codegen::HistoryColumns columns(policy, h);
    run(columns.get(), calendar, &state->t);
    return codegen::to_timeline(policy, h, state->t);
  };
}

Backend compiled(const ir::Policy& policy, const codegen::CompiledPolicy& code) {
  return entry_points(policy, code.run, code.free_timeline);
}

Difference first_difference(const ir::Policy& policy) {
  return [&policy](const ir::Timeline& expected, const ir::Timeline& actual) {
    return codegen::first_difference(policy, expected, actual);
  };
}

}  // namespace credlex::differential
