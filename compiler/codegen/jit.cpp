// The ORC LLJIT wrapper: one JIT and one target machine for the host, owned by the caller; a
// module per compiled policy, with the runtime's bitcode (runtime/src/*.c and helpers.c, compiled
// by clang at build time and embedded in this library) linked in and internalized so it inlines.
#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/llvm_setup.h"
#include "compiler/codegen/module.h"
#include "compiler/codegen/parts.h"
#include "compiler/codegen/runtime_bitcode.h"

namespace credlex::codegen {
namespace {

std::string message(llvm::Error e) { return llvm::toString(std::move(e)); }

// Machine code for a module at the tier its name ends with: `.fast` with CodeGenOptLevel::None
// (fast instruction selection), anything else with the default level. (Compiled with -fno-rtti,
// as libLLVM is, since it derives from an LLVM class.)
class TieredCompiler : public llvm::orc::IRCompileLayer::IRCompiler {
 public:
  TieredCompiler(std::unique_ptr<llvm::TargetMachine> fast, std::unique_ptr<llvm::TargetMachine> optimized)
      : IRCompiler(llvm::orc::irManglingOptionsFromTargetOptions(optimized->Options)),
        fast_(std::move(fast)), optimized_(std::move(optimized)) {}
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> operator()(llvm::Module& m) override {
    return m.getModuleIdentifier().ends_with(".fast") ? fast_(m) : optimized_(m);
  }

 private:
  llvm::orc::TMOwningSimpleCompiler fast_, optimized_;
};

}  // namespace

void initialize_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

void optimize(llvm::Module& m, llvm::TargetMachine* tm, Tier tier) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  if (tier == Tier::Optimized) {
    pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(m, mam);
  } else {
    llvm::ModulePassManager mpm;  // only drop the runtime functions nothing calls
    mpm.addPass(llvm::GlobalDCEPass());
    mpm.run(m, mam);
  }
}

std::unique_ptr<llvm::Module> runtime_module(llvm::LLVMContext& context, std::string& error) {
  llvm::MemoryBufferRef buffer(llvm::StringRef(runtime_bitcode_data(), runtime_bitcode_size()), "credlex_runtime.bc");
  auto runtime = llvm::parseBitcodeFile(buffer, context);
  if (!runtime) { error = "cannot read the runtime's bitcode: " + message(runtime.takeError()); return nullptr; }
  return std::move(*runtime);
}

bool link_runtime(llvm::Module& m, const std::string& keep_prefix, std::string& error, const std::vector<std::string>* only) {
  auto runtime = runtime_module(m.getContext(), error);
  if (!runtime) return false;
  runtime->setDataLayout(m.getDataLayout());
  runtime->setTargetTriple(m.getTargetTriple());
  // clang-19 stamped the runtime's functions with the CPU it compiled for ("x86-64" and its
  // features); the policy's functions carry none. LLVM inlines a callee only into a caller with at
  // least its features, so under the ahead-of-time target ("generic") no helper was inlined into
  // the policy's code. Without the stamps the runtime compiles for the module's target machine,
  // the host's CPU in the JIT and the portable one ahead of time, like the policy's own code.
  for (auto& f : runtime->functions()) {
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    f.removeFnAttr("tune-cpu");
  }
  if (only)
    for (auto& f : runtime->functions())
      if (!f.isDeclaration() && !f.hasLocalLinkage() && std::find(only->begin(), only->end(), f.getName().str()) == only->end())
        f.deleteBody();
  if (llvm::Linker::linkModules(m, std::move(runtime), llvm::Linker::LinkOnlyNeeded)) {
    error = "cannot link the runtime into the policy's module";
    return false;
  }
  // Only the entry points stay visible; the runtime is private to the module (so it inlines, and
  // two modules never clash).
  for (auto& f : m.functions())
    if (!f.isDeclaration() && !f.getName().starts_with(keep_prefix)) f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (auto& g : m.globals())
    if (!g.isDeclaration() && !g.getName().starts_with(keep_prefix)) g.setLinkage(llvm::GlobalValue::InternalLinkage);
  return true;
}

struct Jit::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::unique_ptr<llvm::TargetMachine> tm;
  std::optional<llvm::orc::JITTargetMachineBuilder> target;  // for the target machines of O2's parts
  unsigned o2_parts = 0;                                      // JitOptions
  int modules = 0;
  bool runtime_added = false;  // the shared runtime module (compiled on first use)
};

struct CompiledPolicy::Impl {
  llvm::orc::ResourceTrackerSP tracker;
};

CompiledPolicy::CompiledPolicy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledPolicy::~CompiledPolicy() {
  if (impl_ && impl_->tracker) llvm::consumeError(impl_->tracker->remove());
}

struct CompiledExprs::Impl {
  llvm::orc::ResourceTrackerSP tracker;
  std::vector<std::pair<ir::ExprId, clx_expr_fn>> functions;
};

CompiledExprs::CompiledExprs(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledExprs::~CompiledExprs() {
  if (impl_ && impl_->tracker) llvm::consumeError(impl_->tracker->remove());
}

clx_expr_fn CompiledExprs::function(ir::ExprId e) const {
  for (const auto& [id, fn] : impl_->functions)
    if (id == e) return fn;
  return nullptr;
}

Jit::Jit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Jit::~Jit() = default;

std::unique_ptr<Jit> Jit::create(std::string& error, const JitOptions& options) {
  initialize_llvm();
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) { error = "cannot target this machine: " + message(jtmb.takeError()); return nullptr; }
  auto tm = jtmb->createTargetMachine();
  if (!tm) { error = "cannot create a target machine: " + message(tm.takeError()); return nullptr; }
  auto jit = llvm::orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(*jtmb)
                 .setCompileFunctionCreator([](llvm::orc::JITTargetMachineBuilder builder)
                                                -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                   auto optimized = builder.createTargetMachine();
                   if (!optimized) return optimized.takeError();
                   builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
                   auto fast = builder.createTargetMachine();
                   if (!fast) return fast.takeError();
                   return std::make_unique<TieredCompiler>(std::move(*fast), std::move(*optimized));
                 })
                 .create();
  if (!jit) { error = "cannot create the JIT: " + message(jit.takeError()); return nullptr; }
  // Symbols the linked code may still call: memcpy and friends, 128-bit division (libgcc).
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess((*jit)->getDataLayout().getGlobalPrefix());
  if (!process) { error = "cannot search the process for symbols: " + message(process.takeError()); return nullptr; }
  (*jit)->getMainJITDylib().addGenerator(std::move(*process));
  auto impl = std::make_unique<Impl>();
  impl->jit = std::move(*jit);
  impl->tm = std::move(*tm);
  impl->target = std::move(*jtmb);
  impl->o2_parts = options.o2_parts;
  return std::unique_ptr<Jit>(new Jit(std::move(impl)));
}

// The runtime helpers small and hot enough to inline into a policy's expressions at O2. The rest
// (the timeline engine, money and decimal arithmetic, working days) is compiled once per JIT in the
// shared runtime module: compiling it again for every policy is what made O2 slow.
static const std::vector<std::string> kInlinedHelpers = {
    "clx_eval_field", "clx_eval_field_int", "clx_eval_text_equal", "clx_eval_attribute", "clx_eval_entity_kind", "clx_eval_event_type", "clx_eval_window",
    "clx_eval_in_window"};

// The runtime as one module of the JIT, every function external, compiled (optimised by clang at
// build time) when a policy first calls into it; added once.
static bool add_runtime(llvm::orc::LLJIT& jit, std::string& error) {
  auto context = std::make_unique<llvm::LLVMContext>();
  auto m = runtime_module(*context, error);
  if (!m) return false;
  m->setModuleIdentifier("credlex_runtime.o2");
  m->setDataLayout(jit.getDataLayout());
  m->setTargetTriple(jit.getTargetTriple().str());
  if (auto e = jit.addIRModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(context)))) {
    error = "cannot add the runtime to the JIT: " + message(std::move(e));
    return false;
  }
  return true;
}

// Checks and optimises `m` (at O2 with the hot helpers linked in to inline; otherwise calling the
// shared runtime), and adds it to the JIT under a new resource tracker (null, with the reason in
// `error`, on failure).
static llvm::orc::ResourceTrackerSP add(llvm::orc::LLJIT& jit, llvm::TargetMachine* tm, std::unique_ptr<llvm::Module> m,
                                        std::unique_ptr<llvm::LLVMContext> context, Tier tier, const std::string& prefix,
                                        std::string& error) {
  m->setModuleIdentifier(m->getModuleIdentifier() + (tier == Tier::Fast ? ".fast" : ".o2"));
  m->setDataLayout(jit.getDataLayout());
  m->setTargetTriple(jit.getTargetTriple().str());
  if (tier == Tier::Optimized && !link_runtime(*m, prefix, error, &kInlinedHelpers)) return nullptr;
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*m, &os)) { error = "the generated code is invalid: " + problems; return nullptr; }
  optimize(*m, tm, tier);
  auto tracker = jit.getMainJITDylib().createResourceTracker();
  if (auto e = jit.addIRModule(tracker, llvm::orc::ThreadSafeModule(std::move(m), std::move(context)))) {
    error = "cannot add the module to the JIT: " + message(std::move(e));
    return nullptr;
  }
  return tracker;
}

std::unique_ptr<CompiledExprs> Jit::compile(const ir::Policy& policy, const Options& options, std::string& error) {
  auto context = std::make_unique<llvm::LLVMContext>();
  std::vector<ir::ExprId> exprs = options.exprs.empty() ? rule_conditions(policy) : options.exprs;
  // Each module gets its own names: modules share the JIT's one symbol table.
  std::string prefix = "clx_m" + std::to_string(impl_->modules++) + "_expr_";
  auto m = build_module(policy, exprs, *context, prefix);
  if (!impl_->runtime_added && !(impl_->runtime_added = add_runtime(*impl_->jit, error))) return nullptr;
  auto out = std::make_unique<CompiledExprs::Impl>();
  out->tracker = add(*impl_->jit, impl_->tm.get(), std::move(m), std::move(context), options.tier, prefix, error);
  if (!out->tracker) return nullptr;
  auto compiled = std::unique_ptr<CompiledExprs>(new CompiledExprs(std::move(out)));
  for (ir::ExprId e : exprs) {
    auto address = impl_->jit->lookup(prefix + std::to_string(e));
    if (!address) { error = "cannot compile the policy: " + message(address.takeError()); return nullptr; }
    compiled->impl_->functions.emplace_back(e, address->toPtr<clx_expr_fn>());
  }
  return compiled;
}

// At O2, a policy is compiled in parts on all cores (parts.h) and its objects added to the JIT
// under one resource tracker: the same code as one module, in a fraction of the time.
static llvm::orc::ResourceTrackerSP add_in_parts(llvm::orc::LLJIT& jit, const llvm::orc::JITTargetMachineBuilder& target, unsigned parts,
                                                 llvm::Module& m, const std::string& prefix, std::string& error) {
  constexpr unsigned kMostParts = 8;  // threads compiling one policy when JitOptions leaves it to the cores
  m.setDataLayout(jit.getDataLayout());
  m.setTargetTriple(jit.getTargetTriple().str());
  PartsOptions options;
  options.parts = parts ? parts : std::clamp(std::thread::hardware_concurrency(), 1u, kMostParts);
  options.prefix = prefix;
  options.inlined = &kInlinedHelpers;
  auto objects = compile_in_parts(m, target, options, error);
  if (objects.empty()) return nullptr;
  auto tracker = jit.getMainJITDylib().createResourceTracker();
  for (auto& object : objects)
    if (auto e = jit.addObjectFile(tracker, std::move(object))) {
      error = "cannot add the policy's code to the JIT: " + message(std::move(e));
      llvm::consumeError(tracker->remove());
      return nullptr;
    }
  return tracker;
}

std::unique_ptr<CompiledPolicy> Jit::compile_policy(const ir::Policy& policy, Tier tier, std::string& error) {
  auto context = std::make_unique<llvm::LLVMContext>();
  std::string prefix = "clx_p" + std::to_string(impl_->modules++);
  auto m = build_policy_module(policy, *context, prefix);
  if (!impl_->runtime_added && !(impl_->runtime_added = add_runtime(*impl_->jit, error))) return nullptr;
  auto impl = std::make_unique<CompiledPolicy::Impl>();
  impl->tracker = tier == Tier::Optimized ? add_in_parts(*impl_->jit, *impl_->target, impl_->o2_parts, *m, prefix, error)
                                          : add(*impl_->jit, impl_->tm.get(), std::move(m), std::move(context), tier, prefix, error);
  if (!impl->tracker) return nullptr;
  auto compiled = std::unique_ptr<CompiledPolicy>(new CompiledPolicy(std::move(impl)));
  auto lookup = [&](const char* name) -> void* {
    auto address = impl_->jit->lookup(prefix + name);
    if (!address) { error = "cannot compile the policy: " + message(address.takeError()); return nullptr; }
    return address->toPtr<void*>();
  };
  compiled->run = reinterpret_cast<clx_run_fn>(lookup("_run"));
  compiled->run_batch = reinterpret_cast<clx_run_batch_fn>(lookup("_run_batch"));
  compiled->free_timeline = reinterpret_cast<clx_timeline_free_fn>(lookup("_timeline_free"));
  compiled->info = reinterpret_cast<clx_info_fn>(lookup("_info"));
  if (!compiled->run || !compiled->run_batch || !compiled->free_timeline || !compiled->info) return nullptr;
  return compiled;
}

}  // namespace credlex::codegen
