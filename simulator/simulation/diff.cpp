// credlex diff: two versions of a policy replayed on one population; every metric side by side
// and the entities whose outcome changed, by kind of change, with examples explained both ways.
#include <array>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/diag/render.h"
#include "simulator/report/report.h"
#include "simulator/simulation/output.h"
#include "simulator/simulation/population.h"
#include "simulator/simulation/report_json.h"
#include "simulator/simulation/simulation.h"
#include "simulator/simulation/steps.h"

namespace credlex::simulation {

namespace fs = std::filesystem;
using diag::json_quote;


namespace {

// The kinds of change, in the order the report lists them.
enum Change : std::size_t { NewlyPunished, NoLongerPunished, Longer, Shorter, OtherMeasures, kChanges };
constexpr std::array<const char*, kChanges> kChangeNames = {"newly punished", "no longer punished", "punished longer",
                                                             "punished shorter", "different measures"};

std::optional<Change> change(const replay::Outcome& a, const replay::Outcome& b) {
  if (!a.punished() && b.punished()) return NewlyPunished;
  if (a.punished() && !b.punished()) return NoLongerPunished;
  if (b.punishment_days > a.punishment_days) return Longer;
  if (b.punishment_days < a.punishment_days) return Shorter;
  if (a.measures != b.measures) return OtherMeasures;
  return std::nullopt;
}

struct Side {
  const Policy* policy;
  Prepared prepared;
  replay::Result result;
  std::vector<replay::Outcome> outcomes;
  std::string json;
};

std::string lines_json(const std::vector<std::string>& lines) {
  std::string s = "[";
  for (std::size_t i = 0; i < lines.size(); ++i) s += (i ? "," : "") + json_quote(lines[i]);
  return s + "]";
}

// The entity's own timeline in words (measures reaching it from related entities are in the
// timeline files, not here).
std::vector<std::string> explain(const Side& side, std::int64_t e, const Options& options) {
  std::vector<ir::History> hs;
  side.prepared.store->histories(e, e + 1, hs);
  ir::RunOptions run;
  run.calendar = options.calendar;
  auto lines = replay::explanation(*side.policy->ir, ir::run(*side.policy->ir, hs.front(), run));
  if (lines.empty()) lines.push_back("nothing: no listing, measure or grade");
  return lines;
}

}  // namespace

Outcome diff(const Policy& old_policy, const Policy& new_policy, const Options& options) {
  Outcome outcome;
  OutputFolder out;
  std::string error;
  if (!out.open(options.out, {"diff.html", "diff.json"}, error)) {
    outcome.status = Status::Failed;
    outcome.message = error + "\n";
    return outcome;
  }
  std::array<Side, 2> sides{Side{&old_policy, {}, {}, {}, {}}, Side{&new_policy, {}, {}, {}, {}}};
  const char* roles[] = {"old", "new"};
  for (std::size_t s = 0; s < 2; ++s) {
    Side& side = sides[s];
    side.prepared = prepare(*side.policy->ir, options, cache_path(options, *side.policy->ir, roles[s]), outcome);
    if (!side.prepared.store) {
      outcome.message = fmt::format("the {} version: {}", roles[s], outcome.message);
      return outcome;
    }
  }
  // One window for both, so every metric is comparable: the union of their defaults.
  ir::Day from = std::min(sides[0].prepared.from, sides[1].prepared.from), to = std::max(sides[0].prepared.to, sides[1].prepared.to);
  for (auto& side : sides) {
    side.prepared.from = from;
    side.prepared.to = to;
    side.outcomes.assign(static_cast<std::size_t>(side.prepared.store->entity_count()), replay::Outcome{});
    const codegen::CompiledPolicy* compiled = nullptr;
    std::string backend;
    if (!compile(*side.policy, side.prepared, compiled, backend, outcome)) return outcome;
    replay::Options ro = replay_options(options, side.prepared);
    ro.backend = compiled ? replay::Backend::Compiled : replay::Backend::Interpreter;
    side.result = replay::run(*side.policy->ir, compiled, *side.prepared.store, ro, {},
                              [&side](std::int64_t e, const replay::Outcome& o) { side.outcomes[static_cast<std::size_t>(e)] = o; });
    RunFacts facts{backend, std::max(1u, options.threads), side.result.seconds};
    side.json = report_json(*side.policy, options, side.prepared, side.result, facts);
  }

  // Entities are matched by id (the two versions may read different rows when --skip-bad drops
  // rows one of them cannot read).
  const store::Store& a = *sides[0].prepared.store;
  const store::Store& b = *sides[1].prepared.store;
  std::unordered_map<std::string_view, std::int64_t> old_index;
  for (std::int64_t e = 0; e < a.entity_count(); ++e) old_index.emplace(a.id(e), e);
  std::array<std::int64_t, kChanges> counts{};
  std::array<std::vector<std::pair<std::int64_t, std::int64_t>>, kChanges> examples;
  std::int64_t changed = 0;
  for (std::int64_t e = 0; e < b.entity_count(); ++e) {
    auto it = old_index.find(b.id(e));
    if (it == old_index.end()) continue;
    auto c = change(sides[0].outcomes[static_cast<std::size_t>(it->second)], sides[1].outcomes[static_cast<std::size_t>(e)]);
    if (!c) continue;
    ++changed;
    ++counts[*c];
    if (examples[*c].size() < options.examples_per_kind) examples[*c].emplace_back(it->second, e);
  }
  std::string by_kind = "[", example_json = "[";
  for (std::size_t c = 0; c < kChanges; ++c) {
    by_kind += fmt::format("{}{{\"change\":\"{}\",\"entities\":{}}}", c ? "," : "", kChangeNames[c], counts[c]);
    for (auto [o, n] : examples[c])
      example_json += fmt::format("{}{{\"entity\":{},\"change\":\"{}\",\"old\":{},\"new\":{}}}", example_json.size() > 1 ? "," : "",
                                  json_quote(b.id(n)), kChangeNames[c], lines_json(explain(sides[0], o, options)),
                                  lines_json(explain(sides[1], n, options)));
  }
  std::string json = fmt::format("{{\"credlex_diff\":1,\n\"old\":{},\"new\":{},\"changes\":{{\"entities_changed\":{},\"by_kind\":{}]}},\n\"examples\":{}]}}\n",
                                 sides[0].json, sides[1].json, changed, by_kind, example_json);
  out.write("diff.json", json);
  out.write("diff.html", report::diff_html(json));
  if (!out.commit(error)) {
    outcome.status = Status::Failed;
    outcome.message = error + "; no report was left behind\n";
    return outcome;
  }
  outcome.summary = fmt::format("{} of {} entities changed outcome:\n", changed, b.entity_count());
  for (std::size_t c = 0; c < kChanges; ++c) outcome.summary += fmt::format("  {:<22} {:>10}\n", kChangeNames[c], counts[c]);
  outcome.report = out.path("diff.html");
  return outcome;
}

}  // namespace credlex::simulation
