#include "compiler/diag/suggest.h"

#include <algorithm>

namespace credlex::diag {

// Optimal string alignment (Damerau–Levenshtein without repeated edits of one substring), over
// bytes: a misspelt name is almost always ASCII, and a multi-byte letter only counts as more edits.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t change = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates) {
  // The distance costs the product of the lengths: no guess for a name no one types by hand.
  if (name.size() > kLongestGuessed) return std::nullopt;
  std::size_t allowed = name.size() <= 5 ? 1 : name.size() <= 8 ? 2 : name.size() / 3;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& c : candidates) {
    if (c == name) return std::nullopt;
    std::size_t lengths = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (lengths > allowed) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_distance || (d == best_distance && best && c < *best)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

void suggest(Diagnostic& d, std::string_view name, const std::vector<std::string>& candidates) {
  auto near = nearest(name, candidates);
  if (!near) return;
  prepend_hint(d, "did you mean `" + *near + "`?");
}

void prepend_hint(Diagnostic& d, const std::string& sentence) {
  std::string rest = d.hint;
  if (!rest.empty() && rest[0] >= 'a' && rest[0] <= 'z') rest[0] = static_cast<char>(rest[0] - 'a' + 'A');
  d.hint = sentence + (rest.empty() ? "" : " " + rest);
}

}  // namespace credlex::diag
