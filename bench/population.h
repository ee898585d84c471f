// A seeded, plausible population of judgment debtors for the two SPC policies
// (policies/spc/judgment_defaulters_2017.clx and high_consumption_2015.clx): natural persons and
// enterprises, each with one to four enforcement cases, and each case with the court's steps in
// order (notice, finding of non-performance, orders, payments by instalments, deletion grounds,
// applications). Entity k is the same for every population size (its generator is seeded by
// (seed, k)), so a sample is a prefix. The debtors come from the simulator's SPC profile
// (simulator/generate/spc.h: `spc::debtor` over 2016-01-01 + 3100 days), the same that
// `credlex gen-population` writes as population folders (there with bystanders at other indices).
//
// Three layouts of the same events:
//   Population          plain structs (entity offsets, one compact Event each), read by the
//                       hand-written C++ (handwritten.h)
//   to_history()        ir::History, for the reference interpreter
//   Batch               clx_batch struct-of-arrays with clx_value columns, for compiled code
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/codegen/abi.h"
#include "compiler/ir/interpret.h"
#include "simulator/generate/spc.h"

namespace credlex::bench {

// The debtors, their events and the policies' layout come from the simulator's SPC profile
// (simulator/generate/spc.h), which also writes them as population folders.
using generate::spc::Rules;
using generate::spc::Ev;
using generate::spc::Ground;
using generate::spc::EndReason;
using generate::spc::LiftReason;
using generate::spc::Flag;
using generate::spc::Event;
using generate::spc::Layout;
using generate::spc::event_name;
using generate::spc::in_policy;
using enum generate::spc::Ev;
using enum generate::spc::Ground;
using enum generate::spc::EndReason;
using enum generate::spc::LiftReason;
using enum generate::spc::Flag;

struct Population {
  Rules rules = Rules::Defaulters;
  std::vector<std::uint8_t> person;     // 1: NaturalPerson, 0: Enterprise
  std::vector<std::int32_t> birth;      // persons' birth dates (day numbers)
  std::vector<std::int64_t> offsets;    // entity e: events[offsets[e], offsets[e+1])
  std::vector<Event> events;            // by date within an entity, ties in order of the case's steps
  std::string cases;                    // case numbers, UTF-8, e.g. "(2019)京0105执1234号"
  std::int64_t size() const { return static_cast<std::int64_t>(person.size()); }
  std::string_view case_of(const Event& e) const { return {cases.data() + e.case_at, static_cast<std::size_t>(e.case_len)}; }
};

// `entities` entities with only the events `rules` declares.
Population generate(std::uint64_t seed, std::int64_t entities, Rules rules);

// One history of exactly `events` events of the policy (for single-decision latency): entity k
// of the seed's population with the most events, trimmed or repeated with later cases as needed.
Population one_entity(std::uint64_t seed, Rules rules, int events);

ir::History to_history(const Layout& layout, const Population& pop, std::int64_t entity);

// The whole population as one clx_batch (cells point into `pop`'s case numbers: pop must outlive it).
class Batch {
 public:
  Batch(const Layout& layout, const Population& pop);
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  // Entities [first, first + count) as a batch of their own (sharing the columns).
  clx_batch block(std::int64_t first, std::int32_t count) const;
  // One entity as a history (for P_run).
  clx_history history(std::int64_t entity) const;
  std::size_t bytes() const { return bytes_; }

 private:
  std::vector<std::int32_t> kinds_, attribute_counts_, dates_, types_, rows_;
  std::vector<clx_value> births_;
  std::vector<const clx_value*> attributes_;
  std::vector<std::int64_t> offsets_;
  std::vector<std::vector<std::vector<clx_value>>> cells_;  // [type][slot][row]
  std::vector<std::vector<const clx_value*>> slots_;
  std::vector<const clx_value* const*> columns_;
  std::size_t bytes_ = 0;
};

}  // namespace credlex::bench
