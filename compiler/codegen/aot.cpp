// Ahead of time: the policy's module, the runtime linked in and private, optimised at O2 and
// emitted as a position-independent object for the host's architecture; a shared library is
// linked from it by the system C compiler. Files appear atomically (temporary file, rename).
#include "compiler/codegen/aot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <llvm/ADT/StringExtras.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/SHA256.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include "compiler/codegen/llvm_setup.h"
#include "compiler/codegen/module.h"
#include "compiler/files/temp_file.h"

extern char** environ;

namespace credlex::codegen {
namespace {

namespace fs = std::filesystem;

using files::TempFile;

// A target machine for the host's architecture, with its generic CPU (the artifact may run on
// another machine than the one that built it), position-independent code, small code model.
std::unique_ptr<llvm::TargetMachine> host_target(std::string& error) {
  initialize_llvm();
  std::string triple = llvm::sys::getProcessTriple();
  std::string problem;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, problem);
  if (!target) {
    error = "cannot compile for this machine (" + triple + "): " + problem;
    return nullptr;
  }
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, "generic", "", options, llvm::Reloc::PIC_, llvm::CodeModel::Small, llvm::CodeGenOptLevel::Default));
  if (!tm) error = "cannot create a code generator for this machine (" + triple + ")";
  return tm;
}

// Only the four entry points stay visible outside the object.
void keep_only_entry_points(llvm::Module& m, const std::string& prefix) {
  const std::string keep[] = {prefix + "_run", prefix + "_run_batch", prefix + "_timeline_free", prefix + "_info"};
  auto hide = [&](llvm::GlobalValue& g) {
    if (g.isDeclaration() || g.hasLocalLinkage()) return;
    if (std::find(std::begin(keep), std::end(keep), g.getName()) != std::end(keep)) return;
    g.setLinkage(llvm::GlobalValue::InternalLinkage);
  };
  for (auto& f : m.functions()) hide(f);
  for (auto& g : m.globals()) hide(g);
}

// The object file's bytes for the whole policy.
bool emit_object(const ir::Policy& policy, const std::string& prefix, const AotOptions& options, std::string& object,
                 std::string& error) {
  auto tm = host_target(error);
  if (!tm) return false;
  llvm::LLVMContext context;
  auto m = build_policy_module(policy, context, prefix, Identity{options.source_sha256, options.sources_sha256});
  m->setDataLayout(tm->createDataLayout());
  m->setTargetTriple(tm->getTargetTriple().str());
  if (!link_runtime(*m, prefix + "_", error)) return false;
  keep_only_entry_points(*m, prefix);
  // The runtime's bitcode was compiled for executables (PIE): in a shared library nothing outside
  // the module may be assumed local.
  auto level = [&](int n) { return llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(llvm::Type::getInt32Ty(context), n)); };
  m->setModuleFlag(llvm::Module::Max, "PIE Level", level(llvm::PIELevel::Default));
  m->setModuleFlag(llvm::Module::Min, "PIC Level", level(llvm::PICLevel::BigPIC));
  for (auto& f : m->functions())
    if (f.isDeclaration()) f.setDSOLocal(false);
  for (auto& g : m->globals())
    if (g.isDeclaration()) g.setDSOLocal(false);

  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*m, &os)) {
    error = "the generated code is invalid (a bug in credlex): " + problems;
    return false;
  }
  optimize(*m, tm.get(), Tier::Optimized);
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream out(buffer);
  llvm::legacy::PassManager passes;
  if (tm->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "this machine's code generator cannot write object files";
    return false;
  }
  passes.run(*m);
  object.assign(buffer.begin(), buffer.end());
  return true;
}

// Runs `cc -shared -o OUT OBJECT` (cc found on PATH); its messages go into `error` on failure.
bool link_shared(const std::string& object, const std::string& out, std::string& error) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    error = std::string("cannot run the C compiler: ") + std::strerror(errno);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::string cc = "cc", shared = "-shared", dash_o = "-o";
  std::vector<char*> argv = {cc.data(), shared.data(), dash_o.data(), const_cast<char*>(out.c_str()),
                             const_cast<char*>(object.c_str()), nullptr};
  pid_t pid = 0;
  int spawned = ::posix_spawnp(&pid, "cc", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::string messages;
  if (spawned == 0) {
    char chunk[4096];
    for (ssize_t n; (n = ::read(pipe_fds[0], chunk, sizeof chunk)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      messages.append(chunk, static_cast<std::size_t>(n));
    }
  }
  ::close(pipe_fds[0]);
  if (spawned != 0) {
    error = spawned == ENOENT
                ? "cannot find the C compiler `cc`, which links shared libraries: install one (for example gcc) and "
                  "put it on PATH"
                : std::string("cannot run the C compiler `cc`: ") + std::strerror(spawned);
    return false;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "the C compiler `cc` could not link the shared library" + (messages.empty() ? std::string() : ":\n" + messages);
    return false;
  }
  return true;
}

bool check_output_path(const std::string& path, const char* what, std::string& error) {
  if (path.empty()) {
    error = std::string("no file name given for the ") + what;
    return false;
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "`" + path + "` is a folder; give a file name for the " + what;
    return false;
  }
  fs::path dir = fs::path(path).parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec)) {
    error = "cannot write `" + path + "`: the folder `" + dir.string() + "` does not exist";
    return false;
  }
  return true;
}

}  // namespace

std::string default_prefix(const ir::Policy& policy) {
  std::string p = "credlex_";
  for (char c : policy.name) p += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  return p;
}

bool valid_prefix(const std::string& prefix) {
  if (prefix.empty() || std::isdigit(static_cast<unsigned char>(prefix[0]))) return false;
  return std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool build_artifact(const ir::Policy& policy, const AotOptions& options, std::string& error) {
  const std::string prefix = options.prefix.empty() ? default_prefix(policy) : options.prefix;
  if (!valid_prefix(prefix)) {
    error = "the symbol prefix `" + prefix + "` cannot start a C name: use letters, digits and `_`, not starting with a digit";
    return false;
  }
  const bool shared = options.kind == AotOptions::Kind::Shared;
  if (!check_output_path(options.output, shared ? "shared library" : "object file", error)) return false;
  if (!options.header.empty() && !check_output_path(options.header, "header", error)) return false;
  if (!options.header.empty() && fs::path(options.header).lexically_normal() == fs::path(options.output).lexically_normal()) {
    error = "the header and the " + std::string(shared ? "library" : "object") + " cannot be the same file";
    return false;
  }

  std::string object;
  if (!emit_object(policy, prefix, options, object, error)) return false;

  TempFile artifact, header, linked_object;
  if (!artifact.create(options.output, shared ? "" : ".o", shared ? 0755 : 0644, error)) return false;
  if (shared) {  // the linker replaces the file, with the permissions of a program
    if (!linked_object.create(options.output, ".o", 0644, error) || !linked_object.write(object, error)) return false;
    if (!link_shared(linked_object.path(), artifact.path(), error)) return false;
  } else if (!artifact.write(object, error)) {
    return false;
  }
  if (!options.header.empty()) {
    if (!header.create(options.header, ".h", 0644, error)) return false;
    AotOptions named = options;
    named.prefix = prefix;
    if (!header.write(artifact_header(policy, named), error)) return false;
  }
  if (!artifact.commit(error)) return false;
  return options.header.empty() || header.commit(error);
}

std::string sha256_hex(std::string_view bytes) {
  auto digest = llvm::SHA256::hash(llvm::ArrayRef<std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::string sources_sha256(std::vector<PolicySource> files) {
  std::sort(files.begin(), files.end(), [](const PolicySource& a, const PolicySource& b) { return a.path < b.path; });
  llvm::SHA256 hash;
  const std::uint8_t nul = 0;
  for (const auto& f : files) {
    hash.update(f.path);
    hash.update(llvm::ArrayRef<std::uint8_t>(&nul, 1));
    hash.update(std::to_string(f.bytes.size()));
    hash.update(llvm::ArrayRef<std::uint8_t>(&nul, 1));
    hash.update(f.bytes);
  }
  return llvm::toHex(hash.final(), /*LowerCase=*/true);
}

}  // namespace credlex::codegen
