// A seeded, plausible population of judgment debtors for the two SPC policies
// (policies/spc/judgment_defaulters_2017.clx and high_consumption_2015.clx): natural persons and
// enterprises, each with one to four enforcement cases, and each case with the court's steps in
// order (notice, finding of non-performance, orders, payments by instalments, deletion grounds,
// applications). Entity k is the same for every population size (its generator is seeded by
// (seed, k)), so a sample is a prefix.
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

namespace credlex::bench {

enum class Rules : std::uint8_t { Defaulters, Consumption };  // judgment_defaulters_2017, high_consumption_2015

// The events of both policies (those with the same name are the same event).
enum Ev : std::uint8_t {
  Notice, Judgment, Performed, Settlement, CreditorDeletion, RoundTerminated, AssetSearch, EnforcementEnded,
  Correction, ExtensionDecided, MisconductCorrected, EarlyDeletionApplied, ExitOrdered,  // judgment defaulters
  RestrictionApplied, OrderIssued, DefaulterListed, DefaulterDelisted, OrderLifted,      // high consumption
  kEvents
};
const char* event_name(Ev e);
bool in_policy(Ev e, Rules r);

// Choices, in the order of the policies' enums.
enum Ground : std::uint8_t { AbleButRefuses, Obstructs, Evades, BreachesReporting, BreachesConsumption, RefusesSettlement };
enum EndReason : std::uint8_t { SuspendedRetrialBankruptcy, SuspendedOther, NotEnforced, Terminated };
enum LiftReason : std::uint8_t { GuaranteeProvided, CreditorConsent };

// Bool fields.
enum Flag : std::uint8_t {
  FullGuarantee = 1, LaterInOrder = 2, AbleToPerform = 4, ViolenceSerious = 8, CreditorApplied = 16, LargeDebt = 32,
  AssetsFound = 64, LeadsProvided = 128
};

struct Event {
  std::int32_t date = 0;
  Ev type = Notice;
  std::uint8_t choice = 0;  // ground, end reason or lifting reason
  std::uint8_t flags = 0;
  std::uint8_t acts = 0;
  std::uint32_t case_at = 0;    // the case number: Population::cases[case_at, case_at + case_len)
  std::int32_t case_len = 0;
  std::int32_t deadline = 0;    // notice
  std::int32_t share = 0;       // performed share in 1/10000 (10000 = 100%)
  std::int64_t amount = 0;      // CNY in 1/10000 (the IR's money units)
  std::int64_t seized = 0;      // CNY in 1/10000
  bool has(Flag f) const { return (flags & f) != 0; }
};

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

// Where each event type and field lives in one lowered policy (looked up by name; throws
// std::runtime_error when the policy does not declare what the population holds).
class Layout {
 public:
  Layout(const ir::Policy& policy, Rules rules);
  const ir::Policy& policy() const { return p_; }
  std::int32_t type(Ev e) const { return types_[e]; }
  std::int32_t person_kind() const { return person_; }
  std::int32_t enterprise_kind() const { return enterprise_; }
  enum Field : std::uint8_t { Case, Deadline, Amount, Ground_, FullGuarantee_, Seized, LaterInOrder_, Able, Violence,
                              Acts, CreditorApplied_, LargeDebt_, Share, AssetsFound_, Leads, Reason, Lift };
  const std::vector<Field>& fields(Ev e) const { return fields_[e]; }
  std::int32_t enum_of(Ev e, std::size_t slot) const { return enums_[e][slot]; }

 private:
  const ir::Policy& p_;
  std::int32_t person_ = -1, enterprise_ = -1;
  std::int32_t types_[kEvents];
  std::vector<Field> fields_[kEvents];
  std::vector<std::int32_t> enums_[kEvents];
};

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
