// An interpreter history (ir::History) in the struct-of-arrays form compiled code reads
// (abi.h: clx_history), and calling a compiled expression the way the interpreter evaluates one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/codegen/abi.h"
#include "compiler/ir/interpret.h"

namespace credlex::codegen {

// Owns the columns; the clx_history points into them (and into the history's strings: the
// history must outlive it).
class HistoryColumns {
 public:
  HistoryColumns(const ir::Policy& policy, const ir::History& history);
  HistoryColumns(const HistoryColumns&) = delete;
  HistoryColumns& operator=(const HistoryColumns&) = delete;
  const clx_history* get() const { return &h_; }

 private:
  clx_history h_{};
  std::vector<clx_value> attributes_;
  std::vector<std::int32_t> dates_, types_, rows_;
  std::vector<std::vector<std::vector<clx_value>>> cells_;  // [type][slot][row]
  std::vector<std::vector<const clx_value*>> slot_ptrs_;    // [type][slot]
  std::vector<const clx_value* const*> type_ptrs_;          // [type]
};

clx_value to_cell(const ir::Value& v);
ir::Value to_value(const clx_value& v);

struct EvalArgs {
  ir::Day date = 0;
  std::int32_t current = -1, cause = -1, visible = 0;
  std::vector<std::uint8_t> listed;  // per list
  const clx_calendar* calendar = nullptr;
};

struct Evaluation {
  std::int32_t status = 0;      // CLX_OK or an error code (abi.h)
  std::optional<ir::Value> value;  // when status is CLX_OK
};

Evaluation evaluate(clx_expr_fn fn, const HistoryColumns& history, const EvalArgs& args);

// A plain reason for an evaluation status.
std::string status_text(std::int32_t status);

}  // namespace credlex::codegen
