// Compiled code as a differential backend (built with CREDLEX_LLVM: it uses compiler/codegen).
//
// Any code with the entry points of compiler/codegen/abi.h plugs in through entry_points(): the
// JIT's CompiledPolicy (compiled()), and an ahead-of-time shared library whose `P_run` and
// `P_timeline_free` were found with dlsym.
#pragma once

#include "compiler/codegen/abi.h"
#include "compiler/codegen/codegen.h"
#include "compiler/differential/compare.h"

namespace credlex::differential {

// Runs histories through `run` (the history as abi.h columns, the timeline converted back with
// codegen::to_timeline). One clx_timeline is reused from run to run, as abi.h allows, and freed
// with `free_timeline` when the last copy of the backend is destroyed. `policy` must outlive it.
Backend entry_points(const ir::Policy& policy, clx_run_fn run, clx_timeline_free_fn free_timeline);

// The JIT's compiled policy; it must outlive the backend.
Backend compiled(const ir::Policy& policy, const codegen::CompiledPolicy& code);

// codegen::first_difference for `policy` (everything but the parameter values behind causes).
Difference first_difference(const ir::Policy& policy);

}  // namespace credlex::differential
