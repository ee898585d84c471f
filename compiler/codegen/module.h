// Internal: the policy's expressions as an LLVM module (codegen.cpp), for jit.cpp and emit_llvm.
#pragma once

#include <memory>
#include <string>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "compiler/codegen/codegen.h"

namespace credlex::codegen {

// One function `<prefix><id>` per expression of options.exprs (abi.h: clx_expr_fn), calling the
// helpers of helpers.c, which are declared, not defined.
std::unique_ptr<llvm::Module> build_module(const ir::Policy& policy, const std::vector<ir::ExprId>& exprs,
                                           llvm::LLVMContext& context, const std::string& prefix);

}  // namespace credlex::codegen
