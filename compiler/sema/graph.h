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
  // Reports each circle once, naming its members in order, at the first member's declaration.
  void report_cycles(diag::Sink& sink) const;

 private:
  std::vector<std::string> labels_;
  std::vector<diag::SourceRange> ranges_;
  std::vector<std::pair<int, int>> edges_;
};

}  // namespace credlex::sema
