// A whole policy as one LLVM module: its expressions (codegen.cpp), its declarations as the
// engine's table (policy_table.h: one constant int32 pool), the table of expression functions, the
// policy's description (clx_policy_info), and the four entry points of abi.h calling the engine
// (engine.c, linked in from the runtime's bitcode). The JIT and ahead-of-time builds use this one
// module, so they run the same code.
#include <algorithm>
#include <map>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>

#include "compiler/codegen/module.h"
#include "compiler/codegen/policy_table.h"
#include "compiler/ir/interpret.h"

namespace credlex::codegen {
namespace {

static_assert(sizeof(clx_t_rule) == 11 * 4 && sizeof(clx_t_decide) == 6 * 4 && sizeof(clx_t_list) == 8 * 4 && sizeof(clx_t_field) == 3 * 4);
static_assert(static_cast<int>(ir::Measure::Duration::For) == CLX_DURATION_FOR &&
              static_cast<int>(ir::Measure::Duration::UntilRestored) == CLX_DURATION_UNTIL_RESTORED &&
              static_cast<int>(ir::Measure::Duration::Life) == CLX_DURATION_LIFE &&
              static_cast<int>(ir::Measure::Duration::AfterListing) == CLX_DURATION_AFTER_LISTING);
static_assert(static_cast<int>(ir::Target::Kind::Grade) == 1 && static_cast<int>(ir::Target::Kind::EntityKind) == 2);

// The pool: records of int32, written front to back; `reserve` makes room for an array of records
// whose variable parts are appended later and patched in.
class Pool {
 public:
  std::int32_t reserve(std::size_t words) {
    auto at = static_cast<std::int32_t>(words_.size());
    words_.resize(words_.size() + words, 0);
    return at;
  }
  std::int32_t append(const std::vector<std::int32_t>& words) {
    auto at = static_cast<std::int32_t>(words_.size());
    words_.insert(words_.end(), words.begin(), words.end());
    return at;
  }
  void set(std::int32_t at, std::initializer_list<std::int32_t> words) {
    std::copy(words.begin(), words.end(), words_.begin() + at);
  }
  const std::vector<std::int32_t>& words() const { return words_; }

 private:
  std::vector<std::int32_t> words_;
};

constexpr std::size_t words_of(std::size_t bytes) { return bytes / 4; }

class TableWriter {
 public:
  explicit TableWriter(const ir::Policy& p) : p_(p) {}

  // The expressions the engine calls, in the order of the function table.
  const std::vector<ir::ExprId>& exprs() const { return exprs_; }

  std::vector<std::int32_t> write() {
    std::int32_t header = pool_.reserve(words_of(sizeof(clx_t_header)));
    std::int32_t lists = write_lists(), restorations = write_restorations(), measures = write_measures();
    std::int32_t grades = write_grades(), kinds = write_kinds(), events = write_events();
    std::vector<std::int32_t> applied;
    for (std::size_t m = 0; m < p_.measures.size(); ++m)
      if (p_.measures[m].applied) applied.push_back(n(m));
    std::int32_t applied_at = pool_.append(applied);
    pool_.set(header, {n(p_.lists.size()), lists, n(p_.restorations.size()), restorations, n(p_.measures.size()), measures,
                       n(p_.grades.size()), grades, n(p_.kinds.size()), kinds, n(p_.events.size()), events, n(applied.size()),
                       applied_at});
    return pool_.words();
  }

 private:
  static std::int32_t n(std::size_t size) { return static_cast<std::int32_t>(size); }

  std::int32_t expr(ir::ExprId e) {
    if (e == ir::kNoExpr) return -1;
    auto [it, added] = index_.try_emplace(e, n(exprs_.size()));
    if (added) exprs_.push_back(e);
    return it->second;
  }

  std::int32_t rules(const std::vector<ir::ListRule>& rules) {
    std::int32_t at = pool_.reserve(rules.size() * words_of(sizeof(clx_t_rule)));
    for (std::size_t r = 0; r < rules.size(); ++r) {
      const auto& x = rules[r];
      pool_.set(at + n(r * words_of(sizeof(clx_t_rule))),
                {x.event, expr(x.condition), x.separately, x.until_removed, expr(x.span.low), expr(x.span.high), expr(x.deadline),
                 x.span.next_day, expr(x.chosen), expr(x.delay), x.restored});
    }
    return at;
  }

  std::int32_t write_lists() {
    std::int32_t at = pool_.reserve(p_.lists.size() * words_of(sizeof(clx_t_list)));
    for (std::size_t l = 0; l < p_.lists.size(); ++l) {
      const auto& list = p_.lists[l];
      std::int32_t kinds = pool_.append(list.kinds);
      std::int32_t includes = rules(list.includes), extends = rules(list.extends), removes = rules(list.removes);
      pool_.set(at + n(l * words_of(sizeof(clx_t_list))), {n(list.kinds.size()), kinds, n(list.includes.size()), includes,
                                                           n(list.extends.size()), extends, n(list.removes.size()), removes});
    }
    return at;
  }

  std::int32_t write_restorations() {
    std::int32_t at = pool_.reserve(p_.restorations.size() * words_of(sizeof(clx_t_restoration)));
    for (std::size_t k = 0; k < p_.restorations.size(); ++k) {
      const auto& r = p_.restorations[k];
      std::vector<std::int32_t> eligible, decide, never;
      for (const auto& el : r.eligible) eligible.insert(eligible.end(), {expr(el.after.low), expr(el.condition), el.after.next_day});
      for (const auto& d : r.decide) decide.insert(decide.end(), {d.event, expr(d.within), expr(d.removal), expr(d.extension), d.extension_event, expr(d.extension_condition)});
      for (const auto& nv : r.never) never.push_back(expr(nv.condition));
      std::int32_t e = pool_.append(eligible), d = pool_.append(decide), v = pool_.append(never);
      pool_.set(at + n(k * words_of(sizeof(clx_t_restoration))),
                {r.list, n(r.eligible.size()), e, n(r.decide.size()), d, n(r.never.size()), v});
    }
    return at;
  }

  std::int32_t write_measures() {
    std::int32_t at = pool_.reserve(p_.measures.size() * words_of(sizeof(clx_t_measure)));
    for (std::size_t m = 0; m < p_.measures.size(); ++m) {
      const auto& ms = p_.measures[m];
      std::int32_t targets = pool_.reserve(ms.targets.size() * words_of(sizeof(clx_t_target)));
      for (std::size_t t = 0; t < ms.targets.size(); ++t) {
        const auto& tg = ms.targets[t];
        std::int32_t levels = pool_.append(tg.levels);
        pool_.set(targets + n(t * words_of(sizeof(clx_t_target))), {static_cast<std::int32_t>(tg.kind), tg.index, n(tg.levels.size()), levels});
      }
      // A measure's conditions and period are compiled only when it is applied.
      bool applied = ms.applied;
      std::vector<std::int32_t> types;
      bool memo = applied && ms.condition != ir::kNoExpr && reads_only_events(ms.condition, types);
      std::sort(types.begin(), types.end());
      types.erase(std::unique(types.begin(), types.end()), types.end());
      std::int32_t memo_types = memo ? pool_.append(types) : -1;
      pool_.set(at + n(m * words_of(sizeof(clx_t_measure))),
                {applied, static_cast<std::int32_t>(ms.duration), applied ? expr(ms.span.low) : -1,
                 applied ? expr(ms.condition) : -1, ms.span.next_day, n(ms.targets.size()), targets,
                 memo ? n(types.size()) : -1, memo_types});
    }
    return at;
  }

  // Whether expression `e` depends only on its `cause`, the entity and the visible events of the
  // types it aggregates (added to `types`): no parameter (its version follows the date), no
  // `listed` (it follows other lists), no window (it slides with the date). Such a value can only
  // change when an event of one of those types becomes visible.
  bool reads_only_events(ir::ExprId e, std::vector<std::int32_t>& types) const {
    if (e == ir::kNoExpr) return true;
    const ir::Node& node = p_.nodes.at(static_cast<std::size_t>(e));
    switch (node.op) {
      case ir::Op::Param: case ir::Op::Listed: return false;
      case ir::Op::Count: case ir::Op::Exists: case ir::Op::Sum: case ir::Op::Latest: case ir::Op::First:
        if (node.within != ir::kNoExpr) return false;
        types.push_back(node.index);
        if (!reads_only_events(node.where, types)) return false;
        break;
      default: break;
    }
    return std::all_of(node.args.begin(), node.args.end(), [&](ir::ExprId a) { return reads_only_events(a, types); });
  }

  std::int32_t write_grades() {
    std::int32_t at = pool_.reserve(p_.grades.size() * words_of(sizeof(clx_t_grade)));
    for (std::size_t g = 0; g < p_.grades.size(); ++g) {
      const auto& gr = p_.grades[g];
      std::int32_t kinds = pool_.append(gr.kinds);
      std::vector<std::int32_t> rules;
      for (const auto& r : gr.rules) rules.insert(rules.end(), {r.level, expr(r.condition)});
      std::int32_t rs = pool_.append(rules);
      pool_.set(at + n(g * words_of(sizeof(clx_t_grade))), {n(gr.kinds.size()), kinds, n(gr.rules.size()), rs, gr.fallback});
    }
    return at;
  }

  static std::int32_t currency(const std::string& c) {
    std::int32_t out = 0;
    for (std::size_t k = 0; k < 3 && k < c.size(); ++k) out |= static_cast<std::int32_t>(static_cast<unsigned char>(c[k])) << (8 * k);
    return out;
  }
  std::int32_t fields(const std::vector<ir::FieldType>& fields) {
    std::vector<std::int32_t> words;
    for (const auto& f : fields) words.insert(words.end(), {static_cast<std::int32_t>(f.kind), currency(f.currency), f.index});
    return pool_.append(words);
  }

  std::int32_t write_kinds() {
    std::int32_t at = pool_.reserve(p_.kinds.size() * words_of(sizeof(clx_t_kind)));
    for (std::size_t k = 0; k < p_.kinds.size(); ++k) {
      ir::SlidingWindows sw = ir::sliding_windows(p_, n(k));
      std::int32_t windows = pool_.reserve(sw.windows.size() * words_of(sizeof(clx_t_window)));
      for (std::size_t w = 0; w < sw.windows.size(); ++w) {
        std::vector<std::int32_t> pieces;
        for (const auto& piece : sw.windows[w].pieces) {
          auto amount = static_cast<std::uint64_t>(piece.duration.i);
          pieces.insert(pieces.end(), {static_cast<std::int32_t>(amount & 0xffffffffu), static_cast<std::int32_t>(amount >> 32),
                                       static_cast<std::int32_t>(piece.duration.unit), piece.from, piece.until.value_or(0),
                                       piece.until.has_value()});
        }
        std::int32_t ps = pool_.append(pieces);
        pool_.set(windows + n(w * words_of(sizeof(clx_t_window))), {sw.windows[w].event, n(sw.windows[w].pieces.size()), ps});
      }
      std::int32_t attributes = fields(p_.kinds[k].attributes), days = pool_.append(sw.days);
      pool_.set(at + n(k * words_of(sizeof(clx_t_kind))), {n(p_.kinds[k].attributes.size()), attributes, n(sw.windows.size()), windows,
                                                           n(sw.days.size()), days});
    }
    return at;
  }

  std::int32_t write_events() {
    std::int32_t at = pool_.reserve(p_.events.size() * words_of(sizeof(clx_t_event)));
    for (std::size_t t = 0; t < p_.events.size(); ++t) {
      const auto& ev = p_.events[t];
      std::int32_t kinds = pool_.append(ev.kinds), fs = fields(ev.fields);
      pool_.set(at + n(t * words_of(sizeof(clx_t_event))), {n(ev.kinds.size()), kinds, n(ev.fields.size()), fs});
    }
    return at;
  }

  const ir::Policy& p_;
  Pool pool_;
  std::vector<ir::ExprId> exprs_;
  std::map<ir::ExprId, std::int32_t> index_;
};

// Module-level constants.
class Constants {
 public:
  Constants(llvm::Module& m, const std::string& prefix) : m_(m), c_(m.getContext()), prefix_(prefix) {}
  llvm::PointerType* ptr() { return llvm::PointerType::getUnqual(c_); }
  llvm::Type* i32() { return llvm::Type::getInt32Ty(c_); }
  llvm::Constant* int32(std::int32_t v) { return llvm::ConstantInt::get(i32(), static_cast<std::uint64_t>(v), true); }
  llvm::GlobalVariable* global(llvm::Constant* init, const std::string& name, bool external = false) {
    return new llvm::GlobalVariable(m_, init->getType(), true,
                                    external ? llvm::GlobalValue::ExternalLinkage : llvm::GlobalValue::PrivateLinkage, init,
                                    prefix_ + "_" + name);
  }
  llvm::Constant* text(const std::string& s) {
    return global(llvm::ConstantDataArray::getString(c_, s, true), "text");
  }
  llvm::Constant* names(const std::vector<std::string>& names) {
    std::vector<llvm::Constant*> items;
    for (const auto& s : names) items.push_back(text(s));
    if (items.empty()) return llvm::ConstantPointerNull::get(ptr());
    return global(llvm::ConstantArray::get(llvm::ArrayType::get(ptr(), items.size()), items), "names");
  }

 private:
  llvm::Module& m_;
  llvm::LLVMContext& c_;
  std::string prefix_;
};

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& x : items) out.push_back(x.name);
  return out;
}

llvm::Function* define(llvm::Module& m, llvm::Type* result, std::vector<llvm::Type*> params, const std::string& name) {
  auto* type = llvm::FunctionType::get(result, params, false);
  return llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, m);
}

}  // namespace

std::unique_ptr<llvm::Module> build_policy_module(const ir::Policy& policy, llvm::LLVMContext& context, const std::string& prefix,
                                                  const Identity& identity) {
  TableWriter writer(policy);
  std::vector<std::int32_t> pool = writer.write();
  const std::string expr_prefix = prefix + "_expr_";
  auto m = build_module(policy, writer.exprs(), context, expr_prefix);
  for (auto& f : m->functions())  // the expressions are called only through the table
    if (!f.isDeclaration() && f.getName().starts_with(expr_prefix)) f.setLinkage(llvm::GlobalValue::InternalLinkage);

  Constants k(*m, prefix);
  llvm::PointerType* ptr = k.ptr();
  llvm::Type* i32 = k.i32();
  auto* pool_global = k.global(llvm::ConstantDataArray::get(context, llvm::ArrayRef<std::uint32_t>(
                                                                         reinterpret_cast<const std::uint32_t*>(pool.data()), pool.size())),
                               "pool");
  std::vector<llvm::Constant*> fns;
  for (ir::ExprId e : writer.exprs()) fns.push_back(m->getFunction(expr_prefix + std::to_string(e)));
  llvm::Constant* fn_table = fns.empty() ? static_cast<llvm::Constant*>(llvm::ConstantPointerNull::get(ptr))
                                         : k.global(llvm::ConstantArray::get(llvm::ArrayType::get(ptr, fns.size()), fns), "exprs");
  auto* table_type = llvm::StructType::get(context, {ptr, ptr});
  auto* table = k.global(llvm::ConstantStruct::get(table_type, {pool_global, fn_table}), "table");

  // clx_policy_info: i32, 5 pointers, 5 i32, 5 pointers (C's natural layout).
  auto* info_type = llvm::StructType::get(context, {i32, ptr, ptr, ptr, ptr, ptr, i32, i32, i32, i32, i32, ptr, ptr, ptr, ptr, ptr});
  auto count = [&](std::size_t size) { return k.int32(static_cast<std::int32_t>(size)); };
  auto* info = k.global(
      llvm::ConstantStruct::get(
          info_type, {k.int32(CLX_ABI_VERSION), k.text(policy.name), k.text(policy.title), k.text(policy.version),
                      k.text(identity.source_sha256), k.text(identity.sources_sha256), count(policy.kinds.size()),
                      count(policy.events.size()), count(policy.lists.size()), count(policy.measures.size()),
                      count(policy.grades.size()), k.names(names_of(policy.kinds)), k.names(names_of(policy.events)),
                      k.names(names_of(policy.lists)), k.names(names_of(policy.measures)), k.names(names_of(policy.grades))}),
      "info_data");

  // The engine, defined in the runtime's bitcode.
  auto* engine_run = define(*m, i32, {ptr, ptr, ptr, ptr}, "clx_engine_run");
  auto* engine_batch = define(*m, i32, {ptr, ptr, ptr, ptr}, "clx_engine_run_batch");
  auto* engine_free = define(*m, llvm::Type::getVoidTy(context), {ptr}, "clx_engine_free");

  llvm::IRBuilder<> b(context);
  auto forward = [&](llvm::Function* engine, const std::string& name) {
    auto* f = define(*m, i32, {ptr, ptr, ptr}, prefix + name);
    b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", f));
    b.CreateRet(b.CreateCall(engine, {table, f->getArg(0), f->getArg(1), f->getArg(2)}));
  };
  forward(engine_run, "_run");
  forward(engine_batch, "_run_batch");
  auto* free_fn = define(*m, llvm::Type::getVoidTy(context), {ptr}, prefix + "_timeline_free");
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", free_fn));
  b.CreateCall(engine_free, {free_fn->getArg(0)});
  b.CreateRetVoid();
  auto* info_fn = define(*m, ptr, {}, prefix + "_info");
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", info_fn));
  b.CreateRet(info);
  return m;
}

}  // namespace credlex::codegen
