#include "compiler/driver/backends.h"

#ifdef CREDLEX_HAVE_LLVM
#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>

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
  // The ahead-of-time libraries: built in a temporary folder (removed with this object), loaded.
  std::string folder;
  std::vector<void*> libraries;
  ~Impl() {
    for (void* l : libraries) ::dlclose(l);
    std::error_code ec;
    if (!folder.empty()) std::filesystem::remove_all(folder, ec);
  }
  // Builds `policy` into a shared library as `credlex build` does and loads it; false with a plain
  // reason on failure.
  bool load_library(const ir::Policy& policy, clx_run_fn& run, clx_timeline_free_fn& free_timeline, std::string& error) {
    if (folder.empty()) {
      std::string name = (std::filesystem::temp_directory_path() / "credlex-aot-XXXXXX").string();
      if (!::mkdtemp(name.data())) {
        error = "cannot create a temporary folder for the ahead-of-time library";
        return false;
      }
      folder = name;
    }
    codegen::AotOptions options;
    options.kind = codegen::AotOptions::Kind::Shared;
    options.prefix = "clx_aot" + std::to_string(libraries.size());
    options.output = folder + "/lib" + options.prefix + ".so";
    if (!codegen::build_artifact(policy, options, error)) return false;
    void* library = ::dlopen(options.output.c_str(), RTLD_LOCAL | RTLD_NOW);
    if (!library) {
      const char* why = ::dlerror();
      error = "cannot load the ahead-of-time library: " + std::string(why ? why : "unknown reason");
      return false;
    }
    libraries.push_back(library);
    run = reinterpret_cast<clx_run_fn>(::dlsym(library, (options.prefix + "_run").c_str()));
    free_timeline = reinterpret_cast<clx_timeline_free_fn>(::dlsym(library, (options.prefix + "_timeline_free").c_str()));
    if (!run || !free_timeline) {
      error = "the ahead-of-time library lacks its entry points (a bug in credlex)";
      return false;
    }
    return true;
  }
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
    clx_run_fn run = nullptr;
    clx_timeline_free_fn free_timeline = nullptr;
    if (!impl_->load_library(policy, run, free_timeline, error)) return false;
    const clx_calendar* cal = impl_->calendar;
    out.push_back(Backend{"the ahead-of-time library", [run, free_timeline, cal, &policy](const ir::History& h) {
                            return codegen::run(run, free_timeline, policy, h, cal);
                          }});
  }
  return true;
#endif
}

}  // namespace credlex::driver
