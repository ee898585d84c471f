// The citations that give an effect its legal basis. Every item of every timeline carries the
// chain of its rule, its declaration and its source, so a chain is immutable and shared: copying a
// Basis copies a pointer (a simulation copies millions of them), never the citations' strings.
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace credlex::ir {

// "spc_defaulters art 2 para 1" and the document's title.
struct Citation {
  std::string text;
  std::string title;
  bool operator==(const Citation&) const = default;
};

class Basis {
 public:
  using value_type = Citation;
  using const_iterator = std::vector<Citation>::const_iterator;
  using iterator = const_iterator;

  Basis() = default;
  Basis(std::vector<Citation> items);  // NOLINT: a list of citations is a basis
  Basis(std::initializer_list<Citation> items) : Basis(std::vector<Citation>(items)) {}

  const_iterator begin() const { return items().begin(); }
  const_iterator end() const { return items().end(); }
  std::size_t size() const { return items().size(); }
  bool empty() const { return items().empty(); }
  const Citation& operator[](std::size_t i) const { return items()[i]; }
  const Citation& at(std::size_t i) const { return items().at(i); }
  const Citation& front() const { return items().front(); }

  // A new chain with `c` (or `more`) at the end; other copies keep the old one.
  void push_back(Citation c);
  void append(const Basis& more);
  void clear() { chain_.reset(); }

  bool operator==(const Basis& other) const { return chain_ == other.chain_ || items() == other.items(); }

  // The same chain (not merely equal citations): a key for caches of what is derived from it.
  const void* identity() const { return chain_.get(); }

  // The citations' texts as a JSON array (`["a art 1","b art 2"]`), rendered on first use and
  // kept with the chain, for writers that repeat it on every line (timeline.jsonl).
  const std::string& texts_json() const;

 private:
  struct Chain;
  const std::vector<Citation>& items() const;
  std::shared_ptr<const Chain> chain_;  // null: no citations
};

// `a`, then each citation of `b` not already in it: an item's chain (the measure's, then its
// listing's). Shares `a` when `b` adds nothing.
Basis chain(const Basis& a, const Basis& b);

// chain(a, b), made once for each pair of chains: a simulation chains the same measure and rule
// for millions of items. One per thread.
class ChainMemo {
 public:
  const Basis& operator()(const Basis& a, const Basis& b);

 private:
  // The pair is kept alive with its result, so no other chain can take its identity.
  struct Entry {
    Basis a, b, chained;
  };
  static constexpr std::size_t kMostEntries = 4096;  // chains of one run's timelines (the
                                                    // interpreter makes new ones) are dropped
  std::map<std::pair<const void*, const void*>, Entry> entries_;
};

}  // namespace credlex::ir
