// Issue 5's performance figures, measured in one run so the ratios compare like with like:
//   throughput   the reference interpreter (ir::run per entity) vs the JIT (run_batch over blocks,
//                both tiers) vs hand-written C++ (handwritten.h), on a seeded population of the
//                SPC judgment-defaulter and high-consumption policies (population.h)
//   latency      one decision (P_run) on a 20-event history: p50 / p99 over many runs, through the
//                ahead-of-time shared library an agency links (codegen::LoadedLibrary), the JIT
//                at both tiers, hand-written C++ and the interpreter
//   compile      Jit::compile_policy per shipped policy and tier: median of several runs; O2 in one
//                part (one thread) against O2 in parts (one per core, the default)
// Before any throughput is reported the three are compared item by item on a sample; a single
// difference stops the run (exit 1). Peak memory is getrusage's ru_maxrss. See bench/run.sh.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "compiler/codegen/aot.h"
#include "compiler/codegen/codegen.h"
#include "compiler/ir/interpret.h"
#include "compiler/sema/model.h"
#include "handwritten.h"
#include "population.h"

namespace {

using namespace credlex;
using bench::Rules;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}
std::string load_text() {
  double l[3] = {0, 0, 0};
  getloadavg(l, 3);
  char buf[64];
  std::snprintf(buf, sizeof buf, "load %.2f %.2f %.2f", l[0], l[1], l[2]);
  return buf;
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Options {
  std::int64_t entities = 1000000, interp = 100000, verify = 10000;
  std::int32_t block = 4096;
  int repeats = 3, latency_runs = 200000, compile_runs = 5, history = 20;
  std::uint64_t seed = 2017;
  std::vector<std::string> sections = {"throughput", "latency", "compile", "ablation"};
  std::vector<Rules> policies = {Rules::Defaulters, Rules::Consumption};
};

// ----- policies -----

struct Loaded {
  diag::SourceManager sources;
  ir::Policy policy;
};

std::unique_ptr<Loaded> load_policy(const std::string& path) {
  auto out = std::make_unique<Loaded>();
  diag::Sink sink;
  sema::LoadOptions options;
  options.read_file = [](const std::string& p, std::string& text, std::string& error) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return error = "cannot open", false;
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
  };
  auto program = sema::load(path, out->sources, sink, options);
  auto model = sema::check(std::move(program), out->sources, sink);
  if (sink.has_errors()) throw std::runtime_error(path + " has errors");
  out->policy = ir::lower(model);
  return out;
}

std::string policy_path(Rules r) {
  return std::string(CREDLEX_SOURCE_DIR) +
         (r == Rules::Defaulters ? "/policies/spc/judgment_defaulters_2017.clx" : "/policies/spc/high_consumption_2015.clx");
}
const char* rules_name(Rules r) { return r == Rules::Defaulters ? "judgment_defaulters_2017" : "high_consumption_2015"; }

// ----- timelines of the three implementations, in the hand-written form -----

// The policy's indices in the hand-written numbering (lists, measures, grade levels), by name.
struct Numbering {
  std::map<std::int32_t, std::int32_t> lists, measures, levels;
  std::int32_t grade = -1;
  Numbering(const ir::Policy& p, Rules r) {
    std::vector<const char*> list_names = r == Rules::Defaulters ? std::vector<const char*>{"judgment_defaulters"}
                                                                 : std::vector<const char*>{"consumption_orders", "listed_defaulters_restricted"};
    auto need = [](std::int32_t i, const char* what) {
      if (i < 0) throw std::runtime_error(std::string("the policy has no ") + what);
      return i;
    };
    for (std::size_t k = 0; k < list_names.size(); ++k) lists[need(p.list_index(list_names[k]), list_names[k])] = static_cast<std::int32_t>(k);
    const auto& ms = bench::measure_names(r);
    for (std::size_t k = 0; k < ms.size(); ++k) measures[need(p.measure_index(ms[k]), ms[k])] = static_cast<std::int32_t>(k);
    std::size_t applied = 0;
    for (const auto& m : p.measures) applied += m.applied;
    if (applied != ms.size()) throw std::runtime_error("the policy applies measures the hand-written code does not know");
    grade = need(p.grade_index("consumption_restriction"), "grade consumption_restriction");
    const auto& levels_ir = p.grades[static_cast<std::size_t>(grade)].levels;
    const auto& ls = bench::level_names(r);
    for (std::size_t k = 0; k < ls.size(); ++k) {
      auto it = std::find(levels_ir.begin(), levels_ir.end(), ls[k]);
      levels[need(it == levels_ir.end() ? -1 : static_cast<std::int32_t>(it - levels_ir.begin()), ls[k])] = static_cast<std::int32_t>(k);
    }
    if (p.grades.size() != 1 || p.lists.size() != list_names.size()) throw std::runtime_error("unexpected lists or grades");
  }
  static std::int32_t at(const std::map<std::int32_t, std::int32_t>& m, std::int32_t k) {
    auto it = m.find(k);
    return it == m.end() ? -100 - k : it->second;
  }
};

std::int32_t day_or_none(const std::optional<ir::Day>& d) { return d ? *d : CLX_NO_DAY; }

bench::Timeline from_interpreter(const ir::Timeline& t, const Numbering& n) {
  bench::Timeline out;
  for (const auto& l : t.listings)
    out.listings.push_back({Numbering::at(n.lists, l.list), l.start, day_or_none(l.end), static_cast<std::int32_t>(l.ended_by),
                            l.cause_event, day_or_none(l.removal_deadline), static_cast<std::int32_t>(l.extensions.size()),
                            l.extended ? static_cast<std::int32_t>(l.extended->i) : -1});
  for (const auto& m : t.measures)
    out.measures.push_back({Numbering::at(n.measures, m.measure), m.start, day_or_none(m.end), static_cast<std::int32_t>(m.ended_by),
                            static_cast<std::int32_t>(m.source), m.source_index});
  for (const auto& g : t.grades) out.grades.push_back({g.grade == n.grade ? 0 : -1, Numbering::at(n.levels, g.level), g.start, day_or_none(g.end)});
  for (const auto& d : t.decisions)
    out.decisions.push_back({d.listing, d.event, d.date, d.granted, static_cast<std::int32_t>(d.refusal), day_or_none(d.earliest),
                             day_or_none(d.deadline)});
  return out;
}

bench::Timeline from_compiled(const clx_timeline& t, const Numbering& n) {
  bench::Timeline out;
  for (std::int32_t k = 0; k < t.listing_count; ++k) {
    const auto& l = t.listings[k];
    std::int32_t extensions = 0;
    for (std::int32_t x = 0; x < t.extension_count; ++x) extensions += t.extensions[x].listing == k;
    out.listings.push_back({Numbering::at(n.lists, l.list), l.start, l.end, l.ended_by, l.cause_event, l.removal_deadline, extensions,
                            l.extended.kind == CLX_ABSENT ? -1 : static_cast<std::int32_t>(l.extended.i)});
  }
  for (std::int32_t k = 0; k < t.measure_count; ++k) {
    const auto& m = t.measures[k];
    out.measures.push_back({Numbering::at(n.measures, m.measure), m.start, m.end, m.ended_by, m.source, m.source_index});
  }
  for (std::int32_t k = 0; k < t.grade_count; ++k) {
    const auto& g = t.grades[k];
    out.grades.push_back({g.grade == n.grade ? 0 : -1, Numbering::at(n.levels, g.level), g.start, g.end});
  }
  for (std::int32_t k = 0; k < t.decision_count; ++k) {
    const auto& d = t.decisions[k];
    out.decisions.push_back({d.listing, d.event, d.date, d.granted, d.refusal, d.earliest, d.deadline});
  }
  return out;
}

// Totals over timelines: items, and the sum of their dates (a cheap check on a whole run).
struct Sum {
  std::int64_t listings = 0, measures = 0, grades = 0, decisions = 0, days = 0;
  bool operator==(const Sum&) const = default;
  void add(std::int32_t start, std::int32_t end) { days += start + (end == CLX_NO_DAY ? 0 : end); }
  void add(const bench::Timeline& t) {
    listings += static_cast<std::int64_t>(t.listings.size());
    measures += static_cast<std::int64_t>(t.measures.size());
    grades += static_cast<std::int64_t>(t.grades.size());
    decisions += static_cast<std::int64_t>(t.decisions.size());
    for (const auto& l : t.listings) add(l.start, l.end);
    for (const auto& m : t.measures) add(m.start, m.end);
  }
  void add(const clx_timeline& t) {
    listings += t.listing_count;
    measures += t.measure_count;
    grades += t.grade_count;
    decisions += t.decision_count;
    for (std::int32_t k = 0; k < t.listing_count; ++k) add(t.listings[k].start, t.listings[k].end);
    for (std::int32_t k = 0; k < t.measure_count; ++k) add(t.measures[k].start, t.measures[k].end);
  }
  std::string text() const {
    return std::to_string(listings) + " listings, " + std::to_string(measures) + " measure intervals, " + std::to_string(grades) +
           " grade intervals, " + std::to_string(decisions) + " decisions";
  }
};

std::string describe(const bench::Timeline& t) {
  std::string s;
  for (const auto& l : t.listings)
    s += "  listing list=" + std::to_string(l.list) + " [" + std::to_string(l.start) + "," + std::to_string(l.end) + ") by " +
         std::to_string(l.ended_by) + " cause " + std::to_string(l.cause_event) + " due " + std::to_string(l.removal_deadline) + " ext " +
         std::to_string(l.extensions) + "/" + std::to_string(l.extended_months) + "\n";
  for (const auto& m : t.measures)
    s += "  measure " + std::to_string(m.measure) + " [" + std::to_string(m.start) + "," + std::to_string(m.end) + ") by " +
         std::to_string(m.ended_by) + " source " + std::to_string(m.source) + ":" + std::to_string(m.source_index) + "\n";
  for (const auto& g : t.grades)
    s += "  grade level " + std::to_string(g.level) + " [" + std::to_string(g.start) + "," + std::to_string(g.end) + ")\n";
  for (const auto& d : t.decisions)
    s += "  decision listing " + std::to_string(d.listing) + " on " + std::to_string(d.date) + " granted " + std::to_string(d.granted) +
         " refusal " + std::to_string(d.refusal) + " due " + std::to_string(d.deadline) + "\n";
  return s;
}

void run_hand(const bench::Population& pop, std::int64_t k, bench::Timeline& t) {
  (pop.rules == Rules::Defaulters ? bench::run_defaulters : bench::run_consumption)(pop, k, t);
}

// ----- the table -----

struct Row {
  std::string section, what, value, note;
};
std::vector<Row> table;
void row(std::string section, std::string what, std::string value, std::string note = "") {
  std::printf("%-10s | %-58s | %16s | %s\n", section.c_str(), what.c_str(), value.c_str(), note.c_str());
  std::fflush(stdout);
  table.push_back({std::move(section), std::move(what), std::move(value), std::move(note)});
}
std::string fixed(double v, int digits = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string rate(double per_second) {
  char buf[64];
  if (per_second >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M/s", per_second / 1e6);
  else std::snprintf(buf, sizeof buf, "%.1f k/s", per_second / 1e3);
  return buf;
}

// ----- throughput -----

bool throughput(codegen::Jit& jit, Rules rules, const Options& o) {
  const char* name = rules_name(rules);
  auto loaded = load_policy(policy_path(rules));
  const ir::Policy& p = loaded->policy;
  Numbering numbering(p, rules);
  bench::Layout layout(p, rules);

  auto t0 = Clock::now();
  bench::Population pop = bench::generate(o.seed, o.entities, rules);
  std::int64_t persons = std::count(pop.person.begin(), pop.person.end(), 1);
  row(name, "population: entities (persons, enterprises)",
      std::to_string(pop.size()) + " (" + fixed(100.0 * persons / std::max<std::int64_t>(1, pop.size())) + "%, " +
          fixed(100.0 - 100.0 * persons / std::max<std::int64_t>(1, pop.size())) + "%)",
      "seed " + std::to_string(o.seed) + ", generated in " + fixed(seconds_since(t0), 2) + " s");
  row(name, "population: events (per entity)", std::to_string(pop.events.size()) + " (" + fixed(static_cast<double>(pop.events.size()) / pop.size(), 2) + ")");

  std::string error;
  std::unique_ptr<codegen::CompiledPolicy> o2 = jit.compile_policy(p, codegen::Tier::Optimized, error);
  std::unique_ptr<codegen::CompiledPolicy> fast = o2 ? jit.compile_policy(p, codegen::Tier::Fast, error) : nullptr;
  if (!o2 || !fast) {
    std::fprintf(stderr, "%s: cannot compile: %s\n", name, error.c_str());
    return false;
  }

  t0 = Clock::now();
  bench::Batch batch(layout, pop);
  row(name, "clx_batch columns (MiB)", fixed(static_cast<double>(batch.bytes()) / (1 << 20)),
      "built in " + fixed(seconds_since(t0), 2) + " s; plain events " + fixed(static_cast<double>(pop.events.size() * sizeof(bench::Event)) / (1 << 20)) + " MiB");

  // 1. The three agree, item by item, on a sample.
  std::int64_t verify = std::min(o.verify, pop.size());
  bench::Timeline hand;
  clx_timeline compiled{}, compiled_fast{};
  Sum sample;
  for (std::int64_t k = 0; k < verify; ++k) {
    ir::History h = bench::to_history(layout, pop, k);
    ir::Timeline it = ir::run(p, h);
    if (!it.ok()) {
      std::fprintf(stderr, "%s: entity %lld: the interpreter stopped: %s\n", name, static_cast<long long>(k), it.errors[0].reason.c_str());
      return false;
    }
    bench::Timeline expected = from_interpreter(it, numbering);
    run_hand(pop, k, hand);
    clx_history ch = batch.history(k);
    o2->run(&ch, nullptr, &compiled);
    fast->run(&ch, nullptr, &compiled_fast);
    const char* who = !(hand == expected) ? "hand-written C++" : !(from_compiled(compiled, numbering) == expected) ? "JIT O2"
                      : !(from_compiled(compiled_fast, numbering) == expected)                                   ? "JIT fast" : nullptr;
    if (who || compiled.status != CLX_OK) {
      bench::Timeline got = who && std::string(who) == "hand-written C++" ? hand : from_compiled(compiled, numbering);
      std::fprintf(stderr, "%s: entity %lld: %s differs from the interpreter (status %d)\ninterpreter:\n%s%s:\n%s", name,
                   static_cast<long long>(k), who ? who : "JIT", compiled.status, describe(expected).c_str(), who ? who : "JIT",
                   describe(got).c_str());
      return false;
    }
    sample.add(expected);
  }
  o2->free_timeline(&compiled);
  fast->free_timeline(&compiled_fast);
  row(name, "agree item by item: interpreter = hand-written = JIT O2 = JIT fast", std::to_string(verify) + " entities", sample.text());

  // 2. Throughput. Each implementation over the same entities; blocks of o.block.
  const double events = static_cast<double>(pop.events.size());
  std::vector<bench::Timeline> hand_out(static_cast<std::size_t>(o.block));
  std::vector<clx_timeline> jit_out(static_cast<std::size_t>(o.block));
  auto hand_pass = [&](Sum& sum) {
    double s = 0;
    for (std::int64_t first = 0; first < pop.size(); first += o.block) {
      auto count = static_cast<std::int32_t>(std::min<std::int64_t>(o.block, pop.size() - first));
      auto t = Clock::now();
      for (std::int32_t k = 0; k < count; ++k) run_hand(pop, first + k, hand_out[static_cast<std::size_t>(k)]);
      s += seconds_since(t);
      for (std::int32_t k = 0; k < count; ++k) sum.add(hand_out[static_cast<std::size_t>(k)]);
    }
    return s;
  };
  auto jit_pass = [&](const codegen::CompiledPolicy& c, Sum& sum) {
    double s = 0;
    for (std::int64_t first = 0; first < pop.size(); first += o.block) {
      auto count = static_cast<std::int32_t>(std::min<std::int64_t>(o.block, pop.size() - first));
      clx_batch b = batch.block(first, count);
      auto t = Clock::now();
      if (c.run_batch(&b, nullptr, jit_out.data()) != CLX_OK) throw std::runtime_error("run_batch failed");
      s += seconds_since(t);
      for (std::int32_t k = 0; k < count; ++k) {
        if (jit_out[static_cast<std::size_t>(k)].status != CLX_OK) throw std::runtime_error("an entity failed in run_batch");
        sum.add(jit_out[static_cast<std::size_t>(k)]);
      }
    }
    return s;
  };
  std::vector<double> hand_s, o2_s, fast_s;
  Sum hand_sum, o2_sum, fast_sum;
  for (int r = 0; r < o.repeats; ++r) {
    Sum h, j, f;
    o2_s.push_back(jit_pass(*o2, j));
    hand_s.push_back(hand_pass(h));
    if (r == 0) fast_s.push_back(jit_pass(*fast, f)), fast_sum = f;  // the fast tier once: not a target
    hand_sum = h, o2_sum = j;
  }
  if (!(hand_sum == o2_sum) || !(hand_sum == fast_sum)) {
    std::fprintf(stderr, "%s: whole population: hand-written %s, JIT O2 %s, JIT fast %s\n", name, hand_sum.text().c_str(),
                 o2_sum.text().c_str(), fast_sum.text().c_str());
    return false;
  }
  row(name, "whole population: hand-written = JIT O2 = JIT fast (totals, dates)", std::to_string(pop.size()) + " entities", hand_sum.text());

  // The interpreter on a prefix (its histories built per chunk, outside the timing).
  std::int64_t sample_n = std::min(o.interp, pop.size());
  double interp_s = 0, prefix_o2_s = 0;
  Sum interp_sum, hand_prefix;
  for (std::int64_t first = 0; first < sample_n; first += 10000) {
    std::int64_t count = std::min<std::int64_t>(10000, sample_n - first);
    std::vector<ir::History> hs;
    hs.reserve(static_cast<std::size_t>(count));
    for (std::int64_t k = 0; k < count; ++k) hs.push_back(bench::to_history(layout, pop, first + k));
    std::vector<ir::Timeline> ts(static_cast<std::size_t>(count));
    auto t = Clock::now();
    for (std::int64_t k = 0; k < count; ++k) ts[static_cast<std::size_t>(k)] = ir::run(p, hs[static_cast<std::size_t>(k)]);
    interp_s += seconds_since(t);
    for (std::int64_t b = 0; b < count; b += o.block) {  // the JIT on the same chunk, right after (same load)
      clx_batch blk = batch.block(first + b, static_cast<std::int32_t>(std::min<std::int64_t>(o.block, count - b)));
      auto tj = Clock::now();
      o2->run_batch(&blk, nullptr, jit_out.data());
      prefix_o2_s += seconds_since(tj);
    }
    for (std::int64_t k = 0; k < count; ++k) {
      interp_sum.add(from_interpreter(ts[static_cast<std::size_t>(k)], numbering));
      run_hand(pop, first + k, hand);
      hand_prefix.add(hand);
    }
  }
  if (!(interp_sum == hand_prefix)) {
    std::fprintf(stderr, "%s: first %lld entities: interpreter %s, hand-written %s\n", name, static_cast<long long>(sample_n),
                 interp_sum.text().c_str(), hand_prefix.text().c_str());
    return false;
  }
  for (auto& t : jit_out) o2->free_timeline(&t);
  double sample_events = static_cast<double>(pop.offsets[static_cast<std::size_t>(sample_n)]);
  double interp_rate = sample_n / interp_s, hand_rate = pop.size() / median(hand_s), o2_rate = pop.size() / median(o2_s),
         fast_rate = pop.size() / median(fast_s);
  std::string load = load_text();
  row(name, "interpreter, ir::run per entity (first " + std::to_string(sample_n) + ")", rate(interp_rate) + " entities",
      fixed(interp_s, 2) + " s, " + rate(sample_events / interp_s) + " events; 1M would take " + fixed(1e6 / interp_rate, 0) + " s; " + load);
  row(name, "JIT fast tier, run_batch blocks of " + std::to_string(o.block), rate(fast_rate) + " entities",
      "one run: " + fixed(median(fast_s), 3) + " s, " + rate(events / median(fast_s)) + " events");
  row(name, "JIT O2, run_batch blocks of " + std::to_string(o.block), rate(o2_rate) + " entities",
      "median of " + std::to_string(o.repeats) + ": " + fixed(median(o2_s), 3) + " s, " + rate(events / median(o2_s)) + " events");
  row(name, "hand-written C++, blocks of " + std::to_string(o.block), rate(hand_rate) + " entities",
      "median of " + std::to_string(o.repeats) + ": " + fixed(median(hand_s), 3) + " s, " + rate(events / median(hand_s)) + " events; " + load);
  double interleaved = interp_s / prefix_o2_s;
  row(name, "ratio JIT O2 / interpreter, same prefix, interleaved (target >= 15)", fixed(interleaved, 1) + "x",
      std::string(interleaved >= 15 ? "met" : "MISSED") + "; JIT O2 on the prefix " + rate(sample_n / prefix_o2_s) + " entities");
  row(name, "ratio JIT O2 (whole population) / interpreter (prefix)", fixed(o2_rate / interp_rate, 1) + "x", "measured minutes apart");
  row(name, "ratio hand-written / JIT O2 (target <= 1.25)", fixed(hand_rate / o2_rate, 2) + "x", hand_rate / o2_rate <= 1.25 ? "met" : "MISSED");
  row(name, "peak memory (ru_maxrss, MiB, whole process so far)", fixed(peak_mib(), 0));
  return true;
}

// ----- latency -----

struct Percentiles {
  double p50, p99;
};
Percentiles percentiles(std::vector<double>& ns) {
  std::sort(ns.begin(), ns.end());
  return {ns[ns.size() / 2], ns[ns.size() * 99 / 100]};
}

bool latency(codegen::Jit& jit, Rules rules, const Options& o) {
  const char* name = rules_name(rules);
  auto loaded = load_policy(policy_path(rules));
  const ir::Policy& p = loaded->policy;
  bench::Layout layout(p, rules);
  bench::Population one = bench::one_entity(o.seed, rules, o.history);
  bench::Batch batch(layout, one);
  clx_history h = batch.history(0);
  std::string error;
  auto o2 = jit.compile_policy(p, codegen::Tier::Optimized, error);
  auto fast = o2 ? jit.compile_policy(p, codegen::Tier::Fast, error) : nullptr;
  if (!o2 || !fast) {
    std::fprintf(stderr, "%s: cannot compile: %s\n", name, error.c_str());
    return false;
  }
  auto measure = [&](int runs, const std::function<void()>& f) {
    for (int k = 0; k < runs / 10 + 1; ++k) f();  // warm up
    std::vector<double> ns(static_cast<std::size_t>(runs));
    for (auto& x : ns) {
      auto t = Clock::now();
      f();
      x = std::chrono::duration<double, std::nano>(Clock::now() - t).count();
    }
    return percentiles(ns);
  };
  // Built as `credlex build --emit shared` builds it and loaded as an agency's program loads it.
  auto aot = codegen::LoadedLibrary::build(p, "", error);
  if (!aot) {
    // The target is about the library: without it there is no figure to report (it needs `cc`,
    // as `credlex build --emit shared` does).
    std::fprintf(stderr, "%s: cannot build the shared library, so the latency target cannot be measured: %s\n", name,
                 error.c_str());
    return false;
  }
  clx_timeline t{}, tf{}, ta{};
  Percentiles lib = measure(o.latency_runs, [&] { aot->run(&h, nullptr, &ta); });
  Sum sa;
  sa.add(ta);
  aot->free_timeline(&ta);
  Percentiles jo2 = measure(o.latency_runs, [&] { o2->run(&h, nullptr, &t); });
  Sum s;
  s.add(t);
  o2->free_timeline(&t);
  Percentiles jfast = measure(o.latency_runs, [&] { fast->run(&h, nullptr, &tf); });
  fast->free_timeline(&tf);
  bench::Timeline hand;
  Percentiles hw = measure(o.latency_runs, [&] { run_hand(one, 0, hand); });
  ir::History ih = bench::to_history(layout, one, 0);
  Percentiles in = measure(std::max(1000, o.latency_runs / 20), [&] { ir::Timeline x = ir::run(p, ih); });
  std::string what = std::to_string(o.history) + "-event history (" + s.text() + ")";
  std::string load = load_text();
  if (!(sa == s)) {
    std::fprintf(stderr, "%s: the shared library and the JIT disagree: %s / %s\n", name, sa.text().c_str(), s.text().c_str());
    return false;
  }
  row(name, "latency P_run, shared library (AOT): p50 / p99 (ns)", fixed(lib.p50, 0) + " / " + fixed(lib.p99, 0),
      std::string(lib.p50 <= 1000 ? "target p50 <= 1 us met" : "target p50 <= 1 us MISSED") + "; " + what + "; " + load);
  row(name, "latency P_run through the JIT, O2: p50 / p99 (ns)", fixed(jo2.p50, 0) + " / " + fixed(jo2.p99, 0));
  row(name, "latency P_run through the JIT, fast tier: p50 / p99 (ns)", fixed(jfast.p50, 0) + " / " + fixed(jfast.p99, 0));
  row(name, "latency hand-written C++: p50 / p99 (ns)", fixed(hw.p50, 0) + " / " + fixed(hw.p99, 0));
  row(name, "latency interpreter ir::run: p50 / p99 (ns)", fixed(in.p50, 0) + " / " + fixed(in.p99, 0));
  return true;
}

// ----- where the compiled engine's time goes -----

// JIT O2 throughput on the first `interp` entities with parts of the policy taken away (in the
// benchmark's copy of the IR): the difference is what those parts cost in the compiled engine.
// The timelines are then not the policy's; only the time is reported.
bool ablation(codegen::Jit& jit, Rules rules, const Options& o) {
  const char* name = rules_name(rules);
  auto loaded = load_policy(policy_path(rules));
  bench::Layout layout(loaded->policy, rules);
  bench::Population pop = bench::generate(o.seed, std::min(o.entities, o.interp), rules);
  bench::Batch batch(layout, pop);
  std::vector<clx_timeline> out(static_cast<std::size_t>(o.block));
  auto time = [&](const ir::Policy& p) {
    std::string error;
    auto c = jit.compile_policy(p, codegen::Tier::Optimized, error);
    if (!c) throw std::runtime_error(error);
    std::vector<double> runs;
    for (int r = 0; r < o.repeats; ++r) {
      double s = 0;
      for (std::int64_t first = 0; first < pop.size(); first += o.block) {
        auto count = static_cast<std::int32_t>(std::min<std::int64_t>(o.block, pop.size() - first));
        clx_batch b = batch.block(first, count);
        auto t = Clock::now();
        c->run_batch(&b, nullptr, out.data());
        s += seconds_since(t);
      }
      runs.push_back(s);
    }
    for (auto& t : out) c->free_timeline(&t);
    return median(runs);
  };
  const ir::Policy full = loaded->policy;
  ir::Policy no_grades = full, no_measures = full, bare = full;
  no_grades.grades.clear();
  for (auto& m : no_measures.measures) m.applied = false;
  bare.grades.clear();
  bare.measures = no_measures.measures;
  double all = time(full), g = time(no_grades), m = time(no_measures), b = time(bare);
  std::string n = " (" + std::to_string(pop.size()) + " entities, JIT O2)";
  row(name, "ablation: whole policy" + n, fixed(1000 * all, 0) + " ms", "100%; " + load_text());
  row(name, "ablation: without the grade", fixed(1000 * g, 0) + " ms", "the grade: " + fixed(100 * (all - g) / all, 0) + "%");
  row(name, "ablation: without the measures", fixed(1000 * m, 0) + " ms", "the measures: " + fixed(100 * (all - m) / all, 0) + "%");
  row(name, "ablation: lists and restorations only", fixed(1000 * b, 0) + " ms",
      fixed(100 * b / all, 0) + "% (validation, event steps, listings, visiting dates)");
  return true;
}

// ----- compile time -----

// Each policy at the fast tier, at O2 in one part (the baseline: one thread) and at O2 as the JIT
// does it by default (in parts, one per core), interleaved run by run.
bool compile_times(codegen::Jit& jit, codegen::Jit& one_part, const Options& o) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(CREDLEX_SOURCE_DIR) / "policies"))
    if (e.path().extension() == ".clx" && e.path().string().find("/policies/examples/") == std::string::npos) paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  double worst = 0, total_one = 0, total_parts = 0;
  std::string worst_name;
  for (const auto& path : paths) {
    std::string name = fs::relative(path, fs::path(CREDLEX_SOURCE_DIR) / "policies").string();
    auto t0 = Clock::now();
    auto loaded = load_policy(path);
    double front = seconds_since(t0);
    std::vector<double> ms[3];
    for (int r = 0; r < o.compile_runs; ++r)
      for (int how = 0; how < 3; ++how) {
        std::string error;
        auto t = Clock::now();
        auto c = (how == 1 ? one_part : jit).compile_policy(loaded->policy, how ? codegen::Tier::Optimized : codegen::Tier::Fast, error);
        ms[how].push_back(1000 * seconds_since(t));
        if (!c) {
          std::fprintf(stderr, "%s: cannot compile: %s\n", name.c_str(), error.c_str());
          return false;
        }
      }
    double fast = median(ms[0]), o2_one = median(ms[1]), o2 = median(ms[2]);
    total_one += o2_one;
    total_parts += o2;
    if (o2 > worst) worst = o2, worst_name = name;
    row("compile", name + ": fast / O2 one part / O2 (ms, median of " + std::to_string(o.compile_runs) + ")",
        fixed(fast, 0) + " / " + fixed(o2_one, 0) + " / " + fixed(o2, 0),
        std::string(o2 <= 300 ? "" : "O2 over 300 ms; ") + "nodes " + std::to_string(loaded->policy.nodes.size()) + ", front end " +
            fixed(1000 * front, 0) + " ms; " + load_text());
  }
  row("compile", "O2 in one part / in parts, all policies", fixed(total_one / total_parts, 2) + "x",
      std::to_string(std::thread::hardware_concurrency()) + " cores; the parts' code is the same");
  row("compile", "largest at O2 (target <= 300 ms)", fixed(worst, 0) + " ms", worst_name + (worst <= 300 ? ": met" : ": MISSED"));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    auto next = [&]() -> std::string {
      if (k + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++k];
    };
    if (a == "--entities") o.entities = std::stoll(next());
    else if (a == "--interp") o.interp = std::stoll(next());
    else if (a == "--verify") o.verify = std::stoll(next());
    else if (a == "--block") o.block = std::stoi(next());
    else if (a == "--repeats") o.repeats = std::stoi(next());
    else if (a == "--latency-runs") o.latency_runs = std::stoi(next());
    else if (a == "--compile-runs") o.compile_runs = std::stoi(next());
    else if (a == "--seed") o.seed = std::stoull(next());
    else if (a == "--policy") {
      std::string v = next();
      o.policies = v == "defaulters" ? std::vector<Rules>{Rules::Defaulters}
                   : v == "consumption" ? std::vector<Rules>{Rules::Consumption} : o.policies;
    }
    else if (a == "--only") {
      o.sections.clear();
      std::stringstream s(next());
      for (std::string x; std::getline(s, x, ',');) o.sections.push_back(x);
    } else {
      std::fprintf(stderr,
                   "usage: bench_engine [--entities N] [--interp N] [--verify N] [--block N] [--repeats N] [--latency-runs N]\n"
                   "                    [--compile-runs N] [--seed N] [--only throughput,latency,compile,ablation]\n"
                   "                    [--policy defaulters|consumption]\n");
      return 2;
    }
  }
  auto want = [&](const char* s) { return std::find(o.sections.begin(), o.sections.end(), s) != o.sections.end(); };
  std::printf("%-10s | %-58s | %16s | %s\n", "section", "what", "figure", "notes");
  std::string error;
  auto t0 = Clock::now();
  auto jit = codegen::Jit::create(error);
  if (!jit) {
    std::fprintf(stderr, "no JIT: %s\n", error.c_str());
    return 1;
  }
  if (want("compile")) {  // the JIT compiles its shared runtime and engine when a first policy needs them
    double create = seconds_since(t0);
    auto empty = load_policy(std::string(CREDLEX_SOURCE_DIR) + "/policies/national/principles.clx");
    auto t = Clock::now();
    auto c = jit->compile_policy(empty->policy, codegen::Tier::Fast, error);
    row("compile", "Jit::create; then its first policy (principles.clx, no rules)",
        fixed(1000 * create, 0) + " / " + fixed(1000 * seconds_since(t), 0) + " ms", "the shared runtime and engine are compiled once per Jit");
  }
  bool ok = true;
  try {
    for (Rules r : o.policies) ok = ok && (!want("throughput") || throughput(*jit, r, o));
    for (Rules r : o.policies) ok = ok && (!want("latency") || latency(*jit, r, o));
    for (Rules r : o.policies) ok = ok && (!want("ablation") || ablation(*jit, r, o));
    if (ok && want("compile")) {
      codegen::JitOptions one;
      one.o2_parts = 1;
      auto one_part = codegen::Jit::create(error, one);
      if (!one_part) throw std::runtime_error("no JIT: " + error);
      std::string ignored;  // its shared runtime compiled before the timings, as the first JIT's
      auto empty = load_policy(std::string(CREDLEX_SOURCE_DIR) + "/policies/national/principles.clx");
      one_part->compile_policy(empty->policy, codegen::Tier::Fast, ignored);
      ok = compile_times(*jit, *one_part, o);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_engine: %s\n", e.what());
    return 1;
  }
  if (!ok) {
    std::fprintf(stderr, "bench_engine: stopped; the figures above are not a result\n");
    return 1;
  }
  row("all", "peak memory (ru_maxrss, MiB)", fixed(peak_mib(), 0));
  return 0;
}
