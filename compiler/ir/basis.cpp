#include "compiler/ir/basis.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "compiler/diag/render.h"

namespace credlex::ir {

struct Basis::Chain {
  std::vector<Citation> items;
  // Rendered once, by whichever thread asks first (chains are shared between a simulation's
  // workers).
  mutable std::once_flag rendered;
  mutable std::string texts_json;
};

Basis::Basis(std::vector<Citation> items) {
  if (items.empty()) return;
  auto chain = std::make_shared<Chain>();
  chain->items = std::move(items);
  items_ = &chain->items;
  chain_ = std::move(chain);
}

const Citation& Basis::at(std::size_t i) const {
  if (!items_) throw std::out_of_range("a basis without citations");
  return items_->at(i);
}

bool Basis::operator==(const Basis& other) const {
  if (chain_ == other.chain_) return true;
  if (!items_ || !other.items_) return false;  // one is empty, the other not
  return *items_ == *other.items_;
}

void Basis::push_back(Citation c) {
  std::vector<Citation> items(begin(), end());
  items.push_back(std::move(c));
  *this = Basis(std::move(items));
}

void Basis::append(const Basis& more) {
  if (more.empty()) return;
  if (empty()) {
    *this = more;
    return;
  }
  std::vector<Citation> items(begin(), end());
  items.insert(items.end(), more.begin(), more.end());
  *this = Basis(std::move(items));
}

const std::string& Basis::texts_json() const {
  static const std::string none = "[]";  // immutable
  if (!chain_) return none;
  std::call_once(chain_->rendered, [&] {
    std::string out = "[";
    for (std::size_t i = 0; i < chain_->items.size(); ++i) {
      if (i) out += ',';
      diag::json_quote_to(out, chain_->items[i].text);
    }
    out += ']';
    chain_->texts_json = std::move(out);
  });
  return chain_->texts_json;
}

Basis chain(const Basis& a, const Basis& b) {
  // Whether b[j] is new: in neither `a` nor earlier in `b`.
  auto added = [&](std::size_t j) {
    auto before = b.begin() + static_cast<std::ptrdiff_t>(j);
    return std::find(a.begin(), a.end(), b[j]) == a.end() && std::find(b.begin(), before, b[j]) == before;
  };
  std::size_t adds = 0;
  for (std::size_t j = 0; j < b.size(); ++j) adds += added(j) ? 1 : 0;
  if (adds == 0) return a;
  if (a.empty() && adds == b.size()) return b;
  std::vector<Citation> items(a.begin(), a.end());
  for (std::size_t j = 0; j < b.size(); ++j)
    if (added(j)) items.push_back(b[j]);
  return Basis(std::move(items));
}

Basis ChainMemo::operator()(const Basis& a, const Basis& b) {
  auto key = std::make_pair(reinterpret_cast<std::uintptr_t>(a.identity()), reinterpret_cast<std::uintptr_t>(b.identity()));
  if (auto it = entries_.find(key); it != entries_.end()) return it->second.chained;
  Entry entry{a, b, chain(a, b)};  // before a clear: `a` or `b` may be one of the memo's results
  if (entries_.size() >= kMostEntries) entries_.clear();
  return entries_.emplace(key, std::move(entry)).first->second.chained;
}

}  // namespace credlex::ir
