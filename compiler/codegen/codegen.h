// The LLVM backend: policy IR expressions compiled to native code through LLVM 19 and an ORC
// LLJIT. The compiled code computes exactly what the reference interpreter's `eval` computes
// (compiler/ir/interpret.cpp); tests/unit/codegen_expr_test.cpp compares the two. No LLVM header
// is included here: LLVM stays inside this library (README.md in this folder).
//
//   emit_llvm(policy, options) → text          (`credlex check --emit=llvm`)
//   Jit::create() → Jit;  jit.compile(policy, options) → CompiledExprs → clx_expr_fn per expression
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/codegen/abi.h"
#include "compiler/ir/ir.h"

namespace credlex::codegen {

// Fast: no IR optimisation (tests, single decisions). Optimized: LLVM's O2 pipeline with the hot
// runtime helpers inlined (population runs). Callers choose (`credlex differential --tier`); the
// automatic choice by population size belongs to the simulator, which does not exist yet.
enum class Tier : std::uint8_t { Fast, Optimized };

struct Options {
  Tier tier = Tier::Fast;
  std::vector<ir::ExprId> exprs;  // the expressions to compile; empty: every rule condition
};

// Every condition of a rule (include, extend, remove, eligible, never, measure, grade level) once,
// in declaration order.
std::vector<ir::ExprId> rule_conditions(const ir::Policy& policy);

// The name of expression `e`'s function in an emitted module: `clx_expr_<e>`.
std::string expr_symbol(ir::ExprId e);

// The module of the policy's expressions as LLVM IR text, before the runtime is linked in.
std::string emit_llvm(const ir::Policy& policy, const Options& options = {});

class Jit;

// A whole compiled policy: the entry points of abi.h (timelines for one entity or a batch).
// Valid while the Jit that made it lives; destroying it frees its code.
class CompiledPolicy {
 public:
  ~CompiledPolicy();
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;
  clx_run_fn run = nullptr;
  clx_run_batch_fn run_batch = nullptr;
  clx_timeline_free_fn free_timeline = nullptr;
  clx_info_fn info = nullptr;

 private:
  friend class Jit;
  struct Impl;
  explicit CompiledPolicy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The functions of one compiled policy's expressions. Valid while the Jit that made it lives; destroying it
// frees its code.
class CompiledExprs {
 public:
  ~CompiledExprs();
  CompiledExprs(const CompiledExprs&) = delete;
  CompiledExprs& operator=(const CompiledExprs&) = delete;
  // The function of expression `e`, or null when it was not compiled.
  clx_expr_fn function(ir::ExprId e) const;

 private:
  friend class Jit;
  struct Impl;
  explicit CompiledExprs(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One ORC LLJIT and one target machine for the host, owned by the caller (one per process is
// enough: creating them per policy is slow). Not thread-safe: compile from one thread at a time.
struct JitOptions {
  // Into how many parts a policy is cut to compile at O2, each on a thread of its own (0: one per
  // core, at most 8). The code is the same whatever the number; only the compile time differs.
  unsigned o2_parts = 0;
};

class Jit {
 public:
  // Null, with the reason in `error`, when LLVM cannot target the host.
  static std::unique_ptr<Jit> create(std::string& error, const JitOptions& options = {});
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  // Compiles the expressions in one module with the runtime's bitcode linked in. Null, with a
  // plain reason in `error`, on failure.
  std::unique_ptr<CompiledExprs> compile(const ir::Policy& policy, const Options& options, std::string& error);

  // Compiles the whole policy (build_policy_module) at `tier`. Null, with a plain reason in
  // `error`, on failure.
  std::unique_ptr<CompiledPolicy> compile_policy(const ir::Policy& policy, Tier tier, std::string& error);

 private:
  struct Impl;
  explicit Jit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace credlex::codegen
