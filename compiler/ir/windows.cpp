// The sliding windows run() follows (interpret.h: sliding_windows), for the interpreter and the
// code generator alike.
#include <algorithm>
#include <set>
#include <tuple>

#include "compiler/ir/interpret.h"

namespace credlex::ir {

SlidingWindows sliding_windows(const Policy& p, std::int32_t kind) {
  SlidingWindows out;
  std::vector<char> seen(p.nodes.size(), 0);
  std::set<std::tuple<std::int32_t, int, std::int64_t, int>> known;  // (event, param or -1, amount, unit)
  auto add_window = [&](std::int32_t event, ExprId within) {
    const Node& w = p.nodes.at(static_cast<std::size_t>(within));
    Window window;
    window.event = event;
    if (w.op == Op::Const && w.value.kind == ValueKind::Duration) {
      if (!known.emplace(event, -1, w.value.i, static_cast<int>(w.value.unit)).second) return;
      window.pieces.push_back(WindowPiece{w.value, kBeginning, std::nullopt});
    } else if (w.op == Op::Param) {
      if (!known.emplace(event, w.index, 0, 0).second) return;
      const auto& versions = p.params.at(static_cast<std::size_t>(w.index)).versions;
      for (std::size_t v = 0; v < versions.size(); ++v) {
        const Node& value = p.nodes.at(static_cast<std::size_t>(versions[v].value));
        if (value.op != Op::Const || value.value.kind != ValueKind::Duration) return;  // not constant
        std::optional<Day> until;
        if (v + 1 < versions.size()) until = versions[v + 1].from;
        window.pieces.push_back(WindowPiece{value.value, versions[v].from, until});
      }
      for (const auto& v : versions)
        if (v.from != kBeginning && std::find(out.days.begin(), out.days.end(), v.from) == out.days.end()) out.days.push_back(v.from);
    } else {
      return;  // computed per evaluation: not a sliding window run() follows
    }
    out.windows.push_back(std::move(window));
  };
  auto walk = [&](auto&& self, ExprId e) -> void {
    if (e == kNoExpr || seen.at(static_cast<std::size_t>(e))) return;
    seen[static_cast<std::size_t>(e)] = 1;
    const Node& n = p.nodes[static_cast<std::size_t>(e)];
    bool aggregate = n.op == Op::Count || n.op == Op::Exists || n.op == Op::Sum || n.op == Op::Latest || n.op == Op::First;
    if (aggregate && n.within != kNoExpr) add_window(n.index, n.within);
    for (ExprId a : n.args) self(self, a);
    self(self, n.where);
    self(self, n.within);
  };
  for (const auto& g : p.grades)
    if (g.kinds.empty() || std::find(g.kinds.begin(), g.kinds.end(), kind) != g.kinds.end())
      for (const auto& r : g.rules) walk(walk, r.condition);
  for (const auto& m : p.measures)
    if (m.applied) walk(walk, m.condition);
  std::sort(out.days.begin(), out.days.end());
  return out;
}

}  // namespace credlex::ir
