// The population as the replay reads it: the columnar cache of simulator/store, made from the
// folder on the first run and reused while it is fresh (same input files, same policy schema).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "compiler/ir/ir.h"
#include "simulator/simulation/simulation.h"
#include "simulator/store/store.h"

namespace credlex::simulation {

struct Prepared {
  std::unique_ptr<store::Store> store;
  store::IngestReport ingest;  // what the (last) ingest found: problems, rows skipped, counts
  bool reused = false;         // the cache was fresh: nothing was read again
  ir::Day from = 0, to = 0;    // the observation window
};

// Null store, with outcome.status and outcome.message set, when the population cannot be used.
Prepared prepare(const ir::Policy& policy, const Options& options, const std::filesystem::path& cache, Outcome& outcome);

// Lines of the report's population section and the plain summary of the problems.
std::string problems_text(const store::IngestReport& ingest);

}  // namespace credlex::simulation
