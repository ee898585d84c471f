// `credlex gen-population POLICY --out DIR`: a seeded, realistic population for a policy, written
// as a population folder (simulator/generate). Options, help text and the command itself.
#include <fmt/format.h>

#include <chrono>
#include <tuple>
#include <ostream>

#include "compiler/driver/commands.h"
#include "credlex/civil_date.h"
#include "simulator/generate/generate.h"
#include "simulator/population/population.h"

namespace credlex::driver {
namespace {

constexpr const char* kGenPopulationHelp = R"(Usage: credlex gen-population POLICY --out DIR [OPTIONS]

Writes a seeded, realistic population for POLICY into the folder DIR, in the format `credlex
decide` and the simulator read: entities.csv, relations.csv, and events.jsonl (or one
events/<type>.csv per event type). The profile follows the events the policy declares:
  spc-defaulters, spc-consumption  judgment debtors (natural persons and enterprises) with
                    enforcement cases, for the SPC judgment-defaulter and high-consumption policies
  restoration       administrative penalty decisions and credit-restoration steps, valid for the
                    three NDRC credit-restoration versions (2019, 2023, 2025) alike
  generic           any other policy: its kinds, attributes and event types with plausible values
Enterprises get a legal representative and an actual controller (natural persons of the same
population) where the policy declares those relations; persons get family relations where it
declares them. The rates and the public figures they are calibrated to are in
simulator/generate/README.md.

The same seed gives the same files on every machine, and a smaller population is a prefix of a
larger one. The folder is written beside DIR and renamed into place when complete; an existing
DIR that is not empty is not replaced unless --force is given.

Options:
  --out DIR            the population folder to write (required)
  --entities N         how many entities (default 10000)
  --seed S             the seed (default 1)
  --from DATE          events are dated from DATE (YYYY-MM-DD) ...
  --to DATE            ... up to, not including, DATE; both or neither (default: the profile's,
                       SPC 2016-01-01 to 2026-01-01, restoration 2020-01-01 to 2026-01-01,
                       generic 2019-01-01 to 2026-01-01)
  --format jsonl|csv   events as one events.jsonl (default) or events/<type>.csv
  --force              replace DIR if it exists and is not empty
  -h, --help           show this help

Exit codes: 0 written, 1 the policy has errors, 2 the command line is wrong, the policy cannot be
read or the folder cannot be written.
)";

struct GenOptions {
  std::string policy, out, from, to;
  generate::Options o;
};


int gen_options(const std::vector<std::string>& args, Env& env, GenOptions& g, bool& help) {
  auto value = [&](std::size_t& i, const std::string& flag, std::string& out) {
    return option_value(args, i, flag, "gen-population", env, out);
  };
  auto number = [&](const std::string& flag, const std::string& text, std::uint64_t& out) {
    if (whole_number(text, out)) return true;
    env.err << fmt::format("credlex gen-population: {} needs a whole number, not `{}`\n", flag, text);
    return false;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto is = [&](const char* flag) { return a == flag || a.rfind(std::string(flag) + "=", 0) == 0; };
    std::string v;
    if (a == "-h" || a == "--help") {
      help = true;
    } else if (a == "--force") {
      g.o.force = true;
    } else if (is("--out")) {
      if (!value(i, "--out", g.out)) return kUsage;
    } else if (is("--entities")) {
      std::uint64_t n = 0;
      if (!value(i, "--entities", v) || !number("--entities", v, n)) return kUsage;
      if (n > static_cast<std::uint64_t>(INT64_MAX)) n = INT64_MAX;
      g.o.entities = static_cast<std::int64_t>(n);
    } else if (is("--seed")) {
      if (!value(i, "--seed", v) || !number("--seed", v, g.o.seed)) return kUsage;
    } else if (is("--from")) {
      if (!value(i, "--from", g.from)) return kUsage;
    } else if (is("--to")) {
      if (!value(i, "--to", g.to)) return kUsage;
    } else if (is("--format")) {
      if (!value(i, "--format", g.o.format)) return kUsage;
      if (g.o.format != "jsonl" && g.o.format != "csv") {
        env.err << fmt::format("credlex gen-population: --format must be `jsonl` or `csv`, not `{}`\n", g.o.format);
        return kUsage;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex gen-population: unknown option `{}`; see `credlex gen-population --help`\n", a);
      return kUsage;
    } else if (g.policy.empty()) {
      g.policy = a;
    } else {
      env.err << fmt::format("credlex gen-population: one policy at a time; `{}` is a second one\n", a);
      return kUsage;
    }
  }
  if (help) return kOk;
  const char* missing = g.policy.empty() ? "a policy file" : g.out.empty() ? "--out DIR" : nullptr;
  if (missing) {
    env.err << fmt::format("credlex gen-population: {} is required; see `credlex gen-population --help`\n", missing);
    return kUsage;
  }
  if (g.from.empty() != g.to.empty()) {
    env.err << fmt::format("credlex gen-population: {} needs {} too: give both dates or neither\n",
                           g.from.empty() ? "--to" : "--from", g.from.empty() ? "--from" : "--to");
    return kUsage;
  }
  ir::FieldType date_type;
  date_type.kind = ir::ValueKind::Date;
  ir::Policy empty;
  for (auto [flag, text, out] : {std::tuple{"--from", &g.from, &g.o.from}, {"--to", &g.to, &g.o.to}}) {
    if (text->empty()) continue;
    std::string why;
    auto d = population::parse_value(*text, date_type, empty, why);
    if (!d) {
      env.err << fmt::format("credlex gen-population: {} `{}` is not a date: {}\n", flag, *text, why);
      return kUsage;
    }
    *out = static_cast<ir::Day>(d->i);
  }
  // Births are drawn up to 71 years before the window, firms founded up to 20 years before it,
  // and deadlines and periods run past its end: a window near year 1 or 9999 would derive dates
  // no population may hold.
  if (!g.from.empty() && (g.o.from < clx_days_from_civil(1900, 1, 1) || g.o.to > clx_days_from_civil(9900, 1, 1))) {
    env.err << fmt::format("credlex gen-population: the window {} .. {} must lie within 1900-01-01 .. 9900-01-01 (the generator "
                           "derives birth dates decades before it and deadlines after it)\n", g.from, g.to);
    return kUsage;
  }
  if (!g.from.empty() && g.o.from >= g.o.to) {
    env.err << fmt::format("credlex gen-population: --from {} must be before --to {} (events are dated from --from up to, "
                           "not including, --to)\n", g.from, g.to);
    return kUsage;
  }
  return kOk;
}

std::string thousands(std::int64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > (n < 0 ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), 1, ',');
  return s;
}

std::string day_text(ir::Day d) {
  std::int32_t y = 0, m = 0, day = 0;
  clx_civil_from_days(d, &y, &m, &day);
  return fmt::format("{:04}-{:02}-{:02}", y, m, day);
}

}  // namespace

int gen_population(const std::vector<std::string>& args, Env& env) {
  GenOptions g;
  bool help = false;
  if (int code = gen_options(args, env, g, help); code != kOk) return code;
  if (help) {
    env.out << kGenPopulationHelp;
    return kOk;
  }
  LoadedPolicy loaded;
  if (auto code = load_policy(g.policy, "gen-population", "nothing was generated", env, loaded)) return *code;
  auto start = std::chrono::steady_clock::now();
  std::string error;
  generate::Summary s = generate::write(loaded.policy, g.o, g.out, error);
  if (!s.ok) {
    env.err << fmt::format("credlex gen-population: {}; nothing was generated\n", error);
    return kUsage;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string kinds;
  for (const auto& [name, n] : s.kinds) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", thousands(n), name);
  env.out << fmt::format("wrote {} entities ({}), {} relations and {} events to `{}` ({:.1f} MB, {:.1f} s)\n",
                         thousands(s.entities), kinds, thousands(s.relations), thousands(s.events), g.out,
                         static_cast<double>(s.bytes) / 1e6, seconds);
  env.out << fmt::format("profile {}, seed {}, events dated {} to {} (not included)\n", generate::to_string(s.profile), g.o.seed,
                         day_text(s.from), day_text(s.to));
  for (const auto& [name, n] : s.types) env.out << fmt::format("  {:>10}  {}\n", thousands(n), name);
  return kOk;
}

}  // namespace credlex::driver
