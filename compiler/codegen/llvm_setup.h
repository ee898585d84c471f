// Internal: what every user of LLVM in this library does first (jit.cpp, aot.cpp).
#pragma once

namespace credlex::codegen {

// Registers the host's target, assembly printer and parser with LLVM, once per process.
void initialize_llvm();

}  // namespace credlex::codegen
