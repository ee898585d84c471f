// report.json (schema in simulator/report/README.md): what a run found, for programs and for the
// page a reviewer opens.
#pragma once

#include <string>

#include "simulator/replay/replay.h"
#include "simulator/simulation/population.h"
#include "simulator/simulation/simulation.h"

namespace credlex::simulation {

struct RunFacts {
  std::string backend = "interpreter";
  unsigned threads = 1;
  double seconds = 0;
};

std::string report_json(const Policy& policy, const Options& options, const Prepared& population, const replay::Result& result,
                        const RunFacts& run);

// The table printed at the end of a run.
std::string summary_table(const Policy& policy, const Prepared& population, const replay::Result& result);

}  // namespace credlex::simulation
