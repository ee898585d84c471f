#include "compiler/driver/backends.h"

#ifdef CREDLEX_HAVE_LLVM
#include "compiler/codegen/aot.h"
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/timelines.h"
#endif

namespace credlex::driver {

struct Backends::Impl {
  std::string which;
  const clx_calendar* calendar = nullptr;
#ifdef CREDLEX_HAVE_LLVM
  std::unique_ptr<codegen::Jit> jit;
  std::vector<std::unique_ptr<codegen::CompiledPolicy>> compiled;
  std::vector<std::unique_ptr<codegen::LoadedLibrary>> libraries;
#endif
};

Backends::Backends(std::string which, const clx_calendar* calendar) : impl_(std::make_unique<Impl>()) {
  impl_->which = std::move(which);
  impl_->calendar = calendar;
}
Backends::~Backends() = default;

bool Backends::compile(const ir::Policy& policy, std::vector<Backend>& out, std::string& error) {
  out.clear();
  const std::string& which = impl_->which;
  if (which == "interp") return true;
#ifndef CREDLEX_HAVE_LLVM
  (void)policy;
  error = "the compiled backends need a build with the LLVM backend (cmake -DCREDLEX_LLVM=ON)";
  return false;
#else
  if (which == "jit" || which == "all") {
    if (!impl_->jit && !(impl_->jit = codegen::Jit::create(error))) return false;
    auto compiled = impl_->jit->compile_policy(policy, codegen::Tier::Fast, error);
    if (!compiled) return false;
    const codegen::CompiledPolicy* c = compiled.get();
    const clx_calendar* cal = impl_->calendar;
    out.push_back(Backend{"the JIT", [c, cal, &policy](const ir::History& h) { return codegen::run(*c, policy, h, cal); }});
    impl_->compiled.push_back(std::move(compiled));
  }
  if (which == "aot" || which == "all") {
    // a prefix of its own per library, as before: loaded side by side in one process
    auto library = codegen::LoadedLibrary::build(policy, "clx_aot" + std::to_string(impl_->libraries.size()), error);
    if (!library) return false;
    clx_run_fn run = library->run;
    clx_timeline_free_fn free_timeline = library->free_timeline;
    impl_->libraries.push_back(std::move(library));
    const clx_calendar* cal = impl_->calendar;
    out.push_back(Backend{"the ahead-of-time library", [run, free_timeline, cal, &policy](const ir::History& h) {
                            return codegen::run(run, free_timeline, policy, h, cal);
                          }});
  }
  return true;
#endif
}

}  // namespace credlex::driver
