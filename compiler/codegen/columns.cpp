#include "compiler/codegen/columns.h"

#include <fmt/format.h>

#include "credlex/status.h"

namespace credlex::codegen {

clx_value to_cell(const ir::Value& v) {
  clx_value c{};
  c.i = v.i;
  c.kind = static_cast<std::uint8_t>(v.kind);
  c.scale = v.scale;
  c.index = v.index;
  c.unit = static_cast<std::uint8_t>(v.unit);
  if (v.kind == ir::ValueKind::Money) {
    for (std::size_t k = 0; k < 3 && k < v.text.size(); ++k) c.currency[k] = v.text[k];
  } else if (!v.text.empty()) {
    c.text = v.text.data();
    c.len = static_cast<std::int64_t>(v.text.size());
  }
  return c;
}

ir::Value to_value(const clx_value& c) {
  ir::Value v;
  v.kind = static_cast<ir::ValueKind>(c.kind);
  v.i = c.i;
  if (v.kind == ir::ValueKind::Decimal) v.scale = c.scale;
  if (v.kind == ir::ValueKind::Choice) v.index = c.index;
  if (v.kind == ir::ValueKind::Duration) v.unit = static_cast<ir::Unit>(c.unit);
  if (v.kind == ir::ValueKind::Money) v.text = std::string(c.currency, c.currency[0] ? 3 : 0);
  if ((v.kind == ir::ValueKind::Text || v.kind == ir::ValueKind::Level) && c.text)
    v.text = std::string(c.text, static_cast<std::size_t>(c.len));
  return v;
}

HistoryColumns::HistoryColumns(const ir::Policy& policy, const ir::History& history) {
  auto absent = [] { clx_value c{}; c.kind = CLX_ABSENT; return c; }();
  for (const auto& a : history.entity.attributes) attributes_.push_back(a ? to_cell(*a) : absent);
  std::size_t types = policy.events.size();
  cells_.resize(types);
  for (std::size_t t = 0; t < types; ++t) cells_[t].resize(policy.events[t].fields.size());
  for (const auto& e : history.events) {
    dates_.push_back(e.date);
    types_.push_back(e.type);
    if (e.type < 0 || static_cast<std::size_t>(e.type) >= types) { rows_.push_back(0); continue; }
    auto& cols = cells_[static_cast<std::size_t>(e.type)];
    rows_.push_back(cols.empty() ? 0 : static_cast<std::int32_t>(cols[0].size()));
    for (std::size_t s = 0; s < cols.size(); ++s)
      cols[s].push_back(s < e.fields.size() && e.fields[s] ? to_cell(*e.fields[s]) : absent);
  }
  slot_ptrs_.resize(types);
  for (std::size_t t = 0; t < types; ++t)
    for (auto& col : cells_[t]) slot_ptrs_[t].push_back(col.data());
  for (std::size_t t = 0; t < types; ++t) type_ptrs_.push_back(slot_ptrs_[t].data());
  h_.entity_kind = history.entity.kind;
  h_.attribute_count = static_cast<std::int32_t>(attributes_.size());
  h_.attributes = attributes_.data();
  h_.event_count = static_cast<std::int32_t>(dates_.size());
  h_.dates = dates_.data();
  h_.types = types_.data();
  h_.rows = rows_.data();
  h_.columns = type_ptrs_.data();
}

Evaluation evaluate(clx_expr_fn fn, const HistoryColumns& history, const EvalArgs& args) {
  clx_eval_ctx ctx{};
  ctx.history = history.get();
  ctx.calendar = args.calendar;
  ctx.listed = args.listed.data();
  ctx.date = args.date;
  ctx.current = args.current;
  ctx.cause = args.cause;
  ctx.visible = args.visible;
  clx_value out{};
  Evaluation e;
  e.status = fn(&ctx, &out);
  if (e.status == CLX_OK) e.value = to_value(out);
  return e;
}

std::string status_text(std::int32_t status) {
  switch (status) {
    case CLX_EVAL_TYPE: return "operands of these types cannot be combined";
    case CLX_EVAL_NO_VALUE: return "a field or attribute has no value";
    case CLX_EVAL_NO_VERSION: return "a parameter has no version in force";
    case CLX_EVAL_NO_EVENT: return "there is no event to look at";
    case CLX_EVAL_NO_CURRENT: return "no event is being applied";
    case CLX_EVAL_NO_CAUSE: return "`cause` is used where no listing is being evaluated";
    case CLX_EVAL_UNBOUND: return "an aggregate's event is not bound";
    case CLX_EVAL_NOT_EVENT: return "an event was expected";
    default: return clx_status_message(status);
  }
}

}  // namespace credlex::codegen
