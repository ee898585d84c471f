// Policy IR expressions → LLVM IR. Each expression becomes `int32_t f(const clx_eval_ctx*,
// clx_value* out)` (abi.h). The code follows the interpreter's `eval` node by node: a value lives
// in a clx_value on the stack, except where the node's kind is static and plain (bool, int, date,
// event, choice: `scalar`, `cond`), which is an int64 or i1; operators call helpers.c (exact numbers,
// money and dates through the runtime), control flow (and/or short-circuit, if, parameter
// versions, aggregate loops over the history) is emitted as branches. Any failure stores its
// status and returns it. With the runtime's bitcode linked in and O2, the helpers inline and the
// stack values are split into registers.
#include "compiler/codegen/module.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>


namespace credlex::codegen {

static_assert(sizeof(clx_value) == 40 && offsetof(clx_value, text) == 8 && offsetof(clx_value, len) == 16 &&
              offsetof(clx_value, scale) == 24 && offsetof(clx_value, index) == 28 && offsetof(clx_value, kind) == 32 &&
              offsetof(clx_value, unit) == 33 && offsetof(clx_value, currency) == 34);
static_assert(offsetof(clx_eval_ctx, listed) == 16 && offsetof(clx_eval_ctx, date) == 24 && offsetof(clx_eval_ctx, current) == 28 &&
              offsetof(clx_eval_ctx, cause) == 32 && offsetof(clx_eval_ctx, visible) == 36);
static_assert(static_cast<int>(ir::ValueKind::Entity) == CLX_ENTITY && static_cast<int>(ir::ValueKind::Money) == CLX_MONEY);
static_assert(static_cast<int>(ir::Unit::Months) == CLX_MONTHS && static_cast<int>(ir::Unit::WorkingDays) == CLX_WORKING_DAYS);

namespace {

using llvm::BasicBlock;
using llvm::Value;

enum CtxField { kHistory = 0, kCalendar = 1, kListed = 2, kDate = 3, kCurrent = 4, kCause = 5, kVisible = 6 };

struct Types {
  llvm::LLVMContext& c;
  llvm::Type* i8 = llvm::Type::getInt8Ty(c);
  llvm::Type* i32 = llvm::Type::getInt32Ty(c);
  llvm::Type* i64 = llvm::Type::getInt64Ty(c);
  llvm::PointerType* ptr = llvm::PointerType::getUnqual(c);
  llvm::StructType* value = llvm::StructType::create(c, {i64, ptr, i64, i32, i32, i8, i8, llvm::ArrayType::get(i8, 4)}, "clx_value");
  llvm::StructType* ctx = llvm::StructType::create(c, {ptr, ptr, ptr, i32, i32, i32, i32}, "clx_eval_ctx");
  explicit Types(llvm::LLVMContext& context) : c(context) {}
};

struct Helpers {
  llvm::FunctionCallee field, field_int, attribute, entity_kind, event_type, window, in_window, arith, compare, negate, text_equal;
};

// The kind every evaluation of a node has when it succeeds, where the IR fixes it (the interpreter
// knows kinds only at run time): `index` is the enum of a choice. Validated input guarantees it
// for fields (a cell has its field's kind, except that a decimal field may hold an int).
struct StaticKind {
  ir::ValueKind kind;
  std::int32_t index = -1;
  bool operator==(const StaticKind&) const = default;
};

// Kinds whose value is the int64 alone (i), compared as plain integers by clx_eval_compare.
bool plain(ir::ValueKind k) {
  return k == ir::ValueKind::Bool || k == ir::ValueKind::Int || k == ir::ValueKind::Date || k == ir::ValueKind::Choice ||
         k == ir::ValueKind::Event;
}

// The start of a sum: zero of the summed field's kind, as the interpreter's values::zero (a money
// sum of nothing has no currency yet; a duration sum starts in days).
ir::Value zero_of(ir::ValueKind kind) {
  switch (kind) {
    case ir::ValueKind::Decimal: return ir::Value::decimal(0, 0);
    case ir::ValueKind::Money: return ir::Value::money(0, "");
    case ir::ValueKind::Duration: return ir::Value::duration(0, ir::Unit::Days);
    default: return ir::Value::integer(0);
  }
}

int op_code(ir::Op op) {
  switch (op) {
    case ir::Op::Add: return CLX_OP_ADD;
    case ir::Op::Sub: return CLX_OP_SUB;
    case ir::Op::Mul: return CLX_OP_MUL;
    case ir::Op::Div: return CLX_OP_DIV;
    case ir::Op::Eq: return CLX_OP_EQ;
    case ir::Op::Ne: return CLX_OP_NE;
    case ir::Op::Lt: return CLX_OP_LT;
    case ir::Op::Le: return CLX_OP_LE;
    case ir::Op::Gt: return CLX_OP_GT;
    default: return CLX_OP_GE;
  }
}

class FunctionEmitter {
 public:
  FunctionEmitter(const ir::Policy& p, llvm::Module& m, Types& t, Helpers& h, llvm::Function* f)
      : p_(p), m_(m), t_(t), h_(h), f_(f), b_(t.c) {}

  void emit_body(ir::ExprId root) {
    auto* entry = BasicBlock::Create(t_.c, "entry", f_);
    fail_ = BasicBlock::Create(t_.c, "fail", f_);
    b_.SetInsertPoint(entry);
    ctx_ = f_->getArg(0);
    Value* out = f_->getArg(1);
    status_ = b_.CreateAlloca(t_.i32, nullptr, "status");
    auto slots = static_cast<std::uint64_t>(std::max(p_.locals, 1));
    locals_ = b_.CreateAlloca(llvm::ArrayType::get(t_.i32, slots), nullptr, "locals");
    for (std::uint64_t k = 0; k < slots; ++k) b_.CreateStore(i32(-1), local_ptr(b_.getInt32(static_cast<std::uint32_t>(k))));
    Value* v = emit(root);
    copy(out, v);
    b_.CreateRet(i32(CLX_OK));
    b_.SetInsertPoint(fail_);
    b_.CreateRet(b_.CreateLoad(t_.i32, status_));
  }

 private:
  llvm::ConstantInt* i32(std::int64_t v) { return llvm::ConstantInt::get(llvm::cast<llvm::IntegerType>(t_.i32), static_cast<std::uint64_t>(v), true); }
  llvm::ConstantInt* i64(std::int64_t v) { return llvm::ConstantInt::get(llvm::cast<llvm::IntegerType>(t_.i64), static_cast<std::uint64_t>(v), true); }
  llvm::ConstantInt* i8(int v) { return llvm::ConstantInt::get(llvm::cast<llvm::IntegerType>(t_.i8), static_cast<std::uint64_t>(v)); }

  // A clx_value on the stack (in the entry block, so loops reuse it).
  llvm::AllocaInst* new_value() {
    llvm::IRBuilder<> eb(&f_->getEntryBlock(), f_->getEntryBlock().begin());
    auto* a = eb.CreateAlloca(t_.value);
    a->setAlignment(llvm::Align(8));
    return a;
  }
  llvm::AllocaInst* new_i32(const char* name) {
    llvm::IRBuilder<> eb(&f_->getEntryBlock(), f_->getEntryBlock().begin());
    return eb.CreateAlloca(t_.i32, nullptr, name);
  }
  llvm::AllocaInst* new_i64(const char* name) {
    llvm::IRBuilder<> eb(&f_->getEntryBlock(), f_->getEntryBlock().begin());
    return eb.CreateAlloca(t_.i64, nullptr, name);
  }
  Value* local_ptr(Value* k) { return b_.CreateInBoundsGEP(locals_->getAllocatedType(), locals_, {b_.getInt32(0), k}); }
  Value* ctx_i32(CtxField f) { return b_.CreateLoad(t_.i32, b_.CreateStructGEP(t_.ctx, ctx_, f)); }
  Value* ctx_ptr(CtxField f) { return b_.CreateLoad(t_.ptr, b_.CreateStructGEP(t_.ctx, ctx_, f)); }
  Value* field_i(Value* v) { return b_.CreateLoad(t_.i64, b_.CreateStructGEP(t_.value, v, 0)); }
  void copy(Value* to, Value* from) { b_.CreateMemCpy(to, llvm::MaybeAlign(8), from, llvm::MaybeAlign(8), sizeof(clx_value)); }

  llvm::Constant* text_constant(const std::string& s) {
    if (s.empty()) return llvm::ConstantPointerNull::get(t_.ptr);
    auto* data = llvm::ConstantDataArray::getString(t_.c, s, false);
    return new llvm::GlobalVariable(m_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data, "text");
  }
  llvm::Constant* constant(const ir::Value& v) {
    std::array<std::uint8_t, 4> cur{};
    bool money = v.kind == ir::ValueKind::Money;
    if (money)
      for (std::size_t k = 0; k < 3 && k < v.text.size(); ++k) cur[k] = static_cast<std::uint8_t>(v.text[k]);
    bool text = !money && !v.text.empty();
    return llvm::ConstantStruct::get(
        t_.value, {i64(v.i), text ? text_constant(v.text) : llvm::ConstantPointerNull::get(t_.ptr),
                   i64(text ? static_cast<std::int64_t>(v.text.size()) : 0), i32(v.scale), i32(v.index),
                   i8(static_cast<int>(v.kind)), i8(static_cast<int>(v.unit)),
                   llvm::ConstantDataArray::get(t_.c, llvm::ArrayRef<std::uint8_t>(cur.data(), 4))});
  }
  void store_constant(Value* to, const ir::Value& v) { b_.CreateStore(constant(v), to); }
  // A value of `kind` whose only meaningful member is i (bool, int, date, event, entity).
  void store_simple(Value* to, ir::ValueKind kind, Value* i) {
    ir::Value zero;
    zero.kind = kind;
    store_constant(to, zero);
    b_.CreateStore(b_.CreateSExtOrTrunc(i, t_.i64), b_.CreateStructGEP(t_.value, to, 0));
  }
  void store_bool(Value* to, Value* bit) { store_simple(to, ir::ValueKind::Bool, b_.CreateZExt(bit, t_.i64)); }

  llvm::Constant* slots_constant(const std::vector<std::int32_t>& slots) {
    auto* data = llvm::ConstantDataArray::get(t_.c, llvm::ArrayRef<std::int32_t>(slots));
    return new llvm::GlobalVariable(m_, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data, "slots");
  }

  // Continues when `status` is CLX_OK; otherwise returns it.
  void check(Value* status) {
    auto* ok = BasicBlock::Create(t_.c, "ok", f_);
    auto* bad = BasicBlock::Create(t_.c, "error", f_);
    b_.CreateCondBr(b_.CreateICmpEQ(status, i32(CLX_OK)), ok, bad);
    b_.SetInsertPoint(bad);
    b_.CreateStore(status, status_);
    b_.CreateBr(fail_);
    b_.SetInsertPoint(ok);
  }
  // Returns `code` when `bad` holds.
  void fail_if(Value* bad, int code) { check(b_.CreateSelect(bad, i32(code), i32(CLX_OK))); }
  void fail_always(int code) {
    b_.CreateStore(i32(code), status_);
    b_.CreateBr(fail_);
    b_.SetInsertPoint(BasicBlock::Create(t_.c, "unreachable", f_));
  }

  const ir::Node& node(ir::ExprId id) const { return p_.nodes.at(static_cast<std::size_t>(id)); }

  // ----- values already computed on every path to the insertion point -----
  // A field read or an aggregate evaluated twice in one function with the same operands gives the
  // same result (the interpreter's `eval` is a function of the context and the bound locals), and
  // once it succeeded the second evaluation cannot fail: the first one's result is reused where
  // it dominates. Code emitted in a region that does not dominate what follows (the right side
  // of and/or, a branch of if, a parameter version, an aggregate's loop body) drops what it cached
  // (`Scope`). A local slot gets a new generation each time an aggregate binds it, so a read keyed
  // by an older binding is never reused after the slot changed.
  struct Scope {
    FunctionEmitter& e;
    std::size_t mark;
    explicit Scope(FunctionEmitter& emitter) : e(emitter), mark(emitter.cache_.size()) {}
    ~Scope() { e.cache_.resize(mark); }
  };
  Value* cached(const std::string& key) const {
    for (auto it = cache_.rbegin(); it != cache_.rend(); ++it)
      if (it->first == key) return it->second;
    return nullptr;
  }
  Value* remember(std::string key, Value* v) {
    cache_.emplace_back(std::move(key), v);
    return v;
  }
  std::int64_t& generation(std::int32_t local) {
    if (generations_.size() <= static_cast<std::size_t>(local)) generations_.resize(static_cast<std::size_t>(local) + 1, 0);
    return generations_[static_cast<std::size_t>(local)];
  }
  // The node's structure with every local read tagged by its binding (an aggregate's own local
  // inside its `where` by the marker -1, so equal aggregates have equal keys).
  std::string key_of(ir::ExprId id) {
    if (id == ir::kNoExpr) return "-";
    const ir::Node& n = node(id);
    std::string k = "(" + std::to_string(static_cast<int>(n.op)) + " " + std::to_string(n.index);
    if (n.op == ir::Op::Const)
      k += " " + std::to_string(static_cast<int>(n.value.kind)) + " " + std::to_string(n.value.i) + " " + std::to_string(n.value.scale) + " " +
           std::to_string(static_cast<int>(n.value.unit)) + " " + std::to_string(n.value.index) + " " + std::to_string(n.value.text.size()) +
           ":" + n.value.text;
    if (n.op == ir::Op::Local) k += " g" + std::to_string(generation(n.index));
    for (std::int32_t slot : n.slots) k += " s" + std::to_string(slot);
    for (ir::ExprId a : n.args) k += " " + key_of(a);
    if (n.op == ir::Op::Count || n.op == ir::Op::Exists || n.op == ir::Op::Sum || n.op == ir::Op::Latest || n.op == ir::Op::First) {
      k += " within " + key_of(n.within) + " local " + std::to_string(n.local);
      std::int64_t saved = generation(n.local);
      generation(n.local) = -1;
      k += " where " + key_of(n.where);
      generation(n.local) = saved;
    }
    return k + ")";
  }

  std::optional<StaticKind> static_kind(ir::ExprId id) const {
    const ir::Node& n = node(id);
    switch (n.op) {
      case ir::Op::Const: return StaticKind{n.value.kind, n.value.kind == ir::ValueKind::Choice ? n.value.index : -1};
      case ir::Op::Current: case ir::Op::Cause: case ir::Op::Local: case ir::Op::Latest: case ir::Op::First:
        return StaticKind{ir::ValueKind::Event};
      case ir::Op::Not: case ir::Op::And: case ir::Op::Or: case ir::Op::IsKind: case ir::Op::IsEvent: case ir::Op::Listed:
      case ir::Op::Exists: case ir::Op::Eq: case ir::Op::Ne: case ir::Op::Lt: case ir::Op::Le: case ir::Op::Gt: case ir::Op::Ge:
        return StaticKind{ir::ValueKind::Bool};
      case ir::Op::Count: return StaticKind{ir::ValueKind::Int};
      case ir::Op::Field: {
        std::optional<StaticKind> k;
        for (std::size_t type = 0; type < n.slots.size(); ++type) {
          std::int32_t slot = n.slots[type];
          if (slot < 0 && slot != ir::kDateSlot) continue;  // no such field: evaluating fails
          const auto& fields = p_.events.at(type).fields;
          StaticKind f{ir::ValueKind::Date};
          if (slot >= 0) {
            const auto& t = fields.at(static_cast<std::size_t>(slot));
            if (t.kind == ir::ValueKind::Decimal) return std::nullopt;  // may hold an int
            f = {t.kind, t.kind == ir::ValueKind::Choice ? t.index : -1};
          }
          if (k && !(*k == f)) return std::nullopt;
          k = f;
        }
        return k;
      }
      case ir::Op::Param: {
        std::optional<StaticKind> k;
        for (const auto& v : p_.params.at(static_cast<std::size_t>(n.index)).versions) {
          auto f = static_kind(v.value);
          if (!f || (k && !(*k == *f))) return std::nullopt;
          k = f;
        }
        return k;
      }
      default: return std::nullopt;
    }
  }
  bool plain_kind(ir::ExprId id) const {
    auto k = static_kind(id);
    return k && plain(k->kind);
  }

  // The event index of Current / Cause / Local, failing as the interpreter does when there is none.
  Value* event_index(const ir::Node& n) {
    Value* k = n.op == ir::Op::Local ? b_.CreateLoad(t_.i32, local_ptr(b_.getInt32(static_cast<std::uint32_t>(n.index))))
                                     : ctx_i32(n.op == ir::Op::Current ? kCurrent : kCause);
    fail_if(b_.CreateICmpSLT(k, i32(0)), n.op == ir::Op::Current ? CLX_EVAL_NO_CURRENT : n.op == ir::Op::Cause ? CLX_EVAL_NO_CAUSE : CLX_EVAL_UNBOUND);
    return k;
  }

  // The member i (int64) of the node's value, without building the 40-byte value where the node's
  // kind is plain (bool, int, date, choice, event): the comparisons and conditions that read it
  // are then plain integer code. Other nodes are evaluated as values and i read from them.
  Value* scalar(ir::ExprId id) {
    const ir::Node& n = node(id);
    switch (n.op) {
      case ir::Op::Const:
        if (plain(n.value.kind)) return i64(n.value.i);
        break;
      case ir::Op::Current: case ir::Op::Cause: case ir::Op::Local: return b_.CreateSExt(event_index(n), t_.i64);
      case ir::Op::Field: {
        auto k = static_kind(id);
        if (!k || !plain(k->kind) || !plain_kind(n.args.at(0))) break;
        std::string key = "i" + key_of(id);
        if (Value* v = cached(key)) return v;
        Value* ev = scalar(n.args.at(0));
        auto* result = new_i64("field");
        check(b_.CreateCall(h_.field_int, {ctx_, ev, slots_constant(n.slots), result}));
        return remember(std::move(key), b_.CreateLoad(t_.i64, result));
      }
      case ir::Op::Not: case ir::Op::And: case ir::Op::Or: case ir::Op::IsKind: case ir::Op::IsEvent: case ir::Op::Listed:
      case ir::Op::Eq: case ir::Op::Ne: case ir::Op::Lt: case ir::Op::Le: case ir::Op::Gt: case ir::Op::Ge:
      case ir::Op::Exists:
        return b_.CreateZExt(cond(id), t_.i64);
      case ir::Op::Count: case ir::Op::Latest: case ir::Op::First: return aggregate(id, nullptr);
      default: break;
    }
    return field_i(emit(id));
  }

  // i != 0 of the node's value (the interpreter's test of a condition), as an i1.
  Value* cond(ir::ExprId id) {
    const ir::Node& n = node(id);
    switch (n.op) {
      case ir::Op::Not: return b_.CreateICmpEQ(scalar(n.args.at(0)), i64(0));
      case ir::Op::IsKind: return b_.CreateICmpEQ(b_.CreateCall(h_.entity_kind, {ctx_}), i32(n.index));
      case ir::Op::IsEvent:  // `cause is E`; event_index fails as the interpreter does without one
        return b_.CreateICmpEQ(b_.CreateCall(h_.event_type, {ctx_, event_index(node(n.args.at(0)))}), i32(n.index));
      case ir::Op::Listed: return b_.CreateICmpNE(b_.CreateLoad(t_.i8, b_.CreateInBoundsGEP(t_.i8, ctx_ptr(kListed), i64(n.index))), i8(0));
      case ir::Op::Exists: return b_.CreateICmpNE(aggregate(id, nullptr), i64(0));
      case ir::Op::And: case ir::Op::Or: {
        Value* left = cond(n.args.at(0));
        BasicBlock* from = b_.GetInsertBlock();
        auto* rhs = BasicBlock::Create(t_.c, "rhs", f_);
        auto* done = BasicBlock::Create(t_.c, "done", f_);
        if (n.op == ir::Op::And) b_.CreateCondBr(left, rhs, done);
        else b_.CreateCondBr(left, done, rhs);
        b_.SetInsertPoint(rhs);
        Value* right;
        {
          Scope scope(*this);
          right = cond(n.args.at(1));
        }
        BasicBlock* rhs_end = b_.GetInsertBlock();
        b_.CreateBr(done);
        b_.SetInsertPoint(done);
        auto* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
        phi->addIncoming(b_.getInt1(n.op == ir::Op::Or), from);
        phi->addIncoming(right, rhs_end);
        return phi;
      }
      case ir::Op::Eq: case ir::Op::Ne: case ir::Op::Lt: case ir::Op::Le: case ir::Op::Gt: case ir::Op::Ge: {
        auto kl = static_kind(n.args.at(0)), kr = static_kind(n.args.at(1));
        if (kl && kr && *kl == *kr && plain(kl->kind)) {  // clx_eval_compare's integer cases
          Value* l = scalar(n.args.at(0));
          Value* r = scalar(n.args.at(1));
          auto pred = n.op == ir::Op::Eq ? llvm::CmpInst::ICMP_EQ : n.op == ir::Op::Ne ? llvm::CmpInst::ICMP_NE
                    : n.op == ir::Op::Lt ? llvm::CmpInst::ICMP_SLT : n.op == ir::Op::Le ? llvm::CmpInst::ICMP_SLE
                    : n.op == ir::Op::Gt ? llvm::CmpInst::ICMP_SGT : llvm::CmpInst::ICMP_SGE;
          return b_.CreateICmp(pred, l, r);
        }
        Value* l = emit(n.args.at(0));
        Value* r = emit(n.args.at(1));
        if (kl && kr && kl->kind == ir::ValueKind::Text && kr->kind == ir::ValueKind::Text && (n.op == ir::Op::Eq || n.op == ir::Op::Ne)) {
          Value* equal = b_.CreateICmpNE(b_.CreateCall(h_.text_equal, {l, r}), i32(0));
          return n.op == ir::Op::Eq ? equal : b_.CreateNot(equal);
        }
        auto* result = new_i32("cmp");
        check(b_.CreateCall(h_.compare, {i32(op_code(n.op)), l, r, result}));
        return b_.CreateICmpNE(b_.CreateLoad(t_.i32, result), i32(0));
      }
      default: return b_.CreateICmpNE(scalar(id), i64(0));
    }
  }

  Value* emit(ir::ExprId id) {
    const ir::Node& n = p_.nodes.at(static_cast<std::size_t>(id));
    auto* out = new_value();
    switch (n.op) {
      case ir::Op::Const: store_constant(out, n.value); break;
      case ir::Op::Param: param(n, out); break;
      case ir::Op::Current: case ir::Op::Cause: case ir::Op::Local: store_simple(out, ir::ValueKind::Event, event_index(n)); break;
      case ir::Op::Self: store_simple(out, ir::ValueKind::Entity, i64(0)); break;
      case ir::Op::Field: {  // the value is only read by the node's users: it may be shared
        std::string key = "v" + key_of(id);
        if (Value* v = cached(key)) return v;
        Value* ev = emit(n.args.at(0));
        check(b_.CreateCall(h_.field, {ctx_, ev, slots_constant(n.slots), out}));
        return remember(std::move(key), out);
      }
      case ir::Op::Attribute: check(b_.CreateCall(h_.attribute, {ctx_, slots_constant(n.slots), out})); break;
      case ir::Op::IsKind: case ir::Op::IsEvent: case ir::Op::Listed: case ir::Op::Not: case ir::Op::And: case ir::Op::Or:
      case ir::Op::Eq: case ir::Op::Ne: case ir::Op::Lt: case ir::Op::Le: case ir::Op::Gt: case ir::Op::Ge:
        store_bool(out, cond(id));
        break;
      case ir::Op::Negate: check(b_.CreateCall(h_.negate, {emit(n.args.at(0)), out})); break;
      case ir::Op::If: {
        Value* test = cond(n.args.at(0));
        auto* then = BasicBlock::Create(t_.c, "then", f_);
        auto* otherwise = BasicBlock::Create(t_.c, "else", f_);
        auto* done = BasicBlock::Create(t_.c, "endif", f_);
        b_.CreateCondBr(test, then, otherwise);
        b_.SetInsertPoint(then);
        {
          Scope scope(*this);
          copy(out, emit(n.args.at(1)));
        }
        b_.CreateBr(done);
        b_.SetInsertPoint(otherwise);
        {
          Scope scope(*this);
          copy(out, emit(n.args.at(2)));
        }
        b_.CreateBr(done);
        b_.SetInsertPoint(done);
        break;
      }
      case ir::Op::Add: case ir::Op::Sub: case ir::Op::Mul: case ir::Op::Div: {
        Value* l = emit(n.args.at(0));
        Value* r = emit(n.args.at(1));
        check(b_.CreateCall(h_.arith, {i32(op_code(n.op)), l, r, out, ctx_ptr(kCalendar)}));
        break;
      }
      case ir::Op::Count: case ir::Op::Exists: case ir::Op::Sum: case ir::Op::Latest: case ir::Op::First:
        aggregate(id, out);
        break;
    }
    return out;
  }

  // The version in force on the date: the last one (by `from`) with from <= date.
  void param(const ir::Node& n, Value* out) {
    const auto& versions = p_.params.at(static_cast<std::size_t>(n.index)).versions;
    auto* done = BasicBlock::Create(t_.c, "param_done", f_);
    Value* date = ctx_i32(kDate);
    bool covered = false;
    for (std::size_t v = versions.size(); v-- > 0;) {
      Scope scope(*this);
      if (versions[v].from == ir::kBeginning) {
        copy(out, emit(versions[v].value));
        b_.CreateBr(done);
        covered = true;
        break;
      }
      auto* take = BasicBlock::Create(t_.c, "version", f_);
      auto* next = BasicBlock::Create(t_.c, "older", f_);
      b_.CreateCondBr(b_.CreateICmpSLE(i32(versions[v].from), date), take, next);
      b_.SetInsertPoint(take);
      copy(out, emit(versions[v].value));
      b_.CreateBr(done);
      b_.SetInsertPoint(next);
    }
    if (!covered) {
      b_.CreateStore(i32(CLX_EVAL_NO_VERSION), status_);
      b_.CreateBr(fail_);
    }
    b_.SetInsertPoint(done);
  }

  // count / exists / sum / latest / first over the visible events of type n.index, in the
  // interpreter's order (latest: from the last visible event back), stopping where it stops.
  // Without `out` (not for sum), the result's member i: the count, 0/1, the event's index.
  Value* aggregate(ir::ExprId id, Value* out) {
    const ir::Node& n = node(id);
    std::string key = n.op == ir::Op::Sum ? std::string() : "a" + key_of(id);
    if (Value* v = key.empty() ? nullptr : cached(key)) {
      if (out) store_simple(out, n.op == ir::Op::Count ? ir::ValueKind::Int : n.op == ir::Op::Exists ? ir::ValueKind::Bool : ir::ValueKind::Event, v);
      return v;
    }
    bool windowed = n.within != ir::kNoExpr;
    auto* after = new_i32("after");
    b_.CreateStore(i32(0), after);
    if (windowed) check(b_.CreateCall(h_.window, {ctx_, emit(n.within), after}));
    llvm::IRBuilder<> eb(&f_->getEntryBlock(), f_->getEntryBlock().begin());
    auto* count = eb.CreateAlloca(t_.i64, nullptr, "count");
    auto* found = new_i32("found");
    auto* k = new_i32("k");
    b_.CreateStore(i64(0), count);
    b_.CreateStore(i32(-1), found);
    std::vector<std::int32_t> sum_slots;
    if (n.op == ir::Op::Sum) {
      const auto& fields = p_.events.at(static_cast<std::size_t>(n.index)).fields;
      std::int32_t slot = n.slots.at(static_cast<std::size_t>(n.index));
      store_constant(out, zero_of(slot >= 0 ? fields.at(static_cast<std::size_t>(slot)).kind : ir::ValueKind::Int));
    }
    bool backwards = n.op == ir::Op::Latest;
    Value* visible = ctx_i32(kVisible);
    b_.CreateStore(backwards ? b_.CreateSub(visible, i32(1)) : static_cast<Value*>(i32(0)), k);
    auto* header = BasicBlock::Create(t_.c, "agg_header", f_);
    auto* body = BasicBlock::Create(t_.c, "agg_body", f_);
    auto* match = BasicBlock::Create(t_.c, "agg_match", f_);
    auto* latch = BasicBlock::Create(t_.c, "agg_next", f_);
    auto* exit = BasicBlock::Create(t_.c, "agg_exit", f_);
    b_.CreateBr(header);
    b_.SetInsertPoint(header);
    Value* kv = b_.CreateLoad(t_.i32, k);
    b_.CreateCondBr(backwards ? b_.CreateICmpSGE(kv, i32(0)) : b_.CreateICmpSLT(kv, visible), body, exit);
    b_.SetInsertPoint(body);
    std::optional<Scope> scope(std::in_place, *this);  // the loop body
    generation(n.local) = ++generations_made_;
    kv = b_.CreateLoad(t_.i32, k);
    Value* in = b_.CreateCall(h_.in_window, {ctx_, kv, i32(n.index), i32(windowed ? 1 : 0), b_.CreateLoad(t_.i32, after)});
    b_.CreateCondBr(b_.CreateICmpNE(in, i32(0)), match, latch);
    b_.SetInsertPoint(match);
    b_.CreateStore(kv, local_ptr(i32(n.local)));
    if (n.where != ir::kNoExpr) {
      auto* hit = BasicBlock::Create(t_.c, "agg_hit", f_);
      b_.CreateCondBr(cond(n.where), hit, latch);
      b_.SetInsertPoint(hit);
    }
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(t_.i64, count), i64(1)), count);
    if (n.op == ir::Op::Sum) {
      auto* ev = new_value();
      store_simple(ev, ir::ValueKind::Event, b_.CreateLoad(t_.i32, k));
      auto* f = new_value();
      check(b_.CreateCall(h_.field, {ctx_, ev, slots_constant(n.slots), f}));
      check(b_.CreateCall(h_.arith, {i32(CLX_OP_ADD), out, f, out, ctx_ptr(kCalendar)}));
      b_.CreateBr(latch);
    } else if (n.op == ir::Op::Count) {
      b_.CreateBr(latch);
    } else {
      b_.CreateStore(b_.CreateLoad(t_.i32, k), found);
      b_.CreateBr(exit);
    }
    b_.SetInsertPoint(latch);
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(t_.i32, k), i32(backwards ? -1 : 1)), k);
    b_.CreateBr(header);
    scope.reset();
    generation(n.local) = ++generations_made_;  // the slot now holds whatever the loop bound last
    b_.SetInsertPoint(exit);
    Value* result = nullptr;
    switch (n.op) {
      case ir::Op::Count: result = b_.CreateLoad(t_.i64, count); break;
      case ir::Op::Exists: result = b_.CreateZExt(b_.CreateICmpSGT(b_.CreateLoad(t_.i64, count), i64(0)), t_.i64); break;
      case ir::Op::Sum: return nullptr;
      default: {
        Value* at = b_.CreateLoad(t_.i32, found);
        fail_if(b_.CreateICmpSLT(at, i32(0)), CLX_EVAL_NO_EVENT);
        result = b_.CreateSExt(at, t_.i64);
      }
    }
    if (out) store_simple(out, n.op == ir::Op::Count ? ir::ValueKind::Int : n.op == ir::Op::Exists ? ir::ValueKind::Bool : ir::ValueKind::Event, result);
    return remember(std::move(key), result);
  }

  const ir::Policy& p_;
  llvm::Module& m_;
  Types& t_;
  Helpers& h_;
  llvm::Function* f_;
  llvm::IRBuilder<> b_;
  Value* ctx_ = nullptr;
  llvm::AllocaInst* status_ = nullptr;
  llvm::AllocaInst* locals_ = nullptr;
  BasicBlock* fail_ = nullptr;
  std::vector<std::pair<std::string, Value*>> cache_;
  std::vector<std::int64_t> generations_;
  std::int64_t generations_made_ = 0;
};

}  // namespace

std::unique_ptr<llvm::Module> build_module(const ir::Policy& policy, const std::vector<ir::ExprId>& exprs,
                                           llvm::LLVMContext& context, const std::string& prefix) {
  auto m = std::make_unique<llvm::Module>("credlex." + policy.name, context);
  Types t(context);
  auto declare = [&](const char* name, llvm::Type* result, std::vector<llvm::Type*> args) {
    return m->getOrInsertFunction(name, llvm::FunctionType::get(result, args, false));
  };
  Helpers h;
  h.field = declare("clx_eval_field", t.i32, {t.ptr, t.ptr, t.ptr, t.ptr});
  h.field_int = declare("clx_eval_field_int", t.i32, {t.ptr, t.i64, t.ptr, t.ptr});
  h.text_equal = declare("clx_eval_text_equal", t.i32, {t.ptr, t.ptr});
  h.attribute = declare("clx_eval_attribute", t.i32, {t.ptr, t.ptr, t.ptr});
  h.entity_kind = declare("clx_eval_entity_kind", t.i32, {t.ptr});
  h.event_type = declare("clx_eval_event_type", t.i32, {t.ptr, t.i32});
  h.window = declare("clx_eval_window", t.i32, {t.ptr, t.ptr, t.ptr});
  h.in_window = declare("clx_eval_in_window", t.i32, {t.ptr, t.i32, t.i32, t.i32, t.i32});
  h.arith = declare("clx_eval_arith", t.i32, {t.i32, t.ptr, t.ptr, t.ptr, t.ptr});
  h.compare = declare("clx_eval_compare", t.i32, {t.i32, t.ptr, t.ptr, t.ptr});
  h.negate = declare("clx_eval_negate", t.i32, {t.ptr, t.ptr});
  auto* type = llvm::FunctionType::get(t.i32, {t.ptr, t.ptr}, false);
  for (ir::ExprId e : exprs) {
    std::string name = prefix + std::to_string(e);
    if (m->getFunction(name)) continue;
    auto* f = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *m);
    FunctionEmitter(policy, *m, t, h, f).emit_body(e);
  }
  return m;
}

std::vector<ir::ExprId> rule_conditions(const ir::Policy& policy) {
  std::vector<ir::ExprId> out;
  auto add = [&](ir::ExprId e) {
    if (e != ir::kNoExpr && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  };
  for (const auto& l : policy.lists)
    for (const auto* rules : {&l.includes, &l.extends, &l.removes})
      for (const auto& r : *rules) add(r.condition);
  for (const auto& r : policy.restorations) {
    for (const auto& e : r.eligible) add(e.condition);
    for (const auto& n : r.never) add(n.condition);
  }
  for (const auto& m : policy.measures) add(m.condition);
  for (const auto& g : policy.grades)
    for (const auto& r : g.rules) add(r.condition);
  return out;
}

std::string expr_symbol(ir::ExprId e) { return "clx_expr_" + std::to_string(e); }

std::string emit_llvm(const ir::Policy& policy, const Options& options) {
  llvm::LLVMContext context;
  // The whole policy (expressions `clx_expr_<id>`, tables, entry points `clx_run` …) unless
  // particular expressions are asked for.
  auto m = options.exprs.empty() ? build_policy_module(policy, context, "clx") : build_module(policy, options.exprs, context, "clx_expr_");
  m->setTargetTriple(llvm::sys::getProcessTriple());
  std::string text;
  llvm::raw_string_ostream os(text);
  m->print(os, nullptr);
  return text;
}

}  // namespace credlex::codegen
