// `credlex simulate` and `credlex diff` as functions: a population folder and one policy (or two
// versions of it) in, a folder of results out (timeline.jsonl, findings.jsonl, report.json,
// report.html; for a diff, diff.json and diff.html). The driver only parses the command line.
//
//   population/ ──ingest (once; reused while fresh)──▶ cache ──mmap──▶ replay ──▶ out/ (atomically)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "compiler/codegen/codegen.h"
#include "compiler/ir/ir.h"
#include "simulator/replay/replay.h"

namespace credlex::simulation {

// One policy as the simulator needs it: the IR, where it came from, and how to get its compiled
// code once the population's size is known (the caller chooses the tier by it). No `compile`:
// replay with the reference interpreter.
struct Policy {
  const ir::Policy* ir = nullptr;
  std::string file;     // the main file as given on the command line
  std::string sha256;   // of the main file's bytes
  // Null, with a plain reason in `error`, when the policy cannot be compiled; `backend` names the
  // code for the report ("jit (fast)", "jit (optimized)").
  std::function<const codegen::CompiledPolicy*(std::int64_t events, std::string& backend, std::string& error)> compile;
};

struct Options {
  std::filesystem::path population;  // the folder
  std::filesystem::path out;         // the results folder (created when missing)
  std::optional<ir::Day> from, to;   // the observation window; default: the population's events
  unsigned threads = 1;
  std::int64_t chunk_entities = 512;
  bool skip_bad = false;             // --skip-bad: leave out malformed rows, count them
  std::size_t max_problems = 200;
  const clx_calendar* calendar = nullptr;
  std::size_t examples_per_kind = 3;
  // Progress of the replay (entities done of total), for the progress bar or plain lines.
  std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)> progress;
};

// The exit status of a simulation, as the CLI reports it.
enum class Status : std::uint8_t {
  Ok,         // the report is complete
  BadInput,   // the population has problems (without --skip-bad), nothing was replayed
  Failed,     // a file could not be read or written; no report was left behind
};

struct Outcome {
  Status status = Status::Ok;
  std::string message;         // plain words, for the error stream (problems one per line)
  std::string summary;         // the table printed at the end
  std::filesystem::path report;  // report.html (diff.html), when Ok
};

Outcome simulate(const Policy& policy, const Options& options);
Outcome diff(const Policy& old_policy, const Policy& new_policy, const Options& options);

}  // namespace credlex::simulation
