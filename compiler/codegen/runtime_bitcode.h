// Internal: the runtime's C sources and helpers.c as one LLVM bitcode module, compiled by clang at
// build time and embedded in the library (runtime_bitcode.cpp.in).
#pragma once

#include <cstddef>

namespace credlex::codegen {
const char* runtime_bitcode_data();
std::size_t runtime_bitcode_size();
}  // namespace credlex::codegen
