// Differential testing: generated histories run on the reference interpreter and on other
// backends, their timelines compared item by item; the first history that differs is shrunk to
// the smallest one that still differs (shrink.h) and printed as a `test` block (test_block.h).
//
//   Backend reference = differential::interpreter(policy);
//   std::vector<NamedBackend> others = {{"the compiled code (fast tier)", jit_backend(...)}};
//   Report r = differential::compare(policy, reference, others, difference, options);
//
// A backend is only a function from a history and a holiday calendar to a timeline, so the JIT
// (compiled.h), an ahead-of-time shared library or a deliberately broken backend (the tests) plug
// in the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/interpret.h"

namespace credlex::differential {

// The timeline of one history, as ir::run computes it. `calendar` is null for weekends only.
using Backend = std::function<ir::Timeline(const ir::History& history, const clx_calendar* calendar)>;

struct NamedBackend {
  std::string name;  // in plain words, for reports: "the compiled code (fast tier)"
  Backend run;
};

// The reference: ir::run.
Backend interpreter(const ir::Policy& policy);

// The first difference between the reference's timeline (`expected`) and a backend's, in words;
// nothing when they agree (codegen::first_difference, or a stand-in where LLVM is not built).
using Difference = std::function<std::optional<std::string>(const ir::Timeline& expected, const ir::Timeline& actual)>;

struct Options {
  std::uint64_t seed = 1;  // mixed with the policy's name, so each policy gets its own histories
  std::int64_t histories = 100000;
  // Every other history (the odd ones) counts working days with this calendar; null: weekends only.
  const clx_calendar* calendar = nullptr;
  bool shrink = true;
  int shrink_runs = 4000;  // at most this many runs of the failing backend while shrinking
};

// The seed of the generator for one policy: `seed` mixed with the policy's name (FNV-1a, the
// same on every machine).
std::uint64_t policy_seed(const ir::Policy& policy, std::uint64_t seed);

struct Mismatch {
  std::string backend;          // NamedBackend::name
  std::int64_t history = 0;     // its number among the generated histories, from 0
  bool with_calendar = false;   // run with Options::calendar
  ir::History original;
  std::string original_difference;
  ir::History shrunk;           // the smallest history found that still differs (the original when not shrunk)
  ir::Timeline expected, actual;  // on `shrunk`
  std::string difference;         // on `shrunk`
  int shrink_runs = 0;
};

struct Report {
  std::int64_t histories = 0;   // run on the reference
  std::int64_t comparisons = 0; // timelines compared (histories × backends until one differs)
  std::int64_t items = 0;       // items of the reference's timelines compared (listings, extensions, measures, grades, decisions)
  std::int64_t failed_alike = 0;  // comparisons where both sides stopped at the same event (invalid input, overflow)
  std::vector<Mismatch> mismatches;  // the first of each backend that differed
  double seconds = 0;
};

// Runs `options.histories` generated histories (differential::Generator, policy_seed) on the
// reference and every backend. A backend that differs once is shrunk (when options.shrink) and
// not run again; the run stops early when every backend has differed.
Report compare(const ir::Policy& policy, const Backend& reference, const std::vector<NamedBackend>& backends,
               const Difference& difference, const Options& options);

// The number of items a timeline holds: listings, their extensions, measure intervals, grade
// intervals and restoration decisions.
std::int64_t item_count(const ir::Timeline& t);

}  // namespace credlex::differential
