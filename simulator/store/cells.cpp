// The three forms of a value. Which members of ir::Value carry meaning per kind follows
// compiler/codegen/columns.cpp (to_cell / to_value), so a cell from the cache and a cell built
// from a history by the code generator are the same bytes.
#include "simulator/store/cells.h"

#include <cstring>

namespace credlex::store {

using ir::ValueKind;

bool needs_text(const ir::Value& v) {
  return v.kind == ValueKind::Text || v.kind == ValueKind::Entity || v.kind == ValueKind::Level;
}

format::Cell encode(const std::optional<ir::Value>& value, std::int64_t text_offset) {
  format::Cell c;
  if (!value) return c;  // kind kAbsent
  const ir::Value& v = *value;
  c.kind = static_cast<std::uint8_t>(v.kind);
  c.unit = static_cast<std::uint8_t>(v.unit);
  c.i = v.i;
  switch (v.kind) {
    case ValueKind::Decimal: c.aux = v.scale; break;
    case ValueKind::Choice: c.aux = v.index; break;
    case ValueKind::Money: {
      // Three letters (or none, for a sum of nothing) packed into aux.
      std::uint32_t packed = 0;
      for (std::size_t k = 0; k < 3 && k < v.text.size(); ++k) packed |= static_cast<std::uint32_t>(static_cast<unsigned char>(v.text[k])) << (8 * k);
      std::memcpy(&c.aux, &packed, sizeof packed);
      break;
    }
    case ValueKind::Level:  // never an input value (no field or attribute has a level type); name only
    case ValueKind::Text:
    case ValueKind::Entity:
      c.i = text_offset;
      c.aux = static_cast<std::int32_t>(v.text.size());
      break;
    default: break;
  }
  return c;
}

std::optional<ir::Value> decode(const format::Cell& c, const char* pool) {
  std::optional<ir::Value> v;
  decode(c, pool, v);
  return v;
}

void decode(const format::Cell& c, const char* pool, std::optional<ir::Value>& out) {
  if (c.kind == format::kAbsent) {
    out.reset();
    return;
  }
  if (!out) out.emplace();
  // Every member as a fresh Value has it, but the text keeps its memory.
  ir::Value& v = *out;
  v.kind = static_cast<ValueKind>(c.kind);
  v.i = 0;
  v.scale = 0;
  v.unit = ir::Unit::Days;
  v.index = 0;
  v.text.clear();
  switch (v.kind) {
    case ValueKind::Decimal: v.i = c.i; v.scale = c.aux; break;
    case ValueKind::Choice: v.i = c.i; v.index = c.aux; break;
    case ValueKind::Duration: v.i = c.i; v.unit = static_cast<ir::Unit>(c.unit); break;
    case ValueKind::Money: {
      v.i = c.i;
      std::uint32_t packed = 0;
      std::memcpy(&packed, &c.aux, sizeof packed);
      for (int k = 0; k < 3 && (packed >> (8 * k)) & 0xFF; ++k) v.text.push_back(static_cast<char>((packed >> (8 * k)) & 0xFF));
      break;
    }
    case ValueKind::Text:
    case ValueKind::Entity:
    case ValueKind::Level: v.text.assign(pool + c.i, static_cast<std::size_t>(c.aux)); break;
    default: v.i = c.i; break;
  }
}

clx_value to_clx(const format::Cell& c, const char* pool) {
  clx_value out{};
  out.kind = c.kind;
  if (c.kind == format::kAbsent) return out;
  out.unit = c.unit;
  switch (static_cast<ValueKind>(c.kind)) {
    case ValueKind::Decimal: out.i = c.i; out.scale = c.aux; break;
    case ValueKind::Choice: out.i = c.i; out.index = c.aux; break;
    case ValueKind::Money: out.i = c.i; std::memcpy(out.currency, &c.aux, 3); break;
    case ValueKind::Text:
    case ValueKind::Entity:
    case ValueKind::Level:
      if (c.aux > 0) {
        out.text = pool + c.i;
        out.len = c.aux;
      }
      break;
    default: out.i = c.i; break;
  }
  return out;
}

bool valid(const format::Cell& c, std::uint64_t pool_size) {
  if (c.kind == format::kAbsent) return true;
  if (c.kind > static_cast<std::uint8_t>(ValueKind::Entity)) return false;
  auto kind = static_cast<ValueKind>(c.kind);
  if (kind == ValueKind::Duration && c.unit > 2) return false;
  if (kind == ValueKind::Text || kind == ValueKind::Entity || kind == ValueKind::Level)
    return c.i >= 0 && c.aux >= 0 && static_cast<std::uint64_t>(c.i) <= pool_size &&
           static_cast<std::uint64_t>(c.aux) <= pool_size - static_cast<std::uint64_t>(c.i);
  return true;
}

}  // namespace credlex::store
