// `credlex simulate` and `credlex diff`: the command lines, the help texts, the progress shown
// while a run goes on and the summary at its end. The work is simulator/simulation's.
#include <fmt/format.h>

#include <memory>
#include <ostream>
#include <thread>
#include <tuple>

#include "compiler/driver/commands.h"
#include "simulator/population/population.h"
#include "simulator/simulation/simulation.h"
#ifdef CREDLEX_HAVE_LLVM
#include "compiler/codegen/aot.h"
#include "compiler/codegen/codegen.h"
#endif

namespace credlex::driver {
namespace {

constexpr const char* kSimulateHelp = R"(Usage: credlex simulate POLICY --population DIR --out DIR [OPTIONS]

Replays every entity of a population (a folder: entities.csv, relations.csv, events.jsonl and/or
events/<type>.csv; see `credlex schema POLICY`) through the policy, on all the threads asked for,
and looks for excessive punishment: measures heavier than the conduct allows, listings and
measures that last beyond the legal maximum, restoration or deletion later than the law's
deadline, too many measures at once, measures reaching related persons the limits do not allow,
minor conduct leading to listing, local measures going beyond the national ones they refine.

The population is read once into a cache in DIR/.cache and reused while its files are unchanged
(the same size and modification time: a copy that keeps an edited file's old time and size, as
`cp -p` can, needs the cache folder removed).
Written to --out (created when missing), all at the end, so a failed run leaves no report:
  timeline.jsonl   every listing, measure and grade of every entity, with its cause and basis
  findings.jsonl   every finding, with the entity, the dates, the excess days and the citations
  report.json      the metrics, for programs
  report.html      the report for a reviewer: open it in a browser (works offline)

Options:
  --population DIR   the population folder (required)
  --out DIR          where the results go (required)
  --from DATE        the first day observed (default: the day of the first event)
  --to DATE          the day after the last day observed (default: the day after the last event);
                     listings and measures still running are counted up to it
  --threads N        threads replaying entities (default: all cores); the results do not depend on it
  --backend jit|interp  compiled code (default) or the reference interpreter
  --tier auto|fast|o2   how the compiled code is made: `fast` compiles in a fraction of a second,
                     `o2` optimises (about a second for the largest policies, then faster per
                     entity); `auto` (default) optimises from 2,000,000 events on. The results do
                     not depend on it; the report names the tier used
  --skip-bad         leave out malformed rows of the population (counted in the report) instead
                     of stopping at them
  --calendar FILE    holidays and make-up working days for working-day deadlines
  -h, --help         show this help

Exit codes: 0 the report was written, 1 the policy or the population has errors (nothing was
replayed), 2 the command line is wrong or a file could not be read or written, 3 credlex failed.
)";

constexpr const char* kDiffHelp = R"(Usage: credlex diff OLD NEW --population DIR --out DIR [OPTIONS]

Replays one population through two versions of a policy (e.g. the credit-restoration rules of
2019 and 2023) and compares them: every metric of both reports side by side with its change,
and the entities whose outcome changed (newly punished, no longer punished, punished longer,
punished shorter, different measures), with examples explained under both versions.
Both versions observe the same window. Written to --out, all at the end: diff.json, diff.html.

Options: --population, --out, --from, --to, --threads, --backend, --tier, --skip-bad, --calendar as for
`credlex simulate` (see `credlex simulate --help`).

Exit codes as for `credlex simulate`.
)";

struct SimulateArgs {
  std::vector<std::string> policies;
  std::string population, out, from, to, calendar, backend = "jit", tier = "auto";
  std::uint64_t threads = 0;
  bool skip_bad = false, help = false;
};

int parse(const std::vector<std::string>& args, const char* command, Env& env, SimulateArgs& o) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto is = [&](const char* flag) { return a == flag || a.rfind(std::string(flag) + "=", 0) == 0; };
    auto value = [&](const char* flag, std::string& out) { return option_value(args, i, flag, command, env, out); };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (is("--population")) {
      if (!value("--population", o.population)) return kUsage;
    } else if (is("--out")) {
      if (!value("--out", o.out)) return kUsage;
    } else if (is("--from")) {
      if (!value("--from", o.from)) return kUsage;
    } else if (is("--to")) {
      if (!value("--to", o.to)) return kUsage;
    } else if (is("--calendar")) {
      if (!value("--calendar", o.calendar)) return kUsage;
    } else if (is("--backend")) {
      if (!value("--backend", o.backend)) return kUsage;
      if (o.backend != "jit" && o.backend != "interp") {
        env.err << fmt::format("credlex {}: --backend must be `jit` or `interp`, not `{}`\n", command, o.backend);
        return kUsage;
      }
    } else if (is("--tier")) {
      if (!value("--tier", o.tier)) return kUsage;
      if (o.tier != "auto" && o.tier != "fast" && o.tier != "o2") {
        env.err << fmt::format("credlex {}: --tier must be `auto`, `fast` or `o2`, not `{}`\n", command, o.tier);
        return kUsage;
      }
    } else if (is("--threads")) {
      std::string v;
      if (!value("--threads", v)) return kUsage;
      if (!whole_number(v, o.threads) || o.threads == 0 || o.threads > 1024) {
        env.err << fmt::format("credlex {}: --threads needs a whole number from 1 to 1024, not `{}`\n", command, v);
        return kUsage;
      }
    } else if (a == "--skip-bad") {
      o.skip_bad = true;
    } else if (a.size() > 1 && a[0] == '-') {
      env.err << fmt::format("credlex {}: unknown option `{}`; see `credlex {} --help`\n", command, a, command);
      return kUsage;
    } else {
      o.policies.push_back(a);
    }
  }
  if (o.help) return kOk;
  std::size_t wanted = std::string(command) == "diff" ? 2 : 1;
  if (o.policies.size() != wanted) {
    env.err << fmt::format("credlex {}: {} expected, {} given; see `credlex {} --help`\n", command,
                           wanted == 1 ? "one policy" : "two policies (OLD and NEW)", o.policies.size(), command, command);
    return kUsage;
  }
  if (o.tier != "auto" && o.backend != "jit") {
    env.err << fmt::format("credlex {}: --tier chooses how compiled code is made; it cannot go with --backend {}\n", command, o.backend);
    return kUsage;
  }
  for (auto [flag, v] : {std::pair{"--population", &o.population}, std::pair{"--out", &o.out}})
    if (v->empty()) {
      env.err << fmt::format("credlex {}: {} is required; see `credlex {} --help`\n", command, flag, command);
      return kUsage;
    }
  return kOk;
}

// Progress on a terminal: one line redrawn in place; elsewhere (a log): a line per 10%.
class Progress {
 public:
  explicit Progress(Env& env) : env_(env) {}
  ~Progress() {
    if (drawn_) env_.err << "\n";
  }
  void operator()(std::string_view stage, std::int64_t done, std::int64_t total) {
    if (total <= 0) {
      if (stage != stage_) line(fmt::format("{}…", stage));
      stage_ = stage;
      return;
    }
    int percent = static_cast<int>(done * 100 / total);
    if (env_.terminal) {
      int filled = percent * 30 / 100;
      env_.err << fmt::format("\r{:<24} [{}{}] {:>3}%  {} of {} entities", stage, std::string(filled, '#'), std::string(30 - filled, ' '),
                              percent, done, total)
               << std::flush;
      drawn_ = true;
    } else if (stage != stage_ || percent / 10 != last_ / 10 || done == total) {
      if (!(stage == stage_ && percent == last_)) env_.err << fmt::format("{}: {}% ({} of {} entities)\n", stage, percent, done, total);
    }
    stage_ = stage;
    last_ = percent;
  }

 private:
  void line(const std::string& text) {
    if (drawn_) env_.err << "\n";
    drawn_ = false;
    env_.err << text << "\n";
  }
  Env& env_;
  std::string stage_;
  int last_ = -1;
  bool drawn_ = false;
};

struct Loaded {
  LoadedPolicy policy;
  simulation::Policy sim;
#ifdef CREDLEX_HAVE_LLVM
  std::unique_ptr<codegen::CompiledPolicy> code;
#endif
};

#ifdef CREDLEX_HAVE_LLVM
// The tier by the population's size: below this many events compiling at O2 costs more than it
// saves (bench/bench_engine: about 1.5 s for the largest policy at O2, a fraction of that fast).
constexpr std::int64_t kOptimizeFromEvents = 2'000'000;
#endif

int run(const char* command, const std::vector<std::string>& args, Env& env) {
  SimulateArgs a;
  if (int code = parse(args, command, env, a); code != kOk) return code;
  const bool is_diff = std::string(command) == "diff";
  if (a.help) {
    env.out << (is_diff ? kDiffHelp : kSimulateHelp);
    return kOk;
  }
  simulation::Options o;
  o.population = a.population;
  o.out = a.out;
  o.skip_bad = a.skip_bad;
  o.threads = a.threads ? static_cast<unsigned>(a.threads) : std::max(1u, std::thread::hardware_concurrency());
  for (auto [flag, text, day] : {std::tuple{"--from", &a.from, &o.from}, std::tuple{"--to", &a.to, &o.to}}) {
    if (text->empty()) continue;
    ir::FieldType date_type;
    date_type.kind = ir::ValueKind::Date;
    std::string why;
    ir::Policy none;
    auto v = population::parse_value(*text, date_type, none, why);
    if (!v) {
      env.err << fmt::format("credlex {}: {} `{}` is not a date: {}\n", command, flag, *text, why);
      return kUsage;
    }
    *day = static_cast<ir::Day>(v->i);
  }
  if (o.from && o.to && *o.to <= *o.from) {
    env.err << fmt::format("credlex {}: --to must be after --from\n", command);
    return kUsage;
  }
  ir::Calendar calendar;
  ir::RunOptions run;
  if (auto code = load_calendar_option(a.calendar, command, "nothing was replayed", env, calendar, run)) return *code;
  o.calendar = run.calendar;

#ifdef CREDLEX_HAVE_LLVM
  std::string error;
  std::unique_ptr<codegen::Jit> jit;
  if (a.backend == "jit") {
    jit = codegen::Jit::create(error);
    if (!jit) {
      env.err << fmt::format("credlex {}: the JIT cannot start: {}\n", command, error);
      return kInternal;
    }
  }
#else
  if (a.backend == "jit") a.backend = "interp";  // built without LLVM: the interpreter is the only backend
#endif
  std::vector<std::unique_ptr<Loaded>> loaded;
  for (const auto& path : a.policies) {
    auto l = std::make_unique<Loaded>();
    if (auto code = load_policy(path, command, "nothing was replayed", env, l->policy)) return *code;
    std::string bytes, why;
    if (!env.read_file(path, bytes, why)) {
      env.err << fmt::format("credlex {}: cannot read `{}`: {}\n", command, path, why);
      return kUsage;
    }
    l->sim.ir = &l->policy.policy;
    l->sim.file = path;
#ifdef CREDLEX_HAVE_LLVM
    l->sim.sha256 = codegen::sha256_hex(bytes);
    if (a.backend == "jit") {
      Loaded* self = l.get();
      codegen::Jit* j = jit.get();
      const std::string chosen = a.tier;
      l->sim.compile = [self, j, chosen](std::int64_t events, std::string& backend, std::string& why) -> const codegen::CompiledPolicy* {
        bool optimized = chosen == "auto" ? events >= kOptimizeFromEvents : chosen == "o2";
        codegen::Tier tier = optimized ? codegen::Tier::Optimized : codegen::Tier::Fast;
        backend = tier == codegen::Tier::Optimized ? "jit (optimized)" : "jit (fast)";
        self->code = j->compile_policy(*self->sim.ir, tier, why);
        return self->code.get();
      };
    }
#endif
    loaded.push_back(std::move(l));
  }

  simulation::Outcome r;
  {
    Progress progress(env);
    o.progress = [&progress](std::string_view stage, std::int64_t done, std::int64_t total) { progress(stage, done, total); };
    r = is_diff ? simulation::diff(loaded[0]->sim, loaded[1]->sim, o) : simulation::simulate(loaded[0]->sim, o);
  }
  if (r.status != simulation::Status::Ok) {
    env.err << r.message;
    env.err << fmt::format("credlex {}: nothing was reported\n", command);
    return r.status == simulation::Status::BadInput ? kPolicyErrors : kUsage;
  }
  env.out << r.summary;
  env.out << fmt::format("report: {}\n", r.report.string());
  return kOk;
}

}  // namespace

int simulate_main(const std::vector<std::string>& args, Env& env) { return run("simulate", args, env); }
int diff_main(const std::vector<std::string>& args, Env& env) { return run("diff", args, env); }

}  // namespace credlex::driver
