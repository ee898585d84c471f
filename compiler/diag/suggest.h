// "Did you mean …?": the declared name nearest to a misspelt one, for the hint of a diagnostic
// about an unknown name, field, relation, level or function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostics.h"

namespace credlex::diag {

// The number of single-letter edits (a letter added, dropped or changed, or two neighbours
// swapped) that turn `a` into `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `name`, when it is near enough to be a likely misspelling of it: at
// most one edit for names of up to 5 letters, two up to 8, and a third of the letters beyond.
// Ties go to the candidate first in alphabetical order, so the hint does not depend on the order
// of declarations. Nothing when no candidate is that near, or `name` is itself a candidate.
// Names longer than kLongestGuessed letters get no guess (the distance costs the product of the
// lengths).
inline constexpr std::size_t kLongestGuessed = 64;
std::optional<std::string> nearest(std::string_view name, const std::vector<std::string>& candidates);

// Puts "did you mean `X`?" before the diagnostic's hint (as a sentence of its own) when a
// candidate is near `name`.
void suggest(Diagnostic& d, std::string_view name, const std::vector<std::string>& candidates);

// Puts a sentence before the diagnostic's hint, whose first letter becomes a capital.
void prepend_hint(Diagnostic& d, const std::string& sentence);

}  // namespace credlex::diag
