// Front-end throughput: lines per second of lexing (the baseline), parsing, and parsing plus
// all semantic checks, on one generated 20,000-line policy. Peak memory (maximum resident set
// size of the process) is reported as a counter. Run: ./build/bench/bench_frontend
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>

#include "compiler/sema/model.h"
#include "compiler/syntax/parse.h"
#include "generate_policy.h"

namespace {

const std::string& policy() {
  static const std::string text = credlex::bench::generate_policy(20000);
  return text;
}

double line_count() { return static_cast<double>(std::count(policy().begin(), policy().end(), '\n')); }

void report(benchmark::State& state) {
  state.counters["lines/s"] = benchmark::Counter(line_count(), benchmark::Counter::kIsIterationInvariantRate);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_Lex(benchmark::State& state) {
  for (auto _ : state) {
    credlex::diag::SourceManager sources;
    credlex::diag::Sink sink;
    auto id = sources.add("generated.clx", policy());
    benchmark::DoNotOptimize(credlex::syntax::tokenize(sources, id, sink));
  }
  report(state);
}

void BM_Parse(benchmark::State& state) {
  for (auto _ : state) {
    credlex::diag::SourceManager sources;
    credlex::diag::Sink sink;
    auto id = sources.add("generated.clx", policy());
    auto file = credlex::syntax::parse(sources, id, sink);
    if (!file.syntax_ok) state.SkipWithError("the generated policy has syntax errors");
  }
  report(state);
}

void BM_ParseAndCheck(benchmark::State& state) {
  for (auto _ : state) {
    credlex::diag::SourceManager sources;
    credlex::diag::Sink sink;
    credlex::sema::LoadOptions load;
    load.read_file = [](const std::string&, std::string& text, std::string&) {
      text = policy();
      return true;
    };
    auto program = credlex::sema::load("generated.clx", sources, sink, load);
    auto model = credlex::sema::check(std::move(program), sources, sink);
    if (sink.has_errors()) state.SkipWithError("the generated policy has errors");
  }
  report(state);
}

}  // namespace

BENCHMARK(BM_Lex)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParseAndCheck)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_MAIN();
