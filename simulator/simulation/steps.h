// Internal: the steps simulate() and diff() share.
#pragma once

#include <filesystem>
#include <string>

#include "simulator/simulation/population.h"
#include "simulator/simulation/simulation.h"

namespace credlex::simulation {

// Where the cache of the population for one policy lives (`role`: "population", "old", "new").
std::filesystem::path cache_path(const Options& options, const ir::Policy& policy, const std::string& role);

// The replay's options for a prepared population (the backend is set by the caller).
replay::Options replay_options(const Options& options, const Prepared& prepared);

// The compiled code the policy asks for (none for the interpreter); false, with the outcome set,
// when compiling failed.
bool compile(const Policy& policy, const Prepared& prepared, const codegen::CompiledPolicy*& compiled, std::string& backend, Outcome& outcome);

}  // namespace credlex::simulation
