// Internal: one value between its three forms — ir::Value (the interpreter's), format::Cell (16
// bytes on disk, text in the pool) and clx_value (the engine's 40-byte cell, text pointing into
// the map). Lossless for every value population::parse_value produces.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/codegen/abi.h"
#include "compiler/ir/ir.h"
#include "simulator/store/format.h"

namespace credlex::store {

// `text_offset` is where the value's text (text, entity id, level name) goes in the pool; the
// caller appends the text there when the cell's kind needs it (needs_text).
format::Cell encode(const std::optional<ir::Value>& value, std::int64_t text_offset);
bool needs_text(const ir::Value& value);

std::optional<ir::Value> decode(const format::Cell& cell, const char* pool);
// The same into `out`, whose text keeps its memory (histories are rebuilt in place, chunk after chunk).
void decode(const format::Cell& cell, const char* pool, std::optional<ir::Value>& out);
clx_value to_clx(const format::Cell& cell, const char* pool);

// Is the cell well-formed against a pool of `pool_size` bytes (a known kind, text inside)?
bool valid(const format::Cell& cell, std::uint64_t pool_size);

}  // namespace credlex::store
