// The citations that give an effect its legal basis. Every item of every timeline carries the
// chain of its rule, its declaration and its source, so a chain is immutable and shared: copying a
// Basis copies a pointer (a simulation copies millions of them), never the citations' strings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
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
  Basis(const Basis&) = default;
  Basis& operator=(const Basis&) = default;
  // A moved-from basis is empty (its pointer to the citations must not outlive the chain).
  Basis(Basis&& other) noexcept : chain_(std::move(other.chain_)), items_(std::exchange(other.items_, nullptr)) {}
  Basis& operator=(Basis&& other) noexcept {
    chain_ = std::move(other.chain_);
    items_ = std::exchange(other.items_, nullptr);
    return *this;
  }

  // Inline: items of every timeline are read through these.
  const_iterator begin() const { return items_ ? items_->begin() : const_iterator(); }
  const_iterator end() const { return items_ ? items_->end() : const_iterator(); }
  std::size_t size() const { return items_ ? items_->size() : 0; }
  bool empty() const { return !items_; }  // a chain is never empty
  const Citation& operator[](std::size_t i) const { return (*items_)[i]; }
  const Citation& at(std::size_t i) const;
  const Citation& front() const { return at(0); }

  // A new chain with `c` (or `more`) at the end; other copies keep the old one.
  void push_back(Citation c);
  void append(const Basis& more);
  void clear() { *this = Basis(); }

  bool operator==(const Basis& other) const;

  // The same chain (not merely equal citations): a key for caches of what is derived from it.
  const void* identity() const { return chain_.get(); }

  // The citations' texts as a JSON array (`["a art 1","b art 2"]`), rendered on first use and
  // kept with the chain, for writers that repeat it on every line (timeline.jsonl).
  const std::string& texts_json() const;

 private:
  struct Chain;
  std::shared_ptr<const Chain> chain_;            // null: no citations
  const std::vector<Citation>* items_ = nullptr;  // chain_'s citations, read without a call
};

// `a`, then each citation of `b` not already in it: an item's chain (the measure's, then its
// listing's). Shares `a` when `b` adds nothing.
Basis chain(const Basis& a, const Basis& b);

// chain(a, b), made once for each pair of chains: a simulation chains the same measure and rule
// for millions of items. One per thread.
class ChainMemo {
 public:
  Basis operator()(const Basis& a, const Basis& b);

 private:
  // The pair is kept alive with its result, so no other chain can take its identity.
  struct Entry {
    Basis a, b, chained;
  };
  // A caller's chains are normally the policy's, a few hundred pairs; the cap bounds the memo
  // for one that passes chains made on the fly.
  static constexpr std::size_t kMostEntries = 4096;
  std::map<std::pair<std::uintptr_t, std::uintptr_t>, Entry> entries_;
};

}  // namespace credlex::ir
