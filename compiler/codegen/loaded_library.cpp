// LoadedLibrary (aot.h): build_artifact into a temporary folder, then dlopen.
#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "compiler/codegen/aot.h"

namespace credlex::codegen {

std::unique_ptr<LoadedLibrary> LoadedLibrary::build(const ir::Policy& policy, const std::string& prefix, std::string& error) {
  std::unique_ptr<LoadedLibrary> out(new LoadedLibrary());
  std::string folder = (std::filesystem::temp_directory_path() / "credlex-aot-XXXXXX").string();
  if (!::mkdtemp(folder.data())) {
    error = "cannot create a temporary folder for the ahead-of-time library";
    return nullptr;
  }
  out->folder_ = folder;
  AotOptions options;
  options.kind = AotOptions::Kind::Shared;
  options.prefix = prefix.empty() ? default_prefix(policy) : prefix;
  options.output = folder + "/lib" + options.prefix + ".so";
  if (!build_artifact(policy, options, error)) return nullptr;
  out->handle_ = ::dlopen(options.output.c_str(), RTLD_LOCAL | RTLD_NOW);
  if (!out->handle_) {
    const char* why = ::dlerror();
    error = "cannot load the ahead-of-time library: " + std::string(why ? why : "unknown reason");
    return nullptr;
  }
  out->run = reinterpret_cast<clx_run_fn>(::dlsym(out->handle_, (options.prefix + "_run").c_str()));
  out->free_timeline = reinterpret_cast<clx_timeline_free_fn>(::dlsym(out->handle_, (options.prefix + "_timeline_free").c_str()));
  if (!out->run || !out->free_timeline) {
    error = "the ahead-of-time library lacks its entry points (a bug in credlex)";
    return nullptr;
  }
  return out;
}

LoadedLibrary::~LoadedLibrary() {
  if (handle_) ::dlclose(handle_);
  std::error_code ignored;  // a temporary folder left behind is the system's to clean
  if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
}

}  // namespace credlex::codegen
