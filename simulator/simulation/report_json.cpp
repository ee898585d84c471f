#include "simulator/simulation/report_json.h"

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "simulator/population/population.h"

namespace credlex::simulation {

using diag::json_quote;

std::string report_json(const Policy& policy, const Options& options, const Prepared& population, const replay::Result& result,
                        const RunFacts& run) {
  const ir::Policy& p = *policy.ir;
  std::string problems = "[";
  for (std::size_t i = 0; i < population.ingest.problems.size(); ++i)
    problems += (i ? "," : "") + json_quote(population::to_string(population.ingest.problems[i]));
  problems += "]";
  std::string examples = "[";
  for (std::size_t i = 0; i < result.examples.size(); ++i) examples += (i ? "," : "") + result.examples[i];
  examples += "]";
  std::string errors = "[";
  for (std::size_t i = 0; i < result.error_examples.size(); ++i) errors += (i ? "," : "") + json_quote(result.error_examples[i]);
  errors += "]";
  return fmt::format(
      "{{\"credlex_report\":1,\n"
      "\"policy\":{{\"name\":{},\"title\":{},\"version\":{},\"file\":{},\"sha256\":{}}},\n"
      "\"population\":{{\"path\":{},\"entities\":{},\"events\":{},\"relations\":{},\"rows_skipped\":{},\"problems\":{},\"more_problems\":{}}},\n"
      "\"window\":{{\"from\":{},\"to\":{}}},\n"
      "\"run\":{{\"backend\":{},\"threads\":{},\"seconds\":{:.3f},\"credlex_version\":\"0.1.0\"}},\n"
      "\"metrics\":{},\n"
      "\"examples\":{},\n"
      "\"errors\":{{\"entities\":{},\"examples\":{}}}}}\n",
      json_quote(p.name), json_quote(p.title), json_quote(p.version), json_quote(policy.file), json_quote(policy.sha256),
      json_quote(options.population.string()), result.entities, result.events, population.ingest.relations, population.ingest.rows_skipped,
      problems, population.ingest.more_problems, json_quote(ir::date_text(population.from)), json_quote(ir::date_text(population.to)),
      json_quote(run.backend), run.threads, run.seconds, findings::metrics_json(p, result.metrics), examples, result.entities_with_errors, errors);
}

}  // namespace credlex::simulation

namespace credlex::simulation {

std::string summary_table(const Policy& policy, const Prepared& population, const replay::Result& result) {
  const findings::Metrics& m = result.metrics;
  const ir::Policy& p = *policy.ir;
  std::string s = fmt::format("{} ({}{}) on {} entities and {} events, {} to {} (the day after the last day observed)\n", p.name,
                              p.title, p.version.empty() ? "" : ", version " + p.version, result.entities, result.events,
                              ir::date_text(population.from), ir::date_text(population.to));
  if (population.ingest.rows_skipped > 0)
    s += fmt::format("  {} malformed rows of the population were left out (--skip-bad); the report lists them\n",
                     population.ingest.rows_skipped);
  if (result.entities_with_errors > 0)
    s += fmt::format("  {} entities could not be replayed (their data breaks the policy's rules); the report lists them\n",
                     result.entities_with_errors);
  s += fmt::format("  {:<36} {:>14}\n", "entities punished", m.entities_punished);
  s += fmt::format("  {:<36} {:>14}\n", "punishment-days", m.punishment_days);
  s += fmt::format("  {:<36} {:>14}\n", "excess days (sum over findings)", m.excess_days);
  s += fmt::format("  {:<36} {:>14}\n", "entity-days in excess", m.entity_days_in_excess);
  s += fmt::format("  {:<36} {:>14}\n", "findings", m.findings);
  for (int k = 0; k < findings::kKinds; ++k)
    s += fmt::format("    {:<34} {:>14}  ({} entities, {} excess days)\n", findings::kind_name(static_cast<findings::Kind>(k)),
                     m.by_kind[k].findings, m.by_kind[k].entities, m.by_kind[k].excess_days);
  s += fmt::format("  replayed in {:.2f} s\n", result.seconds);
  return s;
}

}  // namespace credlex::simulation
