// A population folder converted once into a binary, entity-sorted columnar cache that later runs
// memory-map (README.md in this folder: the design, the file format, the memory bound).
//
//   ingest(policy, dir, cache, options) → IngestReport   (the same acceptance and messages as
//                                                         population::read)
//   fresh(policy, dir, cache)           → may the cache be reused?
//   Store::open(cache, policy, error)   → histories(first, last) / batch(first, last)
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/codegen/abi.h"
#include "compiler/ir/interpret.h"
#include "compiler/ir/ir.h"
#include "simulator/population/population.h"

namespace credlex::store {

struct IngestOptions {
  bool skip_bad = false;                   // as population::ReadOptions::skip_bad
  std::size_t max_problems = 200;          // as population::ReadOptions::max_problems
  std::size_t memory_budget = 256u << 20;  // bytes of events sorted at once (one bucket)
};

struct IngestReport {
  std::vector<population::Problem> problems;  // population::to_string gives "file:line:column: reason"
  std::int64_t more_problems = 0, rows_skipped = 0;
  std::int64_t entities = 0, events = 0, relations = 0;  // written to the cache
  bool ok() const { return problems.empty() && more_problems == 0; }
};

// Reads the population folder `dir` for `policy` and writes `cache` atomically (a temporary file
// next to it, then a rename). Accepts exactly what population::read accepts, with the same
// problems. Without skip_bad any problem means no cache; with it the bad rows are left out and
// counted. A failed ingest leaves no cache (an older cache at that path is removed) and no
// temporary files; a cache that cannot be written is one more problem (on the cache's path).
IngestReport ingest(const ir::Policy& policy, const std::filesystem::path& dir, const std::filesystem::path& cache,
                    const IngestOptions& options = {});

// True when `cache` exists, is of this format version, was made from the same input files (names,
// sizes and modification times of entities.csv, relations.csv, events.jsonl and events/*) and for
// the same policy schema (kinds, attributes, relations, enums, event types and fields).
bool fresh(const ir::Policy& policy, const std::filesystem::path& dir, const std::filesystem::path& cache);

// The engine's input for a block of entities (compiler/codegen/abi.h clx_batch), in buffers that
// are reused from call to call. Text cells point into the store's map.
class Batch {
 public:
  const clx_batch& view() const { return view_; }

 private:
  friend class Store;
  clx_batch view_{};
  std::vector<std::int32_t> kinds_, attribute_counts_, dates_, types_, rows_;
  std::vector<clx_value> attributes_;
  std::vector<const clx_value*> attribute_ptrs_;
  std::vector<std::int64_t> offsets_;
  std::vector<std::vector<std::vector<clx_value>>> cells_;  // [type][slot][row]
  std::vector<std::vector<const clx_value*>> slot_ptrs_;    // [type][slot]
  std::vector<const clx_value* const*> type_ptrs_;          // [type]
  std::vector<std::int32_t> next_row_;                      // [type], while building
};

class Mapping;

// A cache file, memory-mapped read-only. open() checks the whole file once (bounds, offsets,
// kinds, types, text references), so no later call can read outside the map. Every read is const
// and touches no shared mutable state: safe from many threads at once.
class Store {
 public:
  struct Relation {
    std::int64_t from = 0, to = 0;  // entities
    std::int32_t relation = 0;      // ir::Policy::relations
    ir::Day since = 0;
    std::optional<ir::Day> until;   // [since, until)
  };

  // Null, with `error` in plain words, when the file is missing, damaged, truncated, of another
  // format version or made for another policy schema. `policy` must outlive the store.
  static std::unique_ptr<Store> open(const std::filesystem::path& cache, const ir::Policy& policy, std::string& error);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  std::int64_t entity_count() const;
  std::int64_t event_count() const;
  // The earliest and the latest event date of the whole population (nothing without events): one
  // pass over the date column, no history built.
  std::optional<std::pair<ir::Day, ir::Day>> event_dates() const;
  std::int64_t rows_skipped() const;  // rows left out by the ingest (skip_bad): not the whole input
  // Lets the pages read so far leave the process's resident memory (they stay in the page cache):
  // a replay that streams through the store calls it now and then, so its resident memory does not
  // grow with the population. Safe while other threads read.
  void release_pages() const;
  std::string_view id(std::int64_t entity) const;
  std::int32_t kind(std::int64_t entity) const;
  std::int64_t event_begin(std::int64_t entity) const;  // events of e: [event_begin(e), event_begin(e + 1))

  // Entities [first, last) (entities.csv order) as population::read gives them: attributes,
  // events by date (ties in input order), relations from each entity. `out` is replaced (its
  // histories are overwritten in place, keeping their memory).
  void histories(std::int64_t first, std::int64_t last, std::vector<ir::History>& out) const;
  // The same entities as one clx_batch, built in `out`'s buffers; valid until out is reused.
  void batch(std::int64_t first, std::int64_t last, Batch& out) const;

  const std::vector<Relation>& relations() const { return relations_; }  // grouped by `from`, input order within
  // Where the k-th event (in date order) of `entity` was read: "dir/events.jsonl:12".
  std::string origin(std::int64_t entity, std::int32_t event) const;

 private:
  Store() = default;
  bool check(const ir::Policy& policy, std::string& error);

  std::unique_ptr<Mapping> map_;
  const ir::Policy* policy_ = nullptr;
  struct View;  // typed pointers into the map
  std::unique_ptr<View> v_;
  std::vector<std::string> files_;
  std::vector<Relation> relations_;
};

}  // namespace credlex::store
