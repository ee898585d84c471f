// The simulator against the reference semantics: over a whole population, its timelines and
// findings are those of the interpreter run entity by entity with ir::apply_reach (what
// `credlex test` does), whatever the backend, the number of threads and the chunk size; a bad
// population stops it without leaving a report behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "cli.h"
#include "scratch.h"
#include "compiler/codegen/codegen.h"
#include "compiler/diag/render.h"
#include "lowered.h"
#include "simulator/findings/findings.h"
#include "simulator/generate/generate.h"
#include "simulator/population/population.h"
#include "simulator/replay/replay.h"
#include "simulator/simulation/simulation.h"
#include "simulator/store/store.h"

namespace fs = std::filesystem;
using namespace credlex;

namespace {

const std::string kRoot = CREDLEX_SOURCE_DIR;

fs::path scratch(const std::string& name) { return testing::scratch("simulation-test", name); }

// The entity id at the start of a timeline.jsonl / findings.jsonl line.
std::string entity_of(const std::string& line) {
  auto at = line.find("\"entity\":\"");
  REQUIRE(at != std::string::npos);
  at += 10;
  return line.substr(at, line.find('"', at) - at);
}

// Lines grouped by entity, in their order within the entity.
std::map<std::string, std::string> by_entity(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    std::string line = text.substr(at, nl - at);
    out[entity_of(line)] += line + "\n";
    at = nl + 1;
  }
  return out;
}

struct Reference {
  std::map<std::string, std::string> timeline, findings;
};

// What the semantics says, computed the simplest way: the whole population in memory, every
// entity through the reference interpreter, reach over the whole population.
Reference reference(const ir::Policy& policy, const fs::path& population, const fs::path& cache, ir::Day from, ir::Day to) {
  auto pop = population::read(policy, population);
  REQUIRE(pop.ok());
  // The default window: from the first event to the day after the last.
  ir::Day first = std::numeric_limits<ir::Day>::max(), last = std::numeric_limits<ir::Day>::min();
  for (const auto& h : pop.histories)
    for (const auto& e : h.events) {
      first = std::min(first, e.date);
      last = std::max(last, e.date);
    }
  CHECK(from == first);
  CHECK(to == last + 1);
  std::vector<ir::Timeline> ts;
  for (const auto& h : pop.histories) ts.push_back(ir::run(policy, h));
  ir::apply_reach(policy, pop.histories, ts);
  std::string error;
  auto store = store::Store::open(cache, policy, error);
  REQUIRE(store);
  findings::Options window;
  window.from = from;
  window.to = to;
  Reference r;
  for (std::size_t i = 0; i < pop.histories.size(); ++i) {
    REQUIRE(store->id(static_cast<std::int64_t>(i)) == pop.histories[i].entity.id);
    std::string lines = replay::timeline_lines(policy, pop.histories[i], ts[i], *store, static_cast<std::int64_t>(i));
    if (!lines.empty()) r.timeline[pop.histories[i].entity.id] = lines;
    for (const auto& f : findings::compute(policy, pop.histories[i], ts[i], window))
      r.findings[pop.histories[i].entity.id] += findings::finding_json(policy, pop.histories[i], f) + "\n";
  }
  return r;
}

// The metrics of a report.json (everything the run's speed and thread count do not change).
std::string metrics_of(const std::string& report) {
  auto a = report.find("\"metrics\":"), b = report.find("\"errors\":");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  return report.substr(a, b - a);
}

struct Run {
  simulation::Outcome outcome;
  std::string timeline, findings, report;
};

Run simulate(const ir::Policy& policy, const std::string& file, const fs::path& population, const fs::path& out, unsigned threads,
             std::int64_t chunk, codegen::Jit* jit, std::unique_ptr<codegen::CompiledPolicy>* code) {
  simulation::Policy p;
  p.ir = &policy;
  p.file = file;
  if (jit)
    p.compile = [&](std::int64_t, std::string& backend, std::string& error) -> const codegen::CompiledPolicy* {
      backend = "jit (fast)";
      *code = jit->compile_policy(policy, codegen::Tier::Fast, error);
      return code->get();
    };
  simulation::Options o;
  o.population = population;
  o.out = out;
  o.threads = threads;
  o.chunk_entities = chunk;
  Run r;
  r.outcome = simulation::simulate(p, o);
  r.timeline = testing::read_file(out / "timeline.jsonl");
  r.findings = testing::read_file(out / "findings.jsonl");
  r.report = testing::read_file(out / "report.json");
  return r;
}

}  // namespace

// A generated population for the policy (simulator/generate), small enough for the sanitizers.
fs::path generated(const ir::Policy& policy, const std::string& name) {
  fs::path dir = scratch("population-" + name);
  generate::Options g;
  g.entities = CREDLEX_SANITIZED ? 150 : 1500;
  g.seed = 7;
  std::string error;
  auto summary = generate::write(policy, g, dir, error);
  INFO(error);
  REQUIRE(summary.ok);
  return dir;
}

TEST_CASE("simulate: timelines and findings are the interpreter's, on every backend, thread count and chunk size", "[simulation]") {
  struct Case {
    const char* policy;
    const char* population;  // "" : generated
  };
  for (auto c : {Case{"policies/spc/judgment_defaulters_2017.clx", "tests/data/population/spc"},
                 Case{"policies/spc/judgment_defaulters_2017.clx", ""}, Case{"policies/spc/high_consumption_2015.clx", ""},
                 Case{"policies/ndrc/credit_restoration_2023.clx", ""}, Case{"policies/examples/limits_broken_on_data.clx", ""}}) {
    std::string name = c.policy;
    INFO(name << " on " << (*c.population ? c.population : "a generated population"));
    auto l = testing::lower_path(kRoot + "/" + name);
    const ir::Policy& policy = l->policy;
    fs::path population = *c.population ? fs::path(kRoot + "/" + c.population) : generated(policy, fs::path(name).stem().string());
    std::string error;
    auto jit = codegen::Jit::create(error);
    REQUIRE(jit);
    std::unique_ptr<codegen::CompiledPolicy> code;

    fs::path first_out = scratch("first");
    Run first = simulate(policy, name, population, first_out, 1, 2048, nullptr, nullptr);
    INFO(first.outcome.message);
    REQUIRE(first.outcome.status == simulation::Status::Ok);
    REQUIRE_FALSE(first.timeline.empty());
    // The reference reads the same cache only for entity order and event origins.
    fs::path cache;
    for (const auto& e : fs::directory_iterator(first_out / ".cache")) cache = e.path();
    ir::Day from = 0, to = 0;
    {
      ir::FieldType date;
      date.kind = ir::ValueKind::Date;
      std::string why;
      ir::Policy none;
      auto at = first.report.find("\"from\":\"") + 8;
      from = static_cast<ir::Day>(population::parse_value(first.report.substr(at, 10), date, none, why)->i);
      at = first.report.find("\"to\":\"", at) + 6;
      to = static_cast<ir::Day>(population::parse_value(first.report.substr(at, 10), date, none, why)->i);
    }
    Reference ref = reference(policy, population, cache, from, to);
    CHECK(by_entity(first.timeline) == ref.timeline);
    CHECK(by_entity(first.findings) == ref.findings);

    for (auto [threads, chunk, compiled] : {std::tuple{2u, 1, false}, std::tuple{3u, 7, true}, std::tuple{2u, 2048, true}}) {
      INFO("threads " << threads << ", chunk " << chunk << (compiled ? ", jit" : ", interpreter"));
      Run again = simulate(policy, name, population, scratch("again"), threads, chunk, compiled ? jit.get() : nullptr, &code);
      REQUIRE(again.outcome.status == simulation::Status::Ok);
      CHECK(again.timeline == first.timeline);
      CHECK(again.findings == first.findings);
      CHECK(metrics_of(again.report) == metrics_of(first.report));
    }
  }
}

TEST_CASE("simulate: a population with a bad row stops the run and leaves no report, --skip-bad counts it", "[simulation]") {
  auto l = testing::lower_path(kRoot + "/policies/spc/judgment_defaulters_2017.clx");
  fs::path population = scratch("bad-population");
  fs::copy(kRoot + "/tests/data/population/spc", population, fs::copy_options::recursive);
  {
    std::ofstream events(population / "events.jsonl", std::ios::app);
    events << "{\"entity\":\"P1\",\"date\":\"2021-02-30\",\"type\":\"judgment_performed\",\"case\":\"X\"}\n";
  }
  fs::path out = scratch("bad-out");
  fs::create_directories(out);
  { std::ofstream(out / "report.json") << "{\"an earlier\":\"report\"}"; }
  Run r = simulate(l->policy, "judgment_defaulters_2017.clx", population, out, 2, 4, nullptr, nullptr);
  CHECK(r.outcome.status == simulation::Status::BadInput);
  CHECK(r.outcome.message.find("events.jsonl:") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "report.json"));
  CHECK_FALSE(fs::exists(out / "report.html"));

  simulation::Policy p;
  p.ir = &l->policy;
  p.file = "judgment_defaulters_2017.clx";
  simulation::Options o;
  o.population = population;
  o.out = out;
  o.skip_bad = true;
  auto skipped = simulation::simulate(p, o);
  REQUIRE(skipped.status == simulation::Status::Ok);
  std::string report = testing::read_file(out / "report.json");
  CHECK(report.find("\"rows_skipped\":1") != std::string::npos);
  CHECK(fs::exists(out / "report.html"));
}
