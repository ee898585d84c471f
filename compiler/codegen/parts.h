// Internal: a policy module compiled at O2 in parts, one per thread (jit.cpp). O2 spends its time
// per function, and a policy's expressions are independent functions reached only through its
// table, so a module cut between them compiles in a fraction of the time on several cores.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>

namespace credlex::codegen {

struct PartsOptions {
  unsigned parts = 2;                      // at most this many modules and threads
  std::string prefix;                      // the policy's symbol prefix (build_policy_module)
  const std::vector<std::string>* inlined = nullptr;  // the runtime helpers each part links in
};

// Cuts `m` (a policy module before the runtime is linked) between its functions named with the
// prefix, balancing their sizes; every part keeps every private constant and declares the other
// parts' functions, and the first keeps what is not an expression (tables, entry points). Each
// part is linked with the helpers, optimised at O2 and compiled to an object by a target machine
// of its own, on a thread of its own. The objects, in part order, linked together, are the
// module's code. Empty, with the reason in `error`, on failure.
std::vector<std::unique_ptr<llvm::MemoryBuffer>> compile_in_parts(const llvm::Module& m, const llvm::orc::JITTargetMachineBuilder& target,
                                                                   const PartsOptions& options, std::string& error);

}  // namespace credlex::codegen
