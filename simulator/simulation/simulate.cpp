// credlex simulate: prepare the population, replay it, write the results folder atomically.
#include <fmt/format.h>

#include "simulator/report/report.h"
#include "simulator/simulation/output.h"
#include "simulator/simulation/population.h"
#include "simulator/simulation/report_json.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/steps.h"

namespace credlex::simulation {

namespace fs = std::filesystem;

// Where the cache of a population for one policy lives: inside the results folder, so a second
// run on the same population reuses it. A cache made with --skip-bad (rows left out) has its own
// name and is never reused by a run that did not ask to skip rows.
fs::path cache_path(const Options& options, const ir::Policy& policy, const std::string& role) {
  return options.out / ".cache" / (role + "-" + policy.name + (options.skip_bad ? ".skip-bad" : "") + ".clxstore");
}

replay::Options replay_options(const Options& options, const Prepared& prepared) {
  replay::Options r;
  r.threads = options.threads;
  r.chunk_entities = options.chunk_entities;
  r.findings.from = prepared.from;
  r.findings.to = prepared.to;
  r.calendar = options.calendar;
  r.findings.calendar = options.calendar;
  r.examples_per_kind = options.examples_per_kind;
  if (options.progress) r.progress = [&options](std::int64_t done, std::int64_t total) { options.progress("replaying", done, total); };
  return r;
}

bool compile(const Policy& policy, const Prepared& prepared, const codegen::CompiledPolicy*& compiled, std::string& backend, Outcome& outcome) {
  backend = "interpreter";
  if (!policy.compile) return true;
  std::string error;
  compiled = policy.compile(prepared.store->event_count(), backend, error);
  if (compiled) return true;
  outcome.status = Status::Failed;
  outcome.message = "the policy `" + policy.file + "` could not be compiled: " + error + "\n";
  return false;
}

Outcome simulate(const Policy& policy, const Options& options) {
  Outcome outcome;
  OutputFolder out;
  std::string error;
  if (!out.open(options.out, {"report.html", "report.json", "findings.jsonl", "timeline.jsonl"}, error)) {
    outcome.status = Status::Failed;
    outcome.message = error + "\n";
    return outcome;
  }
  Prepared prepared = prepare(*policy.ir, options, cache_path(options, *policy.ir, "population"), outcome);
  if (!prepared.store) return outcome;

  const codegen::CompiledPolicy* compiled = nullptr;
  std::string backend;
  if (!compile(policy, prepared, compiled, backend, outcome)) return outcome;

  replay::Sinks sinks;
  sinks.timeline = &out.stream("timeline.jsonl");
  sinks.findings = &out.stream("findings.jsonl");
  replay::Options ro = replay_options(options, prepared);
  ro.backend = compiled ? replay::Backend::Compiled : replay::Backend::Interpreter;
  replay::Result result = replay::run(*policy.ir, compiled, *prepared.store, ro, sinks);

  RunFacts facts{backend, std::max(1u, options.threads), result.seconds};
  std::string json = report_json(policy, options, prepared, result, facts);
  out.write("report.json", json);
  out.write("report.html", report::html(json));
  if (!out.commit(error)) {
    outcome.status = Status::Failed;
    outcome.message = error + "; no report was left behind\n";
    return outcome;
  }
  outcome.summary = summary_table(policy, prepared, result);
  outcome.report = out.path("report.html");
  return outcome;
}

}  // namespace credlex::simulation
