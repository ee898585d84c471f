#include "compiler/codegen/parts.h"

#include <algorithm>
#include <thread>

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/module.h"

namespace credlex::codegen {
namespace {

std::string message(llvm::Error e) { return llvm::toString(std::move(e)); }

std::size_t size_of(const llvm::Function& f) {
  std::size_t n = 0;
  for (const auto& b : f) n += b.size();
  return n;
}

// Which part defines each function named with the prefix: what is not an expression in part 0,
// the expressions largest first, each to the part with the least so far.
std::vector<unsigned> assign(const std::vector<const llvm::Function*>& functions, const std::string& expr_prefix, unsigned parts) {
  std::vector<unsigned> part(functions.size(), 0);
  std::vector<std::size_t> load(parts, 0), size, order;
  for (std::size_t i = 0; i < functions.size(); ++i) {
    size.push_back(size_of(*functions[i]));
    if (functions[i]->getName().starts_with(expr_prefix)) order.push_back(i);
    else load[0] += size[i];
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size[a] > size[b]; });
  for (std::size_t i : order) {
    auto lightest = static_cast<unsigned>(std::min_element(load.begin(), load.end()) - load.begin());
    part[i] = lightest;
    load[lightest] += size[i];
  }
  return part;
}

// Part `k` of the module in `bitcode`: compiled to an object with its own context and target
// machine (nothing here is shared with another thread).
std::unique_ptr<llvm::MemoryBuffer> compile_part(const llvm::SmallVector<char, 0>& bitcode, const std::vector<std::string>& names,
                                                 const std::vector<unsigned>& part, unsigned k, llvm::orc::JITTargetMachineBuilder target,
                                                 const PartsOptions& options, std::string& error) {
  llvm::LLVMContext context;
  auto parsed = llvm::parseBitcodeFile(llvm::MemoryBufferRef(llvm::StringRef(bitcode.data(), bitcode.size()), "part"), context);
  if (!parsed) { error = "cannot read a part of the policy's code: " + message(parsed.takeError()); return nullptr; }
  std::unique_ptr<llvm::Module> m = std::move(*parsed);
  for (std::size_t i = 0; i < names.size(); ++i) {
    llvm::Function* f = m->getFunction(names[i]);
    if (!f) continue;
    if (part[i] == k) {
      f->setLinkage(llvm::GlobalValue::ExternalLinkage);  // part 0's table points to it
    } else {
      f->deleteBody();  // a declaration, defined by its part
      f->setDSOLocal(false);  // in another object: reached through the JIT's linker
    }
  }
  if (k != 0)  // the tables and what else is visible are part 0's
    for (auto& g : m->globals())
      if (!g.isDeclaration() && !g.hasLocalLinkage()) {
        g.setInitializer(nullptr);
        g.setLinkage(llvm::GlobalValue::ExternalLinkage);
        g.setDSOLocal(false);
      }
  if (!link_runtime(*m, options.prefix, error, options.inlined)) return nullptr;
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*m, &os)) { error = "the generated code is invalid: " + problems; return nullptr; }
  auto tm = target.createTargetMachine();
  if (!tm) { error = "cannot create a target machine: " + message(tm.takeError()); return nullptr; }
  optimize(*m, tm->get(), Tier::Optimized);
  auto object = llvm::orc::SimpleCompiler(**tm)(*m);
  if (!object) { error = "cannot compile the policy: " + message(object.takeError()); return nullptr; }
  return std::move(*object);
}

}  // namespace

std::vector<std::unique_ptr<llvm::MemoryBuffer>> compile_in_parts(const llvm::Module& m, const llvm::orc::JITTargetMachineBuilder& target,
                                                                   const PartsOptions& options, std::string& error) {
  std::vector<const llvm::Function*> functions;
  for (const auto& f : m.functions())
    if (!f.isDeclaration() && f.getName().starts_with(options.prefix)) functions.push_back(&f);
  unsigned parts = std::max(1u, std::min<unsigned>(options.parts, static_cast<unsigned>(functions.size())));
  std::vector<unsigned> part = assign(functions, options.prefix + "_expr_", parts);
  std::vector<std::string> names;
  for (const auto* f : functions) names.push_back(f->getName().str());
  // Each part parses its own copy: an LLVM context, and all in it, belongs to one thread.
  llvm::SmallVector<char, 0> bitcode;
  {
    llvm::raw_svector_ostream os(bitcode);
    llvm::WriteBitcodeToFile(m, os);
  }
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects(parts);
  std::vector<std::string> errors(parts);
  {
    std::vector<std::thread> threads;
    for (unsigned k = 1; k < parts; ++k)
      threads.emplace_back([&, k] { objects[k] = compile_part(bitcode, names, part, k, target, options, errors[k]); });
    objects[0] = compile_part(bitcode, names, part, 0, target, options, errors[0]);
    for (auto& t : threads) t.join();
  }
  for (unsigned k = 0; k < parts; ++k)
    if (!objects[k]) {
      error = errors[k];
      return {};
    }
  return objects;
}

}  // namespace credlex::codegen
