#include "compiler/differential/compare.h"

#include <chrono>

#include "compiler/differential/generator.h"
#include "compiler/differential/shrink.h"
#include "compiler/differential/test_block.h"

namespace credlex::differential {

Backend interpreter(const ir::Policy& policy) {
  return [&policy](const ir::History& h, const clx_calendar* calendar) {
    ir::RunOptions options;
    options.calendar = calendar;
    return ir::run(policy, h, options);
  };
}

std::uint64_t policy_seed(const ir::Policy& policy, std::uint64_t seed) {
  std::uint64_t x = 0xcbf29ce484222325ULL;
  for (unsigned char c : policy.name) x = (x ^ c) * 0x100000001b3ULL;
  return x ^ (seed * 0x9e3779b97f4a7c15ULL);
}

std::int64_t item_count(const ir::Timeline& t) {
  std::int64_t n = static_cast<std::int64_t>(t.listings.size() + t.measures.size() + t.grades.size() + t.decisions.size());
  for (const auto& l : t.listings) n += static_cast<std::int64_t>(l.extensions.size());
  return n;
}

Report compare(const ir::Policy& policy, const Backend& reference, const std::vector<NamedBackend>& backends,
               const Difference& difference, const Options& options) {
  auto start = std::chrono::steady_clock::now();
  Report r;
  if (policy.kinds.empty() || backends.empty()) return r;
  Generator gen(policy, policy_seed(policy, options.seed));
  std::vector<bool> differed(backends.size(), false);
  std::size_t left = backends.size();
  for (std::int64_t k = 0; k < options.histories && left > 0; ++k) {
    bool with_calendar = options.calendar && k % 2 == 1;
    const clx_calendar* calendar = with_calendar ? options.calendar : nullptr;
    ir::History h = gen.history();
    ir::Timeline expected = reference(h, calendar);
    ++r.histories;
    for (std::size_t b = 0; b < backends.size(); ++b) {
      if (differed[b]) continue;
      ir::Timeline actual = backends[b].run(h, calendar);
      ++r.comparisons;
      r.items += item_count(expected);
      auto diff = difference(expected, actual);
      if (!diff) {
        if (!expected.ok()) ++r.failed_alike;
        continue;
      }
      differed[b] = true;
      --left;
      Mismatch m;
      m.backend = backends[b].name;
      m.history = k;
      m.with_calendar = with_calendar;
      m.original = h;
      m.original_difference = *diff;
      auto differs = [&](const ir::History& x) { return difference(reference(x, calendar), backends[b].run(x, calendar)).has_value(); };
      // Shrink the history as a test block would write it, when it still differs in that form.
      ir::History written = as_written(policy, h);
      m.shrunk = differs(written) ? written : h;
      if (options.shrink) m.shrunk = shrink(policy, m.shrunk, differs, options.shrink_runs, &m.shrink_runs);
      m.expected = reference(m.shrunk, calendar);
      m.actual = backends[b].run(m.shrunk, calendar);
      m.difference = difference(m.expected, m.actual).value_or("none (the difference did not repeat)");
      r.mismatches.push_back(std::move(m));
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace credlex::differential
