// Internal: the policy's expressions as an LLVM module (codegen.cpp), for jit.cpp and emit_llvm.
#pragma once

#include <memory>
#include <string>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include "compiler/codegen/codegen.h"

namespace credlex::codegen {

// One function `<prefix><id>` per expression of options.exprs (abi.h: clx_expr_fn), calling the
// helpers of helpers.c, which are declared, not defined.
std::unique_ptr<llvm::Module> build_module(const ir::Policy& policy, const std::vector<ir::ExprId>& exprs,
                                           llvm::LLVMContext& context, const std::string& prefix);

// What a compiled policy says about itself (abi.h: clx_policy_info); the hashes are empty in the JIT.
struct Identity {
  std::string source_sha256, sources_sha256;
};

// The whole policy as one module: every expression the timeline needs, the policy's tables, and
// the entry points `<prefix>_run`, `<prefix>_run_batch`, `<prefix>_timeline_free` and
// `<prefix>_info` (abi.h), calling the timeline engine (engine.c), which is declared, not defined.
std::unique_ptr<llvm::Module> build_policy_module(const ir::Policy& policy, llvm::LLVMContext& context,
                                                  const std::string& prefix, const Identity& identity = {});

// Links the runtime's bitcode (runtime/src/*.c, helpers.c, engine.c) into `m` with only what it
// needs, and makes every definition whose name does not start with `keep_prefix` internal (so it
// inlines, and two modules never clash). With `only`, just those runtime functions (and what they
// call privately) are linked; calls to the others stay declarations, for a runtime loaded
// elsewhere (the JIT's shared runtime). False, with the reason in `error`, on failure.
bool link_runtime(llvm::Module& m, const std::string& keep_prefix, std::string& error,
                  const std::vector<std::string>* only = nullptr);

// The runtime's bitcode as a module of its own, every function external (the JIT compiles it once
// and every policy calls into it).
std::unique_ptr<llvm::Module> runtime_module(llvm::LLVMContext& context, std::string& error);

// Runs the tier's pipeline on `m` (Fast: only drops what nothing calls; Optimized: O2).
void optimize(llvm::Module& m, llvm::TargetMachine* tm, Tier tier);

}  // namespace credlex::codegen
