#include "compiler/differential/compiled.h"

#include <memory>

#include "compiler/codegen/timelines.h"

namespace credlex::differential {

Backend entry_points(const ir::Policy& policy, clx_run_fn run, clx_timeline_free_fn free_timeline) {
  auto runner = std::make_shared<codegen::Runner>(run, free_timeline);
  return [&policy, runner](const ir::History& h, const clx_calendar* calendar) { return (*runner)(policy, h, calendar); };
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
