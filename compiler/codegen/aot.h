// Ahead of time: a policy compiled into a position-independent object (.o) or a shared library
// (.so) for the host, and the C header agencies compile against (`credlex build`). No LLVM header
// is included here (README.md in this folder).
//
//   build_artifact(policy, options) → OUT (+ header)     artifact_header(policy, options) → text
//   sha256_hex(bytes), sources_sha256(files)            the identity an artifact carries (P_info)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/codegen/abi.h"
#include "compiler/ir/ir.h"

namespace credlex::codegen {

struct AotOptions {
  enum class Kind : std::uint8_t { Object, Shared } kind = Kind::Shared;
  std::string output;  // the .o or .so to write
  std::string header;  // the C header to write with it; "" for none
  std::string prefix;  // symbol prefix P of P_run, P_info, …; "" for default_prefix(policy)
  // What P_info reports (abi.h: clx_policy_info): 64 lowercase hex digits each.
  std::string source_sha256, sources_sha256;
};

// `credlex_<policy name>`, with every character that cannot be in a C name replaced by `_`.
std::string default_prefix(const ir::Policy& policy);

// True when `prefix` can start C names: a letter or `_`, then letters, digits or `_`.
bool valid_prefix(const std::string& prefix);

// Compiles the whole policy (the runtime linked in and private to it, O2, generic CPU of the
// host's architecture, position-independent) and writes options.output, and options.header when
// set. A shared library is linked by the system C compiler (`cc` on PATH). Every file is written
// to a temporary file in its folder and renamed into place only when all of them are ready: on
// failure nothing is left behind. False, with a plain reason in `error`, on failure.
bool build_artifact(const ir::Policy& policy, const AotOptions& options, std::string& error);

// The self-contained C header of a compiled policy: the ABI (abi.h and the runtime declarations
// it needs, embedded in this library at build time), the prototypes of the four entry points with
// the prefix, and the policy's names and indices as C constants.
std::string artifact_header(const ir::Policy& policy, const AotOptions& options);

// A policy built as a shared library (build_artifact) into a temporary folder of its own and
// loaded with dlopen, as an agency's program loads it: `credlex test --backend aot` and the
// latency benchmark. The library is unloaded and the folder removed with this object.
class LoadedLibrary {
 public:
  // `prefix`: that of the entry points (default_prefix(policy) when empty). Null, with a plain
  // reason in `error`, when the library cannot be built or loaded.
  static std::unique_ptr<LoadedLibrary> build(const ir::Policy& policy, const std::string& prefix, std::string& error);
  ~LoadedLibrary();
  LoadedLibrary(const LoadedLibrary&) = delete;
  LoadedLibrary& operator=(const LoadedLibrary&) = delete;

  clx_run_fn run = nullptr;
  clx_timeline_free_fn free_timeline = nullptr;

 private:
  LoadedLibrary() = default;
  std::string folder_;
  void* handle_ = nullptr;
};

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

struct PolicySource {
  std::string path;   // relative to the main file's folder, `/`-separated
  std::string bytes;  // the file's content
};
// The SHA-256 of every file a policy is made of: over the files sorted by path, each as its path,
// a NUL byte, its length in decimal, a NUL byte, then its bytes (README.md: "Ahead of time").
std::string sources_sha256(std::vector<PolicySource> files);

}  // namespace credlex::codegen
