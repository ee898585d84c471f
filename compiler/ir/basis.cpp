#include "compiler/ir/basis.h"

#include <algorithm>
#include <mutex>

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
  chain_ = std::move(chain);
}

const std::vector<Citation>& Basis::items() const {
  static const std::vector<Citation> none;
  return chain_ ? chain_->items : none;
}

void Basis::push_back(Citation c) {
  std::vector<Citation> items = this->items();
  items.push_back(std::move(c));
  *this = Basis(std::move(items));
}

void Basis::append(const Basis& more) {
  if (more.empty()) return;
  std::vector<Citation> items = this->items();
  items.insert(items.end(), more.begin(), more.end());
  *this = Basis(std::move(items));
}

const std::string& Basis::texts_json() const {
  static const std::string none = "[]";
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
  std::vector<Citation> items(a.begin(), a.end());
  for (const Citation& c : b)
    if (std::find(items.begin(), items.end(), c) == items.end()) items.push_back(c);
  if (items.size() == a.size()) return a;
  return Basis(std::move(items));
}

const Basis& ChainMemo::operator()(const Basis& a, const Basis& b) {
  auto key = std::make_pair(a.identity(), b.identity());
  if (auto it = entries_.find(key); it != entries_.end()) return it->second.chained;
  if (entries_.size() >= kMostEntries) entries_.clear();
  return entries_.emplace(key, Entry{a, b, chain(a, b)}).first->second.chained;
}

}  // namespace credlex::ir
