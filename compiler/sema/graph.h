// The dependency graph of lists, measures, params and grades: an edge a → b means that the
// meaning of a depends on b. A circle makes the order of evaluation undefined and is an error.
// Boost.Graph stays inside graph.cpp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "compiler/diag/diagnostics.h"

namespace credlex::sema {

class DependencyGraph {
 public:
  int add_vertex(std::string label, diag::SourceRange range);
  void add_edge(int from, int to);
  std::size_t size() const { return labels_.size(); }
  // Reports each circle once, naming its members in order, at the first member's declaration.
  void report_cycles(diag::Sink& sink) const;
  // The vertices in an order where every vertex comes after what it depends on (circles broken
  // arbitrarily); later phases evaluate in this order.
  std::vector<int> dependency_order() const;

 private:
  std::vector<std::string> labels_;
  std::vector<diag::SourceRange> ranges_;
  std::vector<std::pair<int, int>> edges_;
};

}  // namespace credlex::sema
