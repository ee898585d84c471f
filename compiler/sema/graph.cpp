#include "compiler/sema/graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <deque>
#include <map>

namespace credlex::sema {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

Graph build(std::size_t n, const std::vector<std::pair<int, int>>& edges) {
  Graph g(n);
  for (auto [a, b] : edges) boost::add_edge(a, b, g);
  return g;
}

// A shortest path from `start` back to itself that stays inside one strong component.
std::vector<int> find_circle(const Graph& g, int start, const std::vector<int>& component) {
  std::map<int, int> parent;
  std::deque<int> queue{start};
  while (!queue.empty()) {
    int v = queue.front();
    queue.pop_front();
    auto [it, end] = boost::adjacent_vertices(v, g);
    std::vector<int> next(it, end);
    std::sort(next.begin(), next.end());  // deterministic whatever the edge order
    for (int w : next) {
      if (component[w] != component[start]) continue;
      if (w == start) {
        std::vector<int> path{start};
        for (int x = v; x != start; x = parent[x]) path.push_back(x);
        std::reverse(path.begin() + 1, path.end());
        path.push_back(start);
        return path;
      }
      if (!parent.count(w)) {
        parent[w] = v;
        queue.push_back(w);
      }
    }
  }
  return {};
}

}  // namespace

int DependencyGraph::add_vertex(std::string label, diag::SourceRange range) {
  labels_.push_back(std::move(label));
  ranges_.push_back(range);
  return static_cast<int>(labels_.size() - 1);
}

void DependencyGraph::add_edge(int from, int to) {
  if (from < 0 || to < 0) return;
  edges_.emplace_back(from, to);
}

void DependencyGraph::report_cycles(diag::Sink& sink) const {
  Graph g = build(labels_.size(), edges_);
  std::vector<int> component(labels_.size());
  int count = boost::strong_components(g, component.data());
  std::vector<std::vector<int>> members(count);
  for (std::size_t v = 0; v < labels_.size(); ++v) members[component[v]].push_back(static_cast<int>(v));
  for (const auto& m : members) {
    if (m.empty()) continue;
    int start = m.front();  // the earliest declared member
    bool self_loop = std::find(edges_.begin(), edges_.end(), std::make_pair(start, start)) != edges_.end();
    if (m.size() == 1 && !self_loop) continue;
    auto path = find_circle(g, start, component);
    if (path.empty()) continue;
    std::string text;
    for (std::size_t i = 0; i < path.size(); ++i) text += (i ? " → " : "") + labels_[path[i]];
    auto& d = sink.report<diag::kind::DependencyCycle>(ranges_[start], text);
    for (std::size_t i = 1; i + 1 < path.size(); ++i)
      diag::with_note(d, ranges_[path[i]], labels_[path[i]] + " is declared here");
    d.hint = "break the circle: one of these rules must not depend on the others";
  }
}

}  // namespace credlex::sema
