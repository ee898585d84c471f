// `credlex build`: a policy compiled ahead of time into an object file or a shared library with
// its C header, and `--verify-artifact`: does a library come from a policy's text as it is now?
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <ostream>

#include "compiler/driver/commands.h"
#ifdef CREDLEX_HAVE_LLVM
#include <dlfcn.h>

#include "compiler/codegen/abi.h"
#include "compiler/codegen/aot.h"
#endif

namespace credlex::driver {

#ifndef CREDLEX_HAVE_LLVM
int build_command(const BuildOptions&, Env& env) {
  env.err << "credlex build: compiling a policy needs a build of credlex with the LLVM backend (cmake -DCREDLEX_LLVM=ON)\n";
  return kUsage;
}
#else
namespace {

namespace fs = std::filesystem;

struct SourceHashes {
  std::string source_sha256, sources_sha256;
};

// The hashes of the policy's files as read for this run (README of compiler/codegen, "Ahead of
// time"): every file's path relative to the main file's folder.
SourceHashes policy_hashes(const std::string& main_path, const LoadedPolicy& loaded) {
  auto absolute = [](const std::string& p) {
    std::error_code ec;
    fs::path a = fs::absolute(fs::path(p), ec);
    return (ec ? fs::path(p) : a).lexically_normal();
  };
  const fs::path folder = absolute(main_path).parent_path();
  SourceHashes id;
  std::vector<codegen::PolicySource> files;
  for (const auto& m : loaded.model->program.modules) {
    const std::string& bytes = loaded.sources.file(m->ast.file).text();
    if (m.get() == loaded.model->program.root) id.source_sha256 = codegen::sha256_hex(bytes);
    files.push_back({absolute(m->path).lexically_relative(folder).generic_string(), bytes});
  }
  id.sources_sha256 = codegen::sources_sha256(std::move(files));
  return id;
}

int build(const BuildOptions& o, Env& env) {
  LoadedPolicy loaded;
  if (auto code = load_policy(o.policy, "build", "nothing was built", env, loaded)) return *code;
  SourceHashes id = policy_hashes(o.policy, loaded);
  codegen::AotOptions a;
  a.kind = o.emit == "obj" ? codegen::AotOptions::Kind::Object : codegen::AotOptions::Kind::Shared;
  a.output = o.output;
  a.header = o.header;
  a.prefix = o.prefix;
  a.source_sha256 = id.source_sha256;
  a.sources_sha256 = id.sources_sha256;
  std::string error;
  if (!codegen::build_artifact(loaded.policy, a, error)) {
    env.err << fmt::format("credlex build: {}; nothing was written\n", error);
    return kUsage;
  }
  std::string prefix = o.prefix.empty() ? codegen::default_prefix(loaded.policy) : o.prefix;
  env.out << fmt::format("credlex build: wrote {} `{}`{} for policy `{}` version {} (functions {}_run, {}_info, …)\n",
                         a.kind == codegen::AotOptions::Kind::Object ? "the object file" : "the shared library", o.output,
                         o.header.empty() ? "" : fmt::format(" and the header `{}`", o.header), loaded.policy.name,
                         loaded.policy.version, prefix, prefix);
  return kOk;
}

// Why `path` cannot be loaded, or "" when it looks like a shared library (an ELF of type ET_DYN).
std::string unloadable(const std::string& path, bool& unreadable) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || fs::is_directory(path, ec)) {
    unreadable = true;
    return fs::exists(path, ec) ? "it cannot be read" : "there is no such file";
  }
  unsigned char head[18] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  if (in.gcount() < static_cast<std::streamsize>(sizeof head) || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F')
    return "it is not a shared library";
  unsigned type = head[5] == 2 ? (head[16] << 8 | head[17]) : (head[17] << 8 | head[16]);  // e_type, by EI_DATA
  if (type == 1)
    return "it is an object file (.o), and object files cannot be loaded to be checked: check the shared "
           "library linked from it, or build one with `--emit shared`";
  if (type != 3) return "it is a program, not a shared library";
  return "";
}

std::string text(const char* s) { return s ? s : ""; }

int verify(const BuildOptions& o, Env& env) {
  bool unreadable = false;
  if (std::string why = unloadable(o.verify, unreadable); !why.empty()) {
    env.err << fmt::format("credlex build: cannot check `{}`: {}\n", o.verify, why);
    return kUsage;
  }
  LoadedPolicy loaded;
  if (auto code = load_policy(o.policy, "build", "the library cannot be checked against it", env, loaded))
    return *code == kPolicyErrors ? kPolicyErrors : kUsage;
  SourceHashes id = policy_hashes(o.policy, loaded);
  std::string prefix = o.prefix.empty() ? codegen::default_prefix(loaded.policy) : o.prefix;

  std::error_code ec;
  std::string path = fs::absolute(o.verify, ec).string();  // never searched for on the library path
  void* library = ::dlopen(path.c_str(), RTLD_LOCAL | RTLD_NOW);
  if (!library) {
    env.err << fmt::format("credlex build: cannot load `{}`: {}\n", o.verify, text(::dlerror()));
    return kUsage;
  }
  auto info_fn = reinterpret_cast<clx_info_fn>(::dlsym(library, (prefix + "_info").c_str()));
  if (!info_fn) {
    env.out << fmt::format(
        "`{}` has no function `{}_info`: it was not built from policy `{}`, or it was built with another "
        "--prefix (give it with --prefix)\n",
        o.verify, prefix, loaded.policy.name);
    env.out << fmt::format("MISMATCH: `{}` was not built from `{}`\n", o.verify, o.policy);
    ::dlclose(library);
    return kPolicyErrors;
  }
  const clx_policy_info* info = info_fn();
  bool all = true;
  auto compare = [&](const char* what, const std::string& library_value, const std::string& source_value) {
    bool same = library_value == source_value;
    all = all && same;
    if (same) {
      env.out << fmt::format("  same       {}: {}\n", what, source_value);
    } else {
      env.out << fmt::format("  DIFFERENT  {}: the library has {}, the policy has {}\n", what,
                             library_value.empty() ? "none" : library_value, source_value.empty() ? "none" : source_value);
    }
  };
  env.out << fmt::format("Checking `{}` against `{}`:\n", o.verify, o.policy);
  compare("ABI version", info ? std::to_string(info->abi_version) : "", std::to_string(CLX_ABI_VERSION));
  compare("policy name", info ? text(info->name) : "", loaded.policy.name);
  compare("policy version", info ? text(info->version) : "", loaded.policy.version);
  compare("SHA-256 of the main file", info ? text(info->source_sha256) : "", id.source_sha256);
  compare("SHA-256 of all its files", info ? text(info->sources_sha256) : "", id.sources_sha256);
  ::dlclose(library);
  if (all) {
    env.out << fmt::format("MATCH: `{}` was built from `{}` as it is now\n", o.verify, o.policy);
    return kOk;
  }
  env.out << fmt::format("MISMATCH: `{}` was not built from `{}` as it is now\n", o.verify, o.policy);
  return kPolicyErrors;
}

}  // namespace

int build_command(const BuildOptions& o, Env& env) { return o.verify.empty() ? build(o, env) : verify(o, env); }
#endif

}  // namespace credlex::driver
