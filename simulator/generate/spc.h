// The SPC profile: judgment debtors for the two SPC policies (policies/spc/judgment_defaulters_2017.clx
// and high_consumption_2015.clx). Natural persons and enterprises, each with one to four
// enforcement cases, and each case with the court's steps in order (notice, finding of
// non-performance, orders, payments by instalments, deletion grounds, applications). Debtor k
// depends only on (seed, k), so a sample is a prefix.
//
// Shared by the population writer (generate.h) and the engine benchmark (bench/population.h),
// which keeps the events in this compact form and lays them out for each engine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/interpret.h"

namespace credlex::generate::spc {

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
  std::uint8_t months = 0;      // extension_decided: the period the court chose (SPC 2017 Art 2 para 1)
  std::uint32_t case_at = 0;    // the case number: cases[case_at, case_at + case_len)
  std::int32_t case_len = 0;
  std::int32_t deadline = 0;    // notice
  std::int32_t share = 0;       // performed share in 1/10000 (10000 = 100%)
  std::int64_t amount = 0;      // CNY in 1/10000 (the IR's money units)
  std::int64_t seized = 0;      // CNY in 1/10000
  bool has(Flag f) const { return (flags & f) != 0; }
};

// When cases start: the notice of each case falls on from + [0, days). The benchmark's span is
// kBenchSpan; births move with `from` (adults mostly, a few minors at a finding).
struct Span {
  std::int32_t from = 0;
  std::int32_t days = 0;
};
Span bench_span();  // 2016-01-01, 3100 days

struct Debtor {
  bool person = true;         // NaturalPerson, else Enterprise
  std::int32_t birth = 0;     // persons' birth date (day number)
  std::vector<Event> events;  // both policies' events, by date, ties in order of the case's steps
};

// Debtor k of the seed's population; its case numbers are appended to `cases` (UTF-8, e.g.
// "(2019)京0105执1234号"), which the events' case_at point into.
void debtor(std::uint64_t seed, std::int64_t k, Span span, Debtor& out, std::string& cases);
// Only whether debtor k is a natural person (its first draw; cheap).
bool debtor_is_person(std::uint64_t seed, std::int64_t k);

// Where each event type and field lives in one lowered policy (looked up by name; throws
// std::runtime_error when the policy does not declare what the population holds).
class Layout {
 public:
  Layout(const ir::Policy& policy, Rules rules);
  const ir::Policy& policy() const { return p_; }
  Rules rules() const { return rules_; }
  std::int32_t type(Ev e) const { return types_[e]; }
  std::int32_t person_kind() const { return person_; }
  std::int32_t enterprise_kind() const { return enterprise_; }
  enum Field : std::uint8_t { Case, Deadline, Amount, Ground_, FullGuarantee_, Seized, LaterInOrder_, Able, Violence,
                              Acts, CreditorApplied_, LargeDebt_, Share, AssetsFound_, Leads, Reason, Lift, Period };
  const std::vector<Field>& fields(Ev e) const { return fields_[e]; }
  std::int32_t enum_of(Ev e, std::size_t slot) const { return enums_[e][slot]; }

 private:
  const ir::Policy& p_;
  Rules rules_;
  std::int32_t person_ = -1, enterprise_ = -1;
  std::int32_t types_[kEvents];
  std::vector<Field> fields_[kEvents];
  std::vector<std::int32_t> enums_[kEvents];
};

// One field of an event as the interpreter's value (case numbers from `cases`).
ir::Value field_value(std::string_view cases, const Event& e, Layout::Field f, std::int32_t enum_index);
// The event in the policy's terms (only for events in_policy(e.type, layout.rules())).
ir::Event to_event(const Layout& layout, std::string_view cases, const Event& e);

}  // namespace credlex::generate::spc
