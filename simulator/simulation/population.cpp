#include "simulator/simulation/population.h"

#include <algorithm>
#include <limits>
#include <system_error>

#include <fmt/format.h>

#include "simulator/population/population.h"

namespace credlex::simulation {

namespace fs = std::filesystem;

std::string problems_text(const store::IngestReport& ingest) {
  std::string s;
  for (const auto& p : ingest.problems) s += population::to_string(p) + "\n";
  if (ingest.more_problems > 0) s += fmt::format("and {} more problems\n", ingest.more_problems);
  return s;
}

namespace {

// The window a run observes when none is given: from the first event to the day after the last
// (an item still running at the end is counted up to there).
void default_window(const store::Store& store, const Options& options, Prepared& p) {
  auto dates = store.event_dates();
  ir::Day lo = dates ? dates->first : 0, hi = dates ? dates->second : 0;  // no event: an empty window unless one is given
  store.release_pages();
  p.from = options.from ? *options.from : lo;
  p.to = options.to ? *options.to : hi + 1;
}

}  // namespace

Prepared prepare(const ir::Policy& policy, const Options& options, const fs::path& cache, Outcome& outcome) {
  Prepared p;
  std::error_code ec;
  fs::create_directories(cache.parent_path(), ec);
  if (!options.skip_bad && store::fresh(policy, options.population, cache)) {
    p.reused = true;
  } else {
    if (options.progress) options.progress("reading the population", 0, 0);
    store::IngestOptions io;
    io.skip_bad = options.skip_bad;
    io.max_problems = options.max_problems;
    p.ingest = store::ingest(policy, options.population, cache, io);
    if (!p.ingest.ok() && !options.skip_bad) {
      std::int64_t n = static_cast<std::int64_t>(p.ingest.problems.size()) + p.ingest.more_problems;
      outcome.status = Status::BadInput;
      outcome.message = problems_text(p.ingest) +
                        fmt::format("the population in `{}` has {} problem{}, so nothing was replayed (--skip-bad leaves the bad rows out and counts them)\n",
                                    options.population.string(), n, n == 1 ? "" : "s");
      return p;
    }
  }
  std::string error;
  p.store = store::Store::open(cache, policy, error);
  if (!p.store) {
    outcome.status = Status::Failed;
    outcome.message = fmt::format("cannot read the population cache `{}`: {}\n", cache.string(), error);
    return p;
  }
  if (p.reused) {
    p.ingest.entities = p.store->entity_count();
    p.ingest.events = p.store->event_count();
    p.ingest.relations = static_cast<std::int64_t>(p.store->relations().size());
    p.ingest.rows_skipped = p.store->rows_skipped();
  }
  default_window(*p.store, options, p);
  return p;
}

}  // namespace credlex::simulation
