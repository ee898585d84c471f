// `credlex decide POLICY --population DIR --entity ID --at DATE`: what holds for one entity on one
// date, and with --explain why and how it can end. The histories are cut at the date (an
// authority deciding on that day knows nothing later), run through the reference interpreter, and
// measures reaching the entity from related entities are added the same way `credlex test` does.
#include <fmt/format.h>

#include <ostream>

#include "compiler/driver/commands.h"
#include "compiler/explain/render.h"
#include "compiler/explain/standing.h"
#include "compiler/ir/calendar_file.h"
#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/model.h"
#include "simulator/population/population.h"

namespace credlex::driver {
namespace {

// The entity and everyone whose measures may reach it (a relation from them to it), with events
// up to and including `at`, and where each event was read.
struct Involved {
  std::vector<ir::History> histories;
  std::vector<std::vector<std::string>> origins;
};

Involved involved(const population::Population& pop, std::size_t entity, ir::Day at) {
  const std::string& id = pop.histories[entity].entity.id;
  Involved out;
  auto add = [&](std::size_t i) {
    ir::History c = pop.histories[i];
    auto end = std::find_if(c.events.begin(), c.events.end(), [&](const ir::Event& e) { return e.date > at; });
    std::size_t kept = static_cast<std::size_t>(end - c.events.begin());
    c.events.erase(end, c.events.end());
    out.histories.push_back(std::move(c));
    std::vector<std::string> where = i < pop.origins.size() ? pop.origins[i] : std::vector<std::string>{};
    if (where.size() > kept) where.resize(kept);
    out.origins.push_back(std::move(where));
  };
  add(entity);
  for (std::size_t i = 0; i < pop.histories.size(); ++i) {
    if (i == entity) continue;
    const auto& rs = pop.histories[i].relations;
    if (std::any_of(rs.begin(), rs.end(), [&](const ir::RelationSpan& r) { return r.other == id; })) add(i);
  }
  return out;
}

}  // namespace

int decide_command(const DecideOptions& o, Env& env) {
  ir::FieldType date_type;
  date_type.kind = ir::ValueKind::Date;
  std::string why;
  ir::Policy empty;
  auto at = population::parse_value(o.at, date_type, empty, why);
  if (!at) {
    env.err << fmt::format("credlex decide: --at `{}` is not a date: {}\n", o.at, why);
    return kUsage;
  }
  LoadedPolicy loaded;
  if (auto code = load_policy(o.policy, "decide", "nothing was decided", env, loaded)) return *code;
  const ir::Policy& policy = loaded.policy;
  ir::Calendar calendar;
  ir::RunOptions run;
  if (auto code = load_calendar_option(o.calendar, "decide", "nothing was decided", env, calendar, run)) return *code;

  population::ReadOptions read;
  read.origins = true;
  population::Population pop = population::read(policy, o.population, read);
  if (!pop.ok()) {
    env.err << population::report(pop);
    std::int64_t n = static_cast<std::int64_t>(pop.problems.size()) + pop.more_problems;
    env.err << fmt::format("credlex decide: the population in `{}` has {} problem{}, so nothing was decided\n", o.population, n,
                           n == 1 ? "" : "s");
    return kPolicyErrors;
  }
  auto found = pop.index.find(o.entity);
  if (found == pop.index.end()) {
    env.err << fmt::format("credlex decide: there is no entity `{}` in `{}`\n", o.entity,
                           (std::filesystem::path(o.population) / "entities.csv").string());
    return kPolicyErrors;
  }
  Involved inv = involved(pop, found->second, static_cast<ir::Day>(at->i));
  std::vector<ir::Timeline> timelines;
  timelines.reserve(inv.histories.size());
  for (const auto& h : inv.histories) timelines.push_back(ir::run(policy, h, run));
  ir::apply_reach(policy, inv.histories, timelines);

  explain::Input in{policy, inv.histories, timelines, 0, static_cast<ir::Day>(at->i), &inv.origins, &loaded.sources, run};
  explain::Standing s = explain::standing(in);
  explain::RenderOptions r;
  r.explain = o.explain;
  env.out << (o.json ? explain::json(s, r) : explain::text(s, r));
  return s.problems.empty() ? kOk : kPolicyErrors;
}

}  // namespace credlex::driver
