// The two passes of a replay and the work of one chunk (README.md in this folder).
#include "simulator/replay/replay.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <ostream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "compiler/codegen/timelines.h"
#include "simulator/replay/buffers.h"
#include "simulator/replay/ordered.h"

namespace credlex::replay {
namespace {

constexpr std::size_t kKinds = findings::kKinds;

Outcome outcome_of(const ir::Policy& policy, const ir::Timeline& t, const findings::Options& w) {
  Outcome o;
  std::vector<std::int32_t> applied;
  for (const auto& m : t.measures) {
    std::int64_t d = findings::days_within(m.start, m.end, w);
    if (d == 0) continue;
    o.punishment_days += d;
    applied.push_back(m.measure);
  }
  std::sort(applied.begin(), applied.end());
  applied.erase(std::unique(applied.begin(), applied.end()), applied.end());
  for (std::int32_t m : applied)  // FNV-1a over the names: stable across two versions of a policy
    for (char c : policy.measures.at(m).name + ";") o.measures = (o.measures ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return o;
}

// What one chunk of entities came to. Consumed in chunk order.
struct ChunkOut {
  std::string timeline, findings;
  findings::Metrics metrics;
  std::array<std::vector<std::string>, kKinds> examples;
  std::vector<std::pair<std::int64_t, Outcome>> outcomes;
  std::int64_t entities = 0, events = 0, items = 0, errors = 0, reached = 0;
  std::vector<std::string> error_examples;
};

// The state one worker thread keeps from chunk to chunk.
// Its histories and timelines are overwritten chunk after chunk (Store::histories,
// codegen::to_timeline in place), so a worker stops allocating for them once they have grown.
struct Worker {
  std::vector<ir::History> histories;
  std::vector<ir::Timeline> timelines;
  codegen::TimelineSpares spares;  // items passed from timeline to timeline with their memory
  findings::CitationWords citation_words;  // the findings' words for each citation chain, made once
  store::Batch batch;
  std::vector<clx_timeline> compiled;
  const codegen::CompiledPolicy* code = nullptr;
  ~Worker() {
    if (code)
      for (auto& t : compiled) code->free_timeline(&t);
  }
};

class Replay {
 public:
  Replay(const ir::Policy& policy, const codegen::CompiledPolicy* compiled, const store::Store& store, const Options& options,
         const Sinks& sinks, const std::function<void(std::int64_t, const Outcome&)>& outcome)
      : policy_(policy), compiled_(compiled), store_(store), options_(options), sinks_(sinks), outcome_(outcome) {
    find_reachable();
  }

  Result run();

 private:
  void find_reachable();
  std::vector<ir::Timeline>& timelines(Worker& w, std::int64_t first, std::int64_t last);
  void explain_stop(const ir::History& h, ir::Timeline& t) const;
  void finish(Worker& w, ChunkOut& out, std::int64_t entity, const ir::History& h, ir::Timeline& t);
  ChunkOut chunk_out();
  ChunkOut first_pass(Worker& w, std::int64_t chunk);
  ChunkOut second_pass(Worker& w, std::size_t first, std::size_t last);
  void commit(ChunkOut&& out, Result& result);

  const ir::Policy& policy_;
  const codegen::CompiledPolicy* compiled_;
  const store::Store& store_;
  const Options& options_;
  const Sinks& sinks_;
  const std::function<void(std::int64_t, const Outcome&)>& outcome_;
  // The relations some applied measure reaches over, as (to, from) pairs of entities, sorted and
  // without repeats; `targets_` are their distinct `to`s in entity order, each with the range of
  // its sources in `incoming_` (targets_[i] reached from incoming_[from_[i]] … [from_[i + 1])).
  std::vector<std::pair<std::int64_t, std::int64_t>> incoming_;
  std::vector<std::int64_t> targets_;
  std::vector<std::size_t> from_;
  std::array<std::vector<std::string>, kKinds> examples_;  // the first of each kind, in entity order
  Buffers buffers_;  // ChunkOut::timeline and ::findings, reused from chunk to chunk
  std::int64_t chunks_since_release_ = 0;
  std::int64_t done_ = 0;
};

// The entities at the far end of a relation that some applied measure reaches over, and for each
// the entities at the near end. A relation of an entity to itself reaches nothing (ir::reach).
void Replay::find_reachable() {
  std::vector<std::uint8_t> reaching(policy_.relations.size(), 0);
  for (const auto& m : policy_.measures)
    if (m.applied)
      for (const auto& r : m.reaches)
        if (std::int32_t rel = policy_.relation_index(r); rel >= 0) reaching[rel] = 1;
  for (const auto& r : store_.relations())
    if (r.relation >= 0 && reaching[r.relation] && r.from != r.to) incoming_.emplace_back(r.to, r.from);
  std::sort(incoming_.begin(), incoming_.end());
  incoming_.erase(std::unique(incoming_.begin(), incoming_.end()), incoming_.end());
  for (std::size_t k = 0; k < incoming_.size(); ++k)
    if (k == 0 || incoming_[k].first != incoming_[k - 1].first) {
      targets_.push_back(incoming_[k].first);
      from_.push_back(k);
    }
  from_.push_back(incoming_.size());
}

// The timelines of entities [first, last), in w.timelines (valid until the next call).
std::vector<ir::Timeline>& Replay::timelines(Worker& w, std::int64_t first, std::int64_t last) {
  store_.histories(first, last, w.histories);
  std::vector<ir::Timeline>& out = w.timelines;
  out.resize(w.histories.size());
  if (options_.backend == Backend::Interpreter || !compiled_) {
    ir::RunOptions run;
    run.calendar = options_.calendar;
    run.chains = &w.spares.chains;  // the interpreter's chains made once too, so findings word each once
    for (std::size_t k = 0; k < w.histories.size(); ++k) out[k] = ir::run(policy_, w.histories[k], run);
    return out;
  }
  store_.batch(first, last, w.batch);
  w.code = compiled_;
  if (w.compiled.size() < w.histories.size()) w.compiled.resize(w.histories.size(), clx_timeline{});
  std::int32_t status = compiled_->run_batch(&w.batch.view(), options_.calendar, w.compiled.data());
  if (status != CLX_OK)
    throw std::runtime_error(fmt::format("the compiled policy refused a block of entities (status {})", status));
  for (std::size_t k = 0; k < w.histories.size(); ++k) {
    codegen::to_timeline(policy_, w.histories[k], w.compiled[k], out[k], &w.spares);
    if (!out[k].ok()) explain_stop(w.histories[k], out[k]);
  }
  return out;
}

// Compiled code says only why a run stopped in general ("date outside 0001-01-01 ..
// 9999-12-31"); the reference interpreter, which defines the meaning, says what stopped it ("the
// listing would end outside the years 1 to 9999"). Runs stop rarely, so the interpreter replays
// those histories and its words replace the status: the report reads the same on every backend.
// If the interpreter did not stop (the backends disagree: a bug the differential tests exist to
// catch), the compiled code's own words are kept.
void Replay::explain_stop(const ir::History& h, ir::Timeline& t) const {
  ir::RunOptions run;
  run.calendar = options_.calendar;
  ir::Timeline reference = ir::run(policy_, h, run);
  if (!reference.ok()) t.errors = std::move(reference.errors);
}

// Findings, metrics and lines of one entity whose timeline is complete (own and reached items).
void Replay::finish(Worker& w, ChunkOut& out, std::int64_t entity, const ir::History& h, ir::Timeline& t) {
  ++out.entities;
  out.events += static_cast<std::int64_t>(h.events.size());
  if (!t.ok()) {
    ++out.errors;
    if (out.error_examples.size() < options_.error_examples) {
      const ir::RunError& e = t.errors.front();
      std::string where = e.event >= 0 ? store_.origin(entity, e.event) + ": " : std::string();
      out.error_examples.push_back(fmt::format("{}: {}{}", h.entity.id, where, e.reason));
    }
    // What a stopped run had produced before it stopped is left out, on every backend: compiled
    // code keeps nothing of it, and the rest of the history could have changed it.
    t.listings.clear();
    t.measures.clear();
    t.grades.clear();
    t.decisions.clear();
  }
  auto found = findings::compute(policy_, h, t, options_.findings, &w.citation_words);
  out.metrics.add(policy_, h, t, found, options_.findings);
  out.items += static_cast<std::int64_t>(t.listings.size() + t.measures.size() + t.grades.size());
  if (sinks_.timeline) timeline_lines(out.timeline, policy_, h, t, store_, entity);
  for (const auto& f : found) {
    auto k = static_cast<std::size_t>(f.kind);
    bool example = out.examples[k].size() < options_.examples_per_kind;
    if (sinks_.findings) {
      std::size_t at = out.findings.size();
      findings::finding_json(out.findings, policy_, h, f, &w.citation_words);
      if (example) out.examples[k].emplace_back(out.findings, at);
      out.findings += '\n';
    } else if (example) {
      out.examples[k].push_back(findings::finding_json(policy_, h, f, &w.citation_words));
    }
  }
  if (outcome_) out.outcomes.emplace_back(entity, outcome_of(policy_, t, options_.findings));
}

ChunkOut Replay::chunk_out() {
  ChunkOut out;
  out.timeline = buffers_.take();
  out.findings = buffers_.take();
  return out;
}

ChunkOut Replay::first_pass(Worker& w, std::int64_t chunk) {
  ChunkOut out = chunk_out();
  std::int64_t first = chunk * options_.chunk_entities;
  std::int64_t last = std::min(store_.entity_count(), first + options_.chunk_entities);
  std::vector<ir::Timeline>& ts = timelines(w, first, last);
  // A reachable entity is finished in the second pass; targets_ is sorted, so a cursor finds them.
  auto target = std::lower_bound(targets_.begin(), targets_.end(), first);
  for (std::size_t k = 0; k < ts.size(); ++k) {
    std::int64_t e = first + static_cast<std::int64_t>(k);
    if (target != targets_.end() && *target == e) {
      ++target;
      continue;
    }
    finish(w, out, e, w.histories[k], ts[k]);
  }
  return out;
}

// Each reachable entity's own timeline, then what reaches it: the timelines of the entities at
// the near end of its relations are computed again, in entity order, and of what each reaches
// only the intervals that end at this entity are kept, in ir::reach's order. The result is
// apply_reach's order (by source entity, then by the source's items), and nothing is kept between
// the passes: memory does not grow with the number of relations.
ChunkOut Replay::second_pass(Worker& w, std::size_t first, std::size_t last) {
  ChunkOut out = chunk_out();
  for (std::size_t i = first; i < last; ++i) {
    std::vector<ir::MeasureInterval> reached;
    const std::string_view id = store_.id(targets_[i]);
    for (std::size_t k = from_[i]; k < from_[i + 1]; ++k) {
      std::int64_t s = incoming_[k].second;
      const std::vector<ir::Timeline>& ts = timelines(w, s, s + 1);
      const ir::History& source = w.histories.front();
      ir::reach(policy_, source, ts.front(), [&](std::size_t span, ir::MeasureInterval&& x) {
        if (source.relations[span].other == id) reached.push_back(std::move(x));
      });
    }
    std::vector<ir::Timeline>& ts = timelines(w, targets_[i], targets_[i] + 1);
    ir::Timeline& t = ts.front();
    if (t.ok()) {
      out.reached += static_cast<std::int64_t>(reached.size());
      for (auto& x : reached) t.measures.push_back(std::move(x));
    }
    finish(w, out, targets_[i], w.histories.front(), t);
  }
  return out;
}

void Replay::commit(ChunkOut&& out, Result& result) {
  result.metrics.merge(out.metrics);
  if (sinks_.timeline) *sinks_.timeline << out.timeline;
  if (sinks_.findings) *sinks_.findings << out.findings;
  buffers_.give(std::move(out.timeline));
  buffers_.give(std::move(out.findings));
  for (std::size_t k = 0; k < kKinds; ++k)
    for (auto& line : out.examples[k])
      if (examples_[k].size() < options_.examples_per_kind) examples_[k].push_back(std::move(line));
  for (auto& [e, o] : out.outcomes) outcome_(e, o);
  result.entities += out.entities;
  result.events += out.events;
  result.timeline_items += out.items;
  result.entities_with_errors += out.errors;
  result.reached += out.reached;
  for (auto& x : out.error_examples)
    if (result.error_examples.size() < options_.error_examples) result.error_examples.push_back(std::move(x));
  done_ += out.entities;
  // The pages of the store read so far leave resident memory now and then (they stay in the page
  // cache): memory stays bounded by the chunks in flight, whatever the population's size.
  if (++chunks_since_release_ >= 16) {
    store_.release_pages();
    chunks_since_release_ = 0;
  }
  if (options_.progress) options_.progress(done_, store_.entity_count());
}


Result Replay::run() {
  auto started = std::chrono::steady_clock::now();
  Result result;
  unsigned threads = std::max(1u, options_.threads);
  std::vector<Worker> workers(threads);
  const std::int64_t n = store_.entity_count(), size = std::max<std::int64_t>(1, options_.chunk_entities);

  // Pass 1: every entity but the reachable ones.
  ordered_parallel<ChunkOut>(
      (n + size - 1) / size, threads, [&](unsigned w, std::int64_t c) { return first_pass(workers[w], c); },
      [&](std::int64_t, ChunkOut&& out) { commit(std::move(out), result); });

  // Pass 2: the reachable entities in entity order.
  auto m = static_cast<std::int64_t>(targets_.size());
  ordered_parallel<ChunkOut>(
      (m + size - 1) / size, threads,
      [&](unsigned w, std::int64_t c) {
        auto first = static_cast<std::size_t>(c * size), last = static_cast<std::size_t>(std::min(m, (c + 1) * size));
        return second_pass(workers[w], first, last);
      },
      [&](std::int64_t, ChunkOut&& out) { commit(std::move(out), result); });

  // By kind, then in entity order: the same list whatever the chunks were.
  for (auto& lines : examples_)
    for (auto& line : lines) result.examples.push_back(std::move(line));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace

Result run(const ir::Policy& policy, const codegen::CompiledPolicy* compiled, const store::Store& store, const Options& options,
           const Sinks& sinks, const std::function<void(std::int64_t, const Outcome&)>& outcome) {
  return Replay(policy, compiled, store, options, sinks, outcome).run();
}

}  // namespace credlex::replay
